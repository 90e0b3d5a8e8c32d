//! `pystart grade` against students who cheat, break out or hang: each is scored as if the
//! cheat were not there, contained, and reported. The assignment is a small custom template
//! (points, an exercise, a hidden test) so the whole class grades in under a minute.

use crate::common::{
    Sandbox, commit, copy_dir, fixture_pyproject, git, skip_slow, stderr_of, stdout_of, test_cache,
    write,
};
use serde_json::Value;
use std::fs;
use std::path::{Path, PathBuf};

/// A template with 3 + 1 points of base tests, a 1-point exercise and a 1-point hidden test.
fn assignment_template(root: &Path) -> PathBuf {
    let t = root.join("calc_tpl");
    write(
        &t,
        "template.toml",
        r#"name = "calc_tpl"
category = "data"
python = ">=3.10"
test = ["python", "-m", "pytest", "-q"]

[summary]
zh = "评分测试用模板"
en = "A template for testing grade"

[grading]
default_points = 1
points = { "tests/test_calc.py::test_double" = 3 }
hidden = ["tests/test_hidden.py"]
"#,
    );
    write(
        &t,
        "files/README.md.tera",
        "# {{ project_name }}\n\nDouble and triple numbers.\n\n<!-- >>> TEACHER -->\nTeachers: triple is the exercise; its solution is marked.\n<!-- <<< TEACHER -->\n",
    );
    write(
        &t,
        "files/pyproject.toml.tera",
        &fixture_pyproject("testpaths = [\"tests\"]\nmarkers = [\"stretch: an exercise\"]"),
    );
    write(
        &t,
        "files/src/{{package}}/__init__.py",
        "def double(x):\n    return 2 * x\n\n\ndef triple(x):\n    # >>> SOLUTION\n    return 3 * x\n    # <<< SOLUTION\n    # >>> STUB\n    # raise NotImplementedError(\"exercise: triple\")\n    # <<< STUB\n",
    );
    write(
        &t,
        "files/tests/conftest.py",
        r#"import pytest


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if (
        call.when == "call"
        and call.excinfo is not None
        and call.excinfo.errisinstance(NotImplementedError)
        and item.get_closest_marker("stretch") is not None
    ):
        report.outcome = "skipped"
        report.wasxfail = "exercise not done yet"
"#,
    );
    write(
        &t,
        "files/tests/test_calc.py.tera",
        r#"import pytest

from {{ package }} import double, triple


def test_double():
    assert double(21) == 42


def test_double_negative():
    assert double(-2) == -4


@pytest.mark.stretch
def test_triple():
    assert triple(3) == 9
"#,
    );
    write(
        &t,
        "files/tests/test_hidden.py.tera",
        "from {{ package }} import double\n\n\ndef test_double_large():\n    assert double(10**6) == 2 * 10**6\n",
    );
    t
}

/// `course/`: one repository per student of `roster`, made by `batch` from the assignment.
fn make_course(s: &Sandbox, roster: &str) -> PathBuf {
    let t = assignment_template(s.path());
    fs::write(s.join("roster.csv"), roster).unwrap();
    let out = s
        .pystart(&[
            "batch",
            t.to_str().unwrap(),
            "--roster",
            "roster.csv",
            "--out",
            "course",
            "--set",
            "project_name=calc",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    s.join("course")
}

/// Commits everything in a student's repository, as the student.
fn set_code(repo: &Path, code: &str) {
    write(repo, "src/calc/__init__.py", code);
}

const SOLVED: &str = "def double(x):\n    return 2 * x\n\n\ndef triple(x):\n    return 3 * x\n";
const BROKEN: &str =
    "def double(x):\n    return 0\n\n\ndef triple(x):\n    raise NotImplementedError\n";

fn student<'a>(report: &'a Value, id: &str) -> &'a Value {
    report["students"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == id)
        .unwrap_or_else(|| panic!("no row for {id}: {report}"))
}

fn texts(v: &Value) -> Vec<String> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_str().unwrap().to_string())
        .collect()
}

/// Processes whose command line holds `marker`.
fn processes_with(marker: &str) -> usize {
    fs::read_dir("/proc")
        .map(|entries| {
            entries
                .flatten()
                .filter(|e| {
                    fs::read(e.path().join("cmdline"))
                        .is_ok_and(|c| String::from_utf8_lossy(&c).contains(marker))
                })
                .count()
        })
        .unwrap_or(0)
}

#[test]
fn cheats_are_scored_as_if_absent_contained_and_reported() {
    if skip_slow() {
        return;
    }
    let s = Sandbox::with_git_user("Teacher", "teacher@example.com");
    let ids = [
        "s01", "s02", "s03", "s04", "s05", "s06", "s07", "s08", "s09", "s10", "s11", "s12", "s13",
        "s14",
    ];
    let mut roster = String::from("学号,姓名\n");
    for id in ids {
        let name = if id == "s13" {
            "=HYPERLINK(\"http://evil.example\",\"x\")".to_string()
        } else {
            format!("Student {id}")
        };
        roster.push_str(&format!("{id},\"{}\"\n", name.replace('"', "\"\"")));
    }
    let course = make_course(&s, &roster);
    let repo = |id: &str| course.join(id);

    // Hidden tests never reach students; the teacher gets them beside the repositories.
    for id in ids {
        assert!(!repo(id).join("tests/test_hidden.py").exists(), "{id}");
        let listed = git(&repo(id), &["ls-files"]);
        assert!(!listed.contains("test_hidden"), "{listed}");
    }
    assert!(
        course
            .join(".pystart-batch/hidden/tests/test_hidden.py")
            .is_file()
    );

    // s01 solves the exercise; s02 hands in the starter untouched.
    set_code(&repo("s01"), SOLVED);
    commit(&repo("s01"), "solved");
    // s03 breaks the code and rewrites the tests to pass.
    set_code(&repo("s03"), BROKEN);
    write(
        &repo("s03"),
        "tests/test_calc.py",
        "def test_double():\n    assert True\n\n\ndef test_double_negative():\n    assert True\n",
    );
    commit(&repo("s03"), "all green");
    // s04 breaks the code and turns failures into passes with conftest hooks and a
    // sitecustomize of its own.
    set_code(&repo("s04"), BROKEN);
    let hook = "import pytest\n\n\n@pytest.hookimpl(hookwrapper=True)\ndef pytest_runtest_makereport(item, call):\n    outcome = yield\n    outcome.get_result().outcome = \"passed\"\n";
    write(&repo("s04"), "tests/conftest.py", hook);
    write(&repo("s04"), "conftest.py", hook);
    write(
        &repo("s04"),
        "src/sitecustomize.py",
        "import os\nos.environ['PYTEST_ADDOPTS'] = '--co'\n",
    );
    commit(&repo("s04"), "hooks");
    // s05 breaks the code, deselects the tests in pyproject.toml and reaches into pytest.
    set_code(
        &repo("s05"),
        &format!(
            "{BROKEN}\n\ndef _hook():\n    import _pytest.reports  # pytest_runtest_makereport\n"
        ),
    );
    let pyproject = fs::read_to_string(repo("s05").join("pyproject.toml")).unwrap();
    fs::write(
        repo("s05").join("pyproject.toml"),
        pyproject.replace(
            "testpaths = [\"tests\"]",
            "testpaths = [\"tests\"]\naddopts = \"-k 'not double and not triple'\"",
        ),
    )
    .unwrap();
    commit(&repo("s05"), "deselect");
    // s06 adds ten passing tests of its own.
    let mut extra = String::new();
    for i in 0..10 {
        extra.push_str(&format!("def test_free_{i}():\n    pass\n\n\n"));
    }
    write(&repo("s06"), "tests/test_extra.py", &extra);
    commit(&repo("s06"), "more tests");
    // s07 claims to be s01 in its records.
    let answers = fs::read_to_string(repo("s07").join(".pystart.toml")).unwrap();
    fs::write(
        repo("s07").join(".pystart.toml"),
        answers
            .replace("id = \"s07\"", "id = \"s01\"")
            .replace("Student s07", "Student s01"),
    )
    .unwrap();
    set_code(&repo("s07"), SOLVED);
    commit(&repo("s07"), "who am I");
    // s08 writes into the teacher's home and elsewhere outside its copy: its code is only
    // right when those writes fail.
    let outside = s.join("outside-pwned");
    set_code(
        &repo("s08"),
        &format!(
            "import sys\nfrom pathlib import Path\n\n\ndef _escape():\n    hit = False\n    shared = [str(Path(p) / 'pwned.py') for p in sys.path if 'site-packages' in p]\n    for p in [{home:?}, {outside:?}, *shared]:\n        try:\n            Path(p).write_text('pwned')\n            hit = True\n        except OSError:\n            pass\n    return hit\n\n\nESCAPED = _escape()\n\n\ndef double(x):\n    return 0 if ESCAPED else 2 * x\n\n\ndef triple(x):\n    return 3 * x\n",
            home = s.home().join("pwned").display().to_string(),
            outside = outside.display().to_string(),
        ),
    );
    commit(&repo("s08"), "escape");
    // s09 is only right when it cannot see the teacher's token.
    set_code(
        &repo("s09"),
        "import os\n\n\ndef double(x):\n    return 0 if 'GITEA_TOKEN' in os.environ or 'tok_' in str(os.environ) else 2 * x\n\n\ndef triple(x):\n    return 3 * x\n",
    );
    commit(&repo("s09"), "token");
    // s10 leaves a process running forever.
    set_code(
        &repo("s10"),
        "import subprocess\nimport sys\n\nsubprocess.Popen([sys.executable, '-c', 'import time\\nwhile True: time.sleep(0.2)', 'pystart-stray-marker'], start_new_session=True)\n\n\ndef double(x):\n    return 2 * x\n\n\ndef triple(x):\n    return 3 * x\n",
    );
    commit(&repo("s10"), "stray");
    // s11 points the build at a backend of its own that hangs, and adds a dependency.
    write(
        &repo("s11"),
        "hang.py",
        "import time\n\n\ndef build_editable(*a, **k):\n    time.sleep(3600)\n",
    );
    let pyproject = fs::read_to_string(repo("s11").join("pyproject.toml")).unwrap();
    fs::write(
        repo("s11").join("pyproject.toml"),
        pyproject
            .replace(
                "build-backend = \"hatchling.build\"",
                "build-backend = \"hang\"\nbackend-path = [\".\"]",
            )
            .replace(
                "requires-python = \">=3.10\"",
                "requires-python = \">=3.10\"\ndependencies = [\"requests-toolbelt>=1\"]",
            ),
    )
    .unwrap();
    set_code(&repo("s11"), SOLVED);
    commit(&repo("s11"), "backend");
    // s12 loops forever.
    set_code(
        &repo("s12"),
        "def double(x):\n    while True:\n        pass\n\n\ndef triple(x):\n    return 3 * x\n",
    );
    commit(&repo("s12"), "loop");
    // s13 (the formula in the roster) hands in the solution; s99 is on the roster only.
    set_code(&repo("s13"), SOLVED);
    commit(&repo("s13"), "solved");
    // s14 hands in code that does not even import.
    set_code(&repo("s14"), "def double(x)\n    return 2 * x\n");
    commit(&repo("s14"), "syntax error");
    roster.push_str("s99,Nobody\n");
    fs::write(s.join("roster.csv"), &roster).unwrap();

    let out = s
        .pystart(&[
            "grade",
            "course",
            "--roster",
            "roster.csv",
            "--timeout",
            "25",
            "--report",
            "grades.csv",
            "--html",
            "grades.html",
            "--json",
        ])
        .env("PYSTART_CACHE_DIR", test_cache())
        .env("GITEA_TOKEN", "tok_secret_123")
        .timeout(std::time::Duration::from_secs(900))
        .output()
        .unwrap();
    let err = stderr_of(&out);
    assert!(out.status.success(), "{err}");
    let report: Value = serde_json::from_str(&stdout_of(&out)).unwrap();
    let boxed = report["assignment"]["sandbox"] == "bwrap";
    if std::env::var_os("CI").is_some() {
        assert!(
            boxed,
            "CI installs bubblewrap: grading must be boxed\n{err}"
        );
    }
    assert_eq!(report["assignment"]["max_points"], 6, "{report}");
    assert_eq!(report["assignment"]["exercise_max"], 1);
    let points = |id: &str| student(&report, id)["points"].as_u64().unwrap();
    let status = |id: &str| student(&report, id)["status"].as_str().unwrap().to_string();
    for id in ids.iter().chain(&["s99"]) {
        assert_eq!(student(&report, id)["max_points"], 6, "{id}");
    }
    assert_eq!(points("s01"), 6);
    let s02 = &student(&report, "s02")["result"];
    assert_eq!(
        (s02["base_points"].as_u64(), s02["base_max"].as_u64()),
        (Some(5), Some(5))
    );
    assert_eq!(
        (
            s02["exercise_points"].as_u64(),
            s02["exercise_max"].as_u64()
        ),
        (Some(0), Some(1))
    );
    for id in ["s03", "s04", "s05"] {
        assert_eq!(points(id), 0, "{id}: {}", student(&report, id));
    }
    let restored = |id: &str| texts(&student(&report, id)["restored"]);
    let ignored = |id: &str| texts(&student(&report, id)["ignored"]);
    assert_eq!(restored("s03"), ["tests/test_calc.py (modified, restored)"]);
    assert!(restored("s04").contains(&"tests/conftest.py (modified, restored)".to_string()));
    assert!(ignored("s04").contains(&"conftest.py (added, ignored)".to_string()));
    assert!(ignored("s04").contains(&"src/sitecustomize.py (startup hook, ignored)".to_string()));
    assert_eq!(restored("s05"), ["pyproject.toml (modified, restored)"]);
    assert!(texts(&student(&report, "s05")["flags"])[0].contains("reaches into pytest"));
    assert_eq!(points("s06"), 5);
    assert_eq!(ignored("s06"), ["tests/test_extra.py (added, ignored)"]);
    assert_eq!(points("s07"), 6);
    assert_eq!(student(&report, "s07")["name"], "Student s07");
    assert_eq!(restored("s07"), [".pystart.toml (modified, restored)"]);
    assert_eq!(points("s09"), 6, "the token reached student code");
    assert_eq!(points("s10"), 6);
    assert_eq!(points("s11"), 6, "{}", student(&report, "s11"));
    assert_eq!(
        texts(&student(&report, "s11")["extra_dependencies"]),
        ["requests-toolbelt>=1"]
    );
    assert!(ignored("s11").contains(&"hang.py (added, ignored)".to_string()));
    assert_eq!(status("s12"), "timeout");
    assert_eq!(points("s12"), 0);
    assert!(
        student(&report, "s12")["reason"]
            .as_str()
            .unwrap()
            .contains("25 s")
    );
    let log = student(&report, "s12")["log"].as_str().unwrap();
    assert!(s.join(log).is_file(), "{log}");
    let kept = fs::read_to_string(s.join(log)).unwrap();
    assert!(kept.contains("== tests"), "{kept}");
    assert_eq!(points("s13"), 6);
    assert_eq!(points("s14"), 0);
    assert_eq!(student(&report, "s14")["max_points"], 6);
    let flags = texts(&student(&report, "s14")["flags"]);
    assert!(
        flags.iter().any(|f| f.contains("4 test(s) not collected")),
        "{flags:?}"
    );
    assert_eq!(status("s99"), "no submission");
    assert_eq!(points("s99"), 0);

    // Nothing outlives grade, and no secret is written anywhere.
    assert_eq!(processes_with("pystart-stray-marker"), 0);
    let csv = fs::read_to_string(s.join("grades.csv")).unwrap();
    assert!(csv.contains("'=HYPERLINK"), "{csv}");
    assert!(!csv.contains(",=HYPERLINK") && !csv.contains("\"=HYPERLINK"));
    let html = fs::read_to_string(s.join("grades.html")).unwrap();
    assert!(html.contains("<svg") && html.contains("Student s01"));
    for text in [&csv, &html, &stdout_of(&out), &err] {
        assert!(!text.contains("tok_secret_123"));
    }
    for entry in fs::read_dir(course.join(".pystart-batch/logs")).unwrap() {
        let text = fs::read_to_string(entry.unwrap().path()).unwrap_or_default();
        assert!(!text.contains("tok_secret_123"));
    }
    if boxed {
        assert_eq!(points("s08"), 6, "{}", student(&report, "s08"));
        assert!(!s.home().join("pwned").exists());
        assert!(!outside.exists());
    }

    // The grading workflow scores the same: its grade.py on a test run of s01 as CI does it
    // (hidden tests copied in from the teacher's folder).
    let Some(uv) = std::env::var_os("PYSTART_UV")
        .map(PathBuf::from)
        .or_else(|| which::which("uv").ok())
    else {
        eprintln!("no uv (PYSTART_UV or PATH): the workflow's scoring is not compared");
        return;
    };
    let ci = s.join("ci-s01");
    git(
        s.path(),
        &[
            "clone",
            "-q",
            repo("s01").to_str().unwrap(),
            ci.to_str().unwrap(),
        ],
    );
    copy_dir(&course.join(".pystart-batch/hidden"), &ci);
    // The workflow's install: the project with its dev extra in a new environment.
    let uv_run = |args: &[&str]| {
        let out = std::process::Command::new(&uv)
            .args(args)
            .current_dir(&ci)
            .env("UV_CACHE_DIR", test_cache().join("uv"))
            .env_remove("VIRTUAL_ENV")
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    uv_run(&["venv", "-q", ".venv"]);
    uv_run(&[
        "pip",
        "install",
        "-q",
        "--python",
        ".venv/bin/python",
        "-e",
        ".[dev]",
    ]);
    let python = ci.join(".venv/bin/python");
    let run = std::process::Command::new(&python)
        .args([
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "-p",
            "pystart_grading",
            "-o",
            "junit_family=xunit1",
            "--junitxml=grade-junit.xml",
        ])
        .current_dir(&ci)
        .env(
            "PYTHONPATH",
            format!(".github:{}", ci.join("src").display()),
        )
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stdout)
    );
    let graded = std::process::Command::new(&python)
        .args([
            ".github/grade.py",
            "grade-junit.xml",
            ".github/grading.json",
        ])
        .current_dir(&ci)
        .output()
        .unwrap();
    let ci_grade: Value = serde_json::from_slice(&graded.stdout).unwrap();
    assert_eq!(ci_grade["points"], 6);
    assert_eq!(ci_grade["max_points"], report["assignment"]["max_points"]);
    assert_eq!(ci_grade["exercise_points"], 1);
}

#[test]
fn without_a_sandbox_limits_and_cleanup_still_hold_and_a_warning_says_what_is_missing() {
    if skip_slow() {
        return;
    }
    let s = Sandbox::with_git_user("Teacher", "teacher@example.com");
    let course = make_course(&s, "id,name\na,A\nb,B\nc,C\nd,D\n");
    set_code(
        &course.join("a"),
        "import subprocess\nimport sys\n\nsubprocess.Popen([sys.executable, '-c', 'import time\\nwhile True: time.sleep(0.2)', 'pystart-unboxed-marker'], start_new_session=True)\n\n\ndef double(x):\n    return 2 * x\n\n\ndef triple(x):\n    return 3 * x\n",
    );
    commit(&course.join("a"), "stray");
    set_code(
        &course.join("b"),
        "import os\n\n\ndef double(x):\n    return 0 if 'GITEA_TOKEN' in os.environ else 2 * x\n\n\ndef triple(x):\n    return 3 * x\n",
    );
    commit(&course.join("b"), "token");
    set_code(
        &course.join("c"),
        "def double(x):\n    while True:\n        pass\n\n\ndef triple(x):\n    return 3 * x\n",
    );
    commit(&course.join("c"), "loop");
    set_code(
        &course.join("d"),
        &format!(
            "import sys\nfrom pathlib import Path\n\nfor p in sys.path:\n    if 'site-packages' in p and Path(p).is_dir():\n        for f in Path(p).rglob('*.py'):\n            f.write_text('raise SystemExit(\"pwned\")')\n            break\n        (Path(p) / 'pwned.py').write_text('')\n\n\n{SOLVED}"
        ),
    );
    commit(&course.join("d"), "tamper");
    // A cache of its own: `d` writes into its environment, which must not reach it.
    let unboxed_cache = test_cache().join("unboxed");
    let out = s
        .pystart(&[
            "grade",
            "course",
            "--sandbox",
            "none",
            "--timeout",
            "20",
            "--json",
        ])
        .env("PYSTART_CACHE_DIR", &unboxed_cache)
        .env("GITEA_TOKEN", "tok_secret_123")
        .timeout(std::time::Duration::from_secs(600))
        .output()
        .unwrap();
    let err = stderr_of(&out);
    assert!(out.status.success(), "{err}");
    assert!(
        err.contains("warning: student code runs without a sandbox (--sandbox none)"),
        "{err}"
    );
    assert!(
        err.contains("not isolated") && err.contains("grading workflow"),
        "{err}"
    );
    let report: Value = serde_json::from_str(&stdout_of(&out)).unwrap();
    assert_eq!(report["assignment"]["sandbox"], "none");
    assert_eq!(student(&report, "a")["points"], 6);
    assert_eq!(
        student(&report, "b")["points"],
        6,
        "the token reached student code"
    );
    assert_eq!(student(&report, "c")["status"], "timeout");
    assert_eq!(processes_with("pystart-unboxed-marker"), 0);
    // Unboxed, each environment holds copies: what `d` wrote into its own changed nothing in
    // the package cache every student's install comes from.
    assert_eq!(
        student(&report, "d")["points"],
        6,
        "{}",
        student(&report, "d")
    );
    let mut stack = vec![unboxed_cache.join("uv")];
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(&dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if entry.file_type().is_ok_and(|t| t.is_dir()) {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "py") {
                let text = fs::read_to_string(&path).unwrap_or_default();
                assert!(!text.contains("pwned"), "{path:?} was changed");
                assert_ne!(path.file_name().unwrap(), "pwned.py");
            }
        }
    }

    // Asking for bubblewrap where it cannot run is an error, not a silent fallback.
    let python = std::process::Command::new("python3")
        .args(["-c", "import sys; print(sys.executable)"])
        .output()
        .unwrap();
    let python = String::from_utf8_lossy(&python.stdout).trim().to_string();
    let out = s
        .pystart(&["grade", "course", "--sandbox", "bwrap", "--python", &python])
        .env("PYSTART_CACHE_DIR", test_cache())
        .env("PATH", "/nonexistent")
        .output()
        .unwrap();
    let err = stderr_of(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("error: --sandbox bwrap was asked for, but bubblewrap (bwrap) is not on PATH"),
        "{err}"
    );
    assert!(err.contains("hint: install bubblewrap"), "{err}");
}

/// The steps of the generated grading workflow, by name (unnamed steps by their `uses`).
fn workflow_steps(repo: &Path) -> Vec<yaml_rust2::Yaml> {
    let text = fs::read_to_string(repo.join(".github/workflows/grade.yml")).unwrap();
    let docs = yaml_rust2::YamlLoader::load_from_str(&text).unwrap();
    docs[0]["jobs"]["grade"]["steps"].as_vec().unwrap().clone()
}

/// Runs a workflow step's script with bash in `dir`, with `env` and `GITHUB_OUTPUT` set; its
/// outputs.
fn run_step(step: &yaml_rust2::Yaml, dir: &Path, env: &[(&str, &str)]) -> String {
    let output = dir.join("github-output.txt");
    let _ = fs::remove_file(&output);
    let run = std::process::Command::new("bash")
        .args(["-e", "-c", step["run"].as_str().unwrap()])
        .current_dir(dir)
        .env("GITHUB_OUTPUT", &output)
        .envs(env.iter().copied())
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    fs::read_to_string(&output).unwrap_or_default()
}

#[cfg(unix)]
#[test]
fn the_grading_workflow_fits_gitea_and_github_and_writes_a_summary() {
    let s = Sandbox::with_git_user("Teacher", "teacher@example.com");
    let course = make_course(&s, "id,name\na,A\n");
    let repo = course.join("a");
    let steps = workflow_steps(&repo);
    let named = |name: &str| {
        steps
            .iter()
            .find(|st| st["name"].as_str() == Some(name))
            .unwrap_or_else(|| panic!("no step {name}"))
            .clone()
    };
    let uses = |needle: &str| -> Vec<yaml_rust2::Yaml> {
        steps
            .iter()
            .filter(|st| st["uses"].as_str().is_some_and(|u| u.contains(needle)))
            .cloned()
            .collect()
    };
    // Gitea's runners are told apart, and get the artifact action they serve.
    for (gitea, expected) in [
        ("true", "actions/upload-artifact@v3"),
        ("", "actions/upload-artifact@v4"),
    ] {
        let out = run_step(
            &named("Where this runs"),
            &repo,
            &[("GITEA_ACTIONS", gitea)],
        );
        let value = if gitea.is_empty() { "false" } else { "true" };
        assert!(out.contains(&format!("gitea={value}")), "{out}");
        let chosen: Vec<String> = uses("upload-artifact")
            .iter()
            .filter(|st| {
                let cond = st["if"].as_str().unwrap();
                if cond.contains("!=") {
                    value != "true"
                } else {
                    value == "true"
                }
            })
            .map(|st| st["uses"].as_str().unwrap().to_string())
            .collect();
        assert_eq!(chosen, [expected]);
    }
    // The runner's own Python is used when it is new enough; setup-python only otherwise.
    let out = run_step(&named("Where this runs"), &repo, &[]);
    assert!(out.contains("python=true"), "{out}");
    let setup = uses("setup-python");
    assert_eq!(setup.len(), 1);
    assert_eq!(
        setup[0]["if"].as_str(),
        Some("steps.runner.outputs.python != 'true'")
    );

    // The Grade step prints grade.json and writes a Markdown summary for the job page.
    std::os::unix::fs::symlink(
        std::process::Command::new("python3")
            .args(["-c", "import sys; print(sys.executable)"])
            .output()
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
            .unwrap(),
        {
            fs::create_dir_all(repo.join(".venv/bin")).unwrap();
            repo.join(".venv/bin/python")
        },
    )
    .unwrap();
    fs::write(
        repo.join("grade-junit.xml"),
        r#"<?xml version="1.0" encoding="utf-8"?><testsuites><testsuite name="pytest">
<testcase classname="tests.test_calc" name="test_double"/>
<testcase classname="tests.test_calc" name="test_double_negative"><failure message="x"/></testcase>
<testcase classname="tests.test_calc" name="test_triple"><properties><property name="pystart_exercise" value="1"/></properties><skipped type="pytest.xfail" message="not done"/></testcase>
</testsuite></testsuites>"#,
    )
    .unwrap();
    let summary = repo.join("summary.md");
    run_step(
        &named("Grade"),
        &repo,
        &[("GITHUB_STEP_SUMMARY", summary.to_str().unwrap())],
    );
    let grade: Value =
        serde_json::from_str(&fs::read_to_string(repo.join("grade.json")).unwrap()).unwrap();
    assert_eq!(grade["points"], 3);
    assert_eq!(grade["max_points"], 5);
    assert_eq!(grade["exercise_max"], 1);
    let md = fs::read_to_string(&summary).unwrap();
    assert!(md.starts_with("## Grade: 3 / 5 points"), "{md}");
    assert!(
        md.contains("| `tests/test_calc.py::test_triple` | xfail | 0/1 |"),
        "{md}"
    );
}

#[test]
fn a_second_grading_reuses_the_reference_run_until_the_template_changes() {
    if skip_slow() {
        return;
    }
    let s = Sandbox::with_git_user("Teacher", "teacher@example.com");
    let course = make_course(&s, "id,name\na,A\n");
    set_code(&course.join("a"), SOLVED);
    commit(&course.join("a"), "solved");
    let grade = || {
        let out = s
            .pystart(&["grade", "course", "--json"])
            .env("PYSTART_CACHE_DIR", test_cache())
            .timeout(std::time::Duration::from_secs(300))
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", stderr_of(&out));
        let report: Value = serde_json::from_str(&stdout_of(&out)).unwrap();
        (stderr_of(&out), report)
    };
    let (first, r1) = grade();
    assert!(
        first.contains("running the teacher's solution first"),
        "{first}"
    );
    let (second, r2) = grade();
    assert!(
        !second.contains("running the teacher's solution first"),
        "{second}"
    );
    assert_eq!(r1["assignment"]["tests"], r2["assignment"]["tests"]);
    assert_eq!(student(&r2, "a")["points"], 6);
    // The teacher adds a hidden test: the test set is made again.
    write(
        &s.join("calc_tpl"),
        "files/tests/test_hidden.py.tera",
        "from {{ package }} import double\n\n\ndef test_double_large():\n    assert double(10**6) == 2 * 10**6\n\n\ndef test_double_zero():\n    assert double(0) == 0\n",
    );
    let (third, r3) = grade();
    assert!(
        third.contains("running the teacher's solution first"),
        "{third}"
    );
    assert_eq!(r3["assignment"]["max_points"], 7);
    assert_eq!(student(&r3, "a")["points"], 7);
}

const OWN_WORK: &str = r#"
def summarise(rows):
    """Count, mean and spread of the numbers in rows."""
    values = [float(r) for r in rows if r is not None]
    if not values:
        return {"count": 0, "mean": None, "spread": None}
    mean = sum(values) / len(values)
    spread = (sum((v - mean) ** 2 for v in values) / len(values)) ** 0.5
    return {"count": len(values), "mean": mean, "spread": spread}


def histogram(values, bins):
    low, high = min(values), max(values)
    width = (high - low) / bins or 1.0
    counts = [0] * bins
    for v in values:
        index = min(int((v - low) / width), bins - 1)
        counts[index] += 1
    return counts
"#;

/// `OWN_WORK` with other names, other messages and the functions the other way round.
const COPIED: &str = r#"
def bucket_counts(xs, n):
    lo, hi = min(xs), max(xs)
    step = (hi - lo) / n or 1.0
    tally = [0] * n
    for x in xs:
        k = min(int((x - lo) / step), n - 1)
        tally[k] += 1
    return tally


def describe(data):
    # my own statistics helper
    nums = [float(d) for d in data if d is not None]
    if not nums:
        return {"n": 0, "avg": None, "sd": None}
    avg = sum(nums) / len(nums)
    sd = (sum((x - avg) ** 2 for x in nums) / len(nums)) ** 0.5
    return {"n": len(nums), "avg": avg, "sd": sd}
"#;

const INDEPENDENT_WORK: &str = r#"
import statistics


def summarise(rows):
    clean = list(map(float, filter(lambda r: r is not None, rows)))
    return {
        "count": len(clean),
        "mean": statistics.fmean(clean) if clean else None,
        "spread": statistics.pstdev(clean) if clean else None,
    }


def histogram(values, bins):
    edges = sorted(values)
    result = dict.fromkeys(range(bins), 0)
    span = edges[-1] - edges[0]
    for v in edges:
        slot = bins - 1 if span == 0 or v == edges[-1] else int(bins * (v - edges[0]) / span)
        result[slot] = result[slot] + 1
    return [result[i] for i in range(bins)]
"#;

#[test]
fn similar_finds_a_disguised_copy_and_not_independent_work() {
    let s = Sandbox::with_git_user("Teacher", "teacher@example.com");
    let course = make_course(&s, "id,name\nada,Ada\nbob,Bob\ncy,Cy\n");
    for (id, code) in [("ada", OWN_WORK), ("bob", COPIED), ("cy", INDEPENDENT_WORK)] {
        write(&course.join(id), "src/calc/stats.py", code);
        commit(&course.join(id), "statistics");
    }
    let out = s
        .pystart(&["similar", "course", "--json"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let report: Value = serde_json::from_str(&stdout_of(&out)).unwrap();
    assert_eq!(report["compared"], 3);
    let pairs = report["pairs"].as_array().unwrap();
    assert_eq!(pairs.len(), 1, "{report}");
    assert_eq!(
        (pairs[0]["a"].as_str(), pairs[0]["b"].as_str()),
        (Some("ada"), Some("bob"))
    );
    assert!(pairs[0]["score"].as_f64().unwrap() >= 0.8, "{report}");
    let m = &pairs[0]["matches"][0];
    assert_eq!(m["a"]["file"], "src/calc/stats.py");
    let err = stderr_of(&out);
    assert!(err.contains("ada ~ bob"), "{err}");
    assert!(err.contains("src/calc/stats.py:"), "{err}");

    let out = s
        .pystart(&["similar", "course", "--threshold", "2"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr_of(&out).contains("--threshold 2 is not between 0 and 1"));

    if skip_slow() {
        return;
    }
    let out = s
        .pystart(&[
            "grade",
            "course",
            "--similarity",
            "--json",
            "--html",
            "g.html",
        ])
        .env("PYSTART_CACHE_DIR", test_cache())
        .timeout(std::time::Duration::from_secs(300))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let report: Value = serde_json::from_str(&stdout_of(&out)).unwrap();
    assert_eq!(report["similar"].as_array().unwrap().len(), 1, "{report}");
    let page = fs::read_to_string(s.join("g.html")).unwrap();
    assert!(page.contains("Suspiciously alike") && page.contains("ada ~ bob"));
}

/// `git daemon` on a free loopback port serving `root` (pushes allowed); stopped on drop.
struct GitServer {
    child: std::process::Child,
    port: u16,
}

impl GitServer {
    fn start(root: &Path) -> Self {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let child = std::process::Command::new("git")
            .args([
                "daemon",
                "--reuseaddr",
                "--export-all",
                "--enable=receive-pack",
                "--listen=127.0.0.1",
                &format!("--port={port}"),
                &format!("--base-path={}", root.display()),
                root.to_str().unwrap(),
            ])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let until = std::time::Instant::now() + std::time::Duration::from_secs(10);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                std::time::Instant::now() < until,
                "git daemon did not start"
            );
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        GitServer { child, port }
    }

    fn url(&self, repo: &str) -> String {
        format!("git://127.0.0.1:{}/{repo}", self.port)
    }
}

impl Drop for GitServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `git` in `dir` as a student, with a commit date of `date` (`@SECONDS +ZONE`) when given.
fn student_git(dir: &Path, args: &[&str], date: Option<&str>) -> String {
    let mut cmd = std::process::Command::new("git");
    cmd.args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_NAME", "Student")
        .env("GIT_AUTHOR_EMAIL", "student@example.com")
        .env("GIT_COMMITTER_NAME", "Student")
        .env("GIT_COMMITTER_EMAIL", "student@example.com");
    if let Some(date) = date {
        cmd.env("GIT_COMMITTER_DATE", date)
            .env("GIT_AUTHOR_DATE", date);
    }
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

#[cfg(unix)]
#[test]
fn the_classroom_loop_on_a_loopback_git_server() {
    if skip_slow() {
        return;
    }
    let s = Sandbox::with_git_user("Teacher", "teacher@example.com");
    let server_root = s.join("server");
    fs::create_dir_all(&server_root).unwrap();
    for id in ["2026001", "2026002", "2026003"] {
        git(
            &server_root,
            &[
                "init",
                "--quiet",
                "--bare",
                "--initial-branch=main",
                &format!("{id}.git"),
            ],
        );
    }
    let server = GitServer::start(&server_root);
    // The class list as the school system exports it, saved by Excel as GBK CSV.
    let roster = "2026秋 Python程序设计 名单,,\n学号,姓名,邮箱\n2026001,张三,\n2026002,李四,\n\n2026003,王五,\n合计：3 人,,\n";
    let (gbk, _, _) = encoding_rs::GBK.encode(roster);
    fs::write(s.join("名单.csv"), gbk).unwrap();
    let t = assignment_template(s.path());
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let deadline = now + 3600;
    // The deadline in Beijing time, as a teacher writes it.
    let deadline_text = pystart::git::CommitInfo {
        id: String::new(),
        time: deadline as i64,
        offset_minutes: 480,
    }
    .date();
    let pattern = format!("git://127.0.0.1:{}/{{id}}.git", server.port);
    let out = s
        .pystart(&[
            "batch",
            t.to_str().unwrap(),
            "--roster",
            "名单.csv",
            "--out",
            "course",
            "--set",
            "project_name=calc",
            "--push",
            &pattern,
            "--set",
            &format!("deadline={deadline_text}"),
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    // The students' README says how to hand in and when; the teacher's notes are beside the
    // repositories, not in them.
    let readme = fs::read_to_string(s.join("course/2026001/README.md")).unwrap();
    assert!(
        readme.contains("To hand in:") && readme.contains("提交作业"),
        "{readme}"
    );
    assert!(
        readme.contains(&format!("Deadline: **{deadline_text}**")),
        "{readme}"
    );
    assert!(!readme.contains("Teachers:"), "{readme}");
    let teacher = fs::read_to_string(s.join("course/TEACHER.md")).unwrap();
    assert!(
        teacher.contains("Teachers: triple is the exercise"),
        "{teacher}"
    );
    assert!(
        teacher.contains(&format!("--fetch --deadline \"{deadline_text}\"")),
        "{teacher}"
    );
    let starter = git(&s.join("course/2026001"), &["rev-parse", "HEAD"]);
    let starter_wang = git(&s.join("course/2026003"), &["rev-parse", "HEAD"]);

    // The students clone, work and push; 王五 pushes his solution after the deadline.
    let late = format!("@{} +0800", deadline + 7200);
    let work = s.join("students");
    fs::create_dir_all(&work).unwrap();
    let mut pushed = std::collections::HashMap::new();
    for (id, code, extra, date) in [
        ("2026001", SOLVED, OWN_WORK, None),
        ("2026002", SOLVED, COPIED, None),
        ("2026003", SOLVED, INDEPENDENT_WORK, Some(late.as_str())),
    ] {
        let dir = work.join(id);
        student_git(
            &work,
            &["clone", "--quiet", &server.url(&format!("{id}.git")), id],
            None,
        );
        set_code(&dir, code);
        write(&dir, "src/calc/stats.py", extra);
        student_git(&dir, &["add", "-A"], None);
        student_git(&dir, &["commit", "--quiet", "-m", "my work"], date);
        student_git(&dir, &["push", "--quiet", "origin", "main"], None);
        pushed.insert(id, student_git(&dir, &["rev-parse", "HEAD"], None));
    }

    let out = s
        .pystart(&[
            "grade",
            "course",
            "--fetch",
            "--feedback",
            "--similarity",
            "--json",
        ])
        .env("PYSTART_CACHE_DIR", test_cache())
        .timeout(std::time::Duration::from_secs(600))
        .output()
        .unwrap();
    let err = stderr_of(&out);
    assert!(out.status.success(), "{err}");
    let report: Value = serde_json::from_str(&stdout_of(&out)).unwrap();
    // Graded: the pushed work before the deadline; 王五's starter (his work came after it).
    assert_eq!(student(&report, "2026001")["points"], 6, "{report}");
    assert_eq!(
        student(&report, "2026001")["commit"],
        pushed["2026001"].as_str()
    );
    assert_eq!(student(&report, "2026003")["commit"], starter_wang.as_str());
    assert_eq!(student(&report, "2026003")["points"], 5);
    let late_commits = student(&report, "2026003")["late_commits"]
        .as_array()
        .unwrap()
        .clone();
    assert_eq!(late_commits.len(), 1);
    assert_eq!(late_commits[0]["commit"], pushed["2026003"].as_str());
    let flags = texts(&student(&report, "2026003")["flags"]);
    assert!(
        flags
            .iter()
            .any(|f| f.contains("1 commit(s) after the deadline")),
        "{flags:?}"
    );
    assert!(
        flags.iter().any(|f| f.contains("dated in the future")),
        "{flags:?}"
    );
    // The copied pair is found, the independent work is not.
    let pairs = report["similar"].as_array().unwrap();
    assert_eq!(pairs.len(), 1, "{report}");
    assert_eq!(
        (pairs[0]["a"].as_str(), pairs[0]["b"].as_str()),
        (Some("2026001"), Some("2026002"))
    );
    // Feedback sits on a branch of its own on the server; the students' main is untouched,
    // and so is the teacher's own copy.
    for id in ["2026001", "2026002", "2026003"] {
        assert_eq!(student(&report, id)["feedback"], "pushed", "{id}");
        let dir = work.join(id);
        student_git(&dir, &["fetch", "--quiet", "origin"], None);
        assert_eq!(
            student_git(&dir, &["rev-parse", "origin/main"], None),
            pushed[id]
        );
        let feedback = student_git(&dir, &["show", "origin/feedback:FEEDBACK.md"], None);
        assert!(feedback.starts_with("# Feedback"), "{feedback}");
    }
    let ada = student_git(
        &work.join("2026001"),
        &["show", "origin/feedback:FEEDBACK.md"],
        None,
    );
    assert!(ada.contains("Score: **6/6**"), "{ada}");
    assert!(ada.contains("Every test passed."), "{ada}");
    let wang = student_git(
        &work.join("2026003"),
        &["show", "origin/feedback:FEEDBACK.md"],
        None,
    );
    assert!(wang.contains("tests/test_calc.py::test_triple"), "{wang}");
    assert!(
        wang.contains("1 commit(s) after the deadline were not graded"),
        "{wang}"
    );
    assert_eq!(
        git(&s.join("course/2026001"), &["rev-parse", "HEAD"]),
        starter
    );
}

#[cfg(unix)]
#[test]
fn a_push_to_a_repository_the_server_lacks_says_why_and_how_servers_create_them() {
    let s = Sandbox::with_git_user("Teacher", "teacher@example.com");
    let server_root = s.join("server");
    fs::create_dir_all(&server_root).unwrap();
    git(
        &server_root,
        &[
            "init",
            "--quiet",
            "--bare",
            "--initial-branch=main",
            "a.git",
        ],
    );
    let server = GitServer::start(&server_root);
    let t = assignment_template(s.path());
    fs::write(s.join("r.csv"), "id,name\na,A\nb,B\n").unwrap();
    let pattern = format!("git://127.0.0.1:{}/{{id}}.git", server.port);
    let out = s
        .pystart(&[
            "batch",
            t.to_str().unwrap(),
            "--roster",
            "r.csv",
            "--out",
            "course",
            "--set",
            "project_name=calc",
            "--push",
            &pattern,
        ])
        .output()
        .unwrap();
    let err = stderr_of(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    // git's own reason (its first fatal: line), not its last line.
    assert!(
        err.contains("failed: fatal: remote error: access denied or repository not exported"),
        "{err}"
    );
    assert!(!err.contains("and the repository exists"), "{err}");
    assert!(err.contains("error: 1 push failed"), "{err}");
    assert!(
        err.contains("hint: the repositories are not on the server yet: GitLab creates"),
        "{err}"
    );
    assert!(err.contains("ENABLE_PUSH_CREATE_USER"), "{err}");
    // The repository that exists got its push.
    assert_eq!(
        git(&server_root.join("a.git"), &["rev-parse", "main"]),
        git(&s.join("course/a"), &["rev-parse", "HEAD"])
    );
}
