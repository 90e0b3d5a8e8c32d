//! `pystart grade DIR`: run the tests of every student repository in `DIR` (made by
//! `pystart batch`) and score them with the template's points per test.
//!
//! Each repository's tracked files are copied to a temporary directory (the student's work is
//! never touched), installed into the cached environment `verify` uses, and tested with pytest
//! writing JUnit XML; the same `grade.py` that the repositories' grading workflow runs turns it
//! into points, so a local grade and a CI grade agree. Points come from the template's
//! manifest (`[grading]`), not from the student's copy of `.github/grading.json`.

use crate::catalog;
use crate::error::{Error, IoContext, Result, display_path};
use crate::manifest::Grading;
use crate::messages::teach as t;
use crate::printer::Printer;
use crate::pyenv::{self, Python};
use crate::pyproject::Dependencies;
use crate::render;
use crate::settings::GradeSettings;
use crate::writer::{self, Critical};
use serde_json::json;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

/// The grading script and workflow every batch repository carries.
pub fn grading_files(grading: &Grading) -> Vec<(String, Vec<u8>)> {
    let dir = catalog::shared_dir("grading").expect("templates/_shared/grading is embedded");
    let file = |name: &str| {
        dir.get_file(dir.path().join(name))
            .map(|f| f.contents().to_vec())
            .expect("grading file is embedded")
    };
    vec![
        (".github/workflows/grade.yml".into(), file("grade.yml")),
        (".github/grade.py".into(), file("grade.py")),
        (
            ".github/grading.json".into(),
            grading_json(grading).into_bytes(),
        ),
    ]
}

fn grading_json(grading: &Grading) -> String {
    let mut text = serde_json::to_string_pretty(&json!({
        "default_points": grading.default_points,
        "points": grading.points,
    }))
    .expect("grading serialises");
    text.push('\n');
    text
}

#[derive(Debug)]
struct Graded {
    id: String,
    name: String,
    commit: Option<String>,
    seconds: f64,
    /// grade.py's result, or why there is none.
    result: std::result::Result<serde_json::Value, String>,
}

pub fn run(settings: GradeSettings, printer: &Printer) -> Result<()> {
    let repos = student_repos(&settings.dir)?;
    if repos.is_empty() {
        return Err(Error::new(
            t::GRADE_NO_REPOSITORIES.f(&[("dir", &display_path(&settings.dir))]),
        )
        .hint(t::GRADE_NO_REPOSITORIES_HINT.s()));
    }
    let python = Python::probe(&settings.python)?;
    printer.info(&t::GRADE_START.f(&[
        ("repositories", &repositories(repos.len())),
        (
            "python",
            &format!("{} {}", python.implementation, python.version),
        ),
    ]));
    let critical = Critical::enter();
    // In the order of `repos`, which is by id.
    let results = crate::parallel::map(
        &repos,
        settings.jobs,
        &critical,
        |(dir, id, name, template)| {
            let started = Instant::now();
            let result =
                grade_one(dir, template, &python, &settings).map_err(|e| e.message().to_string());
            let g = Graded {
                id: id.clone(),
                name: name.clone(),
                commit: super::batch::head_commit(dir),
                seconds: started.elapsed().as_secs_f64(),
                result,
            };
            printer.info(&format!(
                "  {:<12} {}",
                g.id,
                match &g.result {
                    Ok(v) =>
                        t::GRADE_POINTS.f(&[("points", &v["points"]), ("max", &v["max_points"])]),
                    Err(e) => t::GRADE_NOT_GRADED.f(&[("err", e)]),
                }
            ));
            g
        },
    );
    critical.check()?;
    drop(critical);

    if let Some(path) = &settings.report {
        write_report(path, &results)?;
        printer.info(&t::GRADE_REPORT_WRITTEN.f(&[("path", &display_path(path))]));
    }
    if settings.json {
        printer.json(&json!({
            "students": results.iter().map(|g| json!({
                "id": g.id,
                "name": g.name,
                "commit": g.commit,
                "seconds": (g.seconds * 100.0).round() / 100.0,
                "result": g.result.as_ref().ok(),
                "error": g.result.as_ref().err(),
            })).collect::<Vec<_>>(),
        }));
    }
    let failed: Vec<String> = results
        .iter()
        .filter(|g| g.result.is_err())
        .map(|g| g.id.clone())
        .collect();
    if failed.is_empty() {
        Ok(())
    } else {
        Err(Error::new(t::GRADE_FAILED.f(&[
            ("repositories", &repositories(failed.len())),
            ("ids", &t::join(&failed)),
        ]))
        .hint(t::GRADE_FAILED_HINT.s()))
    }
}

/// `1 repository`, `2 repositories`.
fn repositories(n: usize) -> String {
    t::count_of(&t::COUNT_REPOSITORY, &t::COUNT_REPOSITORIES, n)
}

/// (dir, id, name, template) of every repository below `dir` with a `[student]` record.
fn student_repos(dir: &Path) -> Result<Vec<(PathBuf, String, String, String)>> {
    let mut repos = Vec::new();
    for entry in std::fs::read_dir(dir).with_path("read", dir)? {
        let path = entry.with_path("read", dir)?.path();
        let Ok(text) = std::fs::read_to_string(path.join(render::ANSWERS_FILE)) else {
            continue;
        };
        let Ok(doc) = toml::from_str::<toml::Table>(&text) else {
            continue;
        };
        let student = doc.get("student");
        let get = |k: &str| student.and_then(|s| s.get(k)).and_then(|v| v.as_str());
        if let Some(id) = get("id") {
            repos.push((
                path.clone(),
                id.to_string(),
                get("name").unwrap_or(id).to_string(),
                doc.get("template")
                    .and_then(|t| t.as_str())
                    .unwrap_or_default()
                    .to_string(),
            ));
        }
    }
    repos.sort_by(|a, b| a.1.cmp(&b.1));
    Ok(repos)
}

fn grade_one(
    repo: &Path,
    template: &str,
    python: &Python,
    settings: &GradeSettings,
) -> Result<serde_json::Value> {
    let grading = catalog::find(template)
        .map(|t| t.manifest.grading)
        .unwrap_or_default();
    let work = tempfile::Builder::new()
        .prefix("pystart-grade-")
        .tempdir()
        .map_err(|e| Error::new(t::GRADE_NO_TEMPDIR.f(&[("err", &e)])))?;
    let project = work.path().join("project");
    let mut plan = super::strip::read_plan(repo)?;
    // The teacher's grading script and points, whatever the student's copies say.
    plan.files.retain(|f| !f.path.starts_with(".github/grad"));
    for (path, contents) in grading_files(&grading) {
        plan.files.push(render::PlannedFile {
            path,
            contents,
            executable: false,
            rendered: false,
        });
    }
    writer::write(&plan, &project, |_| Ok(()))?;

    let log = work.path().join("grade.log");
    let pyproject = std::fs::read_to_string(project.join("pyproject.toml"))
        .with_path("read", &project.join("pyproject.toml"))?;
    let requirements = Dependencies::parse(&pyproject)?.for_tests();
    let (shared, _) = pyenv::shared_env(python, &requirements, &settings.cache_dir, true, &log)?;
    let (venv, _) = pyenv::project_env(python, &shared, &project, &work.path().join("venv"), &log)?;
    let py = venv.python();
    let mut cmd = Command::new(&py);
    cmd.args([
        "-m",
        "pytest",
        "-q",
        "-p",
        "no:cacheprovider",
        "--junitxml=grade-junit.xml",
    ])
    .current_dir(&project);
    pyenv::limit_threads(
        pyenv::clean_env(&mut cmd, &venv),
        pyenv::threads_per_job(settings.jobs),
    );
    let outcome = pyenv::run_logged_timeout(&mut cmd, &log, settings.timeout)?;
    if outcome == pyenv::Outcome::TimedOut {
        return Err(Error::new(
            t::GRADE_TIMEOUT.f(&[("seconds", &settings.timeout.as_secs())]),
        ));
    }
    if !project.join("grade-junit.xml").is_file() {
        return Err(Error::new(t::GRADE_NO_JUNIT.s()));
    }
    let out = pyenv::clean_env(&mut Command::new(&py), &venv)
        .args([
            ".github/grade.py",
            "grade-junit.xml",
            ".github/grading.json",
        ])
        .current_dir(&project)
        .output()
        .map_err(|e| Error::new(t::GRADE_CANNOT_RUN_SCRIPT.f(&[("err", &e)])))?;
    if !out.status.success() {
        return Err(Error::new(
            t::GRADE_SCRIPT_FAILED.f(&[("err", &String::from_utf8_lossy(&out.stderr).trim())]),
        ));
    }
    serde_json::from_slice(&out.stdout)
        .map_err(|e| Error::new(t::GRADE_SCRIPT_NO_JSON.f(&[("err", &e)])))
}

/// CSV (UTF-8 with BOM, for Excel): one row per student, one column per test.
fn write_report(path: &Path, results: &[Graded]) -> Result<()> {
    let mut tests = BTreeSet::new();
    for g in results {
        if let Ok(v) = &g.result {
            for t in v["tests"].as_array().into_iter().flatten() {
                if let Some(id) = t["id"].as_str() {
                    tests.insert(id.to_string());
                }
            }
        }
    }
    let mut out = Vec::from(&b"\xEF\xBB\xBF"[..]);
    {
        let mut w = csv::Writer::from_writer(&mut out);
        let mut header: Vec<String> = [
            "id",
            "name",
            "commit",
            "passed",
            "failed",
            "points",
            "max_points",
            "seconds",
            "error",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        header.extend(tests.iter().cloned());
        w.write_record(&header).map_err(csv_error)?;
        for g in results {
            let mut row = vec![
                g.id.clone(),
                g.name.clone(),
                g.commit.clone().unwrap_or_default(),
            ];
            match &g.result {
                Ok(v) => {
                    for k in ["passed", "failed", "points", "max_points"] {
                        row.push(v[k].to_string());
                    }
                    row.push(format!("{:.1}", g.seconds));
                    row.push(String::new());
                    for t in &tests {
                        let outcome = v["tests"]
                            .as_array()
                            .into_iter()
                            .flatten()
                            .find(|x| x["id"].as_str() == Some(t))
                            .and_then(|x| x["outcome"].as_str())
                            .unwrap_or("");
                        row.push(outcome.to_string());
                    }
                }
                Err(e) => {
                    row.extend(["", "", "", ""].map(String::from));
                    row.push(format!("{:.1}", g.seconds));
                    row.push(e.clone());
                    row.extend(tests.iter().map(|_| String::new()));
                }
            }
            w.write_record(&row).map_err(csv_error)?;
        }
        w.flush()
            .map_err(|e| Error::new(t::GRADE_CANNOT_WRITE_REPORT.f(&[("err", &e)])))?;
    }
    std::fs::write(path, out).with_path("write", path)
}

fn csv_error(e: csv::Error) -> Error {
    Error::new(t::GRADE_CANNOT_WRITE_REPORT.f(&[("err", &e)]))
}
