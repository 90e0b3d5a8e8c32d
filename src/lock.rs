//! Advisory file locks between pystart processes (fs4: `flock` on Unix, `LockFileEx` on
//! Windows). The operating system releases a lock when its process ends, however it ends, so a
//! killed run never leaves a folder locked.
//!
//! Used by `batch` (one run per `--out` folder), by pystart's cache (an entry is held shared
//! while a command uses it, exclusively while `cache clean` removes it) and by the one-time
//! install of uv into the cache.

use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, Write};
use std::path::Path;

/// A held lock; dropping it releases the lock.
#[derive(Debug)]
pub struct Lock {
    file: File,
}

fn open(path: &Path) -> std::io::Result<File> {
    OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(path)
}

impl Lock {
    /// The exclusive lock of `path` if no other process holds it; `Ok(None)` when one does.
    /// The file then records our process id, for the other process's message.
    pub fn try_exclusive(path: &Path) -> std::io::Result<Option<Lock>> {
        let file = open(path)?;
        match fs4::FileExt::try_lock(&file) {
            Ok(()) => {
                let mut lock = Lock { file };
                lock.record_pid();
                Ok(Some(lock))
            }
            Err(fs4::TryLockError::WouldBlock) => Ok(None),
            Err(fs4::TryLockError::Error(e)) => Err(e),
        }
    }

    /// The exclusive lock of `path`, waiting for other processes to let go of it.
    pub fn exclusive(path: &Path) -> std::io::Result<Lock> {
        let file = open(path)?;
        fs4::FileExt::lock(&file)?;
        Ok(Lock { file })
    }

    /// A shared lock of `path` (many readers at once, no exclusive holder), waiting for an
    /// exclusive holder to let go.
    pub fn shared(path: &Path) -> std::io::Result<Lock> {
        let file = open(path)?;
        fs4::FileExt::lock_shared(&file)?;
        Ok(Lock { file })
    }

    fn record_pid(&mut self) {
        let pid = std::process::id().to_string();
        let _ = self
            .file
            .set_len(0)
            .and_then(|()| self.file.rewind())
            .and_then(|()| self.file.write_all(pid.as_bytes()));
    }

    /// The process id the holder of the lock file `path` recorded, if any.
    pub fn holder(path: &Path) -> Option<u32> {
        let mut text = String::new();
        File::open(path).ok()?.read_to_string(&mut text).ok()?;
        text.trim().parse().ok()
    }
}

impl Drop for Lock {
    fn drop(&mut self) {
        let _ = fs4::FileExt::unlock(&self.file);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_exclusive_lock_excludes_others_until_dropped() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("x.lock");
        let held = Lock::try_exclusive(&path).unwrap().expect("free");
        assert_eq!(Lock::holder(&path), Some(std::process::id()));
        // flock locks belong to the open file: a second open is another holder.
        assert!(Lock::try_exclusive(&path).unwrap().is_none());
        drop(held);
        let again = Lock::try_exclusive(&path).unwrap();
        assert!(again.is_some());
        drop(again);
        let a = Lock::shared(&path).unwrap();
        let b = Lock::shared(&path).unwrap();
        assert!(Lock::try_exclusive(&path).unwrap().is_none());
        drop((a, b));
        let mine = Lock::exclusive(&path).unwrap();
        assert!(Lock::try_exclusive(&path).unwrap().is_none());
        drop(mine);
        let mine = Lock::shared(&path).unwrap();
        assert!(Lock::try_exclusive(&path).unwrap().is_none());
        let other = Lock::shared(&path).unwrap();
        drop((mine, other));
        assert!(Lock::try_exclusive(&path).unwrap().is_some());
    }
}
