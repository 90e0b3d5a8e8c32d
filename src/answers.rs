//! Answers files: `.pystart.toml` in every generated project, and hand-written files passed
//! with `--answers`.
//!
//! ```toml
//! template = "titanic"
//! pystart_version = "0.1.0"
//!
//! [answers]
//! project_name = "titanic"
//! author = "Ada"
//! ```
//! A hand-written file may leave out `template` and `pystart_version` and may put the answers
//! at the top level instead of under `[answers]`.

use crate::error::{Error, IoContext, Result};
use crate::messages::generate as t;
use crate::vars::{Answers, Given};
use indexmap::IndexMap;
use std::path::Path;

/// What an answers file holds.
#[derive(Debug, Clone, Default)]
pub struct AnswersFile {
    pub template: Option<String>,
    pub pystart_version: Option<String>,
    /// `student` when solutions were stripped (`pystart new --mode student`, `pystart strip`).
    pub mode: Option<String>,
    /// `[source]`: where the template came from (`kind`, `location`, `commit` or `hash`).
    pub source: Option<toml::Table>,
    pub answers: IndexMap<String, Given>,
    /// `[student] id` of a repository `batch` made.
    pub student_id: Option<String>,
    /// The whole `[student]` record batch wrote (`id`, `name`, `github`), empty if none.
    pub student: toml::Table,
}

/// Serialises answers as `.pystart.toml` with a `mode` and extra top-level tables (such as
/// `[student]` for a batch-generated repository).
pub fn to_toml_with(
    template: &str,
    answers: &Answers,
    mode: Option<&str>,
    extra: &toml::Table,
) -> String {
    let mut table = toml::Table::new();
    for (k, v) in &answers.values {
        table.insert(k.clone(), v.to_toml());
    }
    let mut doc = toml::Table::new();
    doc.insert("template".into(), toml::Value::String(template.into()));
    doc.insert(
        "pystart_version".into(),
        toml::Value::String(env!("CARGO_PKG_VERSION").into()),
    );
    if let Some(mode) = mode {
        doc.insert("mode".into(), toml::Value::String(mode.into()));
    }
    doc.insert("answers".into(), toml::Value::Table(table));
    for (k, v) in extra {
        doc.insert(k.clone(), v.clone());
    }
    format!(
        "# The answers this project was generated with. Recreate it with:\n\
         #   pystart new {template} <path> --answers .pystart.toml\n{}",
        toml::to_string(&doc).expect("answers serialise")
    )
}

/// `text` (a `.pystart.toml`) with `mode` set, its comment header kept; `None` if it is not
/// TOML.
pub fn with_mode(text: &str, mode: &str) -> Option<String> {
    let mut doc = toml::from_str::<toml::Table>(text).ok()?;
    doc.insert("mode".into(), toml::Value::String(mode.into()));
    let header: String = text
        .lines()
        .take_while(|l| l.starts_with('#'))
        .map(|l| format!("{l}\n"))
        .collect();
    Some(format!("{header}{}", toml::to_string(&doc).ok()?))
}

/// Reads an answers file.
pub fn read(path: &Path) -> Result<AnswersFile> {
    let text = std::fs::read_to_string(path).with_path("read the answers file", path)?;
    parse(&text, &path.display().to_string())
}

pub fn parse(text: &str, name: &str) -> Result<AnswersFile> {
    let mut doc: toml::Table = toml::from_str(text).map_err(|e| {
        Error::new(t::ANSWERS_NOT_TOML.m(&[("file", &name), ("err", &e.message().trim_end())]))
            .hint(&t::ANSWERS_NOT_TOML_HINT)
    })?;
    let take_str = |doc: &mut toml::Table, key: &str| -> Result<Option<String>> {
        match doc.remove(key) {
            None => Ok(None),
            Some(toml::Value::String(s)) => Ok(Some(s)),
            Some(other) => Err(Error::new(t::ANSWERS_NOT_STRING.m(&[
                ("key", &key),
                ("file", &name),
                ("value", &other),
            ]))),
        }
    };
    let template = take_str(&mut doc, "template")?;
    let pystart_version = take_str(&mut doc, "pystart_version")?;
    let mode = take_str(&mut doc, "mode")?;
    if let Some(m) = &mode
        && m != "solution"
        && m != "student"
    {
        return Err(Error::new(
            t::ANSWERS_BAD_MODE.m(&[("file", &name), ("value", m)]),
        ));
    }
    // Records of a batch run; not answers.
    let student = match doc.remove("student") {
        Some(toml::Value::Table(t)) => t,
        _ => toml::Table::new(),
    };
    let student_id = student
        .get("id")
        .and_then(|v| v.as_str())
        .map(str::to_string);
    let source = match doc.remove("source") {
        Some(toml::Value::Table(t)) => Some(t),
        Some(_) => {
            return Err(Error::new(
                t::ANSWERS_NOT_TABLE.m(&[("key", &"source"), ("file", &name)]),
            ));
        }
        None => None,
    };
    let table = match doc.remove("answers") {
        Some(toml::Value::Table(t)) => {
            if let Some(extra) = doc.keys().next() {
                return Err(Error::new(
                    t::ANSWERS_UNKNOWN_KEY.m(&[("key", extra), ("file", &name)]),
                )
                .hint(&t::ANSWERS_UNKNOWN_KEY_HINT));
            }
            t
        }
        Some(_) => {
            return Err(Error::new(
                t::ANSWERS_NOT_TABLE.m(&[("key", &"answers"), ("file", &name)]),
            ));
        }
        None => doc,
    };
    let answers = table
        .into_iter()
        .map(|(k, v)| (k, Given::Toml(v)))
        .collect();
    Ok(AnswersFile {
        student_id,
        student,
        template,
        pystart_version,
        mode,
        source,
        answers,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vars::Value;

    #[test]
    fn round_trips_generated_answers() {
        let mut a = Answers::default();
        a.values
            .insert("project_name".into(), Value::Str("泰坦尼克 \"x\"".into()));
        a.values.insert("with_notebook".into(), Value::Bool(false));
        a.values.insert("level".into(), Value::Int(3));
        let text = to_toml_with("titanic", &a, None, &toml::Table::new());
        let f = parse(&text, ".pystart.toml").unwrap();
        assert_eq!(f.template.as_deref(), Some("titanic"));
        assert_eq!(
            f.pystart_version.as_deref(),
            Some(env!("CARGO_PKG_VERSION"))
        );
        let keys: Vec<_> = f.answers.keys().cloned().collect();
        assert_eq!(keys, ["project_name", "with_notebook", "level"]);
        assert!(
            matches!(&f.answers["project_name"], Given::Toml(toml::Value::String(s)) if s == "泰坦尼克 \"x\"")
        );
    }

    #[test]
    fn accepts_top_level_answers() {
        let f = parse("author = \"Ada\"\nwith_notebook = false\n", "a.toml").unwrap();
        assert_eq!(f.template, None);
        assert_eq!(f.answers.len(), 2);
    }

    #[test]
    fn rejects_stray_keys_beside_the_answers_table() {
        let e = parse("author = \"x\"\n[answers]\nemail = \"a@b.c\"\n", "a.toml").unwrap_err();
        assert_eq!(e.message(), "unknown key `author` in answers file `a.toml`");
    }

    #[test]
    fn invalid_toml_names_the_file() {
        let e = parse("author = ", "a.toml").unwrap_err();
        assert!(
            e.message()
                .starts_with("answers file `a.toml` is not valid TOML")
        );
    }
}
