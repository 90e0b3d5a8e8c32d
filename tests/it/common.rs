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

    /// The sandbox's HOME (its `.config/` is the XDG config directory).
    pub fn home(&self) -> &Path {
        self.home.path()
    }

    pub fn join(&self, p: &str) -> PathBuf {
        self.dir.path().join(p)
    }

    /// `pystart <args>` run in the sandbox, which must succeed (its stderr shown if not).
    pub fn ok(&self, args: &[&str]) -> std::process::Output {
        let out = self.pystart(args).output().unwrap();
        assert!(
            out.status.success(),
            "pystart {args:?} failed:\n{}",
            stderr_of(&out)
        );
        out
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
            .env_remove("PYSTART_LANG")
            .env_remove("PYSTART_AUTHOR")
            .env_remove("PYSTART_EMAIL")
            .env_remove("PYSTART_CONFIG")
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

/// The pystart cache of the test suite: `PYSTART_CACHE_DIR` when set, else a folder under
/// `target/` — never the user's own cache.
pub fn test_cache() -> std::path::PathBuf {
    std::env::var_os("PYSTART_CACHE_DIR")
        .filter(|d| !d.is_empty())
        .map(Into::into)
        .unwrap_or_else(|| Path::new(env!("CARGO_TARGET_TMPDIR")).join("pystart-cache"))
}

/// Writes `text` to `root/rel`, creating directories.
pub fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
}

/// A small template on disk whose variants break it on purpose: `broken` leaves template
/// syntax in README.md and adds a failing test; `online` makes the demo reach for the network.
pub fn fixture_template(root: &Path) -> std::path::PathBuf {
    let t = root.join("fixture_tpl");
    write(
        &t,
        "template.toml",
        r#"name = "fixture_tpl"
category = "data"
python = ">=3.10"
test = ["python", "-m", "pytest", "-q", "-p", "no:cacheprovider"]
demo = ["python", "-m", "{{package}}"]

[summary]
zh = "测试用模板"
en = "A template for testing verify"

[variables.broken]
type = "bool"
default = false

[variables.online]
type = "bool"
default = false

[[variants]]
name = "broken"
set = { broken = true }

[[variants]]
name = "online"
set = { online = true, with_concepts = false }
"#,
    );
    write(
        &t,
        "files/README.md.tera",
        "# {{ project_name }}\n{% if broken %}{% raw %}Hello {{ name }}{% endraw %}\n{% endif %}",
    );
    write(
        &t,
        "files/pyproject.toml.tera",
        &fixture_pyproject(r#"markers = ["demo: runs the demo in-process"]"#),
    );
    write(
        &t,
        "files/src/{{package}}/__init__.py",
        "def answer():\n    return 42\n",
    );
    write(
        &t,
        "files/src/{{package}}/__main__.py.tera",
        r#"from pathlib import Path

from . import answer

{% if online %}import socket

socket.create_connection(("192.0.2.1", 80), timeout=2)
{% endif %}Path("outputs").mkdir(exist_ok=True)
Path("outputs/answer.txt").write_text(str(answer()))
"#,
    );
    write(
        &t,
        "files/tests/test_answer.py.tera",
        r#"import pytest

from {{ package }} import answer


def test_answer():
    assert answer() == 42


def test_runs_in_the_project_environment():
    import os
    import sys
    from pathlib import Path

    assert sys.prefix == os.environ["VIRTUAL_ENV"]
    assert Path(sys.executable).parent.parent == Path(sys.prefix)
    assert Path.cwd() == Path(__file__).resolve().parents[1]


@pytest.mark.demo
def test_demo_in_process():
    assert answer() == 42
{% if broken %}

def test_fails():
    assert answer() == 41
{% endif %}"#,
    );
    t
}

/// `proj`, generated from the fixture template `t` with the defaults (plus `extra` options);
/// the command must succeed.
pub fn new_from_fixture(s: &Sandbox, t: &Path, extra: &[&str]) {
    let mut args = vec![
        "new",
        "--template",
        t.to_str().unwrap(),
        "proj",
        "--yes",
        "--set",
        "project_name=proj",
    ];
    args.extend(extra);
    let out = s.pystart(&args).output().unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
}

/// `git ARGS` in `dir` with a fixed identity and no system config; its stdout, trimmed.
pub fn git(dir: &Path, args: &[&str]) -> String {
    let out = std::process::Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_NAME", "Learner")
        .env("GIT_AUTHOR_EMAIL", "learner@example.com")
        .env("GIT_COMMITTER_NAME", "Learner")
        .env("GIT_COMMITTER_EMAIL", "learner@example.com")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

/// Whether the slow tests (those that install Python environments) are to be skipped:
/// `PYSTART_SKIP_VERIFY=1`, for iterating on Rust code; CI never sets it.
pub fn skip_slow() -> bool {
    let skip = std::env::var_os("PYSTART_SKIP_VERIFY").is_some_and(|v| v != "0");
    if skip {
        eprintln!("skipped: PYSTART_SKIP_VERIFY is set");
    }
    skip
}

/// The text of a file that must exist.
pub fn read(path: &Path) -> String {
    fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Copies the folder `from` into the existing folder `to`.
pub fn copy_dir(from: &Path, to: &Path) {
    for entry in fs::read_dir(from).unwrap().flatten() {
        let dest = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            fs::create_dir_all(&dest).unwrap();
            copy_dir(&entry.path(), &dest);
        } else {
            fs::copy(entry.path(), dest).unwrap();
        }
    }
}

/// `git add -A && git commit -q -m message` in `repo`.
pub fn commit(repo: &Path, message: &str) {
    git(repo, &["add", "-A"]);
    git(repo, &["commit", "-q", "-m", message]);
}

/// The `pyproject.toml.tera` of a fixture template: a hatchling package `src/{{ package }}`
/// with pytest in the dev extra, and `pytest` (lines of `[tool.pytest.ini_options]`).
pub fn fixture_pyproject(pytest: &str) -> String {
    format!(
        "{}{pytest}\n",
        r#"[build-system]
requires = ["hatchling>=1.18"]
build-backend = "hatchling.build"

[project]
name = "{{ dist_name }}"
version = "0.1.0"
requires-python = ">=3.10"

[project.optional-dependencies]
dev = ["pytest>=8"]

[tool.hatch.build.targets.wheel]
packages = ["src/{{ package }}"]

[tool.pytest.ini_options]
"#
    )
}
