//! What pystart needs from the operating system, below every other module: signals (Ctrl-C,
//! SIGTERM, SIGHUP) and the critical sections that defer them, whether a process still runs,
//! finding executables on PATH (PATHEXT on Windows), and the cache folder's location. It must
//! not depend on any other module of the crate.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicI32, AtomicUsize, Ordering};

/// A signal came during a critical section: the command cleans up and ends with
/// [`interrupted_exit_code`] (the error module turns this into its error).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Interrupted;

/// Set by the signal handler while a write is in progress.
static INTERRUPTED: AtomicBool = AtomicBool::new(false);
/// The signal that interrupted (2 = SIGINT, 15 = SIGTERM, 1 = SIGHUP): the exit code is 128 +
/// it, as shells report a process killed by it.
static SIGNAL: AtomicI32 = AtomicI32::new(2);
/// How many sections with something to clean up are open; while any is, a signal must not
/// kill the process at once.
static CRITICAL: AtomicUsize = AtomicUsize::new(0);

/// What a signal does: outside a critical section exit at once (128 + the signal); inside one
/// set a flag that the writer, `batch`, `update` and `verify` check, so they clean up first.
fn on_signal(signal: i32) {
    SIGNAL.store(signal, Ordering::SeqCst);
    if CRITICAL.load(Ordering::SeqCst) > 0 {
        INTERRUPTED.store(true, Ordering::SeqCst);
    } else {
        std::process::exit(128 + signal);
    }
}

/// Installs the handler for Ctrl-C and, on Unix, for SIGTERM (a CI runner or `kill` stopping
/// us) and SIGHUP (the terminal closed): all three clean up the same way.
#[cfg(unix)]
pub fn install_interrupt_handler() {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    // The handler runs on a thread of its own, not in signal context: it may do anything.
    if let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP]) {
        std::thread::spawn(move || {
            for signal in signals.forever() {
                on_signal(signal);
            }
        });
    }
}

#[cfg(not(unix))]
pub fn install_interrupt_handler() {
    let _ = ctrlc::set_handler(|| on_signal(2));
}

/// The exit code after an interruption: 128 + the signal (130 for Ctrl-C).
pub fn interrupted_exit_code() -> u8 {
    u8::try_from(128 + SIGNAL.load(Ordering::SeqCst)).unwrap_or(130)
}

/// Whether Ctrl-C was pressed during a critical section (long waits poll this to stop early).
pub fn interrupted() -> bool {
    INTERRUPTED.load(Ordering::SeqCst)
}

/// Marks a section during which Ctrl-C is deferred; dropped at its end.
pub struct Critical(());

impl Critical {
    pub fn enter() -> Self {
        CRITICAL.fetch_add(1, Ordering::SeqCst);
        Critical(())
    }

    /// [`Interrupted`] if Ctrl-C (or SIGTERM, SIGHUP) came; `?` makes it the error.
    pub fn check(&self) -> Result<(), Interrupted> {
        if INTERRUPTED.load(Ordering::SeqCst) {
            Err(Interrupted)
        } else {
            Ok(())
        }
    }
}

impl Drop for Critical {
    fn drop(&mut self) {
        CRITICAL.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Whether process `pid` exists (on Linux: `/proc/<pid>`; elsewhere on Unix: `kill(pid, 0)`).
/// Where that cannot be told, every process counts as running, so nothing is removed.
pub fn process_alive(pid: u32) -> bool {
    if pid == std::process::id() {
        return true;
    }
    #[cfg(target_os = "linux")]
    {
        std::path::Path::new("/proc").join(pid.to_string()).exists()
    }
    #[cfg(all(unix, not(target_os = "linux")))]
    {
        let Ok(pid) = libc::pid_t::try_from(pid) else {
            return true;
        };
        // SAFETY: signal 0 only checks that the process exists and may be signalled.
        let rc = unsafe { libc::kill(pid, 0) };
        rc == 0 || std::io::Error::last_os_error().raw_os_error() != Some(libc::ESRCH)
    }
    #[cfg(not(unix))]
    {
        let _ = pid;
        true
    }
}

/// The first of `names` found as an executable on PATH (the `which` crate: on Windows a name
/// also matches with PATHEXT's extensions).
pub fn find_on_path(names: &[&str]) -> Option<PathBuf> {
    names.iter().find_map(|name| which::which(name).ok())
}

/// The names a Python interpreter goes by on PATH, the most likely first. On Windows
/// python.org installs `python.exe` and the `py` launcher but no `python3.exe`; a
/// `python3.exe` there is often only the Microsoft Store's installer alias.
pub const PYTHON_NAMES: &[&str] = if cfg!(windows) {
    &["python", "py", "python3"]
} else {
    &["python3", "python"]
};

/// `PYSTART_CACHE_DIR`, else the user cache directory (XDG on Linux) + `pystart`; None when
/// the system has none.
pub fn cache_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("PYSTART_CACHE_DIR").filter(|d| !d.is_empty()) {
        return Some(PathBuf::from(dir));
    }
    dirs::cache_dir().map(|d| d.join("pystart"))
}
