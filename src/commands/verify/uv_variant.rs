//! A `runner = "uv"` variant, run as a learner who uses uv works: `uv sync` (the dependencies
//! and the `dev` dependency group into `.venv`), then the manifest's test and demo commands
//! through `uv run`. Without uv in this run (`--installer pip`, or none to be had) its stages
//! are skipped, with the reason.

use super::command::{demo_result, fill_package, offline_guard};
use super::stages::{Ctx, Run, StageResult, log_tail};
use crate::error::Result;
use crate::messages::verify::{self as t, Both};
use crate::python::{self, Outcome, last_summary_line};
use std::time::Instant;

pub fn stages(run: &Run<'_>, ctx: &mut Ctx<'_>, answers: &crate::vars::Answers) -> Result<()> {
    let template = run.job.template;
    let Some(_) = run.shared.installer.uv() else {
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
        let mut c = run.shared.installer.uv_command().expect("uv");
        c.args(args)
            .current_dir(run.project)
            .env("UV_PYTHON", &run.python.exe)
            .env("MPLBACKEND", "Agg")
            .env_remove("PYTHONPATH");
        python::limit_threads(&mut c, run.shared.threads);
        c
    };
    let uv_run = |args: &[String]| -> Vec<String> {
        let mut all = vec!["run".to_string(), "--no-sync".to_string()];
        all.extend(args.iter().map(|a| fill_package(a, answers.package())));
        all
    };

    ctx.begin("install");
    let t = Instant::now();
    let log = run.work.join("install.log");
    let limit = run.settings.test_timeout;
    let sync = ["sync".to_string(), "--quiet".to_string()];
    let outcome = python::run_logged_timeout(&mut uv_command(&sync), &log, limit)?;
    run.critical.check()?;
    let result = match outcome {
        Outcome::Exited(true) => StageResult::Pass(Both::of(&t::STAGE_UV_SYNCED, &[])),
        Outcome::Exited(false) => {
            StageResult::Fail(Both::of(&t::STAGE_UV_SYNC_FAILED, &[]), log_tail(&log, 30))
        }
        Outcome::TimedOut => StageResult::Timeout(
            Both::of(&t::STAGE_INSTALL_TIMEOUT, &[("seconds", &limit.as_secs())]),
            log_tail(&log, 30),
        ),
    };
    let synced = matches!(result, StageResult::Pass(_));
    ctx.record("install", t, result);
    if !synced {
        ctx.skip_rest("install", &t::STAGE_NOT_INSTALLED);
        return Ok(());
    }

    ctx.begin("tests");
    let t = Instant::now();
    let log = run.work.join("tests.log");
    let outcome = python::run_logged_timeout(
        &mut uv_command(&uv_run(&template.manifest.test)),
        &log,
        limit,
    )?;
    run.critical.check()?;
    let summary = last_summary_line(&log);
    let shown = format!("uv run {}", template.manifest.test.join(" "));
    let result = match outcome {
        Outcome::Exited(true) => StageResult::Pass(Both::same(summary)),
        Outcome::Exited(false) => StageResult::Fail(
            Both::of(
                &t::STAGE_TESTS_FAILED,
                &[("command", &shown), ("summary", &summary)],
            ),
            log_tail(&log, 400),
        ),
        Outcome::TimedOut => StageResult::Timeout(
            Both::of(
                &t::STAGE_TESTS_TIMEOUT,
                &[("command", &shown), ("seconds", &limit.as_secs())],
            ),
            log_tail(&log, 100),
        ),
    };
    ctx.record("tests", t, result);
    for stage in ["browser", "concepts", "ruff"] {
        ctx.begin(stage);
        ctx.record(
            stage,
            Instant::now(),
            StageResult::Skip(Both::of(&t::STAGE_UV_DEFAULT_COVERS, &[])),
        );
    }

    let Some(t) = ctx.begin_demo(&template.manifest.demo) else {
        return Ok(());
    };
    let log = run.work.join("demo.log");
    let shown = format!("uv run {}", template.manifest.demo.join(" "));
    // The same network guard as the other variants' demo: only loopback connections.
    let offline = offline_guard(run.work)?;
    let mut demo = uv_command(&uv_run(&template.manifest.demo));
    demo.env("PYTHONPATH", &offline);
    let demo_limit = run.settings.demo_timeout;
    let outcome = python::run_logged_timeout(&mut demo, &log, demo_limit)?;
    run.critical.check()?;
    ctx.record(
        "demo",
        t,
        demo_result(outcome, run.project, &shown, &log, demo_limit),
    );
    Ok(())
}
