//! The teacher's record of an assignment, kept beside the student repositories that `batch`
//! made (in `OUT/.pystart-batch/`, which no repository contains): which template, in which
//! mode, and the answers file of each student. `grade` rebuilds every teacher-owned file from
//! it, and takes a student's identity from it (and the journal), never from the student's copy.
//!
//! Also: the starter plan of one student, the one function both `batch` (to write it) and
//! `grade` (to restore it) use, so the two cannot drift apart.

use crate::catalog::{Source, Template};
use crate::error::{Error, IoContext, Result, display_path};
use crate::messages::teach as t;
use crate::render::{self, Plan, PlannedFile};
use crate::vars::{self, Answers, Given};
use indexmap::IndexMap;
use serde::{Deserialize, Serialize};
use serde_json::json;
use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// The teacher's folder inside a batch's `--out` directory.
pub const RECORD_DIR: &str = ".pystart-batch";
/// The journal of finished students (one JSON object per line; later lines win).
pub const JOURNAL: &str = ".pystart-batch.jsonl";
const ASSIGNMENT_FILE: &str = "assignment.toml";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Assignment {
    /// What `batch` was given: a template name, a template directory (absolute) or a git URL
    /// (without user name or password: credentials stay with git's credential helpers).
    pub template: String,
    /// The commit of a git template, so grading uses exactly the version students got.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub commit: Option<String>,
    /// `student` or `solution`.
    pub mode: String,
    pub pystart_version: String,
    /// The deadline given to batch (`--set deadline=…`), which `grade` applies.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deadline: Option<String>,
}

impl Assignment {
    pub fn new(template_arg: &str, template: &Template, student_mode: bool) -> Self {
        let (template_ref, commit) = match &template.source {
            Source::Embedded => (template_arg.to_string(), None),
            Source::Path(p) => (p.to_string_lossy().into_owned(), None),
            Source::Git { url, commit } => {
                (crate::url::without_credentials(url), Some(commit.clone()))
            }
        };
        Assignment {
            template: template_ref,
            commit,
            mode: if student_mode { "student" } else { "solution" }.into(),
            pystart_version: env!("CARGO_PKG_VERSION").into(),
            deadline: None,
        }
    }

    pub fn student_mode(&self) -> bool {
        self.mode == "student"
    }

    /// The record of the batch in `out`, if there is one.
    pub fn read(out: &Path) -> Result<Option<Self>> {
        let path = out.join(RECORD_DIR).join(ASSIGNMENT_FILE);
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(e).with_path("read", &path),
        };
        toml::from_str(&text).map(Some).map_err(|e| {
            Error::new(t::ASSIGNMENT_BAD.m(&[
                ("path", &display_path(&path)),
                ("err", &e.message().trim_end()),
            ]))
            .hint(&t::ASSIGNMENT_BAD_HINT)
        })
    }

    /// Records this assignment in `out`; a batch into a folder that holds another
    /// assignment (another template or mode) is refused.
    pub fn record(&self, out: &Path) -> Result<()> {
        if let Some(existing) = Self::read(out)? {
            if existing.template != self.template || existing.mode != self.mode {
                return Err(Error::new(t::ASSIGNMENT_OTHER.m(&[
                    ("out", &display_path(out)),
                    ("template", &existing.template),
                    ("mode", &existing.mode),
                ]))
                .hint(&t::ASSIGNMENT_OTHER_HINT));
            }
            if existing == *self {
                return Ok(());
            }
        }
        let dir = out.join(RECORD_DIR);
        std::fs::create_dir_all(dir.join("students")).with_path("create", &dir)?;
        let text = format!(
            "# The assignment `pystart batch` made here; `pystart grade` grades against it.\n\
             # The teacher's file: it is in no student repository.\n{}",
            toml::to_string(self).expect("assignment serialises")
        );
        let path = dir.join(ASSIGNMENT_FILE);
        crate::writer::replace_file(&path, text.as_bytes()).with_path("write", &path)
    }

    /// The assignment of the batch in `dir`; for a directory made before batch recorded it,
    /// the one `template` names (student mode); else an error saying to name it.
    pub fn of_batch(dir: &Path, template: Option<&str>) -> Result<Self> {
        match (Self::read(dir)?, template) {
            (Some(a), _) => Ok(a),
            (None, Some(template)) => Ok(Assignment {
                template: template.to_string(),
                commit: None,
                mode: "student".into(),
                pystart_version: env!("CARGO_PKG_VERSION").into(),
                deadline: None,
            }),
            (None, None) => Err(Error::new(
                t::GRADE_NO_ASSIGNMENT.m(&[("dir", &display_path(dir))]),
            )
            .hint(&t::GRADE_NO_ASSIGNMENT_HINT)),
        }
    }

    /// The template, at the version the students got where that can be pinned (git).
    pub fn load_template(&self) -> Result<Template> {
        crate::render::resolve(&self.template, self.commit.as_deref())
    }
}

/// A remote URL from a pattern: `{id}`, `{name}` and `{github}` (the id when there is none)
/// filled in, percent-encoded so that no value can add a `/`, a `..` or anything else to the
/// path.
pub fn fill_url(pattern: &str, id: &str, name: &str, github: Option<&str>) -> String {
    let encode = |v: &str| -> String {
        v.bytes()
            .map(|b| {
                if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'~') {
                    (b as char).to_string()
                } else {
                    format!("%{b:02X}")
                }
            })
            .collect()
    };
    pattern
        .replace("{id}", &encode(id))
        .replace("{name}", &encode(name))
        .replace("{github}", &encode(github.unwrap_or(id)))
}

/// Where the answers file (`.pystart.toml` as batch wrote it) of student `id` is kept.
pub fn answers_path(out: &Path, id: &str) -> PathBuf {
    out.join(RECORD_DIR)
        .join("students")
        .join(format!("{id}.toml"))
}

/// The repository batch makes for one student, as a plan, and the hidden files left out of
/// it: the template rendered with `answers`, solutions stripped in student mode, the grading
/// files added, README.md headed by the student's name and id, `.pystart.toml` recording
/// `[student]`.
pub fn starter_plan(
    template: &Template,
    answers: &Answers,
    student: &toml::Table,
    student_mode: bool,
) -> Result<(Plan, Vec<PlannedFile>)> {
    let rendered = render::render(template, answers)?;
    let hidden_globs = template.manifest.grading.hidden_paths()?;
    let (hidden, files): (Vec<_>, Vec<_>) = rendered
        .files
        .into_iter()
        .partition(|f| hidden_globs.matches(&f.path));
    let plan = Plan { files };
    let mut extra = toml::Table::new();
    extra.insert("student".into(), toml::Value::Table(student.clone()));
    let mut plan = if student_mode {
        crate::strip::student_plan(&plan, template, answers, &extra)?.0
    } else {
        let mut plan = plan;
        crate::strip::set_answers_file(
            &mut plan,
            render::answers_file(template, answers, Some("solution"), &extra),
        );
        plan
    };
    for (path, contents) in super::grading_files(&template.manifest.grading) {
        plan.files.retain(|f| f.path != path);
        plan.files.push(PlannedFile {
            path,
            contents,
            executable: false,
            rendered: false,
        });
    }
    if let Some(readme) = plan.files.iter_mut().find(|f| f.path == "README.md") {
        let get = |k: &str| student.get(k).and_then(|v| v.as_str()).unwrap_or("");
        let deadline = student.get("deadline").and_then(|v| v.as_str());
        let line = format!(
            "> 学生 / Student: {} ({})\n>\n> {}\n>\n> {}\n\n",
            render::md(get("name")),
            render::md(get("id")),
            t::SUBMIT_HOWTO.get("zh"),
            t::SUBMIT_HOWTO.get("en"),
        );
        let line = match deadline {
            Some(d) => line.replace(
                "\n\n",
                &format!(
                    "\n>\n> {}\n>\n> {}\n\n",
                    t::SUBMIT_DEADLINE.fill("zh", &[("deadline", &render::md(d))]),
                    t::SUBMIT_DEADLINE.fill("en", &[("deadline", &render::md(d))]),
                ),
            ),
            None => line,
        };
        let mut contents = line.into_bytes();
        contents.extend_from_slice(&readme.contents);
        readme.contents = contents;
    }
    plan.files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok((plan, hidden))
}

/// The `[student]` record of a repository.
pub fn student_record(id: &str, name: &str, github: Option<&str>) -> toml::Table {
    let mut record = toml::Table::new();
    record.insert("id".into(), toml::Value::String(id.into()));
    record.insert("name".into(), toml::Value::String(name.into()));
    if let Some(g) = github {
        record.insert("github".into(), toml::Value::String(g.into()));
    }
    record
}

/// The git server user name batch recorded for `id` (`[student] github`), if any.
pub fn recorded_github(out: &Path, id: &str) -> Option<String> {
    crate::answers::read(&answers_path(out, id))
        .ok()?
        .student
        .get("github")?
        .as_str()
        .map(str::to_string)
}

/// The answers and `[student]` record batch used for `id`, from the teacher's folder.
pub fn recorded_answers(
    out: &Path,
    id: &str,
    template: &Template,
) -> Result<Option<(Answers, toml::Table)>> {
    let path = answers_path(out, id);
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e).with_path("read", &path),
    };
    let file = crate::answers::parse(&text, &display_path(&path))?;
    let student = file.student.clone();
    let env = vars::EnvDefaults {
        lang: "en".into(),
        author: None,
        email: None,
    };
    let defs = vars::definitions(&template.manifest, &env);
    // A variable the template has dropped since the batch no longer counts; a new one takes
    // its default.
    let given = file
        .answers
        .into_iter()
        .filter(|(k, _)| defs.iter().any(|d| &d.name == k))
        .collect();
    let answers = vars::resolve(&defs, given, None)?;
    Ok(Some((answers, student)))
}

/// A student to grade, as the teacher's side knows them.
#[derive(Debug, Clone)]
pub struct Enrolled {
    pub id: String,
    pub name: String,
    /// The repository, if there is one.
    pub dir: Option<PathBuf>,
    /// The starter commit batch made.
    pub starter: Option<String>,
    pub not_on_roster: bool,
    /// Where batch pushed the repository (without credentials).
    pub remote: Option<String>,
    /// The student's user name on the git server, from the roster.
    pub github: Option<String>,
}

/// The students: the batch journal (or the repositories in `dir`), and everyone on the roster.
pub fn enrolled(dir: &Path, roster: Option<&crate::roster::Roster>) -> Vec<Enrolled> {
    let mut students: Vec<Enrolled> = Journal::entries(dir)
        .into_iter()
        .filter(|e| e.status != "failed")
        .map(|e| Enrolled {
            name: e.name.unwrap_or_else(|| e.id.clone()),
            dir: Some(dir.join(&e.dir)),
            starter: e.commit,
            id: e.id,
            not_on_roster: false,
            remote: e.remote,
            github: None,
        })
        .collect();
    if students.is_empty() {
        // Repositories put here by hand: each directory's name is its student's id.
        for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let path = entry.path();
            let name = entry.file_name().to_string_lossy().into_owned();
            if !name.starts_with('.') && path.join(".git").exists() {
                students.push(Enrolled {
                    id: name.clone(),
                    name,
                    dir: Some(path),
                    starter: None,
                    not_on_roster: false,
                    remote: None,
                    github: None,
                });
            }
        }
    }
    if let Some(roster) = roster {
        for s in &mut students {
            s.not_on_roster = !roster.students.iter().any(|r| r.id == s.id);
        }
        for r in &roster.students {
            match students.iter_mut().find(|s| s.id == r.id) {
                Some(s) => {
                    s.name = r.name.clone();
                    s.github = r.github.clone();
                }
                None => students.push(Enrolled {
                    id: r.id.clone(),
                    name: r.name.clone(),
                    dir: Some(dir.join(&r.id)).filter(|d| d.join(".git").exists()),
                    starter: None,
                    not_on_roster: false,
                    remote: None,
                    github: r.github.clone(),
                }),
            }
        }
    }
    students.sort_by(|a, b| a.id.cmp(&b.id));
    students
}

/// The template's defaults, with a placeholder teacher as author.
pub fn teacher_answers(template: &Template) -> Result<Answers> {
    let env = vars::EnvDefaults {
        lang: "en".into(),
        author: None,
        email: None,
    };
    let defs = vars::definitions(&template.manifest, &env);
    let mut given = IndexMap::new();
    given.insert("author".into(), Given::Text("Teacher".into()));
    given.insert(
        "email".into(),
        Given::Text("teacher@example.invalid".into()),
    );
    vars::resolve(&defs, given, None)
}

/// One line of the journal per finished student; later lines win.
pub struct Journal {
    entries: HashMap<String, serde_json::Value>,
    file: Mutex<std::fs::File>,
}

/// What the journal says of one student.
#[derive(Debug, Clone)]
pub struct Entry {
    pub id: String,
    /// The repository's directory name below the batch's `--out`.
    pub dir: String,
    pub name: Option<String>,
    pub status: String,
    /// The starter commit batch made.
    pub commit: Option<String>,
    pub push: Option<String>,
    /// Where the repository was pushed (without credentials).
    pub remote: Option<String>,
}

impl Journal {
    /// Reads the journal of `out` (empty when there is none).
    pub fn read(out: &Path) -> HashMap<String, serde_json::Value> {
        let mut entries = HashMap::new();
        if let Ok(text) = std::fs::read_to_string(out.join(JOURNAL)) {
            // A line cut short by a crash is ignored; its student is simply done again.
            for line in text.lines() {
                if let Ok(v) = serde_json::from_str::<serde_json::Value>(line)
                    && let Some(id) = v["id"].as_str()
                {
                    entries.insert(id.to_string(), v);
                }
            }
        }
        entries
    }

    /// The journal's entries, sorted by id.
    pub fn entries(out: &Path) -> Vec<Entry> {
        let mut all: Vec<Entry> = Self::read(out)
            .into_values()
            .filter_map(|v| {
                let text = |k: &str| v[k].as_str().map(str::to_string);
                Some(Entry {
                    id: text("id")?,
                    dir: text("dir")?,
                    name: text("name"),
                    status: text("status")?,
                    commit: text("commit"),
                    push: text("push"),
                    remote: text("remote"),
                })
            })
            .collect();
        all.sort_by(|a, b| a.id.cmp(&b.id));
        all
    }

    pub fn open(out: &Path) -> Result<Self> {
        let path = out.join(JOURNAL);
        let entries = Self::read(out);
        let file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&path)
            .with_path("open the journal", &path)?;
        Ok(Journal {
            entries,
            file: Mutex::new(file),
        })
    }

    pub fn pushed(&self, id: &str) -> bool {
        self.entries
            .get(id)
            .is_some_and(|e| matches!(e["push"].as_str(), Some("pushed" | "already pushed")))
    }

    /// Appends one student's entry.
    pub fn record(&self, entry: &Entry) {
        let line = json!({
            "id": entry.id,
            "dir": entry.dir,
            "name": entry.name,
            "status": entry.status,
            "commit": entry.commit,
            "push": entry.push,
            "remote": entry.remote,
        });
        if let Ok(mut f) = self.file.lock() {
            let _ = writeln!(f, "{line}");
            let _ = f.flush();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_can_never_leave_their_path_segment() {
        assert_eq!(
            fill_url(
                "https://h/cs101/{id}-{github}.git",
                "2024001",
                "张三",
                Some("ada-l")
            ),
            "https://h/cs101/2024001-ada-l.git"
        );
        assert_eq!(
            fill_url(
                "https://h/{name}/{github}.git",
                "x",
                "张 三",
                Some("../admin")
            ),
            "https://h/%E5%BC%A0%20%E4%B8%89/%2E%2E%2Fadmin.git"
        );
        assert_eq!(
            fill_url("git@h:c/{github}.git", "a.b", "", None),
            "git@h:c/a%2Eb.git"
        );
    }

    #[test]
    fn an_assignment_is_recorded_once_and_another_is_refused() {
        let tmp = tempfile::tempdir().unwrap();
        let template = crate::catalog::find("titanic").unwrap();
        let a = Assignment::new("titanic", &template, true);
        a.record(tmp.path()).unwrap();
        assert_eq!(Assignment::read(tmp.path()).unwrap(), Some(a.clone()));
        a.record(tmp.path()).unwrap();
        let other = Assignment::new("titanic", &template, false);
        let e = other.record(tmp.path()).unwrap_err();
        assert!(e.message().contains("student"), "{}", e.message());
        assert!(!e.hints().is_empty());
    }
}
