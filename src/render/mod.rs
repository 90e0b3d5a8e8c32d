//! Renders a template into an in-memory plan: every output path with its bytes and mode.
//!
//! Nothing here touches the disk, so a failure at any point leaves nothing behind, and
//! `--dry-run`, `info` and `verify` see exactly what `new` would write.
//!
//! Layers, later wins on the same output path: `_shared/files/`, then `<template>/files/`, then
//! the `_shared/` files the manifest's `shared` list copies (landing on one of the template's
//! own files is an error), then the concept notes (unless `with_concepts = false`), then
//! `.pystart.toml`. Which file lands where is [`layers`]'; the escaping filters are [`escape`]'s.

use crate::catalog::{self, Template};
use crate::error::{Error, Result};
use crate::messages::generate as t;
use crate::vars::{self, Answers};
use include_dir::{Dir, File};
use std::collections::{BTreeMap, HashMap};
use tera::{Context, Tera, Value};

mod escape;
mod layers;

pub use escape::{md, py_str, quoted, register_filters, toml_str, xml_escape, yaml_str};
use layers::{add_concepts, add_layer, add_shared, drop_unwanted};

/// One file to write.
#[derive(Debug, Clone)]
pub struct PlannedFile {
    /// Relative path with `/` separators.
    pub path: String,
    pub contents: Vec<u8>,
    pub executable: bool,
    /// Rendered from a `.tera` source (as opposed to copied byte for byte).
    pub rendered: bool,
}

/// Everything a project consists of, sorted by path.
#[derive(Debug, Clone, Default)]
pub struct Plan {
    pub files: Vec<PlannedFile>,
}

impl Plan {
    pub fn get(&self, path: &str) -> Option<&PlannedFile> {
        self.files.iter().find(|f| f.path == path)
    }

    pub fn total_bytes(&self) -> usize {
        self.files.iter().map(|f| f.contents.len()).sum()
    }
}

/// Where an output file comes from.
enum Source {
    /// A template file: rendered if its name ends in `.tera`, else copied.
    Embedded(&'static File<'static>),
    /// A file of `_shared/` a manifest's `shared` names: copied byte for byte, whatever its name.
    Copied(&'static File<'static>),
    Generated(Vec<u8>),
}

pub const ANSWERS_FILE: &str = ".pystart.toml";

/// Renders `template` with `answers`, within the limits of [`crate::bounds`]: on a thread of
/// its own, with a deadline and a size limit per file and per project.
pub fn render(template: &Template, answers: &Answers) -> Result<Plan> {
    let current = std::sync::Arc::new(std::sync::Mutex::new(template.name().to_string()));
    let (template, answers, at) = (template.clone(), answers.clone(), current.clone());
    crate::bounds::run_bounded(current, move || render_here(&template, &answers, &at))
}

/// The template an argument names ([`catalog::resolve`]: an embedded name, a directory or a
/// git repository), with its Tera sources checked when it is not one of pystart's own: they
/// parse, and have no include or macro cycles and no nesting past the limits. Commands load
/// templates through this, so a broken one is refused before anything else happens.
pub fn resolve(arg: &str, rev: Option<&str>) -> Result<Template> {
    checked(catalog::resolve(arg, rev)?)
}

/// [`catalog::load_path`], checked as [`resolve`] checks.
pub fn load_path(path: &std::path::Path) -> Result<Template> {
    checked(catalog::load_path(path)?)
}

fn checked(template: Template) -> Result<Template> {
    if !matches!(template.source, catalog::Source::Embedded) {
        check_structure(&template)?;
    }
    Ok(template)
}

/// Whether a template's Tera sources load: they parse, and have no include or macro cycles and
/// no nesting past the limits (checked when a template is loaded from disk or git).
pub fn check_structure(template: &Template) -> Result<()> {
    let current = std::sync::Arc::new(std::sync::Mutex::new(template.name().to_string()));
    let template = template.clone();
    // Parsing is bounded like rendering: on a thread with room for deep nesting, in time.
    crate::bounds::run_bounded(current, move || engine(&template).map(|_| ()))
}

fn render_here(
    template: &Template,
    answers: &Answers,
    current: &std::sync::Mutex<String>,
) -> Result<Plan> {
    let ctx = context(template, answers);
    let tera = engine(template)?;
    let mut sources: BTreeMap<String, Source> = BTreeMap::new();

    if let Some(dir) = catalog::shared_dir("files") {
        add_layer(&mut sources, dir, &ctx)?;
    }
    let own = match template.files_dir() {
        Some(dir) => add_layer(&mut sources, dir, &ctx)?,
        None => BTreeMap::new(),
    };
    add_shared(&mut sources, template, &own, &ctx)?;
    if answers.get_bool("with_concepts") {
        add_concepts(&mut sources, answers.lang());
    }
    drop_unwanted(&mut sources, template, &ctx)?;
    sources.insert(
        ANSWERS_FILE.into(),
        Source::Generated(answers_file(template, answers, None, &toml::Table::new()).into_bytes()),
    );

    // `README.md` and `readme.md` would be one file on Windows and macOS.
    let mut seen: HashMap<String, &str> = HashMap::new();
    for path in sources.keys() {
        if let Some(other) = seen.insert(path.to_lowercase(), path) {
            return Err(Error::new(t::RENDER_CASE_CLASH.m(&[
                ("template", &template.name()),
                ("first", &other),
                ("second", path),
            ]))
            .hint(&t::RENDER_CASE_CLASH_HINT));
        }
    }
    let mut files = Vec::with_capacity(sources.len());
    for (path, source) in sources {
        files.push(match source {
            Source::Generated(contents) => PlannedFile {
                path,
                contents,
                executable: false,
                rendered: true,
            },
            Source::Copied(file) => PlannedFile {
                path,
                contents: file.contents().to_vec(),
                executable: catalog::is_executable(file.path()),
                rendered: false,
            },
            Source::Embedded(file) => {
                let name = file.path().to_string_lossy().replace('\\', "/");
                let executable = catalog::is_executable(file.path());
                if name.ends_with(".tera") {
                    if let Ok(mut at) = current.lock() {
                        at.clone_from(&name);
                    }
                    let mut out = crate::bounds::Output::default();
                    tera.render_to(&name, &ctx, &mut out)
                        .map_err(|e| render_error(&name, &template.shown_path(&name), &e))?;
                    PlannedFile {
                        path,
                        contents: out.bytes,
                        executable,
                        rendered: true,
                    }
                } else {
                    PlannedFile {
                        path,
                        contents: file.contents().to_vec(),
                        executable,
                        rendered: false,
                    }
                }
            }
        });
    }
    let plan = Plan { files };
    if plan.total_bytes() > crate::bounds::MAX_TOTAL_BYTES {
        return Err(Error::new(t::RENDER_PROJECT_TOO_BIG.m(&[
            ("template", &template.name()),
            ("mb", &(crate::bounds::MAX_TOTAL_BYTES >> 20)),
        ]))
        .hint(&t::RENDER_LIMITS_HINT));
    }
    Ok(plan)
}

/// A failed render of `file` (shown as `shown`): a limit it ran into, or Tera's error.
fn render_error(file: &str, shown: &str, e: &tera::Error) -> Error {
    match crate::bounds::take_overrun() {
        Some(crate::bounds::Overrun::Time) => Error::new(t::RENDER_FILE_TOO_SLOW.m(&[
            ("file", &file),
            ("seconds", &crate::bounds::render_seconds()),
        ]))
        .hint(&t::RENDER_LIMITS_HINT),
        Some(crate::bounds::Overrun::FileSize) => Error::new(t::RENDER_FILE_TOO_BIG.m(&[
            ("file", &file),
            ("mb", &(crate::bounds::MAX_FILE_BYTES >> 20)),
        ]))
        .hint(&t::RENDER_LIMITS_HINT),
        None => Error::new(t::RENDER_FAILED.m(&[("file", &shown), ("err", &tera_message(e))])),
    }
}

/// `.pystart.toml`: the answers, the mode, where the template came from (and which version),
/// and `extra` tables such as `[student]`.
pub fn answers_file(
    template: &Template,
    answers: &Answers,
    mode: Option<&str>,
    extra: &toml::Table,
) -> String {
    let mut tables = toml::Table::new();
    let mut source = toml::Table::new();
    let text = |s: &str| toml::Value::String(s.to_string());
    match &template.source {
        catalog::Source::Embedded => {
            source.insert("kind".into(), text("embedded"));
            source.insert("hash".into(), text(&template.content_hash()));
        }
        catalog::Source::Path(path) => {
            source.insert("kind".into(), text("path"));
            source.insert("location".into(), text(&path.to_string_lossy()));
            source.insert("hash".into(), text(&template.content_hash()));
        }
        catalog::Source::Git { url, commit } => {
            source.insert("kind".into(), text("git"));
            source.insert(
                "location".into(),
                text(&crate::url::without_credentials(url)),
            );
            source.insert("commit".into(), text(commit));
        }
    }
    tables.insert("source".into(), toml::Value::Table(source));
    for (k, v) in extra {
        tables.insert(k.clone(), v.clone());
    }
    crate::answers::to_toml_with(template.name(), answers, mode, &tables)
}

/// The Tera context: every answer, the derived names and a few facts.
pub fn context(template: &Template, answers: &Answers) -> Context {
    let mut ctx = Context::new();
    for (name, value) in &answers.values {
        ctx.insert(name.as_str(), &value.to_json());
    }
    ctx.insert("dist_name", &vars::dist_name(answers.package()));
    ctx.insert("template", template.name());
    ctx.insert("pystart_version", env!("CARGO_PKG_VERSION"));
    ctx.insert("year", &current_year());
    ctx.insert("python_requires", &template.manifest.python);
    ctx
}

/// A Tera engine with the escaping filters and every `.tera` file this template can use.
fn engine(template: &Template) -> Result<Tera> {
    let mut tera = Tera::default();
    tera.autoescape_on(vec![]);
    register_filters(&mut tera);
    sandbox(&mut tera);
    tera.register_function("random_secret", random_secret_fn);
    let mut sources = Vec::new();
    // Shared Python modules are not among them: a manifest's `shared` copies them as they are.
    let mut dirs: Vec<&'static Dir<'static>> = vec![template.dir];
    dirs.extend(catalog::shared_dir("files"));
    dirs.extend(catalog::shared_dir("partials"));
    for dir in dirs {
        for file in catalog::walk(dir) {
            let name = file.path().to_string_lossy().replace('\\', "/");
            if name.ends_with(".tera") {
                let text = file
                    .contents_utf8()
                    .ok_or_else(|| Error::new(t::RENDER_NOT_UTF8.m(&[("file", &name)])))?;
                sources.push((name, text));
            }
        }
    }
    tera.add_raw_templates(sources).map_err(|e| {
        Error::new(
            t::RENDER_SYNTAX.m(&[("template", &template.name()), ("err", &tera_message(&e))]),
        )
    })?;
    let own = format!(
        "{}/",
        template.dir.path().to_string_lossy().replace('\\', "/")
    );
    if let Some(p) = crate::bounds::structure_problems(&tera, &own).first() {
        return Err(Error::new(
            t::RENDER_STRUCTURE.m(&[("file", &p.file), ("problem", &p.message)]),
        )
        .hint(&t::RENDER_STRUCTURE_HINT));
    }
    Ok(tera)
}

/// Templates may come from anyone (`pystart new --template URL`): they get no access to the
/// environment (Tera's `get_env`), can only include files of pystart's template tree, and get
/// a `range` with a limit ([`crate::bounds`]).
pub fn sandbox(tera: &mut Tera) {
    tera.register_function("get_env", |_: &HashMap<String, Value>| {
        Err(tera::Error::msg(t::RENDER_NO_ENV.s()))
    });
    // Tera's own `range` makes as many numbers as asked for.
    tera.register_function("range", crate::bounds::range);
}

/// Renders a one-line template (a path segment or a condition) in the sandbox.
fn one_off(text: &str, ctx: &Context) -> tera::Result<String> {
    let mut tera = Tera::default();
    tera.autoescape_on(vec![]);
    register_filters(&mut tera);
    sandbox(&mut tera);
    tera.add_raw_template("__one_off", text)?;
    tera.render("__one_off", ctx)
}

/// Characters of [`random_secret`]: URL-safe, no quotes or `$`, so the value can sit unquoted
/// in a `.env` file, a shell line or a URL.
const SECRET_ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// `random_secret(length=50)`: a fresh secret from the operating system's random source, for
/// files such as an untracked `.env` (a development `SECRET_KEY`). Every render differs.
fn random_secret_fn(args: &HashMap<String, Value>) -> tera::Result<Value> {
    let length = match args.get("length") {
        None => 50,
        Some(v) => {
            v.as_u64()
                .filter(|n| (16..=256).contains(n))
                .ok_or_else(|| tera::Error::msg(t::RENDER_SECRET_LENGTH.s()))? as usize
        }
    };
    random_secret(length)
        .map(Value::String)
        .map_err(|e| tera::Error::msg(t::RENDER_SECRET_NO_SOURCE.f(&[("err", &e)])))
}

/// `length` characters drawn uniformly from [`SECRET_ALPHABET`] (64 symbols: 6 bits each,
/// so masking a random byte is unbiased).
pub fn random_secret(length: usize) -> std::result::Result<String, getrandom::Error> {
    let mut bytes = vec![0u8; length];
    getrandom::fill(&mut bytes)?;
    Ok(bytes
        .iter()
        .map(|b| SECRET_ALPHABET[(b & 63) as usize] as char)
        .collect())
}

/// Evaluates a `files.when` condition.
pub fn condition(expr: &str, ctx: &Context, template: &str) -> Result<bool> {
    let text = format!("{{% if {expr} %}}1{{% endif %}}");
    one_off(&text, ctx).map(|s| s == "1").map_err(|e| {
        Error::new(t::RENDER_BAD_CONDITION.m(&[
            ("expr", &expr),
            ("template", &template),
            ("err", &tera_message(&e)),
        ]))
    })
}

/// A Tera error with its causes, on one line.
fn tera_message(e: &tera::Error) -> String {
    let mut parts = vec![e.to_string()];
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        parts.push(s.to_string());
        source = s.source();
    }
    parts.join(": ")
}

/// The current year (UTC), for licence lines.
fn current_year() -> i64 {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    civil_year(secs.div_euclid(86_400))
}

/// The Gregorian year of a day count since 1970-01-01 (Howard Hinnant's civil-from-days).
fn civil_year(days: i64) -> i64 {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    yoe + era * 400 + i64::from(month <= 2)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn random_secrets_are_long_url_safe_and_fresh() {
        let a = random_secret(50).unwrap();
        let b = random_secret(50).unwrap();
        assert_eq!(a.len(), 50);
        assert_ne!(a, b);
        assert!(
            a.bytes()
                .all(|c| c.is_ascii_alphanumeric() || c == b'-' || c == b'_')
        );
        let mut tera = Tera::default();
        tera.register_function("random_secret", random_secret_fn);
        let out = tera
            .render_str("{{ random_secret(length=20) }}", &Context::new())
            .unwrap();
        assert_eq!(out.len(), 20);
        assert!(
            tera.render_str("{{ random_secret(length=3) }}", &Context::new())
                .is_err()
        );
    }

    #[test]
    fn templates_cannot_read_the_environment() {
        let mut tera = Tera::default();
        sandbox(&mut tera);
        let err = tera
            .render_str("{{ get_env(name=\"HOME\") }}", &Context::new())
            .unwrap_err();
        assert!(format!("{err:?}").contains("cannot read environment variables"));
        assert!(one_off("{{ get_env(name=\"HOME\") }}", &Context::new()).is_err());
    }

    #[test]
    fn civil_year_is_right_around_boundaries() {
        assert_eq!(civil_year(0), 1970);
        assert_eq!(civil_year(10_956), 1999); // 1999-12-31
        assert_eq!(civil_year(10_957), 2000); // 2000-01-01
        assert_eq!(civil_year(20_818), 2026); // 2026-12-31
        assert_eq!(civil_year(20_819), 2027); // 2027-01-01
    }

    #[test]
    fn conditions_are_tera_expressions() {
        let mut ctx = Context::new();
        ctx.insert("with_notebook", &false);
        ctx.insert("server", "flask");
        assert!(!condition("with_notebook", &ctx, "t").unwrap());
        assert!(condition("not with_notebook", &ctx, "t").unwrap());
        assert!(condition("server == \"flask\"", &ctx, "t").unwrap());
        assert!(condition("server ==", &ctx, "t").is_err());
    }
}
