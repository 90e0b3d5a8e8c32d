//! `pystart verify`: render each template with its defaults, with each declared variant and as
//! the student version into a temporary folder, and go through it as a learner would (see
//! [`stages`]). Jobs run in parallel (`-j`). This module ties the parts together:
//! [`plan`] decides the jobs, [`stages`] runs one, [`output`] shows progress and [`report`]
//! writes the table, `--json` and `--junit`. Installing is [`crate::python`]'s.

mod browser;
mod checks;
mod command;
mod output;
mod plan;
mod report;
mod stages;
mod uv_variant;

pub use report::{REPORT_SCHEMA, STAGES};

use crate::error::{Error, IoContext, Result, display_path};
use crate::messages::verify as t;
use crate::platform::Critical;
use crate::printer::Printer;
use crate::python::{self, Cache, Installer, Python};
use crate::settings::VerifySettings;
use output::Output;
use plan::{load_templates, longest_first, matrix, plan_jobs, read_seconds, write_seconds};
use report::{JobReport, json_report, junit_report, print_table, round2};
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Instant;

/// State shared by the workers.
pub struct Shared {
    /// Concept checks already passed in this run, by content hash → the job that ran them.
    pub concepts: Mutex<HashMap<String, String>>,
    /// Threads each job's numeric libraries may use (see [`python::limit_threads`]).
    pub threads: usize,
    /// What installs every job's project.
    pub installer: Installer,
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
    let cache = Cache::new(&settings.cache_dir);
    let mut notes = Vec::new();
    let mut installer = Installer::find(settings.installer, &python, Some(&cache), &mut notes)?
        .downloads_in(&cache)?;
    if !settings.use_cache {
        installer = installer.without_cache();
    }
    for note in &notes {
        printer.note(note);
    }
    let workers = settings.jobs.clamp(1, jobs.len().max(1));
    printer.info(&t::VERIFY_START.f(&[
        ("templates", &t::VERIFY_TEMPLATES.count(templates.len())),
        ("jobs", &t::VERIFY_JOBS.count(jobs.len())),
        ("implementation", &python.implementation),
        ("version", &python.version),
        ("python", &settings.python.display()),
        ("workers", &workers),
        ("installer", &installer.describe()),
    ]));

    let started = Instant::now();
    let critical = Critical::enter();
    let out = Output::new(printer, jobs.len(), workers);
    let shared = Shared {
        concepts: Mutex::default(),
        threads: python::threads_per_job(workers),
        installer,
    };
    let history = settings.cache_dir.join("verify-seconds.json");
    let mut seconds = read_seconds(&history);
    let start = longest_first(&jobs, &seconds);
    let results = crate::parallel::map_starting(&jobs, &start, workers, &critical, |job| {
        let result = stages::verify_job(job, &python, &settings, &out, &shared, &critical);
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
        printer.json(&json_report(
            &settings,
            &python,
            &shared.installer,
            &reports,
            elapsed,
        ));
    }
    if let Some(path) = &settings.junit {
        std::fs::write(path, junit_report(&reports, elapsed)).with_path("write", path)?;
        printer.info(&t::VERIFY_JUNIT_WRITTEN.f(&[("path", &display_path(path))]));
    }

    let failed: Vec<&JobReport> = reports.iter().filter(|r| !r.passed()).collect();
    let timeouts = failed.iter().filter(|r| r.timed_out()).count();
    let passed = reports.len() - failed.len();
    printer.info(&t::VERIFY_DONE.f(&[
        ("passed", &t::VERIFY_JOBS.count(passed)),
        ("failed", &failed.len()),
        ("timeouts", &timeouts),
        ("seconds", &format!("{elapsed:.0}")),
    ]));
    if failed.is_empty() {
        return Ok(());
    }
    let what: Vec<String> = failed
        .iter()
        .map(|r| t::VERIFY_FAILED_JOB.f(&[("label", &r.label()), ("summary", &r.summary())]))
        .collect();
    let mut err = Error::new(t::VERIFY_JOBS_FAILED.m(&[
        ("failed", &failed.len()),
        ("total", &reports.len()),
        ("list", &what.join(t::VERIFY_LIST_SEPARATOR.s())),
    ]))
    .hint(&t::VERIFY_SEE_ABOVE);
    if let Some(kept) = failed.iter().find_map(|r| r.kept.as_ref()) {
        err = err.hint(t::VERIFY_KEPT_HINT.m(&[("path", &display_path(kept))]));
    }
    Err(err)
}
