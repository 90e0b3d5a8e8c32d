//! pystart's cache directory (`PYSTART_CACHE_DIR`, else the user cache folder + `pystart`): what
//! is in it, which parts a running command uses, and freeing space (`pystart cache`).
//!
//! Each top-level entry has a lock file beside it (`<entry>.lock`, [`crate::lock`]): a command
//! holds it shared while it uses the entry ([`Cache::hold`]), and `cache clean` removes an entry
//! only under the exclusive lock, so nothing in use is ever deleted. Must not build or fill
//! environments ([`super::env`]) or choose an installer ([`super::installer`]).

use crate::error::{IoContext, Result};
use crate::lock::Lock;
use crate::messages::generate as t;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, SystemTime};

/// uv's own download and build cache, when pystart runs uv (unless `UV_CACHE_DIR` is set).
pub const UV: &str = "uv";
/// The uv pystart installed for itself when none was on PATH.
pub const TOOLS: &str = "tools";
/// Templates downloaded from a URL.
pub const TEMPLATES: &str = "templates";
/// Entries older versions of pystart left (environments and a preloading server's lists): no
/// longer used, always removable.
const RETIRED: &[&str] = &["envs", "preload"];

/// The file that records when an entry was last used.
const LAST_USED: &str = ".pystart-last-used";

/// The cache directory.
#[derive(Debug, Clone)]
pub struct Cache {
    pub dir: PathBuf,
}

/// Locks this process holds on cache entries until it ends.
static HELD: Mutex<Vec<(PathBuf, Lock)>> = Mutex::new(Vec::new());

/// `PYSTART_CACHE_DIR`, else the user cache directory (XDG on Linux) + `pystart`; an error
/// with the fix when the system has none.
pub fn dir() -> Result<PathBuf> {
    crate::platform::cache_dir()
        .ok_or_else(|| crate::error::Error::new(&t::NO_CACHE_DIR).hint(&t::NO_CACHE_DIR_HINT))
}

impl Cache {
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        Cache { dir: dir.into() }
    }

    /// The folder of entry `name`.
    pub fn entry(&self, name: &str) -> PathBuf {
        self.dir.join(name)
    }

    /// Marks entry `name` as used by this process until it ends (a shared lock, waiting while
    /// `cache clean` removes it), records the time of use and returns its folder.
    pub fn hold(&self, name: &str) -> Result<PathBuf> {
        let dir = self.entry(name);
        std::fs::create_dir_all(&dir).with_path("create", &dir)?;
        let mut held = HELD.lock().unwrap_or_else(|e| e.into_inner());
        if !held.iter().any(|(d, _)| d == &dir) {
            let lock_path = lock_file(&dir);
            let lock = Lock::shared(&lock_path).with_path("lock", &lock_path)?;
            // A clean that held the lock before us may have removed the folder.
            std::fs::create_dir_all(&dir).with_path("create", &dir)?;
            held.push((dir.clone(), lock));
        }
        let secs = unix_seconds(SystemTime::now());
        let _ = std::fs::write(dir.join(LAST_USED), format!("{secs}\n"));
        Ok(dir)
    }

    /// Every entry with its size and last use.
    pub fn list(&self) -> Vec<Entry> {
        let Ok(read) = std::fs::read_dir(&self.dir) else {
            return Vec::new();
        };
        let mut entries: Vec<Entry> = read
            .flatten()
            .filter(|e| {
                let name = e.file_name().to_string_lossy().into_owned();
                !name.ends_with(".lock")
            })
            .map(|e| Entry::of(&e.path()))
            .collect();
        entries.sort_by(|a, b| a.name.cmp(&b.name));
        entries
    }

    /// Removes every entry not used within `older_than` (all of them when None), except those
    /// another process is using. Returns what was removed and what was kept because in use.
    pub fn clean(&self, older_than: Option<Duration>) -> Cleaned {
        let mut cleaned = Cleaned::default();
        let now = SystemTime::now();
        for entry in self.list() {
            let old_enough = match (older_than, entry.last_used) {
                (None, _) => true,
                (Some(_), None) => true,
                (Some(age), Some(used)) => now.duration_since(used).unwrap_or_default() >= age,
            };
            if !old_enough {
                continue;
            }
            let lock_path = lock_file(&entry.path);
            match Lock::try_exclusive(&lock_path) {
                Ok(Some(_lock)) => {
                    let gone = if entry.path.is_dir() {
                        std::fs::remove_dir_all(&entry.path)
                    } else {
                        std::fs::remove_file(&entry.path)
                    };
                    match gone {
                        Ok(()) => cleaned.removed.push(entry),
                        Err(e) => cleaned.failed.push((entry, e.to_string())),
                    }
                }
                Ok(None) => cleaned.in_use.push(entry),
                Err(e) => cleaned.failed.push((entry, e.to_string())),
            }
            // The lock file stays: a process waiting on it must find the same file later.
        }
        cleaned
    }
}

/// What `clean` did.
#[derive(Debug, Default)]
pub struct Cleaned {
    pub removed: Vec<Entry>,
    pub in_use: Vec<Entry>,
    pub failed: Vec<(Entry, String)>,
}

/// One top-level entry of the cache.
#[derive(Debug, Clone)]
pub struct Entry {
    pub name: String,
    pub path: PathBuf,
    pub bytes: u64,
    /// When a command last used it (its record, else the newest modification found).
    pub last_used: Option<SystemTime>,
    /// Left by an older pystart: nothing uses it any more.
    pub retired: bool,
    /// Another process holds it now.
    pub in_use: bool,
}

impl Entry {
    fn of(path: &Path) -> Entry {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let (bytes, newest) = size_and_newest(path);
        let recorded = std::fs::read_to_string(path.join(LAST_USED))
            .ok()
            .and_then(|t| t.trim().parse::<u64>().ok())
            .map(|s| SystemTime::UNIX_EPOCH + Duration::from_secs(s));
        let lock_path = lock_file(path);
        let in_use = lock_path.is_file()
            && matches!(Lock::try_exclusive(&lock_path), Ok(None))
            && !held_here(path);
        Entry {
            retired: RETIRED.contains(&name.as_str()),
            name,
            path: path.to_path_buf(),
            bytes,
            last_used: recorded.or(newest),
            in_use,
        }
    }
}

fn held_here(dir: &Path) -> bool {
    HELD.lock()
        .unwrap_or_else(|e| e.into_inner())
        .iter()
        .any(|(d, _)| d == dir)
}

fn lock_file(entry: &Path) -> PathBuf {
    let mut name = entry.file_name().unwrap_or_default().to_os_string();
    name.push(".lock");
    entry.with_file_name(name)
}

fn unix_seconds(t: SystemTime) -> u64 {
    t.duration_since(SystemTime::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or_default()
}

/// The bytes below `path` (hard links counted once per link, as `du --apparent-size` does not
/// dedupe either) and the newest modification time.
fn size_and_newest(path: &Path) -> (u64, Option<SystemTime>) {
    let mut bytes = 0;
    let mut newest: Option<SystemTime> = None;
    let mut stack = vec![path.to_path_buf()];
    while let Some(p) = stack.pop() {
        let Ok(meta) = p.symlink_metadata() else {
            continue;
        };
        if let Ok(m) = meta.modified() {
            newest = Some(newest.map_or(m, |n| n.max(m)));
        }
        if meta.is_dir() {
            stack.extend(
                std::fs::read_dir(&p)
                    .into_iter()
                    .flatten()
                    .flatten()
                    .map(|e| e.path()),
            );
        } else {
            bytes += meta.len();
        }
    }
    (bytes, newest)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_removes_old_entries_and_keeps_one_in_use() {
        let tmp = tempfile::tempdir().unwrap();
        let cache = Cache::new(tmp.path());
        std::fs::create_dir_all(tmp.path().join("envs/abc")).unwrap();
        std::fs::write(tmp.path().join("envs/abc/f"), b"12345").unwrap();
        std::fs::write(tmp.path().join("verify-seconds.json"), b"{}").unwrap();
        let uv = cache.entry(UV);
        std::fs::create_dir_all(&uv).unwrap();
        // Another process uses uv's cache.
        let other = Lock::shared(&lock_file(&uv)).unwrap();
        let listed = cache.list();
        let names: Vec<&str> = listed.iter().map(|e| e.name.as_str()).collect();
        assert_eq!(names, ["envs", "uv", "verify-seconds.json"]);
        let envs = &listed[0];
        assert!(envs.retired && envs.bytes >= 5 && !envs.in_use);
        assert!(listed[1].in_use);

        // Used just now: not older than an hour.
        let kept = cache.clean(Some(Duration::from_secs(3600)));
        assert!(kept.removed.is_empty(), "{kept:?}");

        let cleaned = cache.clean(None);
        let removed: Vec<&str> = cleaned.removed.iter().map(|e| e.name.as_str()).collect();
        assert_eq!(removed, ["envs", "verify-seconds.json"]);
        assert_eq!(cleaned.in_use.len(), 1);
        assert!(uv.is_dir() && !tmp.path().join("envs").exists());
        drop(other);
        assert_eq!(cache.clean(None).removed.len(), 1);
        assert!(!uv.exists());
    }

    #[test]
    fn an_entry_held_here_is_recorded_as_used() {
        let tmp = tempfile::tempdir().unwrap();
        let cache = Cache::new(tmp.path());
        let dir = cache.hold(TOOLS).unwrap();
        assert!(dir.join(LAST_USED).is_file());
        let entry = &cache.list()[0];
        assert_eq!(entry.name, TOOLS);
        assert!(
            !entry.in_use,
            "this process's own hold is not another's use"
        );
        assert!(entry.last_used.is_some());
    }
}
