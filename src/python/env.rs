//! A project's own environment, made the way its README tells a learner: a fresh virtualenv
//! and `pip install -e ".[dev]"` run in the project (`uv venv` and `uv pip install` when uv
//! installs, which links packages from uv's cache instead of unpacking them again). Nothing is
//! shared between projects but that download cache, so every run starts from what a learner
//! has. Must not run the project's tests or know about templates.

use super::{Installer, Python, Venv, clean_env, run_logged_timeout};
use crate::error::Result;
use crate::messages::{Msg, verify as t};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// How making an environment ended.
#[derive(Debug)]
pub enum Made {
    Ready(Venv),
    /// A step failed (its output is in the log).
    Failed(Failure),
    /// It ran out of time (the limit given).
    TimedOut(Duration),
}

/// Which step of making an environment failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// `uv venv`.
    UvVenv,
    /// `python -m venv`.
    Venv { python: PathBuf },
    /// The install of `requirement`.
    Install { requirement: String },
}

impl Failure {
    /// What failed and where to look (the log), untranslated.
    pub fn message(&self, log: &Path) -> (Msg, Msg) {
        let log = [("log", &log.display() as &dyn std::fmt::Display)];
        match self {
            Failure::UvVenv => ((&t::ENV_UV_VENV_FAILED).into(), t::ENV_SEE_LOG.m(&log)),
            Failure::Venv { python } => (
                t::ENV_VENV_FAILED.m(&[("python", &python.display())]),
                t::ENV_SEE_LOG_VENV.m(&log),
            ),
            Failure::Install { requirement } => (
                t::ENV_PROJECT_INSTALL_FAILED.m(&[("requirement", requirement)]),
                t::ENV_SEE_LOG_NETWORK.m(&log),
            ),
        }
    }
}

/// How packages get into the environment when uv installs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Links {
    /// uv's default (hard links from its cache where the file system allows).
    #[default]
    Default,
    /// Copies: nothing in the environment shares a file with uv's cache, so code that writes
    /// into its own site-packages cannot change another project's (grading without a sandbox).
    Copy,
}

/// The README's install: `requirement` (e.g. `.[dev]`) installed editable from `project` into
/// a new environment at `root`, within `limit` for both steps.
#[allow(clippy::too_many_arguments)]
pub fn project_env(
    installer: &Installer,
    python: &Python,
    project: &Path,
    requirement: &str,
    root: &Path,
    links: Links,
    limit: Duration,
    log: &Path,
) -> Result<Made> {
    let started = Instant::now();
    let left = || limit.saturating_sub(started.elapsed());
    let venv = Venv {
        root: root.to_path_buf(),
    };
    let (mut create, mut install) = match installer.uv_command() {
        Some(mut create) => {
            create
                .args(["venv", "--quiet", "--python"])
                .arg(&python.exe)
                .arg(root);
            let mut install = install_command(installer, &venv, requirement);
            if links == Links::Copy {
                install.env("UV_LINK_MODE", "copy");
            }
            (create, install)
        }
        None => {
            let mut create = Command::new(&python.exe);
            create.args(["-m", "venv"]).arg(root);
            (create, install_command(installer, &venv, requirement))
        }
    };
    create.current_dir(project).env("PYTHONNOUSERSITE", "1");
    match run_logged_timeout(&mut create, log, left())? {
        super::Outcome::Exited(true) => {}
        super::Outcome::Exited(false) => {
            return Ok(Made::Failed(match installer {
                Installer::Uv { .. } => Failure::UvVenv,
                Installer::Pip { .. } => Failure::Venv {
                    python: python.exe.clone(),
                },
            }));
        }
        super::Outcome::TimedOut => return Ok(Made::TimedOut(limit)),
    }
    install.current_dir(project);
    clean_env(&mut install, &venv);
    Ok(match run_logged_timeout(&mut install, log, left())? {
        super::Outcome::Exited(true) => Made::Ready(venv),
        super::Outcome::Exited(false) => Made::Failed(Failure::Install {
            requirement: requirement.to_string(),
        }),
        super::Outcome::TimedOut => Made::TimedOut(limit),
    })
}

/// `pip install --quiet -e REQUIREMENT` into `venv`, as `installer` runs it: `uv pip install
/// --python …` or the environment's own pip (run it in the project).
pub fn install_command(installer: &Installer, venv: &Venv, requirement: &str) -> Command {
    let mut install = match installer.uv_command() {
        Some(mut uv) => {
            uv.args(["pip", "install", "--quiet", "--python"])
                .arg(venv.python());
            uv
        }
        None => {
            let mut pip = Command::new(venv.python());
            pip.args(["-m", "pip", "install", "--quiet"]);
            installer.pip_env(&mut pip);
            pip
        }
    };
    install.args(["-e", requirement]);
    install
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::python::installer::{Installer, PipWhy};

    #[test]
    fn a_project_that_cannot_be_installed_fails_with_the_log_named() {
        let Some(exe) = crate::platform::find_on_path(&["python3", "python"]) else {
            return;
        };
        let python = Python::probe(&exe).unwrap();
        let tmp = tempfile::tempdir().unwrap();
        let project = tmp.path().join("p");
        std::fs::create_dir_all(&project).unwrap();
        // Not a project at all: the install step fails, offline and fast.
        let log = tmp.path().join("install.log");
        let made = project_env(
            &Installer::Pip {
                why: PipWhy::Asked,
                no_cache: false,
            },
            &python,
            &project,
            ".",
            &tmp.path().join("venv"),
            Links::Default,
            Duration::from_secs(300),
            &log,
        )
        .unwrap();
        let Made::Failed(failure) = made else {
            panic!("{made:?}");
        };
        assert_eq!(
            failure,
            Failure::Install {
                requirement: ".".into()
            }
        );
        let (message, hint) = failure.message(&log);
        let (message, hint) = (message.en(), hint.en());
        assert!(message.contains("pip install -e \".\""), "{message}");
        assert!(hint.contains("install.log"), "{hint}");
    }
}
