//! `pystart batch TEMPLATE --roster FILE --out DIR`: one git repository per student.
//!
//! Each repository is rendered with the student's answers (author = the student's name; the
//! student id recorded in README.md and `.pystart.toml`), in the chosen mode, written atomically
//! and committed once. A journal (`DIR/.pystart-batch.jsonl`) records every finished student, so
//! a batch that was interrupted (Ctrl-C, a crash, a killed process) is completed by running the
//! same command again: finished repositories are kept as they are, half-written ones never
//! existed (they were staging directories, removed on the next run).

use crate::catalog::{self, Template};
use crate::error::{Error, IoContext, Result, display_path};
use crate::messages::teach as t;
use crate::printer::Printer;
use crate::render;
use crate::roster::{self, Student};
use crate::settings::BatchSettings;
use crate::vars::{self, Given};
use crate::writer::{self, Critical};
use crate::{git, strip};
use indexmap::IndexMap;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use serde_json::json;
use std::collections::HashMap;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Mutex;

pub const JOURNAL: &str = ".pystart-batch.jsonl";

/// What happened to one student.
#[derive(Debug, Clone)]
struct Outcome {
    id: String,
    name: String,
    row: usize,
    dir: PathBuf,
    /// `created`, `existing` or `failed`.
    status: &'static str,
    commit: Option<String>,
    /// `pushed`, `already pushed`, `failed: …`, or None without --push.
    push: Option<String>,
    error: Option<String>,
}

pub fn run(settings: BatchSettings, printer: &Printer) -> Result<()> {
    let template = catalog::resolve(&settings.template, None)?;
    let roster = roster::read(
        &settings.roster,
        settings.encoding.as_deref(),
        settings.sheet.as_deref(),
    )?;
    let lang = crate::messages::lang();
    printer.info(&t::BATCH_ROSTER.f(&[
        ("students", &t::COUNT_STUDENTS.count(roster.students.len())),
        ("bad_rows", &t::COUNT_BAD_ROWS.count(roster.problems.len())),
        ("source", &roster.source.describe(lang)),
        ("path", &display_path(&settings.roster)),
    ]));
    for p in &roster.problems {
        printer.warn(&t::BATCH_ROW_SKIPPED.f(&[
            ("row", &p.row),
            ("problem", &p.message(lang)),
            ("path", &display_path(&settings.roster)),
        ]));
    }
    std::fs::create_dir_all(&settings.out).with_path("create", &settings.out)?;
    remove_stale_staging(&settings.out);
    let journal = Journal::open(&settings.out)?;

    let critical = Critical::enter();
    let bar = progress(roster.students.len());
    // In roster order.
    let outcomes = crate::parallel::map(&roster.students, settings.jobs, &critical, |student| {
        let outcome = one_student(&template, student, &settings, &journal);
        if let Some(bar) = &bar {
            bar.set_message(student.id.clone());
            bar.inc(1);
        }
        outcome
    });
    if let Some(bar) = &bar {
        bar.finish_and_clear();
    }
    critical.check()?;
    drop(critical);

    report(printer, &settings, &outcomes, &roster);

    let failed = outcomes.iter().filter(|o| o.status == "failed").count();
    let push_failed = outcomes
        .iter()
        .filter(|o| o.push.as_deref().is_some_and(|p| p.starts_with("failed")))
        .count();
    if failed + push_failed + roster.problems.len() == 0 {
        return Ok(());
    }
    let mut parts = Vec::new();
    if failed > 0 {
        let repositories = t::count_of(&t::COUNT_REPOSITORY, &t::COUNT_REPOSITORIES, failed);
        parts.push(t::BATCH_REPOSITORIES_FAILED.f(&[("repositories", &repositories)]));
    }
    if push_failed > 0 {
        let pushes = t::count_of(&t::COUNT_PUSH, &t::COUNT_PUSHES, push_failed);
        parts.push(t::BATCH_PUSHES_FAILED.f(&[("pushes", &pushes)]));
    }
    if !roster.problems.is_empty() {
        let rows: Vec<String> = roster.problems.iter().map(|p| p.row.to_string()).collect();
        parts.push(t::BATCH_ROWS_SKIPPED.f(&[
            ("rows", &t::join(&rows)),
            ("s", &crate::printer::plural(rows.len())),
        ]));
    }
    Err(Error::new(parts.join(t::CLAUSE_SEPARATOR.s())).hint(t::BATCH_FAILED_HINT.s()))
}

fn progress(total: usize) -> Option<ProgressBar> {
    if !std::io::stderr().is_terminal() || total == 0 {
        return None;
    }
    let bar = ProgressBar::with_draw_target(Some(total as u64), ProgressDrawTarget::stderr());
    bar.set_style(
        ProgressStyle::with_template(t::BATCH_PROGRESS.s()).expect("valid progress template"),
    );
    Some(bar)
}

/// The answers for one student: `--answers`/`--set` values, then the student's own.
fn student_answers(
    template: &Template,
    student: &Student,
    settings: &BatchSettings,
) -> Result<vars::Answers> {
    let defs = vars::definitions(&template.manifest, &settings.env);
    let mut given: IndexMap<String, Given> = settings.given.clone();
    // Packaging metadata forbids commas in a name.
    let author = student.name.replace([',', '，'], " ");
    given.insert("author".into(), Given::Text(author));
    let email = student
        .email
        .clone()
        .unwrap_or_else(|| format!("{}@example.invalid", student.id));
    given.insert("email".into(), Given::Text(email));
    vars::resolve(&defs, given, None)
}

fn one_student(
    template: &Template,
    student: &Student,
    settings: &BatchSettings,
    journal: &Journal,
) -> Outcome {
    let dir = settings.out.join(&student.id);
    let mut outcome = Outcome {
        id: student.id.clone(),
        name: student.name.clone(),
        row: student.row,
        dir: dir.clone(),
        status: "failed",
        commit: None,
        push: None,
        error: None,
    };
    let made = if dir.exists() {
        match recorded_student(&dir) {
            Some(id) if id == student.id => Ok("existing"),
            _ => Err(Error::new(
                t::BATCH_NOT_STUDENT_REPOSITORY
                    .f(&[("id", &student.id), ("dir", &display_path(&dir))]),
            )),
        }
    } else {
        create(template, student, settings, &dir).map(|_| "created")
    };
    match made {
        Ok(status) => {
            outcome.status = status;
            outcome.commit = head_commit(&dir);
        }
        Err(e) => {
            outcome.error = Some(e.message().to_string());
            return outcome;
        }
    }
    if let Some(url_template) = &settings.push {
        outcome.push = Some(if journal.pushed(&student.id) {
            "already pushed".into()
        } else {
            match push(&dir, &push_url(url_template, student)) {
                Ok(()) => "pushed".into(),
                Err(e) => format!("failed: {e}"),
            }
        });
    }
    journal.record(&outcome);
    outcome
}

fn create(
    template: &Template,
    student: &Student,
    settings: &BatchSettings,
    dir: &Path,
) -> Result<()> {
    let answers = student_answers(template, student, settings)?;
    let plan = render::render(template, &answers)?;
    let mut record = toml::Table::new();
    record.insert("id".into(), toml::Value::String(student.id.clone()));
    record.insert("name".into(), toml::Value::String(student.name.clone()));
    if let Some(g) = &student.github {
        record.insert("github".into(), toml::Value::String(g.clone()));
    }
    let mut extra = toml::Table::new();
    extra.insert("student".into(), toml::Value::Table(record));
    let mut plan = if settings.student {
        strip::student_plan(&plan, template, &answers, &extra)?.0
    } else {
        let mut plan = plan;
        strip::set_answers_file(
            &mut plan,
            render::answers_file(template, &answers, Some("solution"), &extra),
        );
        plan
    };
    for (path, contents) in super::grade::grading_files(&template.manifest.grading) {
        plan.files.retain(|f| f.path != path);
        plan.files.push(render::PlannedFile {
            path,
            contents,
            executable: false,
            rendered: false,
        });
    }
    if let Some(readme) = plan.files.iter_mut().find(|f| f.path == "README.md") {
        let line = format!(
            "> 学生 / Student: {} ({})\n\n",
            render::md(&student.name),
            render::md(&student.id)
        );
        let mut contents = line.into_bytes();
        contents.extend_from_slice(&readme.contents);
        readme.contents = contents;
    }
    let (name, email) = git::signature(answers.get_str("author"), answers.get_str("email"));
    let message = format!(
        "Starter project for {} ({}): template {}, pystart {}",
        student.name,
        student.id,
        template.name(),
        env!("CARGO_PKG_VERSION")
    );
    writer::write(&plan, dir, |staging| {
        git::init_and_commit(staging, &name, &email, &message)
    })
}

/// The student id recorded in a repository's `.pystart.toml`.
pub fn recorded_student(dir: &Path) -> Option<String> {
    let text = std::fs::read_to_string(dir.join(render::ANSWERS_FILE)).ok()?;
    let doc: toml::Table = toml::from_str(&text).ok()?;
    doc.get("student")?.get("id")?.as_str().map(str::to_string)
}

pub fn head_commit(dir: &Path) -> Option<String> {
    let repo = git2::Repository::open(dir).ok()?;
    let id = repo.head().ok()?.target()?;
    Some(id.to_string())
}

fn push_url(template: &str, s: &Student) -> String {
    template
        .replace("{id}", &s.id)
        .replace("{name}", &s.name)
        .replace("{github}", s.github.as_deref().unwrap_or(&s.id))
}

/// `git push URL main` with the user's own git set-up (credential helpers, SSH config).
fn push(dir: &Path, url: &str) -> std::result::Result<(), String> {
    let out = Command::new("git")
        .args(["push", "--quiet", url, "main:main"])
        .current_dir(dir)
        .env("GIT_TERMINAL_PROMPT", "0")
        .output()
        .map_err(|e| format!("cannot run git: {e}"))?;
    if out.status.success() {
        Ok(())
    } else {
        let err = String::from_utf8_lossy(&out.stderr);
        Err(err
            .lines()
            .last()
            .unwrap_or("git push failed")
            .trim()
            .to_string())
    }
}

/// Staging directories (`.<id>.pystart-<pid>`) left by a killed run.
fn remove_stale_staging(out: &Path) {
    let me = format!(".pystart-{}", std::process::id());
    let Ok(entries) = std::fs::read_dir(out) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        let stale = name.starts_with('.')
            && name
                .rsplit_once(".pystart-")
                .is_some_and(|(_, pid)| !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit()))
            && !name.ends_with(&me);
        if stale && e.path().is_dir() {
            let _ = std::fs::remove_dir_all(e.path());
        }
    }
}

/// One JSON object per line per finished student; later lines win.
struct Journal {
    entries: HashMap<String, serde_json::Value>,
    file: Mutex<std::fs::File>,
}

impl Journal {
    fn open(out: &Path) -> Result<Self> {
        let path = out.join(JOURNAL);
        let mut entries = HashMap::new();
        if let Ok(text) = std::fs::read_to_string(&path) {
            // A line cut short by a crash is ignored; its student is simply done again.
            for line in text.lines() {
                if let Ok(v) = serde_json::from_str::<serde_json::Value>(line)
                    && let Some(id) = v["id"].as_str()
                {
                    entries.insert(id.to_string(), v);
                }
            }
        }
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

    fn pushed(&self, id: &str) -> bool {
        self.entries
            .get(id)
            .is_some_and(|e| matches!(e["push"].as_str(), Some("pushed" | "already pushed")))
    }

    fn record(&self, o: &Outcome) {
        let line = json!({
            "id": o.id,
            "dir": o.dir.file_name().map(|n| n.to_string_lossy().into_owned()),
            "status": o.status,
            "commit": o.commit,
            "push": o.push,
        });
        if let Ok(mut f) = self.file.lock() {
            let _ = writeln!(f, "{line}");
            let _ = f.flush();
        }
    }
}

fn report(
    printer: &Printer,
    settings: &BatchSettings,
    outcomes: &[Outcome],
    roster: &roster::Roster,
) {
    if settings.json {
        printer.json(&json!({
            "template": settings.template,
            "out": settings.out,
            "mode": if settings.student { "student" } else { "solution" },
            // The report is data: its texts are in English whatever the interface language.
            "roster": { "source": roster.source.describe("en"), "problems": roster.problems.iter().map(|p| json!({"row": p.row, "message": p.message("en")})).collect::<Vec<_>>() },
            "students": outcomes.iter().map(|o| json!({
                "id": o.id,
                "name": o.name,
                "row": o.row,
                "dir": o.dir,
                "status": o.status,
                "commit": o.commit,
                "push": o.push,
                "error": o.error,
            })).collect::<Vec<_>>(),
        }));
    }
    let width = outcomes
        .iter()
        .map(|o| o.id.chars().count())
        .max()
        .unwrap_or(0)
        .max(console::measure_text_width(t::BATCH_HEADING_ID.s()));
    // Chinese headings are two columns wide per character: pad by display width.
    let pad =
        |s: &str, w: usize| console::pad_str(s, w, console::Alignment::Left, None).into_owned();
    printer.info(&format!(
        "{}  {}  {}  {}",
        pad(t::BATCH_HEADING_ID.s(), width),
        pad(t::BATCH_HEADING_STATUS.s(), 8),
        pad(t::BATCH_HEADING_COMMIT.s(), 7),
        t::BATCH_HEADING_DETAIL.s()
    ));
    for o in outcomes {
        let status = match o.status {
            "failed" => printer.red("failed  "),
            "created" => printer.green("created "),
            other => format!("{other:<8}"),
        };
        let commit = o.commit.as_deref().map_or("-", |c| &c[..7.min(c.len())]);
        let detail = o
            .error
            .clone()
            .or_else(|| o.push.clone())
            .unwrap_or_default();
        printer.info(&format!(
            "{:<width$}  {status}  {commit:<7}  {detail}",
            o.id
        ));
    }
    let count = |s: &str| outcomes.iter().filter(|o| o.status == s).count();
    printer.info(&t::BATCH_SUMMARY.f(&[
        ("created", &count("created")),
        ("existing", &count("existing")),
        ("failed", &count("failed")),
        ("out", &display_path(&settings.out)),
    ]));
}
