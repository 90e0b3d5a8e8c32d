//! The Python package: a copy of the checkout is built into a wheel by a standard PEP 517
//! front end (`python -m build --wheel`, maturin as the backend), the wheel is installed into
//! a fresh virtualenv, and that virtualenv's `pystart` makes a project and checks the machine.
//!
//! It needs a Python with maturin and build installed: `PYSTART_WHEEL_PYTHON` names it
//! (`.ci/run` makes one in `target/ci-venv`). Without it the test says so and passes. The
//! build runs without isolation (nothing is downloaded) and in a cargo target directory kept
//! under `target/`, so a second run only relinks what changed.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

/// The wheel may carry the binary and nothing else; this is its ceiling.
const MAX_WHEEL_BYTES: u64 = 15 * 1024 * 1024;

fn bin_dir(venv: &Path) -> PathBuf {
    venv.join(if cfg!(windows) { "Scripts" } else { "bin" })
}

fn exe(name: &str) -> String {
    format!("{name}{}", std::env::consts::EXE_SUFFIX)
}

/// Copies the checkout at `from` into `to`: every file except build output and git's own.
fn copy_checkout(from: &Path, to: &Path) {
    let mut stack = vec![PathBuf::new()];
    while let Some(rel) = stack.pop() {
        fs::create_dir_all(to.join(&rel)).unwrap();
        for entry in fs::read_dir(from.join(&rel)).unwrap() {
            let entry = entry.unwrap();
            let name = entry.file_name();
            let child = rel.join(&name);
            if rel.as_os_str().is_empty() && (name == "target" || name == ".git") {
                continue;
            }
            let kind = entry.file_type().unwrap();
            if kind.is_dir() {
                stack.push(child);
            } else if kind.is_file() {
                fs::copy(entry.path(), to.join(&child)).unwrap();
            }
        }
    }
}

fn run(cmd: &mut Command, what: &str) -> std::process::Output {
    let out = cmd
        .output()
        .unwrap_or_else(|e| panic!("{what}: cannot run: {e}"));
    assert!(
        out.status.success(),
        "{what} failed:\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

#[test]
fn the_wheel_carries_only_the_binary_and_installs_a_working_pystart() {
    let Some(python) = std::env::var_os("PYSTART_WHEEL_PYTHON").filter(|p| !p.is_empty()) else {
        eprintln!(
            "skipped: PYSTART_WHEEL_PYTHON is not set (a Python with maturin and build; \
             .ci/run makes one in target/ci-venv)"
        );
        return;
    };
    let python = PathBuf::from(python);
    let work = tempfile::tempdir().unwrap();
    let source = work.path().join("pystart");
    copy_checkout(Path::new(env!("CARGO_MANIFEST_DIR")), &source);

    // Build. maturin is found next to the Python that has it.
    let dist = work.path().join("dist");
    let tools = python.parent().unwrap().to_path_buf();
    let path = std::env::var_os("PATH").unwrap_or_default();
    let path =
        std::env::join_paths(std::iter::once(tools).chain(std::env::split_paths(&path))).unwrap();
    let target = Path::new(env!("CARGO_TARGET_TMPDIR")).join("wheel-target");
    let started = Instant::now();
    run(
        Command::new(&python)
            .args(["-m", "build", "--wheel", "--no-isolation", "--outdir"])
            .arg(&dist)
            .current_dir(&source)
            .env("PATH", path)
            .env("CARGO_TARGET_DIR", &target),
        "python -m build --wheel",
    );
    let build_secs = started.elapsed().as_secs_f64();
    let wheels: Vec<PathBuf> = fs::read_dir(&dist)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "whl"))
        .collect();
    assert_eq!(wheels.len(), 1, "{wheels:?}");
    let wheel = &wheels[0];
    let size = fs::metadata(wheel).unwrap().len();
    eprintln!(
        "{}: {:.1} MB, built in {build_secs:.0} s",
        wheel.file_name().unwrap().to_string_lossy(),
        size as f64 / 1_048_576.0
    );
    assert!(size <= MAX_WHEEL_BYTES, "the wheel is {size} bytes");

    // The binary and the wheel's metadata, nothing else (the templates are inside the binary).
    let version = env!("CARGO_PKG_VERSION");
    let script = format!("pystart-{version}.data/scripts/{}", exe("pystart"));
    let archive = zip::ZipArchive::new(fs::File::open(wheel).unwrap()).unwrap();
    let names: Vec<String> = archive
        .file_names()
        .map(|n| n.unwrap().into_owned())
        .collect();
    assert!(names.contains(&script), "{names:?}");
    for name in &names {
        assert!(
            *name == script || name.starts_with(&format!("pystart-{version}.dist-info/")),
            "unexpected {name} in the wheel"
        );
    }

    // Install into a fresh virtualenv, from the file only.
    let venv = work.path().join("venv");
    run(
        Command::new(&python).args(["-m", "venv"]).arg(&venv),
        "python -m venv",
    );
    let venv_python = bin_dir(&venv).join(exe("python"));
    run(
        Command::new(&venv_python)
            .args(["-m", "pip", "install", "--quiet", "--no-index"])
            .arg(wheel),
        "pip install the wheel",
    );
    let pystart = bin_dir(&venv).join(exe("pystart"));
    assert!(pystart.is_file(), "no {}", pystart.display());

    let home = work.path().join("home");
    let projects = work.path().join("projects");
    fs::create_dir_all(&home).unwrap();
    fs::create_dir_all(&projects).unwrap();
    let installed = |args: &[&str]| {
        let mut cmd = Command::new(&pystart);
        cmd.args(args)
            .current_dir(&projects)
            .env("HOME", &home)
            .env("XDG_CONFIG_HOME", home.join(".config"))
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("LANG", "C.UTF-8")
            .env("NO_COLOR", "1")
            .env_remove("LC_ALL")
            .env_remove("PYSTART_LANG")
            .env_remove("PYSTART_CONFIG");
        cmd
    };

    // Built from a copy without git: the commit is unknown, the target is known.
    let out = run(&mut installed(&["--version"]), "pystart --version");
    let shown = String::from_utf8_lossy(&out.stdout);
    assert!(
        shown.starts_with(&format!("pystart {version} (unknown ")),
        "{shown}"
    );

    run(
        &mut installed(&["new", "titanic", "--yes"]),
        "pystart new titanic --yes",
    );
    for file in [
        "pyproject.toml",
        "README.md",
        ".gitattributes",
        "src/titanic/cli.py",
    ] {
        assert!(projects.join("titanic").join(file).is_file(), "no {file}");
    }

    let out = run(&mut installed(&["doctor", "--json"]), "pystart doctor");
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let names: Vec<&str> = report["checks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    for want in ["python", "venv", "index", "cache"] {
        assert!(names.contains(&want), "{want} missing from {names:?}");
    }
}
