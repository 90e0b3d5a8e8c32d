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
    let mut out = format!("{:<width$}  {:<8}  SUMMARY\n", "NAME", "CATEGORY");
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
