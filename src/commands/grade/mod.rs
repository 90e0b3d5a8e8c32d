//! `pystart grade DIR`: score every student repository of a `pystart batch` directory.
//!
//! The assignment's template is the authority (see [`crate::grading`]): a reference run of the
//! teacher's own solution fixes the test set and the maximum; each submission's committed
//! student-owned files are put into a fresh copy of the teacher's files and tested boxed
//! ([`crate::grading::job`]); `grade.py`, the same script the repositories' grading workflow
//! runs, turns the JUnit report into points. The reference run is in [`reference`].

mod reference;

use reference::{fixed_maxima, reference_run, score};

use crate::catalog::Template;
use crate::error::{Error, IoContext, Result, display_path};
use crate::git;
use crate::grading::assignment::{self, Assignment, Enrolled};
use crate::grading::copy::{self, GradingCopy};
use crate::grading::job::{self, Context};
use crate::grading::report::{self, Graded, Status};
use crate::grading::{self, fetch};
use crate::messages::teach as t;
use crate::platform::Critical;
use crate::printer::Printer;
use crate::python::{self, Cache, Installer, Python};
use crate::sandbox::{self, Boxing, Ended, NoBwrap};
use crate::settings::GradeSettings;
use serde_json::json;
use std::path::Path;

/// Most bytes of a submission's files read from git.
const SUBMISSION_LIMIT: u64 = 200 << 20;
/// `grade --similarity` reports pairs at least this alike (as `pystart similar`'s default).
const SIMILARITY_THRESHOLD: f64 = 0.5;
/// Largest JUnit report scored (a real one is a few hundred KB; student code writes it).
const JUNIT_LIMIT: u64 = 32 << 20;

/// Everything a student's grading shares with the others.
struct Shared<'a> {
    settings: &'a GradeSettings,
    assignment: &'a Assignment,
    template: &'a Template,
    boxing: &'a Boxing,
    python: &'a Python,
    installer: &'a Installer,
    threads: usize,
    /// `grade.py` and the students' `grading.json`.
    scripts: &'a Path,
    max_points: u64,
    /// Where logs of failed runs are kept.
    logs: &'a Path,
}

pub fn run(mut settings: GradeSettings, printer: &Printer) -> Result<()> {
    let roster = match &settings.roster {
        Some(path) => Some(crate::roster::read(path, None, None)?),
        None => None,
    };
    let students = assignment::enrolled(&settings.dir, roster.as_ref());
    if students.is_empty() {
        return Err(Error::new(
            t::GRADE_NO_REPOSITORIES.m(&[("dir", &display_path(&settings.dir))]),
        )
        .hint(&t::GRADE_NO_REPOSITORIES_HINT));
    }
    let assignment = Assignment::of_batch(&settings.dir, settings.template.as_deref())?;
    if settings.deadline.is_none()
        && let Some(deadline) = &assignment.deadline
    {
        settings.deadline = crate::git::parse_deadline(deadline);
        printer.note(&t::GRADE_DEADLINE_RECORDED.f(&[("deadline", deadline)]));
    }
    if assignment.pystart_version != env!("CARGO_PKG_VERSION") {
        printer.warn(&t::GRADE_OTHER_VERSION.f(&[
            ("made", &assignment.pystart_version),
            ("now", &env!("CARGO_PKG_VERSION")),
        ]));
    }
    let template = assignment.load_template()?;
    let boxing = choose_boxing(settings.sandbox, printer)?;
    let python = Python::probe(&settings.python)?;
    let cache = Cache::new(&settings.cache_dir);
    let mut notes = Vec::new();
    let installer = Installer::find(settings.installer, &python, Some(&cache), &mut notes)?
        .downloads_in(&cache)?;
    for note in &notes {
        printer.note(note);
    }
    let logs = settings.dir.join(assignment::RECORD_DIR).join("logs");
    std::fs::create_dir_all(&logs).with_path("create", &logs)?;
    let scripts = tempfile::Builder::new()
        .prefix("pystart-grading-")
        .tempdir()
        .map_err(|e| Error::new(t::GRADE_NO_TEMPDIR.m(&[("err", &e)])))?;
    std::fs::write(
        scripts.path().join("grade.py"),
        grading::shared_file("grade.py"),
    )
    .with_path("write", scripts.path())?;

    printer.info(&t::GRADE_START.f(&[
        ("repositories", &repositories(students.len())),
        ("template", &template.name()),
        (
            "python",
            &format!("{} {}", python.implementation, python.version),
        ),
    ]));
    let critical = Critical::enter();
    let threads = python::threads_per_job(settings.jobs);
    let tests = reference_run(
        &settings,
        &template,
        &boxing,
        &python,
        &installer,
        threads,
        scripts.path(),
        &logs,
        printer,
    )?;
    critical.check()?;
    let fixed = fixed_maxima(&template.manifest.grading, &tests);
    let max_points = fixed["max_points"].as_u64().unwrap_or(0);
    std::fs::write(
        scripts.path().join("grading.json"),
        grading::grading_json(&template.manifest.grading, Some(&tests)),
    )
    .with_path("write", scripts.path())?;
    printer.info(&t::GRADE_TEST_SET.f(&[
        ("tests", &tests.expected.len()),
        ("exercises", &tests.exercises.len()),
        ("max", &max_points),
    ]));

    let shared = Shared {
        settings: &settings,
        assignment: &assignment,
        template: &template,
        boxing: &boxing,
        python: &python,
        installer: &installer,
        threads,
        scripts: scripts.path(),
        max_points,
        logs: &logs,
    };
    // In the order of `students`, which is by id.
    let results = crate::parallel::map(&students, settings.jobs, &critical, |student| {
        let g = grade_one(&shared, student);
        printer.info(&line(&g));
        g
    });
    let strays = sandbox::reap_strays();
    if strays > 0 {
        printer.warn(&t::GRADE_STRAYS.f(&[("n", &strays)]));
    }
    critical.check()?;
    drop(critical);

    let similar = if settings.similarity {
        // What was graded: the fetched repository or the one in DIR, at the graded commit.
        let sources: Vec<crate::grading::similar::Source> = results
            .iter()
            .filter_map(|g| {
                let repo = if settings.fetch {
                    fetch::submissions_dir(&settings.dir, &g.id)
                } else {
                    students.iter().find(|s| s.id == g.id)?.dir.clone()?
                };
                Some(crate::grading::similar::Source {
                    id: g.id.clone(),
                    repo,
                    rev: g.commit.as_ref()?.id.clone(),
                })
            })
            .collect();
        let (_, pairs) = crate::grading::similar::of_sources(
            &sources,
            &template,
            assignment.student_mode(),
            SIMILARITY_THRESHOLD,
        )?;
        printer.info(&t::SIMILAR_SUMMARY.f(&[
            (
                "compared",
                &results.iter().filter(|g| g.commit.is_some()).count(),
            ),
            ("pairs", &pairs.len()),
            (
                "threshold",
                &format!("{:.0}%", SIMILARITY_THRESHOLD * 100.0),
            ),
        ]));
        for p in &pairs {
            printer.info(&super::similar::line(p));
        }
        Some(pairs)
    } else {
        None
    };
    let test_ids = tests.expected.clone();
    if let Some(path) = &settings.report {
        let bytes = report::csv(&results, &test_ids, &fixed)
            .map_err(|e| Error::new(t::GRADE_CANNOT_WRITE_REPORT.m(&[("err", &e)])))?;
        std::fs::write(path, bytes).with_path("write", path)?;
        printer.info(&t::GRADE_REPORT_WRITTEN.f(&[("path", &display_path(path))]));
    }
    if let Some(path) = &settings.html {
        let page = report::html(
            template.name(),
            &results,
            &test_ids,
            max_points,
            similar.as_deref(),
        );
        std::fs::write(path, page).with_path("write", path)?;
        printer.info(&t::GRADE_REPORT_WRITTEN.f(&[("path", &display_path(path))]));
    }
    if settings.json {
        let about = json!({
            "template": assignment.template,
            "mode": assignment.mode,
            "sandbox": if boxing.is_boxed() { "bwrap" } else { "none" },
            "max_points": max_points,
            "base_max": fixed["base_max"],
            "exercise_max": fixed["exercise_max"],
            "tests": tests.expected,
            "exercises": tests.exercises,
        });
        let mut report = report::json(&about, &results);
        if let Some(pairs) = &similar {
            report["similar"] = super::similar::to_json(pairs);
        }
        printer.json(&report);
    }
    let failed: Vec<String> = results
        .iter()
        .filter(|g| matches!(g.status, Status::Error))
        .map(|g| g.id.clone())
        .collect();
    if failed.is_empty() {
        Ok(())
    } else {
        Err(Error::new(t::GRADE_FAILED.m(&[
            ("repositories", &repositories(failed.len())),
            ("ids", &t::join(&failed)),
        ]))
        .hint(&t::GRADE_FAILED_HINT))
    }
}

/// bubblewrap, or the fallback with its warning; an error when bubblewrap was demanded.
fn choose_boxing(choice: sandbox::Choice, printer: &Printer) -> Result<Boxing> {
    match Boxing::choose(choice) {
        Ok(boxing) => {
            if !boxing.is_boxed() {
                printer.warn(t::GRADE_UNBOXED_CHOSEN.s());
                printer.note(t::GRADE_UNBOXED_WHAT.s());
                sandbox::adopt_orphans();
            }
            Ok(boxing)
        }
        Err(why) => {
            let why = match why {
                NoBwrap::Missing => t::SANDBOX_MISSING.s().to_string(),
                NoBwrap::Unsupported => t::SANDBOX_UNSUPPORTED.s().to_string(),
                NoBwrap::Unusable(err) => t::SANDBOX_UNUSABLE.f(&[("err", &err)]),
            };
            if choice == sandbox::Choice::Bwrap {
                return Err(Error::new(t::SANDBOX_REQUIRED.m(&[("why", &why)]))
                    .hint(&t::SANDBOX_REQUIRED_HINT));
            }
            printer.warn(&t::GRADE_UNBOXED.f(&[("why", &why)]));
            printer.note(t::GRADE_UNBOXED_WHAT.s());
            sandbox::adopt_orphans();
            Ok(Boxing::Unboxed)
        }
    }
}

fn grade_one(shared: &Shared, student: &Enrolled) -> Graded {
    let mut g = Graded {
        id: student.id.clone(),
        name: student.name.clone(),
        status: Status::Error,
        reason: None,
        commit: None,
        score: None,
        max_points: shared.max_points,
        changes: vec![],
        extra_dependencies: vec![],
        suspicious: vec![],
        not_on_roster: student.not_on_roster,
        late: vec![],
        future: vec![],
        feedback: None,
        log: None,
        seconds: 0.0,
    };
    let started = std::time::Instant::now();
    let settings = shared.settings;
    let at = fetch::Where {
        dir: settings.dir.clone(),
        fetch: settings.fetch,
        from: settings.from.clone(),
        deadline: settings.deadline,
    };
    let source = match fetch::submission(&at, student) {
        Ok(source) => source,
        Err((status, reason)) => {
            g.status = status;
            g.reason = Some(reason);
            return g;
        }
    };
    g.late = source.late.clone();
    g.future = source.future.clone();
    let dir = source.dir.as_path();
    let (commit, files) = match git::commit_files(dir, &source.rev, SUBMISSION_LIMIT) {
        Ok(x) => x,
        Err(git::ReadTreeError::NoRepository(e) | git::ReadTreeError::NoCommit(e)) => {
            g.status = Status::NoSubmission;
            g.reason = Some(format!("no commit: {e}"));
            return g;
        }
        Err(git::ReadTreeError::TooLarge { limit }) => {
            g.reason = Some(format!("the commit holds more than {} MB", limit >> 20));
            return g;
        }
        Err(git::ReadTreeError::Broken(e)) => {
            g.reason = Some(format!("the repository cannot be read: {e}"));
            return g;
        }
    };
    g.commit = Some(commit);
    let copy = match grading_copy(shared, student, dir, &files) {
        Ok(copy) => copy,
        Err(e) => {
            g.reason = Some(e.msg().en());
            return g;
        }
    };
    g.changes = copy.changes.clone();
    g.extra_dependencies = copy.extra_dependencies.clone();
    g.suspicious = copy.suspicious.clone();
    let ctx = Context {
        boxing: shared.boxing,
        python: shared.python,
        installer: shared.installer,
        test: &shared.template.manifest.test,
        limits: &settings.limits,
        threads: shared.threads,
    };
    let ran = match job::run(&ctx, &copy.plan) {
        Ok(ran) => ran,
        Err(e) => {
            g.reason = Some(e);
            return g;
        }
    };
    g.seconds = started.elapsed().as_secs_f64();
    let (status, reason) = status_of(&ran, settings);
    g.status = status;
    g.reason = reason;
    let junit_size = ran
        .junit
        .as_ref()
        .and_then(|j| std::fs::metadata(j).ok())
        .map_or(0, |m| m.len());
    if status == Status::Graded && junit_size > JUNIT_LIMIT {
        g.status = Status::NoReport;
        g.reason = Some(format!(
            "the test report is larger than {} MB",
            JUNIT_LIMIT >> 20
        ));
    } else if status == Status::Graded
        && let Some(junit) = &ran.junit
    {
        let rules = shared.scripts.join("grading.json");
        match score(shared.python, shared.scripts, &ran.project, junit, &rules) {
            Ok(v) => g.score = Some(v),
            Err(e) => {
                g.status = Status::NoReport;
                g.reason = Some(e.msg().en());
            }
        }
    }
    if g.status != Status::Graded {
        let log = shared.logs.join(format!("{}.log", g.id));
        if std::fs::write(&log, &ran.output).is_ok() {
            g.log = Some(log);
        }
    }
    if settings.feedback
        && let (Some(url), Some(commit)) = (&source.url, &g.commit)
    {
        g.feedback = Some(fetch::send_feedback(&g, dir, &commit.id.clone(), url));
    }
    g
}

/// The teacher's files for `student` with their submitted student-owned files.
fn grading_copy(
    shared: &Shared,
    student: &Enrolled,
    dir: &Path,
    files: &[git::TreeFile],
) -> Result<GradingCopy> {
    let template = shared.template;
    let (answers, record) =
        match assignment::recorded_answers(&shared.settings.dir, &student.id, template)? {
            Some(found) => found,
            None => (
                assignment::teacher_answers(template)?,
                assignment::student_record(&student.id, &student.name, None),
            ),
        };
    let (starter, hidden) = assignment::starter_plan(
        template,
        &answers,
        &record,
        shared.assignment.student_mode(),
    )?;
    let starter_paths = student
        .starter
        .as_deref()
        .and_then(|c| git::commit_paths(dir, c));
    Ok(copy::grading_copy(
        &starter,
        &hidden,
        files,
        &template.manifest.grading.student_paths()?,
        starter_paths.as_ref(),
    ))
}

/// The status of a finished job, and the reason when it is not `graded`.
fn status_of(ran: &job::Ran, settings: &GradeSettings) -> (Status, Option<String>) {
    match ran.ended {
        Ended::TimedOut => (
            Status::Timeout,
            Some(format!(
                "the install or the tests took longer than the limit of {} s",
                settings.limits.time.as_secs()
            )),
        ),
        Ended::Interrupted => (Status::Error, Some("interrupted".into())),
        Ended::Exited(Some(job::BUILD_FAILED)) => (
            Status::BuildFailed,
            Some("the project could not be installed".into()),
        ),
        _ if ran.junit.is_none() => (
            Status::NoReport,
            Some(format!(
                "pytest wrote no report (exit code {})",
                ran.code().map_or("none".into(), |c| c.to_string())
            )),
        ),
        _ => (Status::Graded, None),
    }
}

/// One student's line while grading.
fn line(g: &Graded) -> String {
    let mut text = match g.status {
        Status::Graded => t::GRADE_POINTS.f(&[
            ("points", &g.points()),
            ("max", &g.max_points),
            ("ex", &g.number("exercise_points")),
            ("ex_max", &g.number("exercise_max")),
        ]),
        _ => t::GRADE_NOT_GRADED.f(&[
            ("points", &0),
            ("max", &g.max_points),
            ("status", &g.status.code()),
            ("err", &g.reason.clone().unwrap_or_default()),
        ]),
    };
    let restored = g.changes.iter().filter(|(_, c)| c.restored()).count();
    let ignored = g.changes.len() - restored;
    if restored + ignored > 0 {
        text.push_str(&t::GRADE_CHANGES.f(&[("restored", &restored), ("ignored", &ignored)]));
    }
    if let Some(log) = &g.log {
        text.push_str(&t::GRADE_LOG_KEPT.f(&[("log", &display_path(log))]));
    }
    format!("  {} {text}", crate::printer::pad(&g.id, 12))
}

/// `1 repository`, `2 repositories`.
fn repositories(n: usize) -> String {
    t::count_of(&t::COUNT_REPOSITORY, &t::COUNT_REPOSITORIES, n)
}
