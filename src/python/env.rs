//! A project's own environment, made the way its README tells a learner: a fresh virtualenv
//! and `pip install -e ".[dev]"` run in the project (`uv venv` and `uv pip install` when uv
//! installs, which links packages from uv's cache instead of unpacking them again). Nothing is
//! shared between projects but that download cache, so every run starts from what a learner
//! has. Must not run the project's tests or know about templates.

use super::{Installer, Python, Venv, clean_env, run_logged_timeout};
use crate::error::{Error, Result};
use crate::messages::verify as t;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

/// How making an environment ended.
#[derive(Debug)]
pub enum Made {
    Ready(Venv),
    /// A step failed: what failed, with a hint naming the log.
    Failed(Error),
    /// It ran out of time (the limit given).
    TimedOut(Duration),
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
    let see_log = || t::ENV_SEE_LOG.f(&[("log", &log.display())]);
    let (mut create, mut install) = match installer.uv_command() {
        Some(mut create) => {
            create
                .args(["venv", "--quiet", "--python"])
                .arg(&python.exe)
                .arg(root);
            let mut install = installer.uv_command().expect("uv");
            install
                .args(["pip", "install", "--quiet", "--python"])
                .arg(venv.python())
                .args(["-e", requirement]);
            if links == Links::Copy {
                install.env("UV_LINK_MODE", "copy");
            }
            (create, install)
        }
        None => {
            let mut create = Command::new(&python.exe);
            create.args(["-m", "venv"]).arg(root);
            let mut install = Command::new(venv.python());
            install.args(["-m", "pip", "install", "--quiet", "-e", requirement]);
            installer.pip_env(&mut install);
            (create, install)
        }
    };
    create.current_dir(project).env("PYTHONNOUSERSITE", "1");
    match run_logged_timeout(&mut create, log, left())? {
        super::Outcome::Exited(true) => {}
        super::Outcome::Exited(false) => {
            let what = match installer {
                Installer::Uv { .. } => Error::new(t::ENV_UV_VENV_FAILED.s()).hint(see_log()),
                Installer::Pip { .. } => {
                    Error::new(t::ENV_VENV_FAILED.f(&[("python", &python.exe.display())]))
                        .hint(t::ENV_SEE_LOG_VENV.f(&[("log", &log.display())]))
                }
            };
            return Ok(Made::Failed(what));
        }
        super::Outcome::TimedOut => return Ok(Made::TimedOut(limit)),
    }
    install.current_dir(project);
    clean_env(&mut install, &venv);
    Ok(match run_logged_timeout(&mut install, log, left())? {
        super::Outcome::Exited(true) => Made::Ready(venv),
        super::Outcome::Exited(false) => Made::Failed(
            Error::new(t::ENV_PROJECT_INSTALL_FAILED.f(&[("requirement", &requirement)]))
                .hint(t::ENV_SEE_LOG_NETWORK.f(&[("log", &log.display())])),
        ),
        super::Outcome::TimedOut => Made::TimedOut(limit),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::python::installer::{Installer, PipWhy};

    #[test]
    fn a_project_that_cannot_be_installed_fails_with_the_log_named() {
        let Some(exe) = crate::settings::find_on_path(&["python3", "python"]) else {
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
        let Made::Failed(e) = made else {
            panic!("{made:?}");
        };
        assert!(e.hints().iter().any(|h| h.contains("install.log")), "{e:?}");
    }
}
