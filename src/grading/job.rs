//! The one place student code runs: install a grading copy and run its tests, boxed.
//!
//! [`run`] lays out a work directory (the project, its small venv, a private `HOME`, an output
//! folder, and a read-only folder with the teacher's pytest plugin), then starts pystart itself
//! inside [`crate::sandbox`] as `pystart --pystart-grading-job SPEC` ([`main`]). Inside, the
//! project is installed into a venv over the shared environment exactly as `verify` does, and
//! the template's test command runs with pytest writing JUnit XML. One time limit covers the
//! install and the tests; the shared environment is read-only in the sandbox.

use crate::pyenv::{self, Python, Venv};
use crate::render::Plan;
use crate::sandbox::{Boxing, Ended, Limits};
use serde::{Deserialize, Serialize};
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The first argument that makes pystart run a grading job instead of its command line.
pub const FLAG: &str = "--pystart-grading-job";

/// Exit code of a job whose project could not be installed.
pub const BUILD_FAILED: i32 = 10;
/// Exit code of a job whose specification could not be read.
const BAD_SPEC: i32 = 11;

/// What the job inside the sandbox is told (a JSON file beside the work directory).
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Spec {
    python: PathBuf,
    python_version: String,
    python_implementation: String,
    shared: PathBuf,
    project: PathBuf,
    venv: PathBuf,
    junit: PathBuf,
    build_log: PathBuf,
    test: Vec<String>,
}

/// Inside the sandbox: install the project, run its tests. The exit code is pytest's, or
/// [`BUILD_FAILED`].
pub fn main(spec_path: &Path) -> i32 {
    let spec: Spec = match std::fs::read(spec_path)
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok())
    {
        Some(spec) => spec,
        None => {
            eprintln!("pystart grading job: cannot read {}", spec_path.display());
            return BAD_SPEC;
        }
    };
    let python = Python {
        exe: spec.python.clone(),
        version: spec.python_version.clone(),
        implementation: spec.python_implementation.clone(),
        prefix: PathBuf::new(),
    };
    let shared = Venv {
        root: spec.shared.clone(),
    };
    println!("== install");
    let venv =
        match pyenv::project_env(&python, &shared, &spec.project, &spec.venv, &spec.build_log) {
            Ok((venv, _)) => venv,
            Err(e) => {
                println!(
                    "{}",
                    std::fs::read_to_string(&spec.build_log).unwrap_or_default()
                );
                println!("install failed: {}", e.message());
                return BUILD_FAILED;
            }
        };
    println!("== tests");
    let mut argv = test_command(&spec.test);
    argv.extend([
        "-p".into(),
        "no:cacheprovider".into(),
        "-p".into(),
        "pystart_grading".into(),
        "-o".into(),
        "junit_family=xunit1".into(),
        format!("--junitxml={}", spec.junit.display()),
    ]);
    let path = std::env::var_os("PATH").unwrap_or_default();
    let mut paths = vec![venv.bin()];
    paths.extend(std::env::split_paths(&path));
    let status = Command::new(venv.python())
        .args(&argv[1..])
        .current_dir(&spec.project)
        .env("VIRTUAL_ENV", &venv.root)
        .env("PATH", std::env::join_paths(paths).unwrap_or(path))
        .status();
    match status {
        Ok(s) => s.code().unwrap_or(1),
        Err(e) => {
            println!("cannot run the tests: {e}");
            BUILD_FAILED
        }
    }
}

/// The template's test command when it runs pytest (`python -m pytest -q …`), else that.
fn test_command(test: &[String]) -> Vec<String> {
    if test.first().is_some_and(|p| p == "python") && test.iter().any(|a| a == "pytest") {
        test.to_vec()
    } else {
        ["python", "-m", "pytest", "-q"].map(String::from).to_vec()
    }
}

/// How a job went.
#[derive(Debug)]
pub struct Ran {
    pub ended: Ended,
    /// The job's output (install and tests), cut at the output limit.
    pub output: Vec<u8>,
    /// pytest's JUnit report, if it wrote one.
    pub junit: Option<PathBuf>,
    pub seconds: f64,
    /// The work directory (removed when dropped); `project` is the grading copy.
    pub work: tempfile::TempDir,
    pub project: PathBuf,
}

impl Ran {
    /// Exit code of the job, if it exited.
    pub fn code(&self) -> Option<i32> {
        match self.ended {
            Ended::Exited(code) => code,
            _ => None,
        }
    }
}

/// What the job needs besides the project.
pub struct Context<'a> {
    pub boxing: &'a Boxing,
    pub python: &'a Python,
    pub shared: &'a Venv,
    pub test: &'a [String],
    pub limits: &'a Limits,
    pub threads: usize,
}

/// Writes `plan` into a fresh work directory and runs the job on it.
pub fn run(ctx: &Context, plan: &Plan) -> std::result::Result<Ran, String> {
    let work = tempfile::Builder::new()
        .prefix("pystart-grade-")
        .tempdir()
        .map_err(|e| e.to_string())?;
    let root = work.path().to_path_buf();
    let project = root.join("project");
    crate::writer::write(plan, &project, |_| Ok(())).map_err(|e| e.message().to_string())?;
    let dirs = ["venv", "venv.wheel", "home", "out", "tmp", "teacher"];
    for d in dirs {
        std::fs::create_dir_all(root.join(d)).map_err(|e| e.to_string())?;
    }
    std::fs::write(
        root.join("teacher/pystart_grading.py"),
        super::shared_file("pystart_grading.py"),
    )
    .map_err(|e| e.to_string())?;
    let junit = root.join("out/junit.xml");
    let spec = Spec {
        python: ctx.python.exe.clone(),
        python_version: ctx.python.version.clone(),
        python_implementation: ctx.python.implementation.clone(),
        shared: ctx.shared.root.clone(),
        project: project.clone(),
        venv: root.join("venv"),
        junit: junit.clone(),
        build_log: root.join("out/build.log"),
        test: ctx.test.to_vec(),
    };
    let spec_path = root.join("teacher/spec.json");
    std::fs::write(
        &spec_path,
        serde_json::to_vec(&spec).expect("spec serialises"),
    )
    .map_err(|e| e.to_string())?;

    let exe = std::env::current_exe()
        .and_then(|p| p.canonicalize())
        .map_err(|e| e.to_string())?;
    let mut read_only = vec![exe.clone(), root.join("teacher"), ctx.shared.root.clone()];
    read_only.extend(interpreter_dirs(ctx.python));
    let writable: Vec<PathBuf> = ["project", "venv", "venv.wheel", "home", "out", "tmp"]
        .iter()
        .map(|d| root.join(d))
        .collect();
    let tmp = if ctx.boxing.is_boxed() {
        PathBuf::from("/tmp")
    } else {
        root.join("tmp")
    };
    let job = crate::sandbox::Job {
        program: exe,
        args: vec![FLAG.into(), spec_path.into_os_string()],
        cwd: project.clone(),
        env: environment(&root, &tmp, ctx.threads),
        read_only,
        writable,
    };
    let done = ctx
        .boxing
        .run(&job, ctx.limits, &crate::writer::interrupted)
        .map_err(|e| e.to_string())?;
    let junit = junit.is_file().then_some(junit);
    Ok(Ran {
        ended: done.ended,
        output: done.output,
        junit,
        seconds: done.seconds,
        work,
        project,
    })
}

/// The interpreter's installation, as real paths (a venv's links point into it).
fn interpreter_dirs(python: &Python) -> Vec<PathBuf> {
    let mut dirs = Vec::new();
    if let Ok(prefix) = python.prefix.canonicalize() {
        dirs.push(prefix);
    }
    if let Ok(exe) = python.exe.canonicalize()
        && !dirs.iter().any(|d| exe.starts_with(d))
        && let Some(bin) = exe.parent()
    {
        dirs.push(bin.parent().unwrap_or(bin).to_path_buf());
    }
    // The system directories are visible anyway.
    dirs.retain(|d| !["/usr", "/"].contains(&d.to_string_lossy().as_ref()));
    dirs
}

/// The whole environment of a job: nothing of the teacher's (no tokens, no proxies, no
/// PYTHONPATH of theirs).
fn environment(root: &Path, tmp: &Path, threads: usize) -> Vec<(OsString, OsString)> {
    let venv_bin = Venv {
        root: root.join("venv"),
    }
    .bin();
    let mut dirs = vec![venv_bin];
    if cfg!(windows) {
        dirs.extend(std::env::split_paths(
            &std::env::var_os("PATH").unwrap_or_default(),
        ));
    } else {
        dirs.extend(["/usr/local/bin", "/usr/bin", "/bin"].map(PathBuf::from));
    }
    let path = std::env::join_paths(dirs).unwrap_or_default();
    let mut env: Vec<(OsString, OsString)> = vec![
        ("PATH".into(), path),
        ("HOME".into(), root.join("home").into()),
        ("TMPDIR".into(), tmp.into()),
        ("USER".into(), "student".into()),
        ("LOGNAME".into(), "student".into()),
        ("LANG".into(), "C.UTF-8".into()),
        ("LC_ALL".into(), "C.UTF-8".into()),
        ("PYTHONNOUSERSITE".into(), "1".into()),
        ("PYTHONPATH".into(), root.join("teacher").into()),
        ("PIP_NO_INPUT".into(), "1".into()),
        ("PIP_DISABLE_PIP_VERSION_CHECK".into(), "1".into()),
        ("MPLBACKEND".into(), "Agg".into()),
    ];
    let n = threads.to_string();
    for var in pyenv::THREAD_VARS {
        env.push((var.into(), n.clone().into()));
    }
    // Where the host needs them to run anything at all.
    for keep in ["SYSTEMROOT", "WINDIR", "COMSPEC", "PATHEXT"] {
        if let Some(v) = std::env::var_os(keep) {
            env.push((keep.into(), v));
        }
    }
    env
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_test_command_is_the_templates_when_it_runs_pytest() {
        let t = |v: &[&str]| test_command(&v.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        assert_eq!(
            t(&["python", "-m", "pytest", "-q", "-p", "no:cacheprovider"]),
            ["python", "-m", "pytest", "-q", "-p", "no:cacheprovider"]
        );
        assert_eq!(t(&["make", "test"]), ["python", "-m", "pytest", "-q"]);
    }

    #[test]
    fn the_job_environment_holds_nothing_of_the_teachers() {
        // SAFETY: a variable no other test reads.
        unsafe { std::env::set_var("PYSTART_JOB_TEST_TOKEN", "ghp_secret") };
        let env = environment(Path::new("/w"), Path::new("/tmp"), 2);
        assert!(env.iter().all(|(_, v)| v != "ghp_secret"));
        let get = |k: &str| env.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
        assert_eq!(get("HOME"), Some("/w/home".into()));
        assert_eq!(get("OMP_NUM_THREADS"), Some("2".into()));
        assert_eq!(get("PYTHONPATH"), Some("/w/teacher".into()));
    }
}
