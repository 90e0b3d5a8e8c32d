//! `pystart verify`: every template renders, installs and passes its own tests.
//!
//! This is the slow test: the first run builds one cached virtualenv per dependency set (set
//! PYSTART_CACHE_DIR to move the cache). Set PYSTART_SKIP_VERIFY=1 to skip it while iterating
//! on Rust code; CI never sets it.

mod common;

use common::{Sandbox, stderr_of};

#[test]
fn every_template_passes_verify() {
    if std::env::var_os("PYSTART_SKIP_VERIFY").is_some_and(|v| v != "0") {
        eprintln!("skipped: PYSTART_SKIP_VERIFY is set");
        return;
    }
    // The report streams to the terminal (stderr is inherited) so CI logs show each stage.
    let status = std::process::Command::new(assert_cmd::cargo::cargo_bin("pystart"))
        .args(["verify", "--all"])
        .env("NO_COLOR", "1")
        .status()
        .unwrap();
    assert!(
        status.success(),
        "pystart verify --all failed; see the report above"
    );
}

#[test]
fn verify_names_bad_input() {
    let s = Sandbox::new();
    let out = s.pystart(&["verify", "nope"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr_of(&out).contains("error: unknown template `nope`"));

    let out = s
        .pystart(&["verify", "titanic", "--python", "/nonexistent/python3"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = stderr_of(&out);
    assert!(
        err.contains("error: cannot run Python `/nonexistent/python3`"),
        "{err}"
    );
    assert!(err.contains("hint: pass --python"), "{err}");
}
