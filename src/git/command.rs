//! The git executable, for what needs the network and the user's own git set-up (credential
//! helpers, SSH configuration): fetching submissions and template repositories, pushing
//! starter repositories. Git never asks on a terminal; a run can have a time limit and stops on
//! Ctrl-C. On failure the caller gets the line of git's output that says why, with passwords
//! in URLs hidden. It must not choose what to fetch or push: the caller names it.

use super::failure_line;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Why a run of git failed.
#[derive(Debug)]
pub(super) enum RunError {
    /// git could not be started.
    NotRun(std::io::Error),
    /// git failed; the line that says why (empty when it said nothing).
    Failed(String),
    /// Over the time limit, or Ctrl-C came.
    Stopped,
}

/// Runs `git <args>` in `dir`; killed after `limit` when there is one, or on Ctrl-C.
pub(super) fn run(dir: &Path, args: &[&str], limit: Option<Duration>) -> Result<(), RunError> {
    let mut child = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_TERMINAL_PROMPT", "0")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(RunError::NotRun)?;
    let mut stderr = child.stderr.take().expect("piped");
    let reader = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = std::io::Read::read_to_string(&mut stderr, &mut text);
        text
    });
    let deadline = limit.map(|l| Instant::now() + l);
    let status = loop {
        if let Ok(Some(status)) = child.try_wait() {
            break Some(status);
        }
        if deadline.is_some_and(|d| Instant::now() >= d) || crate::platform::interrupted() {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let text = reader.join().unwrap_or_default();
    match status {
        Some(s) if s.success() => Ok(()),
        Some(_) => Err(RunError::Failed(failure_line(&text))),
        None => Err(RunError::Stopped),
    }
}

/// Runs the git executable in `dir`, killed after `limit`. On failure, the line that says why.
pub fn run_git(dir: &Path, args: &[&str], limit: Duration) -> Result<(), String> {
    run(dir, args, Some(limit)).map_err(|e| match e {
        RunError::NotRun(e) => format!("cannot run git: {e}"),
        RunError::Failed(line) if line.is_empty() => "git failed".to_string(),
        RunError::Failed(line) => line,
        RunError::Stopped => format!("git took longer than {} s", limit.as_secs()),
    })
}

/// `git push URL main:main` from the repository in `dir`. On failure, the line that says why.
pub fn push(dir: &Path, url: &str) -> Result<(), String> {
    run(dir, &["push", "--quiet", url, "main:main"], None).map_err(|e| match e {
        RunError::NotRun(e) => format!("cannot run git: {e}"),
        RunError::Failed(line) if !line.is_empty() => line,
        RunError::Failed(_) | RunError::Stopped => {
            format!("git push {} main:main", crate::url::redact(url))
        }
    })
}
