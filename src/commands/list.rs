//! `pystart list`: the templates as a table, or JSON.

use crate::catalog;
use crate::error::Result;
use crate::printer::Printer;
use crate::settings::ListSettings;
use serde_json::json;
use std::io::IsTerminal;

pub fn run(settings: ListSettings, printer: &Printer) -> Result<()> {
    let templates = catalog::templates()?;
    if settings.json {
        let rows: Vec<_> = templates
            .iter()
            .map(|t| {
                json!({
                    "name": t.name(),
                    "category": t.manifest.category.as_str(),
                    "summary": { "zh": t.manifest.summary.zh, "en": t.manifest.summary.en },
                    "python": t.manifest.python,
                    "size_mb": t.manifest.size_mb,
                })
            })
            .collect();
        printer.json(&json!(rows));
        return Ok(());
    }
    let width = templates
        .iter()
        .map(|t| t.name().len())
        .max()
        .unwrap_or(4)
        .max(4);
    let lang = settings.lang.as_str();
    // Chinese headers and summaries are two columns wide per character: pad by display width,
    // and on a terminal cut summaries to the line.
    let pad = crate::printer::pad;
    let columns = std::io::stdout()
        .is_terminal()
        .then(|| console::Term::stdout().size().1 as usize);
    let mut out = format!(
        "{}  {}  {}\n",
        pad(crate::messages::LIST_HEADER.get(lang), width),
        pad(crate::messages::LIST_CATEGORY.get(lang), 8),
        crate::messages::LIST_SUMMARY.get(lang)
    );
    for t in &templates {
        let summary = t.manifest.summary.get(&settings.lang);
        let summary = match columns {
            Some(cols) => crate::printer::fit(summary, cols.saturating_sub(width + 12).max(20)),
            None => summary.to_string(),
        };
        out.push_str(&format!(
            "{}  {}  {summary}\n",
            pad(t.name(), width),
            pad(t.manifest.category.as_str(), 8),
        ));
    }
    printer.data(&out);
    Ok(())
}
