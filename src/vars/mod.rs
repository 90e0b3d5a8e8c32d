//! Variable values: the standard variables, typed parsing, validation, and the names derived
//! from `project_name` (directory, import package, distribution).
//!
//! Derived values are computed here, never in templates, so that every template gets the same
//! rules: a package name is ASCII, lowercase, an identifier, not a keyword and does not shadow a
//! standard-library module or a popular third-party package its project is likely to import.

use crate::error::{Error, Result};
use crate::manifest::{Localized, Manifest, VarSpec, VarType};
pub use crate::manifest::{STANDARD, compile_regex, is_identifier};
pub use names::{Derived, derive_package, dir_name, dist_name, validate_package};

mod names;
use crate::messages::{Msg, Text, generate as t};
use indexmap::IndexMap;

/// Longest `project_name` accepted, in characters.
pub const MAX_PROJECT_NAME: usize = 64;
/// A typed variable value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    Str(String),
    Bool(bool),
    Int(i64),
}

impl Value {
    /// Converts a TOML value (manifest default or answers file) to the variable's type.
    pub fn from_toml(name: &str, spec: &VarSpec, v: &toml::Value) -> Result<Value> {
        match (spec.kind, v) {
            (VarType::Bool, toml::Value::Boolean(b)) => Ok(Value::Bool(*b)),
            (VarType::Int, toml::Value::Integer(i)) => check_int(name, spec, *i),
            (_, toml::Value::String(s)) => Value::parse(name, spec, s),
            _ => Err(Error::new(t::VAR_WRONG_TYPE.m(&[
                ("name", &name),
                ("kind", &spec.kind.as_str()),
                ("value", v),
            ]))
            .hint(type_hint(name, spec))),
        }
    }

    /// Parses text (from `--set` or a prompt) as the variable's type and checks it.
    pub fn parse(name: &str, spec: &VarSpec, text: &str) -> Result<Value> {
        match spec.kind {
            VarType::String => {
                if let Some(re) = &spec.regex {
                    let compiled = compile_regex(re).map_err(Error::new)?;
                    if !compiled.is_match(text) {
                        return Err(Error::new(t::VAR_NO_MATCH.m(&[
                            ("name", &name),
                            ("regex", re),
                            ("value", &text),
                        ]))
                        .hint(t::VAR_NO_MATCH_HINT.m(&[("name", &name), ("regex", re)])));
                    }
                }
                Ok(Value::Str(text.to_string()))
            }
            VarType::Bool => match text.trim().to_ascii_lowercase().as_str() {
                "true" | "yes" | "y" | "1" | "on" => Ok(Value::Bool(true)),
                "false" | "no" | "n" | "0" | "off" => Ok(Value::Bool(false)),
                _ => Err(
                    Error::new(t::VAR_NOT_BOOL.m(&[("name", &name), ("value", &text)]))
                        .hint(type_hint(name, spec)),
                ),
            },
            VarType::Int => {
                let i: i64 = text.trim().parse().map_err(|_| {
                    Error::new(t::VAR_NOT_INT.m(&[("name", &name), ("value", &text)]))
                        .hint(type_hint(name, spec))
                })?;
                check_int(name, spec, i)
            }
            VarType::Choice => {
                if spec.choices.iter().any(|c| c == text) {
                    Ok(Value::Str(text.to_string()))
                } else {
                    Err(Error::new(t::VAR_NOT_CHOICE.m(&[
                        ("name", &name),
                        ("choices", &spec.choices.join(", ")),
                        ("value", &text),
                    ]))
                    .hint(type_hint(name, spec)))
                }
            }
        }
    }

    pub fn to_toml(&self) -> toml::Value {
        match self {
            Value::Str(s) => toml::Value::String(s.clone()),
            Value::Bool(b) => toml::Value::Boolean(*b),
            Value::Int(i) => toml::Value::Integer(*i),
        }
    }

    pub fn to_json(&self) -> serde_json::Value {
        match self {
            Value::Str(s) => serde_json::Value::String(s.clone()),
            Value::Bool(b) => serde_json::Value::Bool(*b),
            Value::Int(i) => serde_json::Value::from(*i),
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }

    /// The value as a user would type it.
    pub fn display(&self) -> String {
        match self {
            Value::Str(s) => s.clone(),
            Value::Bool(b) => b.to_string(),
            Value::Int(i) => i.to_string(),
        }
    }
}

fn check_int(name: &str, spec: &VarSpec, i: i64) -> Result<Value> {
    let low = spec.min.is_some_and(|m| i < m);
    let high = spec.max.is_some_and(|m| i > m);
    if low || high {
        return Err(
            Error::new(t::VAR_OUT_OF_RANGE.m(&[("name", &name), ("value", &i)]))
                .hint(type_hint(name, spec)),
        );
    }
    Ok(Value::Int(i))
}

fn type_hint(name: &str, spec: &VarSpec) -> Msg {
    match spec.kind {
        VarType::Bool => t::VAR_HINT_BOOL.m(&[("name", &name)]),
        VarType::Choice => {
            t::VAR_HINT_CHOICE.m(&[("name", &name), ("choices", &spec.choices.join("|"))])
        }
        VarType::Int => match (spec.min, spec.max) {
            (Some(lo), Some(hi)) => {
                t::VAR_HINT_INT_RANGE.m(&[("name", &name), ("min", &lo), ("max", &hi)])
            }
            (Some(lo), None) => t::VAR_HINT_INT_MIN.m(&[("name", &name), ("min", &lo)]),
            (None, Some(hi)) => t::VAR_HINT_INT_MAX.m(&[("name", &name), ("max", &hi)]),
            (None, None) => t::VAR_HINT_INT.m(&[("name", &name)]),
        },
        VarType::String => t::VAR_HINT_STRING.m(&[("name", &name)]),
    }
}

/// One variable as the user sees it: name, type and constraints, prompt text.
#[derive(Debug, Clone)]
pub struct VarDef {
    pub name: String,
    pub spec: VarSpec,
    /// True for the standard variables.
    pub standard: bool,
    /// A default in each language, picked by the `lang` answered before it.
    pub default_by_lang: Option<Localized>,
}

impl VarDef {
    pub fn prompt(&self, lang: &str) -> String {
        self.spec
            .prompt
            .as_ref()
            .map(|p| p.get(lang).to_string())
            .unwrap_or_else(|| self.name.clone())
    }
}

/// Defaults that come from the user's environment (git config, `LANG`), gathered by settings.
#[derive(Debug, Clone)]
pub struct EnvDefaults {
    pub lang: String,
    pub author: Option<String>,
    pub email: Option<String>,
}

fn loc(text: &Text) -> Option<Localized> {
    Some(Localized {
        zh: text.zh.into(),
        en: text.en.into(),
    })
}

fn string_spec(default: Option<String>, prompt: Option<Localized>) -> VarSpec {
    VarSpec {
        kind: VarType::String,
        default: default.map(toml::Value::String),
        prompt,
        choices: Vec::new(),
        regex: None,
        min: None,
        max: None,
    }
}

/// All variables of a template, standard ones included, in prompt order.
pub fn definitions(manifest: &Manifest, env: &EnvDefaults) -> Vec<VarDef> {
    let std_def = |name: &str, spec: VarSpec| VarDef {
        name: name.into(),
        spec,
        standard: true,
        default_by_lang: None,
    };
    let mut defs = vec![
        std_def(
            "project_name",
            string_spec(
                Some(manifest.name.clone()),
                loc(&t::VAR_PROMPT_PROJECT_NAME),
            ),
        ),
        // The package default is derived from project_name at resolve time.
        std_def("package", string_spec(None, loc(&t::VAR_PROMPT_PACKAGE))),
        std_def(
            "author",
            string_spec(
                Some(env.author.clone().unwrap_or_else(|| "Your Name".into())),
                loc(&t::VAR_PROMPT_AUTHOR),
            ),
        ),
        std_def(
            "email",
            string_spec(
                Some(
                    env.email
                        .clone()
                        .unwrap_or_else(|| "you@example.com".into()),
                ),
                loc(&t::VAR_PROMPT_EMAIL),
            ),
        ),
        std_def(
            "lang",
            VarSpec {
                kind: VarType::Choice,
                default: Some(toml::Value::String(env.lang.clone())),
                prompt: loc(&t::VAR_PROMPT_LANG),
                choices: vec!["zh".into(), "en".into()],
                regex: None,
                min: None,
                max: None,
            },
        ),
        VarDef {
            default_by_lang: Some(manifest.summary.clone()),
            ..std_def(
                "description",
                string_spec(
                    Some(manifest.summary.get(&env.lang).to_string()),
                    loc(&t::VAR_PROMPT_DESCRIPTION),
                ),
            )
        },
    ];
    defs.extend(manifest.variables.iter().map(|(name, spec)| VarDef {
        name: name.clone(),
        spec: spec.clone(),
        standard: false,
        default_by_lang: None,
    }));
    defs.push(std_def(
        "with_concepts",
        VarSpec {
            kind: VarType::Bool,
            default: Some(toml::Value::Boolean(true)),
            prompt: loc(&t::VAR_PROMPT_WITH_CONCEPTS),
            choices: Vec::new(),
            regex: None,
            min: None,
            max: None,
        },
    ));
    defs
}

/// A value given before resolution: typed (answers file) or text (`--set`).
#[derive(Debug, Clone)]
pub enum Given {
    Toml(toml::Value),
    Text(String),
}

/// Asks the user for a value; the prompts module implements it on a terminal.
pub trait Ask {
    /// `check` parses and validates what the user typed; implementations ask again on error.
    fn ask(
        &mut self,
        def: &VarDef,
        default: Option<&Value>,
        check: &dyn Fn(&str) -> Result<Value>,
    ) -> Result<Value>;
}

/// The resolved answers, in definition order, and notes about repairs made.
#[derive(Debug, Clone, Default)]
pub struct Answers {
    pub values: IndexMap<String, Value>,
    pub notes: Vec<Note>,
}

/// A note about a repair: in the interface language to print, and in English for JSON output
/// (whose values do not depend on the language).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    pub text: String,
    pub en: String,
}

impl Note {
    /// `text` with `args` filled in, in both languages.
    fn new(text: &Text, args: &[(&str, &str)]) -> Self {
        Note {
            text: text.fill(crate::messages::lang(), args),
            en: text.fill("en", args),
        }
    }
}

impl Answers {
    pub fn get_str(&self, name: &str) -> &str {
        self.values.get(name).and_then(Value::as_str).unwrap_or("")
    }

    pub fn get_bool(&self, name: &str) -> bool {
        matches!(self.values.get(name), Some(Value::Bool(true)))
    }

    pub fn project_name(&self) -> &str {
        self.get_str("project_name")
    }

    pub fn package(&self) -> &str {
        self.get_str("package")
    }

    pub fn lang(&self) -> &str {
        self.get_str("lang")
    }
}

/// Resolves every variable: given values first, then the prompt (when `ask` is set), then the
/// default. A variable with no value and no default is an error naming `--set NAME=…`.
pub fn resolve(
    defs: &[VarDef],
    mut given: IndexMap<String, Given>,
    mut ask: Option<&mut dyn Ask>,
) -> Result<Answers> {
    if let Some(unknown) = given.keys().find(|k| !defs.iter().any(|d| &d.name == *k)) {
        let known: Vec<_> = defs.iter().map(|d| d.name.as_str()).collect();
        return Err(
            match crate::messages::closest(unknown, known.iter().copied()) {
                Some(n) => Error::new(t::VAR_UNKNOWN.m(&[("name", unknown)]))
                    .hint(t::VAR_UNKNOWN_DID_YOU_MEAN.m(&[("name", &n)])),
                None => Error::new(
                    t::VAR_UNKNOWN_LISTED.m(&[("name", unknown), ("names", &known.join(", "))]),
                )
                .hint(&t::VAR_UNKNOWN_HINT),
            },
        );
    }
    let mut answers = Answers::default();
    for def in defs {
        let name = def.name.as_str();
        let check = |text: &str| check_value(def, Value::parse(name, &def.spec, text)?);
        let value = match given.shift_remove(name) {
            Some(Given::Text(t)) => check(&t)?,
            Some(Given::Toml(v)) => check_value(def, Value::from_toml(name, &def.spec, &v)?)?,
            None => {
                let (default, notes) = default_for(def, &answers)?;
                match ask.as_deref_mut() {
                    Some(a) => a.ask(def, default.as_ref(), &check)?,
                    None => {
                        let value = default.ok_or_else(|| {
                            Error::new(t::VAR_NO_VALUE.m(&[("name", &name)]))
                                .hint(t::VAR_NO_VALUE_HINT.m(&[("name", &name)]))
                        })?;
                        // A default passes the checks a given value does: whatever reaches
                        // `.pystart.toml` can be given again.
                        let value = check_value(def, value)?;
                        // Repairs made while deriving a default are worth telling.
                        answers.notes.extend(notes);
                        value
                    }
                }
            }
        };
        answers.values.insert(name.to_string(), value);
    }
    Ok(answers)
}

/// The default of a variable, with notes on any repair made while deriving it.
fn default_for(def: &VarDef, sofar: &Answers) -> Result<(Option<Value>, Vec<Note>)> {
    if def.name == "package" {
        let derived = derive_package(sofar.project_name())?;
        return Ok((Some(Value::Str(derived.package)), derived.notes));
    }
    if let Some(by_lang) = &def.default_by_lang {
        return Ok((
            Some(Value::Str(by_lang.get(sofar.lang()).to_string())),
            Vec::new(),
        ));
    }
    let value = def
        .spec
        .default
        .as_ref()
        .map(|d| Value::from_toml(&def.name, &def.spec, d))
        .transpose()?;
    Ok((value, Vec::new()))
}

/// Checks a typed value against the rules of the standard variables.
fn check_value(def: &VarDef, value: Value) -> Result<Value> {
    if !def.standard {
        return Ok(value);
    }
    let text = value.as_str().unwrap_or_default();
    match def.name.as_str() {
        "project_name" => validate_project_name(text)?,
        "package" => validate_package(text)?,
        "author" => validate_author(text)?,
        "email" => validate_email(text)?,
        "description" => validate_text("description", text, 500)?,
        _ => {}
    }
    Ok(value)
}

pub fn validate_project_name(name: &str) -> Result<()> {
    let hint_example = &t::VAR_PROJECT_NAME_HINT;
    let field = "project_name";
    if name.trim().is_empty() {
        return Err(Error::new(t::VAR_EMPTY.m(&[("name", &field)])).hint(hint_example));
    }
    if name.chars().count() > MAX_PROJECT_NAME {
        return Err(Error::new(t::VAR_TOO_LONG.m(&[
            ("name", &field),
            ("count", &name.chars().count()),
            ("max", &MAX_PROJECT_NAME),
        ]))
        .hint(hint_example));
    }
    if name.contains('/') || name.contains('\\') {
        return Err(
            Error::new(t::VAR_PROJECT_NAME_SEPARATOR.m(&[("value", &name)]))
                .hint(&t::VAR_PROJECT_NAME_SEPARATOR_HINT),
        );
    }
    if name.starts_with('.') {
        return Err(Error::new(t::VAR_PROJECT_NAME_DOT.m(&[("value", &name)])).hint(hint_example));
    }
    if name.chars().any(char::is_control) {
        return Err(Error::new(&t::VAR_PROJECT_NAME_CONTROL).hint(hint_example));
    }
    if name != name.trim() {
        return Err(Error::new(t::VAR_PROJECT_NAME_SPACE.m(&[("value", &name)]))
            .hint(t::VAR_USE_TRIMMED.m(&[("value", &name.trim())])));
    }
    Ok(())
}

fn validate_text(field: &str, text: &str, max: usize) -> Result<()> {
    if text.chars().count() > max {
        return Err(Error::new(t::VAR_TOO_LONG.m(&[
            ("name", &field),
            ("count", &text.chars().count()),
            ("max", &max),
        ]))
        .hint(t::VAR_TOO_LONG_HINT.m(&[("name", &field)])));
    }
    if text
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\t')
    {
        return Err(Error::new(t::VAR_CONTROL.m(&[("name", &field)]))
            .hint(t::VAR_CONTROL_HINT.m(&[("name", &field)])));
    }
    Ok(())
}

/// A default for `author` or `email` from the user's environment (a variable, the
/// configuration file, git config), checked like a `--set` value. A name is repaired where
/// `batch` repairs one: commas and control characters become spaces (packaging metadata would
/// split the name at a comma). Returns the value to use, or why there is none.
pub fn usable_default(name: &str, value: &str) -> std::result::Result<String, String> {
    let value = match name {
        "author" => {
            let spaced: String = value
                .chars()
                .map(|c| {
                    if c == ',' || c == '，' || c.is_control() {
                        ' '
                    } else {
                        c
                    }
                })
                .collect();
            spaced.split_whitespace().collect::<Vec<_>>().join(" ")
        }
        _ => value.trim().to_string(),
    };
    let checked = match name {
        "author" => validate_author(&value),
        "email" => validate_email(&value),
        _ => Ok(()),
    };
    checked.map(|()| value).map_err(|e| e.message().to_string())
}

fn validate_author(author: &str) -> Result<()> {
    validate_text("author", author, 200)?;
    if author.trim().is_empty() {
        return Err(Error::new(t::VAR_EMPTY.m(&[("name", &"author")])).hint(&t::VAR_AUTHOR_HINT));
    }
    if author.contains('\n') || author.contains('\t') {
        return Err(Error::new(&t::VAR_AUTHOR_ONE_LINE).hint(&t::VAR_AUTHOR_HINT));
    }
    // Packaging metadata writes `Name <email>`: a comma would split one author into two.
    if author.contains(',') {
        return Err(Error::new(t::VAR_AUTHOR_COMMA.m(&[("value", &author)]))
            .hint(&t::VAR_AUTHOR_COMMA_HINT));
    }
    Ok(())
}

fn validate_email(email: &str) -> Result<()> {
    let ok = email.split_once('@').is_some_and(|(user, host)| {
        !user.is_empty()
            && host.contains('.')
            && !host.starts_with('.')
            && !host.ends_with('.')
            && !email
                .chars()
                .any(|c| c.is_whitespace() || c.is_control() || "<>,;\"()[]\\".contains(c))
            && email.matches('@').count() == 1
    });
    if ok {
        Ok(())
    } else {
        Err(Error::new(t::VAR_EMAIL_INVALID.m(&[("value", &email)])).hint(&t::VAR_EMAIL_HINT))
    }
}

/// The values a manifest states (defaults, variants' answers) against its variables' specs:
/// checked after [`Manifest::parse`], which owns the specs but not the values' rules.
pub fn check_values(manifest: &Manifest, file: &str) -> Result<()> {
    let bad = |problem: Msg| crate::manifest::invalid(file, problem);
    for (name, spec) in &manifest.variables {
        if let Some(default) = &spec.default {
            Value::from_toml(name, spec, default).map_err(|e| {
                bad(t::MANIFEST_DEFAULT
                    .m(&[("name", name)])
                    .with("err", e.msg().clone()))
            })?;
        }
    }
    for variant in &manifest.variants {
        for (key, value) in &variant.set {
            if let Some(spec) = manifest.variables.get(key) {
                Value::from_toml(key, spec, value).map_err(|e| {
                    bad(t::MANIFEST_VARIANT_VALUE
                        .m(&[("name", &variant.name)])
                        .with("err", e.msg().clone()))
                })?;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests;
