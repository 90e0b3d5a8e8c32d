//! Running a command for a project: output appended to a log, a time limit, the environment
//! variables every child gets, and reading the log back (its tail, pytest's summary line).
//! Must not decide what to run: the callers (verify, grade, setup) do.

use super::Venv;
use crate::error::{Error, IoContext, Result, display_path};
use crate::messages::verify as t;
use std::fs;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Stdout and stderr of a child, both appended to `log`.
fn log_stdio(log: &Path) -> Result<(Stdio, Stdio)> {
    let file = fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(log)
        .with_path("open the log", log)?;
    let err = file.try_clone().with_path("open the log", log)?;
    Ok((Stdio::from(file), Stdio::from(err)))
}

fn cannot_run(cmd: &Command, err: &std::io::Error) -> crate::messages::Msg {
    t::ENV_CANNOT_RUN.m(&[("command", &format!("{cmd:?}")), ("err", err)])
}

/// The longest any one command pystart runs for a project or template (creating an
/// environment, an install, a test run) may take: template code never runs without a limit.
pub const COMMAND_LIMIT: Duration = Duration::from_secs(3600);

/// Runs a command with its output appended to `log`, within [`COMMAND_LIMIT`] (a command that
/// runs out of time is killed, noted in the log and counts as failed); an error names the
/// command and the log.
pub fn run_logged(cmd: &mut Command, log: &Path) -> Result<bool> {
    match run_logged_timeout(cmd, log, COMMAND_LIMIT)? {
        Outcome::Exited(ok) => Ok(ok),
        Outcome::TimedOut => {
            if let Ok(mut f) = fs::OpenOptions::new().append(true).open(log) {
                use std::io::Write;
                let _ = writeln!(
                    f,
                    "{}",
                    t::ENV_KILLED_AFTER.f(&[("seconds", &COMMAND_LIMIT.as_secs())])
                );
            }
            Ok(false)
        }
    }
}

/// The last line of a log that looks like a test summary (`… passed …`).
pub fn last_summary_line(log: &Path) -> String {
    let text = std::fs::read_to_string(log).unwrap_or_default();
    text.lines()
        .rev()
        .find(|l| l.contains(" passed") || l.contains(" failed") || l.contains(" error"))
        .map(|l| l.trim().trim_matches('=').trim().to_string())
        .unwrap_or_default()
}

/// The last `n` lines of a log, after a line saying how many came before and where.
pub fn tail(log: &Path, n: usize) -> String {
    tail_in(log, n, crate::messages::lang())
}

/// [`tail`] with the line about the earlier lines in `lang`.
pub fn tail_in(log: &Path, n: usize, lang: &str) -> String {
    let text = std::fs::read_to_string(log)
        .with_path("read", log)
        .unwrap_or_default();
    let lines: Vec<&str> = text.lines().collect();
    let start = lines.len().saturating_sub(n);
    let mut out = String::new();
    if start > 0 {
        let (n, path) = (start.to_string(), display_path(log));
        out.push_str(
            &t::ENV_EARLIER_LINES.fill(lang, &[("n", n.as_str()), ("path", path.as_str())]),
        );
        out.push('\n');
    }
    out.push_str(&lines[start..].join("\n"));
    out
}

/// How a command with a time limit ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// It exited; `true` when successfully.
    Exited(bool),
    /// It ran out of time and was killed.
    TimedOut,
}

/// Like [`run_logged`], but the command is killed after `limit`, or at once after Ctrl-C,
/// SIGTERM or SIGHUP during a critical section (then the error is the interruption).
pub fn run_logged_timeout(cmd: &mut Command, log: &Path, limit: Duration) -> Result<Outcome> {
    let (out, err) = log_stdio(log)?;
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(out)
        .stderr(err)
        .spawn()
        .map_err(|e| Error::new(cannot_run(cmd, &e)))?;
    let deadline = Instant::now() + limit;
    // Short commands are common: look often at first, then every 50 ms.
    let mut pause = Duration::from_millis(1);
    loop {
        if let Some(status) = child.try_wait().map_err(|e| {
            Error::new(t::ENV_CANNOT_WAIT.m(&[("command", &format!("{cmd:?}")), ("err", &e)]))
        })? {
            return Ok(Outcome::Exited(status.success()));
        }
        let interrupted = crate::platform::interrupted();
        if interrupted || Instant::now() >= deadline {
            let _ = child.kill();
            let _ = child.wait();
            if interrupted {
                return Err(Error::interrupted());
            }
            return Ok(Outcome::TimedOut);
        }
        std::thread::sleep(pause);
        pause = (pause * 2).min(Duration::from_millis(50));
    }
}

/// Environment variables every child gets: no user site, no stray PYTHONPATH, quiet pip.
pub fn clean_env<'a>(cmd: &'a mut Command, venv: &Venv) -> &'a mut Command {
    let path = std::env::var_os("PATH").unwrap_or_default();
    let mut paths = vec![venv.bin()];
    paths.extend(std::env::split_paths(&path));
    cmd.env("PATH", std::env::join_paths(paths).unwrap_or(path))
        .env("VIRTUAL_ENV", &venv.root)
        .env("PYTHONNOUSERSITE", "1")
        .env("PIP_DISABLE_PIP_VERSION_CHECK", "1")
        .env("PIP_NO_INPUT", "1")
        .env("MPLBACKEND", "Agg")
        .env_remove("PYTHONPATH")
        .env_remove("PYTHONHOME")
}

/// The cores shared out among the jobs running at once (at least one each).
pub fn threads_per_job(workers: usize) -> usize {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    (cores / workers.max(1)).max(1)
}

/// Caps the thread pools of OpenMP, OpenBLAS, MKL, numexpr and macOS Accelerate: each of them
/// otherwise starts one thread per core in every job, and parallel jobs then fight over the
/// cores (the tests of one numeric template took twice as long beside another job). For `verify`
/// and `grade`, which run several projects at once..
pub fn limit_threads(cmd: &mut Command, threads: usize) -> &mut Command {
    let n = threads.to_string();
    for var in THREAD_VARS {
        cmd.env(var, &n);
    }
    cmd
}

/// The variables that size the thread pools of OpenMP, OpenBLAS, MKL, numexpr and Accelerate.
pub const THREAD_VARS: [&str; 5] = [
    "OMP_NUM_THREADS",
    "OPENBLAS_NUM_THREADS",
    "MKL_NUM_THREADS",
    "NUMEXPR_NUM_THREADS",
    "VECLIB_MAXIMUM_THREADS",
];

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    #[test]
    fn parallel_jobs_share_the_cores_out() {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        assert_eq!(threads_per_job(1), cores);
        assert_eq!(threads_per_job(cores * 4), 1);
        let mut cmd = Command::new("true");
        limit_threads(&mut cmd, 3);
        let envs: HashMap<String, String> = cmd
            .get_envs()
            .filter_map(|(k, v)| Some((k.to_str()?.to_string(), v?.to_str()?.to_string())))
            .collect();
        assert_eq!(envs["OMP_NUM_THREADS"], "3");
        assert_eq!(envs["OPENBLAS_NUM_THREADS"], "3");
    }

    #[cfg(unix)]
    #[test]
    fn a_command_out_of_time_is_killed_and_reported_as_such() {
        let tmp = tempfile::tempdir().unwrap();
        let log = tmp.path().join("log");
        let mut cmd = Command::new("sleep");
        cmd.arg("30");
        let started = Instant::now();
        let outcome = run_logged_timeout(&mut cmd, &log, Duration::from_millis(200)).unwrap();
        assert_eq!(outcome, Outcome::TimedOut);
        assert!(started.elapsed() < Duration::from_secs(10));
        let mut ok = Command::new("true");
        assert_eq!(
            run_logged_timeout(&mut ok, &log, Duration::from_secs(30)).unwrap(),
            Outcome::Exited(true)
        );
    }
}
