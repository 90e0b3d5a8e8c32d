//! Preloading servers for `verify`'s test and demo runs (Linux).
//!
//! Every test or demo run of a scientific template starts a fresh interpreter that imports numpy,
//! pandas, scikit-learn, matplotlib… again: seconds of each run, repeated for every variant of
//! every template on the same shared environment. A server per shared environment imports, once,
//! the modules that earlier runs on that environment imported (a list kept in the cache), then
//! forks a child per run. The child is set up as the project environment's interpreter
//! would be (see `preload.py`), so the suite sees the same sys.path, environment and working
//! directory; only the imports are already done, as they are for a suite's later tests.
//!
//! The demo stage goes through it too (its time limit kills the child). What a fork cannot
//! show, that the command starts in a fresh interpreter, every template's suite checks by
//! running `python -m <package> … --help` as a subprocess. Whenever a server cannot be used
//! (another OS, a server that failed to start or would fork with threads running, a child that
//! vanished), the run is started the ordinary way.

use crate::pyenv::{self, Outcome, Venv};
use serde_json::{Value, json};
use std::collections::{BTreeSet, HashMap};
use std::ffi::OsString;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

const SERVER_SOURCE: &str = include_str!("preload.py");

/// The servers of one `verify` run, one per shared environment, each stopped when the last job
/// planned on its environment is done.
pub struct Preloader {
    dir: PathBuf,
    enabled: bool,
    threads: usize,
    servers: Mutex<HashMap<String, Arc<Server>>>,
    /// Jobs still to come per environment key.
    pending: Mutex<HashMap<String, usize>>,
}

impl Preloader {
    /// `keys`: the environment key of every planned job (one entry per job). `dir` keeps the
    /// module lists between runs.
    pub fn new(dir: PathBuf, enabled: bool, threads: usize, keys: &[String]) -> Self {
        let mut pending = HashMap::new();
        for k in keys {
            *pending.entry(k.clone()).or_insert(0) += 1;
        }
        Preloader {
            dir,
            enabled: enabled && cfg!(target_os = "linux"),
            threads,
            servers: Mutex::default(),
            pending: Mutex::new(pending),
        }
    }

    /// Runs `cmd` (a `python …` command of the project environment `venv`, whose
    /// site-packages is `site`) in a child of the server of the shared environment `shared`,
    /// output to `log`, killed after `limit`. `None` when no server can run it: the caller
    /// runs it itself.
    #[allow(clippy::too_many_arguments)]
    pub fn run(
        &self,
        key: &str,
        shared: &Venv,
        venv: &Venv,
        site: &Path,
        cmd: &Command,
        log: &Path,
        limit: Option<Duration>,
    ) -> Option<Outcome> {
        if !self.enabled || Path::new(cmd.get_program()) != venv.python() {
            return None;
        }
        let server = self.server(key, shared)?;
        let modules = log.with_extension("modules");
        let request = json!({
            "argv": cmd.get_args().map(|a| a.to_string_lossy()).collect::<Vec<_>>(),
            "cwd": cmd.get_current_dir()?.to_string_lossy(),
            "env": effective_env(cmd),
            "log": log.to_string_lossy(),
            "executable": venv.python().to_string_lossy(),
            "site": site.to_string_lossy(),
            "modules": modules.to_string_lossy(),
        });
        std::fs::File::create(log).ok()?;
        let outcome = server.run(request, limit)?;
        if let Ok(text) = std::fs::read_to_string(&modules) {
            let mut seen = server.modules.lock().expect("modules lock");
            seen.extend(text.lines().filter(|l| !l.is_empty()).map(String::from));
        }
        Some(outcome)
    }

    /// One job planned on `key` is done; the last one stops the environment's server.
    pub fn release(&self, key: &str) {
        let mut pending = self.pending.lock().expect("pending lock");
        let left = pending.get_mut(key).map(|n| {
            *n = n.saturating_sub(1);
            *n
        });
        if left == Some(0) {
            pending.remove(key);
            drop(pending);
            let server = self.servers.lock().expect("servers lock").remove(key);
            if let Some(server) = server {
                self.stop(key, &server);
            }
        }
    }

    /// Starts the server of an environment ahead of its first run, so that it preloads
    /// while the job renders and installs its project.
    pub fn prepare(&self, key: &str, shared: &Venv) {
        if self.enabled {
            self.start(key, shared);
        }
    }

    fn start(&self, key: &str, shared: &Venv) -> Arc<Server> {
        let mut servers = self.servers.lock().expect("servers lock");
        servers
            .entry(key.to_string())
            .or_insert_with(|| {
                let list = self.list_path(key);
                Arc::new(Server::start(shared, &list, &self.dir, key, self.threads))
            })
            .clone()
    }

    fn server(&self, key: &str, shared: &Venv) -> Option<Arc<Server>> {
        let server = self.start(key, shared);
        server.usable().then_some(server)
    }

    fn list_path(&self, key: &str) -> PathBuf {
        self.dir.join(format!("{key}.txt"))
    }

    /// Stops a server and keeps the modules its children imported for the next run.
    fn stop(&self, key: &str, server: &Server) {
        server.stop();
        let seen = server.modules.lock().expect("modules lock");
        if seen.is_empty() {
            return;
        }
        let mut text = seen.iter().cloned().collect::<Vec<_>>().join("\n");
        text.push('\n');
        if std::fs::read_to_string(self.list_path(key)).ok().as_deref() != Some(text.as_str()) {
            let _ = std::fs::create_dir_all(&self.dir);
            let _ = crate::writer::replace_file(&self.list_path(key), text.as_bytes());
        }
    }
}

impl Drop for Preloader {
    fn drop(&mut self) {
        let servers: Vec<(String, Arc<Server>)> = self
            .servers
            .lock()
            .map(|mut s| s.drain().collect())
            .unwrap_or_default();
        for (key, server) in servers {
            self.stop(&key, &server);
        }
    }
}

/// The environment a command would run with: ours, changed as the command says.
fn effective_env(cmd: &Command) -> HashMap<String, String> {
    let mut env: HashMap<OsString, OsString> = std::env::vars_os().collect();
    for (k, v) in cmd.get_envs() {
        match v {
            Some(v) => env.insert(k.to_owned(), v.to_owned()),
            None => env.remove(k),
        };
    }
    env.into_iter()
        .map(|(k, v)| (k.to_string_lossy().into(), v.to_string_lossy().into()))
        .collect()
}

#[derive(Default)]
struct State {
    /// None until the server said whether it is ready.
    ready: Option<bool>,
    /// The server's output ended (it stopped or died).
    gone: bool,
    /// The request each running child was forked for, by pid.
    request_of_pid: HashMap<u32, u64>,
    exits: HashMap<u64, i32>,
}

struct Server {
    child: Mutex<Option<Child>>,
    stdin: Mutex<Option<ChildStdin>>,
    state: Arc<(Mutex<State>, Condvar)>,
    next_id: Mutex<u64>,
    modules: Mutex<BTreeSet<String>>,
}

impl Server {
    /// Starts the server; one that fails to start is kept as unusable.
    fn start(shared: &Venv, list: &Path, dir: &Path, key: &str, threads: usize) -> Server {
        let state = Arc::new((Mutex::new(State::default()), Condvar::new()));
        let mut child = spawn_server(shared, list, dir, key, threads);
        let stdin = child.as_mut().and_then(|c| c.stdin.take());
        match child.as_mut().and_then(|c| c.stdout.take()) {
            Some(stdout) => {
                let reader_state = state.clone();
                std::thread::spawn(move || read_replies(stdout, &reader_state));
            }
            None => state.0.lock().expect("state lock").ready = Some(false),
        }
        Server {
            child: Mutex::new(child),
            stdin: Mutex::new(stdin),
            state,
            next_id: Mutex::new(0),
            modules: Mutex::default(),
        }
    }

    /// Waits until the server has preloaded; whether it can take requests.
    fn usable(&self) -> bool {
        let (lock, cvar) = &*self.state;
        let state = cvar
            .wait_while(lock.lock().expect("state lock"), |s| {
                s.ready.is_none() && !s.gone
            })
            .expect("state lock");
        state.ready == Some(true) && !state.gone
    }

    fn send(&self, message: &Value) -> Option<()> {
        let mut stdin = self.stdin.lock().expect("stdin lock");
        let pipe = stdin.as_mut()?;
        let mut line = message.to_string();
        line.push('\n');
        pipe.write_all(line.as_bytes()).ok()?;
        pipe.flush().ok()
    }

    /// Sends one request and waits for the child to end, killing it after `limit`.
    fn run(&self, mut request: Value, limit: Option<Duration>) -> Option<Outcome> {
        let id = {
            let mut next = self.next_id.lock().expect("id lock");
            *next += 1;
            *next
        };
        request["id"] = json!(id);
        self.send(&request)?;
        let deadline = limit.map(|l| Instant::now() + l);
        let (lock, cvar) = &*self.state;
        let mut state = lock.lock().expect("state lock");
        let mut killed = false;
        loop {
            if let Some(exit) = state.exits.remove(&id) {
                return Some(if killed {
                    Outcome::TimedOut
                } else {
                    Outcome::Exited(exit == 0)
                });
            }
            if state.gone {
                return None;
            }
            match deadline {
                Some(deadline) if !killed && Instant::now() >= deadline => {
                    let pid = state.request_of_pid.iter().find(|(_, r)| **r == id);
                    if let Some(pid) = pid.map(|(pid, _)| *pid) {
                        drop(state);
                        self.send(&json!({ "kill": pid }))?;
                        killed = true;
                        state = lock.lock().expect("state lock");
                    }
                }
                _ => {}
            }
            state = cvar
                .wait_timeout(state, Duration::from_millis(100))
                .expect("state lock")
                .0;
        }
    }

    /// Closes the request pipe; the server ends once its children have.
    fn stop(&self) {
        self.stdin.lock().expect("stdin lock").take();
        if let Some(mut child) = self.child.lock().expect("child lock").take() {
            let _ = child.wait();
        }
    }
}

/// The server process, its errors in `dir/KEY.log`; None when it cannot be started.
fn spawn_server(
    shared: &Venv,
    list: &Path,
    dir: &Path,
    key: &str,
    threads: usize,
) -> Option<Child> {
    std::fs::create_dir_all(dir).ok()?;
    let errors = std::fs::File::create(dir.join(format!("{key}.log"))).ok()?;
    let mut cmd = Command::new(shared.python());
    cmd.arg(server_script(dir)?).arg(list);
    pyenv::limit_threads(pyenv::clean_env(&mut cmd, shared), threads);
    cmd.stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(errors)
        .spawn()
        .ok()
}

/// The server's source as a file in `dir` (written when missing or different, without
/// disturbing another run that may be starting it).
fn server_script(dir: &Path) -> Option<PathBuf> {
    let path = dir.join("pystart_preload_server.py");
    if std::fs::read_to_string(&path).ok().as_deref() != Some(SERVER_SOURCE) {
        crate::writer::replace_file(&path, SERVER_SOURCE.as_bytes()).ok()?;
    }
    Some(path)
}

fn read_replies(stdout: std::process::ChildStdout, state: &Arc<(Mutex<State>, Condvar)>) {
    let (lock, cvar) = &**state;
    for line in BufReader::new(stdout).lines() {
        let Ok(line) = line else { break };
        let Ok(reply) = serde_json::from_str::<Value>(&line) else {
            continue;
        };
        let mut s = lock.lock().expect("state lock");
        if let Some(ready) = reply["ready"].as_bool() {
            s.ready = Some(ready);
        } else if let (Some(id), Some(pid)) = (reply["id"].as_u64(), reply["pid"].as_u64()) {
            s.request_of_pid.insert(pid as u32, id);
        } else if let (Some(pid), Some(exit)) = (reply["pid"].as_u64(), reply["exit"].as_i64())
            && let Some(id) = s.request_of_pid.remove(&(pid as u32))
        {
            s.exits.insert(id, exit as i32);
        }
        cvar.notify_all();
    }
    lock.lock().expect("state lock").gone = true;
    cvar.notify_all();
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::*;

    fn venv(root: &Path) -> Venv {
        let ok = Command::new("python3")
            .args(["-m", "venv", "--without-pip"])
            .arg(root)
            .status()
            .expect("python3 runs");
        assert!(ok.success());
        Venv {
            root: root.to_path_buf(),
        }
    }

    fn site(venv: &Venv) -> PathBuf {
        std::fs::read_dir(venv.root.join("lib"))
            .unwrap()
            .next()
            .unwrap()
            .unwrap()
            .path()
            .join("site-packages")
    }

    const PROBE: &str = "import json, os, sys, projmod\n\
        print(json.dumps({'exe': sys.executable, 'prefix': sys.prefix, 'cwd': os.getcwd(),\n\
        'x': os.environ.get('X'), 'home': os.environ.get('PROBE_HOME'),\n\
        'mod': projmod.__file__, 'argv': sys.argv}))\n\
        sys.exit(3)";

    #[test]
    fn a_forked_run_is_set_up_like_the_project_environment_and_its_imports_are_kept() {
        let tmp = tempfile::tempdir().unwrap();
        let shared = venv(&tmp.path().join("shared"));
        let project = venv(&tmp.path().join("project"));
        let src = tmp.path().join("src");
        std::fs::create_dir_all(&src).unwrap();
        std::fs::write(src.join("projmod.py"), "").unwrap();
        let project_site = site(&project);
        std::fs::write(
            project_site.join("project.pth"),
            format!("{}\n", src.display()),
        )
        .unwrap();
        let work = tmp.path().join("work");
        std::fs::create_dir_all(&work).unwrap();
        let dir = tmp.path().join("preload");
        let key = "k".to_string();

        let run = |preloader: &Preloader, log: &Path| {
            let mut cmd = Command::new(project.python());
            cmd.args(["-c", PROBE, "an argument"]).current_dir(&work);
            pyenv::clean_env(&mut cmd, &project)
                .env("X", "forked")
                .env_remove("PROBE_HOME");
            let result = preloader.run(&key, &shared, &project, &project_site, &cmd, log, None);
            let printed = std::fs::read_to_string(log).unwrap_or_default();
            (result, printed)
        };

        let preloader = Preloader::new(dir.clone(), true, 1, &[key.clone(), key.clone()]);
        let log = work.join("one.log");
        let (result, printed) = run(&preloader, &log);
        assert_eq!(result, Some(Outcome::Exited(false)), "{printed}");
        let seen: serde_json::Value = serde_json::from_str(printed.trim()).expect(&printed);
        assert_eq!(seen["exe"], project.python().to_string_lossy().as_ref());
        assert_eq!(seen["prefix"], project.root.to_string_lossy().as_ref());
        assert_eq!(seen["cwd"], work.to_string_lossy().as_ref());
        assert_eq!(seen["x"], "forked");
        assert!(seen["home"].is_null(), "{printed}");
        assert!(
            seen["mod"]
                .as_str()
                .unwrap()
                .starts_with(src.to_str().unwrap())
        );
        assert_eq!(seen["argv"], serde_json::json!(["-c", "an argument"]));

        // The last job on the environment stops the server and keeps what was imported
        // (the standard library's json here; never the project's own module).
        preloader.release(&key);
        assert!(!dir.join("k.txt").exists(), "one job is still to come");
        preloader.release(&key);
        let list = std::fs::read_to_string(dir.join("k.txt")).unwrap();
        assert!(list.lines().any(|l| l == "json"), "{list}");
        assert!(!list.contains("projmod"), "{list}");

        // The next run's server imports them first; the child is just as before.
        let again = Preloader::new(dir.clone(), true, 1, std::slice::from_ref(&key));
        let (result, printed) = run(&again, &work.join("two.log"));
        assert_eq!(result, Some(Outcome::Exited(false)), "{printed}");
        assert!(printed.contains("forked"), "{printed}");

        // A sitecustomize.py on PYTHONPATH runs as it would at start-up; a child that outlives
        // its time limit is killed.
        let custom = tmp.path().join("custom");
        std::fs::create_dir_all(&custom).unwrap();
        std::fs::write(custom.join("sitecustomize.py"), "print('customized')\n").unwrap();
        let mut slow = Command::new(project.python());
        slow.args(["-c", "import time; time.sleep(60)"])
            .current_dir(&work)
            .env("PYTHONPATH", &custom);
        let log = work.join("slow.log");
        let started = Instant::now();
        let result = again.run(
            &key,
            &shared,
            &project,
            &project_site,
            &slow,
            &log,
            Some(Duration::from_millis(500)),
        );
        assert_eq!(result, Some(Outcome::TimedOut));
        assert!(started.elapsed() < Duration::from_secs(30));
        assert_eq!(std::fs::read_to_string(&log).unwrap(), "customized\n");

        // Disabled, or for a command that is not the project's interpreter: not run at all.
        let off = Preloader::new(dir.clone(), false, 1, std::slice::from_ref(&key));
        assert_eq!(run(&off, &work.join("three.log")).0, None);
    }
}
