//! `verify`'s `browser` stage: which projects have browser tests (the pytest marker
//! `browser` registered in their pyproject) and what a `-m browser` run's outcome means — every
//! test skipped (no browser on this machine) is a skip with pytest's reason, not a pass.

use super::report::{count_in_summary, skip_reasons};
use super::stages::{StageResult, log_tail, tests_failed};
use crate::messages::verify::{self as t, Both};
use crate::python::Outcome;
use std::path::Path;
use std::time::Duration;

/// Whether the project's `[tool.pytest.ini_options] markers` register `browser`.
pub fn registers_browser_marker(project: &Path) -> bool {
    let text = std::fs::read_to_string(project.join("pyproject.toml")).unwrap_or_default();
    crate::pyproject::pytest_markers(&text)
        .iter()
        .any(|m| m == "browser")
}

/// A manifest command with extra arguments, as shown in a report.
pub fn argv_shown(argv: &[String], extra: &[&str]) -> String {
    let mut all: Vec<&str> = argv.iter().map(String::as_str).collect();
    all.extend(extra);
    all.join(" ")
}

/// How the `-m browser` run went: every test skipped is a skip, with pytest's reason.
pub fn browser_result(
    outcome: Outcome,
    summary: &str,
    log: &Path,
    shown: &str,
    limit: Duration,
) -> StageResult {
    match outcome {
        Outcome::TimedOut => StageResult::Timeout(
            Both::of(&t::STAGE_BROWSER_TIMEOUT, &[("seconds", &limit.as_secs())]),
            log_tail(log, 100),
        ),
        Outcome::Exited(true)
            if count_in_summary(summary, "passed") == 0
                && count_in_summary(summary, "skipped") > 0 =>
        {
            let reasons = skip_reasons(log);
            let reason = reasons.first().map(String::as_str).unwrap_or_default();
            StageResult::Skip(Both::of(
                &t::STAGE_BROWSER_SKIPPED,
                &[("summary", &summary), ("reason", &reason)],
            ))
        }
        Outcome::Exited(true) => StageResult::Pass(Both::same(summary)),
        Outcome::Exited(false) => tests_failed(log, shown, summary),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_browser_stage_runs_only_where_the_marker_is_registered() {
        let tmp = tempfile::tempdir().unwrap();
        assert!(!registers_browser_marker(tmp.path()));
        let write = |markers: &str| {
            let text = format!("[tool.pytest.ini_options]\nmarkers = [{markers}]\n");
            std::fs::write(tmp.path().join("pyproject.toml"), text).unwrap();
        };
        write(r#""network: needs the network", "browserish: not it""#);
        assert!(!registers_browser_marker(tmp.path()));
        write(r#""network: x", "browser: drives the pages in a headless Chromium""#);
        assert!(registers_browser_marker(tmp.path()));
        write(r#""browser""#);
        assert!(registers_browser_marker(tmp.path()));
    }

    #[test]
    fn browser_tests_all_skipped_are_a_skip_with_pytests_reason() {
        let tmp = tempfile::tempdir().unwrap();
        let log = tmp.path().join("browser.log");
        let limit = Duration::from_secs(60);
        let summary = "8 skipped, 104 deselected in 2.04s";
        std::fs::write(
            &log,
            format!("SKIPPED [8] tests/browser/conftest.py:1: no browser: none found\n{summary}\n"),
        )
        .unwrap();
        let StageResult::Skip(detail) =
            browser_result(Outcome::Exited(true), summary, &log, "pytest", limit)
        else {
            panic!("not a skip");
        };
        assert_eq!(
            detail.en,
            format!("{summary}; skipped: no browser: none found")
        );
        let passed = "8 passed, 104 deselected in 19.1s";
        assert!(matches!(
            browser_result(Outcome::Exited(true), passed, &log, "pytest", limit),
            StageResult::Pass(_)
        ));
        std::fs::write(
            &log,
            "FAILED tests/browser/test_chat.py::test_send - boom\n",
        )
        .unwrap();
        let StageResult::Fail(detail, _) =
            browser_result(Outcome::Exited(false), "1 failed", &log, "pytest", limit)
        else {
            panic!("not a failure");
        };
        assert!(
            detail.en.contains("tests/browser/test_chat.py::test_send"),
            "{}",
            detail.en
        );
    }
}
