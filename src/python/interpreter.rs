//! The Python interpreter pystart runs projects with: probing it once for the facts the other
//! modules need (version, implementation, where it is installed). Knows nothing of
//! environments or installers.

use crate::error::{Error, Result};
use crate::messages::verify as t;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The (major, minor) of a version such as `3.11.7` (missing or odd parts count as 0).
pub fn major_minor(version: &str) -> (u32, u32) {
    let mut parts = version.trim().split('.').map(|p| p.parse().unwrap_or(0));
    (parts.next().unwrap_or(0), parts.next().unwrap_or(0))
}

/// An interpreter and the facts we need about it.
#[derive(Debug, Clone)]
pub struct Python {
    pub exe: PathBuf,
    /// `3.11.7`
    pub version: String,
    pub implementation: String,
    /// `sys.base_prefix`: the installation the interpreter runs from (what a sandbox must let
    /// it read).
    pub prefix: PathBuf,
}

impl Python {
    pub fn probe(exe: &Path) -> Result<Python> {
        let out = Command::new(exe)
            .args([
                "-c",
                "import sys; print('%d.%d.%d' % sys.version_info[:3]); print(sys.implementation.name); print(sys.executable); print(sys.base_prefix)",
            ])
            .stdin(Stdio::null())
            .output()
            .map_err(|e| {
                Error::new(t::PYTHON_CANNOT_RUN.m(&[("path", &exe.display()), ("err", &e)]))
                    .hint(&t::PYTHON_PASS_PYTHON)
            })?;
        let text = String::from_utf8_lossy(&out.stdout);
        let mut lines = text.lines();
        let (Some(version), Some(implementation)) = (lines.next(), lines.next()) else {
            return Err(
                Error::new(t::PYTHON_NO_VERSION.m(&[("path", &exe.display())]))
                    .hint(&t::PYTHON_PASS_PYTHON),
            );
        };
        let mut parts = version.split('.').map(|p| p.parse::<u32>().unwrap_or(0));
        let (major, minor) = (parts.next().unwrap_or(0), parts.next().unwrap_or(0));
        if (major, minor) < (3, 10) {
            return Err(Error::new(
                t::PYTHON_TOO_OLD.m(&[("path", &exe.display()), ("version", &version)]),
            )
            .hint(&t::PYTHON_PASS_PYTHON_310));
        }
        // The interpreter itself rather than a launcher in front of it (pyenv's shims cost
        // a fifth of a second per start, and verify starts it a few times per job).
        let real = lines
            .next()
            .map(PathBuf::from)
            .filter(|p| p.is_absolute() && p.is_file());
        let prefix = lines
            .next()
            .map(PathBuf::from)
            .filter(|p| p.is_absolute())
            .unwrap_or_default();
        Ok(Python {
            exe: real.unwrap_or_else(|| exe.to_path_buf()),
            version: version.to_string(),
            implementation: implementation.to_string(),
            prefix,
        })
    }
}
