//! `pystart similar DIR`: pairs of submissions of a batch whose own code is suspiciously
//! alike (see [`crate::grading::similar`]). A pair is a reason to read both, not a verdict.

use crate::error::{Error, Result, display_path};
use crate::grading::assignment::Assignment;
use crate::grading::similar::{self, Pair};
use crate::messages::teach as t;
use crate::printer::Printer;
use crate::settings::SimilarSettings;
use serde_json::{Value, json};

pub fn run(settings: SimilarSettings, printer: &Printer) -> Result<()> {
    let assignment = Assignment::of_batch(&settings.dir, settings.template.as_deref())?;
    let template = assignment.load_template()?;
    let (compared, pairs) = similar::of_sources(
        &similar::batch_heads(&settings.dir),
        &template,
        assignment.student_mode(),
        settings.threshold,
    )?;
    if compared == 0 {
        return Err(Error::new(
            t::GRADE_NO_REPOSITORIES.m(&[("dir", &display_path(&settings.dir))]),
        )
        .hint(&t::GRADE_NO_REPOSITORIES_HINT));
    }
    if settings.json {
        printer.json(&json!({
            "compared": compared,
            "threshold": settings.threshold,
            "pairs": to_json(&pairs),
        }));
    }
    printer.info(&t::SIMILAR_SUMMARY.f(&[
        ("compared", &compared),
        ("pairs", &pairs.len()),
        ("threshold", &format!("{:.0}%", settings.threshold * 100.0)),
    ]));
    for p in &pairs {
        printer.info(&line(p));
    }
    Ok(())
}

/// One pair and where their code matches, for a person.
pub fn line(p: &Pair) -> String {
    let mut text = t::SIMILAR_PAIR.f(&[
        ("a", &p.a),
        ("b", &p.b),
        ("score", &format!("{:.0}%", p.score * 100.0)),
        ("shared", &p.shared),
    ]);
    for (fa, ra, fb, rb) in &p.matches {
        text.push_str(&format!(
            "\n    {fa}:{}-{}  ~  {fb}:{}-{}",
            ra.0, ra.1, rb.0, rb.1
        ));
    }
    text
}

/// The pairs for a JSON report (English keys).
pub fn to_json(pairs: &[Pair]) -> Value {
    json!(
        pairs
            .iter()
            .map(|p| json!({
                "a": p.a,
                "b": p.b,
                "score": (p.score * 1000.0).round() / 1000.0,
                "shared_fingerprints": p.shared,
                "matches": p.matches.iter().map(|(fa, ra, fb, rb)| json!({
                    "a": { "file": fa, "lines": [ra.0, ra.1] },
                    "b": { "file": fb, "lines": [rb.0, rb.1] },
                })).collect::<Vec<_>>(),
            }))
            .collect::<Vec<_>>()
    )
}
