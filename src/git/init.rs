//! New repositories: `git init -b main` with one commit of everything the project's
//! `.gitignore` allows (written as one pack, fast), the `pystart` branch on it, and empty bare
//! repositories to fetch into. No git executable is needed. It must not decide what goes into a
//! project: the caller has written the files and names the author and the message.

use super::{PRISTINE_BRANCH, author};
use crate::error::{Error, Result};
use crate::messages::{Text, generate as t};
use git2::{IndexAddOption, Repository, RepositoryInitOptions};
use std::path::Path;

/// Points the `pystart` branch at HEAD: the pristine render `update` will merge from.
pub fn mark_pristine(dir: &Path) -> Result<()> {
    let fail = |e: git2::Error| Error::new(t::GIT_PRISTINE.m(&[("err", &e.message())]));
    let repo = Repository::open(dir).map_err(fail)?;
    let head = repo.head().and_then(|h| h.peel_to_commit()).map_err(fail)?;
    repo.branch(PRISTINE_BRANCH, &head, true).map_err(fail)?;
    Ok(())
}

/// An empty bare repository in `dir` (which exists), as `git init --bare` makes it.
pub fn init_bare(dir: &Path) -> std::io::Result<()> {
    Repository::init_bare(dir)
        .map(drop)
        .map_err(std::io::Error::other)
}

/// `git init -b main && git add -A && git commit -m <message>` in `dir`.
pub fn init_and_commit(dir: &Path, name: &str, email: &str, message: &str) -> Result<()> {
    let fail = |what: &'static Text, e: git2::Error| {
        Error::new(what.m(&[("err", &e.message())])).hint(&t::GIT_NO_GIT_HINT)
    };
    let mut opts = RepositoryInitOptions::new();
    opts.initial_head("main");
    let repo = Repository::init_opts(dir, &opts).map_err(|e| fail(&t::GIT_INIT, e))?;
    // Objects go to memory first and then to disk as one pack: a loose object per file costs a
    // directory, a temporary file and a link each, which would dominate the time of `new`.
    let odb = repo.odb().map_err(|e| fail(&t::GIT_ODB_OPEN, e))?;
    let mempack = odb
        .add_new_mempack_backend(1000)
        .map_err(|e| fail(&t::GIT_ODB_SETUP, e))?;
    let mut index = repo.index().map_err(|e| fail(&t::GIT_INDEX_OPEN, e))?;
    index
        .add_all(["*"], IndexAddOption::DEFAULT, None)
        .map_err(|e| fail(&t::GIT_ADD, e))?;
    index.write().map_err(|e| fail(&t::GIT_INDEX_WRITE, e))?;
    let tree_id = index
        .write_tree()
        .map_err(|e| fail(&t::GIT_TREE_WRITE, e))?;
    let tree = repo
        .find_tree(tree_id)
        .map_err(|e| fail(&t::GIT_TREE_READ, e))?;
    let sig = author(name, email).map_err(|e| fail(&t::GIT_SIGNATURE, e))?;
    repo.commit(Some("HEAD"), &sig, &sig, message, &tree, &[])
        .map_err(|e| fail(&t::GIT_COMMIT, e))?;
    let commit = repo
        .head()
        .and_then(|h| h.peel_to_commit())
        .map_err(|e| fail(&t::GIT_COMMIT_READ, e))?;
    let pack = pack_without_deltas(&odb, &commit).map_err(|e| fail(&t::GIT_PACK, e))?;
    let mut writer = odb.packwriter().map_err(|e| fail(&t::GIT_PACK_WRITE, e))?;
    std::io::Write::write_all(&mut writer, &pack)
        .map_err(|e| Error::new(t::GIT_PACK_WRITE.m(&[("err", &e)])))?;
    writer.commit().map_err(|e| fail(&t::GIT_PACK_WRITE, e))?;
    // The objects are on disk now; drop the in-memory copies.
    mempack.reset().map_err(|e| fail(&t::GIT_PACK, e))?;
    Ok(())
}

/// A pack (format version 2) of a commit, its trees and blobs, each object stored whole.
///
/// libgit2 can dump the in-memory objects as a pack itself, but it searches for deltas first,
/// which takes longer than everything else `new` does; a fresh project has nothing to delta
/// against anyway. Git's indexer (`packwriter`) verifies the result and writes the index.
fn pack_without_deltas(
    odb: &git2::Odb<'_>,
    commit: &git2::Commit<'_>,
) -> Result<Vec<u8>, git2::Error> {
    use flate2::{Compression, write::ZlibEncoder};
    use sha1::{Digest, Sha1};
    use std::io::Write;

    let tree = commit.tree()?;
    let mut oids = vec![commit.id(), tree.id()];
    tree.walk(git2::TreeWalkMode::PreOrder, |_, entry| {
        oids.push(entry.id());
        git2::TreeWalkResult::Ok
    })?;
    oids.sort();
    oids.dedup();

    let mut out = Vec::new();
    out.extend_from_slice(b"PACK");
    out.extend_from_slice(&2u32.to_be_bytes());
    out.extend_from_slice(&(oids.len() as u32).to_be_bytes());
    for oid in oids {
        let object = odb.read(oid)?;
        let kind: u8 = match object.kind() {
            git2::ObjectType::Commit => 1,
            git2::ObjectType::Tree => 2,
            git2::ObjectType::Blob => 3,
            _ => return Err(git2::Error::from_str("unexpected object type")),
        };
        let data = object.data();
        // Header: type and size, 4 bits of size in the first byte, then 7 bits per byte.
        let mut size = data.len();
        let mut byte = (kind << 4) | (size & 0x0f) as u8;
        size >>= 4;
        while size > 0 {
            out.push(byte | 0x80);
            byte = (size & 0x7f) as u8;
            size >>= 7;
        }
        out.push(byte);
        let mut z = ZlibEncoder::new(&mut out, Compression::fast());
        z.write_all(data)
            .and_then(|_| z.finish().map(|_| ()))
            .map_err(|e| git2::Error::from_str(&e.to_string()))?;
    }
    let digest = Sha1::digest(&out);
    out.extend_from_slice(&digest);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commits_everything_not_ignored_on_main() {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::write(tmp.path().join(".gitignore"), "outputs/\n").unwrap();
        std::fs::write(tmp.path().join("a.py"), "x = 1\n").unwrap();
        std::fs::create_dir(tmp.path().join("outputs")).unwrap();
        std::fs::write(tmp.path().join("outputs/big.csv"), "1\n").unwrap();
        init_and_commit(tmp.path(), "Ada", "ada@example.com", "Initial commit").unwrap();

        let repo = Repository::open(tmp.path()).unwrap();
        let head = repo.head().unwrap();
        assert_eq!(head.shorthand().unwrap(), "main");
        let commit = head.peel_to_commit().unwrap();
        assert_eq!(commit.parent_count(), 0);
        let tree = commit.tree().unwrap();
        let names: Vec<_> = tree.iter().map(|e| e.name().unwrap().to_string()).collect();
        assert_eq!(names, [".gitignore", "a.py"]);
        let found = super::super::enclosing_work_tree(&tmp.path().join("sub/dir")).unwrap();
        assert_eq!(
            std::fs::canonicalize(found).unwrap(),
            std::fs::canonicalize(tmp.path()).unwrap()
        );
        let rules = super::super::IgnoreRules::open(tmp.path()).unwrap();
        assert!(rules.ignored("outputs/big.csv") && !rules.ignored("a.py"));
    }
}
