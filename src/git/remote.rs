//! Bare copies of remote repositories (template repositories): cloned once, fetched again on
//! each use, then a revision's files read out of them as data. Local paths and `file://` go
//! through libgit2 (built without network transports); other URLs through the git executable,
//! with the user's credentials. It must not know what the files are for, where the copies are
//! kept or who may use them at once: the caller picks the folder, holds the lock and gives the
//! URL to record (without a password).

use super::command::{RunError, run};
use git2::{Oid, Repository, Tree};
use std::path::Path;

/// Why a repository could not be copied or read.
#[derive(Debug, thiserror::Error)]
pub enum RemoteError {
    #[error("cannot fetch: {0}")]
    Fetch(String),
    #[error("cannot clone: {0}")]
    Clone(String),
    #[error("cannot open the copy: {0}")]
    Open(String),
    #[error("cannot run git: {0}")]
    NotRun(String),
    /// git failed; the line that says why.
    #[error("git failed: {0}")]
    Failed(String),
    /// Ctrl-C (or SIGTERM, SIGHUP) came during a critical section; git was stopped.
    #[error("interrupted")]
    Interrupted,
    #[error("no such revision")]
    NoRevision,
    #[error("cannot read the commit: {0}")]
    ReadCommit(String),
    #[error("cannot read the tree: {0}")]
    ReadTree(String),
}

/// Why a commit's files could not be read out of a [`Mirror`]; paths are relative to the top
/// of the tree, `/`-separated (empty for the top itself).
#[derive(Debug, thiserror::Error)]
pub enum TreeError {
    #[error("a file name in `{dir}` is not UTF-8")]
    NameNotUtf8 { dir: String },
    #[error("cannot read `{path}`: {err}")]
    Read { path: String, err: String },
    /// A symbolic link or a submodule: not a file.
    #[error("`{path}` is not a file")]
    NotAFile { path: String },
}

/// What libgit2 reads itself: a local path or a `file://` URL.
fn is_local(url: &str) -> bool {
    url.starts_with("file://") || Path::new(url).exists()
}

/// A failed run of the git executable as a [`RemoteError`].
fn from_run(e: RunError) -> RemoteError {
    match e {
        RunError::NotRun(e) => RemoteError::NotRun(e.to_string()),
        RunError::Failed(line) => RemoteError::Failed(line),
        // No time limit here: only Ctrl-C stops it.
        RunError::Stopped => RemoteError::Interrupted,
    }
}

/// Every branch and tag, as a fetch into the copy records them.
const REFSPECS: [&str; 2] = ["+refs/heads/*:refs/heads/*", "+refs/tags/*:refs/tags/*"];

/// A bare copy of a repository.
pub struct Mirror {
    repo: Repository,
}

impl Mirror {
    /// The copy in `dir`.
    pub fn open(dir: &Path) -> Result<Self, RemoteError> {
        Repository::open_bare(dir)
            .map(|repo| Mirror { repo })
            .map_err(|e| RemoteError::Open(e.message().into()))
    }

    /// Clones `url` bare into `dir` (which must not exist; removed again on failure), recording
    /// `stored` as where it came from.
    pub fn clone(url: &str, dir: &Path, stored: &str) -> Result<(), RemoteError> {
        let cloned = if is_local(url) {
            git2::build::RepoBuilder::new()
                .bare(true)
                .clone(url, dir)
                .map(drop)
                .map_err(|e| RemoteError::Clone(e.message().into()))
        } else {
            let arg = dir.to_string_lossy().into_owned();
            let cwd = dir.parent().unwrap_or(Path::new("."));
            run(cwd, &["clone", "--quiet", "--bare", url, &arg], None)
                .map_err(from_run)
                .and_then(|()| {
                    // `clone` wrote the URL as given into the copy's configuration.
                    Repository::open_bare(dir)
                        .and_then(|r| r.remote_set_url("origin", stored))
                        .map_err(|e| RemoteError::Open(e.message().into()))
                })
        };
        if cloned.is_err() {
            let _ = std::fs::remove_dir_all(dir);
        }
        cloned
    }

    /// Fetches every branch and tag of `url` again, replacing what the copy had.
    pub fn fetch(&self, url: &str) -> Result<(), RemoteError> {
        if is_local(url) {
            return self
                .repo
                .remote_anonymous(url)
                .and_then(|mut r| r.fetch(&REFSPECS, None, None))
                .map_err(|e| RemoteError::Fetch(e.message().into()));
        }
        // FETCH_HEAD would record the URL as given.
        let mut args = vec!["fetch", "--quiet", "--force", "--no-write-fetch-head", url];
        args.extend(REFSPECS);
        run(self.repo.path(), &args, None).map_err(from_run)
    }

    /// The commit `rev` names (a tag, a branch — also as `origin/<rev>` — or a commit).
    pub fn snapshot(&self, rev: &str) -> Result<Snapshot<'_>, RemoteError> {
        let object = self
            .repo
            .revparse_single(rev)
            .or_else(|_| self.repo.revparse_single(&format!("origin/{rev}")))
            .map_err(|_| RemoteError::NoRevision)?;
        let commit = object
            .peel_to_commit()
            .map_err(|e| RemoteError::ReadCommit(e.message().into()))?;
        let tree = commit
            .tree()
            .map_err(|e| RemoteError::ReadTree(e.message().into()))?;
        Ok(Snapshot {
            repo: &self.repo,
            commit: commit.id(),
            tree,
        })
    }
}

/// One commit of a [`Mirror`].
pub struct Snapshot<'r> {
    repo: &'r Repository,
    commit: Oid,
    tree: Tree<'r>,
}

/// A file or a folder of a commit's tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Node {
    File {
        name: String,
        contents: Vec<u8>,
        executable: bool,
    },
    Folder {
        name: String,
        nodes: Vec<Node>,
    },
}

impl Snapshot<'_> {
    /// The commit's id.
    pub fn id(&self) -> String {
        self.commit.to_string()
    }

    /// The contents of the file `name` at the top of the tree, if there is one.
    pub fn top_file(&self, name: &str) -> Option<Vec<u8>> {
        let blob = self.tree.get_name(name)?.to_object(self.repo).ok()?;
        blob.into_blob().ok().map(|b| b.content().to_vec())
    }

    /// The files and folders of the tree, in git's order, leaving out the entries whose name
    /// `skip` says (with all they hold). A link or a submodule is refused.
    pub fn nodes(&self, skip: &dyn Fn(&str) -> bool) -> Result<Vec<Node>, TreeError> {
        nodes(self.repo, &self.tree, "", skip)
    }
}

fn nodes(
    repo: &Repository,
    tree: &Tree<'_>,
    dir: &str,
    skip: &dyn Fn(&str) -> bool,
) -> Result<Vec<Node>, TreeError> {
    let mut out = Vec::new();
    for entry in tree.iter() {
        let name = entry.name().map_err(|_| TreeError::NameNotUtf8 {
            dir: dir.to_string(),
        })?;
        if skip(name) {
            continue;
        }
        let path = if dir.is_empty() {
            name.to_string()
        } else {
            format!("{dir}/{name}")
        };
        let cannot_read = |e: git2::Error| TreeError::Read {
            path: path.clone(),
            err: e.message().into(),
        };
        let object = entry.to_object(repo).map_err(cannot_read)?;
        let node = match entry.filemode() {
            0o040000 => {
                let sub = object.peel_to_tree().map_err(cannot_read)?;
                Node::Folder {
                    name: name.to_string(),
                    nodes: nodes(repo, &sub, &path, skip)?,
                }
            }
            mode @ (0o100644 | 0o100755) => {
                let blob = object.peel_to_blob().map_err(cannot_read)?;
                Node::File {
                    name: name.to_string(),
                    contents: blob.content().to_vec(),
                    executable: mode == 0o100755,
                }
            }
            _ => return Err(TreeError::NotAFile { path }),
        };
        out.push(node);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_clone_reads_back_as_folders_and_files_and_refuses_links() {
        let tmp = tempfile::tempdir().unwrap();
        let src = tmp.path().join("src");
        std::fs::create_dir_all(src.join("files/skipped")).unwrap();
        std::fs::write(src.join("template.toml"), "name = 't'\n").unwrap();
        std::fs::write(src.join("files/run.sh"), "echo\n").unwrap();
        std::fs::write(src.join("files/skipped/x"), "x").unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let exec = std::fs::Permissions::from_mode(0o755);
            std::fs::set_permissions(src.join("files/run.sh"), exec).unwrap();
        }
        super::super::init_and_commit(&src, "A", "a@example.com", "one").unwrap();
        let copy = tmp.path().join("copy.git");
        let url = src.to_string_lossy().into_owned();
        Mirror::clone(&url, &copy, &url).unwrap();
        let mirror = Mirror::open(&copy).unwrap();
        mirror.fetch(&url).unwrap();
        assert!(matches!(
            mirror.snapshot("no-such-tag"),
            Err(RemoteError::NoRevision)
        ));
        let snapshot = mirror.snapshot("HEAD").unwrap();
        assert_eq!(super::super::head_commit(&src), Some(snapshot.id()));
        assert_eq!(snapshot.top_file("template.toml").unwrap(), b"name = 't'\n");
        assert_eq!(snapshot.top_file("files"), None);
        let nodes = snapshot.nodes(&|name| name == "skipped").unwrap();
        let file = Node::File {
            name: "run.sh".into(),
            contents: b"echo\n".to_vec(),
            executable: cfg!(unix),
        };
        assert_eq!(
            nodes[0],
            Node::Folder {
                name: "files".into(),
                nodes: vec![file],
            }
        );
        assert_eq!(nodes.len(), 2);

        #[cfg(unix)]
        {
            std::os::unix::fs::symlink("/etc/passwd", src.join("files/link")).unwrap();
            let link = tmp.path().join("link");
            std::fs::rename(&src, &link).unwrap();
            std::fs::remove_dir_all(link.join(".git")).unwrap();
            super::super::init_and_commit(&link, "A", "a@example.com", "two").unwrap();
            let url = link.to_string_lossy().into_owned();
            mirror.fetch(&url).unwrap();
            let err = mirror.snapshot("HEAD").unwrap().nodes(&|_| false);
            assert!(
                matches!(&err, Err(TreeError::NotAFile { path }) if path == "files/link"),
                "{err:?}"
            );
        }
    }
}
