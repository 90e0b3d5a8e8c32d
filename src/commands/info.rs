//! `pystart info <template>`: variables, Python dependencies and the files a project gets.

use crate::catalog;
use crate::error::{Error, Result};
use crate::printer::Printer;
use crate::pyproject::Dependencies;
use crate::render;
use crate::settings::InfoSettings;
use crate::vars::{self, Value};
use indexmap::IndexMap;
use serde_json::json;

pub fn run(settings: InfoSettings, printer: &Printer) -> Result<()> {
    let template = catalog::find(&settings.template)?;
    let defs = vars::definitions(&template.manifest, &settings.env);
    // Render with the defaults to list files and read the dependencies; a template variable
    // without a default gets a placeholder of its type just for this listing.
    let mut given = IndexMap::new();
    for d in defs
        .iter()
        .filter(|d| !d.standard && d.spec.default.is_none())
    {
        let placeholder = match d.spec.kind {
            crate::manifest::VarType::Int => d.spec.min.unwrap_or(0).to_string(),
            crate::manifest::VarType::Bool => "false".into(),
            crate::manifest::VarType::Choice => d.spec.choices[0].clone(),
            crate::manifest::VarType::String => "example".into(),
        };
        given.insert(d.name.clone(), vars::Given::Text(placeholder));
    }
    let answers = vars::resolve(&defs, given, None)?;
    let plan = render::render(&template, &answers)?;
    let pyproject = plan.get("pyproject.toml").ok_or_else(|| {
        Error::new(
            crate::messages::generate::INFO_NO_PYPROJECT.m(&[("template", &template.name())]),
        )
    })?;
    let deps = Dependencies::parse(&String::from_utf8_lossy(&pyproject.contents))?;
    let m = &template.manifest;

    let default_of = |d: &vars::VarDef| -> Option<Value> {
        if d.name == "package" {
            answers.values.get("package").cloned()
        } else {
            d.spec
                .default
                .as_ref()
                .and_then(|v| Value::from_toml(&d.name, &d.spec, v).ok())
        }
    };

    if settings.json {
        let variables: Vec<_> = defs
            .iter()
            .map(|d| {
                json!({
                    "name": d.name,
                    "type": d.spec.kind.as_str(),
                    "default": default_of(d).map(|v| v.to_json()),
                    "derived": d.name == "package",
                    "choices": d.spec.choices,
                    "regex": d.spec.regex,
                    "min": d.spec.min,
                    "max": d.spec.max,
                    "prompt": d.spec.prompt.as_ref().map(|p| json!({"zh": p.zh, "en": p.en})),
                    "standard": d.standard,
                })
            })
            .collect();
        printer.json(&json!({
            "name": m.name,
            "category": m.category.as_str(),
            "summary": { "zh": m.summary.zh, "en": m.summary.en },
            "python": m.python,
            "size_mb": m.size_mb,
            "test": m.test,
            "variables": variables,
            "dependencies": { "main": deps.main, "extras": deps.extras, "build": deps.build },
            "shared_files": m.shared.iter().map(|s| json!({"from": s.from, "to": s.to})).collect::<Vec<_>>(),
            "conditional_files": m.files.when.iter().map(|w| json!({"if": w.condition, "paths": w.paths})).collect::<Vec<_>>(),
            "files": plan.files.iter().map(|f| f.path.as_str()).collect::<Vec<_>>(),
            "variants": m.variants.iter().map(|v| json!({"name": v.name, "set": v.set})).collect::<Vec<_>>(),
        }));
        return Ok(());
    }

    use crate::messages as t;
    let lang = settings.lang.as_str();
    let mut out = String::new();
    out.push_str(&format!(
        "{} ({})\n{}\nPython {}{}\n\n{}\n",
        printer.bold(&m.name),
        m.category.as_str(),
        m.summary.get(lang),
        m.python,
        m.size_mb
            .map(|mb| t::INFO_SIZE.fill(lang, &[("mb", &mb.to_string())]))
            .unwrap_or_default(),
        t::INFO_VARIABLES.get(lang)
    ));
    for d in &defs {
        let mut line = format!("  {:<14} {:<7} ", d.name, d.spec.kind.as_str());
        match default_of(d) {
            Some(v) if d.name == "package" => {
                line.push_str(&t::INFO_DERIVED.fill(lang, &[("value", &v.display())]))
            }
            Some(v) => line.push_str(&t::INFO_DEFAULT.fill(lang, &[("value", &v.display())])),
            None => line.push_str(t::INFO_REQUIRED.get(lang)),
        }
        if !d.spec.choices.is_empty() {
            line.push_str(&t::INFO_ONE_OF.fill(lang, &[("choices", &d.spec.choices.join(", "))]));
        }
        if let Some(re) = &d.spec.regex {
            line.push_str(&t::INFO_MATCHES.fill(lang, &[("regex", re)]));
        }
        out.push_str(&format!("{line}\n      {}\n", d.prompt(lang)));
    }
    out.push_str(&format!("\n{}\n", t::INFO_DEPENDENCIES.get(lang)));
    for dep in &deps.main {
        out.push_str(&format!("  {dep}\n"));
    }
    for (extra, list) in &deps.extras {
        out.push_str(&format!("  [{extra}] {}\n", list.join(", ")));
    }
    out.push_str(&format!(
        "\n{}\n",
        t::INFO_FILES.fill(lang, &[("count", &plan.files.len().to_string())])
    ));
    for f in &plan.files {
        out.push_str(&format!("  {}\n", f.path));
    }
    for w in &m.files.when {
        out.push_str(&format!(
            "  {}\n",
            t::INFO_ONLY_IF.fill(
                lang,
                &[("condition", &w.condition), ("paths", &w.paths.join(", "))]
            )
        ));
    }
    if !m.variants.is_empty() {
        out.push_str(&format!("\n{}\n", t::INFO_VARIANTS.get(lang)));
        for v in &m.variants {
            let set: Vec<String> = v.set.iter().map(|(k, val)| format!("{k}={val}")).collect();
            out.push_str(&format!("  {:<14} {}\n", v.name, set.join(" ")));
        }
    }
    printer.data(&out);
    Ok(())
}
