//! `pystart verify`: render each template with its defaults into a temporary directory, check
//! the output statically, install it into a (cached) virtualenv and run its tests, its concept
//! checks and ruff. Every stage is reported on its own line, so an outage of the package index
//! (install) is never mistaken for a failing template (tests).

use crate::catalog::{self, Template};
use crate::error::{Error, IoContext, Result, display_path};
use crate::printer::Printer;
use crate::pyenv::{self, Origin, Python, Venv};
use crate::pyproject::Dependencies;
use crate::render::{self, Plan};
use crate::settings::VerifySettings;
use crate::vars::{self, Given};
use crate::writer::{self, Critical};
use indexmap::IndexMap;
use serde_json::json;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

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
    detail: String,
    /// The end of the log of a failed stage.
    tail: Option<String>,
}

#[derive(Debug)]
struct Report {
    template: String,
    stages: Vec<Stage>,
    kept: Option<PathBuf>,
}

impl Report {
    fn passed(&self) -> bool {
        self.stages.iter().all(|s| s.status != Status::Fail)
    }
}

pub fn run(settings: VerifySettings, printer: &Printer) -> Result<()> {
    let names = if settings.templates.is_empty() {
        catalog::names()
    } else {
        settings.templates.clone()
    };
    let templates = names
        .iter()
        .map(|n| catalog::find(n))
        .collect::<Result<Vec<_>>>()?;
    let python = Python::probe(&settings.python)?;
    printer.info(&format!(
        "verifying {} template{} with {} {} (`{}`)",
        templates.len(),
        if templates.len() == 1 { "" } else { "s" },
        python.implementation,
        python.version,
        settings.python.display()
    ));
    let critical = Critical::enter();
    let mut reports = Vec::new();
    for t in &templates {
        printer.info(&printer.bold(t.name()));
        let report = verify_one(t, &python, &settings, printer, &critical)?;
        reports.push(report);
    }
    drop(critical);

    let failed: Vec<&str> = reports
        .iter()
        .filter(|r| !r.passed())
        .map(|r| r.template.as_str())
        .collect();
    if settings.json {
        printer.json(&json!({
            "python": { "path": settings.python, "version": python.version },
            "templates": reports.iter().map(|r| json!({
                "name": r.template,
                "passed": r.passed(),
                "kept": r.kept,
                "stages": r.stages.iter().map(|s| json!({
                    "name": s.name,
                    "status": s.status.as_str(),
                    "seconds": (s.seconds * 100.0).round() / 100.0,
                    "detail": s.detail,
                    "log_tail": s.tail,
                })).collect::<Vec<_>>(),
            })).collect::<Vec<_>>(),
        }));
    }
    let passed = reports.len() - failed.len();
    printer.info(&format!(
        "verify: {passed} template{} passed, {} failed",
        if passed == 1 { "" } else { "s" },
        failed.len()
    ));
    if failed.is_empty() {
        Ok(())
    } else {
        Err(Error::new(format!(
            "{} of {} templates failed verification: {}",
            failed.len(),
            reports.len(),
            failed.join(", ")
        ))
        .hint("the lines above name the failing stage and show the end of its log"))
    }
}

/// The answers a verification uses: the defaults, with a fixed author so runs are comparable.
fn sample_answers(template: &Template) -> Result<vars::Answers> {
    let env = vars::EnvDefaults {
        lang: crate::settings::lang_from_env(),
        author: Some("Ada Lovelace".into()),
        email: Some("ada@example.com".into()),
    };
    let defs = vars::definitions(&template.manifest, &env);
    vars::resolve(&defs, IndexMap::<String, Given>::new(), None)
}

struct Ctx<'a> {
    printer: &'a Printer,
    stages: Vec<Stage>,
}

impl Ctx<'_> {
    fn record(&mut self, name: &'static str, started: Instant, result: StageResult) {
        let (status, detail, tail) = match result {
            StageResult::Pass(d) => (Status::Pass, d, None),
            StageResult::Skip(d) => (Status::Skip, d, None),
            StageResult::Fail(d, tail) => (Status::Fail, d, tail),
        };
        let seconds = started.elapsed().as_secs_f64();
        let mark = match status {
            Status::Pass => self.printer.green("ok  "),
            Status::Fail => self.printer.red("FAIL"),
            Status::Skip => self.printer.dim("skip"),
        };
        self.printer
            .info(&format!("  {mark} {name:<9} {seconds:>6.1}s  {detail}"));
        if let Some(t) = &tail {
            for line in t.lines() {
                self.printer.info(&format!("       | {line}"));
            }
        }
        self.stages.push(Stage {
            name,
            status,
            seconds,
            detail,
            tail,
        });
    }
}

enum StageResult {
    Pass(String),
    Skip(String),
    Fail(String, Option<String>),
}

fn verify_one(
    template: &Template,
    python: &Python,
    settings: &VerifySettings,
    printer: &Printer,
    critical: &Critical,
) -> Result<Report> {
    let work = tempfile::Builder::new()
        .prefix(&format!("pystart-verify-{}-", template.name()))
        .tempdir()
        .map_err(|e| Error::new(format!("cannot create a temporary directory: {e}")))?;
    let mut ctx = Ctx {
        printer,
        stages: Vec::new(),
    };
    let project = work.path().join(template.name());

    let ok = stages(
        template,
        python,
        settings,
        &mut ctx,
        &project,
        work.path(),
        critical,
    );
    let report_ok = ctx.stages.iter().all(|s| s.status != Status::Fail);
    let kept = if settings.keep || !report_ok {
        let path = work.keep();
        printer.info(&format!("  kept in `{}`", display_path(&path)));
        Some(path)
    } else {
        None
    };
    ok?;
    Ok(Report {
        template: template.name().to_string(),
        stages: ctx.stages,
        kept,
    })
}

#[allow(clippy::too_many_arguments)]
fn stages(
    template: &Template,
    python: &Python,
    settings: &VerifySettings,
    ctx: &mut Ctx<'_>,
    project: &Path,
    work: &Path,
    critical: &Critical,
) -> Result<()> {
    // 1. render and write
    let t = Instant::now();
    let plan = match sample_answers(template)
        .and_then(|a| render::render(template, &a))
        .and_then(|plan| writer::write(&plan, project, |_| Ok(())).map(|_| plan))
    {
        Ok(plan) => {
            ctx.record(
                "render",
                t,
                StageResult::Pass(format!("{} files", plan.files.len())),
            );
            plan
        }
        Err(e) => {
            ctx.record(
                "render",
                t,
                StageResult::Fail(e.message().to_string(), None),
            );
            return Ok(());
        }
    };
    critical.check()?;

    // 2. static checks
    let t = Instant::now();
    let problems = static_problems(&plan, project, python);
    let result = if problems.is_empty() {
        StageResult::Pass("no template syntax left; TOML, JSON and Python parse".into())
    } else {
        StageResult::Fail(
            format!("{} problem(s)", problems.len()),
            Some(problems.join("\n")),
        )
    };
    ctx.record("static", t, result);
    critical.check()?;

    // 3. install
    let t = Instant::now();
    let install_log = work.join("install.log");
    let venv = match install(&plan, python, settings, project, work, &install_log) {
        Ok((venv, origin, key)) => {
            let how = match origin {
                Origin::Cached => "cached",
                Origin::Built => "built",
            };
            ctx.record(
                "install",
                t,
                StageResult::Pass(format!("{how} environment {key}")),
            );
            venv
        }
        Err(e) => {
            critical.check()?;
            ctx.record(
                "install",
                t,
                StageResult::Fail(e.message().to_string(), Some(tail(&install_log, 30))),
            );
            for name in ["tests", "concepts", "ruff"] {
                ctx.record(
                    name,
                    Instant::now(),
                    StageResult::Skip("not installed".into()),
                );
            }
            return Ok(());
        }
    };
    critical.check()?;

    // 4. the template's tests
    let t = Instant::now();
    let log = work.join("tests.log");
    let mut argv = template.manifest.test.clone();
    if argv[0] == "python" {
        argv[0] = venv.python().display().to_string();
    }
    let passed = run_in(&venv, project, &argv, &log)?;
    critical.check()?;
    let summary = last_summary_line(&log);
    ctx.record(
        "tests",
        t,
        if passed {
            StageResult::Pass(summary)
        } else {
            StageResult::Fail(
                format!("`{}` failed: {summary}", template.manifest.test.join(" ")),
                Some(tail(&log, 40)),
            )
        },
    );

    // 5. concept checks
    let t = Instant::now();
    let checks = project.join("concepts/run_checks.py");
    if checks.is_file() {
        let log = work.join("concepts.log");
        let argv = [
            venv.python().display().to_string(),
            "concepts/run_checks.py".into(),
        ];
        let passed = run_in(&venv, project, &argv, &log)?;
        critical.check()?;
        let summary = last_summary_line(&log);
        ctx.record(
            "concepts",
            t,
            if passed {
                StageResult::Pass(summary)
            } else {
                StageResult::Fail(
                    format!("concept checks failed: {summary}"),
                    Some(tail(&log, 30)),
                )
            },
        );
    } else {
        ctx.record(
            "concepts",
            t,
            StageResult::Skip("no concepts/run_checks.py".into()),
        );
    }

    // 6. ruff
    let t = Instant::now();
    let log = work.join("ruff.log");
    let py = venv.python().display().to_string();
    if run_in(
        &venv,
        project,
        &[py.clone(), "-m".into(), "ruff".into(), "--version".into()],
        &log,
    )? {
        let passed = run_in(
            &venv,
            project,
            &[py, "-m".into(), "ruff".into(), "check".into(), ".".into()],
            &log,
        )?;
        ctx.record(
            "ruff",
            t,
            if passed {
                StageResult::Pass("ruff check is clean".into())
            } else {
                StageResult::Fail("ruff check found problems".into(), Some(tail(&log, 30)))
            },
        );
    } else {
        ctx.record(
            "ruff",
            t,
            StageResult::Skip("ruff is not installed (add it to the dev extra)".into()),
        );
    }
    Ok(())
}

fn install(
    plan: &Plan,
    python: &Python,
    settings: &VerifySettings,
    project: &Path,
    work: &Path,
    log: &Path,
) -> Result<(Venv, Origin, String)> {
    let pyproject = plan
        .get("pyproject.toml")
        .ok_or_else(|| Error::new("the project has no pyproject.toml"))?;
    let deps = Dependencies::parse(&String::from_utf8_lossy(&pyproject.contents))?;
    let requirements = deps.for_tests();
    let key = pyenv::env_key(python, &requirements);
    let (shared, origin) = pyenv::shared_env(
        python,
        &requirements,
        &settings.cache_dir,
        settings.use_cache,
        log,
    )?;
    let venv = pyenv::project_env(python, &shared, project, &work.join("venv"), log)?;
    Ok((venv, origin, key))
}

fn run_in(venv: &Venv, cwd: &Path, argv: &[String], log: &Path) -> Result<bool> {
    let mut cmd = Command::new(&argv[0]);
    cmd.args(&argv[1..]).current_dir(cwd);
    pyenv::run_logged(pyenv::clean_env(&mut cmd, venv), log)
}

/// Leftover template syntax in rendered files, and files that do not parse.
fn static_problems(plan: &Plan, project: &Path, python: &Python) -> Vec<String> {
    let mut problems = Vec::new();
    let mut py_files = Vec::new();
    for f in &plan.files {
        let text = String::from_utf8_lossy(&f.contents);
        if f.rendered {
            for (n, line) in text.lines().enumerate() {
                if line.contains("{{") || line.contains("{%") || line.contains("{#") {
                    problems.push(format!(
                        "{}:{}: template syntax left after rendering: {}",
                        f.path,
                        n + 1,
                        line.trim()
                    ));
                }
            }
        }
        let ext = f.path.rsplit('.').next().unwrap_or("");
        match ext {
            "toml" => {
                if let Err(e) = toml::from_str::<toml::Table>(&text) {
                    problems.push(format!("{}: invalid TOML: {}", f.path, e.message().trim()));
                }
            }
            "json" | "ipynb" => {
                if let Err(e) = serde_json::from_str::<serde_json::Value>(&text) {
                    problems.push(format!("{}: invalid JSON: {e}", f.path));
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
                    .map(|l| format!("{l} (Python syntax error)")),
            ),
            Err(e) => problems.push(format!("cannot run Python to parse .py files: {e}")),
        }
    }
    problems
}

/// The last line of a log that looks like a test summary (`… passed …`).
fn last_summary_line(log: &Path) -> String {
    let text = std::fs::read_to_string(log).unwrap_or_default();
    text.lines()
        .rev()
        .find(|l| l.contains(" passed") || l.contains(" failed") || l.contains(" error"))
        .map(|l| l.trim().trim_matches('=').trim().to_string())
        .unwrap_or_default()
}

fn tail(log: &Path, n: usize) -> String {
    let text = std::fs::read_to_string(log)
        .with_path("read", log)
        .unwrap_or_default();
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(n)..].join("\n")
}
