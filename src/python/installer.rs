//! Which tool installs projects for `verify`, `grade` and `setup`: uv when there is one (on
//! PATH, else the copy in pystart's cache, else installed once into the cache with
//! `python -m pip install uv`), otherwise `python -m venv` and pip. Finding and bootstrapping
//! uv happens here; what the installer then runs is [`super::env`]'s.

use super::cache::{self, Cache};
use super::{Python, run_logged};
use crate::error::{Error, IoContext, Result};
use crate::messages::verify as t;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// `--installer`: what the user asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Choice {
    /// uv if it can be had, else pip.
    #[default]
    Auto,
    Uv,
    Pip,
}

/// Where the uv in use came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UvFrom {
    /// `PYSTART_UV`.
    Variable,
    Path,
    /// pystart's cache, installed there by an earlier run.
    Cache,
    /// Installed into the cache by this run.
    Bootstrapped,
    /// The cache's copy did not run and was installed again.
    Rebuilt,
}

/// The installer of this run.
#[derive(Debug, Clone)]
pub enum Installer {
    Uv {
        exe: PathBuf,
        version: String,
        from: UvFrom,
        /// `UV_CACHE_DIR` for the commands pystart runs (None: uv's own default).
        cache: Option<PathBuf>,
        /// `--no-cache`: download everything again.
        no_cache: bool,
    },
    /// `python -m venv` and the environment's pip; `why` says why not uv.
    Pip { why: PipWhy, no_cache: bool },
}

/// Why pip installs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PipWhy {
    /// `--installer pip`.
    Asked,
    /// No uv was found and installing it into the cache failed.
    NoUv,
}

impl Installer {
    /// The installer for `choice`. With `cache`, a uv is looked for in (and bootstrapped into)
    /// it, and uv's own cache goes there too unless `UV_CACHE_DIR` is set (so `pystart cache
    /// clean` frees it and test runs keep to their own folder); `notes` receives what the user
    /// should know (a bootstrap, a fallback to pip).
    pub fn find(
        choice: Choice,
        python: &Python,
        cache: Option<&Cache>,
        notes: &mut Vec<String>,
    ) -> Result<Installer> {
        if choice == Choice::Pip {
            return Ok(Installer::Pip {
                why: PipWhy::Asked,
                no_cache: false,
            });
        }
        let found = given_uv();
        let found = match (found, cache) {
            (Some(found), _) => Some(found),
            (None, Some(cache)) => bootstrap(python, cache, notes)?,
            (None, None) => None,
        };
        if let Some((exe, from)) = found
            && let Some(version) = uv_version(&exe)
        {
            return Ok(Installer::Uv {
                exe,
                version,
                from,
                cache: None,
                no_cache: false,
            });
        }
        if choice == Choice::Uv {
            return Err(Error::new(&t::INSTALLER_NO_UV).hint(&t::INSTALLER_NO_UV_HINT));
        }
        notes.push(t::INSTALLER_PIP_NOTE.s().to_string());
        Ok(Installer::Pip {
            why: PipWhy::NoUv,
            no_cache: false,
        })
    }

    /// uv keeps its downloads in pystart's cache (`uv/`, held as in use until this process
    /// ends) unless the user set `UV_CACHE_DIR`: `pystart cache clean` frees them and a test
    /// suite with its own `PYSTART_CACHE_DIR` never touches the user's. For `verify` and `grade`;
    /// `setup` leaves a learner's uv to its own cache.
    pub fn downloads_in(mut self, pystart: &Cache) -> Result<Installer> {
        if let Installer::Uv { cache, .. } = &mut self
            && std::env::var_os("UV_CACHE_DIR").is_none()
        {
            *cache = Some(pystart.hold(cache::UV)?);
        }
        Ok(self)
    }

    /// `--no-cache`: every package downloaded again.
    pub fn without_cache(mut self) -> Installer {
        match &mut self {
            Installer::Uv { no_cache, .. } | Installer::Pip { no_cache, .. } => *no_cache = true,
        }
        self
    }

    /// Sets the variables that keep pip from its cache under `--no-cache` (uv commands get theirs
    /// from [`Installer::uv_command`]).
    pub fn pip_env<'a>(&self, cmd: &'a mut Command) -> &'a mut Command {
        if let Installer::Pip { no_cache: true, .. } = self {
            cmd.env("PIP_NO_CACHE_DIR", "1");
        }
        cmd
    }

    /// The uv executable, when uv installs.
    pub fn uv(&self) -> Option<&Path> {
        match self {
            Installer::Uv { exe, .. } => Some(exe),
            Installer::Pip { .. } => None,
        }
    }

    /// A `uv` command with pystart's settings: uv's cache, pip's index when uv has none of its
    /// own, no interpreter downloads (the given interpreter is the one to test with).
    pub fn uv_command(&self) -> Option<Command> {
        let Installer::Uv {
            exe,
            cache,
            no_cache,
            ..
        } = self
        else {
            return None;
        };
        let mut cmd = Command::new(exe);
        crate::index::uv_env(&mut cmd);
        if let Some(dir) = cache {
            cmd.env("UV_CACHE_DIR", dir);
        }
        if *no_cache {
            cmd.env("UV_NO_CACHE", "1");
        }
        cmd.env("UV_PYTHON_DOWNLOADS", "never")
            .env("UV_NO_PROGRESS", "1")
            .env_remove("VIRTUAL_ENV");
        Some(cmd)
    }

    /// One line for people: `uv 0.5.1 (on PATH: /usr/bin/uv)`, `venv and pip (no uv)`.
    pub fn describe(&self) -> String {
        self.describe_in(crate::messages::lang())
    }

    /// [`Installer::describe`] in `lang`.
    pub fn describe_in(&self, lang: &str) -> String {
        match self {
            Installer::Uv {
                exe, version, from, ..
            } => {
                let from = match from {
                    UvFrom::Variable => &t::INSTALLER_FROM_VARIABLE,
                    UvFrom::Path => &t::INSTALLER_FROM_PATH,
                    UvFrom::Cache => &t::INSTALLER_FROM_CACHE,
                    UvFrom::Bootstrapped => &t::INSTALLER_FROM_BOOTSTRAP,
                    UvFrom::Rebuilt => &t::INSTALLER_FROM_REBUILT,
                };
                let path = exe.display().to_string();
                t::INSTALLER_UV.fill(
                    lang,
                    &[
                        ("version", version.as_str()),
                        ("from", &from.fill(lang, &[])),
                        ("path", &path),
                    ],
                )
            }
            Installer::Pip { why, .. } => match why {
                PipWhy::Asked => t::INSTALLER_PIP_ASKED.fill(lang, &[]),
                PipWhy::NoUv => t::INSTALLER_PIP_NO_UV.fill(lang, &[]),
            },
        }
    }

    /// `uv` or `pip`, for reports read by programs.
    pub fn name(&self) -> &'static str {
        match self {
            Installer::Uv { .. } => "uv",
            Installer::Pip { .. } => "pip",
        }
    }
}

/// The uv the user gave: `PYSTART_UV`, else uv on PATH (with PATHEXT on Windows).
fn given_uv() -> Option<(PathBuf, UvFrom)> {
    std::env::var_os("PYSTART_UV")
        .map(PathBuf::from)
        .filter(|p| p.is_file())
        .map(|p| (p, UvFrom::Variable))
        .or_else(|| crate::platform::find_on_path(&["uv"]).map(|p| (p, UvFrom::Path)))
}

/// The uv installer a run would use now without installing one (for `doctor`): the user's
/// uv, else the copy in pystart's cache.
pub fn available_uv(cache: Option<&Cache>) -> Option<Installer> {
    let cached = || {
        let exe = installed_uv(&cache?.entry(cache::TOOLS).join("uv"))?;
        Some((exe, UvFrom::Cache))
    };
    let (exe, from) = given_uv().or_else(cached)?;
    let version = uv_version(&exe)?;
    Some(Installer::Uv {
        exe,
        version,
        from,
        cache: None,
        no_cache: false,
    })
}

/// `uv --version`'s number, or None when it does not run.
fn uv_version(exe: &Path) -> Option<String> {
    let out = Command::new(exe)
        .arg("--version")
        .stdin(Stdio::null())
        .output()
        .ok()?;
    let text = String::from_utf8_lossy(&out.stdout);
    let version = text.split_whitespace().nth(1)?;
    out.status.success().then(|| version.to_string())
}

/// The uv in pystart's cache: the copy an earlier run installed when it runs, else a new one
/// installed now with the interpreter's pip (once: other runs wait for the lock). None when
/// that fails (its log is in the cache folder and named in a note).
fn bootstrap(
    python: &Python,
    cache: &Cache,
    notes: &mut Vec<String>,
) -> Result<Option<(PathBuf, UvFrom)>> {
    let tools = cache.hold(cache::TOOLS)?;
    let exe = installed_uv(&tools.join("uv"));
    if let Some(exe) = &exe
        && uv_version(exe).is_some()
    {
        return Ok(Some((exe.clone(), UvFrom::Cache)));
    }
    // One installer at a time across processes.
    let lock_path = tools.join("install.lock");
    let _lock = crate::lock::Lock::exclusive(&lock_path).with_path("lock", &lock_path)?;
    if let Some(exe) = installed_uv(&tools.join("uv"))
        && uv_version(&exe).is_some()
    {
        return Ok(Some((exe, UvFrom::Cache)));
    }
    let from = if exe.is_some() {
        UvFrom::Rebuilt
    } else {
        UvFrom::Bootstrapped
    };
    notes.push(t::INSTALLER_BOOTSTRAPPING.f(&[("python", &python.exe.display())]));
    let part = tools.join(format!("uv.part-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&part);
    let log = tools.join("install.log");
    let _ = std::fs::remove_file(&log);
    let ok = run_logged(
        Command::new(&python.exe)
            .args([
                "-m",
                "pip",
                "install",
                "--quiet",
                "--disable-pip-version-check",
                "--no-input",
                "--target",
            ])
            .arg(&part)
            .arg("uv")
            .env("PYTHONNOUSERSITE", "1"),
        &log,
    )?;
    let Some(new_exe) = ok.then(|| installed_uv(&part)).flatten() else {
        let _ = std::fs::remove_dir_all(&part);
        notes.push(t::INSTALLER_BOOTSTRAP_FAILED.f(&[("log", &log.display())]));
        return Ok(None);
    };
    let rel = new_exe
        .strip_prefix(&part)
        .unwrap_or(&new_exe)
        .to_path_buf();
    let dest = tools.join("uv");
    let _ = std::fs::remove_dir_all(&dest);
    std::fs::rename(&part, &dest).with_path("move into place", &dest)?;
    Ok(Some((dest.join(rel), from)))
}

/// The uv executable pip put below `target` (`bin/uv`, or `Scripts\uv.exe` on Windows).
fn installed_uv(target: &Path) -> Option<PathBuf> {
    ["bin", "Scripts"]
        .iter()
        .map(|dir| {
            target
                .join(dir)
                .join(if cfg!(windows) { "uv.exe" } else { "uv" })
        })
        .find(|p| p.is_file())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pip_when_asked_and_no_bootstrap_without_a_cache() {
        let python = Python {
            exe: "python3".into(),
            version: "3.11.7".into(),
            implementation: "cpython".into(),
            prefix: "/usr".into(),
        };
        let mut notes = Vec::new();
        let pip = Installer::find(Choice::Pip, &python, None, &mut notes).unwrap();
        assert_eq!(pip.name(), "pip");
        assert!(pip.uv_command().is_none() && notes.is_empty());
    }

    #[test]
    fn the_uv_pip_put_into_a_target_folder_is_found() {
        let tmp = tempfile::tempdir().unwrap();
        assert!(installed_uv(tmp.path()).is_none());
        let bin = tmp
            .path()
            .join(if cfg!(windows) { "Scripts" } else { "bin" });
        std::fs::create_dir_all(&bin).unwrap();
        let exe = bin.join(if cfg!(windows) { "uv.exe" } else { "uv" });
        std::fs::write(&exe, b"").unwrap();
        assert_eq!(installed_uv(tmp.path()), Some(exe.clone()));
        assert!(uv_version(&exe).is_none(), "an empty file is no uv");
    }
}
