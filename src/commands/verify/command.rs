//! How `verify` runs a manifest command: `python` → the job's interpreter and `{{package}}`
//! filled in, the environment activated (its `bin` first on PATH, `VIRTUAL_ENV`), the demo's
//! offline guard, and what a demo run's outcome means.

use super::stages::{StageResult, log_tail};
use crate::error::{IoContext, Result};
use crate::messages::verify::{self as t, Both};
use crate::printer::plural;
use crate::python::{self, Outcome, Venv};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

/// Put first on the demo's `sys.path` (as `sitecustomize`): only loopback connections.
const OFFLINE_SITECUSTOMIZE: &str = include_str!("offline_sitecustomize.py");

/// How a demo run went: it must exit cleanly within `limit` and write to `outputs/`.
pub fn demo_result(
    outcome: Outcome,
    project: &Path,
    shown: &str,
    log: &Path,
    limit: Duration,
) -> StageResult {
    let outputs = count_files(&project.join("outputs"));
    match outcome {
        Outcome::TimedOut => StageResult::Timeout(
            Both::of(
                &t::STAGE_DEMO_TIMEOUT,
                &[("command", &shown), ("seconds", &limit.as_secs())],
            ),
            log_tail(log, 60),
        ),
        Outcome::Exited(false) => StageResult::Fail(
            Both::of(&t::STAGE_DEMO_FAILED, &[("command", &shown)]),
            log_tail(log, 60),
        ),
        Outcome::Exited(true) if outputs == 0 => StageResult::Fail(
            Both::of(&t::STAGE_DEMO_NO_OUTPUTS, &[("command", &shown)]),
            log_tail(log, 30),
        ),
        Outcome::Exited(true) => StageResult::Pass(Both::of(
            &t::STAGE_DEMO_PASSED,
            &[("n", &outputs), ("s", &plural(outputs))],
        )),
    }
}

/// A folder with the `sitecustomize.py` that lets a demo reach loopback addresses only; put
/// it on the demo's PYTHONPATH.
pub fn offline_guard(work: &Path) -> Result<PathBuf> {
    let offline = work.join("offline");
    std::fs::create_dir_all(&offline).with_path("create", &offline)?;
    std::fs::write(offline.join("sitecustomize.py"), OFFLINE_SITECUSTOMIZE)
        .with_path("write", &offline)?;
    Ok(offline)
}

/// A manifest command with `python` → the venv's interpreter and `{{package}}` filled in.
pub fn command_argv(argv: &[String], venv: &Venv, package: &str) -> Vec<String> {
    argv.iter()
        .enumerate()
        .map(|(i, a)| {
            if i == 0 && a == "python" {
                venv.python().display().to_string()
            } else {
                fill_package(a, package)
            }
        })
        .collect()
}

/// `{{package}}` in a manifest command's argument.
pub fn fill_package(arg: &str, package: &str) -> String {
    arg.replace("{{package}}", package)
        .replace("{{ package }}", package)
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

/// `argv` to run in `cwd` with the environment activated (its `bin` first on PATH,
/// `VIRTUAL_ENV`), as after `source .venv/bin/activate`; `python_path` goes on PYTHONPATH
/// (verify's offline guard).
pub fn python_command(
    venv: &Venv,
    cwd: &Path,
    argv: &[String],
    threads: usize,
    python_path: Option<&Path>,
) -> Command {
    let mut cmd = Command::new(&argv[0]);
    cmd.args(&argv[1..]).current_dir(cwd);
    python::limit_threads(python::clean_env(&mut cmd, venv), threads);
    if let Some(dir) = python_path {
        cmd.env("PYTHONPATH", dir);
    }
    cmd
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn a_demo_out_of_time_is_a_timeout_not_a_failure() {
        let tmp = tempfile::tempdir().unwrap();
        let log = tmp.path().join("demo.log");
        std::fs::write(&log, "working\n").unwrap();
        let limit = Duration::from_secs(300);
        let result = demo_result(
            Outcome::TimedOut,
            tmp.path(),
            "python -m x demo",
            &log,
            limit,
        );
        let StageResult::Timeout(detail, _) = result else {
            panic!("not a timeout");
        };
        assert!(detail.en.contains("300 s limit"), "{}", detail.en);
        assert!(matches!(
            demo_result(Outcome::Exited(false), tmp.path(), "x", &log, limit),
            StageResult::Fail(..)
        ));
    }
}
