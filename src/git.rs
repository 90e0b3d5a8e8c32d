//! The only user of git2: a new repository on branch `main` with one commit of everything the
//! project's `.gitignore` allows. No git executable is needed.

use crate::error::{Error, Result};
use crate::messages::{Text, generate as t};
use git2::{IndexAddOption, Repository, RepositoryInitOptions, Signature};
use std::path::{Path, PathBuf};

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

/// The branch that holds the project as pystart rendered it (`pystart update` merges from it).
pub const PRISTINE_BRANCH: &str = "pystart";

/// Points the `pystart` branch at HEAD: the pristine render `update` will merge from.
pub fn mark_pristine(dir: &Path) -> Result<()> {
    let fail = |e: git2::Error| Error::new(t::GIT_PRISTINE.m(&[("err", &e.message())]));
    let repo = Repository::open(dir).map_err(fail)?;
    let head = repo.head().and_then(|h| h.peel_to_commit()).map_err(fail)?;
    repo.branch(PRISTINE_BRANCH, &head, true).map_err(fail)?;
    Ok(())
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
    // Git rejects names with angle brackets or newlines; they were validated, but be safe.
    let clean = |s: &str| s.replace(['<', '>', '\n'], "");
    let sig =
        Signature::now(&clean(name), &clean(email)).map_err(|e| fail(&t::GIT_SIGNATURE, e))?;
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
        let found = enclosing_work_tree(&tmp.path().join("sub/dir")).unwrap();
        assert_eq!(
            std::fs::canonicalize(found).unwrap(),
            std::fs::canonicalize(tmp.path()).unwrap()
        );
    }
}

/// The commit HEAD points at, if any.
pub fn head_commit(dir: &Path) -> Option<String> {
    let repo = Repository::open(dir).ok()?;
    let id = repo.head().ok()?.target()?;
    Some(id.to_string())
}

/// A commit: its id and when it was committed (seconds since 1970, and the committer's UTC
/// offset in minutes).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommitInfo {
    pub id: String,
    pub time: i64,
    pub offset_minutes: i32,
}

impl CommitInfo {
    /// `2026-12-20 23:59:00 +08:00`, as the committer's clock said it.
    pub fn date(&self) -> String {
        let local = self.time + i64::from(self.offset_minutes) * 60;
        let (days, secs) = (local.div_euclid(86_400), local.rem_euclid(86_400));
        let (y, m, d) = civil_from_days(days);
        let sign = if self.offset_minutes < 0 { '-' } else { '+' };
        let off = self.offset_minutes.abs();
        format!(
            "{y:04}-{m:02}-{d:02} {:02}:{:02}:{:02} {sign}{:02}:{:02}",
            secs / 3600,
            secs % 3600 / 60,
            secs % 60,
            off / 60,
            off % 60
        )
    }
}

/// (year, month, day) of a day count since 1970-01-01 (Howard Hinnant's civil calendar).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

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
    let when = commit.committer().when();
    let info = CommitInfo {
        id: commit.id().to_string(),
        time: when.seconds(),
        offset_minutes: when.offset_minutes(),
    };
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

#[cfg(test)]
mod commit_tests {
    use super::*;

    #[test]
    fn commit_dates_are_shown_in_the_committers_zone() {
        let c = CommitInfo {
            id: String::new(),
            time: 1_766_246_340, // 2025-12-20 15:59:00 UTC
            offset_minutes: 480,
        };
        assert_eq!(c.date(), "2025-12-20 23:59:00 +08:00");
        let c = CommitInfo {
            offset_minutes: -330,
            ..c
        };
        assert_eq!(c.date(), "2025-12-20 10:29:00 -05:30");
        let epoch = CommitInfo {
            id: String::new(),
            time: 0,
            offset_minutes: 0,
        };
        assert_eq!(epoch.date(), "1970-01-01 00:00:00 +00:00");
    }
}

/// Seconds since 1970 of a deadline written `2026-12-20 23:59 +08:00` (seconds optional, `T`
/// for the space, `Z` for `+00:00`). The zone is required: a deadline without one means
/// different moments on different machines.
pub fn parse_deadline(text: &str) -> Option<i64> {
    let t = text.trim();
    let (date, rest) = t.split_at_checked(10)?;
    let mut d = date.split('-');
    let (y, m, day): (i64, i64, i64) = (
        d.next()?.parse().ok()?,
        d.next()?.parse().ok()?,
        d.next()?.parse().ok()?,
    );
    let rest = rest.strip_prefix([' ', 'T'])?.trim();
    let (clock, zone) = match rest.find(['+', '-', 'Z', ' ']) {
        Some(i) => (&rest[..i], rest[i..].trim()),
        None => return None,
    };
    let mut c = clock.split(':');
    let (hh, mm): (i64, i64) = (c.next()?.parse().ok()?, c.next()?.parse().ok()?);
    let ss: i64 = c.next().map_or(Some(0), |s| s.parse().ok())?;
    let offset = if zone == "Z" {
        0
    } else {
        let sign = match zone.chars().next()? {
            '+' => 1,
            '-' => -1,
            _ => return None,
        };
        let (oh, om) = zone[1..].split_once(':').unwrap_or((&zone[1..], "0"));
        sign * (oh.parse::<i64>().ok()? * 3600 + om.parse::<i64>().ok()? * 60)
    };
    let valid = (1..=12).contains(&m)
        && (1..=31).contains(&day)
        && (0..24).contains(&hh)
        && (0..60).contains(&mm)
        && (0..61).contains(&ss);
    valid.then(|| days_from_civil(y, m, day) * 86_400 + hh * 3600 + mm * 60 + ss - offset)
}

/// Days since 1970-01-01 of a date (the inverse of [`civil_from_days`]).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The commits of `rev`'s first-parent history, newest first (at most `limit`).
pub fn first_parent_history(dir: &Path, rev: &str, limit: usize) -> Option<Vec<CommitInfo>> {
    let repo = Repository::open(dir).ok()?;
    let mut commit = repo.revparse_single(rev).ok()?.peel_to_commit().ok()?;
    let mut out = Vec::new();
    loop {
        let when = commit.committer().when();
        out.push(CommitInfo {
            id: commit.id().to_string(),
            time: when.seconds(),
            offset_minutes: when.offset_minutes(),
        });
        if out.len() >= limit {
            break;
        }
        match commit.parent(0) {
            Ok(parent) => commit = parent,
            Err(_) => break,
        }
    }
    Some(out)
}

/// Runs the git executable (for what needs the network and the user's credentials) in `dir`,
/// never asking on a terminal; killed after `limit`. On failure, the line that says why.
pub fn run_git(
    dir: &Path,
    args: &[&str],
    limit: std::time::Duration,
) -> std::result::Result<(), String> {
    let mut child = std::process::Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_TERMINAL_PROMPT", "0")
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run git: {e}"))?;
    let mut stderr = child.stderr.take().expect("piped");
    let reader = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = std::io::Read::read_to_string(&mut stderr, &mut text);
        text
    });
    let deadline = std::time::Instant::now() + limit;
    let status = loop {
        if let Ok(Some(status)) = child.try_wait() {
            break Some(status);
        }
        if std::time::Instant::now() >= deadline || crate::platform::interrupted() {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    };
    let text = reader.join().unwrap_or_default();
    match status {
        Some(s) if s.success() => Ok(()),
        Some(_) => Err(match failure_line(&text) {
            line if line.is_empty() => "git failed".to_string(),
            line => line,
        }),
        None => Err(format!("git took longer than {} s", limit.as_secs())),
    }
}

/// Commits `files` (path, contents) on top of `parent`'s tree as branch `branch` of the
/// repository in `dir` (which may be bare), replacing what the branch held.
pub fn commit_on_branch(
    dir: &Path,
    parent: &str,
    files: &[(&str, &[u8])],
    message: &str,
    branch: &str,
) -> std::result::Result<String, String> {
    let fail = |e: git2::Error| e.message().to_string();
    let repo = Repository::open(dir).map_err(fail)?;
    let parent = repo
        .revparse_single(parent)
        .and_then(|o| o.peel_to_commit())
        .map_err(fail)?;
    let mut builder = repo
        .treebuilder(Some(&parent.tree().map_err(fail)?))
        .map_err(fail)?;
    for (path, contents) in files {
        if path.contains('/') {
            return Err(format!("`{path}`: only top-level files"));
        }
        let blob = repo.blob(contents).map_err(fail)?;
        builder.insert(path, blob, 0o100644).map_err(fail)?;
    }
    let tree = repo
        .find_tree(builder.write().map_err(fail)?)
        .map_err(fail)?;
    let (name, email) = signature("pystart", "pystart@localhost");
    let clean = |s: &str| s.replace(['<', '>', '\n'], "");
    let sig = Signature::now(&clean(&name), &clean(&email)).map_err(fail)?;
    let id = repo
        .commit(None, &sig, &sig, message, &tree, &[&parent])
        .map_err(fail)?;
    repo.reference(
        &format!("refs/heads/{branch}"),
        id,
        true,
        "pystart feedback",
    )
    .map_err(fail)?;
    Ok(id.to_string())
}

#[cfg(test)]
mod deadline_tests {
    use super::*;

    #[test]
    fn deadlines_need_a_zone_and_mean_one_moment() {
        let beijing = parse_deadline("2026-12-20 23:59 +08:00").unwrap();
        assert_eq!(beijing, parse_deadline("2026-12-20T15:59:00Z").unwrap());
        assert_eq!(
            beijing,
            parse_deadline("2026-12-20 10:59:00 -05:00").unwrap()
        );
        let info = CommitInfo {
            id: String::new(),
            time: beijing,
            offset_minutes: 480,
        };
        assert_eq!(info.date(), "2026-12-20 23:59:00 +08:00");
        for bad in [
            "2026-12-20 23:59",
            "2026-13-01 00:00 +08:00",
            "tomorrow",
            "2026-12-20",
        ] {
            assert_eq!(parse_deadline(bad), None, "{bad}");
        }
    }

    #[test]
    fn a_feedback_branch_sits_on_the_graded_commit() {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::write(tmp.path().join("a.txt"), "a").unwrap();
        init_and_commit(tmp.path(), "S", "s@example.com", "work").unwrap();
        let head = head_commit(tmp.path()).unwrap();
        let id = commit_on_branch(
            tmp.path(),
            &head,
            &[("FEEDBACK.md", b"# 6/6\n")],
            "Feedback",
            "feedback",
        )
        .unwrap();
        let repo = Repository::open(tmp.path()).unwrap();
        let commit = repo.find_commit(git2::Oid::from_str(&id).unwrap()).unwrap();
        assert_eq!(commit.parent_id(0).unwrap().to_string(), head);
        let tree = commit.tree().unwrap();
        assert!(tree.get_name("a.txt").is_some() && tree.get_name("FEEDBACK.md").is_some());
        // main is untouched.
        assert_eq!(head_commit(tmp.path()).unwrap(), head);
        let history = first_parent_history(tmp.path(), "feedback", 10).unwrap();
        assert_eq!(history.len(), 2);
        assert_eq!(history[1].id, head);
    }
}
