//! What grading found, per student, and the teacher's reports of it: CSV for spreadsheets
//! (every cell safe to open in Excel), JSON for tools, and one self-contained HTML page.
//! Report fields are English codes whatever the interface language.

use super::copy::Change;
use crate::git::CommitInfo;
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::PathBuf;

/// How grading one student ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Tests ran and were scored.
    Graded,
    /// No repository, or one without a commit.
    NoSubmission,
    /// The project could not be installed.
    BuildFailed,
    /// Install and tests together went past the time limit.
    Timeout,
    /// pytest ran but wrote no report (it could not collect, or crashed).
    NoReport,
    /// Something else went wrong; see the reason.
    Error,
}

impl Status {
    pub fn code(self) -> &'static str {
        match self {
            Status::Graded => "graded",
            Status::NoSubmission => "no submission",
            Status::BuildFailed => "build failed",
            Status::Timeout => "timeout",
            Status::NoReport => "no report",
            Status::Error => "error",
        }
    }
}

/// One student's grade.
#[derive(Debug, Clone)]
pub struct Graded {
    pub id: String,
    pub name: String,
    pub status: Status,
    /// Why the status is not `graded` (English).
    pub reason: Option<String>,
    pub commit: Option<CommitInfo>,
    /// `grade.py`'s result when tests were scored.
    pub score: Option<Value>,
    /// The assignment's maximum (the same for everyone).
    pub max_points: u64,
    pub changes: Vec<(String, Change)>,
    pub extra_dependencies: Vec<String>,
    pub suspicious: Vec<String>,
    /// Not on the roster given with `--roster` (graded from the batch record).
    pub not_on_roster: bool,
    /// Commits after the deadline (not graded), newest first.
    pub late: Vec<CommitInfo>,
    /// Commits dated in the future (the committer's clock, or a forged date).
    pub future: Vec<CommitInfo>,
    /// With --feedback: `pushed`, or why not.
    pub feedback: Option<String>,
    /// The kept log of a failed build or run.
    pub log: Option<PathBuf>,
    pub seconds: f64,
}

impl Graded {
    pub fn points(&self) -> u64 {
        self.number("points")
    }

    /// A number of the score (0 without one).
    pub fn number(&self, key: &str) -> u64 {
        self.score
            .as_ref()
            .and_then(|s| s[key].as_u64())
            .unwrap_or(0)
    }

    /// `base_max`/`exercise_max` come from the fixed test set even without a score.
    fn max_of(&self, key: &str, fixed: &Value) -> u64 {
        self.score
            .as_ref()
            .and_then(|s| s[key].as_u64())
            .or_else(|| fixed[key].as_u64())
            .unwrap_or(0)
    }

    pub fn flags(&self) -> Vec<String> {
        let mut flags: Vec<String> = self
            .suspicious
            .iter()
            .map(|p| format!("reaches into pytest: {p}"))
            .collect();
        if self.not_on_roster {
            flags.push("not on the roster".into());
        }
        if !self.late.is_empty() {
            flags.push(format!(
                "{} commit(s) after the deadline, not graded",
                self.late.len()
            ));
        }
        if !self.future.is_empty() {
            flags.push(format!(
                "{} commit(s) dated in the future",
                self.future.len()
            ));
        }
        let missing = self.number("missing");
        if missing > 0 {
            flags.push(format!("{missing} test(s) not collected"));
        }
        if let Some(s) = &self.score {
            for u in s["unexpected"].as_array().into_iter().flatten() {
                if let Some(u) = u.as_str() {
                    flags.push(format!("unexpected test: {u}"));
                }
            }
        }
        flags
    }

    fn changes_where(&self, restored: bool) -> Vec<String> {
        self.changes
            .iter()
            .filter(|(_, c)| c.restored() == restored)
            .map(|(p, c)| format!("{p} ({})", c.code()))
            .collect()
    }

    pub fn restored(&self) -> Vec<String> {
        self.changes_where(true)
    }

    pub fn ignored(&self) -> Vec<String> {
        self.changes_where(false)
    }

    /// Outcome of each test id.
    pub fn outcomes(&self) -> BTreeMap<String, String> {
        let mut out = BTreeMap::new();
        for t in self
            .score
            .as_ref()
            .and_then(|s| s["tests"].as_array())
            .into_iter()
            .flatten()
        {
            if let (Some(id), Some(o)) = (t["id"].as_str(), t["outcome"].as_str()) {
                out.insert(id.to_string(), o.to_string());
            }
        }
        out
    }
}

/// FEEDBACK.md for a student, in the interface language: the score, the graded commit,
/// the tests not passed with their short messages, the files restored and the commits after
/// the deadline.
pub fn feedback_markdown(g: &Graded) -> String {
    use crate::messages::teach as t;
    let mut md = format!("{}\n\n", t::FEEDBACK_TITLE.s());
    md.push_str(&t::FEEDBACK_SCORE.f(&[
        ("points", &g.points()),
        ("max", &g.max_points),
        ("base", &g.number("base_points")),
        ("base_max", &g.number("base_max")),
        ("ex", &g.number("exercise_points")),
        ("ex_max", &g.number("exercise_max")),
    ]));
    md.push_str("\n\n");
    if let Some(c) = &g.commit {
        md.push_str(&t::FEEDBACK_COMMIT.f(&[
            ("commit", &&c.id[..c.id.len().min(10)]),
            ("date", &c.date()),
        ]));
        md.push_str("\n\n");
    }
    if let Some(reason) = &g.reason {
        md.push_str(&t::FEEDBACK_NOT_GRADED.f(&[("status", &g.status.code()), ("reason", reason)]));
        md.push_str("\n\n");
    }
    let failing: Vec<&Value> = g
        .score
        .as_ref()
        .and_then(|s| s["tests"].as_array())
        .into_iter()
        .flatten()
        .filter(|t| t["outcome"] != "pass")
        .collect();
    if g.score.is_some() {
        if failing.is_empty() {
            md.push_str(t::FEEDBACK_ALL_PASSED.s());
            md.push_str("\n\n");
        } else {
            md.push_str(&format!("{}\n\n", t::FEEDBACK_FAILING.s()));
            for test in failing {
                let id = test["id"].as_str().unwrap_or("");
                let outcome = test["outcome"].as_str().unwrap_or("");
                md.push_str(&format!("- `{id}` ({outcome})"));
                if let Some(m) = test["message"].as_str().filter(|m| !m.is_empty()) {
                    md.push_str(&format!(": {}", crate::render::md(m)));
                }
                md.push('\n');
            }
            md.push('\n');
        }
    }
    let restored = g.restored();
    if !restored.is_empty() {
        md.push_str(&format!("{}\n\n", t::FEEDBACK_RESTORED.s()));
        for r in restored {
            md.push_str(&format!("- {}\n", crate::render::md(&r)));
        }
        md.push('\n');
    }
    if !g.late.is_empty() {
        md.push_str(&t::FEEDBACK_LATE.f(&[("n", &g.late.len())]));
        md.push_str("\n\n");
    }
    md.push_str(t::FEEDBACK_FOOTER.s());
    md.push('\n');
    md
}

/// A cell that a spreadsheet will not run as a formula: one that starts with `=`, `+`, `-`,
/// `@`, a tab or a carriage return gets a leading `'` (OWASP's rule for CSV injection).
pub fn spreadsheet_safe(cell: &str) -> String {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{cell}"),
        _ => cell.to_string(),
    }
}

/// The CSV report: UTF-8 with a BOM (for Excel), one row per student, one column per test.
pub fn csv(results: &[Graded], tests: &[String], fixed: &Value) -> Result<Vec<u8>, csv::Error> {
    let mut out = Vec::from(&b"\xEF\xBB\xBF"[..]);
    {
        let mut w = csv::Writer::from_writer(&mut out);
        let mut header: Vec<String> = [
            "id",
            "name",
            "status",
            "points",
            "max_points",
            "base_points",
            "base_max",
            "exercise_points",
            "exercise_max",
            "passed",
            "failed",
            "missing",
            "commit",
            "commit_date",
            "restored",
            "ignored",
            "extra_dependencies",
            "flags",
            "log",
            "seconds",
            "reason",
        ]
        .map(String::from)
        .to_vec();
        header.extend(tests.iter().cloned());
        w.write_record(header.iter().map(|c| spreadsheet_safe(c)))?;
        for g in results {
            let outcomes = g.outcomes();
            let mut row = vec![
                g.id.clone(),
                g.name.clone(),
                g.status.code().to_string(),
                g.points().to_string(),
                g.max_points.to_string(),
                g.number("base_points").to_string(),
                g.max_of("base_max", fixed).to_string(),
                g.number("exercise_points").to_string(),
                g.max_of("exercise_max", fixed).to_string(),
                g.number("passed").to_string(),
                g.number("failed").to_string(),
                g.number("missing").to_string(),
                g.commit.as_ref().map(|c| c.id.clone()).unwrap_or_default(),
                g.commit.as_ref().map(CommitInfo::date).unwrap_or_default(),
                g.restored().join("; "),
                g.ignored().join("; "),
                g.extra_dependencies.join("; "),
                g.flags().join("; "),
                g.log
                    .as_ref()
                    .map(|p| p.display().to_string())
                    .unwrap_or_default(),
                format!("{:.1}", g.seconds),
                g.reason.clone().unwrap_or_default(),
            ];
            row.extend(
                tests
                    .iter()
                    .map(|t| outcomes.get(t).cloned().unwrap_or_default()),
            );
            w.write_record(row.iter().map(|c| spreadsheet_safe(c)))?;
        }
        w.flush()?;
    }
    Ok(out)
}

/// The JSON report (schema in README "Teachers").
pub fn json(assignment: &Value, results: &[Graded]) -> Value {
    json!({
        "assignment": assignment,
        "students": results.iter().map(|g| json!({
            "id": g.id,
            "name": g.name,
            "status": g.status.code(),
            "reason": g.reason,
            "points": g.points(),
            "max_points": g.max_points,
            "commit": g.commit.as_ref().map(|c| &c.id),
            "commit_date": g.commit.as_ref().map(CommitInfo::date),
            "restored": g.restored(),
            "ignored": g.ignored(),
            "extra_dependencies": g.extra_dependencies,
            "flags": g.flags(),
            "log": g.log,
            "late_commits": g.late.iter().map(|c| json!({"commit": c.id, "date": c.date()})).collect::<Vec<_>>(),
            "future_commits": g.future.iter().map(|c| json!({"commit": c.id, "date": c.date()})).collect::<Vec<_>>(),
            "feedback": g.feedback,
            "seconds": (g.seconds * 100.0).round() / 100.0,
            "result": g.score,
        })).collect::<Vec<_>>(),
    })
}

/// Students per tenth of the maximum (the last bin holds full marks).
fn histogram(results: &[Graded], max: u64) -> [usize; 10] {
    let mut bins = [0usize; 10];
    for g in results {
        let bin = (g.points() * 10)
            .checked_div(max)
            .map_or(0, |b| (b as usize).min(9));
        bins[bin] += 1;
    }
    bins
}

fn histogram_svg(bins: &[usize; 10], max_points: u64) -> String {
    let (w, h, pad) = (600.0, 220.0, 30.0);
    let tallest = *bins.iter().max().unwrap_or(&0) as f64;
    let bar = (w - 2.0 * pad) / 10.0;
    let mut svg = format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" role="img" aria-label="score histogram">"#
    );
    for (i, &n) in bins.iter().enumerate() {
        let bh = if tallest > 0.0 {
            (h - 2.0 * pad) * n as f64 / tallest
        } else {
            0.0
        };
        let x = pad + i as f64 * bar;
        let y = h - pad - bh;
        let _ = write!(
            svg,
            r##"<rect x="{x:.1}" y="{y:.1}" width="{:.1}" height="{bh:.1}" fill="#4c78a8"><title>{n}</title></rect>"##,
            bar - 4.0
        );
        if n > 0 {
            let _ = write!(
                svg,
                r#"<text x="{:.1}" y="{:.1}" font-size="12" text-anchor="middle">{n}</text>"#,
                x + bar / 2.0 - 2.0,
                y - 4.0
            );
        }
        let from = max_points * i as u64 / 10;
        let _ = write!(
            svg,
            r#"<text x="{:.1}" y="{:.1}" font-size="11" text-anchor="middle">{from}</text>"#,
            x + bar / 2.0 - 2.0,
            h - pad + 14.0
        );
    }
    let _ = write!(
        svg,
        r##"<line x1="{pad}" y1="{0}" x2="{1}" y2="{0}" stroke="#333"/></svg>"##,
        h - pad,
        w - pad
    );
    svg
}

/// One self-contained page: summary, score histogram, pass rate per test, a row per student.
pub fn html(
    title: &str,
    results: &[Graded],
    tests: &[String],
    max_points: u64,
    similar: Option<&[super::similar::Pair]>,
) -> String {
    let graded: Vec<&Graded> = results
        .iter()
        .filter(|g| g.status == Status::Graded)
        .collect();
    let mut points: Vec<u64> = results.iter().map(Graded::points).collect();
    points.sort_unstable();
    let mean = if points.is_empty() {
        0.0
    } else {
        points.iter().sum::<u64>() as f64 / points.len() as f64
    };
    let median = points.get(points.len() / 2).copied().unwrap_or(0);
    let mut page = String::new();
    let _ = write!(
        page,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{t}</title>\
         <style>body{{font-family:sans-serif;margin:2em;max-width:70em}}table{{border-collapse:collapse}}\
         td,th{{border:1px solid #ccc;padding:.2em .5em;text-align:left;vertical-align:top}}\
         .bar{{background:#4c78a8;height:.8em;display:inline-block}}.bad{{color:#b00}}</style></head><body>\
         <h1>{t}</h1><p>{n} students, {g} graded; maximum {max_points} points; mean {mean:.1}, median {median}.</p>\
         <h2>Scores</h2>{svg}",
        t = crate::render::xml_escape(title),
        n = results.len(),
        g = graded.len(),
        svg = histogram_svg(&histogram(results, max_points), max_points),
    );
    page.push_str(
        "<h2>Pass rate per test</h2><table><tr><th>test</th><th>passed</th><th></th></tr>",
    );
    for t in tests {
        let passed = graded
            .iter()
            .filter(|g| g.outcomes().get(t).is_some_and(|o| o == "pass"))
            .count();
        let rate = if graded.is_empty() {
            0.0
        } else {
            passed as f64 / graded.len() as f64
        };
        let _ = write!(
            page,
            "<tr><td><code>{}</code></td><td>{passed}/{}</td><td><span class=\"bar\" style=\"width:{:.0}px\"></span></td></tr>",
            crate::render::xml_escape(t),
            graded.len(),
            rate * 200.0
        );
    }
    page.push_str(
        "</table><h2>Students</h2><table><tr><th>id</th><th>name</th><th>status</th><th>points</th>\
         <th>exercises</th><th>commit date</th><th>restored or ignored</th><th>flags</th></tr>",
    );
    for g in results {
        let mut changes = g.restored();
        changes.extend(g.ignored());
        changes.extend(
            g.extra_dependencies
                .iter()
                .map(|d| format!("{d} (dependency, not installed)")),
        );
        let status = match &g.reason {
            Some(r) => format!(
                "<span class=\"bad\">{}</span>: {}",
                g.status.code(),
                crate::render::xml_escape(r)
            ),
            None => g.status.code().to_string(),
        };
        let _ = write!(
            page,
            "<tr><td>{}</td><td>{}</td><td>{status}</td><td>{}/{}</td><td>{}/{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            crate::render::xml_escape(&g.id),
            crate::render::xml_escape(&g.name),
            g.points(),
            g.max_points,
            g.number("exercise_points"),
            g.number("exercise_max"),
            crate::render::xml_escape(&g.commit.as_ref().map(CommitInfo::date).unwrap_or_default()),
            crate::render::xml_escape(&changes.join("; ")),
            crate::render::xml_escape(&g.flags().join("; ")),
        );
    }
    page.push_str("</table>");
    if let Some(pairs) = similar {
        page.push_str(
            "<h2>Suspiciously alike submissions</h2><p>Students' own code only, the starter code \
             taken out; a pair is a reason to read both side by side, not a verdict.</p>\
             <table><tr><th>students</th><th>alike</th><th>matching lines</th></tr>",
        );
        for p in pairs {
            let ranges: Vec<String> = p
                .matches
                .iter()
                .map(|(fa, ra, fb, rb)| format!("{fa}:{}-{} ~ {fb}:{}-{}", ra.0, ra.1, rb.0, rb.1))
                .collect();
            let _ = write!(
                page,
                "<tr><td>{} ~ {}</td><td>{:.0}%</td><td>{}</td></tr>",
                crate::render::xml_escape(&p.a),
                crate::render::xml_escape(&p.b),
                p.score * 100.0,
                crate::render::xml_escape(&ranges.join("; ")),
            );
        }
        page.push_str("</table>");
    }
    page.push_str("</body></html>\n");
    page
}

#[cfg(test)]
mod tests {
    use super::*;

    fn graded(id: &str, name: &str, points: u64) -> Graded {
        Graded {
            id: id.into(),
            name: name.into(),
            status: Status::Graded,
            reason: None,
            commit: None,
            score: Some(json!({"points": points, "max_points": 10, "tests": [
                {"id": "tests/test_a.py::test_x", "outcome": if points > 0 { "pass" } else { "fail" }}
            ]})),
            max_points: 10,
            changes: vec![],
            extra_dependencies: vec![],
            suspicious: vec![],
            not_on_roster: false,
            late: vec![],
            future: vec![],
            feedback: None,
            log: None,
            seconds: 1.0,
        }
    }

    #[test]
    fn formulas_are_neutralised_in_every_cell() {
        for bad in [
            "=HYPERLINK(\"http://x\")",
            "+1",
            "-2",
            "@SUM(A1)",
            "\tx",
            "\rx",
        ] {
            assert!(spreadsheet_safe(bad).starts_with('\''), "{bad}");
        }
        assert_eq!(spreadsheet_safe("张三"), "张三");
        let rows = [graded("=1+1", "=HYPERLINK(\"http://evil\",\"x\")", 3)];
        let out = csv(&rows, &["tests/test_a.py::test_x".into()], &json!({})).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.contains("'=1+1"), "{text}");
        assert!(text.contains("'=HYPERLINK"), "{text}");
        assert!(
            !text.contains(",=HYP") && !text.contains("\"=HYP"),
            "{text}"
        );
    }

    #[test]
    fn the_page_escapes_names_and_draws_a_histogram() {
        let rows = [
            graded("s1", "<script>alert(1)</script>", 10),
            graded("s2", "B", 0),
        ];
        let page = html(
            "titanic",
            &rows,
            &["tests/test_a.py::test_x".into()],
            10,
            None,
        );
        assert!(!page.contains("<script>"));
        assert!(page.contains("&lt;script&gt;"));
        assert!(page.contains("<svg"));
        assert!(page.contains("1/2"));
        assert_eq!(histogram(&rows, 10), [1, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
    }
}
