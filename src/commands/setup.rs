//! `pystart setup [PATH]` (and `pystart new … --setup`): a `.venv` in the project with the
//! project and its `dev` extra installed, the tests run once, and what to do next.

use crate::error::{Error, Result, display_path};
use crate::printer::Printer;
use crate::pyenv::{self, Python, Venv};
use crate::settings::find_on_path;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::path::Path;
use std::process::Command;
use std::time::Duration;

pub fn run(shown: &Path, python: &Path, printer: &Printer) -> Result<()> {
    // Children run inside the project: every path handed to them must be absolute.
    let absolute = std::path::absolute(shown).unwrap_or_else(|_| shown.to_path_buf());
    let project = absolute.as_path();
    if !project.join("pyproject.toml").is_file() {
        return Err(
            Error::new(format!("`{}` has no pyproject.toml", display_path(project)))
                .hint("run `pystart setup` in a project folder (one made by `pystart new`)"),
        );
    }
    let py = Python::probe(python)?;
    check_requires_python(project, &py)?;
    let venv = Venv {
        root: project.join(".venv"),
    };
    let log = project.join(".venv-setup.log");
    let _ = std::fs::remove_file(&log);
    let uv = find_on_path(&["uv"]);
    let spinner = spinner();

    step(&spinner, printer, "creating .venv");
    if !venv.python().is_file() {
        let ok = match &uv {
            Some(uv) => pyenv::run_logged(
                Command::new(uv)
                    .args(["venv", "--quiet", "--python"])
                    .arg(&py.exe)
                    .arg(&venv.root),
                &log,
            )?,
            None => pyenv::run_logged(
                Command::new(&py.exe).args(["-m", "venv"]).arg(&venv.root),
                &log,
            )?,
        };
        if !ok {
            finish(&spinner);
            return Err(failed("creating .venv", &log)
                .hint("on Debian/Ubuntu install python3-venv (sudo apt install python3-venv)"));
        }
    }

    step(
        &spinner,
        printer,
        "installing the project and its dev tools",
    );
    let mut install = match &uv {
        Some(uv) => {
            let mut c = Command::new(uv);
            c.args(["pip", "install", "--quiet", "--python"])
                .arg(venv.python());
            c
        }
        None => {
            let mut c = Command::new(venv.python());
            c.args(["-m", "pip", "install", "--quiet"]);
            c
        }
    };
    install.args(["-e", ".[dev]"]).current_dir(project);
    if !pyenv::run_logged(pyenv::clean_env(&mut install, &venv), &log)? {
        finish(&spinner);
        return Err(failed("installing the project", &log).hint(
            "no network? On a machine with one: `pip download -d wheels -e \".[dev]\"`, copy `wheels/` over, then `.venv/bin/pip install --no-index --find-links wheels -e \".[dev]\"`",
        ));
    }

    step(&spinner, printer, "running the tests once");
    let mut tests = Command::new(venv.python());
    tests
        .args(["-m", "pytest", "-q", "-p", "no:cacheprovider"])
        .current_dir(project);
    let passed = pyenv::run_logged(pyenv::clean_env(&mut tests, &venv), &log)?;
    finish(&spinner);
    let summary = pyenv::last_summary_line(&log);
    if !passed {
        return Err(failed("the tests", &log)
            .hint("the project is installed; run `python -m pytest` in it to see every failure"));
    }
    let _ = std::fs::remove_file(&log);
    let activate = if cfg!(windows) {
        r".venv\Scripts\activate"
    } else {
        "source .venv/bin/activate"
    };
    printer.info(&format!(
        "{} `{}`: .venv ready, tests: {summary}\n\nNext:\n  cd {}\n  {activate}\n  python -m <package> demo      # see README.md\n",
        printer.green("Set up"),
        display_path(shown),
        display_path(shown),
    ));
    Ok(())
}

/// The interpreter must satisfy the project's `requires-python` lower bound.
fn check_requires_python(project: &Path, py: &Python) -> Result<()> {
    let text = std::fs::read_to_string(project.join("pyproject.toml")).unwrap_or_default();
    let doc: toml::Table = toml::from_str(&text).unwrap_or_default();
    let spec = doc
        .get("project")
        .and_then(|p| p.get("requires-python"))
        .and_then(|v| v.as_str())
        .unwrap_or("");
    let Some(min) = spec
        .split(',')
        .find_map(|part| part.trim().strip_prefix(">="))
    else {
        return Ok(());
    };
    if pyenv::major_minor(&py.version) < pyenv::major_minor(min) {
        return Err(Error::new(format!(
            "Python {} is too old for this project (it needs {spec})",
            py.version
        ))
        .hint(format!(
            "install Python {min} or newer and pass it: pystart setup --python /path/to/python3"
        )));
    }
    Ok(())
}

fn failed(what: &str, log: &Path) -> Error {
    Error::new(format!(
        "{what} failed; the end of its log:\n{}",
        pyenv::tail(log, 15)
    ))
}

fn spinner() -> Option<ProgressBar> {
    if !std::io::stderr().is_terminal() {
        return None;
    }
    let pb = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
    pb.set_style(ProgressStyle::with_template("{spinner} {msg} {elapsed}").expect("template"));
    pb.enable_steady_tick(Duration::from_millis(120));
    Some(pb)
}

fn step(spinner: &Option<ProgressBar>, printer: &Printer, what: &str) {
    match spinner {
        Some(pb) => pb.set_message(what.to_string()),
        None => printer.info(&format!("setup: {what}…")),
    }
}

fn finish(spinner: &Option<ProgressBar>) {
    if let Some(pb) = spinner {
        pb.finish_and_clear();
    }
}
