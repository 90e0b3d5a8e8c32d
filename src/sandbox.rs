//! Running code that is not ours (students' submissions) so that it cannot reach the teacher.
//!
//! Two ways, chosen once per run ([`Boxing::choose`]):
//! - **bubblewrap** (`bwrap`, Linux): a new user, mount, PID, network, IPC and UTS namespace
//!   with no capabilities; the system directories read-only, the job's read-only paths (the
//!   interpreter, the shared environment) read-only, its work directory the only writable place;
//!   a private `/tmp`, no network, nothing else of the file system (no home directory, no
//!   `~/.ssh`). When the job ends or is killed, the kernel kills every process left in its
//!   PID namespace.
//! - **unboxed** (macOS, Windows, Linux without usable user namespaces): the same environment
//!   and limits, but the job sees the file system with the teacher's rights. Its process group
//!   is killed at the end, and on Linux pystart adopts orphans (`PR_SET_CHILD_SUBREAPER`) so
//!   [`reap_strays`] can kill what escaped the group.
//!
//! Both: an environment made only of what the job lists (no tokens), resource limits
//! (CPU time, address space, file size, processes, no core dumps), one wall-clock limit, and
//! output kept up to a size. This module knows nothing about grading; it must not print.

use std::ffi::OsString;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// What the user asked for with `--sandbox`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Choice {
    /// bubblewrap when it works here, else unboxed with a warning.
    Auto,
    /// bubblewrap or an error.
    Bwrap,
    /// Unboxed on purpose.
    None,
}

/// How jobs are run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Boxing {
    Bwrap(PathBuf),
    Unboxed,
}

/// Why bubblewrap cannot be used (for the warning or the error).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NoBwrap {
    /// Not on PATH.
    Missing,
    /// On PATH, but a trial run failed (no user namespaces in this container, say): its
    /// first line of error output.
    Unusable(String),
    /// Not Linux.
    Unsupported,
}

/// Limits of one job.
#[derive(Debug, Clone)]
pub struct Limits {
    /// Wall-clock time for the whole job; then its processes are killed.
    pub time: Duration,
    /// Address space of each process (bytes).
    pub memory: u64,
    /// Largest file a process may write (bytes).
    pub file_size: u64,
    /// Processes of the user beyond those running when the job starts.
    pub processes: u64,
    /// Output kept (bytes); the rest is read and dropped.
    pub output: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            time: Duration::from_secs(600),
            memory: 4 << 30,
            file_size: 256 << 20,
            processes: 256,
            output: 1 << 20,
        }
    }
}

/// One program to run boxed.
#[derive(Debug, Clone, Default)]
pub struct Job {
    pub program: PathBuf,
    pub args: Vec<OsString>,
    pub cwd: PathBuf,
    /// The whole environment of the job: nothing else of pystart's is passed on.
    pub env: Vec<(OsString, OsString)>,
    /// Paths the job may read (at the same place), besides the system directories.
    pub read_only: Vec<PathBuf>,
    /// Paths the job may write (at the same place).
    pub writable: Vec<PathBuf>,
}

/// How a job ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ended {
    /// Exit code, or None when a signal ended it.
    Exited(Option<i32>),
    /// It reached [`Limits::time`] and was killed.
    TimedOut,
    /// pystart was interrupted (Ctrl-C, SIGTERM) and killed it.
    Interrupted,
}

#[derive(Debug, Clone)]
pub struct Finished {
    pub ended: Ended,
    /// stdout and stderr interleaved, up to [`Limits::output`] bytes.
    pub output: Vec<u8>,
    /// Whether output was dropped.
    pub truncated: bool,
    pub seconds: f64,
}

/// System directories every job may read (symbolic links among them are recreated as links).
const SYSTEM_DIRS: &[&str] = &[
    "/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32",
];

/// Files of `/etc` that programs need to start and to find fonts, certificates and
/// `localhost`; no other file of `/etc` is visible.
const ETC_FILES: &[&str] = &[
    "/etc/ld.so.cache",
    "/etc/ld.so.conf",
    "/etc/ld.so.conf.d",
    "/etc/alternatives",
    "/etc/ssl",
    "/etc/ca-certificates",
    "/etc/fonts",
    "/etc/localtime",
    "/etc/mime.types",
    "/etc/nsswitch.conf",
    "/etc/hosts",
    "/etc/passwd",
    "/etc/group",
    "/etc/matplotlibrc",
];

impl Boxing {
    /// The way to run jobs for `choice`, or why bubblewrap cannot be had.
    pub fn choose(choice: Choice) -> Result<Boxing, NoBwrap> {
        match choice {
            Choice::None => Ok(Boxing::Unboxed),
            Choice::Auto | Choice::Bwrap => probe_bwrap().map(Boxing::Bwrap),
        }
    }

    pub fn is_boxed(&self) -> bool {
        matches!(self, Boxing::Bwrap(_))
    }

    /// Runs `job` within `limits`, waiting for it; `interrupted` is polled and kills the job
    /// when it turns true.
    pub fn run(
        &self,
        job: &Job,
        limits: &Limits,
        interrupted: &dyn Fn() -> bool,
    ) -> std::io::Result<Finished> {
        let mut cmd = match self {
            Boxing::Bwrap(bwrap) => bwrap_command(bwrap, job),
            Boxing::Unboxed => {
                let mut c = Command::new(&job.program);
                c.args(&job.args).current_dir(&job.cwd);
                c
            }
        };
        cmd.env_clear().envs(job.env.iter().map(|(k, v)| (k, v)));
        run_limited(cmd, limits, interrupted)
    }
}

fn bwrap_command(bwrap: &Path, job: &Job) -> Command {
    let mut cmd = Command::new(bwrap);
    cmd.args(base_bwrap_args());
    for p in &job.read_only {
        cmd.arg("--ro-bind").arg(p).arg(p);
    }
    for p in &job.writable {
        cmd.arg("--bind").arg(p).arg(p);
    }
    cmd.arg("--chdir")
        .arg(&job.cwd)
        .arg("--")
        .arg(&job.program)
        .args(&job.args);
    cmd
}

/// Namespaces, identity and the read-only system.
fn base_bwrap_args() -> Vec<OsString> {
    let mut args: Vec<OsString> = [
        "--unshare-all",
        "--unshare-user",
        "--uid",
        "65534",
        "--gid",
        "65534",
        "--cap-drop",
        "ALL",
        "--die-with-parent",
        "--new-session",
        "--hostname",
        "pystart-grade",
        "--proc",
        "/proc",
        "--dev",
        "/dev",
        "--tmpfs",
        "/tmp",
    ]
    .iter()
    .map(OsString::from)
    .collect();
    for dir in SYSTEM_DIRS {
        let path = Path::new(dir);
        match std::fs::symlink_metadata(path) {
            Ok(m) if m.file_type().is_symlink() => {
                if let Ok(target) = std::fs::read_link(path) {
                    args.extend(["--symlink".into(), target.into(), path.into()]);
                }
            }
            Ok(m) if m.is_dir() => {
                args.extend(["--ro-bind".into(), path.into(), path.into()]);
            }
            _ => {}
        }
    }
    for file in ETC_FILES {
        args.extend(["--ro-bind-try".into(), (*file).into(), (*file).into()]);
    }
    args
}

/// bubblewrap on PATH, if a trial run (this very layout, running pystart itself) works.
fn probe_bwrap() -> Result<PathBuf, NoBwrap> {
    if !cfg!(target_os = "linux") {
        return Err(NoBwrap::Unsupported);
    }
    let bwrap = crate::platform::find_on_path(&["bwrap"]).ok_or(NoBwrap::Missing)?;
    let exe = std::env::current_exe().map_err(|e| NoBwrap::Unusable(e.to_string()))?;
    let job = Job {
        program: exe.clone(),
        args: vec!["--version".into()],
        cwd: "/".into(),
        env: vec![],
        read_only: vec![exe],
        writable: vec![],
    };
    let out = bwrap_command(&bwrap, &job)
        .env_clear()
        .stdin(Stdio::null())
        .output()
        .map_err(|e| NoBwrap::Unusable(e.to_string()))?;
    if out.status.success() {
        Ok(bwrap)
    } else {
        let err = String::from_utf8_lossy(&out.stderr);
        Err(NoBwrap::Unusable(
            err.lines().next().unwrap_or("").trim().to_string(),
        ))
    }
}

fn run_limited(
    mut cmd: Command,
    limits: &Limits,
    interrupted: &dyn Fn() -> bool,
) -> std::io::Result<Finished> {
    let (mut reader, writer) = std::io::pipe()?;
    cmd.stdin(Stdio::null())
        .stdout(writer.try_clone()?)
        .stderr(writer);
    #[cfg(unix)]
    apply_limits(&mut cmd, limits);
    let started = Instant::now();
    let mut child = cmd.spawn()?;
    // The pipe's write ends now belong to the child (and whatever it starts).
    drop(cmd);
    let keep = limits.output;
    let collector = std::thread::spawn(move || {
        let mut kept = Vec::new();
        let mut truncated = false;
        let mut buf = [0u8; 16 * 1024];
        loop {
            match reader.read(&mut buf) {
                Ok(0) | Err(_) => break,
                Ok(n) => {
                    let room = keep.saturating_sub(kept.len());
                    kept.extend_from_slice(&buf[..n.min(room)]);
                    truncated |= n > room;
                }
            }
        }
        (kept, truncated)
    });
    let deadline = started + limits.time;
    let ended = loop {
        if let Some(status) = child.try_wait()? {
            break Ended::Exited(status.code());
        }
        if interrupted() {
            break Ended::Interrupted;
        }
        if Instant::now() >= deadline {
            break Ended::TimedOut;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    // Whatever is left of the job's process group goes, whether the job ended or not.
    kill_group(&mut child);
    let _ = child.wait();
    // A process that left the group may still hold the pipe; do not wait for it forever.
    let (output, truncated) = join_for(collector, Duration::from_secs(2)).unwrap_or_default();
    Ok(Finished {
        ended,
        output,
        truncated,
        seconds: started.elapsed().as_secs_f64(),
    })
}

/// The collector's result if it finishes within `limit`.
fn join_for(
    handle: std::thread::JoinHandle<(Vec<u8>, bool)>,
    limit: Duration,
) -> Option<(Vec<u8>, bool)> {
    let until = Instant::now() + limit;
    while !handle.is_finished() {
        if Instant::now() >= until {
            return None;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    handle.join().ok()
}

#[cfg(unix)]
fn kill_group(child: &mut std::process::Child) {
    // The child leads its own process group (setsid in `apply_limits`).
    let pid = child.id() as libc::pid_t;
    // SAFETY: kill(2) with a negative pid signals that process group; no memory is involved.
    unsafe {
        libc::kill(-pid, libc::SIGKILL);
    }
    let _ = child.kill();
}

#[cfg(not(unix))]
fn kill_group(child: &mut std::process::Child) {
    let _ = child.kill();
}

#[cfg(unix)]
fn apply_limits(cmd: &mut Command, limits: &Limits) {
    use std::os::unix::process::CommandExt;
    let cpu = limits.time.as_secs().max(1) + 5;
    let memory = limits.memory;
    let file_size = limits.file_size;
    let processes = user_processes() + limits.processes;
    // SAFETY: the closure runs in the child between fork and exec and only makes
    // async-signal-safe system calls (setsid, setrlimit); it allocates nothing.
    unsafe {
        cmd.pre_exec(move || {
            if libc::setsid() < 0 {
                return Err(std::io::Error::last_os_error());
            }
            let set = |resource, value: u64| {
                let limit = libc::rlimit {
                    rlim_cur: value as libc::rlim_t,
                    rlim_max: value as libc::rlim_t,
                };
                libc::setrlimit(resource, &limit)
            };
            set(libc::RLIMIT_CPU, cpu);
            set(libc::RLIMIT_AS, memory);
            set(libc::RLIMIT_FSIZE, file_size);
            set(libc::RLIMIT_NPROC, processes);
            set(libc::RLIMIT_CORE, 0);
            Ok(())
        });
    }
}

/// How many processes this user runs now (the process limit counts them all).
#[cfg(target_os = "linux")]
fn user_processes() -> u64 {
    use std::os::unix::fs::MetadataExt;
    // SAFETY: getuid(2) cannot fail.
    let uid = unsafe { libc::getuid() };
    std::fs::read_dir("/proc")
        .map(|entries| {
            entries
                .flatten()
                .filter(|e| {
                    e.file_name()
                        .to_string_lossy()
                        .bytes()
                        .all(|b| b.is_ascii_digit())
                })
                .filter(|e| e.metadata().is_ok_and(|m| m.uid() == uid))
                .count() as u64
        })
        .unwrap_or(1024)
}

#[cfg(all(unix, not(target_os = "linux")))]
fn user_processes() -> u64 {
    1024
}

/// Makes pystart the parent of orphans of its jobs (Linux), so [`reap_strays`] can find them.
pub fn adopt_orphans() {
    #[cfg(target_os = "linux")]
    // SAFETY: prctl(2) with PR_SET_CHILD_SUBREAPER takes plain integers.
    unsafe {
        libc::prctl(libc::PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
    }
}

/// Kills and reaps every child process of pystart that is still running: called when no job
/// runs any more, so each of them is something a job left behind. Returns how many there were.
pub fn reap_strays() -> usize {
    #[cfg(target_os = "linux")]
    {
        let mut killed = 0;
        // Killing a stray makes its own children ours; a few rounds catch them too.
        for _ in 0..20 {
            let strays = children_of(std::process::id());
            if strays.is_empty() {
                break;
            }
            for pid in strays {
                // SAFETY: kill(2) and waitpid(2) on a child of ours; no memory is shared.
                unsafe {
                    libc::kill(pid, libc::SIGKILL);
                    libc::waitpid(pid, std::ptr::null_mut(), 0);
                }
                killed += 1;
            }
        }
        killed
    }
    #[cfg(not(target_os = "linux"))]
    0
}

#[cfg(target_os = "linux")]
fn children_of(parent: u32) -> Vec<i32> {
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return vec![];
    };
    entries
        .flatten()
        .filter_map(|e| {
            let pid: i32 = e.file_name().to_str()?.parse().ok()?;
            let stat = std::fs::read_to_string(e.path().join("stat")).ok()?;
            // pid (comm) state ppid …; comm may hold spaces and parentheses.
            let after = &stat[stat.rfind(')')? + 1..];
            let ppid: u32 = after.split_whitespace().nth(1)?.parse().ok()?;
            (ppid == parent).then_some(pid)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sh(script: &str, dir: &Path) -> Job {
        Job {
            program: "/bin/sh".into(),
            args: vec!["-c".into(), script.into()],
            cwd: dir.to_path_buf(),
            env: vec![("PATH".into(), "/usr/bin:/bin".into())],
            read_only: vec![],
            writable: vec![dir.to_path_buf()],
        }
    }

    #[cfg(unix)]
    #[test]
    fn output_is_capped_and_a_timeout_kills_the_group() {
        let tmp = tempfile::tempdir().unwrap();
        let limits = Limits {
            time: Duration::from_secs(2),
            output: 10,
            ..Limits::default()
        };
        let done = Boxing::Unboxed
            .run(
                &sh("echo 0123456789abcdef; exit 3", tmp.path()),
                &limits,
                &|| false,
            )
            .unwrap();
        assert_eq!(done.ended, Ended::Exited(Some(3)));
        assert_eq!(done.output, b"0123456789");
        assert!(done.truncated);

        // A background child that would outlive the job is killed with its group.
        let marker = tmp.path().join("alive");
        let script = format!("(sleep 3; touch {}) & sleep 30", marker.display());
        let done = Boxing::Unboxed
            .run(&sh(&script, tmp.path()), &limits, &|| false)
            .unwrap();
        assert_eq!(done.ended, Ended::TimedOut);
        assert!(done.seconds < 10.0, "{}", done.seconds);
        std::thread::sleep(Duration::from_secs(2));
        assert!(!marker.exists(), "a child of the job outlived it");
    }

    #[cfg(unix)]
    #[test]
    fn the_environment_is_only_what_the_job_lists() {
        let tmp = tempfile::tempdir().unwrap();
        // SAFETY: a test setting a variable no other test reads.
        unsafe { std::env::set_var("PYSTART_SANDBOX_TEST_TOKEN", "secret") };
        let done = Boxing::Unboxed
            .run(&sh("env", tmp.path()), &Limits::default(), &|| false)
            .unwrap();
        let text = String::from_utf8_lossy(&done.output);
        assert!(!text.contains("secret"), "{text}");
        assert!(text.contains("PATH=/usr/bin:/bin"), "{text}");
    }

    #[cfg(unix)]
    #[test]
    fn an_interruption_kills_the_job() {
        let tmp = tempfile::tempdir().unwrap();
        let started = Instant::now();
        let done = Boxing::Unboxed
            .run(&sh("sleep 30", tmp.path()), &Limits::default(), &|| {
                started.elapsed() > Duration::from_millis(300)
            })
            .unwrap();
        assert_eq!(done.ended, Ended::Interrupted);
        assert!(done.seconds < 5.0);
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn bubblewrap_hides_the_file_system_and_the_network() {
        let Ok(boxing) = Boxing::choose(Choice::Bwrap) else {
            eprintln!("skipped: bubblewrap is not usable here");
            return;
        };
        let tmp = tempfile::tempdir().unwrap();
        let home = std::env::var("HOME").unwrap_or_else(|_| "/root".into());
        let outside = tempfile::tempdir().unwrap();
        let script = format!(
            "ls {home} >/dev/null 2>&1 && echo SEES_HOME; \
             touch {outside}/x 2>/dev/null && echo WROTE_OUTSIDE; \
             touch {inside}/y && echo WROTE_INSIDE; \
             touch /usr/z 2>/dev/null && echo WROTE_USR; id -u",
            outside = outside.path().display(),
            inside = tmp.path().display(),
        );
        let done = boxing
            .run(&sh(&script, tmp.path()), &Limits::default(), &|| false)
            .unwrap();
        let text = String::from_utf8_lossy(&done.output);
        assert_eq!(done.ended, Ended::Exited(Some(0)), "{text}");
        assert!(text.contains("WROTE_INSIDE"), "{text}");
        assert!(!text.contains("WROTE_OUTSIDE"), "{text}");
        assert!(!text.contains("WROTE_USR"), "{text}");
        assert!(!text.contains("SEES_HOME") || home == "/", "{text}");
        assert!(text.contains("65534"), "{text}");
        assert!(!outside.path().join("x").exists());
    }
}
