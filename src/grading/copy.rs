//! The grading copy of one submission: the teacher's files as the template makes them, plus
//! the student-owned files of the submitted commit, and a list of what differed.
//!
//! Rules: a submitted file under a student-owned path is taken, except files that change how
//! Python or pytest start (`conftest.py`, `sitecustomize.py`, `usercustomize.py`, `*.pth`) and
//! links; any other submitted file that differs from the teacher's is restored, one that the
//! teacher's set lacks is ignored, and a teacher's file the student deleted is put back.
//! Hidden files are added. Dependencies the student declared beyond the template's are
//! listed, never installed.

use crate::git::TreeFile;
use crate::manifest::PathGlobs;
use crate::render::{Plan, PlannedFile};
use std::collections::{BTreeSet, HashMap, HashSet};

/// What happened to one path of a submission.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Change {
    /// A teacher's file the student changed: the teacher's version is used.
    Modified,
    /// A teacher's file the student deleted: put back.
    Deleted,
    /// A file outside the student-owned paths that the teacher's set lacks: left out.
    Added,
    /// A student-owned file that would change how Python or pytest start: left out.
    StartupHook,
    /// A symbolic link or submodule: left out.
    Link,
}

impl Change {
    /// Stable English code for reports.
    pub fn code(self) -> &'static str {
        match self {
            Change::Modified => "modified, restored",
            Change::Deleted => "deleted, restored",
            Change::Added => "added, ignored",
            Change::StartupHook => "startup hook, ignored",
            Change::Link => "link, ignored",
        }
    }

    pub fn restored(self) -> bool {
        matches!(self, Change::Modified | Change::Deleted)
    }
}

/// The grading copy and what it took to make it.
#[derive(Debug, Clone, Default)]
pub struct GradingCopy {
    pub plan: Plan,
    /// Paths and what happened to them, sorted by path.
    pub changes: Vec<(String, Change)>,
    /// Dependencies the submission declares that the template does not (not installed).
    pub extra_dependencies: Vec<String>,
    /// Student-owned Python files that reach into pytest or its report, worth a look.
    pub suspicious: Vec<String>,
}

/// Files that run when Python or pytest start, wherever they are on the path.
fn is_startup_hook(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    matches!(
        name,
        "conftest.py" | "sitecustomize.py" | "usercustomize.py"
    ) || name.ends_with(".pth")
}

/// A relative path with no `..`, no empty or `.` segments and no `.git` segment.
fn is_plain_relative(path: &str) -> bool {
    !path.is_empty()
        && !path.starts_with('/')
        && !path.contains('\\')
        && path
            .split('/')
            .all(|s| !s.is_empty() && s != "." && s != ".." && !s.eq_ignore_ascii_case(".git"))
}

/// Builds the grading copy of `submitted` against the teacher's `starter` files (what the
/// student was given), `hidden` files and the student-owned globs. `starter_paths` are the
/// paths of the starter commit when known: a teacher's file missing from both it and the
/// submission (git-ignored, like `.env`) was never the student's to delete.
pub fn grading_copy(
    starter: &Plan,
    hidden: &[PlannedFile],
    submitted: &[TreeFile],
    student_paths: &PathGlobs,
    starter_paths: Option<&HashSet<String>>,
) -> GradingCopy {
    let mut copy = GradingCopy::default();
    let teacher: HashMap<&str, &PlannedFile> = starter
        .files
        .iter()
        .filter(|f| !student_paths.matches(&f.path))
        .map(|f| (f.path.as_str(), f))
        .collect();
    let mut seen = HashSet::new();
    let mut files: Vec<PlannedFile> = Vec::new();
    for f in submitted {
        if !is_plain_relative(&f.path) {
            copy.changes.push((f.path.clone(), Change::Added));
            continue;
        }
        seen.insert(f.path.as_str());
        if student_paths.matches(&f.path) {
            if f.special {
                copy.changes.push((f.path.clone(), Change::Link));
            } else if is_startup_hook(&f.path) {
                copy.changes.push((f.path.clone(), Change::StartupHook));
            } else {
                if f.path.ends_with(".py") && reaches_into_pytest(&f.contents) {
                    copy.suspicious.push(f.path.clone());
                }
                files.push(PlannedFile {
                    path: f.path.clone(),
                    contents: f.contents.clone(),
                    executable: f.executable,
                    rendered: false,
                });
            }
            continue;
        }
        match teacher.get(f.path.as_str()) {
            Some(t) if f.special || t.contents != f.contents => {
                copy.changes.push((f.path.clone(), Change::Modified));
            }
            Some(_) => {}
            None => copy.changes.push((f.path.clone(), Change::Added)),
        }
    }
    for (path, f) in &teacher {
        if !seen.contains(path) && starter_paths.is_none_or(|p| p.contains(*path)) {
            copy.changes.push((path.to_string(), Change::Deleted));
        }
        files.push((*f).clone());
    }
    for h in hidden {
        files.retain(|f| f.path != h.path);
        files.push(h.clone());
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    copy.changes.sort();
    copy.plan = Plan { files };
    copy.extra_dependencies = extra_dependencies(starter, submitted);
    copy
}

/// Whether Python source mentions pytest's internals, its hooks or its report: a student's
/// code has no business there, and from inside the test process it could fake results.
fn reaches_into_pytest(source: &[u8]) -> bool {
    let text = String::from_utf8_lossy(source);
    [
        "_pytest",
        "pytest_runtest",
        "pytest_collect",
        "junit",
        "TestReport",
    ]
    .iter()
    .any(|needle| text.contains(needle))
}

/// Requirements in the submission's `pyproject.toml` (dependencies and the `dev` extra) that
/// the teacher's does not have, by project name.
fn extra_dependencies(starter: &Plan, submitted: &[TreeFile]) -> Vec<String> {
    let names = |text: &str| -> Option<(BTreeSet<String>, Vec<String>)> {
        let deps = crate::pyproject::Dependencies::parse(text).ok()?;
        let all: Vec<String> = deps
            .main
            .iter()
            .chain(deps.extras.values().flatten())
            .cloned()
            .collect();
        Some((all.iter().map(|r| requirement_name(r)).collect(), all))
    };
    let teacher = starter
        .get("pyproject.toml")
        .and_then(|f| std::str::from_utf8(&f.contents).ok())
        .and_then(names)
        .map(|(n, _)| n)
        .unwrap_or_default();
    let Some((_, theirs)) = submitted
        .iter()
        .find(|f| f.path == "pyproject.toml")
        .and_then(|f| std::str::from_utf8(&f.contents).ok())
        .and_then(names)
    else {
        return vec![];
    };
    let mut extra: Vec<String> = theirs
        .into_iter()
        .filter(|r| !teacher.contains(&requirement_name(r)))
        .collect();
    extra.sort();
    extra.dedup();
    extra
}

/// The normalised project name of a requirement (`Scikit_Learn>=1.3` → `scikit-learn`).
fn requirement_name(req: &str) -> String {
    let end = req
        .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')))
        .unwrap_or(req.len());
    req[..end].to_ascii_lowercase().replace(['_', '.'], "-")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, text: &str) -> PlannedFile {
        PlannedFile {
            path: path.into(),
            contents: text.as_bytes().to_vec(),
            executable: false,
            rendered: false,
        }
    }

    fn sub(path: &str, text: &str) -> TreeFile {
        TreeFile {
            path: path.into(),
            contents: text.as_bytes().to_vec(),
            executable: false,
            special: false,
        }
    }

    fn globs() -> PathGlobs {
        PathGlobs::new(&["src/**".into()], "grading.student").unwrap()
    }

    #[test]
    fn only_student_owned_files_are_taken_and_the_rest_is_restored() {
        let starter = Plan {
            files: vec![
                file(
                    "pyproject.toml",
                    "[project]\nname = \"p\"\ndependencies = [\"numpy>=1\"]\n",
                ),
                file(
                    "src/p/__init__.py",
                    "def f():\n    raise NotImplementedError\n",
                ),
                file("tests/test_p.py", "def test_f(): assert f() == 1\n"),
                file("tests/conftest.py", ""),
                file(".env", "SECRET=x\n"),
            ],
        };
        let hidden = vec![file("tests/test_hidden.py", "def test_h(): pass\n")];
        let submitted = vec![
            sub(
                "pyproject.toml",
                "[project]\nname = \"p\"\ndependencies = [\"numpy>=1\", \"Requests_Toolbelt>=1\"]\n",
            ),
            sub("src/p/__init__.py", "def f():\n    return 1\n"),
            sub("src/p/conftest.py", "x = 1\n"),
            sub("src/p/sneaky.py", "import _pytest.reports\n"),
            sub("tests/test_p.py", "def test_f(): assert True\n"),
            sub("tests/test_extra.py", "def test_free(): pass\n"),
            sub("conftest.py", "def pytest_runtest_makereport(): ...\n"),
            sub("../escape.py", ""),
        ];
        let starter_paths: HashSet<String> = [
            "pyproject.toml",
            "src/p/__init__.py",
            "tests/test_p.py",
            "tests/conftest.py",
        ]
        .into_iter()
        .map(String::from)
        .collect();
        let copy = grading_copy(
            &starter,
            &hidden,
            &submitted,
            &globs(),
            Some(&starter_paths),
        );
        let paths: Vec<&str> = copy.plan.files.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(
            paths,
            [
                ".env",
                "pyproject.toml",
                "src/p/__init__.py",
                "src/p/sneaky.py",
                "tests/conftest.py",
                "tests/test_hidden.py",
                "tests/test_p.py"
            ]
        );
        let get = |p: &str| String::from_utf8(copy.plan.get(p).unwrap().contents.clone()).unwrap();
        assert_eq!(get("src/p/__init__.py"), "def f():\n    return 1\n");
        assert_eq!(get("tests/test_p.py"), "def test_f(): assert f() == 1\n");
        assert!(
            get("pyproject.toml").contains("numpy") && !get("pyproject.toml").contains("Requests")
        );
        let changes: Vec<(&str, Change)> =
            copy.changes.iter().map(|(p, c)| (p.as_str(), *c)).collect();
        assert_eq!(
            changes,
            [
                ("../escape.py", Change::Added),
                ("conftest.py", Change::Added),
                ("pyproject.toml", Change::Modified),
                ("src/p/conftest.py", Change::StartupHook),
                ("tests/conftest.py", Change::Deleted),
                ("tests/test_extra.py", Change::Added),
                ("tests/test_p.py", Change::Modified),
            ]
        );
        assert_eq!(copy.extra_dependencies, ["Requests_Toolbelt>=1"]);
        assert_eq!(copy.suspicious, ["src/p/sneaky.py"]);
    }

    #[test]
    fn requirement_names_are_normalised() {
        assert_eq!(requirement_name("Scikit_Learn>=1.3"), "scikit-learn");
        assert_eq!(
            requirement_name("zope.interface ; python_version>'3'"),
            "zope-interface"
        );
        assert_eq!(requirement_name("numpy"), "numpy");
    }
}
