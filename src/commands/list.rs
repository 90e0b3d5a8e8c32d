//! `pystart list`: the templates as a table, or JSON.

use crate::catalog;
use crate::error::Result;
use crate::printer::Printer;
use crate::settings::ListSettings;
use serde_json::json;

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
    // Chinese headers are two columns wide per character: pad by display width.
    let pad =
        |s: &str, w: usize| console::pad_str(s, w, console::Alignment::Left, None).into_owned();
    let mut out = format!(
        "{}  {}  {}\n",
        pad(crate::messages::LIST_HEADER.get(lang), width),
        pad(crate::messages::LIST_CATEGORY.get(lang), 8),
        crate::messages::LIST_SUMMARY.get(lang)
    );
    for t in &templates {
        out.push_str(&format!(
            "{:<width$}  {:<8}  {}\n",
            t.name(),
            t.manifest.category.as_str(),
            t.manifest.summary.get(&settings.lang)
        ));
    }
    printer.data(&out);
    Ok(())
}
