//! Grading a batch of student repositories, where the teacher's side is the authority.
//!
//! The model (see README "Teachers"): the assignment's template decides. Its tests, every
//! `conftest.py`, the pytest configuration, `pyproject.toml`, the points and the list of
//! student-owned paths (`[grading] student`, default `src/**`) come from the template as
//! recorded by `batch` ([`assignment`]); from a submission only student-owned files are taken
//! ([`copy`]), and everything else is restored and reported. Hidden tests (`[grading] hidden`)
//! never reach students and are added back here. The maximum is fixed per assignment by a
//! reference run of the teacher's own solution. Student code only ever runs inside
//! [`crate::sandbox`] ([`job`]), and reports neutralise spreadsheet formulas ([`report`]).
//!
//! Used by the `batch` and `grade` commands; nothing here prints.

pub mod assignment;
pub mod copy;
pub mod fetch;
pub mod job;
pub mod report;
pub mod similar;

use crate::catalog;
use crate::manifest::Grading;
use serde_json::json;

/// The scoring script, the pytest plugin and the grading workflow every batch repository
/// carries (`.github/…`), with the template's points.
pub fn grading_files(grading: &Grading) -> Vec<(String, Vec<u8>)> {
    vec![
        (
            ".github/workflows/grade.yml".into(),
            shared_file("grade.yml"),
        ),
        (".github/grade.py".into(), shared_file("grade.py")),
        (
            ".github/pystart_grading.py".into(),
            shared_file("pystart_grading.py"),
        ),
        (
            ".github/grading.json".into(),
            grading_json(grading, None).into_bytes(),
        ),
    ]
}

/// A file of `templates/_shared/grading/`.
pub fn shared_file(name: &str) -> Vec<u8> {
    let dir = catalog::shared_dir("grading").expect("templates/_shared/grading is embedded");
    dir.get_file(dir.path().join(name))
        .map(|f| f.contents().to_vec())
        .expect("grading file is embedded")
}

/// The test set of an assignment, from the reference run of the teacher's solution: the
/// tests that count (each with its points) and which of them are exercises.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct TestSet {
    pub expected: Vec<String>,
    pub exercises: Vec<String>,
}

/// `grading.json` for `grade.py`: points, and the fixed test set when known.
pub fn grading_json(grading: &Grading, tests: Option<&TestSet>) -> String {
    let mut value = json!({
        "default_points": grading.default_points,
        "points": grading.points,
    });
    if let Some(tests) = tests {
        value["expected"] = json!(tests.expected);
        value["exercises"] = json!(tests.exercises);
    }
    let mut text = serde_json::to_string_pretty(&value).expect("grading serialises");
    text.push('\n');
    text
}
