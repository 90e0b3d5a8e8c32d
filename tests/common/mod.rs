//! A small harness for running the real `pystart` binary in a temporary directory with a
//! controlled environment (no user git config, no colour, a fixed locale).

#![allow(dead_code)]

use assert_cmd::Command;
use std::fs;
use std::path::{Path, PathBuf};
use tempfile::TempDir;

pub struct Sandbox {
    pub dir: TempDir,
    home: TempDir,
}

impl Sandbox {
    pub fn new() -> Self {
        Self {
            dir: tempfile::tempdir().unwrap(),
            home: tempfile::tempdir().unwrap(),
        }
    }

    /// A sandbox whose git config names a user.
    pub fn with_git_user(name: &str, email: &str) -> Self {
        let s = Self::new();
        fs::write(
            s.home.path().join(".gitconfig"),
            format!("[user]\n\tname = {name}\n\temail = {email}\n"),
        )
        .unwrap();
        s
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn join(&self, p: &str) -> PathBuf {
        self.dir.path().join(p)
    }

    /// `pystart <args>` run in the sandbox, stdin closed.
    pub fn pystart(&self, args: &[&str]) -> Command {
        let mut cmd = Command::cargo_bin("pystart").unwrap();
        cmd.current_dir(self.dir.path())
            .args(args)
            .env("HOME", self.home.path())
            .env("XDG_CONFIG_HOME", self.home.path().join(".config"))
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("LANG", "C.UTF-8")
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .env("NO_COLOR", "1")
            .timeout(std::time::Duration::from_secs(120));
        cmd
    }
}

/// Every file below `root` (relative, `/`-separated, sorted), `.git` excluded.
pub fn files(root: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in fs::read_dir(&d).unwrap() {
            let e = e.unwrap();
            let p = e.path();
            if e.file_name() == ".git" {
                continue;
            }
            if e.file_type().unwrap().is_dir() {
                stack.push(p);
            } else {
                out.push(
                    p.strip_prefix(root)
                        .unwrap()
                        .to_string_lossy()
                        .replace('\\', "/"),
                );
            }
        }
    }
    out.sort();
    out
}

pub fn stderr_of(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

pub fn stdout_of(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}
