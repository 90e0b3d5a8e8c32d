//! `pystart verify`: render each template with its defaults and with each declared variant into
//! a temporary directory, check the output statically, install it into a (cached) virtualenv,
//! run its tests, its concept checks, ruff and its offline demo. Every stage is reported on its
//! own, so an outage of the package index (install) is never mistaken for a failing template
//! (tests). Template × variant jobs run in parallel (`-j`).

use crate::catalog::{self, Template};
use crate::error::{Error, IoContext, Result, display_path};
use crate::manifest::{DEFAULT_VARIANT, STUDENT_VARIANT};
use crate::messages::verify::{self as t, Both};
use crate::printer::{Printer, pad, plural, width};
use crate::pyenv::{self, Origin, Python, Venv, last_summary_line, tail};
use crate::pyproject::Dependencies;
use crate::render::{self, Plan};
use crate::settings::VerifySettings;
use crate::vars::{self, Given};
use crate::writer::{self, Critical};
use indexmap::IndexMap;
use indicatif::{MultiProgress, ProgressBar, ProgressDrawTarget, ProgressStyle};
use serde_json::json;
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, HashMap};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// The version of the `--json` report's schema (docs/verify-report.md).
pub const REPORT_SCHEMA: u32 = 1;

/// The stages of one job, in order.
pub const STAGES: &[&str] = &[
    "render", "static", "install", "tests", "concepts", "ruff", "demo",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Status {
    Pass,
    Fail,
    Skip,
}

impl Status {
    fn as_str(self) -> &'static str {
        match self {
            Status::Pass => "pass",
            Status::Fail => "fail",
            Status::Skip => "skip",
        }
    }
}

#[derive(Debug)]
struct Stage {
    name: &'static str,
    status: Status,
    seconds: f64,
    detail: Both,
    /// The log of a failed stage (the end of it when it is long).
    log: Option<Both>,
}

/// One template rendered with one answer set.
struct Job<'a> {
    template: &'a Template,
    variant: String,
    set: IndexMap<String, Given>,
    /// The student version: solutions stripped; stretch tests must report XFAIL.
    student: bool,
    /// Installed and run with uv as a uv user does (`runner = "uv"`), not venv and pip.
    uv: bool,
}

impl Job<'_> {
    fn label(&self) -> String {
        format!("{}/{}", self.template.name(), self.variant)
    }
}

#[derive(Debug)]
struct JobReport {
    template: String,
    variant: String,
    stages: Vec<Stage>,
    kept: Option<PathBuf>,
    seconds: f64,
}

impl JobReport {
    fn passed(&self) -> bool {
        self.stages.iter().all(|s| s.status != Status::Fail)
    }

    fn first_failure(&self) -> Option<&Stage> {
        self.stages.iter().find(|s| s.status == Status::Fail)
    }

    fn label(&self) -> String {
        format!("{}/{}", self.template, self.variant)
    }

    /// One line: what failed, or what the tests said.
    fn summary(&self) -> String {
        self.first_failure()
            .or_else(|| self.stages.iter().find(|s| s.name == "tests"))
            .map(|s| t::VERIFY_STAGE_DETAIL.f(&[("stage", &s.name), ("detail", &s.detail.shown)]))
            .unwrap_or_default()
    }
}

pub fn run(settings: VerifySettings, printer: &Printer) -> Result<()> {
    let templates = load_templates(&settings)?;
    let jobs = plan_jobs(&templates, &settings.variants, &settings.lang)?;
    if settings.matrix {
        // One line, so a workflow can put it into `$GITHUB_OUTPUT`.
        printer.data(&matrix(&jobs).to_string());
        return Ok(());
    }
    for template in &templates {
        crate::commands::ensure_trusted(template, settings.trust)?;
    }
    let python = Python::probe(&settings.python)?;
    let workers = settings.jobs.clamp(1, jobs.len().max(1));
    printer.info(&t::VERIFY_START.f(&[
        ("templates", &t::VERIFY_TEMPLATES.count(templates.len())),
        ("jobs", &t::VERIFY_JOBS.count(jobs.len())),
        ("implementation", &python.implementation),
        ("version", &python.version),
        ("python", &settings.python.display()),
        ("workers", &workers),
    ]));

    let started = Instant::now();
    let critical = Critical::enter();
    let out = Output::new(printer, jobs.len(), workers);
    let threads = pyenv::threads_per_job(workers);
    let env_keys: HashMap<String, String> = jobs
        .iter()
        .filter_map(|job| Some((job.label(), planned_env_key(job, &python, &settings.lang)?)))
        .collect();
    let preloader = crate::preload::Preloader::new(
        settings.cache_dir.join("preload"),
        settings.preload,
        threads,
        &env_keys.values().cloned().collect::<Vec<_>>(),
    );
    let shared = Shared {
        threads,
        env_keys,
        preloader: Some(preloader),
        ..Shared::default()
    };
    let history = settings.cache_dir.join("verify-seconds.json");
    let mut seconds = read_seconds(&history);
    let start = longest_first(&jobs, &seconds);
    let results = crate::parallel::map_starting(&jobs, &start, workers, &critical, |job| {
        let result = verify_job(job, &python, &settings, &out, &shared, &critical);
        if let Ok(report) = &result {
            out.finished(report);
        }
        result
    });
    out.clear();
    drop(critical);
    let reports = results.into_iter().collect::<Result<Vec<_>>>()?;
    let elapsed = started.elapsed().as_secs_f64();
    for r in &reports {
        seconds.insert(r.label(), round2(r.seconds));
    }
    write_seconds(&history, &seconds);

    print_table(printer, &reports);
    if settings.json {
        printer.json(&json_report(&settings, &python, &reports, elapsed));
    }
    if let Some(path) = &settings.junit {
        std::fs::write(path, junit_report(&reports, elapsed)).with_path("write", path)?;
        printer.info(&t::VERIFY_JUNIT_WRITTEN.f(&[("path", &display_path(path))]));
    }

    let failed: Vec<&JobReport> = reports.iter().filter(|r| !r.passed()).collect();
    let passed = reports.len() - failed.len();
    printer.info(&t::VERIFY_DONE.f(&[
        ("passed", &t::VERIFY_JOBS.count(passed)),
        ("failed", &failed.len()),
        ("seconds", &format!("{elapsed:.0}")),
        (
            "built",
            &t::VERIFY_ENVIRONMENTS.count(shared.built.load(Ordering::SeqCst)),
        ),
    ]));
    if failed.is_empty() {
        return Ok(());
    }
    let what: Vec<String> = failed
        .iter()
        .map(|r| t::VERIFY_FAILED_JOB.f(&[("label", &r.label()), ("summary", &r.summary())]))
        .collect();
    let mut err = Error::new(t::VERIFY_JOBS_FAILED.f(&[
        ("failed", &failed.len()),
        ("total", &reports.len()),
        ("list", &what.join(t::VERIFY_LIST_SEPARATOR.s())),
    ]))
    .hint(t::VERIFY_SEE_ABOVE.s());
    if let Some(kept) = failed.iter().find_map(|r| r.kept.as_ref()) {
        err = err.hint(t::VERIFY_KEPT_HINT.f(&[("path", &display_path(kept))]));
    }
    Err(err)
}

/// How long each job (`template/variant`) took in earlier runs.
fn read_seconds(path: &Path) -> BTreeMap<String, f64> {
    std::fs::read(path)
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok())
        .unwrap_or_default()
}

/// Records the job times for the next run's order. Only a scheduling hint: a failure to write
/// it is not worth an error.
fn write_seconds(path: &Path, seconds: &BTreeMap<String, f64>) {
    if let Ok(text) = serde_json::to_vec_pretty(seconds) {
        let _ = writer::replace_file(path, &text);
    }
}

/// The order to start the jobs in: the longest (by earlier runs) first, jobs never timed
/// before them all, so that two workers finish at about the same time. Ties keep plan order.
fn longest_first(jobs: &[Job<'_>], seconds: &BTreeMap<String, f64>) -> Vec<usize> {
    let mut order: Vec<usize> = (0..jobs.len()).collect();
    let expected = |i: usize| {
        seconds
            .get(&jobs[i].label())
            .copied()
            .unwrap_or(f64::INFINITY)
    };
    order.sort_by(|&a, &b| expected(b).total_cmp(&expected(a)));
    order
}

/// The templates named on the command line (embedded names or template directories on disk),
/// or every embedded template.
fn load_templates(settings: &VerifySettings) -> Result<Vec<Template>> {
    let names = if settings.templates.is_empty() {
        catalog::names()
    } else {
        settings.templates.clone()
    };
    names.iter().map(|n| catalog::resolve(n, None)).collect()
}

/// Every template × variant to verify, in order; `only` limits the variants.
fn plan_jobs<'a>(templates: &'a [Template], only: &[String], lang: &str) -> Result<Vec<Job<'a>>> {
    let mut jobs = Vec::new();
    for template in templates {
        let mut variants: Vec<(String, IndexMap<String, Given>, bool)> =
            vec![(DEFAULT_VARIANT.to_string(), IndexMap::new(), false)];
        for v in &template.manifest.variants {
            let set = v
                .set
                .iter()
                .map(|(k, val)| (k.clone(), Given::Toml(val.clone())))
                .collect();
            let uv = v.runner == Some(crate::manifest::Runner::Uv);
            variants.push((v.name.clone(), set, uv));
        }
        for (variant, set, uv) in variants {
            if only.is_empty() || only.contains(&variant) {
                jobs.push(Job {
                    template,
                    variant,
                    set,
                    student: false,
                    uv,
                });
            }
        }
        let wanted = only.is_empty() || only.iter().any(|v| v == STUDENT_VARIANT);
        if wanted && has_solutions(template, lang) {
            jobs.push(Job {
                template,
                variant: STUDENT_VARIANT.to_string(),
                set: IndexMap::new(),
                student: true,
                uv: false,
            });
        }
    }
    if let Some(missing) = only.iter().find(|v| !jobs.iter().any(|j| &j.variant == *v)) {
        let known: Vec<String> = templates
            .iter()
            .flat_map(|t| {
                std::iter::once(DEFAULT_VARIANT.to_string())
                    .chain(t.manifest.variants.iter().map(|v| v.name.clone()))
            })
            .collect();
        return Err(
            Error::new(t::VERIFY_NO_SUCH_VARIANT.f(&[("variant", missing)]))
                .hint(t::VERIFY_KNOWN_VARIANTS.f(&[("variants", &dedup(known).join(", "))])),
        );
    }
    Ok(jobs)
}

/// Whether the template's default rendering has solution markers (a render error here is
/// reported by the template's `default` job).
fn has_solutions(template: &Template, lang: &str) -> bool {
    let job = Job {
        template,
        variant: DEFAULT_VARIANT.into(),
        set: IndexMap::new(),
        student: false,
        uv: false,
    };
    job_answers(&job, lang)
        .and_then(|a| render::render(template, &a))
        .is_ok_and(|plan| crate::strip::has_markers(&plan))
}

fn dedup(mut v: Vec<String>) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    v.retain(|x| seen.insert(x.clone()));
    v
}

/// A GitHub Actions matrix: `{"include": [{"template": …, "variant": …}, …]}`.
fn matrix(jobs: &[Job<'_>]) -> serde_json::Value {
    json!({
        "include": jobs.iter().map(|j| json!({
            "template": j.template.name(),
            "variant": j.variant,
        })).collect::<Vec<_>>(),
    })
}

/// State shared by the workers.
#[derive(Default)]
struct Shared {
    /// Concept checks already passed in this run, by content hash → the job that ran them.
    concepts: Mutex<HashMap<String, String>>,
    /// Environments built in this run.
    built: AtomicUsize,
    /// Threads each job's numeric libraries may use (see [`pyenv::limit_threads`]).
    threads: usize,
    /// The shared environment each job will use, by job label (as far as planning can tell).
    env_keys: HashMap<String, String>,
    /// Test runs forked from a server per shared environment.
    preloader: Option<crate::preload::Preloader>,
}

/// Where progress goes: live bars on a terminal, plain lines otherwise.
struct Output<'a> {
    printer: &'a Printer,
    bars: Option<(MultiProgress, ProgressBar)>,
    /// One job at a time and no bars: stream each stage as it ends.
    stream: bool,
    lock: Mutex<()>,
    done: AtomicUsize,
    total: usize,
}

impl<'a> Output<'a> {
    fn new(printer: &'a Printer, total: usize, workers: usize) -> Self {
        let bars = std::io::stderr().is_terminal().then(|| {
            let multi = MultiProgress::with_draw_target(ProgressDrawTarget::stderr());
            let overall = multi.add(ProgressBar::new(total as u64));
            overall.set_style(
                ProgressStyle::with_template(t::VERIFY_PROGRESS.s())
                    .expect("valid progress template"),
            );
            (multi, overall)
        });
        Output {
            printer,
            stream: bars.is_none() && workers == 1,
            bars,
            lock: Mutex::new(()),
            done: AtomicUsize::new(0),
            total,
        }
    }

    fn line(&self, text: &str) {
        let _guard = self.lock.lock();
        match &self.bars {
            Some((multi, _)) => {
                let _ = multi.println(text);
            }
            None => self.printer.info(text),
        }
    }

    fn spinner(&self, label: &str) -> Option<ProgressBar> {
        let (multi, overall) = self.bars.as_ref()?;
        let pb = multi.insert_before(overall, ProgressBar::new_spinner());
        pb.set_style(
            ProgressStyle::with_template("{spinner} {prefix}: {msg}").expect("valid template"),
        );
        pb.set_prefix(label.to_string());
        pb.enable_steady_tick(Duration::from_millis(120));
        Some(pb)
    }

    fn stage_line(&self, stage: &Stage) -> String {
        let mark = match stage.status {
            Status::Pass => self.printer.green(&pad(t::VERIFY_OK.s(), 4)),
            Status::Fail => self.printer.red(&pad(t::VERIFY_FAIL.s(), 4)),
            Status::Skip => self.printer.dim(&pad(t::VERIFY_SKIP.s(), 4)),
        };
        format!(
            "  {mark} {:<9} {:>6.1}s  {}",
            stage.name, stage.seconds, stage.detail.shown
        )
    }

    fn log_lines(&self, stage: &Stage) -> String {
        stage
            .log
            .as_ref()
            .map_or("", |l| l.shown.as_str())
            .lines()
            .map(|l| format!("       | {l}\n"))
            .collect()
    }

    fn started(&self, label: &str) {
        if self.stream {
            self.line(&self.printer.bold(label));
        }
    }

    fn stage(&self, stage: &Stage) {
        if self.stream {
            let mut text = self.stage_line(stage);
            if stage.status == Status::Fail {
                text.push('\n');
                text.push_str(self.log_lines(stage).trim_end());
            }
            self.line(&text);
        }
    }

    /// A finished job: a summary line when it passed; every stage and the failing log when not.
    fn finished(&self, report: &JobReport) {
        let n = self.done.fetch_add(1, Ordering::SeqCst) + 1;
        if let Some((_, overall)) = &self.bars {
            overall.inc(1);
        }
        if self.stream {
            if let Some(kept) = &report.kept {
                self.line(&t::VERIFY_KEPT.f(&[("path", &display_path(kept))]));
            }
            return;
        }
        let label = report.label();
        if report.passed() && !self.printer.verbose() {
            self.line(&format!(
                "[{n}/{}] {} {label}  {:.1}s  {}",
                self.total,
                self.printer.green(t::VERIFY_PASS.s()),
                report.seconds,
                report.summary()
            ));
            return;
        }
        let mut text = format!(
            "[{n}/{}] {} {label}  {:.1}s",
            self.total,
            if report.passed() {
                self.printer.green(t::VERIFY_PASS.s())
            } else {
                self.printer.red(t::VERIFY_FAIL.s())
            },
            report.seconds
        );
        for stage in &report.stages {
            text.push('\n');
            text.push_str(&self.stage_line(stage));
            if stage.status == Status::Fail {
                text.push('\n');
                text.push_str(self.log_lines(stage).trim_end());
            }
        }
        if let Some(kept) = &report.kept {
            text.push('\n');
            text.push_str(&t::VERIFY_KEPT.f(&[("path", &display_path(kept))]));
        }
        self.line(&text);
    }

    fn clear(&self) {
        if let Some((multi, overall)) = &self.bars {
            overall.finish_and_clear();
            let _ = multi.clear();
        }
    }
}

/// The answers a verification uses: the defaults (with a fixed author so runs are comparable)
/// and the variant's values.
fn job_answers(job: &Job<'_>, lang: &str) -> Result<vars::Answers> {
    let env = vars::EnvDefaults {
        lang: lang.to_string(),
        author: Some("Ada Lovelace".into()),
        email: Some("ada@example.com".into()),
    };
    let defs = vars::definitions(&job.template.manifest, &env);
    vars::resolve(&defs, job.set.clone(), None)
}

/// Records the stages of one job and shows them.
struct Ctx<'a> {
    out: &'a Output<'a>,
    spinner: Option<ProgressBar>,
    stages: Vec<Stage>,
}

impl Ctx<'_> {
    fn begin(&self, name: &str) {
        if let Some(pb) = &self.spinner {
            pb.set_message(name.to_string());
        }
    }

    fn record(&mut self, name: &'static str, started: Instant, result: StageResult) {
        let (status, detail, log) = match result {
            StageResult::Pass(d) => (Status::Pass, d, None),
            StageResult::Skip(d) => (Status::Skip, d, None),
            StageResult::Fail(d, log) => (Status::Fail, d, log),
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

    fn skip_rest(&mut self, after: &str, why: &crate::messages::Text) {
        let rest = STAGES.iter().skip_while(|s| **s != after).skip(1);
        for name in rest {
            self.record(name, Instant::now(), StageResult::Skip(Both::of(why, &[])));
        }
    }
}

enum StageResult {
    Pass(Both),
    Skip(Both),
    Fail(Both, Option<Both>),
}

/// The end of a log, for a stage's report.
fn log_tail(log: &Path, n: usize) -> Option<Both> {
    Some(Both {
        en: pyenv::tail_in(log, n, "en"),
        shown: tail(log, n),
    })
}

fn verify_job(
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
    if let (Some(preloader), Some(key), true) = (
        &shared.preloader,
        shared.env_keys.get(&label),
        settings.use_cache,
    ) && let Some(env) = pyenv::cached_env(&settings.cache_dir, key)
    {
        preloader.prepare(key, &env);
    }
    let work = tempfile::Builder::new()
        .prefix(&format!(
            "pystart-verify-{}-{}-",
            job.template.name(),
            job.variant
        ))
        .tempdir()
        .map_err(|e| Error::new(t::VERIFY_NO_TEMP_DIR.f(&[("err", &e)])))?;
    let mut ctx = Ctx {
        out,
        spinner: out.spinner(&label),
        stages: Vec::new(),
    };
    let project = work.path().join(job.template.name());
    let ok = stages(
        job,
        python,
        settings,
        &mut ctx,
        &project,
        work.path(),
        shared,
        critical,
    );
    if let Some(pb) = ctx.spinner.take() {
        pb.finish_and_clear();
    }
    if let (Some(preloader), Some(key)) = (&shared.preloader, shared.env_keys.get(&label)) {
        preloader.release(key);
    }
    let failed = ctx.stages.iter().any(|s| s.status == Status::Fail);
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

#[allow(clippy::too_many_arguments)]
fn stages(
    job: &Job<'_>,
    python: &Python,
    settings: &VerifySettings,
    ctx: &mut Ctx<'_>,
    project: &Path,
    work: &Path,
    shared: &Shared,
    critical: &Critical,
) -> Result<()> {
    let template = job.template;
    // 1. render and write
    ctx.begin("render");
    let t = Instant::now();
    let rendered = job_answers(job, &settings.lang).and_then(|answers| {
        let mut plan = render::render(template, &answers)?;
        let mut stripped = None;
        if job.student {
            let (student, summary) =
                crate::strip::student_plan(&plan, template, &answers, &toml::Table::new())?;
            stripped = Some(summary.files.len());
            plan = student;
        }
        writer::write(&plan, project, |_| Ok(()))?;
        Ok((answers, plan, stripped))
    });
    let (answers, plan) = match rendered {
        Ok((answers, plan, stripped)) => {
            let n = plan.files.len();
            let detail = match stripped {
                None => Both::of(&t::STAGE_RENDERED, &[("n", &n)]),
                Some(k) => Both::of(&t::STAGE_RENDERED_STRIPPED, &[("n", &n), ("stripped", &k)]),
            };
            ctx.record("render", t, StageResult::Pass(detail));
            (answers, plan)
        }
        Err(e) => {
            // The error is in the interface language already; its hints go in parentheses.
            let mut detail = Both::same(e.message());
            for h in e.hints() {
                let with = |message: &str, lang: &str| {
                    t::STAGE_WITH_HINT.fill(lang, &[("message", message), ("hint", h)])
                };
                detail = Both {
                    en: with(&detail.en, "en"),
                    shown: with(&detail.shown, crate::messages::lang()),
                };
            }
            ctx.record("render", t, StageResult::Fail(detail, None));
            ctx.skip_rest("render", &t::STAGE_NOT_RENDERED);
            return Ok(());
        }
    };
    critical.check()?;

    // 2. static checks
    ctx.begin("static");
    let t = Instant::now();
    let mut problems = static_problems(&plan, project, python);
    problems.extend(file_set_problems(template, &answers, &plan));
    let result = if problems.is_empty() {
        StageResult::Pass(Both::of(&t::STAGE_STATIC_CLEAN, &[]))
    } else {
        let first = problems[0].en.split(':').next().unwrap_or_default();
        let lines = |f: fn(&Both) -> &str| problems.iter().map(f).collect::<Vec<_>>().join("\n");
        StageResult::Fail(
            Both::of(
                &t::STAGE_STATIC_PROBLEMS,
                &[("n", &problems.len()), ("first", &first)],
            ),
            Some(Both {
                en: lines(|p| &p.en),
                shown: lines(|p| &p.shown),
            }),
        )
    };
    ctx.record("static", t, result);
    critical.check()?;

    if job.uv {
        return uv_stages(
            job,
            python,
            ctx,
            project,
            work,
            &answers,
            shared.threads,
            settings.demo_timeout,
            critical,
        );
    }

    // 3. install
    ctx.begin("install");
    let t = Instant::now();
    let install_log = work.join("install.log");
    let env = match install(&plan, python, settings, project, work, &install_log) {
        Ok(env) => {
            let (origin, key) = (env.origin, env.key.clone());
            let how = match origin {
                Origin::Cached => &t::STAGE_ENV_CACHED,
                Origin::Built => {
                    shared.built.fetch_add(1, Ordering::SeqCst);
                    &t::STAGE_ENV_BUILT
                }
                Origin::Rebuilt => {
                    shared.built.fetch_add(1, Ordering::SeqCst);
                    &t::STAGE_ENV_REBUILT
                }
            };
            ctx.record(
                "install",
                t,
                StageResult::Pass(Both::of(how, &[("key", &key)])),
            );
            env
        }
        Err(e) => {
            critical.check()?;
            ctx.record(
                "install",
                t,
                StageResult::Fail(Both::same(e.message()), log_tail(&install_log, 30)),
            );
            ctx.skip_rest("install", &t::STAGE_NOT_INSTALLED);
            return Ok(());
        }
    };
    critical.check()?;
    let venv = &env.venv;

    // 4. the template's tests
    ctx.begin("tests");
    let t = Instant::now();
    let log = work.join("tests.log");
    let mut argv = command_argv(&template.manifest.test, venv, answers.package());
    // A job that runs the demo command as its own stage leaves the suite's `demo`-marked tests
    // (the same demo, run in-process) to the variants without that stage, such as `student`.
    let runs_demo = !job.student && !template.manifest.demo.is_empty();
    let plugins = if runs_demo && runs_pytest(&argv) {
        let dir = work.join("plugins");
        std::fs::create_dir_all(&dir).with_path("create", &dir)?;
        let file = dir.join(format!("{SKIP_DEMO_PLUGIN}.py"));
        std::fs::write(&file, SKIP_DEMO_PLUGIN_SOURCE).with_path("write", &file)?;
        argv.extend(["-p".to_string(), SKIP_DEMO_PLUGIN.to_string()]);
        Some(dir)
    } else {
        None
    };
    let mut cmd = python_command(venv, project, &argv, shared.threads, plugins.as_deref());
    let passed = match run_preloaded(shared, &env, &cmd, &log, Some(pyenv::COMMAND_LIMIT)) {
        Some(outcome) => outcome == pyenv::Outcome::Exited(true),
        None => {
            critical.check()?;
            pyenv::run_logged(&mut cmd, &log)?
        }
    };
    critical.check()?;
    let summary = last_summary_line(&log);
    let xfailed = count_in_summary(&summary, "xfailed");
    ctx.record(
        "tests",
        t,
        if passed && job.student && xfailed == 0 {
            StageResult::Fail(
                Both::of(&t::STAGE_STUDENT_NO_XFAIL, &[("summary", &summary)]),
                log_tail(&log, 60),
            )
        } else if passed {
            StageResult::Pass(Both::same(summary))
        } else {
            let failing = failing_tests(&log);
            let detail = if failing.is_empty() {
                Both::of(
                    &t::STAGE_TESTS_FAILED,
                    &[
                        ("command", &template.manifest.test.join(" ")),
                        ("summary", &summary),
                    ],
                )
            } else {
                Both::of(
                    &t::STAGE_FIRST_FAILING,
                    &[("summary", &summary), ("test", &failing[0])],
                )
            };
            // A failing test's output is shown in full (up to a sane length).
            StageResult::Fail(detail, log_tail(&log, 400))
        },
    );

    // 5. concept checks (identical notes are checked once per run)
    ctx.begin("concepts");
    let t = Instant::now();
    let concept_key = concepts_hash(&plan);
    let already = concept_key.as_ref().and_then(|k| {
        shared
            .concepts
            .lock()
            .expect("concepts lock")
            .get(k)
            .cloned()
    });
    if concept_key.is_none() {
        ctx.record(
            "concepts",
            t,
            StageResult::Skip(Both::of(&t::STAGE_NO_CONCEPTS, &[])),
        );
    } else if let Some(other) = already {
        ctx.record(
            "concepts",
            t,
            StageResult::Skip(Both::of(&t::STAGE_CONCEPTS_DONE, &[("job", &other)])),
        );
    } else {
        let log = work.join("concepts.log");
        let argv = [
            venv.python().display().to_string(),
            "concepts/run_checks.py".into(),
        ];
        let passed = run_in(venv, project, &argv, &log, shared.threads)?;
        critical.check()?;
        let summary = last_summary_line(&log);
        if passed && let Some(k) = concept_key {
            shared
                .concepts
                .lock()
                .expect("concepts lock")
                .insert(k, job.label());
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
    }

    // 6. ruff
    ctx.begin("ruff");
    let t = Instant::now();
    let log = work.join("ruff.log");
    // The shared environment's ruff executable, else `python -m ruff` when it can be found
    // that way (two interpreter starts fewer in the common case).
    let py = venv.python().display().to_string();
    let exe = env
        .shared
        .bin()
        .join(if cfg!(windows) { "ruff.exe" } else { "ruff" });
    let ruff: Vec<String> = if exe.is_file() {
        vec![exe.display().to_string()]
    } else {
        vec![py.clone(), "-m".into(), "ruff".into()]
    };
    let with = |args: &[&str]| {
        let mut argv = ruff.clone();
        argv.extend(args.iter().map(|a| a.to_string()));
        argv
    };
    if exe.is_file() || run_in(venv, project, &with(&["--version"]), &log, shared.threads)? {
        let passed = run_in(venv, project, &with(&["check", "."]), &log, shared.threads)?;
        ctx.record(
            "ruff",
            t,
            if passed {
                StageResult::Pass(Both::of(&t::STAGE_RUFF_CLEAN, &[]))
            } else {
                StageResult::Fail(Both::of(&t::STAGE_RUFF_PROBLEMS, &[]), log_tail(&log, 60))
            },
        );
    } else {
        ctx.record(
            "ruff",
            t,
            StageResult::Skip(Both::of(&t::STAGE_NO_RUFF, &[])),
        );
    }
    critical.check()?;

    // 7. the offline demo, within a time budget and with the network blocked
    ctx.begin("demo");
    let t = Instant::now();
    if template.manifest.demo.is_empty() {
        ctx.record(
            "demo",
            t,
            StageResult::Skip(Both::of(&t::STAGE_NO_DEMO, &[])),
        );
        return Ok(());
    }
    // The student version differs from the default one only by the stripped solutions, and its
    // test suite, which just passed, runs the demo end to end with sockets blocked; the command
    // itself, its time budget and its outputs are proved by the default variant's demo stage.
    // (About a seventh of a full run's time.)
    if job.student {
        ctx.record(
            "demo",
            t,
            StageResult::Skip(Both::of(&t::STAGE_STUDENT_DEMO, &[])),
        );
        return Ok(());
    }
    let log = work.join("demo.log");
    let argv = command_argv(&template.manifest.demo, venv, answers.package());
    let offline = offline_guard(work)?;
    let mut cmd = python_command(venv, project, &argv, shared.threads, Some(&offline));
    let outcome = match run_preloaded(shared, &env, &cmd, &log, Some(settings.demo_timeout)) {
        Some(outcome) => outcome,
        None => {
            critical.check()?;
            pyenv::run_logged_timeout(&mut cmd, &log, settings.demo_timeout)?
        }
    };
    critical.check()?;
    let shown = template.manifest.demo.join(" ");
    let result = demo_result(outcome, project, &shown, &log, settings.demo_timeout);
    ctx.record("demo", t, result);
    Ok(())
}

/// Put first on the demo's `sys.path`: refuses every connection that does not stay on this
/// machine, so a demo that needs the network fails here instead of on a learner's train ride.
const OFFLINE_SITECUSTOMIZE: &str = r#"import ipaddress
import socket

_connect = socket.socket.connect
_connect_ex = socket.socket.connect_ex
_getaddrinfo = socket.getaddrinfo


def _local(host):
    if host in ("localhost", "", None):
        return True
    try:
        return ipaddress.ip_address(str(host).split("%")[0]).is_loopback
    except ValueError:
        return False


def _refuse(host):
    raise OSError(f"pystart verify runs the demo offline; it tried to reach {host!r}")


def _checked(real):
    def method(self, address):
        if self.family in (socket.AF_INET, socket.AF_INET6) and not _local(address[0]):
            _refuse(address[0])
        return real(self, address)
    return method


def _getaddrinfo_local(host, *args, **kwargs):
    if isinstance(host, bytes):
        host = host.decode("ascii", "replace")
    if not _local(host):
        _refuse(host)
    return _getaddrinfo(host, *args, **kwargs)


socket.socket.connect = _checked(_connect)
socket.socket.connect_ex = _checked(_connect_ex)
socket.getaddrinfo = _getaddrinfo_local
"#;

/// A manifest command with `python` → the venv's interpreter and `{{package}}` filled in.
/// How a demo run went: it must exit cleanly within `limit` and write to `outputs/`.
fn demo_result(
    outcome: pyenv::Outcome,
    project: &Path,
    shown: &str,
    log: &Path,
    limit: std::time::Duration,
) -> StageResult {
    let outputs = count_files(&project.join("outputs"));
    match outcome {
        pyenv::Outcome::TimedOut => StageResult::Fail(
            Both::of(
                &t::STAGE_DEMO_TIMEOUT,
                &[("command", &shown), ("seconds", &limit.as_secs())],
            ),
            log_tail(log, 60),
        ),
        pyenv::Outcome::Exited(false) => StageResult::Fail(
            Both::of(&t::STAGE_DEMO_FAILED, &[("command", &shown)]),
            log_tail(log, 60),
        ),
        pyenv::Outcome::Exited(true) if outputs == 0 => StageResult::Fail(
            Both::of(&t::STAGE_DEMO_NO_OUTPUTS, &[("command", &shown)]),
            log_tail(log, 30),
        ),
        pyenv::Outcome::Exited(true) => StageResult::Pass(Both::of(
            &t::STAGE_DEMO_PASSED,
            &[("n", &outputs), ("s", &plural(outputs))],
        )),
    }
}

/// A folder with the `sitecustomize.py` that lets a demo reach loopback addresses only; put
/// it on the demo's PYTHONPATH.
fn offline_guard(work: &Path) -> Result<std::path::PathBuf> {
    let offline = work.join("offline");
    std::fs::create_dir_all(&offline).with_path("create", &offline)?;
    std::fs::write(offline.join("sitecustomize.py"), OFFLINE_SITECUSTOMIZE)
        .with_path("write", &offline)?;
    Ok(offline)
}

/// The rest of a `runner = "uv"` job, as a learner with uv works: `uv sync` (the dependencies
/// and the `dev` dependency group into `.venv`), then the manifest's test and demo commands
/// through `uv run`. uv comes from PATH or `PYSTART_UV`; without it the stages are skipped.
#[allow(clippy::too_many_arguments)]
fn uv_stages(
    job: &Job<'_>,
    python: &Python,
    ctx: &mut Ctx<'_>,
    project: &Path,
    work: &Path,
    answers: &vars::Answers,
    threads: usize,
    demo_timeout: std::time::Duration,
    critical: &Critical,
) -> Result<()> {
    let template = job.template;
    let uv = std::env::var_os("PYSTART_UV")
        .map(std::path::PathBuf::from)
        .filter(|p| p.is_file())
        .or_else(|| crate::settings::find_on_path(&["uv"]));
    let Some(uv) = uv else {
        ctx.begin("install");
        ctx.record(
            "install",
            Instant::now(),
            StageResult::Skip(Both::of(&t::STAGE_NO_UV, &[])),
        );
        ctx.skip_rest("install", &t::STAGE_NO_UV);
        return Ok(());
    };
    let uv_command = |args: &[String]| {
        let mut c = std::process::Command::new(&uv);
        c.args(args)
            .current_dir(project)
            .env("UV_PYTHON", &python.exe)
            .env("UV_PYTHON_DOWNLOADS", "never")
            .env("MPLBACKEND", "Agg")
            .env_remove("VIRTUAL_ENV")
            .env_remove("PYTHONPATH");
        pyenv::limit_threads(&mut c, threads);
        c
    };
    let run = |args: Vec<String>| -> Vec<String> {
        let mut all = vec!["run".to_string(), "--no-sync".to_string()];
        all.extend(
            args.into_iter()
                .map(|a| a.replace("{{package}}", answers.package())),
        );
        all
    };

    ctx.begin("install");
    let t = Instant::now();
    let log = work.join("install.log");
    let synced = pyenv::run_logged(&mut uv_command(&["sync".into(), "--quiet".into()]), &log)?;
    critical.check()?;
    if !synced {
        ctx.record(
            "install",
            t,
            StageResult::Fail(Both::of(&t::STAGE_UV_SYNC_FAILED, &[]), log_tail(&log, 30)),
        );
        ctx.skip_rest("install", &t::STAGE_NOT_INSTALLED);
        return Ok(());
    }
    ctx.record(
        "install",
        t,
        StageResult::Pass(Both::of(&t::STAGE_UV_SYNCED, &[])),
    );

    ctx.begin("tests");
    let t = Instant::now();
    let log = work.join("tests.log");
    let passed = pyenv::run_logged(&mut uv_command(&run(template.manifest.test.clone())), &log)?;
    critical.check()?;
    let summary = last_summary_line(&log);
    ctx.record(
        "tests",
        t,
        if passed {
            StageResult::Pass(Both::same(summary))
        } else {
            StageResult::Fail(
                Both::of(
                    &t::STAGE_TESTS_FAILED,
                    &[
                        (
                            "command",
                            &format!("uv run {}", template.manifest.test.join(" ")),
                        ),
                        ("summary", &summary),
                    ],
                ),
                log_tail(&log, 400),
            )
        },
    );
    for stage in ["concepts", "ruff"] {
        ctx.begin(stage);
        ctx.record(
            stage,
            Instant::now(),
            StageResult::Skip(Both::of(&t::STAGE_UV_DEFAULT_COVERS, &[])),
        );
    }

    ctx.begin("demo");
    let t = Instant::now();
    if template.manifest.demo.is_empty() {
        ctx.record(
            "demo",
            t,
            StageResult::Skip(Both::of(&t::STAGE_NO_DEMO, &[])),
        );
        return Ok(());
    }
    let log = work.join("demo.log");
    let shown = format!("uv run {}", template.manifest.demo.join(" "));
    // The same network guard as the other variants' demo: only loopback connections.
    let offline = offline_guard(work)?;
    let mut demo = uv_command(&run(template.manifest.demo.clone()));
    demo.env("PYTHONPATH", &offline);
    let outcome = pyenv::run_logged_timeout(&mut demo, &log, demo_timeout)?;
    critical.check()?;
    ctx.record(
        "demo",
        t,
        demo_result(outcome, project, &shown, &log, demo_timeout),
    );
    Ok(())
}

fn command_argv(argv: &[String], venv: &Venv, package: &str) -> Vec<String> {
    argv.iter()
        .enumerate()
        .map(|(i, a)| {
            if i == 0 && a == "python" {
                venv.python().display().to_string()
            } else {
                a.replace("{{package}}", package)
                    .replace("{{ package }}", package)
            }
        })
        .collect()
}

fn count_files(dir: &Path) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    entries
        .flatten()
        .map(|e| {
            let p = e.path();
            if p.is_dir() { count_files(&p) } else { 1 }
        })
        .sum()
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

/// A project's environment for its tests, on top of a shared one.
struct ProjectEnv {
    venv: Venv,
    /// Its site-packages directory.
    site: PathBuf,
    shared: Venv,
    /// The shared environment's key.
    key: String,
    origin: Origin,
}

/// The requirements of a rendered project's tests.
fn test_requirements(plan: &Plan) -> Result<Vec<String>> {
    let pyproject = plan
        .get("pyproject.toml")
        .ok_or_else(|| Error::new(t::STAGE_NO_PYPROJECT.s()))?;
    let deps = Dependencies::parse(&String::from_utf8_lossy(&pyproject.contents))?;
    Ok(deps.for_tests())
}

/// The key of the shared environment a job will use, from its rendered pyproject.toml (None
/// when it does not render: the job will report that).
fn planned_env_key(job: &Job<'_>, python: &Python, lang: &str) -> Option<String> {
    let answers = job_answers(job, lang).ok()?;
    let plan = render::render(job.template, &answers).ok()?;
    Some(pyenv::env_key(python, &test_requirements(&plan).ok()?))
}

fn install(
    plan: &Plan,
    python: &Python,
    settings: &VerifySettings,
    project: &Path,
    work: &Path,
    log: &Path,
) -> Result<ProjectEnv> {
    let requirements = test_requirements(plan)?;
    let key = pyenv::env_key(python, &requirements);
    let (shared, origin) = pyenv::shared_env(
        python,
        &requirements,
        &settings.cache_dir,
        settings.use_cache,
        log,
    )?;
    let (venv, site) = pyenv::project_env(python, &shared, project, &work.join("venv"), log)?;
    Ok(ProjectEnv {
        venv,
        site,
        shared,
        key,
        origin,
    })
}

/// Runs `cmd` forked from the preloading server of the job's shared environment; None when
/// that is not possible (the caller starts it itself).
fn run_preloaded(
    shared: &Shared,
    env: &ProjectEnv,
    cmd: &Command,
    log: &Path,
    limit: Option<Duration>,
) -> Option<pyenv::Outcome> {
    shared
        .preloader
        .as_ref()?
        .run(&env.key, &env.shared, &env.venv, &env.site, cmd, log, limit)
}

/// `argv` to run in `cwd` with the environment's interpreter first on PATH; `python_path` is
/// put on PYTHONPATH (verify's own helper modules).
fn python_command(
    venv: &Venv,
    cwd: &Path,
    argv: &[String],
    threads: usize,
    python_path: Option<&Path>,
) -> Command {
    let mut cmd = Command::new(&argv[0]);
    cmd.args(&argv[1..]).current_dir(cwd);
    pyenv::limit_threads(pyenv::clean_env(&mut cmd, venv), threads);
    if let Some(dir) = python_path {
        cmd.env("PYTHONPATH", dir);
    }
    cmd
}

/// Runs `argv` in `cwd` (see [`python_command`]), its output in `log`.
fn run_in(venv: &Venv, cwd: &Path, argv: &[String], log: &Path, threads: usize) -> Result<bool> {
    pyenv::run_logged(&mut python_command(venv, cwd, argv, threads, None), log)
}

/// Whether a test command runs pytest (`python -m pytest …`, `pytest …`), so that pytest
/// options can be added to it.
fn runs_pytest(argv: &[String]) -> bool {
    argv.iter().take(3).any(|a| {
        Path::new(a)
            .file_stem()
            .is_some_and(|stem| stem == "pytest" || stem == "py.test")
    })
}

/// The pytest plugin (`-p`) that deselects `demo`-marked tests in a job with a demo stage.
const SKIP_DEMO_PLUGIN: &str = "pystart_verify_skip_demo";

const SKIP_DEMO_PLUGIN_SOURCE: &str = r#""""Loaded by `pystart verify` into the test run of a job that also runs the demo command as
its own stage: tests marked `demo` run that same demo in-process, so they are deselected here
(pytest reports them as deselected). Other variants, such as `student`, still run them."""


def pytest_collection_modifyitems(config, items):
    kept, demo = [], []
    for item in items:
        (kept if item.get_closest_marker("demo") is None else demo).append(item)
    if demo:
        config.hook.pytest_deselected(items=demo)
        items[:] = kept
"#;

/// What every project promises (DESIGN §4), and what the manifest's `files.when` rules promise:
/// a rule whose condition holds must keep at least one file, or its globs are stale.
fn file_set_problems(template: &Template, answers: &vars::Answers, plan: &Plan) -> Vec<Both> {
    let mut problems = Vec::new();
    let package = answers.package();
    let required = [
        "README.md".to_string(),
        "pyproject.toml".to_string(),
        ".gitignore".to_string(),
        ".gitattributes".to_string(),
        render::ANSWERS_FILE.to_string(),
        format!("src/{package}/__init__.py"),
    ];
    for path in &required {
        if plan.get(path).is_none() {
            problems.push(Both::of(&t::PROBLEM_MISSING, &[("path", path)]));
        }
    }
    if !plan.files.iter().any(|f| f.path.starts_with("tests/")) {
        problems.push(Both::of(&t::PROBLEM_NO_TESTS, &[]));
    }
    let ctx = render::context(template, answers);
    for (i, rule) in template.manifest.files.when.iter().enumerate() {
        let holds = render::condition(&rule.condition, &ctx, template.name()).unwrap_or(false);
        if !holds {
            continue;
        }
        for glob in &rule.paths {
            let Ok(matcher) = globset::Glob::new(glob).map(|g| g.compile_matcher()) else {
                continue;
            };
            if !plan.files.iter().any(|f| matcher.is_match(&f.path)) {
                problems.push(Both::of(
                    &t::PROBLEM_STALE_RULE,
                    &[("i", &i), ("condition", &rule.condition), ("glob", glob)],
                ));
            }
        }
    }
    problems
}

/// Leftover template syntax in rendered files, and files that do not parse.
fn static_problems(plan: &Plan, project: &Path, python: &Python) -> Vec<Both> {
    let mut problems = Vec::new();
    let mut py_files = Vec::new();
    for f in &plan.files {
        let text = String::from_utf8_lossy(&f.contents);
        if f.rendered {
            for (n, line) in text.lines().enumerate() {
                if line.contains("{{") || line.contains("{%") || line.contains("{#") {
                    problems.push(Both::of(
                        &t::PROBLEM_TEMPLATE_SYNTAX,
                        &[
                            ("path", &f.path),
                            ("line", &(n + 1)),
                            ("text", &line.trim()),
                        ],
                    ));
                }
            }
        }
        let ext = f.path.rsplit('.').next().unwrap_or("");
        match ext {
            "toml" => {
                if let Err(e) = toml::from_str::<toml::Table>(&text) {
                    problems.push(Both::of(
                        &t::PROBLEM_INVALID_TOML,
                        &[("path", &f.path), ("err", &e.message().trim())],
                    ));
                }
            }
            "json" | "ipynb" => {
                if let Err(e) = serde_json::from_str::<serde_json::Value>(&text) {
                    problems.push(Both::of(
                        &t::PROBLEM_INVALID_JSON,
                        &[("path", &f.path), ("err", &e)],
                    ));
                }
            }
            "yml" | "yaml" => {
                if let Err(e) = yaml_rust2::YamlLoader::load_from_str(&text) {
                    problems.push(Both::of(
                        &t::PROBLEM_INVALID_YAML,
                        &[("path", &f.path), ("err", &e)],
                    ));
                }
            }
            "py" => py_files.push(f.path.clone()),
            _ => {}
        }
    }
    if !py_files.is_empty() {
        let script = "import ast, sys\nbad = 0\nfor f in sys.argv[1:]:\n    try:\n        ast.parse(open(f, 'rb').read(), f)\n    except SyntaxError as e:\n        bad += 1\n        print(f'{f}:{e.lineno}: {e.msg}')\nsys.exit(1 if bad else 0)\n";
        match Command::new(&python.exe)
            .arg("-c")
            .arg(script)
            .args(&py_files)
            .current_dir(project)
            .output()
        {
            Ok(out) if out.status.success() => {}
            Ok(out) => problems.extend(
                String::from_utf8_lossy(&out.stdout)
                    .lines()
                    .map(|l| Both::of(&t::PROBLEM_PYTHON_SYNTAX, &[("line", &l)])),
            ),
            Err(e) => problems.push(Both::of(&t::PROBLEM_NO_PYTHON, &[("err", &e)])),
        }
    }
    problems
}

/// The number before `word` in a pytest summary (`52 passed, 3 xfailed in 4.1s`).
fn count_in_summary(summary: &str, word: &str) -> usize {
    let words: Vec<&str> = summary
        .split(|c: char| c == ',' || c.is_whitespace())
        .filter(|w| !w.is_empty())
        .collect();
    words
        .windows(2)
        .find(|w| w[1] == word)
        .and_then(|w| w[0].parse().ok())
        .unwrap_or(0)
}

/// pytest's `FAILED path::test - reason` / `ERROR path` lines, as `path::test`.
fn failing_tests(log: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(log).unwrap_or_default();
    text.lines()
        .filter_map(|l| {
            l.strip_prefix("FAILED ")
                .or_else(|| l.strip_prefix("ERROR "))
        })
        .map(|rest| rest.split(" - ").next().unwrap_or(rest).trim().to_string())
        .collect()
}

/// The human table: one row per job.
fn print_table(printer: &Printer, reports: &[JobReport]) {
    if reports.is_empty() {
        return;
    }
    let width_t = reports
        .iter()
        .map(|r| r.template.chars().count())
        .max()
        .unwrap_or(8)
        .max(8);
    let width_v = reports
        .iter()
        .map(|r| r.variant.chars().count())
        .max()
        .unwrap_or(7)
        .max(7);
    printer.info("");
    printer.info(&format!(
        "{}  {}  {}  {}  {}",
        pad(t::VERIFY_HEADER_TEMPLATE.s(), width_t),
        pad(t::VERIFY_HEADER_VARIANT.s(), width_v),
        pad(t::VERIFY_HEADER_RESULT.s(), 6),
        console::pad_str(
            t::VERIFY_HEADER_SECONDS.s(),
            7,
            console::Alignment::Right,
            None
        ),
        t::VERIFY_HEADER_DETAIL.s(),
    ));
    for r in reports {
        let result = if r.passed() {
            printer.green(&pad(t::VERIFY_PASS.s(), 6))
        } else {
            printer.red(&pad(t::VERIFY_FAIL.s(), 6))
        };
        let line = format!(
            "{}  {}  {result}  {:>7.1}  ",
            pad(&r.template, width_t),
            pad(&r.variant, width_v),
            r.seconds,
        );
        // On a terminal the detail is cut to the line; the JSON and JUnit reports keep it whole.
        let detail = match crate::printer::terminal_columns() {
            Some(cols) => {
                crate::printer::fit(&r.summary(), cols.saturating_sub(width(&line)).max(20))
            }
            None => r.summary(),
        };
        printer.info(&format!("{line}{detail}"));
    }
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// The `--json` report (schema documented in docs/verify-report.md).
fn json_report(
    settings: &VerifySettings,
    python: &Python,
    reports: &[JobReport],
    elapsed: f64,
) -> serde_json::Value {
    let failed = reports.iter().filter(|r| !r.passed()).count();
    json!({
        "schema": REPORT_SCHEMA,
        "pystart_version": env!("CARGO_PKG_VERSION"),
        "python": {
            "path": settings.python,
            "implementation": python.implementation,
            "version": python.version,
        },
        "jobs": settings.jobs,
        "seconds": round2(elapsed),
        "passed": failed == 0,
        "counts": { "total": reports.len(), "passed": reports.len() - failed, "failed": failed },
        "results": reports.iter().map(|r| json!({
            "template": r.template,
            "variant": r.variant,
            "passed": r.passed(),
            "seconds": round2(r.seconds),
            "kept": r.kept,
            "stages": r.stages.iter().map(|s| json!({
                "name": s.name,
                "status": s.status.as_str(),
                "seconds": round2(s.seconds),
                "detail": s.detail.en,
                "log": s.log.as_ref().map(|l| &l.en),
            })).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
    })
}

/// JUnit XML: one `<testcase>` per template × variant (classname = template, name = variant).
fn junit_report(reports: &[JobReport], elapsed: f64) -> String {
    let failures = reports.iter().filter(|r| !r.passed()).count();
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    xml.push_str(&format!(
        "<testsuites name=\"pystart verify\" tests=\"{}\" failures=\"{failures}\" time=\"{elapsed:.2}\">\n",
        reports.len()
    ));
    xml.push_str(&format!(
        "  <testsuite name=\"pystart verify\" tests=\"{}\" failures=\"{failures}\" errors=\"0\" skipped=\"0\" time=\"{elapsed:.2}\">\n",
        reports.len()
    ));
    for r in reports {
        xml.push_str(&format!(
            "    <testcase classname=\"{}\" name=\"{}\" time=\"{:.2}\">\n",
            crate::render::xml_escape(&r.template),
            crate::render::xml_escape(&r.variant),
            r.seconds
        ));
        if let Some(stage) = r.first_failure() {
            xml.push_str(&format!(
                "      <failure message=\"{}\" type=\"{}\">{}</failure>\n",
                crate::render::xml_escape(&format!("{}: {}", stage.name, stage.detail.en)),
                stage.name,
                crate::render::xml_escape(stage.log.as_ref().map_or("", |l| l.en.as_str()))
            ));
        }
        let stages: String = r
            .stages
            .iter()
            .map(|s| {
                format!(
                    "{} {} {:.1}s {}\n",
                    s.status.as_str(),
                    s.name,
                    s.seconds,
                    s.detail.en
                )
            })
            .collect();
        xml.push_str(&format!(
            "      <system-out>{}</system-out>\n",
            crate::render::xml_escape(&stages)
        ));
        xml.push_str("    </testcase>\n");
    }
    xml.push_str("  </testsuite>\n</testsuites>\n");
    xml
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report(template: &str, variant: &str, fail_stage: Option<&'static str>) -> JobReport {
        JobReport {
            template: template.into(),
            variant: variant.into(),
            stages: STAGES
                .iter()
                .map(|name| Stage {
                    name,
                    status: if Some(*name) == fail_stage {
                        Status::Fail
                    } else {
                        Status::Pass
                    },
                    seconds: 1.0,
                    detail: Both::same(if *name == "tests" { "3 passed" } else { "ok" }),
                    log: (Some(*name) == fail_stage)
                        .then(|| Both::same("E   assert 1 == 2 <&> \u{1}")),
                })
                .collect(),
            kept: None,
            seconds: 7.0,
        }
    }

    #[test]
    fn junit_has_one_testcase_per_job_and_escapes_logs() {
        let xml = junit_report(
            &[
                report("chat", "default", None),
                report("chat", "tornado", Some("tests")),
            ],
            14.0,
        );
        let doc = roxmltree::Document::parse(&xml).expect("valid XML");
        let cases: Vec<_> = doc
            .descendants()
            .filter(|n| n.has_tag_name("testcase"))
            .collect();
        assert_eq!(cases.len(), 2);
        assert_eq!(cases[1].attribute("classname"), Some("chat"));
        assert_eq!(cases[1].attribute("name"), Some("tornado"));
        let failure = cases[1]
            .children()
            .find(|n| n.has_tag_name("failure"))
            .unwrap();
        assert_eq!(failure.attribute("message"), Some("tests: 3 passed"));
        assert!(failure.text().unwrap().contains("assert 1 == 2 <&>"));
        assert!(!cases[0].children().any(|n| n.has_tag_name("failure")));
    }

    #[test]
    fn jobs_start_longest_first_and_untimed_ones_before_all() {
        let t = catalog::find("titanic").unwrap();
        let job = |variant: &str| Job {
            template: &t,
            variant: variant.into(),
            set: IndexMap::new(),
            student: false,
            uv: false,
        };
        let jobs = [job("a"), job("b"), job("c"), job("d")];
        let seconds: BTreeMap<String, f64> =
            [("titanic/a", 5.0), ("titanic/b", 50.0), ("titanic/d", 5.0)]
                .into_iter()
                .map(|(k, v)| (k.to_string(), v))
                .collect();
        assert_eq!(longest_first(&jobs, &seconds), vec![2, 1, 0, 3]);
    }

    #[test]
    fn summaries_name_the_failing_stage() {
        assert_eq!(report("t", "default", None).summary(), "tests: 3 passed");
        assert_eq!(report("t", "x", Some("ruff")).summary(), "ruff: ok");
    }

    #[test]
    fn pytest_options_are_added_only_to_pytest_commands() {
        let argv = |a: &[&str]| a.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert!(runs_pytest(&argv(&[
            "/venv/bin/python",
            "-m",
            "pytest",
            "-q"
        ])));
        assert!(runs_pytest(&argv(&["pytest"])));
        assert!(runs_pytest(&argv(&["/venv/bin/pytest", "-x"])));
        assert!(!runs_pytest(&argv(&["python", "-m", "unittest"])));
        assert!(!runs_pytest(&argv(&["make", "test", "ARGS=pytest"])));
    }

    #[test]
    fn failing_tests_are_read_from_pytest_output() {
        let dir = tempfile::tempdir().unwrap();
        let log = dir.path().join("t.log");
        std::fs::write(
            &log,
            "..F\nFAILED tests/test_a.py::test_x - AssertionError: no\nERROR tests/test_b.py\n1 failed, 2 passed in 0.1s\n",
        )
        .unwrap();
        assert_eq!(
            failing_tests(&log),
            ["tests/test_a.py::test_x", "tests/test_b.py"]
        );
        assert_eq!(last_summary_line(&log), "1 failed, 2 passed in 0.1s");
    }

    #[test]
    fn summary_counts_are_read_by_word() {
        let s = "52 passed, 1 skipped, 3 xfailed in 4.10s";
        assert_eq!(count_in_summary(s, "xfailed"), 3);
        assert_eq!(count_in_summary(s, "passed"), 52);
        assert_eq!(count_in_summary(s, "failed"), 0);
    }

    #[test]
    fn manifest_commands_get_the_venv_python_and_the_package() {
        let venv = Venv {
            root: PathBuf::from("/v"),
        };
        let argv = command_argv(
            &[
                "python".into(),
                "-m".into(),
                "{{package}}".into(),
                "demo".into(),
            ],
            &venv,
            "my_pkg",
        );
        assert_eq!(argv[0], venv.python().display().to_string());
        assert_eq!(argv[2], "my_pkg");
    }
}
