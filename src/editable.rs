//! Installs a project editable into a virtualenv without starting pip: the project's own build
//! backend builds the PEP 660 editable wheel (so its metadata is validated exactly as
//! `pip install -e .` would), and the wheel is unpacked here. `verify` does this for every job,
//! where pip's start-up alone cost about two seconds of a job's install stage.
//!
//! Only the simple, common case is handled: a backend importable from the environment (no
//! `backend-path`), a wheel of plain files (no `.data` directory) and a POSIX layout. Anything
//! else reports [`Installed::NotHandled`] and the caller falls back to pip.

use crate::error::{Error, IoContext, Result};
use crate::messages::verify as t;
use crate::pyenv::{Venv, clean_env};
use std::fs;
use std::io::Read;
use std::path::{Component, Path, PathBuf};
use std::process::Command;

/// What [`install`] did.
#[derive(Debug, PartialEq, Eq)]
pub enum Installed {
    Done,
    /// This project or platform needs pip.
    NotHandled,
}

/// Calls the backend's `build_editable` hook and writes the wheel's name into the file
/// `sys.argv[3]`; an empty name there means the hook is missing.
const BUILD: &str = r#"import importlib, sys
module, _, attr = sys.argv[1].partition(":")
try:
    backend = importlib.import_module(module)
except ImportError:
    backend = None
for part in filter(None, attr.split(".")):
    backend = getattr(backend, part, None)
hook = getattr(backend, "build_editable", None)
name = hook(sys.argv[2]) if hook is not None else ""
with open(sys.argv[3], "w", encoding="utf-8") as f:
    f.write(name)
"#;

/// Installs `project` editable into `venv` (whose site-packages is `site`), building in
/// `scratch`. Build failures are errors (pip would fail the same way); a project or platform
/// this cannot handle is [`Installed::NotHandled`].
pub fn install(
    venv: &Venv,
    site: &Path,
    project: &Path,
    scratch: &Path,
    log: &Path,
) -> Result<Installed> {
    if cfg!(windows) {
        return Ok(Installed::NotHandled);
    }
    let Some(backend) = backend(project) else {
        return Ok(Installed::NotHandled);
    };
    fs::create_dir_all(scratch).with_path("create", scratch)?;
    let reported = scratch.join(".pystart-built");
    let _ = fs::remove_file(&reported);
    let mut cmd = Command::new(venv.python());
    cmd.args(["-c", BUILD, &backend])
        .arg(scratch)
        .arg(&reported)
        .current_dir(project);
    // The project's build backend is the template's code: it runs within a time limit.
    let outcome = crate::pyenv::run_logged_timeout(
        clean_env(&mut cmd, venv),
        log,
        crate::pyenv::COMMAND_LIMIT,
    )?;
    if outcome != crate::pyenv::Outcome::Exited(true) {
        return Err(
            Error::new(t::WHEEL_BUILD_FAILED.f(&[("backend", &backend)]))
                .hint(t::ENV_SEE_LOG.f(&[("log", &log.display())])),
        );
    }
    let name = fs::read_to_string(&reported)
        .unwrap_or_default()
        .trim()
        .to_string();
    if name.is_empty() {
        return Ok(Installed::NotHandled);
    }
    let wheel = scratch.join(&name);
    if name.is_empty() || !name.ends_with(".whl") || !wheel.is_file() {
        return Err(
            Error::new(t::WHEEL_NOT_REPORTED.f(&[("backend", &backend)]))
                .hint(t::ENV_SEE_LOG.f(&[("log", &log.display())])),
        );
    }
    unpack(&wheel, site, &venv.bin(), &venv.python())
}

/// The `build-backend` of `pyproject.toml`, unless the project brings its own (`backend-path`).
fn backend(project: &Path) -> Option<String> {
    let text = fs::read_to_string(project.join("pyproject.toml")).ok()?;
    let doc: toml::Table = text.parse().ok()?;
    let system = doc.get("build-system")?.as_table()?;
    if system.contains_key("backend-path") {
        return None;
    }
    system.get("build-backend")?.as_str().map(str::to_string)
}

/// Unpacks a wheel of plain files into `site`, records pystart as its installer and writes a
/// launcher into `bin` for every console script.
fn unpack(wheel: &Path, site: &Path, bin: &Path, python: &Path) -> Result<Installed> {
    let file = fs::File::open(wheel).with_path("read", wheel)?;
    let bad = |e: zip::result::ZipError| {
        Error::new(t::WHEEL_UNREADABLE.f(&[("path", &wheel.display()), ("err", &e)]))
    };
    let mut archive = zip::ZipArchive::new(file).map_err(bad)?;
    let mut files: Vec<(PathBuf, Vec<u8>)> = Vec::new();
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).map_err(bad)?;
        if entry.is_dir() {
            continue;
        }
        let entry_name = entry.name().map_err(bad)?.into_owned();
        let Some(rel) = safe_relative(&entry_name) else {
            return Err(Error::new(
                t::WHEEL_UNSAFE_PATH.f(&[("path", &wheel.display()), ("entry", &entry_name)]),
            ));
        };
        if rel
            .components()
            .next()
            .is_some_and(|c| c.as_os_str().to_string_lossy().ends_with(".data"))
        {
            return Ok(Installed::NotHandled);
        }
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes).with_path("read", wheel)?;
        files.push((rel, bytes));
    }
    let dist_info = files
        .iter()
        .filter_map(|(p, _)| p.components().next())
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .find(|c| c.ends_with(".dist-info"))
        .ok_or_else(|| Error::new(t::WHEEL_NO_DIST_INFO.f(&[("path", &wheel.display())])))?;
    let mut scripts = Vec::new();
    for (rel, bytes) in &files {
        if rel == &Path::new(&dist_info).join("entry_points.txt") {
            scripts = console_scripts(&String::from_utf8_lossy(bytes));
        }
        let dest = site.join(rel);
        if let Some(parent) = dest.parent() {
            fs::create_dir_all(parent).with_path("create", parent)?;
        }
        fs::write(&dest, bytes).with_path("write", &dest)?;
    }
    let installer = site.join(&dist_info).join("INSTALLER");
    fs::write(&installer, "pystart\n").with_path("write", &installer)?;
    fs::create_dir_all(bin).with_path("create", bin)?;
    for (name, module, attr) in scripts {
        let path = bin.join(&name);
        fs::write(&path, launcher(python, &module, &attr)).with_path("write", &path)?;
        make_executable(&path)?;
    }
    Ok(Installed::Done)
}

/// A path inside the wheel that stays inside the directory it is unpacked into.
fn safe_relative(name: &str) -> Option<PathBuf> {
    let path = Path::new(name);
    path.components()
        .all(|c| matches!(c, Component::Normal(_)))
        .then(|| path.to_path_buf())
}

/// `[console_scripts]` of an `entry_points.txt`: (name, module, attribute path).
fn console_scripts(text: &str) -> Vec<(String, String, String)> {
    let mut in_section = false;
    let mut out = Vec::new();
    for line in text.lines().map(str::trim) {
        if line.starts_with('[') {
            in_section = line == "[console_scripts]";
            continue;
        }
        if !in_section || line.is_empty() || line.starts_with('#') {
            continue;
        }
        let Some((name, target)) = line.split_once('=') else {
            continue;
        };
        // Extras in brackets (`mod:func [extra]`) do not change what is called.
        let target = target.split('[').next().unwrap_or_default().trim();
        let (module, attr) = target.split_once(':').unwrap_or((target, ""));
        let name = name.trim();
        let valid = |s: &str| {
            !s.is_empty()
                && s.split('.')
                    .all(|p| !p.is_empty() && p.chars().all(|c| c.is_alphanumeric() || c == '_'))
        };
        if valid(module.trim())
            && valid(attr.trim())
            && !name.is_empty()
            && !name.contains(['/', '\\'])
        {
            out.push((
                name.to_string(),
                module.trim().to_string(),
                attr.trim().to_string(),
            ));
        }
    }
    out
}

/// The script pip would write for `name = module:attr`.
fn launcher(python: &Path, module: &str, attr: &str) -> String {
    let first = attr.split('.').next().unwrap_or(attr);
    format!(
        "#!{}\nimport sys\nfrom {module} import {first}\n\nif __name__ == \"__main__\":\n    sys.exit({attr}())\n",
        python.display()
    )
}

#[cfg(unix)]
fn make_executable(path: &Path) -> Result<()> {
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(path, fs::Permissions::from_mode(0o755)).with_path("make executable", path)
}

#[cfg(not(unix))]
fn make_executable(_path: &Path) -> Result<()> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn console_scripts_are_read_from_their_section_only() {
        let text = "[gui_scripts]\ngui = a:b\n\n[console_scripts]\ntitanic = titanic.cli:main\nx = pkg.mod:App.run [extra]\nbad = ../evil:main\n";
        assert_eq!(
            console_scripts(text),
            vec![
                ("titanic".into(), "titanic.cli".into(), "main".into()),
                ("x".into(), "pkg.mod".into(), "App.run".into()),
            ]
        );
    }

    #[test]
    fn the_launcher_calls_the_entry_point() {
        let s = launcher(Path::new("/v/bin/python"), "pkg.mod", "App.run");
        assert!(s.starts_with("#!/v/bin/python\n"));
        assert!(s.contains("from pkg.mod import App\n"));
        assert!(s.contains("sys.exit(App.run())"));
    }

    #[test]
    fn paths_leaving_the_directory_are_refused() {
        assert!(safe_relative("pkg/__init__.py").is_some());
        assert!(safe_relative("../x").is_none());
        assert!(safe_relative("/etc/passwd").is_none());
        assert!(safe_relative("C:/x").is_some_and(|p| !p.is_absolute() || cfg!(windows)));
    }
}
