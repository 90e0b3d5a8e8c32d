//! `template.toml`: the typed manifest of a template.
//!
//! Unknown keys are rejected (`deny_unknown_fields`) so that a typo in a manifest is an error
//! naming the file and the key, not a silently ignored setting.

use crate::error::{Error, Result};
use crate::messages::{Msg, generate as t};
use indexmap::IndexMap;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    pub name: String,
    pub category: Category,
    pub summary: Localized,
    /// The `requires-python` specifier the generated project declares.
    pub python: String,
    /// The command that runs the generated project's tests, from its root, inside its venv.
    pub test: Vec<String>,
    /// The command that runs the offline demo (may contain `{{package}}`).
    #[serde(default)]
    pub demo: Vec<String>,
    /// About how many MB the project's environment takes with its `dev` extra (shown when
    /// choosing a template).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub size_mb: Option<u32>,
    /// Template variables beyond the standard ones, in prompt order.
    #[serde(default)]
    pub variables: IndexMap<String, VarSpec>,
    #[serde(default)]
    pub files: FilesSection,
    /// Files copied byte for byte from pystart's `templates/_shared/` (never rendered), after
    /// the template's own files.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub shared: Vec<SharedFile>,
    /// Answer sets that `verify` renders and tests besides the defaults.
    #[serde(default)]
    pub variants: Vec<Variant>,
    /// Points per test for `pystart grade` and the grading workflow of batch repositories.
    #[serde(default)]
    pub grading: Grading,
}

/// How `pystart grade` scores a batch of this template.
///
/// Points per test: `points` maps globs over test ids (`tests/test_x.py::test_name`, `*` for
/// any text) to points, first match wins; other tests are worth `default_points`.
///
/// `student` lists the paths students own (globs over project paths, `**` for any depth):
/// only these are taken from a submission; every other file is the teacher's and is restored
/// from the template before grading. `hidden` lists files that never reach students (`batch`
/// and `strip` leave them out) and that `grade` adds back.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Grading {
    #[serde(default = "one_point")]
    pub default_points: u32,
    #[serde(default)]
    pub points: IndexMap<String, u32>,
    #[serde(default = "student_paths")]
    pub student: Vec<String>,
    #[serde(default)]
    pub hidden: Vec<String>,
}

fn one_point() -> u32 {
    1
}

fn student_paths() -> Vec<String> {
    vec!["src/**".into()]
}

impl Default for Grading {
    fn default() -> Self {
        Grading {
            default_points: 1,
            points: IndexMap::new(),
            student: student_paths(),
            hidden: Vec::new(),
        }
    }
}

/// A set of path globs (`**` crosses directories, `*` does not).
#[derive(Debug, Clone)]
pub struct PathGlobs(globset::GlobSet);

impl PathGlobs {
    /// The globs, or an error naming the bad one and the manifest key it came from.
    pub fn new(globs: &[String], key: &str) -> Result<Self> {
        let mut set = globset::GlobSetBuilder::new();
        for g in globs {
            let glob = globset::GlobBuilder::new(g)
                .literal_separator(true)
                .build()
                .map_err(|e| {
                    Error::new(t::MANIFEST_BAD_PATH_GLOB.m(&[
                        ("key", &key),
                        ("glob", &g),
                        ("err", &e.kind()),
                    ]))
                })?;
            set.add(glob);
        }
        set.build().map(PathGlobs).map_err(|e| {
            Error::new(t::MANIFEST_BAD_PATH_GLOB.m(&[("key", &key), ("glob", &""), ("err", &e)]))
        })
    }

    pub fn matches(&self, path: &str) -> bool {
        self.0.is_match(path)
    }
}

impl Grading {
    /// The paths students own.
    pub fn student_paths(&self) -> Result<PathGlobs> {
        PathGlobs::new(&self.student, "grading.student")
    }

    /// The files students never see.
    pub fn hidden_paths(&self) -> Result<PathGlobs> {
        PathGlobs::new(&self.hidden, "grading.hidden")
    }
}

impl Grading {
    /// The points of a test id.
    pub fn points_for(&self, test_id: &str) -> u32 {
        self.points
            .iter()
            .find(|(pattern, _)| glob_match(pattern, test_id))
            .map_or(self.default_points, |(_, p)| *p)
    }
}

/// `*` matches any run of characters (`/` and `::` included); everything else literally.
pub fn glob_match(pattern: &str, text: &str) -> bool {
    let parts: Vec<&str> = pattern.split('*').collect();
    if parts.len() == 1 {
        return pattern == text;
    }
    let (first, last) = (parts[0], parts[parts.len() - 1]);
    if !text.starts_with(first) || text.len() < first.len() + last.len() || !text.ends_with(last) {
        return false;
    }
    let mut rest = &text[first.len()..text.len() - last.len()];
    for part in &parts[1..parts.len() - 1] {
        match rest.find(part) {
            Some(i) => rest = &rest[i + part.len()..],
            None => return false,
        }
    }
    true
}

/// A named answer set worth testing, e.g. `server = "tornado"` or `with_concepts = false`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Variant {
    pub name: String,
    /// Values that differ from the defaults (any variable, standard ones included).
    #[serde(default)]
    pub set: IndexMap<String, toml::Value>,
    /// `uv`: `verify` installs and runs this variant the way a uv user does (`uv sync`, then
    /// the test and demo commands through `uv run`) instead of with venv and pip.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub runner: Option<Runner>,
}

/// How `verify` installs and runs a variant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Runner {
    Uv,
}

/// The name of the answer set made only of defaults.
pub const DEFAULT_VARIANT: &str = "default";

/// The name of the defaults with solutions stripped (`pystart strip`), which `verify` adds for
/// every template with solution markers.
pub const STUDENT_VARIANT: &str = "student";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Category {
    Data,
    Ml,
    Web,
    Crawler,
    Concepts,
}

impl Category {
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Data => "data",
            Category::Ml => "ml",
            Category::Web => "web",
            Category::Crawler => "crawler",
            Category::Concepts => "concepts",
        }
    }
}

/// A text in Chinese and English.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Localized {
    pub zh: String,
    pub en: String,
}

impl Localized {
    pub fn get(&self, lang: &str) -> &str {
        if lang == "zh" { &self.zh } else { &self.en }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum VarType {
    String,
    Bool,
    Choice,
    Int,
}

impl VarType {
    pub fn as_str(self) -> &'static str {
        match self {
            VarType::String => "string",
            VarType::Bool => "bool",
            VarType::Choice => "choice",
            VarType::Int => "int",
        }
    }
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct VarSpec {
    #[serde(rename = "type")]
    pub kind: VarType,
    /// No default makes the variable required: off a terminal it must come from `--set` or an
    /// answers file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<toml::Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prompt: Option<Localized>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub choices: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub regex: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<i64>,
}

/// One entry of `shared`: `{ from = "python/i18n.py", to = "src/{{package}}/i18n.py" }`.
///
/// `from` names a file below pystart's embedded `templates/_shared/`, for every template,
/// whether embedded, from a folder or from a git repository: names resolve there only, never
/// on disk, so a template cannot read outside its own folder through them. `to` is the output
/// path; its segments may contain variables, as file names under `files/` do.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct SharedFile {
    pub from: String,
    pub to: String,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct FilesSection {
    /// Files kept only when a condition holds.
    #[serde(default)]
    pub when: Vec<When>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct When {
    /// A Tera expression over the variables, e.g. `with_notebook` or `server == "flask"`.
    #[serde(rename = "if")]
    pub condition: String,
    /// Globs over output paths (after rendering), e.g. `notebooks/**`.
    pub paths: Vec<String>,
}

impl Manifest {
    /// Parses and checks a manifest; `file` names it in errors.
    pub fn parse(text: &str, file: &str) -> Result<Self> {
        let manifest: Manifest = toml::from_str(text).map_err(|e| {
            Error::new(
                t::MANIFEST_INVALID.m(&[("problem", &e.message().trim_end()), ("file", &file)]),
            )
            .hint(match e.span() {
                Some(span) => t::MANIFEST_SEE_LINE.m(&[
                    ("line", &(text[..span.start].matches('\n').count() + 1)),
                    ("file", &file),
                ]),
                None => t::MANIFEST_CHECK_README.m(&[("file", &file)]),
            })
        })?;
        manifest.check(file)?;
        Ok(manifest)
    }

    fn check(&self, file: &str) -> Result<()> {
        let bad = |problem: Msg| invalid(file, problem);
        if self.test.is_empty() {
            return Err(bad((&t::MANIFEST_NO_TEST).into()));
        }
        for (name, spec) in &self.variables {
            if STANDARD.contains(&name.as_str()) {
                return Err(bad(t::MANIFEST_STANDARD_VAR.m(&[("name", name)])));
            }
            if !is_identifier(name) {
                return Err(bad(t::MANIFEST_VAR_NOT_IDENTIFIER.m(&[("name", name)])));
            }
            if spec.kind == VarType::Choice && spec.choices.is_empty() {
                return Err(bad(t::MANIFEST_NO_CHOICES.m(&[("name", name)])));
            }
            if spec.kind != VarType::Choice && !spec.choices.is_empty() {
                return Err(bad(t::MANIFEST_CHOICES_NOT_CHOICE
                    .m(&[("kind", &spec.kind.as_str()), ("name", name)])));
            }
            if let Some(re) = &spec.regex {
                regex_lite_check(re)
                    .map_err(|e| bad(t::MANIFEST_REGEX.m(&[("name", name)]).with("err", e)))?;
            }
        }
        self.grading
            .student_paths()
            .map_err(|e| bad(e.msg().clone()))?;
        self.grading
            .hidden_paths()
            .map_err(|e| bad(e.msg().clone()))?;
        if self.grading.student.is_empty() {
            return Err(bad((&t::MANIFEST_NO_STUDENT_PATHS).into()));
        }
        let mut seen = vec![DEFAULT_VARIANT, STUDENT_VARIANT];
        for v in &self.variants {
            let valid = !v.name.is_empty()
                && v.name.len() <= 40
                && v.name.bytes().all(|b| {
                    b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_'
                });
            if !valid {
                return Err(bad(t::MANIFEST_VARIANT_NAME.m(&[("name", &v.name)])));
            }
            if seen.contains(&v.name.as_str()) {
                return Err(bad(t::MANIFEST_VARIANT_TWICE.m(&[("name", &v.name)])));
            }
            seen.push(&v.name);
            if v.set.is_empty() && v.runner.is_none() {
                return Err(bad(t::MANIFEST_VARIANT_EMPTY.m(&[("name", &v.name)])));
            }
            // The values themselves are checked against the specs by `vars::check_values`.
            for key in v.set.keys() {
                if !self.variables.contains_key(key) && !STANDARD.contains(&key.as_str()) {
                    return Err(bad(
                        t::MANIFEST_VARIANT_UNKNOWN.m(&[("name", &v.name), ("key", key)])
                    ));
                }
            }
        }
        for when in &self.files.when {
            for p in &when.paths {
                globset::Glob::new(p)
                    .map_err(|e| bad(t::MANIFEST_BAD_GLOB.m(&[("err", &e), ("path", p)])))?;
            }
        }
        let mut targets = std::collections::HashSet::new();
        for entry in &self.shared {
            for (key, path) in [("from", &entry.from), ("to", &entry.to)] {
                if !is_plain_relative(path) {
                    return Err(bad(
                        t::MANIFEST_SHARED_PATH.m(&[("key", &key), ("path", path)])
                    ));
                }
            }
            if !targets.insert(entry.to.as_str()) {
                return Err(bad(t::MANIFEST_SHARED_TWICE.m(&[("path", &entry.to)])));
            }
        }
        Ok(())
    }

    /// Checks `shared` against the files: each source exists below `_shared/` (`exists` says
    /// whether a path relative to it does), and no file of the template's own `files/` has the
    /// same output path (`own`: paths relative to `files/`, as written, `.tera` included).
    pub fn check_shared(
        &self,
        file: &str,
        exists: impl Fn(&str) -> bool,
        own: &[String],
    ) -> Result<()> {
        for entry in &self.shared {
            if !exists(&entry.from) {
                return Err(Error::new(t::MANIFEST_INVALID.m(&[
                    (
                        "problem",
                        &t::MANIFEST_SHARED_MISSING.f(&[("path", &entry.from)]),
                    ),
                    ("file", &file),
                ]))
                .hint(&t::MANIFEST_SHARED_MISSING_HINT));
            }
            let clash = own
                .iter()
                .find(|o| o.strip_suffix(".tera").unwrap_or(o) == entry.to);
            if let Some(own) = clash {
                return Err(shared_clash(&self.name, &entry.from, &entry.to, own));
            }
        }
        Ok(())
    }
}

/// A `shared` entry whose destination `to` is also made by the template's own `files/<own>`.
pub fn shared_clash(template: &str, from: &str, to: &str, own: &str) -> Error {
    Error::new(t::MANIFEST_SHARED_CLASH.m(&[
        ("template", &template),
        ("from", &from),
        ("to", &to),
        ("own", &own),
    ]))
    .hint(&t::MANIFEST_SHARED_CLASH_HINT)
}

/// A relative `/`-separated path without empty, `.` or `..` segments, `\`, `:` or NUL, so it
/// can name nothing outside the folder it is read against.
fn is_plain_relative(path: &str) -> bool {
    !path.contains(['\\', ':', '\0'])
        && path
            .split('/')
            .all(|seg| !seg.is_empty() && seg != "." && seg != "..")
}

/// The manifest `file` is invalid: `problem` says how; the hint points at the format.
pub fn invalid(file: &str, problem: Msg) -> Error {
    Error::new(
        t::MANIFEST_INVALID
            .m(&[("file", &file)])
            .with("problem", problem),
    )
    .hint(&t::MANIFEST_FORMAT_HINT)
}

/// Compiles a regex to check it (the vars module compiles it again to use it).
fn regex_lite_check(re: &str) -> std::result::Result<(), Msg> {
    compile_regex(re).map(|_| ())
}

/// The variables every template has, in prompt order (`with_concepts` comes last, after the
/// template's own variables).
pub const STANDARD: &[&str] = &[
    "project_name",
    "package",
    "author",
    "email",
    "lang",
    "description",
    "with_concepts",
];

/// Compiles a manifest regex; patterns are anchored by their authors.
pub fn compile_regex(re: &str) -> std::result::Result<regex::Regex, Msg> {
    regex::Regex::new(re).map_err(|e| t::VAR_INVALID_REGEX.m(&[("err", &e), ("regex", &re)]))
}

pub fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

#[cfg(test)]
mod tests;
