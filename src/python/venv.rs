//! A virtual environment's layout on each operating system (`bin/` or `Scripts\`). Creating
//! and filling environments is [`super::env`]'s job.

use std::path::PathBuf;

/// A virtualenv on disk.
#[derive(Debug, Clone)]
pub struct Venv {
    pub root: PathBuf,
}

impl Venv {
    /// Where its executables are: `Scripts` on Windows, `bin` elsewhere.
    pub fn bin(&self) -> PathBuf {
        if cfg!(windows) {
            self.root.join("Scripts")
        } else {
            self.root.join("bin")
        }
    }

    /// Its interpreter.
    pub fn python(&self) -> PathBuf {
        self.bin().join(if cfg!(windows) {
            "python.exe"
        } else {
            "python"
        })
    }

    /// An executable of a package installed into it (`ruff` → `bin/ruff` or `Scripts\ruff.exe`).
    pub fn script(&self, name: &str) -> PathBuf {
        self.bin().join(if cfg!(windows) {
            format!("{name}.exe")
        } else {
            name.to_string()
        })
    }
}
