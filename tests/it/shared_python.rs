//! The shared Python modules of `templates/_shared/python/` (the polite session, settings from
//! the environment, messages in two languages, CSV cells safe from formula injection) are
//! tested here, once, with their own tests in `_shared/python/tests/` and ruff, rather than in
//! every project that copies them. A copy of the folder is tested, so no cache lands in the
//! source tree; a second copy with one module broken on purpose shows that a broken module
//! fails the suite.
//!
//! Needs uv (`PYSTART_UV` or PATH) and the package index (or uv's cache); skipped without uv
//! and with `PYSTART_SKIP_VERIFY=1`.

use crate::common::test_cache;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// What the shared modules and their tests import, with the lower bounds the templates declare.
/// pandas is for `csvsafe`'s DataFrame helpers.
const REQUIREMENTS: &[&str] = &[
    "pandas>=2.2",
    "pytest>=8",
    "pytest-socket>=0.7",
    "requests>=2.31",
    "responses>=0.25",
    "ruff",
];

fn uv() -> Option<PathBuf> {
    std::env::var_os("PYSTART_UV")
        .map(PathBuf::from)
        .or_else(|| which::which("uv").ok())
}

fn run(cmd: &mut Command) -> Output {
    let out = cmd.output().unwrap();
    eprintln!("{cmd:?}: {}", out.status);
    out
}

fn text(out: &Output) -> String {
    format!(
        "{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// `_shared/python/` copied into `to`.
fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name();
        if name == "__pycache__" || name == ".pytest_cache" || name == ".ruff_cache" {
            continue;
        }
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &to.join(&name));
        } else {
            std::fs::copy(entry.path(), to.join(&name)).unwrap();
        }
    }
}

#[test]
fn shared_python_modules_pass_their_tests_and_ruff_once_here() {
    if std::env::var_os("PYSTART_SKIP_VERIFY").is_some_and(|v| v != "0") {
        eprintln!("skipped: PYSTART_SKIP_VERIFY is set (installs from the package index)");
        return;
    }
    let Some(uv) = uv() else {
        eprintln!("skipped: no uv (set PYSTART_UV or put uv on PATH; .ci/run installs it)");
        return;
    };
    let shared = Path::new(env!("CARGO_MANIFEST_DIR")).join("templates/_shared/python");
    let tmp = tempfile::tempdir().unwrap();
    let venv = tmp.path().join("venv");
    let python = venv.join(if cfg!(windows) {
        "Scripts/python.exe"
    } else {
        "bin/python"
    });
    let uv_cmd = |args: &[&str]| {
        let mut cmd = Command::new(&uv);
        cmd.args(args)
            .env("UV_CACHE_DIR", test_cache().join("uv"))
            .env("UV_PYTHON_DOWNLOADS", "never")
            .env_remove("VIRTUAL_ENV");
        cmd
    };
    let created = run(uv_cmd(&["venv", "-q"]).arg(&venv));
    assert!(created.status.success(), "{}", text(&created));
    let installed = run(uv_cmd(&["pip", "install", "-q", "--python"])
        .arg(&python)
        .args(REQUIREMENTS));
    assert!(installed.status.success(), "{}", text(&installed));

    let check = |dir: &Path| {
        let tests = run(Command::new(&python)
            .args(["-m", "pytest", "-q"])
            .current_dir(dir)
            .env("PYTHONDONTWRITEBYTECODE", "1"));
        let ruff = run(Command::new(&python)
            .args(["-m", "ruff", "check", "--no-cache", "."])
            .current_dir(dir));
        (tests, ruff)
    };

    let good = tmp.path().join("python");
    copy_tree(&shared, &good);
    let (tests, ruff) = check(&good);
    let report = text(&tests);
    assert!(tests.status.success(), "{report}");
    assert!(report.contains(" passed"), "{report}");
    assert!(ruff.status.success(), "{}", text(&ruff));

    // The same tests fail when a shared module is broken: here `tr` always answers in English.
    let broken = tmp.path().join("broken");
    copy_tree(&shared, &broken);
    let i18n = broken.join("i18n.py");
    let source = std::fs::read_to_string(&i18n).unwrap();
    let right = "return zh if _current[\"lang\"] == \"zh\" else en";
    assert!(source.contains(right), "i18n.py changed: update this test");
    std::fs::write(&i18n, source.replace(right, "return en")).unwrap();
    let (tests, _) = check(&broken);
    let report = text(&tests);
    assert!(!tests.status.success(), "{report}");
    assert!(
        report.contains("FAILED tests/test_i18n.py::test_tr_follows_the_language_set_last"),
        "{report}"
    );
}
