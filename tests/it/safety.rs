//! Fault injection: nothing lost, nothing leaked, nothing hangs. Signals at random points
//! (seeded, so a failure can be replayed), two runs on one folder, credentials in URLs,
//! hostile templates, a full disk.
//!
//! The seed of every random choice is printed; `PYSTART_SAFETY_SEED=<n>` replays a run, and
//! `PYSTART_SAFETY_RUNS=<n>` changes how many signals each signal test sends.

#![cfg(unix)]

use crate::common::{Sandbox, git, stderr_of, write};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A small seeded generator (xorshift64*): enough to spread signals over a run.
struct Rng(u64);

impl Rng {
    fn new(name: &str) -> Self {
        let seed = std::env::var("PYSTART_SAFETY_SEED")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| {
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .unwrap()
                    .as_nanos() as u64
            });
        eprintln!("{name}: PYSTART_SAFETY_SEED={seed}");
        Rng(seed | 1)
    }

    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

fn runs(default: usize) -> usize {
    std::env::var("PYSTART_SAFETY_RUNS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(default)
}

const SIGNALS: [(i32, &str); 3] = [
    (libc::SIGINT, "SIGINT"),
    (libc::SIGTERM, "SIGTERM"),
    (libc::SIGHUP, "SIGHUP"),
];

/// The real binary with the sandbox's environment, as a `std` command (to be signalled).
fn spawn(s: &Sandbox, args: &[&str]) -> Child {
    Command::new(assert_cmd::cargo::cargo_bin("pystart"))
        .args(args)
        .current_dir(s.path())
        .env("HOME", s.home())
        .env("XDG_CONFIG_HOME", s.home().join(".config"))
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("LANG", "C.UTF-8")
        .env("NO_COLOR", "1")
        .env("PYSTART_CACHE_DIR", s.join(".cache"))
        .env_remove("PYSTART_AUTHOR")
        .env_remove("PYSTART_EMAIL")
        .env_remove("PYSTART_CONFIG")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// Sends `signal` to `child` after `delay`, then waits; the exit code, or 128 + the signal
/// when the signal ended it before pystart's handler was installed (nothing is written then).
fn signal_after(child: &mut Child, signal: i32, delay: Duration) -> Option<i32> {
    use std::os::unix::process::ExitStatusExt;
    std::thread::sleep(delay);
    // SAFETY: a plain kill(2) of our own child.
    unsafe { libc::kill(child.id() as libc::pid_t, signal) };
    let status = child.wait().unwrap();
    status.code().or(status.signal().map(|s| 128 + s))
}

/// SIGKILLs `child` as soon as a staging folder appears below `dir` (or after `limit`).
fn kill_while_staging(child: &mut Child, dir: &Path, limit: Duration) {
    let deadline = Instant::now() + limit;
    while staging_dirs(dir).is_empty()
        && Instant::now() < deadline
        && child.try_wait().unwrap().is_none()
    {
        std::thread::sleep(Duration::from_micros(200));
    }
    let _ = child.kill();
    let _ = child.wait();
}

/// Hidden staging directories (`.x.pystart-<pid>`, `.pystart-<pid>`) below `dir`.
fn staging_dirs(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in fs::read_dir(&d).into_iter().flatten().flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            if name == ".git" || name == ".cache" {
                continue;
            }
            let staging = name.starts_with('.')
                && name.rsplit_once(".pystart-").is_some_and(|(_, pid)| {
                    !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit())
                });
            if staging {
                found.push(e.path());
            } else if e.file_type().unwrap().is_dir() {
                stack.push(e.path());
            }
        }
    }
    found
}

/// A complete project: a git repository on `main` with its one commit and a clean work tree.
fn assert_complete(dir: &Path) {
    assert!(dir.join(".pystart.toml").is_file(), "{}", dir.display());
    assert_eq!(git(dir, &["rev-list", "--count", "HEAD"]), "1");
    assert_eq!(
        git(dir, &["status", "--porcelain"]),
        "",
        "{}",
        dir.display()
    );
}

#[test]
fn signals_at_random_points_of_new_leave_a_whole_project_or_nothing() {
    let s = Sandbox::with_git_user("Ada", "ada@example.com");
    let mut rng = Rng::new("new");
    let n = runs(24);
    let (mut finished, mut interrupted) = (0, 0);
    for i in 0..n {
        let (signal, name) = SIGNALS[i % SIGNALS.len()];
        // A nested path: the parents this run creates must go too.
        let rel = format!("p{i}/a/b/proj");
        let mut child = spawn(&s, &["new", "titanic", &rel, "--yes"]);
        let delay = Duration::from_millis(rng.below(500));
        let code = signal_after(&mut child, signal, delay);
        let target = s.join(&rel);
        if code == Some(0) {
            finished += 1;
            assert_complete(&target);
        } else {
            interrupted += 1;
            assert_eq!(
                code,
                Some(128 + signal),
                "{name} after {delay:?}: exit code"
            );
            // A signal after the project was in place (while the summary was printed) finds
            // it whole; any earlier one leaves nothing, not even the parents it created.
            if target.exists() {
                assert_complete(&target);
            } else {
                assert!(
                    !s.join(&format!("p{i}")).exists(),
                    "{name} after {delay:?} left {}",
                    s.join(&format!("p{i}")).display()
                );
            }
        }
    }
    assert!(
        staging_dirs(s.path()).is_empty(),
        "{:?}",
        staging_dirs(s.path())
    );
    eprintln!("new: {n} runs, {finished} finished, {interrupted} interrupted");
    assert!(interrupted > 0, "no run was interrupted");
}

#[test]
fn a_staging_folder_left_by_sigkill_is_removed_by_the_next_run() {
    let s = Sandbox::with_git_user("Ada", "ada@example.com");
    let mut rng = Rng::new("sigkill");
    fs::create_dir(s.join("here")).unwrap();
    let mut left = 0;
    for _ in 0..runs(12) {
        // Into an empty folder (staged inside it) and beside it.
        for target in ["here", "beside"] {
            let mut child = spawn(&s, &["new", "titanic", target, "--yes"]);
            if rng.below(2) == 0 {
                kill_while_staging(&mut child, s.path(), Duration::from_secs(5));
            } else {
                let delay = Duration::from_millis(rng.below(200));
                signal_after(&mut child, libc::SIGKILL, delay);
            }
            left += staging_dirs(s.path()).len();
            let out = s
                .pystart(&["new", "titanic", target, "--yes"])
                .output()
                .unwrap();
            if out.status.success() {
                assert_complete(&s.join(target));
                assert!(staging_dirs(s.path()).is_empty());
                fs::remove_dir_all(s.join(target)).unwrap();
                if target == "here" {
                    fs::create_dir(s.join("here")).unwrap();
                }
            } else {
                // The killed run had finished: the project is complete, and refused.
                assert!(
                    stderr_of(&out).contains("already exists and is not empty"),
                    "{}",
                    stderr_of(&out)
                );
                assert_complete(&s.join(target));
                fs::remove_dir_all(s.join(target)).unwrap();
                if target == "here" {
                    fs::create_dir(s.join("here")).unwrap();
                }
            }
        }
    }
    eprintln!("sigkill: {left} staging folders left by killed runs, all removed");
    assert!(left > 0, "no run was killed while staging");
}

#[test]
fn signals_at_random_points_of_strip_and_template_new_leave_all_or_nothing() {
    let s = Sandbox::with_git_user("Ada", "ada@example.com");
    let out = s
        .pystart(&["new", "titanic", "src", "--yes"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let mut rng = Rng::new("strip/template new");
    let (mut finished, mut interrupted) = (0, 0);
    for i in 0..runs(12) {
        let (signal, name) = SIGNALS[i % SIGNALS.len()];
        let target = format!("out{i}/x/copy");
        let args: Vec<&str> = if i % 2 == 0 {
            vec!["strip", "src", "--out", &target]
        } else {
            vec!["template", "new", "mine", &target]
        };
        let mut child = spawn(&s, &args);
        // Both take a few tens of milliseconds.
        let delay = Duration::from_millis(rng.below(60));
        let code = signal_after(&mut child, signal, delay);
        if code == Some(0) {
            finished += 1;
            assert!(s.join(&target).is_dir(), "{args:?}");
        } else {
            interrupted += 1;
            assert_eq!(code, Some(128 + signal), "{args:?}: {name} after {delay:?}");
            // Whole (the signal came after the rename) or nothing, parents included.
            let whole = s.join(&target).join(".git").is_dir()
                || s.join(&target).join("template.toml").is_file();
            assert!(
                whole || !s.join(&format!("out{i}")).exists(),
                "{args:?}: {name} after {delay:?}"
            );
        }
    }
    assert!(
        staging_dirs(s.path()).is_empty(),
        "{:?}",
        staging_dirs(s.path())
    );
    eprintln!("strip/template new: {finished} finished, {interrupted} interrupted");
}

fn roster(s: &Sandbox, n: usize) {
    let mut text = String::from("id,name\n");
    for i in 0..n {
        text.push_str(&format!("s{i:02},Student {i}\n"));
    }
    fs::write(s.join("r.csv"), text).unwrap();
}

/// Every student folder of a batch is a complete repository (TEACHER.md beside them is the
/// teacher's note); no staging folder is left.
fn assert_batch_consistent(out: &Path) {
    for e in fs::read_dir(out).unwrap().flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        if !name.starts_with('.') && e.path().is_dir() {
            assert_complete(&e.path());
        }
    }
    assert!(staging_dirs(out).is_empty(), "{:?}", staging_dirs(out));
}

#[test]
fn signals_at_random_points_of_batch_leave_whole_repositories_and_a_rerun_completes() {
    let s = Sandbox::with_git_user("Teacher", "teacher@example.com");
    roster(&s, 8);
    let mut rng = Rng::new("batch");
    for i in 0..runs(6) {
        let (signal, name) = SIGNALS[i % SIGNALS.len()];
        let out = format!("c{i}");
        let mut child = spawn(
            &s,
            &[
                "batch", "titanic", "--roster", "r.csv", "--out", &out, "-j", "2",
            ],
        );
        let delay = Duration::from_millis(rng.below(900));
        let code = signal_after(&mut child, signal, delay);
        assert!(
            matches!(code, Some(0)) || code == Some(128 + signal),
            "{name} after {delay:?}: {code:?}"
        );
        if s.join(&out).exists() {
            assert_batch_consistent(&s.join(&out));
        }
        let again = s
            .pystart(&["batch", "titanic", "--roster", "r.csv", "--out", &out])
            .output()
            .unwrap();
        assert!(again.status.success(), "{}", stderr_of(&again));
        assert_batch_consistent(&s.join(&out));
    }
}

#[test]
fn two_batches_on_one_folder_one_runs_the_other_is_refused_clearly() {
    let s = Sandbox::with_git_user("Teacher", "teacher@example.com");
    roster(&s, 20);
    let args = [
        "batch", "titanic", "--roster", "r.csv", "--out", "course", "-j", "1",
    ];
    let mut first = spawn(&s, &args);
    // Wait until the first run holds the folder.
    let deadline = Instant::now() + Duration::from_secs(30);
    while !s.join("course/.pystart-batch/batch.lock").exists() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(5));
    }
    let second = s.pystart(&args).output().unwrap();
    let status = first.wait().unwrap();
    assert!(status.success());
    if !second.status.success() {
        let err = stderr_of(&second);
        assert!(
            err.contains("another `pystart batch` (process")
                && err.contains("is writing into `course`"),
            "{err}"
        );
        assert!(err.contains("hint: wait for it to finish"), "{err}");
    }
    assert_batch_consistent(&s.join("course"));
    let count = fs::read_dir(s.join("course"))
        .unwrap()
        .flatten()
        .filter(|e| !e.file_name().to_string_lossy().starts_with('.') && e.path().is_dir())
        .count();
    assert_eq!(count, 20);
}

#[test]
fn batch_leaves_the_staging_folder_of_a_running_new_alone() {
    let s = Sandbox::with_git_user("Teacher", "teacher@example.com");
    roster(&s, 2);
    fs::create_dir(s.join("course")).unwrap();
    // Our own pid is a running process that is not pystart: its staging folder must stay.
    let live = s.join(&format!("course/.proj.pystart-{}", std::process::id()));
    let dead = s.join("course/.old.pystart-4000000");
    for d in [&live, &dead] {
        write(d, "README.md", "half written\n");
    }
    let out = s
        .pystart(&["batch", "titanic", "--roster", "r.csv", "--out", "course"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert!(
        live.join("README.md").is_file(),
        "a live run's staging folder was deleted"
    );
    assert!(!dead.exists(), "a dead run's staging folder was kept");
}

// ---- update ----

/// A project `proj` from the fixture template, by a learner who committed a change; the
/// template then changes README.md and adds `added.txt`.
fn project_with_pending_update(s: &Sandbox) -> PathBuf {
    let t = crate::common::fixture_template(s.path());
    crate::common::new_from_fixture(s, &t, &[]);
    let p = s.join("proj");
    fs::write(p.join("mine.txt"), "my work\n").unwrap();
    git(&p, &["add", "mine.txt"]);
    git(&p, &["commit", "-qm", "my work"]);
    write(&t, "files/added.txt", "from the template\n");
    write(
        &t,
        "files/README.md.tera",
        "# {{ project_name }}\n\nA new line.\n",
    );
    p
}

fn check_code(s: &Sandbox) -> Option<i32> {
    s.pystart(&["update", "proj", "--check"])
        .output()
        .unwrap()
        .status
        .code()
}

#[test]
fn update_refuses_to_overwrite_a_file_git_does_not_track() {
    let s = Sandbox::with_git_user("Learner", "learner@example.com");
    let p = project_with_pending_update(&s);
    fs::write(p.join("added.txt"), "the learner's own text\n").unwrap();
    let head = git(&p, &["rev-parse", "HEAD"]);
    let out = s.pystart(&["update", "proj"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = stderr_of(&out);
    assert!(
        err.contains(
            "the update would overwrite 1 file in `proj` that git does not track: added.txt"
        ),
        "{err}"
    );
    assert!(err.contains("hint: move or rename them"), "{err}");
    assert_eq!(
        fs::read_to_string(p.join("added.txt")).unwrap(),
        "the learner's own text\n"
    );
    assert_eq!(git(&p, &["rev-parse", "HEAD"]), head);
    assert_eq!(check_code(&s), Some(3), "the update is still available");

    // A file where one of the template's new folders would go is in the way too.
    fs::rename(p.join("added.txt"), p.join("kept.txt")).unwrap();
    write(
        &s.path().join("fixture_tpl"),
        "files/docs/guide.md",
        "guide\n",
    );
    fs::write(p.join("docs"), "a file called docs\n").unwrap();
    let out = s.pystart(&["update", "proj"]).output().unwrap();
    let err = stderr_of(&out);
    assert!(err.contains("does not track: docs"), "{err}");
    fs::remove_file(p.join("docs")).unwrap();

    // A path the project ignores is not taken in (as `new` does not commit it): the user's
    // ignored file there stays as it is.
    fs::write(p.join(".git/info/exclude"), "added.txt\n").unwrap();
    fs::write(p.join("added.txt"), "ignored, still mine\n").unwrap();
    let out = s.pystart(&["update", "proj"]).output().unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert_eq!(
        fs::read_to_string(p.join("added.txt")).unwrap(),
        "ignored, still mine\n"
    );
    assert_eq!(
        fs::read_to_string(p.join("kept.txt")).unwrap(),
        "the learner's own text\n"
    );
    assert!(p.join("docs/guide.md").is_file());
    assert_eq!(check_code(&s), Some(0));
}

#[test]
fn an_aborted_merge_leaves_the_update_available_and_check_agrees() {
    let s = Sandbox::with_git_user("Learner", "learner@example.com");
    let p = project_with_pending_update(&s);
    // The learner changed the README's first line too: a conflict.
    fs::write(p.join("README.md"), "# proj, my title\n").unwrap();
    git(&p, &["commit", "-qam", "my title"]);
    let pristine = git(&p, &["rev-parse", "pystart"]);
    let out = s.pystart(&["update", "proj"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = stderr_of(&out);
    assert!(
        err.contains("CONFLICT") && err.contains("README.md"),
        "{err}"
    );
    // No hint offers a way to throw the update away.
    for undo in ["--abort", "reset", "checkout", "restore", "stash"] {
        assert!(!err.contains(undo), "a hint suggests `{undo}`: {err}");
    }
    assert_eq!(git(&p, &["rev-parse", "pystart"]), pristine);

    // Running update during the merge names the way forward.
    let out = s.pystart(&["update", "proj"]).output().unwrap();
    let err = stderr_of(&out);
    assert!(err.contains("hint: finish that merge first"), "{err}");

    git(&p, &["merge", "--abort"]);
    assert_eq!(check_code(&s), Some(3), "check: still available");
    let out = s.pystart(&["update", "proj"]).output().unwrap();
    assert!(
        !stderr_of(&out).contains("nothing to do"),
        "{}",
        stderr_of(&out)
    );
    assert!(stderr_of(&out).contains("CONFLICT"), "{}", stderr_of(&out));

    // Resolved and committed by hand: the update is done, and both say so.
    fs::write(p.join("README.md"), "# proj, my title\n\nA new line.\n").unwrap();
    git(&p, &["add", "README.md"]);
    git(&p, &["commit", "-q", "--no-edit"]);
    assert!(git(&p, &["log", "-1", "--format=%s"]).starts_with("pystart update"));
    let out = s.pystart(&["update", "proj"]).output().unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert!(
        stderr_of(&out).contains("nothing to do"),
        "{}",
        stderr_of(&out)
    );
    assert_eq!(check_code(&s), Some(0));
    assert_ne!(git(&p, &["rev-parse", "pystart"]), pristine);
}

#[test]
fn signals_at_random_points_of_update_leave_it_done_or_not_begun() {
    let s = Sandbox::with_git_user("Learner", "learner@example.com");
    let p = project_with_pending_update(&s);
    let (head, pristine) = (
        git(&p, &["rev-parse", "HEAD"]),
        git(&p, &["rev-parse", "pystart"]),
    );
    let mut rng = Rng::new("update");
    let (mut done, mut untouched) = (0, 0);
    for i in 0..runs(12) {
        let (signal, name) = SIGNALS[i % SIGNALS.len()];
        let mut child = spawn(&s, &["update", "proj"]);
        let delay = Duration::from_millis(rng.below(300));
        let code = signal_after(&mut child, signal, delay);
        assert_eq!(
            git(&p, &["status", "--porcelain"]),
            "",
            "{name} after {delay:?}"
        );
        let now = git(&p, &["rev-parse", "HEAD"]);
        if now == head {
            untouched += 1;
            assert_ne!(code, Some(0));
            assert_eq!(git(&p, &["rev-parse", "pystart"]), pristine);
            assert!(!p.join("added.txt").exists());
            assert_eq!(check_code(&s), Some(3));
        } else {
            done += 1;
            assert!(p.join("added.txt").is_file());
            assert_eq!(check_code(&s), Some(0));
            // Back to before the update for the next round.
            git(&p, &["reset", "-q", "--hard", &head]);
            git(&p, &["branch", "-f", "pystart", &pristine]);
        }
    }
    eprintln!("update: {done} completed, {untouched} left untouched");
    let out = s.pystart(&["update", "proj"]).output().unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
}

// ---- hostile templates ----

/// A template `hostile` whose README.md.tera is `readme` (the other files from the fixture).
fn hostile(s: &Sandbox, readme: &str) -> String {
    let t = crate::common::fixture_template(s.path());
    let dir = s.join("hostile");
    fs::rename(&t, &dir).unwrap();
    let manifest = fs::read_to_string(dir.join("template.toml")).unwrap();
    fs::write(
        dir.join("template.toml"),
        manifest.replace("name = \"fixture_tpl\"", "name = \"hostile\""),
    )
    .unwrap();
    fs::write(dir.join("files/README.md.tera"), readme).unwrap();
    "./hostile".to_string()
}

/// `new` and `template check` with a hostile template: a clear error within `seconds`, never a
/// crash (a stack overflow aborts with 134), and nothing written.
fn refused(s: &Sandbox, template: &str, expect: &str, seconds: u64) {
    for args in [
        vec!["new", "--template", template, "out", "--yes"],
        vec!["template", "check", "--lint-only", template],
    ] {
        let started = Instant::now();
        let out = s
            .pystart(&args)
            .env("PYSTART_RENDER_TIMEOUT", "3")
            .output()
            .unwrap();
        let err = stderr_of(&out);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {err}");
        assert!(err.contains(expect), "{args:?}: {err}");
        assert!(
            started.elapsed() < Duration::from_secs(seconds),
            "{args:?} took {:?}",
            started.elapsed()
        );
        assert!(!s.join("out").exists());
    }
}

#[test]
fn include_cycles_and_recursive_macros_are_refused_with_the_file_named() {
    let s = Sandbox::new();
    let t = hostile(&s, "{% include \"hostile/files/README.md.tera\" %}");
    refused(
        &s,
        &t,
        "`hostile/files/README.md.tera`: includes or calls itself: hostile/files/README.md.tera → hostile/files/README.md.tera",
        10,
    );
    write(
        &s.join("hostile"),
        "files/a.txt.tera",
        "{% include \"hostile/files/b.txt.tera\" %}",
    );
    write(
        &s.join("hostile"),
        "files/b.txt.tera",
        "{% include \"hostile/files/a.txt.tera\" %}",
    );
    fs::write(s.join("hostile/files/README.md.tera"), "# ok\n").unwrap();
    refused(&s, &t, "includes or calls itself", 10);
    fs::remove_file(s.join("hostile/files/a.txt.tera")).unwrap();
    fs::remove_file(s.join("hostile/files/b.txt.tera")).unwrap();
    fs::write(
        s.join("hostile/files/README.md.tera"),
        "{% macro down(n) %}{{ self::down(n=n - 1) }}{% endmacro down %}{{ self::down(n=5) }}",
    )
    .unwrap();
    refused(
        &s,
        &t,
        "hostile/files/README.md.tera::down → hostile/files/README.md.tera::down",
        10,
    );
}

#[test]
fn huge_ranges_long_loops_and_huge_output_stop_with_an_error_naming_the_file() {
    let s = Sandbox::new();
    let t = hostile(&s, "{% for i in range(end=100000000000) %}x{% endfor %}");
    let out = s
        .pystart(&["new", "--template", &t, "out", "--yes"])
        .output()
        .unwrap();
    let err = stderr_of(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("hostile/files/README.md.tera")
            && err.contains("range would make 100000000000 numbers (at most 10000)"),
        "{err}"
    );

    // Loops that write nothing: stopped by the time limit.
    fs::write(
        s.join("hostile/files/README.md.tera"),
        "{%- for a in range(end=10000) -%}{%- for b in range(end=10000) -%}{%- for c in range(end=10000) -%}{%- endfor -%}{%- endfor -%}{%- endfor -%}",
    )
    .unwrap();
    let started = Instant::now();
    let out = s
        .pystart(&["new", "--template", &t, "out", "--yes"])
        .env("PYSTART_RENDER_TIMEOUT", "2")
        .output()
        .unwrap();
    let err = stderr_of(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("rendering `hostile/files/README.md.tera` took longer than 2 s"),
        "{err}"
    );
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "{:?}",
        started.elapsed()
    );

    // Output without end: stopped at the size limit.
    fs::write(
        s.join("hostile/files/README.md.tera"),
        "{% for a in range(end=10000) %}{% for b in range(end=10000) %}0123456789abcdef{% endfor %}{% endfor %}",
    )
    .unwrap();
    let out = s
        .pystart(&["new", "--template", &t, "out", "--yes"])
        .output()
        .unwrap();
    let err = stderr_of(&out);
    assert!(
        err.contains("`hostile/files/README.md.tera` rendered to more than 16 MB"),
        "{err}"
    );
    assert!(!s.join("out").exists());
}

#[test]
fn fifos_and_sockets_in_a_template_are_refused_not_read() {
    let s = Sandbox::new();
    let t = hostile(&s, "# fine\n");
    let fifo = s.join("hostile/files/pipe");
    let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
    // SAFETY: mkfifo with a valid C string.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0);
    refused(
        &s,
        &t,
        "is not a regular file (a FIFO, a socket or a device)",
        10,
    );
    fs::remove_file(&fifo).unwrap();
    let _socket = std::os::unix::net::UnixListener::bind(s.join("hostile/files/sock")).unwrap();
    refused(&s, &t, "hostile/files/sock", 10);
}

#[test]
fn a_custom_templates_code_runs_only_with_trust() {
    let s = Sandbox::new();
    let t = hostile(&s, "# fine\n");
    for args in [
        vec!["new", "--template", &t, "proj", "--yes", "--setup"],
        vec!["verify", &t],
        vec!["template", "check", &t],
    ] {
        let out = s.pystart(&args).output().unwrap();
        let err = stderr_of(&out);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {err}");
        assert!(
            err.contains("error: template `hostile` (")
                && err.contains("is not one of pystart's; running its code (install, tests, demo) runs whatever its author wrote"),
            "{args:?}: {err}"
        );
        assert!(
            err.contains("hint: read the template first; if you trust it, run again with --trust"),
            "{err}"
        );
        assert!(!s.join("proj").exists());
    }
    // Rendering alone runs nothing of the template's: no question.
    let out = s
        .pystart(&["new", "--template", &t, "proj", "--yes"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    // pystart's own templates are trusted.
    let out = s
        .pystart(&["verify", "titanic", "--python", "/nonexistent/python3"])
        .output()
        .unwrap();
    assert!(!stderr_of(&out).contains("--trust"), "{}", stderr_of(&out));
}

// ---- defaults from the environment ----

#[test]
fn defaults_from_the_environment_are_checked_like_set_values_and_replay() {
    let s = Sandbox::with_git_user("Git User", "git@example.com");
    fs::create_dir_all(s.home().join(".config/pystart")).unwrap();
    fs::write(
        s.home().join(".config/pystart/config.toml"),
        "[defaults]\nemail = \"not an email\"\n",
    )
    .unwrap();
    let out = s
        .pystart(&["new", "titanic", "proj", "--yes"])
        .env("PYSTART_AUTHOR", "Smith, John\u{7}")
        .output()
        .unwrap();
    let err = stderr_of(&out);
    assert!(out.status.success(), "{err}");
    assert!(
        err.contains("note: PYSTART_AUTHOR: `Smith, John\\u{7}` became `Smith John`"),
        "{err}"
    );
    assert!(
        err.contains("`defaults.email`") && err.contains("not used as the email"),
        "{err}"
    );
    let answers = fs::read_to_string(s.join("proj/.pystart.toml")).unwrap();
    assert!(answers.contains("author = \"Smith John\""), "{answers}");
    assert!(answers.contains("email = \"git@example.com\""), "{answers}");
    assert!(
        !answers.chars().any(|c| c.is_control() && c != '\n'),
        "{answers:?}"
    );
    // The recorded answers replay, and update takes them as they are.
    let out = s
        .pystart(&["new", "--answers", "proj/.pystart.toml", "again"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let out = s.pystart(&["update", "proj"]).output().unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    // A --set value wins and the note about the default is not shown.
    let out = s
        .pystart(&["new", "titanic", "third", "--yes", "--set", "author=Ada"])
        .env("PYSTART_AUTHOR", "Smith, John")
        .output()
        .unwrap();
    assert!(
        !stderr_of(&out).contains("PYSTART_AUTHOR"),
        "{}",
        stderr_of(&out)
    );
}

// ---- credentials ----

/// A static HTTP server on 127.0.0.1 serving `root` (git's "dumb" protocol), stopped on drop.
struct HttpServer {
    child: Child,
    port: u16,
}

impl HttpServer {
    fn start(root: &Path) -> Self {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let child = Command::new("python3")
            .args(["-m", "http.server", "--bind", "127.0.0.1"])
            .arg(port.to_string())
            .current_dir(root)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let deadline = Instant::now() + Duration::from_secs(20);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "the HTTP server did not start");
            std::thread::sleep(Duration::from_millis(50));
        }
        HttpServer { child, port }
    }
}

impl Drop for HttpServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Every file below `dir` whose bytes contain `needle`.
fn files_containing(dir: &Path, needle: &str) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in fs::read_dir(&d).into_iter().flatten().flatten() {
            let p = e.path();
            if e.file_type().unwrap().is_dir() {
                stack.push(p);
            } else if let Ok(bytes) = fs::read(&p)
                && bytes.windows(needle.len()).any(|w| w == needle.as_bytes())
            {
                found.push(p);
            }
        }
    }
    found
}

#[test]
fn a_password_in_a_template_url_is_never_written_or_shown() {
    const SECRET: &str = "s3cret-t0ken";
    let s = Sandbox::with_git_user("Teacher", "teacher@example.com");
    let t = crate::common::fixture_template(s.path());
    git(&t, &["init", "-q", "-b", "main"]);
    git(&t, &["add", "-A"]);
    git(&t, &["commit", "-qm", "template"]);
    fs::create_dir(s.join("srv")).unwrap();
    git(
        &s.join("srv"),
        &["clone", "-q", "--bare", t.to_str().unwrap(), "t.git"],
    );
    git(&s.join("srv/t.git"), &["update-server-info"]);
    let server = HttpServer::start(&s.join("srv"));
    let url = format!("http://ada:{SECRET}@127.0.0.1:{}/t.git", server.port);
    let cache = s.join("cache");

    let run = |args: &[&str]| {
        let out = s
            .pystart(args)
            .env("PYSTART_CACHE_DIR", &cache)
            .output()
            .unwrap();
        for text in [stderr_of(&out), crate::common::stdout_of(&out)] {
            assert!(
                !text.contains(SECRET),
                "{args:?} printed the password: {text}"
            );
        }
        out
    };
    let out = run(&["new", "--template", &url, "proj", "--yes"]);
    assert!(out.status.success(), "{}", stderr_of(&out));
    let answers = fs::read_to_string(s.join("proj/.pystart.toml")).unwrap();
    assert!(
        answers.contains(&format!(
            "location = \"http://127.0.0.1:{}/t.git\"",
            server.port
        )),
        "{answers}"
    );

    // A repository that is not there: git's own line, the URL with *** for the password.
    let missing = format!("http://ada:{SECRET}@127.0.0.1:{}/nope.git", server.port);
    let out = run(&["new", "--template", &missing, "other", "--yes"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr_of(&out);
    assert!(err.contains("http://***@127.0.0.1"), "{err}");
    assert!(err.contains("fatal:"), "{err}");

    // batch records the assignment, and a failed push is reported, without it.
    fs::write(s.join("r.csv"), "id,name\na1,Ada\n").unwrap();
    let push = format!("http://ada:{SECRET}@127.0.0.1:{}/{{id}}.git", server.port);
    let out = run(&[
        "batch", &url, "--roster", "r.csv", "--out", "course", "--push", &push, "--json",
    ]);
    assert!(
        crate::common::stdout_of(&out).contains("\"push\": \"failed"),
        "{}",
        crate::common::stdout_of(&out)
    );

    // The cached clone needs no password again: git's credential helpers are the place for it.
    let out = run(&["update", "proj"]);
    assert!(out.status.success(), "{}", stderr_of(&out));

    for dir in [s.join("proj"), s.join("course"), cache.clone()] {
        let leaks = files_containing(&dir, SECRET);
        assert!(leaks.is_empty(), "the password was written to {leaks:?}");
    }
}

// ---- the cache ----

#[test]
fn the_cache_is_listed_and_cleaned_but_never_under_a_running_command() {
    use std::os::unix::io::AsRawFd;
    let s = Sandbox::new();
    let cache = s.join("cache");
    fs::create_dir_all(cache.join("envs/0123abcd/lib")).unwrap();
    fs::write(cache.join("envs/0123abcd/lib/big"), vec![0u8; 4096]).unwrap();
    fs::create_dir_all(cache.join("uv/archive-v0")).unwrap();
    fs::write(cache.join("uv/archive-v0/pkg.py"), "x = 1\n").unwrap();
    // A running verify holds uv's cache shared, as every command using it does.
    let lock = fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(cache.join("uv.lock"))
        .unwrap();
    // SAFETY: flock on a file we opened.
    assert_eq!(unsafe { libc::flock(lock.as_raw_fd(), libc::LOCK_SH) }, 0);
    let run = |args: &[&str]| {
        s.pystart(args)
            .env("PYSTART_CACHE_DIR", &cache)
            .output()
            .unwrap()
    };
    let out = run(&["cache", "list", "--json"]);
    assert!(out.status.success(), "{}", stderr_of(&out));
    let list: serde_json::Value = serde_json::from_str(&crate::common::stdout_of(&out)).unwrap();
    let entry = |name: &str| {
        list["entries"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["name"] == name)
            .unwrap_or_else(|| panic!("{name} in {list}"))
            .clone()
    };
    assert_eq!(entry("envs")["retired"], true);
    assert!(entry("envs")["bytes"].as_u64().unwrap() >= 4096);
    assert_eq!(entry("uv")["in_use"], true);

    let out = run(&["cache", "clean", "--older-than", "1d"]);
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert!(
        cache.join("envs").exists(),
        "used today: not older than a day"
    );
    let out = run(&["cache", "clean"]);
    let err = stderr_of(&out);
    assert!(out.status.success(), "{err}");
    assert!(
        err.contains("kept uv: another pystart is using it"),
        "{err}"
    );
    assert!(err.contains("removed envs"), "{err}");
    assert!(!cache.join("envs").exists());
    assert!(
        cache.join("uv/archive-v0/pkg.py").exists(),
        "an entry in use was removed"
    );
    drop(lock);
    let out = run(&["cache", "clean"]);
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert!(!cache.join("uv").exists());
}

#[test]
fn a_broken_uv_in_the_cache_is_installed_again_and_said_so() {
    if std::env::var_os("PYSTART_SKIP_VERIFY").is_some_and(|v| v != "0") {
        eprintln!("skipped: PYSTART_SKIP_VERIFY is set (this test installs packages)");
        return;
    }
    let s = Sandbox::new();
    let t = crate::common::fixture_template(s.path());
    let cache = s.join("cache");
    // A copy left half-written: it does not run.
    fs::create_dir_all(cache.join("tools/uv/bin")).unwrap();
    fs::write(cache.join("tools/uv/bin/uv"), "").unwrap();
    // No uv but the cache's: PATH without any uv, no PYSTART_UV.
    let path: Vec<std::path::PathBuf> = std::env::split_paths(&std::env::var_os("PATH").unwrap())
        .filter(|d| !d.join("uv").exists())
        .collect();
    let out = s
        .pystart(&[
            "verify",
            "--trust",
            t.to_str().unwrap(),
            "--variant",
            "default",
            "--json",
        ])
        .env("PYSTART_CACHE_DIR", &cache)
        .env("PATH", std::env::join_paths(&path).unwrap())
        .env_remove("PYSTART_UV")
        .timeout(Duration::from_secs(900))
        .output()
        .unwrap();
    let err = stderr_of(&out);
    assert!(out.status.success(), "{err}");
    assert!(
        err.contains("no uv on PATH: installing it into pystart's cache"),
        "{err}"
    );
    assert!(
        err.contains("rebuilt: the cached copy did not run"),
        "{err}"
    );
    let report: serde_json::Value = serde_json::from_str(&crate::common::stdout_of(&out)).unwrap();
    assert_eq!(report["installer"], "uv");
    // The next run uses that copy as it is.
    let out = s
        .pystart(&["doctor", "--json"])
        .env("PYSTART_CACHE_DIR", &cache)
        .env("PATH", std::env::join_paths(path).unwrap())
        .env_remove("PYSTART_UV")
        .output()
        .unwrap();
    let text = crate::common::stdout_of(&out);
    assert!(text.contains("pystart's cached copy"), "{text}");
}
