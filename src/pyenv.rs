//! Python environments for `verify`.
//!
//! Installing pandas and scikit-learn for every run would dominate the time, so dependencies go
//! into a cached virtualenv, one per distinct set (hash of the requirements and the Python
//! version), under the cache directory. Each project then gets a tiny venv of its own, created
//! without pip, whose `.pth` file puts the cached site-packages on its path; the project itself
//! is installed into the tiny venv. Runs share the heavy part and never see each other's code.
//!
//! `uv` is used when it is on PATH; otherwise `python -m venv` and pip.

use crate::error::{Error, IoContext, Result, display_path};
use crate::messages::verify as t;
use sha2::{Digest, Sha256};
use std::collections::{HashMap, HashSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

/// The (major, minor) of a version such as `3.11.7` (missing or odd parts count as 0).
pub fn major_minor(version: &str) -> (u32, u32) {
    let mut parts = version.trim().split('.').map(|p| p.parse().unwrap_or(0));
    (parts.next().unwrap_or(0), parts.next().unwrap_or(0))
}

/// An interpreter and the facts we need about it.
#[derive(Debug, Clone)]
pub struct Python {
    pub exe: PathBuf,
    /// `3.11.7`
    pub version: String,
    pub implementation: String,
    /// `sys.base_prefix`: the installation the interpreter runs from (what a sandbox must let
    /// it read).
    pub prefix: PathBuf,
}

impl Python {
    pub fn probe(exe: &Path) -> Result<Python> {
        let out = Command::new(exe)
            .args([
                "-c",
                "import sys; print('%d.%d.%d' % sys.version_info[:3]); print(sys.implementation.name); print(sys.executable); print(sys.base_prefix)",
            ])
            .stdin(Stdio::null())
            .output()
            .map_err(|e| {
                Error::new(t::PYTHON_CANNOT_RUN.f(&[("path", &exe.display()), ("err", &e)]))
                    .hint(t::PYTHON_PASS_PYTHON.s())
            })?;
        let text = String::from_utf8_lossy(&out.stdout);
        let mut lines = text.lines();
        let (Some(version), Some(implementation)) = (lines.next(), lines.next()) else {
            return Err(
                Error::new(t::PYTHON_NO_VERSION.f(&[("path", &exe.display())]))
                    .hint(t::PYTHON_PASS_PYTHON.s()),
            );
        };
        let mut parts = version.split('.').map(|p| p.parse::<u32>().unwrap_or(0));
        let (major, minor) = (parts.next().unwrap_or(0), parts.next().unwrap_or(0));
        if (major, minor) < (3, 10) {
            return Err(Error::new(
                t::PYTHON_TOO_OLD.f(&[("path", &exe.display()), ("version", &version)]),
            )
            .hint(t::PYTHON_PASS_PYTHON_310.s()));
        }
        // The interpreter itself rather than a launcher in front of it (pyenv's shims cost
        // a fifth of a second per start, and verify starts it a few times per job).
        let real = lines
            .next()
            .map(PathBuf::from)
            .filter(|p| p.is_absolute() && p.is_file());
        let prefix = lines
            .next()
            .map(PathBuf::from)
            .filter(|p| p.is_absolute())
            .unwrap_or_default();
        Ok(Python {
            exe: real.unwrap_or_else(|| exe.to_path_buf()),
            version: version.to_string(),
            implementation: implementation.to_string(),
            prefix,
        })
    }
}

/// A virtualenv on disk.
#[derive(Debug, Clone)]
pub struct Venv {
    pub root: PathBuf,
}

impl Venv {
    pub fn bin(&self) -> PathBuf {
        if cfg!(windows) {
            self.root.join("Scripts")
        } else {
            self.root.join("bin")
        }
    }

    pub fn python(&self) -> PathBuf {
        self.bin().join(if cfg!(windows) {
            "python.exe"
        } else {
            "python"
        })
    }

    /// Its `purelib` site-packages directory.
    pub fn site_packages(&self) -> Result<PathBuf> {
        let out = Command::new(self.python())
            .args([
                "-c",
                "import sysconfig; print(sysconfig.get_path('purelib'))",
            ])
            .stdin(Stdio::null())
            .output()
            .with_path("run", &self.python())?;
        let path = String::from_utf8_lossy(&out.stdout).trim().to_string();
        if !out.status.success() || path.is_empty() {
            return Err(Error::new(
                t::ENV_NO_SITE_PACKAGES.f(&[("path", &self.root.display())]),
            ));
        }
        Ok(PathBuf::from(path))
    }
}

/// Stdout and stderr of a child, both appended to `log`.
fn log_stdio(log: &Path) -> Result<(Stdio, Stdio)> {
    let file = fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(log)
        .with_path("open the log", log)?;
    let err = file.try_clone().with_path("open the log", log)?;
    Ok((Stdio::from(file), Stdio::from(err)))
}

fn cannot_run(cmd: &Command, err: &std::io::Error) -> String {
    t::ENV_CANNOT_RUN.f(&[("command", &format!("{cmd:?}")), ("err", err)])
}

/// The longest any one command pystart runs for a project or template (creating an
/// environment, an install, a test run) may take: template code never runs without a limit.
pub const COMMAND_LIMIT: Duration = Duration::from_secs(3600);

/// Runs a command with its output appended to `log`, within [`COMMAND_LIMIT`] (a command that
/// runs out of time is killed, noted in the log and counts as failed); an error names the
/// command and the log.
pub fn run_logged(cmd: &mut Command, log: &Path) -> Result<bool> {
    match run_logged_timeout(cmd, log, COMMAND_LIMIT)? {
        Outcome::Exited(ok) => Ok(ok),
        Outcome::TimedOut => {
            if let Ok(mut f) = fs::OpenOptions::new().append(true).open(log) {
                use std::io::Write;
                let _ = writeln!(
                    f,
                    "{}",
                    t::ENV_KILLED_AFTER.f(&[("seconds", &COMMAND_LIMIT.as_secs())])
                );
            }
            Ok(false)
        }
    }
}

/// The last line of a log that looks like a test summary (`… passed …`).
pub fn last_summary_line(log: &Path) -> String {
    let text = std::fs::read_to_string(log).unwrap_or_default();
    text.lines()
        .rev()
        .find(|l| l.contains(" passed") || l.contains(" failed") || l.contains(" error"))
        .map(|l| l.trim().trim_matches('=').trim().to_string())
        .unwrap_or_default()
}

/// The last `n` lines of a log, after a line saying how many came before and where.
pub fn tail(log: &Path, n: usize) -> String {
    tail_in(log, n, crate::messages::lang())
}

/// [`tail`] with the line about the earlier lines in `lang`.
pub fn tail_in(log: &Path, n: usize, lang: &str) -> String {
    let text = std::fs::read_to_string(log)
        .with_path("read", log)
        .unwrap_or_default();
    let lines: Vec<&str> = text.lines().collect();
    let start = lines.len().saturating_sub(n);
    let mut out = String::new();
    if start > 0 {
        let (n, path) = (start.to_string(), display_path(log));
        out.push_str(
            &t::ENV_EARLIER_LINES.fill(lang, &[("n", n.as_str()), ("path", path.as_str())]),
        );
        out.push('\n');
    }
    out.push_str(&lines[start..].join("\n"));
    out
}

/// How a command with a time limit ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// It exited; `true` when successfully.
    Exited(bool),
    /// It ran out of time and was killed.
    TimedOut,
}

/// Like [`run_logged`], but the command is killed after `limit`, or at once after Ctrl-C,
/// SIGTERM or SIGHUP during a critical section (then the error is the interruption).
pub fn run_logged_timeout(cmd: &mut Command, log: &Path, limit: Duration) -> Result<Outcome> {
    let (out, err) = log_stdio(log)?;
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(out)
        .stderr(err)
        .spawn()
        .map_err(|e| Error::new(cannot_run(cmd, &e)))?;
    let deadline = Instant::now() + limit;
    // Short commands are common: look often at first, then every 50 ms.
    let mut pause = Duration::from_millis(1);
    loop {
        if let Some(status) = child.try_wait().map_err(|e| {
            Error::new(t::ENV_CANNOT_WAIT.f(&[("command", &format!("{cmd:?}")), ("err", &e)]))
        })? {
            return Ok(Outcome::Exited(status.success()));
        }
        let interrupted = crate::writer::interrupted();
        if interrupted || Instant::now() >= deadline {
            let _ = child.kill();
            let _ = child.wait();
            if interrupted {
                return Err(Error::interrupted());
            }
            return Ok(Outcome::TimedOut);
        }
        std::thread::sleep(pause);
        pause = (pause * 2).min(Duration::from_millis(50));
    }
}

/// Environment variables every child gets: no user site, no stray PYTHONPATH, quiet pip.
pub fn clean_env<'a>(cmd: &'a mut Command, venv: &Venv) -> &'a mut Command {
    let path = std::env::var_os("PATH").unwrap_or_default();
    let mut paths = vec![venv.bin()];
    paths.extend(std::env::split_paths(&path));
    cmd.env("PATH", std::env::join_paths(paths).unwrap_or(path))
        .env("VIRTUAL_ENV", &venv.root)
        .env("PYTHONNOUSERSITE", "1")
        .env("PIP_DISABLE_PIP_VERSION_CHECK", "1")
        .env("PIP_NO_INPUT", "1")
        .env("MPLBACKEND", "Agg")
        .env_remove("PYTHONPATH")
        .env_remove("PYTHONHOME")
}

/// The cores shared out among the jobs running at once (at least one each).
pub fn threads_per_job(workers: usize) -> usize {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    (cores / workers.max(1)).max(1)
}

/// Caps the thread pools of OpenMP, OpenBLAS, MKL, numexpr and macOS Accelerate: each of them
/// otherwise starts one thread per core in every job, and parallel jobs then fight over the
/// cores (the tests of one numeric template took twice as long beside another job). For `verify`
/// and `grade`, which run several projects at once..
pub fn limit_threads(cmd: &mut Command, threads: usize) -> &mut Command {
    let n = threads.to_string();
    for var in THREAD_VARS {
        cmd.env(var, &n);
    }
    cmd
}

/// The variables that size the thread pools of OpenMP, OpenBLAS, MKL, numexpr and Accelerate.
pub const THREAD_VARS: [&str; 5] = [
    "OMP_NUM_THREADS",
    "OPENBLAS_NUM_THREADS",
    "MKL_NUM_THREADS",
    "NUMEXPR_NUM_THREADS",
    "VECLIB_MAXIMUM_THREADS",
];

/// `pip install --quiet` into `venv`: `uv pip install` when `uv` is given (with pip's index
/// when uv has none: [`crate::index::uv_env`]), else the venv's pip.
pub fn pip_install(venv: &Venv, uv: Option<&Path>) -> Command {
    match uv {
        Some(uv) => {
            let mut c = Command::new(uv);
            crate::index::uv_env(&mut c)
                .args(["pip", "install", "--quiet", "--python"])
                .arg(venv.python());
            c
        }
        None => {
            let mut c = Command::new(venv.python());
            c.args(["-m", "pip", "install", "--quiet"]);
            c
        }
    }
}

/// [`Venv::site_packages`] of a shared environment, asked once per run (every job on that
/// environment needs it).
fn shared_site_packages(shared: &Venv) -> Result<PathBuf> {
    static KNOWN: OnceLock<Mutex<HashMap<PathBuf, PathBuf>>> = OnceLock::new();
    let known = KNOWN.get_or_init(Default::default);
    if let Some(site) = known.lock().expect("site lock").get(&shared.root) {
        return Ok(site.clone());
    }
    let site = shared.site_packages()?;
    known
        .lock()
        .expect("site lock")
        .insert(shared.root.clone(), site.clone());
    Ok(site)
}

/// The cache key of a dependency set on an interpreter.
pub fn env_key(python: &Python, requirements: &[String]) -> String {
    let mut h = Sha256::new();
    h.update(b"pystart-env-v1\n");
    h.update(python.implementation.as_bytes());
    h.update(b"\n");
    h.update(python.version.as_bytes());
    h.update(b"\n");
    let mut reqs = requirements.to_vec();
    reqs.sort();
    for r in reqs {
        h.update(r.as_bytes());
        h.update(b"\n");
    }
    h.finalize()
        .iter()
        .take(8)
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// How an environment was obtained.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    Cached,
    Built,
    /// Built again because the cached one was broken (not the template's fault).
    Rebuilt,
}

/// The cached environment of key `key` when it is complete (see [`shared_env`]).
pub fn cached_env(cache_dir: &Path, key: &str) -> Option<Venv> {
    let root = cache_dir.join("envs").join(key);
    complete(&root).then_some(Venv { root })
}

/// Whether an environment directory was built to the end (see [`shared_env`]).
fn complete(dir: &Path) -> bool {
    dir.join(COMPLETE_MARK).is_file()
}

const COMPLETE_MARK: &str = ".pystart-complete";

/// A digest of every file's path, size and modification time below an environment: what
/// changes when anything writes into it.
pub fn fingerprint(env: &Venv) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut entries = Vec::new();
    let mut stack = vec![env.root.clone()];
    while let Some(dir) = stack.pop() {
        let Ok(list) = fs::read_dir(&dir) else {
            continue;
        };
        for e in list.flatten() {
            let Ok(meta) = e.path().symlink_metadata() else {
                continue;
            };
            if e.file_name() == ".pystart-last-used" {
                continue;
            }
            if meta.is_dir() {
                stack.push(e.path());
            }
            let mtime = meta
                .modified()
                .ok()
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                .map_or(0, |d| d.as_nanos());
            entries.push((e.path(), meta.len(), mtime));
        }
    }
    entries.sort();
    let mut h = std::collections::hash_map::DefaultHasher::new();
    entries.hash(&mut h);
    h.finish()
}

/// Marks a cached environment as not to be reused: the next run rebuilds it.
pub fn discard(env: &Venv) {
    let _ = fs::remove_file(env.root.join(COMPLETE_MARK));
}

/// The cached environment holding `requirements`, built first when missing. Built in a
/// temporary directory and renamed into place, so an interrupted build is never reused.
///
/// Between processes, `envs/<key>.lock` is held shared while an environment is used (until
/// this process ends) and exclusively while it is built or replaced: no run deletes an
/// environment another run uses. An environment whose interpreter is gone or does not start
/// (a system Python upgraded under it, a half-deleted folder) is rebuilt, and the log says so.
pub fn shared_env(
    python: &Python,
    requirements: &[String],
    cache_dir: &Path,
    use_cache: bool,
    log: &Path,
) -> Result<(Venv, Origin)> {
    let envs = cache_dir.join("envs");
    fs::create_dir_all(&envs).with_path("create", &envs)?;
    let key = env_key(python, requirements);
    let final_dir = envs.join(&key);
    let lock_path = envs.join(format!("{key}.lock"));
    // Jobs of one run that need the same environment wait for the one that builds it; with
    // `--no-cache` an environment is still built only once per run.
    let lock = build_lock(&final_dir);
    let _guard = lock.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(private) = private_build(&final_dir, None) {
        return Ok((Venv { root: private }, Origin::Cached));
    }
    let fresh = built_this_run(&final_dir, false);
    // A complete environment that does not work: rebuilt, and said so.
    let mut broken = false;
    if use_cache || fresh {
        // Waits while another process builds it.
        let shared = crate::lock::Lock::shared(&lock_path).with_path("create", &lock_path)?;
        if complete(&final_dir) {
            if healthy(&final_dir, log) {
                hold(&final_dir, shared);
                touch_used(&final_dir);
                return Ok((Venv { root: final_dir }, Origin::Cached));
            }
            broken = true;
        }
    }
    // Ours to build: every other user of it must be done first.
    release(&final_dir);
    let exclusive = if use_cache {
        Some(crate::lock::Lock::exclusive(&lock_path).with_path("create", &lock_path)?)
    } else {
        // `--no-cache` while another run uses the environment: waiting could be forever (that
        // run may wait for one of ours), so this run builds one of its own beside it.
        crate::lock::Lock::try_exclusive(&lock_path).with_path("create", &lock_path)?
    };
    let Some(exclusive) = exclusive else {
        remove_dead_builds(&envs, &key);
        let own = envs.join(format!("{key}.building-{}", std::process::id()));
        let _ = fs::remove_dir_all(&own);
        let venv = Venv { root: own.clone() };
        if let Err(e) = build_env(python, &venv, requirements, log) {
            let _ = fs::remove_dir_all(&own);
            return Err(e);
        }
        private_build(&final_dir, Some(&own));
        return Ok((venv, Origin::Built));
    };
    // Another process may have built it while we waited.
    if use_cache && complete(&final_dir) && healthy(&final_dir, log) {
        hold(
            &final_dir,
            exclusive.into_shared().with_path("create", &lock_path)?,
        );
        touch_used(&final_dir);
        return Ok((Venv { root: final_dir }, Origin::Cached));
    }
    remove_dead_builds(&envs, &key);
    let building = envs.join(format!("{key}.building-{}", std::process::id()));
    let _ = fs::remove_dir_all(&building);
    let venv = Venv {
        root: building.clone(),
    };
    let result = build_env(python, &venv, requirements, log);
    if let Err(e) = result {
        let _ = fs::remove_dir_all(&building);
        return Err(if broken {
            e.hint(t::ENV_WAS_BROKEN.f(&[("path", &final_dir.display())]))
        } else {
            e
        });
    }
    fs::write(building.join(COMPLETE_MARK), requirements.join("\n"))
        .with_path("write", &building)?;
    // Scripts in bin/ keep the build path in their shebang; verify runs only `python -m …`,
    // which does not care. Nobody else uses the old one: we hold the lock exclusively.
    let _ = fs::remove_dir_all(&final_dir);
    if fs::rename(&building, &final_dir).is_err() {
        let _ = fs::remove_dir_all(&building);
    }
    if !complete(&final_dir) {
        return Err(Error::new(
            t::ENV_NOT_IN_PLACE.f(&[("path", &final_dir.display())]),
        ));
    }
    built_this_run(&final_dir, true);
    HEALTHY
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .push(final_dir.clone());
    hold(
        &final_dir,
        exclusive.into_shared().with_path("create", &lock_path)?,
    );
    touch_used(&final_dir);
    let origin = if broken {
        Origin::Rebuilt
    } else {
        Origin::Built
    };
    Ok((Venv { root: final_dir }, origin))
}

/// Environments this run built for itself beside a cached one that another run was using
/// (`--no-cache`): by the cached one's folder. `record` adds one; they are removed by a later
/// run once this process has ended.
fn private_build(dir: &Path, record: Option<&Path>) -> Option<PathBuf> {
    static PRIVATE: Mutex<Vec<(PathBuf, PathBuf)>> = Mutex::new(Vec::new());
    let mut private = PRIVATE.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(own) = record {
        private.push((dir.to_path_buf(), own.to_path_buf()));
    }
    private
        .iter()
        .find(|(d, _)| d == dir)
        .map(|(_, p)| p.clone())
}

/// Environments found working in this run.
static HEALTHY: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// Whether the environment in `dir` works: its interpreter exists and starts with its site
/// (asked once per run). A broken one is noted in `log`.
fn healthy(dir: &Path, log: &Path) -> bool {
    if HEALTHY
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .iter()
        .any(|d| d == dir)
    {
        return true;
    }
    let venv = Venv {
        root: dir.to_path_buf(),
    };
    let works = venv.python().is_file()
        && Command::new(venv.python())
            .args(["-c", "import site, sys"])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
    if works {
        HEALTHY
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(dir.to_path_buf());
    } else if let Ok(mut f) = fs::OpenOptions::new().create(true).append(true).open(log) {
        use std::io::Write;
        let _ = writeln!(f, "{}", t::ENV_BROKEN.f(&[("path", &dir.display())]));
    }
    works
}

/// The locks this process holds on environments it uses, until it ends.
static HELD: Mutex<Vec<(PathBuf, crate::lock::Lock)>> = Mutex::new(Vec::new());

fn hold(dir: &Path, lock: crate::lock::Lock) {
    let mut held = HELD.lock().unwrap_or_else(|e| e.into_inner());
    held.retain(|(d, _)| d != dir);
    held.push((dir.to_path_buf(), lock));
}

fn release(dir: &Path) {
    HELD.lock()
        .unwrap_or_else(|e| e.into_inner())
        .retain(|(d, _)| d != dir);
}

/// Build folders (`<key>.building-<pid>`) of processes that no longer run.
fn remove_dead_builds(envs: &Path, key: &str) {
    let prefix = format!("{key}.building-");
    for entry in fs::read_dir(envs).into_iter().flatten().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if let Some(pid) = name.strip_prefix(&prefix).and_then(|p| p.parse().ok())
            && !crate::writer::process_alive(pid)
        {
            let _ = fs::remove_dir_all(entry.path());
        }
    }
}

type Locks = Mutex<HashMap<PathBuf, Arc<Mutex<()>>>>;

/// One lock per environment directory, for the threads of this process.
fn build_lock(dir: &Path) -> Arc<Mutex<()>> {
    static LOCKS: OnceLock<Locks> = OnceLock::new();
    let locks = LOCKS.get_or_init(Default::default);
    let mut map = locks.lock().unwrap_or_else(|e| e.into_inner());
    map.entry(dir.to_path_buf()).or_default().clone()
}

/// Whether `dir` was built by this process; `mark` records that it was.
fn built_this_run(dir: &Path, mark: bool) -> bool {
    static BUILT: OnceLock<Mutex<HashSet<PathBuf>>> = OnceLock::new();
    let built = BUILT.get_or_init(Default::default);
    let mut set = built.lock().unwrap_or_else(|e| e.into_inner());
    if mark {
        set.insert(dir.to_path_buf());
    }
    set.contains(dir)
}

/// Records when an environment was last used (for pruning old ones).
fn touch_used(dir: &Path) {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or_default();
    let _ = fs::write(dir.join(".pystart-last-used"), format!("{secs}\n"));
}

fn see_log(log: &Path) -> String {
    t::ENV_SEE_LOG.f(&[("log", &log.display())])
}

fn build_env(python: &Python, venv: &Venv, requirements: &[String], log: &Path) -> Result<()> {
    let install_failed = || {
        Error::new(t::ENV_INSTALL_FAILED.f(&[("requirements", &requirements.join(" "))]))
            .hint(t::ENV_SEE_LOG_NETWORK.f(&[("log", &log.display())]))
    };
    if let Some(uv) = crate::settings::find_on_path(&["uv"]) {
        let ok = run_logged(
            Command::new(&uv)
                .args(["venv", "--quiet", "--python"])
                .arg(&python.exe)
                .arg(&venv.root),
            log,
        )?;
        if !ok {
            return Err(Error::new(t::ENV_UV_VENV_FAILED.s()).hint(see_log(log)));
        }
        let ok = run_logged(
            crate::index::uv_env(&mut Command::new(&uv))
                .args(["pip", "install", "--quiet", "--python"])
                .arg(venv.python())
                .args(requirements),
            log,
        )?;
        return if ok { Ok(()) } else { Err(install_failed()) };
    }
    let ok = run_logged(
        Command::new(&python.exe)
            .args(["-m", "venv"])
            .arg(&venv.root),
        log,
    )?;
    if !ok {
        return Err(
            Error::new(t::ENV_VENV_FAILED.f(&[("python", &python.exe.display())]))
                .hint(t::ENV_SEE_LOG_VENV.f(&[("log", &log.display())])),
        );
    }
    let ok = run_logged(
        clean_env(&mut Command::new(venv.python()), venv)
            .args(["-m", "pip", "install", "--quiet"])
            .args(requirements),
        log,
    )?;
    if ok { Ok(()) } else { Err(install_failed()) }
}

/// Makes `root` a virtual environment of the same interpreter as `shared`, as `python -m venv
/// --without-pip` would (its `pyvenv.cfg`, the interpreter links in `bin/`, an empty
/// site-packages at the same place), without starting Python: a fifth of a second per project.
/// False when `shared` is not laid out that way (copied interpreters, Windows): the caller
/// runs `venv` instead.
#[cfg(unix)]
fn light_copy(shared: &Venv, shared_site: &Path, root: &Path) -> bool {
    let Ok(rel_site) = shared_site.strip_prefix(&shared.root) else {
        return false;
    };
    let Ok(cfg) = fs::read_to_string(shared.root.join("pyvenv.cfg")) else {
        return false;
    };
    let Ok(entries) = fs::read_dir(shared.bin()) else {
        return false;
    };
    let mut links = Vec::new();
    for entry in entries.flatten() {
        let name = entry.file_name();
        if !name.to_string_lossy().starts_with("python") {
            continue;
        }
        match fs::read_link(entry.path()) {
            Ok(target) => links.push((name, target)),
            Err(_) => return false, // a copied interpreter: leave it to venv
        }
    }
    if !links.iter().any(|(n, _)| n == "python") {
        return false;
    }
    // `command` records how the shared environment was made; it is not true of this one.
    let cfg: String = cfg
        .lines()
        .filter(|l| !l.trim_start().starts_with("command"))
        .map(|l| format!("{l}\n"))
        .collect();
    let made = (|| -> std::io::Result<()> {
        fs::create_dir_all(root.join(rel_site))?;
        fs::create_dir_all(root.join("bin"))?;
        fs::write(root.join("pyvenv.cfg"), cfg)?;
        for (name, target) in &links {
            std::os::unix::fs::symlink(target, root.join("bin").join(name))?;
        }
        if shared.root.join("lib64").is_symlink() {
            std::os::unix::fs::symlink("lib", root.join("lib64"))?;
        }
        Ok(())
    })();
    made.is_ok()
}

#[cfg(not(unix))]
fn light_copy(_shared: &Venv, _shared_site: &Path, _root: &Path) -> bool {
    false
}

/// A light venv for one project that sees the shared environment's packages through a `.pth`
/// file, with the project installed into it (editable, no dependencies). Also returns its
/// site-packages directory.
pub fn project_env(
    python: &Python,
    shared: &Venv,
    project: &Path,
    root: &Path,
    log: &Path,
) -> Result<(Venv, PathBuf)> {
    let venv = Venv {
        root: root.to_path_buf(),
    };
    let shared_site = shared_site_packages(shared)?;
    if !light_copy(shared, &shared_site, root) {
        let _ = fs::remove_dir_all(root);
        let ok = run_logged(
            Command::new(&python.exe)
                .args(["-m", "venv", "--without-pip"])
                .arg(root),
            log,
        )?;
        if !ok {
            return Err(Error::new(t::ENV_PROJECT_VENV_FAILED.s()).hint(see_log(log)));
        }
    }
    // Made by the same interpreter, the small environment has the same layout.
    let site = match shared_site.strip_prefix(&shared.root) {
        Ok(rel) if root.join(rel).is_dir() => root.join(rel),
        _ => venv.site_packages()?,
    };
    fs::write(
        site.join("_pystart_shared_env.pth"),
        format!("{}\n", shared_site.display()),
    )
    .with_path("write", &site)?;
    let scratch = root.with_extension("wheel");
    if crate::editable::install(&venv, &site, project, &scratch, log)?
        == crate::editable::Installed::Done
    {
        return Ok((venv, site));
    }
    // Without uv: the tiny venv has no pip of its own; the shared environment's pip is on its
    // path.
    let uv = crate::settings::find_on_path(&["uv"]);
    let mut cmd = pip_install(&venv, uv.as_deref());
    cmd.args(["--no-deps", "--no-build-isolation", "--editable"])
        .arg(project);
    let ok = run_logged(clean_env(&mut cmd, &venv), log)?;
    if !ok {
        return Err(Error::new(t::ENV_PROJECT_INSTALL_FAILED.s()).hint(see_log(log)));
    }
    Ok((venv, site))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn py() -> Python {
        Python {
            exe: "python3".into(),
            version: "3.11.7".into(),
            implementation: "cpython".into(),
            prefix: "/usr".into(),
        }
    }

    #[test]
    fn parallel_jobs_share_the_cores_out() {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        assert_eq!(threads_per_job(1), cores);
        assert_eq!(threads_per_job(cores * 4), 1);
        let mut cmd = Command::new("true");
        limit_threads(&mut cmd, 3);
        let envs: HashMap<String, String> = cmd
            .get_envs()
            .filter_map(|(k, v)| Some((k.to_str()?.to_string(), v?.to_str()?.to_string())))
            .collect();
        assert_eq!(envs["OMP_NUM_THREADS"], "3");
        assert_eq!(envs["OPENBLAS_NUM_THREADS"], "3");
    }

    #[cfg(unix)]
    #[test]
    fn a_light_copy_is_a_venv_of_the_same_interpreter() {
        let tmp = tempfile::tempdir().unwrap();
        let shared = Venv {
            root: tmp.path().join("shared"),
        };
        let ok = Command::new("python3")
            .args(["-m", "venv", "--without-pip"])
            .arg(&shared.root)
            .status()
            .unwrap();
        assert!(ok.success());
        let site = shared.site_packages().unwrap();
        let light = Venv {
            root: tmp.path().join("light"),
        };
        assert!(light_copy(&shared, &site, &light.root));
        let cfg = fs::read_to_string(light.root.join("pyvenv.cfg")).unwrap();
        assert!(cfg.contains("home =") && !cfg.contains("command"), "{cfg}");
        let out = Command::new(light.python())
            .args([
                "-c",
                "import sys, sysconfig; print(sys.prefix); print(sysconfig.get_path('purelib'))",
            ])
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        let mut lines = text.lines();
        assert_eq!(lines.next(), Some(light.root.to_str().unwrap()), "{text}");
        let light_site = light.root.join(site.strip_prefix(&shared.root).unwrap());
        assert_eq!(lines.next(), Some(light_site.to_str().unwrap()), "{text}");
        assert!(light_site.is_dir());

        // A shared environment without interpreter links is left to `venv`.
        let copied = Venv {
            root: tmp.path().join("copied"),
        };
        fs::create_dir_all(copied.bin()).unwrap();
        fs::write(copied.root.join("pyvenv.cfg"), "home = /x\n").unwrap();
        fs::write(copied.python(), "").unwrap();
        assert!(!light_copy(
            &copied,
            &copied.root.join("lib"),
            &tmp.path().join("no")
        ));
    }

    #[cfg(unix)]
    #[test]
    fn a_broken_environment_is_found_and_noted_in_the_log() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("env");
        let ok = Command::new("python3")
            .args(["-m", "venv", "--without-pip"])
            .arg(&root)
            .status()
            .unwrap();
        assert!(ok.success());
        let log = tmp.path().join("log");
        assert!(healthy(&root, &log));
        let broken = tmp.path().join("broken");
        fs::rename(&root, &broken).unwrap();
        fs::remove_file(broken.join("bin/python")).unwrap();
        assert!(!healthy(&broken, &log));
        let text = fs::read_to_string(&log).unwrap();
        assert!(
            text.contains("is broken") && text.contains("broken"),
            "{text}"
        );
    }

    #[test]
    fn env_key_ignores_order_but_not_content_or_version() {
        let a = env_key(&py(), &["b".into(), "a".into()]);
        assert_eq!(a, env_key(&py(), &["a".into(), "b".into()]));
        assert_ne!(a, env_key(&py(), &["a".into()]));
        let other = Python {
            version: "3.12.1".into(),
            ..py()
        };
        assert_ne!(a, env_key(&other, &["a".into(), "b".into()]));
        assert_eq!(a.len(), 16);
    }
}
