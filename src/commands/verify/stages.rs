//! One `verify` job, stage by stage, as a learner would go: render the project, check it
//! statically, make its environment as the README says (a new virtualenv and
//! `pip install -e ".[dev]"`, through uv when it installs), run the README's test command,
//! its browser tests on their own, the concept checks, `ruff check .` and the offline demo —
//! each in a fresh interpreter, each reported on its own, so an outage of the package index
//! (install) is never mistaken for a failing template (tests), nor a slow machine (timeout)
//! for either. Must not print directly ([`super::output`]) or decide the order of jobs
//! ([`super::plan`]).

use super::browser::{argv_shown, browser_result, registers_browser_marker};
use super::checks::{file_set_problems, static_problems};
use super::command::{command_argv, demo_result, offline_guard, python_command};
use super::output::Output;
use super::plan::{Job, job_answers};
use super::report::{
    JobReport, STAGES, Stage, Status, count_in_summary, failing_tests, pytest_summary,
};
use super::{Shared, uv_variant};
use crate::error::{Error, Result};
use crate::messages::Msg;
use crate::messages::verify::{self as t, Both};
use crate::platform::Critical;
use crate::python::{self, Made, Outcome, Python, Venv, last_summary_line};
use crate::render::{self, Plan};
use crate::settings::VerifySettings;
use crate::writer;
use indicatif::ProgressBar;
use sha2::{Digest, Sha256};
use std::path::Path;
use std::time::Instant;

/// Records the stages of one job and shows them.
pub struct Ctx<'a> {
    out: &'a Output<'a>,
    spinner: Option<ProgressBar>,
    stages: Vec<Stage>,
}

impl Ctx<'_> {
    pub fn begin(&self, name: &str) {
        if let Some(pb) = &self.spinner {
            pb.set_message(name.to_string());
        }
    }

    pub fn record(&mut self, name: &'static str, started: Instant, result: StageResult) {
        let (status, detail, log) = match result {
            StageResult::Pass(d) => (Status::Pass, d, None),
            StageResult::Skip(d) => (Status::Skip, d, None),
            StageResult::Fail(d, log) => (Status::Fail, d, log),
            StageResult::Timeout(d, log) => (Status::Timeout, d, log),
        };
        let stage = Stage {
            name,
            status,
            seconds: started.elapsed().as_secs_f64(),
            detail,
            log,
        };
        self.out.stage(&stage);
        self.stages.push(stage);
    }

    /// Begins the demo stage: its start, or None when the manifest declares no demo (then the
    /// stage is recorded as skipped).
    pub fn begin_demo(&mut self, demo: &[String]) -> Option<Instant> {
        self.begin("demo");
        let t = Instant::now();
        if demo.is_empty() {
            let why = Both::of(&t::STAGE_NO_DEMO, &[]);
            self.record("demo", t, StageResult::Skip(why));
            return None;
        }
        Some(t)
    }

    pub fn skip_rest(&mut self, after: &str, why: &'static crate::messages::Text) {
        let rest = STAGES.iter().skip_while(|s| **s != after).skip(1);
        for name in rest {
            self.record(name, Instant::now(), StageResult::Skip(Both::of(why, &[])));
        }
    }
}

pub enum StageResult {
    Pass(Both),
    Skip(Both),
    Fail(Both, Option<Both>),
    /// It ran out of its time limit (the detail names it).
    Timeout(Both, Option<Both>),
}

/// `message (hint)`, translated with both.
fn with_hint(message: Msg, hint: Msg) -> Msg {
    Msg::from(&t::STAGE_WITH_HINT)
        .with("message", message)
        .with("hint", hint)
}

/// The end of a log, for a stage's report.
pub fn log_tail(log: &Path, n: usize) -> Option<Both> {
    Some(Both {
        en: python::tail_in(log, n, "en"),
        shown: python::tail(log, n),
        code: None,
    })
}

/// Runs one job in a temporary folder (kept when a stage failed or `--keep`).
pub fn verify_job(
    job: &Job<'_>,
    python: &Python,
    settings: &VerifySettings,
    out: &Output<'_>,
    shared: &Shared,
    critical: &Critical,
) -> Result<JobReport> {
    let started = Instant::now();
    let label = job.label();
    out.started(&label);
    let work = tempfile::Builder::new()
        .prefix(&format!(
            "pystart-verify-{}-{}-",
            job.template.name(),
            job.variant
        ))
        .tempdir()
        .map_err(|e| Error::new(t::VERIFY_NO_TEMP_DIR.m(&[("err", &e)])))?;
    let mut ctx = Ctx {
        out,
        spinner: out.spinner(&label),
        stages: Vec::new(),
    };
    let project = work.path().join(job.template.name());
    let run = Run {
        job,
        python,
        settings,
        shared,
        critical,
        project: &project,
        work: work.path(),
    };
    let ok = run.stages(&mut ctx);
    if let Some(pb) = ctx.spinner.take() {
        pb.finish_and_clear();
    }
    let failed = ctx.stages.iter().any(|s| s.status.failed());
    let kept = (settings.keep || failed).then(|| work.keep());
    ok?;
    Ok(JobReport {
        template: job.template.name().to_string(),
        variant: job.variant.clone(),
        stages: ctx.stages,
        kept,
        seconds: started.elapsed().as_secs_f64(),
    })
}

/// What every stage of one job needs.
pub struct Run<'a> {
    pub job: &'a Job<'a>,
    pub python: &'a Python,
    pub settings: &'a VerifySettings,
    pub shared: &'a Shared,
    pub critical: &'a Critical,
    /// The rendered project.
    pub project: &'a Path,
    /// The job's folder: the project, its environment and the logs.
    pub work: &'a Path,
}

impl Run<'_> {
    fn stages(&self, ctx: &mut Ctx<'_>) -> Result<()> {
        let Some((answers, plan)) = self.render(ctx) else {
            return Ok(());
        };
        self.critical.check()?;
        self.static_checks(ctx, &answers, &plan);
        self.critical.check()?;
        if self.job.uv {
            return uv_variant::stages(self, ctx, &answers);
        }
        let Some(venv) = self.install(ctx)? else {
            return Ok(());
        };
        self.critical.check()?;
        self.tests(ctx, &venv, &answers)?;
        self.critical.check()?;
        self.browser(ctx, &venv, &answers)?;
        self.critical.check()?;
        self.concepts(ctx, &venv, &plan)?;
        self.critical.check()?;
        self.ruff(ctx, &venv)?;
        self.critical.check()?;
        self.demo(ctx, &venv, &answers)
    }

    /// 1. Render and write the project (the student version for the `student` job).
    fn render(&self, ctx: &mut Ctx<'_>) -> Option<(crate::vars::Answers, Plan)> {
        let (job, template) = (self.job, self.job.template);
        ctx.begin("render");
        let t = Instant::now();
        let rendered = job_answers(job, &self.settings.lang).and_then(|answers| {
            let mut plan = render::render(template, &answers)?;
            let mut stripped = None;
            if job.student {
                let (student, summary) =
                    crate::strip::student_plan(&plan, template, &answers, &toml::Table::new())?;
                stripped = Some(summary.files.len());
                plan = student;
            }
            writer::write(&plan, self.project, |_| Ok(()))?;
            Ok((answers, plan, stripped))
        });
        match rendered {
            Ok((answers, plan, stripped)) => {
                let n = plan.files.len();
                let detail = match stripped {
                    None => Both::of(&t::STAGE_RENDERED, &[("n", &n)]),
                    Some(k) => {
                        Both::of(&t::STAGE_RENDERED_STRIPPED, &[("n", &n), ("stripped", &k)])
                    }
                };
                ctx.record("render", t, StageResult::Pass(detail));
                Some((answers, plan))
            }
            Err(e) => {
                // The error in both languages, its hints in parentheses, its code for programs.
                let detail = e
                    .hint_msgs()
                    .iter()
                    .fold(e.msg().clone(), |m, h| with_hint(m, h.clone()));
                let mut detail = Both::from_msg(&detail);
                detail.code = Some(e.code());
                ctx.record("render", t, StageResult::Fail(detail, None));
                ctx.skip_rest("render", &t::STAGE_NOT_RENDERED);
                None
            }
        }
    }

    /// 2. Leftover template syntax, files that do not parse, promised files that are missing.
    fn static_checks(&self, ctx: &mut Ctx<'_>, answers: &crate::vars::Answers, plan: &Plan) {
        ctx.begin("static");
        let t = Instant::now();
        let mut problems = static_problems(plan, self.project, self.python);
        problems.extend(file_set_problems(self.job.template, answers, plan));
        let result = if problems.is_empty() {
            StageResult::Pass(Both::of(&t::STAGE_STATIC_CLEAN, &[]))
        } else {
            let first = problems[0].en.split(':').next().unwrap_or_default();
            let lines =
                |f: fn(&Both) -> &str| problems.iter().map(f).collect::<Vec<_>>().join("\n");
            StageResult::Fail(
                Both::of(
                    &t::STAGE_STATIC_PROBLEMS,
                    &[("n", &problems.len()), ("first", &first)],
                ),
                Some(Both {
                    en: lines(|p| &p.en),
                    shown: lines(|p| &p.shown),
                    code: None,
                }),
            )
        };
        ctx.record("static", t, result);
    }

    /// 3. A new virtualenv with `pip install -e ".[dev]"`, as the README says.
    fn install(&self, ctx: &mut Ctx<'_>) -> Result<Option<Venv>> {
        ctx.begin("install");
        let t = Instant::now();
        let log = self.work.join("install.log");
        let installer = &self.shared.installer;
        let limit = self.settings.test_timeout;
        let made = python::project_env(
            installer,
            self.python,
            self.project,
            ".[dev]",
            &self.work.join("venv"),
            python::Links::Default,
            limit,
            &log,
        );
        let made = match made {
            Ok(made) => made,
            Err(e) => {
                self.critical.check()?;
                return Err(e);
            }
        };
        let result = match made {
            Made::Ready(venv) => {
                let tool = if installer.uv().is_some() {
                    "uv pip"
                } else {
                    "pip"
                };
                ctx.record(
                    "install",
                    t,
                    StageResult::Pass(Both::of(&t::STAGE_INSTALLED, &[("tool", &tool)])),
                );
                return Ok(Some(venv));
            }
            Made::Failed(failure) => {
                let (message, hint) = failure.message(&log);
                let code = message.code();
                let mut detail = Both::from_msg(&with_hint(message, hint));
                // The code is the failure's, not the wrapper's.
                detail.code = code;
                StageResult::Fail(detail, log_tail(&log, 30))
            }
            Made::TimedOut(limit) => StageResult::Timeout(
                Both::of(&t::STAGE_INSTALL_TIMEOUT, &[("seconds", &limit.as_secs())]),
                log_tail(&log, 30),
            ),
        };
        ctx.record("install", t, result);
        ctx.skip_rest("install", &t::STAGE_NOT_INSTALLED);
        Ok(None)
    }

    /// 4. The README's test command, in full.
    fn tests(&self, ctx: &mut Ctx<'_>, venv: &Venv, answers: &crate::vars::Answers) -> Result<()> {
        let (job, template) = (self.job, self.job.template);
        ctx.begin("tests");
        let t = Instant::now();
        let log = self.work.join("tests.log");
        let argv = command_argv(&template.manifest.test, venv, answers.package());
        let mut cmd = python_command(venv, self.project, &argv, self.shared.threads, None);
        let limit = self.settings.test_timeout;
        let outcome = python::run_logged_timeout(&mut cmd, &log, limit)?;
        self.critical.check()?;
        let summary = last_summary_line(&log);
        let shown = template.manifest.test.join(" ");
        let result = match outcome {
            Outcome::TimedOut => StageResult::Timeout(
                Both::of(
                    &t::STAGE_TESTS_TIMEOUT,
                    &[("command", &shown), ("seconds", &limit.as_secs())],
                ),
                log_tail(&log, 100),
            ),
            Outcome::Exited(true) if job.student && count_in_summary(&summary, "xfailed") == 0 => {
                StageResult::Fail(
                    Both::of(&t::STAGE_STUDENT_NO_XFAIL, &[("summary", &summary)]),
                    log_tail(&log, 60),
                )
            }
            Outcome::Exited(true) => StageResult::Pass(Both::same(summary)),
            Outcome::Exited(false) => tests_failed(&log, &shown, &summary),
        };
        ctx.record("tests", t, result);
        Ok(())
    }

    /// 5. The `browser` tests on their own: the test command with `-m browser -rfEs`.
    ///
    /// Only for a project whose pyproject registers the marker; passed, failed, or skipped
    /// with the reason pytest gives (no browser on this machine). They also ran in `tests`.
    fn browser(
        &self,
        ctx: &mut Ctx<'_>,
        venv: &Venv,
        answers: &crate::vars::Answers,
    ) -> Result<()> {
        let template = self.job.template;
        ctx.begin("browser");
        let t = Instant::now();
        if !registers_browser_marker(self.project) {
            ctx.record(
                "browser",
                t,
                StageResult::Skip(Both::of(&t::STAGE_NO_BROWSER_MARKER, &[])),
            );
            return Ok(());
        }
        let log = self.work.join("browser.log");
        let mut argv = command_argv(&template.manifest.test, venv, answers.package());
        // `-rfEs`: the failing tests and the skip reasons in the short summary.
        argv.extend(["-m", "browser", "-rfEs"].map(String::from));
        let mut cmd = python_command(venv, self.project, &argv, self.shared.threads, None);
        let limit = self.settings.test_timeout;
        let outcome = python::run_logged_timeout(&mut cmd, &log, limit)?;
        self.critical.check()?;
        let summary = pytest_summary(&log);
        let shown = argv_shown(&template.manifest.test, &["-m", "browser"]);
        ctx.record(
            "browser",
            t,
            browser_result(outcome, &summary, &log, &shown, limit),
        );
        Ok(())
    }

    /// 6. The concept checks (identical notes are checked once per run).
    fn concepts(&self, ctx: &mut Ctx<'_>, venv: &Venv, plan: &Plan) -> Result<()> {
        ctx.begin("concepts");
        let t = Instant::now();
        let Some(key) = concepts_hash(plan) else {
            ctx.record(
                "concepts",
                t,
                StageResult::Skip(Both::of(&t::STAGE_NO_CONCEPTS, &[])),
            );
            return Ok(());
        };
        let concepts = &self.shared.concepts;
        let already = concepts.lock().expect("concepts lock").get(&key).cloned();
        if let Some(other) = already {
            ctx.record(
                "concepts",
                t,
                StageResult::Skip(Both::of(&t::STAGE_CONCEPTS_DONE, &[("job", &other)])),
            );
            return Ok(());
        }
        let log = self.work.join("concepts.log");
        let argv = [
            venv.python().display().to_string(),
            "concepts/run_checks.py".into(),
        ];
        let passed = self.run_in(venv, &argv, &log)?;
        let summary = last_summary_line(&log);
        if passed {
            let label = self.job.label();
            concepts.lock().expect("concepts lock").insert(key, label);
        }
        ctx.record(
            "concepts",
            t,
            if passed {
                StageResult::Pass(Both::same(summary))
            } else {
                StageResult::Fail(
                    Both::of(&t::STAGE_CONCEPTS_FAILED, &[("summary", &summary)]),
                    log_tail(&log, 60),
                )
            },
        );
        Ok(())
    }

    /// 7. `ruff check .` with the ruff the dev extra installed.
    fn ruff(&self, ctx: &mut Ctx<'_>, venv: &Venv) -> Result<()> {
        ctx.begin("ruff");
        let t = Instant::now();
        let log = self.work.join("ruff.log");
        let ruff = venv.script("ruff");
        if !ruff.is_file() {
            ctx.record(
                "ruff",
                t,
                StageResult::Skip(Both::of(&t::STAGE_NO_RUFF, &[])),
            );
            return Ok(());
        }
        let argv = [ruff.display().to_string(), "check".into(), ".".into()];
        let passed = self.run_in(venv, &argv, &log)?;
        ctx.record(
            "ruff",
            t,
            if passed {
                StageResult::Pass(Both::of(&t::STAGE_RUFF_CLEAN, &[]))
            } else {
                StageResult::Fail(Both::of(&t::STAGE_RUFF_PROBLEMS, &[]), log_tail(&log, 60))
            },
        );
        Ok(())
    }

    /// 8. The offline demo, within its time limit and with the network blocked.
    fn demo(&self, ctx: &mut Ctx<'_>, venv: &Venv, answers: &crate::vars::Answers) -> Result<()> {
        let template = self.job.template;
        let Some(t) = ctx.begin_demo(&template.manifest.demo) else {
            return Ok(());
        };
        // The student version differs from the default one only by the stripped solutions,
        // and its test suite, which just passed, runs the demo end to end with sockets
        // blocked; the command itself, its time limit and its outputs are proved by the
        // default variant's demo stage.
        if self.job.student {
            ctx.record(
                "demo",
                t,
                StageResult::Skip(Both::of(&t::STAGE_STUDENT_DEMO, &[])),
            );
            return Ok(());
        }
        let log = self.work.join("demo.log");
        let argv = command_argv(&template.manifest.demo, venv, answers.package());
        let offline = offline_guard(self.work)?;
        let threads = self.shared.threads;
        let mut cmd = python_command(venv, self.project, &argv, threads, Some(&offline));
        let limit = self.settings.demo_timeout;
        let outcome = python::run_logged_timeout(&mut cmd, &log, limit)?;
        self.critical.check()?;
        let shown = template.manifest.demo.join(" ");
        ctx.record(
            "demo",
            t,
            demo_result(outcome, self.project, &shown, &log, limit),
        );
        Ok(())
    }

    /// Runs `argv` in the project (see [`python_command`]), its output in `log`.
    fn run_in(&self, venv: &Venv, argv: &[String], log: &Path) -> Result<bool> {
        let threads = self.shared.threads;
        let mut cmd = python_command(venv, self.project, argv, threads, None);
        python::run_logged(&mut cmd, log)
    }
}

/// A test run that failed: the first failing test named (or the command, when pytest named
/// none), with the log — a failing test's output in full, up to a sane length.
pub fn tests_failed(log: &Path, shown: &str, summary: &str) -> StageResult {
    let detail = match failing_tests(log).first() {
        None => Both::of(
            &t::STAGE_TESTS_FAILED,
            &[("command", &shown), ("summary", &summary)],
        ),
        Some(first) => Both::of(
            &t::STAGE_FIRST_FAILING,
            &[("summary", &summary), ("test", first)],
        ),
    };
    StageResult::Fail(detail, log_tail(log, 400))
}

/// A hash of the project's concept notes and checks, or None when it has none.
fn concepts_hash(plan: &Plan) -> Option<String> {
    plan.get("concepts/run_checks.py")?;
    let mut h = Sha256::new();
    for f in plan
        .files
        .iter()
        .filter(|f| f.path.starts_with("concepts/"))
    {
        h.update(f.path.as_bytes());
        h.update([0]);
        h.update(&f.contents);
        h.update([0]);
    }
    Some(
        h.finalize()
            .iter()
            .take(8)
            .map(|b| format!("{b:02x}"))
            .collect(),
    )
}
