//! `pystart setup [PATH]` (and `pystart new … --setup`): a `.venv` in the project with the
//! project and its `dev` extra installed, the tests run once, and what to do next.

use crate::error::{Error, Result, display_path};
use crate::messages::Text;
use crate::messages::verify as t;
use crate::printer::Printer;
use crate::python::{self, Python, Venv};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::path::Path;
use std::process::Command;
use std::time::Duration;

pub fn run(shown: &Path, python: &Path, choice: python::Choice, printer: &Printer) -> Result<()> {
    // Children run inside the project: every path handed to them must be absolute.
    let absolute = std::path::absolute(shown).unwrap_or_else(|_| shown.to_path_buf());
    let project = absolute.as_path();
    if !project.join("pyproject.toml").is_file() {
        return Err(
            Error::new(t::SETUP_NO_PYPROJECT.m(&[("path", &display_path(project))]))
                .hint(&t::SETUP_RUN_IN_PROJECT),
        );
    }
    let py = Python::probe(python)?;
    check_requires_python(project, &py)?;
    let venv = Venv {
        root: project.join(".venv"),
    };
    let log = project.join(".venv-setup.log");
    let _ = std::fs::remove_file(&log);
    // A learner's uv keeps its own download cache; pystart's cache only holds a uv it had to
    // install itself.
    let cache = crate::settings::cache_dir().ok().map(python::Cache::new);
    let mut notes = Vec::new();
    let installer = python::Installer::find(choice, &py, cache.as_ref(), &mut notes)?;
    for note in &notes {
        printer.note(note);
    }
    let spinner = spinner();

    if venv.python().is_file() {
        // An existing .venv is the learner's: install into it, as `pip install -e` would.
        step(&spinner, printer, &t::SETUP_STEP_INSTALL);
        let mut install = python::env::install_command(&installer, &venv, ".[dev]");
        install.current_dir(project);
        if !python::run_logged(python::clean_env(&mut install, &venv), &log)? {
            finish(&spinner);
            return Err(failed(&t::SETUP_INSTALL_FAILED, &log).hint(&t::SETUP_OFFLINE));
        }
    } else {
        step(&spinner, printer, &t::SETUP_STEP_VENV);
        let made = python::project_env(
            &installer,
            &py,
            project,
            ".[dev]",
            &venv.root,
            python::Links::Default,
            python::COMMAND_LIMIT,
            &log,
        )?;
        if !matches!(made, python::Made::Ready(_)) {
            finish(&spinner);
            let venv_made = venv.python().is_file();
            if !venv_made {
                // Half a .venv is worse than none: the next `setup` would install into it.
                let _ = std::fs::remove_dir_all(&venv.root);
            }
            return Err(if venv_made {
                failed(&t::SETUP_INSTALL_FAILED, &log).hint(&t::SETUP_OFFLINE)
            } else {
                failed(&t::SETUP_VENV_FAILED, &log).hint(&t::SETUP_INSTALL_VENV)
            });
        }
    }

    step(&spinner, printer, &t::SETUP_STEP_TESTS);
    let mut tests = Command::new(venv.python());
    tests
        .args(["-m", "pytest", "-q", "-p", "no:cacheprovider"])
        .current_dir(project);
    let passed = python::run_logged(python::clean_env(&mut tests, &venv), &log)?;
    finish(&spinner);
    let summary = python::last_summary_line(&log);
    if !passed {
        return Err(failed(&t::SETUP_TESTS_FAILED, &log).hint(&t::SETUP_TESTS_HINT));
    }
    let _ = std::fs::remove_file(&log);
    let shell = crate::shells::Shell::detect();
    let shown = display_path(shown);
    printer.info(&t::SETUP_DONE.f(&[
        ("done", &printer.green(t::SETUP_DONE_WORD.s())),
        ("path", &shown),
        ("cd", &shell.cd(&shown)),
        ("summary", &summary),
        ("activate", &shell.activate_line()),
        ("package", &package_of(project)),
    ]));
    Ok(())
}

/// The project's import package, from the answers pystart recorded (`<package>` without them).
fn package_of(project: &Path) -> String {
    crate::answers::read(&project.join(crate::render::ANSWERS_FILE))
        .ok()
        .and_then(|file| match file.answers.get("package")? {
            crate::vars::Given::Toml(toml::Value::String(p)) => Some(p.clone()),
            crate::vars::Given::Text(p) => Some(p.clone()),
            _ => None,
        })
        .unwrap_or_else(|| "<package>".to_string())
}

/// The interpreter must satisfy the project's `requires-python` lower bound.
fn check_requires_python(project: &Path, py: &Python) -> Result<()> {
    let text = std::fs::read_to_string(project.join("pyproject.toml")).unwrap_or_default();
    let requires = crate::pyproject::Dependencies::parse(&text)
        .ok()
        .and_then(|d| d.requires_python)
        .unwrap_or_default();
    let spec = requires.as_str();
    let Some(min) = spec
        .split(',')
        .find_map(|part| part.trim().strip_prefix(">="))
    else {
        return Ok(());
    };
    if python::major_minor(&py.version) < python::major_minor(min) {
        return Err(Error::new(
            t::SETUP_PYTHON_TOO_OLD.m(&[("version", &py.version), ("spec", &spec)]),
        )
        .hint(t::SETUP_PYTHON_HINT.m(&[("min", &min)])));
    }
    Ok(())
}

/// `text` says what failed and has a `{log}` placeholder for the end of the log.
fn failed(text: &'static Text, log: &Path) -> Error {
    Error::new(text.m(&[("log", &python::tail(log, 15))]))
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

fn step(spinner: &Option<ProgressBar>, printer: &Printer, what: &Text) {
    match spinner {
        Some(pb) => pb.set_message(what.s()),
        None => printer.info(&t::SETUP_STEP.f(&[("step", &what.s())])),
    }
}

fn finish(spinner: &Option<ProgressBar>) {
    if let Some(pb) = spinner {
        pb.finish_and_clear();
    }
}
