//! The reference run of `grade`: the teacher's solution, hidden tests included, tested in the
//! same sandbox and environment as the students' copies, fixes the assignment's test set and
//! maximum (kept in `reference.json` while the template, interpreter, requirements and sandbox
//! stay the same); and `score`, which turns a JUnit report into points with `grade.py`.

use crate::catalog::Template;
use crate::error::{Error, IoContext, Result, display_path};
use crate::grading::assignment;
use crate::grading::job::{self, Context};
use crate::grading::{self, TestSet};
use crate::messages::teach as t;
use crate::printer::Printer;
use crate::pyproject::Dependencies;
use crate::python::{Installer, Python};
use crate::render::Plan;
use crate::sandbox::Boxing;
use crate::settings::GradeSettings;
use serde_json::{Value, json};
use std::path::Path;
use std::process::Command;

/// Runs the teacher's solution (default answers, hidden tests included): the tests it does
/// not skip are the assignment's test set; a failing one is warned about (it still counts).
#[allow(clippy::too_many_arguments)]
pub(super) fn reference_run(
    settings: &GradeSettings,
    template: &Template,
    boxing: &Boxing,
    python: &Python,
    installer: &Installer,
    threads: usize,
    scripts: &Path,
    logs: &Path,
    printer: &Printer,
) -> Result<TestSet> {
    let answers = assignment::teacher_answers(template)?;
    let record = assignment::student_record("teacher", "teacher", None);
    let (mut plan, hidden) = assignment::starter_plan(template, &answers, &record, false)?;
    plan.files.extend(hidden);
    // The test set of an unchanged template on an unchanged interpreter with the same
    // requirements is the same: a second grading of the class reuses it.
    let key = reference_key(template, python, &requirements(&plan)?, installer, boxing);
    let kept = settings
        .dir
        .join(assignment::RECORD_DIR)
        .join("reference.json");
    if let Some(tests) = std::fs::read(&kept)
        .ok()
        .and_then(|b| serde_json::from_slice::<Value>(&b).ok())
        .filter(|v| v["key"] == key.as_str())
        .and_then(|v| serde_json::from_value::<TestSet>(v["tests"].clone()).ok())
    {
        return Ok(tests);
    }
    printer.info(t::GRADE_REFERENCE.s());
    let ctx = Context {
        boxing,
        python,
        installer,
        test: &template.manifest.test,
        limits: &settings.limits,
        threads,
    };
    let ran = job::run(&ctx, &plan)
        .map_err(|e| Error::new(t::GRADE_REFERENCE_FAILED.m(&[("err", &e)])))?;
    let log = logs.join("teacher-solution.log");
    let _ = std::fs::write(&log, &ran.output);
    let Some(junit) = ran.junit.clone() else {
        return Err(Error::new(t::GRADE_REFERENCE_FAILED.m(&[(
            "err",
            &super::status_of(&ran, settings).1.unwrap_or_default(),
        )]))
        .hint(t::GRADE_SEE_LOG.m(&[("log", &display_path(&log))])));
    };
    let rules = scripts.join("points.json");
    std::fs::write(
        &rules,
        grading::grading_json(&template.manifest.grading, None),
    )
    .with_path("write", &rules)?;
    let result = score(python, scripts, &ran.project, &junit, &rules)?;
    let mut tests = TestSet::default();
    let mut failing = Vec::new();
    for test in result["tests"].as_array().into_iter().flatten() {
        let (Some(id), Some(outcome)) = (test["id"].as_str(), test["outcome"].as_str()) else {
            continue;
        };
        if outcome == "skip" {
            continue;
        }
        if outcome != "pass" {
            failing.push(id.to_string());
        }
        tests.expected.push(id.to_string());
        if test["exercise"].as_bool() == Some(true) {
            tests.exercises.push(id.to_string());
        }
    }
    if tests.expected.is_empty() {
        return Err(Error::new(&t::GRADE_REFERENCE_NO_TESTS)
            .hint(t::GRADE_SEE_LOG.m(&[("log", &display_path(&log))])));
    }
    if failing.is_empty() {
        let record = json!({ "key": key, "tests": tests });
        let _ = crate::writer::replace_file(&kept, record.to_string().as_bytes());
    } else {
        // Not kept: the warning comes again until the solution passes.
        printer.warn(&t::GRADE_REFERENCE_FAILING.f(&[("tests", &t::join(&failing))]));
    }
    Ok(tests)
}

/// What the reference run's result depends on: pystart, the template's files, the
/// interpreter, the requirements and their installer, and the sandbox.
fn reference_key(
    template: &Template,
    python: &Python,
    requirements: &[String],
    installer: &Installer,
    boxing: &Boxing,
) -> String {
    use sha2::{Digest, Sha256};
    let source = match &template.source {
        crate::catalog::Source::Git { commit, .. } => commit.clone(),
        _ => template.content_hash(),
    };
    let mut h = Sha256::new();
    for part in [
        env!("CARGO_PKG_VERSION"),
        &source,
        &python.exe.to_string_lossy(),
        &python.version,
        &requirements.join(" "),
        installer.name(),
        if boxing.is_boxed() {
            "boxed"
        } else {
            "unboxed"
        },
    ] {
        h.update(part.as_bytes());
        h.update(b"\n");
    }
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// The maxima of the assignment: all its tests, the base tests and the exercises.
pub(super) fn fixed_maxima(grading: &crate::manifest::Grading, tests: &TestSet) -> Value {
    let worth = |ids: &mut dyn Iterator<Item = &String>| -> u64 {
        ids.map(|id| u64::from(grading.points_for(id))).sum()
    };
    let max = worth(&mut tests.expected.iter());
    let exercise_max = worth(&mut tests.exercises.iter());
    json!({
        "max_points": max,
        "base_max": max - exercise_max,
        "exercise_max": exercise_max,
    })
}

/// The requirements of the teacher's `pyproject.toml` in `plan` (dependencies and `dev`).
fn requirements(plan: &Plan) -> Result<Vec<String>> {
    let pyproject = plan
        .get("pyproject.toml")
        .and_then(|f| std::str::from_utf8(&f.contents).ok())
        .unwrap_or_default();
    Ok(Dependencies::parse(pyproject)?.for_tests())
}

/// `grade.py JUNIT RULES` with the teacher's interpreter, in `project` (where the test files
/// are, so tests are named by path).
pub(super) fn score(
    python: &Python,
    scripts: &Path,
    project: &Path,
    junit: &Path,
    rules: &Path,
) -> Result<Value> {
    let out = Command::new(&python.exe)
        .arg("-I")
        .arg(scripts.join("grade.py"))
        .arg(junit)
        .arg(rules)
        .current_dir(project)
        .output()
        .map_err(|e| Error::new(t::GRADE_CANNOT_RUN_SCRIPT.m(&[("err", &e)])))?;
    if !out.status.success() {
        let err = String::from_utf8_lossy(&out.stderr);
        return Err(Error::new(
            t::GRADE_SCRIPT_FAILED.m(&[("err", &err.lines().last().unwrap_or("").trim())]),
        ));
    }
    serde_json::from_slice(&out.stdout)
        .map_err(|e| Error::new(t::GRADE_SCRIPT_NO_JSON.m(&[("err", &e)])))
}
