//! Errors the user can act on: the crate's one error type.
//!
//! Every error names what was wrong (the field, value, file or path) and, where there is one, a
//! hint with the fix. Its message and hints are [`Msg`]s, translated only when shown: the
//! printer puts them into the interface language, reports for programs take [`Error::code`] and
//! the English text. `lib::run` is the only place that turns an error into output and an exit
//! code: 1 for these, 2 for usage errors found by clap. This module knows no command.

use crate::messages::Msg;
use crate::messages::generate as t;
use std::path::{Path, PathBuf};

/// A failure the user can fix, with optional `hint:` lines.
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct Error {
    message: Msg,
    hints: Vec<Msg>,
    /// 1 for errors the user can fix, 2 for usage errors, 128 + the signal after Ctrl-C (130),
    /// SIGTERM (143) or SIGHUP (129).
    exit: u8,
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// An error from a text with its values (`t::X.m(&[…])`, or `&t::X`); plain text only
    /// through [`Msg::plain`], for words that are the same in every language.
    pub fn new(message: impl Into<Msg>) -> Self {
        Self {
            message: message.into(),
            hints: Vec::new(),
            exit: 1,
        }
    }

    /// A usage error: exits with code 2 like clap's own.
    pub fn usage(message: impl Into<Msg>) -> Self {
        Self {
            exit: 2,
            ..Self::new(message)
        }
    }

    pub fn hint(mut self, hint: impl Into<Msg>) -> Self {
        self.hints.push(hint.into());
        self
    }

    /// An I/O error on a path, with the path named. `action` is what failed, in English
    /// (`read`, `create`, `write`…); the known ones have a text of their own.
    pub fn io(action: &str, path: &Path, err: std::io::Error) -> Self {
        if is_disk_full(&err) {
            return Self::new(t::IO_NO_SPACE.m(&[("path", &path.display())]))
                .hint(&t::IO_NO_SPACE_HINT);
        }
        Self::new(io_text(action).m(&[
            ("action", &action),
            ("path", &path.display()),
            ("err", &err),
        ]))
    }

    /// The message in the interface language.
    pub fn message(&self) -> String {
        self.message.to_string()
    }

    /// The message, untranslated.
    pub fn msg(&self) -> &Msg {
        &self.message
    }

    /// The hints in the interface language.
    pub fn hints(&self) -> Vec<String> {
        self.hints.iter().map(Msg::to_string).collect()
    }

    /// The hints, untranslated.
    pub fn hint_msgs(&self) -> &[Msg] {
        &self.hints
    }

    /// A stable code for programs: the name of the message's text (`target_not_empty`), or
    /// `error` for plain text.
    pub fn code(&self) -> String {
        self.message.code().unwrap_or_else(|| "error".into())
    }

    pub fn exit_code(&self) -> u8 {
        self.exit
    }

    /// The target directory exists and holds files.
    pub fn target_not_empty(path: &Path) -> Self {
        Self::new(t::TARGET_NOT_EMPTY.m(&[("path", &path.display())]))
            .hint(&t::TARGET_NOT_EMPTY_HINT)
    }

    /// Interrupted by Ctrl-C, SIGTERM or SIGHUP (exit code 128 + the signal); whatever was half written has been removed.
    pub fn interrupted() -> Self {
        Self::interrupted_with(&t::INTERRUPTED)
    }

    /// An interruption (exit code 130, or 128 + the signal) that says what was kept.
    pub fn interrupted_with(message: impl Into<Msg>) -> Self {
        Self {
            exit: crate::platform::interrupted_exit_code(),
            ..Self::new(message)
        }
    }
}

/// Adds the path to an I/O error.
pub trait IoContext<T> {
    fn with_path(self, action: &str, path: &Path) -> Result<T>;
}

impl<T> IoContext<T> for std::io::Result<T> {
    fn with_path(self, action: &str, path: &Path) -> Result<T> {
        self.map_err(|e| Error::io(action, path, e))
    }
}

/// A path in messages, relative to the current directory when that is shorter.
pub fn display_path(path: &Path) -> String {
    let shown: PathBuf = std::env::current_dir()
        .ok()
        .and_then(|cwd| path.strip_prefix(cwd).ok().map(Path::to_path_buf))
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or_else(|| path.to_path_buf());
    shown.display().to_string()
}

/// Whether an I/O error means the disk (or the user's quota) is full.
fn is_disk_full(err: &std::io::Error) -> bool {
    #[cfg(unix)]
    let code = matches!(err.raw_os_error(), Some(libc::ENOSPC | libc::EDQUOT));
    #[cfg(windows)]
    // ERROR_HANDLE_DISK_FULL, ERROR_DISK_FULL
    let code = matches!(err.raw_os_error(), Some(39 | 112));
    #[cfg(not(any(unix, windows)))]
    let code = false;
    code || err.kind() == std::io::ErrorKind::StorageFull
}

/// The sentence for an I/O action (`read`, `create`, `open the log`…).
fn io_text(action: &str) -> &'static crate::messages::Text {
    match action {
        "read" => &t::IO_READ,
        "read the answers file" => &t::IO_READ_ANSWERS,
        "read the roster" => &t::IO_READ_ROSTER,
        "create" => &t::IO_CREATE,
        "write" => &t::IO_WRITE,
        "inspect" => &t::IO_INSPECT,
        "remove" => &t::IO_REMOVE,
        "make executable" => &t::IO_MAKE_EXECUTABLE,
        "move into" => &t::IO_MOVE_INTO,
        "move into place" => &t::IO_MOVE_INTO_PLACE,
        "move the project into" => &t::IO_MOVE_PROJECT_INTO,
        "open the log" => &t::IO_OPEN_LOG,
        "open the journal" => &t::IO_OPEN_JOURNAL,
        "lock" => &t::IO_LOCK,
        "run" => &t::IO_RUN,
        _ => &t::IO_OTHER,
    }
}

impl From<crate::platform::Interrupted> for Error {
    fn from(_: crate::platform::Interrupted) -> Self {
        Error::interrupted()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every action the sources pass to `with_path`/`Error::io` has a sentence in both languages
    /// (an unknown one would keep its English verb in a Chinese message).
    #[test]
    fn every_io_action_in_the_sources_has_its_own_sentence() {
        fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    rust_files(&path, out);
                } else if path.extension().is_some_and(|e| e == "rs") {
                    out.push(path);
                }
            }
        }
        let mut files = Vec::new();
        rust_files(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
            &mut files,
        );
        let mut seen = 0;
        for file in files {
            let text = std::fs::read_to_string(&file).unwrap();
            for call in ["with_path(\"", "Error::io(\""] {
                for rest in text.split(call).skip(1) {
                    let action = rest.split('"').next().unwrap();
                    if action.is_empty() || action.contains('{') {
                        continue;
                    }
                    seen += 1;
                    assert!(
                        !std::ptr::eq(io_text(action), &t::IO_OTHER),
                        "`{action}` in {} has no sentence of its own",
                        file.display()
                    );
                }
            }
        }
        assert!(seen > 20, "only {seen} actions found");
    }

    #[cfg(unix)]
    #[test]
    fn a_full_disk_says_so_with_the_path() {
        let full = std::io::Error::from_raw_os_error(libc::ENOSPC);
        let e = Error::io("write", Path::new("proj/data.csv"), full);
        assert_eq!(
            e.message(),
            "no space left on the disk that holds `proj/data.csv`"
        );
        assert!(e.hints()[0].contains("free some space"), "{:?}", e.hints());
        // The real thing: /dev/full answers every write with ENOSPC.
        if Path::new("/dev/full").exists() {
            let err = std::fs::write("/dev/full", b"x")
                .with_path("write", Path::new("/dev/full"))
                .unwrap_err();
            assert!(
                err.message().starts_with("no space left"),
                "{}",
                err.message()
            );
        }
    }

    #[test]
    fn usage_errors_exit_with_two_others_with_one() {
        assert_eq!(Error::usage(Msg::plain("bad flag")).exit_code(), 2);
        assert_eq!(Error::new(Msg::plain("bad value")).exit_code(), 1);
    }

    #[test]
    fn target_not_empty_names_the_path_and_hints() {
        let e = Error::target_not_empty(Path::new("titanic"));
        assert_eq!(
            e.message(),
            "target directory `titanic` already exists and is not empty"
        );
        assert_eq!(e.hints().len(), 1);
    }
}
