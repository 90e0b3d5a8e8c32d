//! Every git operation of pystart, and the only user of git2: new repositories and their first
//! commit (`init`), commits and their dates (`history`), the files of a commit (`files`), the
//! git executable for what needs the network (`command`), bare copies of template repositories
//! (`remote`) and the 3-way merge of `update` (`merge`). It takes and returns plain data —
//! paths, bytes, ids as strings or [`CommitId`]s — and must not know what a template, a plan,
//! a student or a command is: callers pass their files in and decide what a result means.

mod command;
mod files;
mod history;
mod init;
pub mod merge;
mod remote;

pub use command::{push, run_git};
pub use files::{ReadTreeError, TreeFile, commit_files, commit_paths};
pub use history::{
    CommitInfo, commit_on_branch, first_parent_history, head_commit, parse_deadline,
};
pub use init::{init_and_commit, init_bare, mark_pristine};
pub use remote::{Mirror, Node, RemoteError, Snapshot, TreeError};

use crate::messages::Text;
use git2::{Oid, Repository, Signature};
use std::path::{Path, PathBuf};

/// The branch that holds the project as pystart rendered it (`pystart update` merges from it).
pub const PRISTINE_BRANCH: &str = "pystart";

/// A git operation that failed: what pystart could not do (a text such as "read HEAD") and
/// libgit2's message.
#[derive(Debug, thiserror::Error)]
#[error("git: cannot {}: {err}", what.en)]
pub struct Failed {
    pub what: &'static Text,
    pub err: String,
}

/// `what` is what git could not do, for `map_err`.
fn failed(what: &'static Text) -> impl Fn(git2::Error) -> Failed {
    move |e| Failed {
        what,
        err: e.message().to_string(),
    }
}

impl From<Failed> for crate::error::Error {
    fn from(f: Failed) -> Self {
        crate::error::Error::new(
            crate::messages::templates::UPDATE_GIT_FAILED
                .m(&[("what", &f.what.s()), ("err", &f.err)]),
        )
    }
}

/// A commit, by its id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CommitId(Oid);

impl std::fmt::Display for CommitId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

/// The work tree that already contains `dir`, if any.
pub fn enclosing_work_tree(dir: &Path) -> Option<PathBuf> {
    let start = nearest_existing(dir)?;
    let repo = Repository::discover(start).ok()?;
    repo.workdir().map(Path::to_path_buf)
}

fn nearest_existing(dir: &Path) -> Option<PathBuf> {
    let abs = std::path::absolute(dir).ok()?;
    abs.ancestors().find(|p| p.exists()).map(Path::to_path_buf)
}

/// The ignore rules of a repository (its `.gitignore` files, `info/exclude`, the user's
/// excludes file): what `git add -A` would leave out.
pub struct IgnoreRules(Repository);

impl IgnoreRules {
    /// The rules of the repository whose top folder is `dir`, if it is one.
    pub fn open(dir: &Path) -> Option<Self> {
        Repository::open(dir).ok().map(Self)
    }

    /// Whether `rel` (relative to the top folder, `/`-separated) is ignored.
    pub fn ignored(&self, rel: &str) -> bool {
        self.0.is_path_ignored(Path::new(rel)).unwrap_or(false)
    }
}

/// `user.name` and `user.email` from git config, when set and not blank.
pub fn configured_user() -> (Option<String>, Option<String>) {
    let config = git2::Config::open_default().ok();
    let get = |key: &str| {
        config
            .as_ref()
            .and_then(|c| c.get_string(key).ok())
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
    };
    (get("user.name"), get("user.email"))
}

/// Who the first commit is by: git config when it names a user, else the project's author.
pub fn signature(fallback_name: &str, fallback_email: &str) -> (String, String) {
    match configured_user() {
        (Some(n), Some(e)) => (n, e),
        _ => (fallback_name.to_string(), fallback_email.to_string()),
    }
}

/// A signature for a commit made now. Git rejects names with angle brackets or newlines; they
/// were validated, but be safe.
fn author(name: &str, email: &str) -> Result<Signature<'static>, git2::Error> {
    let clean = |s: &str| s.replace(['<', '>', '\n'], "");
    Signature::now(&clean(name), &clean(email))
}

/// What to show of a failed git command's stderr: its first `fatal:` or `error:` line (the
/// cause; hints and progress come around it), else its last line; user-info in URLs as `***`.
pub fn failure_line(stderr: &str) -> String {
    let lines: Vec<&str> = stderr
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let line = lines
        .iter()
        .find(|l| l.starts_with("fatal:") || l.starts_with("error:"))
        .or(lines.last())
        .copied()
        .unwrap_or("");
    crate::url::redact_text(line)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_git_failure_is_shown_by_its_fatal_or_error_line() {
        let stderr = "Cloning into bare repository 'x'...\nfatal: repository 'https://u:p@h/x/' not found\nhint: check\n";
        assert_eq!(
            failure_line(stderr),
            "fatal: repository 'https://***@h/x/' not found"
        );
        assert_eq!(
            failure_line("remote: nope\nerror: failed to push some refs\n"),
            "error: failed to push some refs"
        );
        assert_eq!(failure_line("something odd\n\n"), "something odd");
        assert_eq!(failure_line(""), "");
    }
}
