//! Applies a plan atomically: everything is written into a hidden directory beside the target,
//! finished there (git), then renamed into place. An error, Ctrl-C, SIGTERM or SIGHUP at any
//! point removes the hidden directory and any parent directories this run created, so nothing
//! is left behind. A target that exists and is not an empty directory is never touched.
//!
//! Staging directories carry their owner's process id (`.<name>.pystart-<pid>`, or
//! `.pystart-<pid>` inside an empty target). One left by a process that no longer exists (it
//! was killed with SIGKILL, or the machine went down) is removed by the next run that writes
//! there; one whose owner still runs is never touched.

use crate::error::{Error, IoContext, Result};
use crate::messages::generate as t;
use crate::platform::{Critical, process_alive};
use crate::render::Plan;
use std::fs;
use std::path::{Path, PathBuf};

/// Removes a directory tree on drop unless disarmed.
pub struct Cleanup {
    path: Option<PathBuf>,
    created_parents: Vec<PathBuf>,
}

impl Cleanup {
    fn disarm(mut self) {
        self.path = None;
        self.created_parents.clear();
    }
}

impl Drop for Cleanup {
    fn drop(&mut self) {
        if let Some(p) = self.path.take() {
            let _ = fs::remove_dir_all(p);
        }
        // Deepest first; remove_dir only removes empty directories.
        for p in self.created_parents.iter().rev() {
            let _ = fs::remove_dir(p);
        }
    }
}

/// The process id in a staging directory's name (`.x.pystart-123`, `.pystart-123`).
pub fn staging_owner(name: &str) -> Option<u32> {
    let (_, pid) = name
        .strip_prefix('.')?
        .rsplit_once(".pystart-")
        .or_else(|| {
            name.strip_prefix(".pystart-")
                .map(|pid| ("", pid))
                .filter(|(_, pid)| !pid.is_empty())
        })?;
    if pid.bytes().all(|b| b.is_ascii_digit()) {
        pid.parse().ok()
    } else {
        None
    }
}

/// Removes the staging directories in `dir` whose owner no longer runs, and returns how many.
/// `only` limits it to the staging directories of one target name (`.<only>.pystart-<pid>`).
pub fn remove_stale_staging(dir: &Path, only: Option<&str>) -> usize {
    let Ok(entries) = fs::read_dir(dir) else {
        return 0;
    };
    let mut removed = 0;
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(pid) = staging_owner(&name) else {
            continue;
        };
        let ours = only.is_none_or(|target| {
            name == format!(".pystart-{pid}") || name == format!(".{target}.pystart-{pid}")
        });
        let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
        if ours && is_dir && !process_alive(pid) && fs::remove_dir_all(entry.path()).is_ok() {
            removed += 1;
        }
    }
    removed
}

/// Fails unless `target` is missing or an empty directory. Staging directories left there by
/// a process that no longer runs do not count: they are removed first.
pub fn check_target(target: &Path) -> Result<()> {
    if let Some(name) = target.file_name() {
        let parent = match target.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        remove_stale_staging(parent, Some(&name.to_string_lossy()));
    }
    match fs::symlink_metadata(target) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(Error::io("inspect", target, e)),
        Ok(meta) if meta.is_dir() => {
            remove_stale_staging(target, Some(""));
            let mut entries = fs::read_dir(target).with_path("read", target)?;
            if entries.next().is_some() {
                Err(Error::target_not_empty(target))
            } else {
                Ok(())
            }
        }
        Ok(_) => Err(
            Error::new(t::TARGET_NOT_DIR.m(&[("path", &target.display())]))
                .hint(&t::TARGET_NOT_DIR_HINT),
        ),
    }
}

/// Replaces one small file (a cache entry another process may be reading) by writing it beside
/// and renaming it over the old one; the partial file is removed when that fails.
pub fn replace_file(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(format!(".{}.tmp", std::process::id()));
    let partial = path.with_file_name(name);
    let written = fs::write(&partial, contents).and_then(|()| fs::rename(&partial, path));
    if written.is_err() {
        let _ = fs::remove_file(&partial);
    }
    written
}

/// Writes `plan` to `target`; `finish` runs on the complete staging directory before it is
/// moved into place (used for git).
///
/// A missing target is staged beside it and renamed into place in one step. An existing empty
/// directory (`pystart new t .`) is staged inside itself and its entries are moved up, so a
/// shell whose current directory it is keeps a valid one.
pub fn write(plan: &Plan, target: &Path, finish: impl FnOnce(&Path) -> Result<()>) -> Result<()> {
    let critical = Critical::enter();
    check_target(target)?;
    let existing = target.is_dir();
    let pid = std::process::id();
    let mut cleanup = Cleanup {
        path: None,
        created_parents: Vec::new(),
    };
    let staging = if existing {
        target.join(format!(".pystart-{pid}"))
    } else {
        let name = target
            .file_name()
            .ok_or_else(|| Error::new(t::TARGET_NO_NAME.m(&[("path", &target.display())])))?;
        let parent = match target.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        cleanup.created_parents = create_parents(&parent)?;
        parent.join(format!(".{}.pystart-{pid}", name.to_string_lossy()))
    };
    fs::create_dir(&staging).with_path("create", &staging)?;
    cleanup.path = Some(staging.clone());

    for file in &plan.files {
        critical.check()?;
        let path = staging.join(&file.path);
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir).with_path("create", dir)?;
        }
        fs::write(&path, &file.contents).with_path("write", &path)?;
        if file.executable {
            set_executable(&path)?;
        }
    }
    finish(&staging)?;
    critical.check()?;
    if existing {
        move_entries_up(&staging, target)?;
    } else {
        // Checked again: something may have appeared while we were writing.
        check_target(target)?;
        fs::rename(&staging, target).with_path("move the project into", target)?;
    }
    cleanup.disarm();
    Ok(())
}

/// Moves every entry of `staging` into `target` (its parent); on failure moves nothing back
/// but removes what was moved, leaving `target` as empty as it was.
fn move_entries_up(staging: &Path, target: &Path) -> Result<()> {
    let mut moved = Vec::new();
    let result = (|| -> Result<()> {
        for entry in fs::read_dir(staging).with_path("read", staging)? {
            let entry = entry.with_path("read", staging)?;
            let dest = target.join(entry.file_name());
            if dest.exists() {
                return Err(Error::target_not_empty(target));
            }
            fs::rename(entry.path(), &dest).with_path("move into", &dest)?;
            moved.push(dest);
        }
        fs::remove_dir(staging).with_path("remove", staging)
    })();
    if result.is_err() {
        for p in &moved {
            let _ = fs::remove_dir_all(p).or_else(|_| fs::remove_file(p));
        }
    }
    result
}

/// Creates the missing ancestors of `dir`, returning those it created (outermost first).
fn create_parents(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut missing = Vec::new();
    let mut cur = Some(dir);
    while let Some(p) = cur {
        if p.as_os_str().is_empty() || p.exists() {
            break;
        }
        missing.push(p.to_path_buf());
        cur = p.parent();
    }
    missing.reverse();
    let mut created = Vec::new();
    for p in missing {
        if let Err(e) = fs::create_dir(&p) {
            for c in created.iter().rev() {
                let _ = fs::remove_dir(c);
            }
            return Err(Error::io("create", &p, e));
        }
        created.push(p);
    }
    Ok(created)
}

#[cfg(unix)]
fn set_executable(path: &Path) -> Result<()> {
    use std::os::unix::fs::PermissionsExt;
    let mut perms = fs::metadata(path).with_path("inspect", path)?.permissions();
    // Executable wherever readable, as `chmod +x` does under the usual umask.
    let mode = perms.mode();
    perms.set_mode(mode | ((mode & 0o444) >> 2));
    fs::set_permissions(path, perms).with_path("make executable", path)
}

#[cfg(not(unix))]
fn set_executable(_path: &Path) -> Result<()> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::PlannedFile;

    fn plan() -> Plan {
        Plan {
            files: vec![
                PlannedFile {
                    path: "a/b.txt".into(),
                    contents: b"hi".to_vec(),
                    executable: false,
                    rendered: false,
                },
                PlannedFile {
                    path: "run.sh".into(),
                    contents: b"#!/bin/sh\n".to_vec(),
                    executable: true,
                    rendered: false,
                },
            ],
        }
    }

    #[test]
    fn writes_into_missing_parents_and_keeps_exec_bits() {
        let tmp = tempfile::tempdir().unwrap();
        let target = tmp.path().join("x/y/proj");
        write(&plan(), &target, |_| Ok(())).unwrap();
        assert_eq!(fs::read(target.join("a/b.txt")).unwrap(), b"hi");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = fs::metadata(target.join("run.sh"))
                .unwrap()
                .permissions()
                .mode();
            assert_ne!(mode & 0o100, 0);
        }
        let names: Vec<_> = fs::read_dir(tmp.path().join("x/y")).unwrap().collect();
        assert_eq!(names.len(), 1, "no staging directory left");
    }

    #[test]
    fn a_failing_finish_leaves_nothing_not_even_created_parents() {
        let tmp = tempfile::tempdir().unwrap();
        let target = tmp.path().join("new/proj");
        let err = write(&plan(), &target, |_| {
            Err(Error::new(crate::messages::Msg::plain("boom")))
        })
        .unwrap_err();
        assert_eq!(err.message(), "boom");
        assert_eq!(fs::read_dir(tmp.path()).unwrap().count(), 0);
    }

    // Elsewhere every process counts as running (nothing is removed).
    #[cfg(unix)]
    #[test]
    fn staging_of_a_gone_process_is_removed_and_of_a_running_one_kept() {
        assert_eq!(staging_owner(".proj.pystart-123"), Some(123));
        assert_eq!(staging_owner(".pystart-77"), Some(77));
        assert_eq!(staging_owner(".a.b.pystart-9"), Some(9));
        for other in [
            "proj",
            ".proj.pystart-",
            ".proj.pystart-x1",
            ".pystart-batch",
        ] {
            assert_eq!(staging_owner(other), None, "{other}");
        }
        let tmp = tempfile::tempdir().unwrap();
        // A pid beyond any real one, and ours.
        let gone = tmp.path().join(".proj.pystart-4000000");
        let live = tmp
            .path()
            .join(format!(".proj.pystart-{}", std::process::id()));
        let other_target = tmp.path().join(".other.pystart-4000000");
        for d in [&gone, &live, &other_target] {
            fs::create_dir(d).unwrap();
            fs::write(d.join("f"), "x").unwrap();
        }
        assert_eq!(remove_stale_staging(tmp.path(), Some("proj")), 1);
        assert!(!gone.exists() && live.exists() && other_target.exists());
        assert_eq!(remove_stale_staging(tmp.path(), None), 1);
        assert!(!other_target.exists() && live.exists());

        // An empty target holding only a dead run's staging directory is empty again.
        let target = tmp.path().join("t");
        fs::create_dir_all(target.join(".pystart-4000000")).unwrap();
        check_target(&target).unwrap();
        assert_eq!(fs::read_dir(&target).unwrap().count(), 0);
    }

    #[test]
    fn uses_an_empty_directory_and_refuses_a_non_empty_one() {
        let tmp = tempfile::tempdir().unwrap();
        let empty = tmp.path().join("empty");
        fs::create_dir(&empty).unwrap();
        write(&plan(), &empty, |_| Ok(())).unwrap();
        assert!(empty.join("run.sh").exists());

        let err = write(&plan(), &empty, |_| Ok(())).unwrap_err();
        assert!(err.message().contains("not empty"));
    }
}
