//! A fresh project works under uv as it comes: `uv run pytest` and `uv run python -m <package>
//! demo` (the development tools are a PEP 735 dependency group as well as the `dev` extra), and
//! every template declares the same tools both ways.

use crate::common::{Sandbox, stderr_of};
use std::path::PathBuf;
use std::process::Command;

/// uv from `PYSTART_UV` (what `.ci/run` installs) or PATH.
fn uv() -> Option<PathBuf> {
    std::env::var_os("PYSTART_UV")
        .map(PathBuf::from)
        .or_else(|| which::which("uv").ok())
}

#[test]
fn every_template_declares_its_dev_tools_as_an_extra_and_as_a_group() {
    let s = Sandbox::new();
    for name in pystart::catalog::names() {
        let dir = format!("p_{name}");
        let out = s
            .pystart(&[
                "new",
                &name,
                &dir,
                "--yes",
                "--no-git",
                "--set",
                "project_name=demo",
            ])
            .output()
            .unwrap();
        assert!(out.status.success(), "{name}: {}", stderr_of(&out));
        let text = std::fs::read_to_string(s.join(&dir).join("pyproject.toml")).unwrap();
        let doc: toml::Table = toml::from_str(&text).unwrap();
        let extra = &doc["project"]["optional-dependencies"]["dev"];
        let group = &doc["dependency-groups"]["dev"];
        assert_eq!(
            extra, group,
            "{name}: the dev extra and the dev group differ"
        );
        let readme = std::fs::read_to_string(s.join(&dir).join("README.md")).unwrap();
        assert!(
            readme.contains("uv run pytest"),
            "{name}: README has no uv path"
        );
    }
}

#[test]
fn uv_run_tests_and_demo_in_a_fresh_project() {
    if std::env::var_os("PYSTART_SKIP_VERIFY").is_some_and(|v| v != "0") {
        eprintln!("skipped: PYSTART_SKIP_VERIFY is set (uv installs from the package index)");
        return;
    }
    let Some(uv) = uv() else {
        eprintln!("skipped: no uv (set PYSTART_UV or put uv on PATH; .ci/run installs it)");
        return;
    };
    let s = Sandbox::new();
    let out = s
        .pystart(&[
            "new",
            "concepts",
            "proj",
            "--yes",
            "--no-git",
            "--set",
            "package=course",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let project = s.join("proj");
    let cache = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("uv-cache");
    let python = Command::new("python3")
        .args(["-c", "import sys; print(sys.executable)"])
        .output()
        .unwrap();
    let python = String::from_utf8_lossy(&python.stdout).trim().to_string();
    let uv_run = |args: &[&str]| {
        Command::new(&uv)
            .arg("run")
            .args(args)
            .current_dir(&project)
            .env("UV_CACHE_DIR", &cache)
            .env("UV_PYTHON", &python)
            .env("UV_PYTHON_DOWNLOADS", "never")
            .env_remove("VIRTUAL_ENV")
            .output()
            .unwrap()
    };
    let tests = uv_run(&["pytest", "-q"]);
    let text = String::from_utf8_lossy(&tests.stdout);
    assert!(tests.status.success(), "{text}\n{}", stderr_of(&tests));
    assert!(text.contains(" passed"), "{text}");
    let demo = uv_run(&["python", "-m", "course", "demo"]);
    assert!(demo.status.success(), "{}", stderr_of(&demo));
    assert!(project.join(".venv").is_dir());
    assert!(project.join("outputs").is_dir());
}
