//! What `verify` reports: each stage's status and detail (in English for programs and in the
//! interface language for people), the table printed at the end, the `--json` report
//! (docs/verify-report.md) and the `--junit` XML. Must not run anything.

use crate::messages::verify::{self as t, Both};
use crate::printer::{Printer, pad, width};
use crate::python::{Installer, Python};
use crate::settings::VerifySettings;
use serde_json::json;
use std::path::{Path, PathBuf};

/// The version of the `--json` report's schema (docs/verify-report.md).
pub const REPORT_SCHEMA: u32 = 2;

/// The stages of one job, in order.
pub const STAGES: &[&str] = &[
    "render", "static", "install", "tests", "browser", "concepts", "ruff", "demo",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Pass,
    Fail,
    Skip,
    /// The stage ran out of its time limit (named in the detail): not a test failure, and on a
    /// busy machine worth running again.
    Timeout,
}

impl Status {
    /// The untranslated code reports for programs carry.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Pass => "pass",
            Status::Fail => "fail",
            Status::Skip => "skip",
            Status::Timeout => "timeout",
        }
    }

    pub fn failed(self) -> bool {
        matches!(self, Status::Fail | Status::Timeout)
    }
}

#[derive(Debug)]
pub struct Stage {
    pub name: &'static str,
    pub status: Status,
    pub seconds: f64,
    pub detail: Both,
    /// The log of a failed stage (the end of it when it is long).
    pub log: Option<Both>,
}

#[derive(Debug)]
pub struct JobReport {
    pub template: String,
    pub variant: String,
    pub stages: Vec<Stage>,
    pub kept: Option<PathBuf>,
    pub seconds: f64,
}

impl JobReport {
    pub fn passed(&self) -> bool {
        self.stages.iter().all(|s| !s.status.failed())
    }

    /// Whether it failed by running out of time (and not by a failure before that).
    pub fn timed_out(&self) -> bool {
        self.first_failure()
            .is_some_and(|s| s.status == Status::Timeout)
    }

    fn first_failure(&self) -> Option<&Stage> {
        self.stages.iter().find(|s| s.status.failed())
    }

    pub fn label(&self) -> String {
        format!("{}/{}", self.template, self.variant)
    }

    /// One line: what failed, or what the tests said.
    pub fn summary(&self) -> String {
        self.first_failure()
            .or_else(|| self.stages.iter().find(|s| s.name == "tests"))
            .map(|s| t::VERIFY_STAGE_DETAIL.f(&[("stage", &s.name), ("detail", &s.detail.shown)]))
            .unwrap_or_default()
    }
}
/// The number before `word` in a pytest summary (`52 passed, 3 xfailed in 4.1s`).
pub fn count_in_summary(summary: &str, word: &str) -> usize {
    let words: Vec<&str> = summary
        .split(|c: char| c == ',' || c.is_whitespace())
        .filter(|w| !w.is_empty())
        .collect();
    words
        .windows(2)
        .find(|w| w[1] == word)
        .and_then(|w| w[0].parse().ok())
        .unwrap_or(0)
}

/// pytest's `FAILED path::test - reason` / `ERROR path` lines, as `path::test`.
pub fn failing_tests(log: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(log).unwrap_or_default();
    text.lines()
        .filter_map(|l| {
            l.strip_prefix("FAILED ")
                .or_else(|| l.strip_prefix("ERROR "))
        })
        .map(|rest| rest.split(" - ").next().unwrap_or(rest).trim().to_string())
        .collect()
}

/// pytest's last summary line (`4 skipped, 66 deselected in 1.2s` too, which counts no
/// passed or failed test), without its `=` frame.
pub fn pytest_summary(log: &Path) -> String {
    let text = std::fs::read_to_string(log).unwrap_or_default();
    let words = [
        " passed",
        " failed",
        " error",
        " skipped",
        " deselected",
        "no tests ran",
    ];
    text.lines()
        .rev()
        .find(|l| words.iter().any(|w| l.contains(w)) && !l.starts_with("SKIPPED"))
        .map(|l| l.trim().trim_matches('=').trim().to_string())
        .unwrap_or_default()
}

/// The reasons of pytest's `-rs` lines (`SKIPPED [3] tests/x.py:12: reason`), in order.
pub fn skip_reasons(log: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(log).unwrap_or_default();
    text.lines()
        .filter_map(|l| l.strip_prefix("SKIPPED ["))
        .filter_map(|rest| rest.split_once("] ").map(|(_, r)| r))
        .map(|rest| {
            // `path:line: reason` (the line is left out for a skipped module: `path: reason`).
            let after_path = rest.split_once(": ").map_or(rest, |(_, r)| r);
            after_path.trim().to_string()
        })
        .collect()
}

/// The human table: one row per job.
pub fn print_table(printer: &Printer, reports: &[JobReport]) {
    if reports.is_empty() {
        return;
    }
    let width_t = reports
        .iter()
        .map(|r| r.template.chars().count())
        .max()
        .unwrap_or(8)
        .max(8);
    let width_v = reports
        .iter()
        .map(|r| r.variant.chars().count())
        .max()
        .unwrap_or(7)
        .max(7);
    printer.info("");
    printer.info(&format!(
        "{}  {}  {}  {}  {}",
        pad(t::VERIFY_HEADER_TEMPLATE.s(), width_t),
        pad(t::VERIFY_HEADER_VARIANT.s(), width_v),
        pad(t::VERIFY_HEADER_RESULT.s(), 6),
        console::pad_str(
            t::VERIFY_HEADER_SECONDS.s(),
            7,
            console::Alignment::Right,
            None
        ),
        t::VERIFY_HEADER_DETAIL.s(),
    ));
    for r in reports {
        let result = if r.passed() {
            printer.green(&pad(t::VERIFY_PASS.s(), 6))
        } else if r.timed_out() {
            printer.red(&pad(t::VERIFY_TIMEOUT.s(), 6))
        } else {
            printer.red(&pad(t::VERIFY_FAIL.s(), 6))
        };
        let line = format!(
            "{}  {}  {result}  {:>7.1}  ",
            pad(&r.template, width_t),
            pad(&r.variant, width_v),
            r.seconds,
        );
        // On a terminal the detail is cut to the line; the JSON and JUnit reports keep it whole.
        let detail = match crate::printer::terminal_columns() {
            Some(cols) => {
                crate::printer::fit(&r.summary(), cols.saturating_sub(width(&line)).max(20))
            }
            None => r.summary(),
        };
        printer.info(&format!("{line}{detail}"));
    }
}

pub fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// The `--json` report (schema documented in docs/verify-report.md). Every value is an
/// untranslated code or the English text, whatever the interface language.
pub fn json_report(
    settings: &VerifySettings,
    python: &Python,
    installer: &Installer,
    reports: &[JobReport],
    elapsed: f64,
) -> serde_json::Value {
    let failed = reports.iter().filter(|r| !r.passed()).count();
    let timed_out = reports.iter().filter(|r| r.timed_out()).count();
    json!({
        "schema": REPORT_SCHEMA,
        "pystart_version": env!("CARGO_PKG_VERSION"),
        "python": {
            "path": settings.python,
            "implementation": python.implementation,
            "version": python.version,
        },
        "installer": installer.name(),
        "jobs": settings.jobs,
        "seconds": round2(elapsed),
        "passed": failed == 0,
        "counts": {
            "total": reports.len(),
            "passed": reports.len() - failed,
            "failed": failed,
            "timeout": timed_out,
        },
        "results": reports.iter().map(|r| json!({
            "template": r.template,
            "variant": r.variant,
            "passed": r.passed(),
            "seconds": round2(r.seconds),
            "kept": r.kept,
            "stages": r.stages.iter().map(|s| json!({
                "name": s.name,
                "status": s.status.as_str(),
                "seconds": round2(s.seconds),
                "detail": s.detail.en,
                "code": s.detail.code,
                "log": s.log.as_ref().map(|l| &l.en),
            })).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
    })
}

/// JUnit XML (quick-junit): one `<testcase>` per template × variant (classname = template,
/// name = variant); a failing one carries its first failing stage, of type `fail` or
/// `timeout`, with the English detail and log.
pub fn junit_report(reports: &[JobReport], elapsed: f64) -> String {
    use quick_junit::{NonSuccessKind, Report, TestCase, TestCaseStatus, TestSuite};
    let mut suite = TestSuite::new("pystart verify");
    suite.set_time(std::time::Duration::from_secs_f64(elapsed));
    for r in reports {
        let status = match r.first_failure() {
            None => TestCaseStatus::success(),
            Some(stage) => {
                let mut status = TestCaseStatus::non_success(NonSuccessKind::Failure);
                status
                    .set_message(format!("{}: {}", stage.name, stage.detail.en))
                    .set_type(stage.status.as_str());
                if let Some(log) = &stage.log {
                    status.set_description(log.en.as_str());
                }
                status
            }
        };
        let mut case = TestCase::new(r.variant.as_str(), status);
        case.set_classname(r.template.as_str())
            .set_time(std::time::Duration::from_secs_f64(r.seconds));
        let stages: String = r
            .stages
            .iter()
            .map(|s| {
                format!(
                    "{} {} {:.1}s {}\n",
                    s.status.as_str(),
                    s.name,
                    s.seconds,
                    s.detail.en
                )
            })
            .collect();
        case.set_system_out(stages);
        suite.add_test_case(case);
    }
    let mut report = Report::new("pystart verify");
    report
        .set_time(std::time::Duration::from_secs_f64(elapsed))
        .add_test_suite(suite);
    report
        .to_string()
        .unwrap_or_else(|e| format!("<!-- cannot write the JUnit report: {e} -->\n"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::python::last_summary_line;

    fn report(template: &str, variant: &str, fail_stage: Option<&'static str>) -> JobReport {
        JobReport {
            template: template.into(),
            variant: variant.into(),
            stages: STAGES
                .iter()
                .map(|name| Stage {
                    name,
                    status: if Some(*name) == fail_stage {
                        Status::Fail
                    } else {
                        Status::Pass
                    },
                    seconds: 1.0,
                    detail: Both::same(if *name == "tests" { "3 passed" } else { "ok" }),
                    log: (Some(*name) == fail_stage)
                        .then(|| Both::same("E   assert 1 == 2 <&> \u{1}")),
                })
                .collect(),
            kept: None,
            seconds: 7.0,
        }
    }

    #[test]
    fn junit_has_one_testcase_per_job_and_escapes_logs() {
        let xml = junit_report(
            &[
                report("chat", "default", None),
                report("chat", "tornado", Some("tests")),
            ],
            14.0,
        );
        let doc = roxmltree::Document::parse(&xml).expect("valid XML");
        let cases: Vec<_> = doc
            .descendants()
            .filter(|n| n.has_tag_name("testcase"))
            .collect();
        assert_eq!(cases.len(), 2);
        assert_eq!(cases[1].attribute("classname"), Some("chat"));
        assert_eq!(cases[1].attribute("name"), Some("tornado"));
        let failure = cases[1]
            .children()
            .find(|n| n.has_tag_name("failure"))
            .unwrap();
        assert_eq!(failure.attribute("message"), Some("tests: 3 passed"));
        assert_eq!(failure.attribute("type"), Some("fail"));
        assert!(failure.text().unwrap().contains("assert 1 == 2 <&>"));
        assert!(!cases[0].children().any(|n| n.has_tag_name("failure")));
    }

    #[test]
    fn summaries_name_the_failing_stage() {
        assert_eq!(report("t", "default", None).summary(), "tests: 3 passed");
        assert_eq!(report("t", "x", Some("ruff")).summary(), "ruff: ok");
    }

    #[test]
    fn failing_tests_are_read_from_pytest_output() {
        let dir = tempfile::tempdir().unwrap();
        let log = dir.path().join("t.log");
        std::fs::write(
            &log,
            "..F\nFAILED tests/test_a.py::test_x - AssertionError: no\nERROR tests/test_b.py\n1 failed, 2 passed in 0.1s\n",
        )
        .unwrap();
        assert_eq!(
            failing_tests(&log),
            ["tests/test_a.py::test_x", "tests/test_b.py"]
        );
        assert_eq!(last_summary_line(&log), "1 failed, 2 passed in 0.1s");
    }

    #[test]
    fn summary_counts_are_read_by_word() {
        let s = "52 passed, 1 skipped, 3 xfailed in 4.10s";
        assert_eq!(count_in_summary(s, "xfailed"), 3);
        assert_eq!(count_in_summary(s, "passed"), 52);
        assert_eq!(count_in_summary(s, "failed"), 0);
    }

    #[test]
    fn a_timeout_is_reported_apart_from_a_failure() {
        let mut r = report("chat", "default", Some("tests"));
        r.stages[3].status = Status::Timeout;
        assert!(!r.passed() && r.timed_out());
        let xml = junit_report(&[r], 1.0);
        let doc = roxmltree::Document::parse(&xml).expect("valid XML");
        let failure = doc
            .descendants()
            .find(|n| n.has_tag_name("failure"))
            .unwrap();
        assert_eq!(failure.attribute("type"), Some("timeout"));
        assert!(!report("t", "x", Some("ruff")).timed_out());
    }

    #[test]
    fn skip_reasons_come_from_the_short_summary() {
        let tmp = tempfile::tempdir().unwrap();
        let log = tmp.path().join("browser.log");
        std::fs::write(
            &log,
            "ssss [100%]\n\
             =========================== short test summary info ============================\n\
             SKIPPED [4] tests/browser/conftest.py:1: no browser: no Chrome/Chromium; install it\n\
             SKIPPED [1] tests/test_x.py: module skipped\n\
             4 skipped, 9 deselected in 2.01s\n",
        )
        .unwrap();
        assert_eq!(
            skip_reasons(&log),
            [
                "no browser: no Chrome/Chromium; install it",
                "module skipped"
            ]
        );
        assert!(skip_reasons(&tmp.path().join("missing.log")).is_empty());
        assert_eq!(pytest_summary(&log), "4 skipped, 9 deselected in 2.01s");
    }

    #[test]
    fn the_browser_stage_comes_right_after_the_tests() {
        let at = |name: &str| STAGES.iter().position(|s| *s == name).unwrap();
        assert_eq!(at("browser"), at("tests") + 1);
        assert_eq!(STAGES.len(), 8);
    }
}
