//! `pystart batch TEMPLATE --roster FILE --out DIR`: one git repository per student.
//!
//! Each repository is rendered with the student's answers (author = the student's name; the
//! student id recorded in README.md and `.pystart.toml`), in the chosen mode, written atomically
//! and committed once. A journal (`DIR/.pystart-batch.jsonl`) records every finished student, so
//! a batch that was interrupted (Ctrl-C, a crash, a killed process) is completed by running the
//! same command again: finished repositories are kept as they are, half-written ones never
//! existed (they were staging directories, removed on the next run).

use crate::catalog::Template;
use crate::error::{Error, IoContext, Result, display_path};
use crate::git;
use crate::grading::assignment::{self, Assignment, Entry, Journal};
use crate::messages::teach as t;
use crate::platform::Critical;
use crate::printer::Printer;
use crate::render;
use crate::roster::{self, Student};
use crate::settings::BatchSettings;
use crate::vars::{self, Given};
use crate::writer;
use indexmap::IndexMap;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use serde_json::json;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

pub use crate::grading::assignment::JOURNAL;

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
    let template = crate::render::resolve(&settings.template, None)?;
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
    for n in &roster.notes {
        let text = t::BATCH_ROW_NOTE.f(&[
            ("row", &n.row),
            ("note", &n.message(lang)),
            ("path", &display_path(&settings.roster)),
        ]);
        if n.is_warning() {
            printer.warn(&text);
        } else {
            printer.note(&text);
        }
    }
    for p in &roster.problems {
        printer.warn(&t::BATCH_ROW_SKIPPED.f(&[
            ("row", &p.row),
            ("problem", &p.message(lang)),
            ("path", &display_path(&settings.roster)),
        ]));
    }
    // From here on a signal lets the run finish what it is writing and clean up.
    let critical = Critical::enter();
    std::fs::create_dir_all(&settings.out).with_path("create", &settings.out)?;
    let _lock = lock_out(&settings.out)?;
    Assignment {
        deadline: settings.deadline.clone(),
        ..Assignment::new(&settings.template, &template, settings.student)
    }
    .record(&settings.out)?;
    write_teacher_notes(&template, &settings)?;
    write_hidden(&template, &settings)?;
    // Staging directories of runs that were killed; a running `pystart new` keeps its own.
    writer::remove_stale_staging(&settings.out, None);
    let journal = Journal::open(&settings.out)?;
    critical.check()?;

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
    if critical.check().is_err() {
        // Finished repositories are kept; say so, and how to go on.
        let done = outcomes.iter().filter(|o| o.status != "failed").count();
        return Err(Error::interrupted_with(
            t::BATCH_INTERRUPTED.m(&[("done", &done), ("total", &roster.students.len())]),
        )
        .hint(&t::BATCH_INTERRUPTED_HINT));
    }
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
        parts.push(t::BATCH_REPOSITORIES_FAILED.m(&[("repositories", &repositories)]));
    }
    if push_failed > 0 {
        let pushes = t::count_of(&t::COUNT_PUSH, &t::COUNT_PUSHES, push_failed);
        parts.push(t::BATCH_PUSHES_FAILED.m(&[("pushes", &pushes)]));
    }
    if !roster.problems.is_empty() {
        let rows: Vec<String> = roster.problems.iter().map(|p| p.row.to_string()).collect();
        parts.push(t::BATCH_ROWS_SKIPPED.m(&[
            ("rows", &t::join(&rows)),
            ("s", &crate::printer::plural(rows.len())),
        ]));
    }
    let mut err = Error::new(crate::messages::Msg::join(parts, &t::CLAUSE_SEPARATOR));
    // Pushes refused because the repository is not on the server: say how servers create them.
    if outcomes.iter().any(|o| {
        o.push
            .as_deref()
            .is_some_and(|p| p.starts_with("failed") && missing_repository(p))
    }) {
        err = err.hint(&t::BATCH_PUSH_NO_REPOSITORY_HINT);
    }
    Err(err.hint(&t::BATCH_FAILED_HINT))
}

/// Whether git's reason for a failed push says the repository is not there (as git daemon,
/// GitLab, Gitea and GitHub word it).
fn missing_repository(reason: &str) -> bool {
    let r = reason.to_ascii_lowercase();
    [
        "not found",
        "does not exist",
        "not appear to be a git repository",
        "repository not exported",
        "could not be found",
    ]
    .iter()
    .any(|needle| r.contains(needle))
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
    // Packaging metadata forbids commas in a name, and no file gets a control character: the
    // name is repaired as a default from the environment is (an unusable one is refused below).
    let author = vars::usable_default("author", &student.name)
        .unwrap_or_else(|_| student.name.replace([',', '，'], " "));
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
                    .m(&[("id", &student.id), ("dir", &display_path(&dir))]),
            )),
        }
    } else {
        create(template, student, settings, &dir).map(|_| "created")
    };
    match made {
        Ok(status) => {
            outcome.status = status;
            outcome.commit = git::head_commit(&dir);
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
            match git::push(&dir, &push_url(url_template, student)) {
                Ok(()) => "pushed".into(),
                Err(e) => format!("failed: {e}"),
            }
        });
    }
    journal.record(&Entry {
        id: outcome.id.clone(),
        dir: student.id.clone(),
        name: Some(outcome.name.clone()),
        status: outcome.status.into(),
        commit: outcome.commit.clone(),
        push: outcome.push.clone(),
        remote: settings.push.as_deref().map(|pattern| {
            crate::url::without_credentials(&assignment::fill_url(
                pattern,
                &student.id,
                &student.name,
                student.github.as_deref(),
            ))
        }),
    });
    outcome
}

fn create(
    template: &Template,
    student: &Student,
    settings: &BatchSettings,
    dir: &Path,
) -> Result<()> {
    let answers = student_answers(template, student, settings)?;
    let mut record =
        assignment::student_record(&student.id, &student.name, student.github.as_deref());
    if let Some(d) = &settings.deadline {
        record.insert("deadline".into(), toml::Value::String(d.clone()));
    }
    let (plan, _hidden) = assignment::starter_plan(template, &answers, &record, settings.student)?;
    // The teacher's copy of the answers: `grade` rebuilds this student's files from it.
    let answers_file = plan
        .get(crate::render::ANSWERS_FILE)
        .map(|f| f.contents.clone())
        .unwrap_or_default();
    let kept = assignment::answers_path(&settings.out, &student.id);
    crate::writer::replace_file(&kept, &answers_file).with_path("write", &kept)?;
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

/// The batch's answers with a placeholder teacher as author: for what is rendered once for
/// the whole class (the teacher's notes, the hidden tests).
fn teacher_answers(template: &Template, settings: &BatchSettings) -> Result<vars::Answers> {
    let defs = vars::definitions(&template.manifest, &settings.env);
    let mut given = settings.given.clone();
    given.insert("author".into(), Given::Text("Teacher".into()));
    given.insert(
        "email".into(),
        Given::Text("teacher@example.invalid".into()),
    );
    vars::resolve(&defs, given, None)
}

/// `OUT/TEACHER.md`: what the students' READMEs leave out (the template's teacher notes) and
/// how to grade this batch.
fn write_teacher_notes(template: &Template, settings: &BatchSettings) -> Result<()> {
    let answers = teacher_answers(template, settings)?;
    let plan = crate::render::render(template, &answers)?;
    let notes = plan
        .get("README.md")
        .map(|f| crate::strip::teacher_blocks(&String::from_utf8_lossy(&f.contents)))
        .unwrap_or_default();
    let out = display_path(&settings.out);
    let mut text = t::TEACHER_MD.f(&[
        ("template", &template.name()),
        ("out", &out),
        (
            "deadline",
            &settings
                .deadline
                .as_deref()
                .map(|d| format!(" --deadline \"{d}\""))
                .unwrap_or_default(),
        ),
    ]);
    for block in notes {
        text.push('\n');
        text.push_str(&block);
    }
    let path = settings.out.join("TEACHER.md");
    crate::writer::replace_file(&path, text.as_bytes()).with_path("write", &path)
}

/// The template's hidden files (rendered with the defaults), for the teacher's private
/// repository of grading tests: `OUT/.pystart-batch/hidden/`.
fn write_hidden(template: &Template, settings: &BatchSettings) -> Result<()> {
    if template.manifest.grading.hidden.is_empty() {
        return Ok(());
    }
    let answers = teacher_answers(template, settings)?;
    let record = assignment::student_record("teacher", "teacher", None);
    let (_, hidden) = assignment::starter_plan(template, &answers, &record, false)?;
    let dir = settings.out.join(assignment::RECORD_DIR).join("hidden");
    for f in hidden {
        let path = dir.join(&f.path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).with_path("create", parent)?;
        }
        crate::writer::replace_file(&path, &f.contents).with_path("write", &path)?;
    }
    Ok(())
}

/// The student id recorded in a repository's `.pystart.toml`.
pub fn recorded_student(dir: &Path) -> Option<String> {
    crate::answers::read(&dir.join(render::ANSWERS_FILE))
        .ok()?
        .student_id
}

fn push_url(template: &str, s: &Student) -> String {
    assignment::fill_url(template, &s.id, &s.name, s.github.as_deref())
}

/// The lock file of a batch's `--out` folder (in the teacher's record folder), held while a
/// run writes into it.
pub const LOCK_FILE: &str = "batch.lock";

/// Locks `out` for this run; another run writing there is refused, naming its process.
fn lock_out(out: &Path) -> Result<crate::lock::Lock> {
    let dir = out.join(assignment::RECORD_DIR);
    std::fs::create_dir_all(&dir).with_path("create", &dir)?;
    let path = dir.join(LOCK_FILE);
    match crate::lock::Lock::try_exclusive(&path).with_path("create", &path)? {
        Some(lock) => Ok(lock),
        None => {
            let pid =
                crate::lock::Lock::holder(&path).map_or_else(|| "?".to_string(), |p| p.to_string());
            Err(
                Error::new(t::BATCH_OUT_LOCKED.m(&[("out", &display_path(out)), ("pid", &pid)]))
                    .hint(&t::BATCH_OUT_LOCKED_HINT),
            )
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
            "template": crate::url::redact(&settings.template),
            "out": settings.out,
            "mode": if settings.student { "student" } else { "solution" },
            // The report is data: its texts are in English whatever the interface language.
            "roster": { "source": roster.source.describe("en"), "problems": roster.problems.iter().map(|p| json!({"row": p.row, "message": p.message("en")})).collect::<Vec<_>>(), "notes": roster.notes.iter().map(|n| json!({"row": n.row, "message": n.message("en"), "warning": n.is_warning()})).collect::<Vec<_>>() },
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
        .map(|o| crate::printer::width(&o.id))
        .max()
        .unwrap_or(0)
        .max(console::measure_text_width(t::BATCH_HEADING_ID.s()));
    // Chinese headings and ids are two columns wide per character: pad by display width.
    let pad = crate::printer::pad;
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
            "{}  {status}  {commit:<7}  {detail}",
            pad(&o.id, width)
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
