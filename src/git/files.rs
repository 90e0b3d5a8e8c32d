//! The files of a commit, as committed (the work tree is not looked at): their contents and
//! modes, or only their paths, within a size limit. Submissions are untrusted: links and
//! submodules come back marked, never followed. It must not write files or decide which of
//! them count; the caller does.

use super::CommitInfo;
use git2::Repository;
use std::path::Path;

/// One entry of a commit's tree.
#[derive(Debug, Clone)]
pub struct TreeFile {
    /// Relative, `/`-separated.
    pub path: String,
    pub contents: Vec<u8>,
    pub executable: bool,
    /// A symbolic link or a submodule: never written out.
    pub special: bool,
}

/// Why a commit's files could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadTreeError {
    NoRepository(String),
    NoCommit(String),
    TooLarge { limit: u64 },
    Broken(String),
}

/// The commit `rev` (e.g. `HEAD`) of the repository in `dir` and every file of its tree, as
/// committed (the work tree is not looked at). At most `limit` bytes of file contents.
pub fn commit_files(
    dir: &Path,
    rev: &str,
    limit: u64,
) -> std::result::Result<(CommitInfo, Vec<TreeFile>), ReadTreeError> {
    let repo =
        Repository::open(dir).map_err(|e| ReadTreeError::NoRepository(e.message().into()))?;
    let commit = repo
        .revparse_single(rev)
        .and_then(|o| o.peel_to_commit())
        .map_err(|e| ReadTreeError::NoCommit(e.message().into()))?;
    let info = CommitInfo::of(&commit);
    let tree = commit
        .tree()
        .map_err(|e| ReadTreeError::Broken(e.message().into()))?;
    let mut files = Vec::new();
    let mut total = 0u64;
    let mut failure = None;
    tree.walk(git2::TreeWalkMode::PreOrder, |root, entry| {
        let Ok(name) = entry.name() else {
            return git2::TreeWalkResult::Skip;
        };
        let path = format!("{root}{name}");
        let mode = entry.filemode();
        match entry.kind() {
            Some(git2::ObjectType::Tree) => return git2::TreeWalkResult::Ok,
            Some(git2::ObjectType::Blob) if mode != i32::from(git2::FileMode::Link) => {}
            // A link or a submodule.
            _ => {
                files.push(TreeFile {
                    path,
                    contents: vec![],
                    executable: false,
                    special: true,
                });
                return git2::TreeWalkResult::Ok;
            }
        }
        match repo.find_blob(entry.id()) {
            Ok(blob) => {
                total += blob.size() as u64;
                if total > limit {
                    failure = Some(ReadTreeError::TooLarge { limit });
                    return git2::TreeWalkResult::Abort;
                }
                files.push(TreeFile {
                    path,
                    contents: blob.content().to_vec(),
                    executable: mode == i32::from(git2::FileMode::BlobExecutable),
                    special: false,
                });
                git2::TreeWalkResult::Ok
            }
            Err(e) => {
                failure = Some(ReadTreeError::Broken(e.message().into()));
                git2::TreeWalkResult::Abort
            }
        }
    })
    .ok();
    match failure {
        Some(e) => Err(e),
        None => Ok((info, files)),
    }
}

/// The paths of the files of commit `rev` in `dir` (None when it cannot be read).
pub fn commit_paths(dir: &Path, rev: &str) -> Option<std::collections::HashSet<String>> {
    let repo = Repository::open(dir).ok()?;
    let tree = repo
        .revparse_single(rev)
        .ok()?
        .peel_to_commit()
        .ok()?
        .tree()
        .ok()?;
    let mut paths = std::collections::HashSet::new();
    tree.walk(git2::TreeWalkMode::PreOrder, |root, entry| {
        if entry.kind() != Some(git2::ObjectType::Tree)
            && let Ok(name) = entry.name()
        {
            paths.insert(format!("{root}{name}"));
        }
        git2::TreeWalkResult::Ok
    })
    .ok()?;
    Some(paths)
}
