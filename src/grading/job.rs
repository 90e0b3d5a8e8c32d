//! The one place student code runs: install a grading copy, then run its tests boxed.
//!
//! [`run`] lays out a work directory (the project, its venv, a private `HOME`, an output
//! folder, and a read-only folder with the teacher's pytest plugin). The project is installed
//! on the host as `verify` and a learner install it (a new venv, `pip install -e ".[dev]"`
//! through uv when it installs): that runs only the teacher's build configuration, since every
//! file outside the student-owned paths is the teacher's ([`super::copy`]). Then pystart starts
//! itself inside [`crate::sandbox`] as `pystart --pystart-grading-job SPEC` ([`main`]), which
//! runs the template's test command with pytest writing JUnit XML. The venv is read-only in
//! the sandbox: its files may be hard links into uv's cache, shared by every student. Without a
//! sandbox the venv holds copies instead. The install and the tests each have the time limit.

use crate::error::IoContext;
use crate::python::{self, Installer, Made, Python, Venv};
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
    project: PathBuf,
    venv: PathBuf,
    junit: PathBuf,
    test: Vec<String>,
}

/// Inside the sandbox: run the tests. The exit code is pytest's.
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
    let venv = Venv {
        root: spec.venv.clone(),
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
    pub installer: &'a Installer,
    pub test: &'a [String],
    pub limits: &'a Limits,
    pub threads: usize,
}

/// Writes `plan` into a fresh work directory, installs it and runs the job on it.
pub fn run(ctx: &Context, plan: &Plan) -> std::result::Result<Ran, String> {
    // Failures name their path; reports carry them in English.
    let english = |e: crate::error::Error| e.msg().en();
    let work = tempfile::Builder::new()
        .prefix("pystart-grade-")
        .tempdir()
        .with_path("create", &std::env::temp_dir())
        .map_err(english)?;
    let root = work.path().to_path_buf();
    let project = root.join("project");
    crate::writer::write(plan, &project, |_| Ok(())).map_err(english)?;
    for d in ["home", "out", "tmp", "teacher"] {
        let dir = root.join(d);
        std::fs::create_dir_all(&dir)
            .with_path("create", &dir)
            .map_err(english)?;
    }
    let grading = root.join("teacher/pystart_grading.py");
    std::fs::write(&grading, super::shared_file("pystart_grading.py"))
        .with_path("write", &grading)
        .map_err(english)?;
    let junit = root.join("out/junit.xml");
    let venv = root.join("venv");

    // The install, on the host (see the module's notes), with its own time limit.
    let started = std::time::Instant::now();
    let build_log = root.join("out/build.log");
    let links = if ctx.boxing.is_boxed() {
        python::Links::Default
    } else {
        python::Links::Copy
    };
    let made = python::project_env(
        ctx.installer,
        ctx.python,
        &project,
        ".[dev]",
        &venv,
        links,
        ctx.limits.time,
        &build_log,
    )
    .map_err(english)?;
    let mut output = b"== install\n".to_vec();
    output.extend(std::fs::read(&build_log).unwrap_or_default());
    let failed = match made {
        Made::Ready(_) => None,
        Made::Failed(failure) => Some((
            Ended::Exited(Some(BUILD_FAILED)),
            format!("install failed: {}\n", failure.message(&build_log).0.en()),
        )),
        Made::TimedOut(limit) => Some((
            Ended::TimedOut,
            format!("the install took longer than {} s\n", limit.as_secs()),
        )),
    };
    if let Some((ended, why)) = failed {
        output.extend(why.as_bytes());
        return Ok(Ran {
            ended,
            output,
            junit: None,
            seconds: started.elapsed().as_secs_f64(),
            work,
            project,
        });
    }

    let spec = Spec {
        project: project.clone(),
        venv: venv.clone(),
        junit: junit.clone(),
        test: ctx.test.to_vec(),
    };
    let spec_path = root.join("teacher/spec.json");
    std::fs::write(
        &spec_path,
        serde_json::to_vec(&spec).expect("spec serialises"),
    )
    .with_path("write", &spec_path)
    .map_err(english)?;

    // A pystart replaced while it runs (an upgrade) has no path any more: say so.
    let exe = std::env::current_exe()
        .and_then(|p| p.canonicalize())
        .map_err(|e| format!("cannot find the running pystart executable: {e}"))?;
    let mut read_only = vec![exe.clone(), root.join("teacher"), venv];
    read_only.extend(interpreter_dirs(ctx.python));
    let writable: Vec<PathBuf> = ["project", "home", "out", "tmp"]
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
        .run(&job, ctx.limits, &crate::platform::interrupted)
        .map_err(|e| e.to_string())?;
    let junit = junit.is_file().then_some(junit);
    output.extend(done.output);
    Ok(Ran {
        ended: done.ended,
        output,
        junit,
        seconds: started.elapsed().as_secs_f64(),
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
    for var in python::THREAD_VARS {
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
