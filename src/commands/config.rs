//! `pystart config show`: where the configuration file is and which defaults are in effect.

use crate::error::Result;
use crate::printer::Printer;
use serde_json::json;

pub fn show(json_out: bool, printer: &Printer) -> Result<()> {
    let path = crate::config::path();
    let exists = path.as_ref().is_some_and(|p| p.is_file());
    let config = crate::config::load()?;
    let env = crate::settings::env_defaults_from(config.clone());
    let cache = crate::settings::cache_dir().ok();
    if json_out {
        printer.json(&json!({
            "path": path,
            "exists": exists,
            "file": config,
            "effective": {
                "author": env.author,
                "email": env.email,
                "lang": env.lang,
                "cache_dir": cache,
            },
        }));
        return Ok(());
    }
    let shown = |v: &Option<String>| v.clone().unwrap_or_else(|| "(not set)".into());
    let mut out = format!(
        "configuration file: {}{}\n\n",
        path.as_ref()
            .map_or("(no config directory)".into(), |p| p.display().to_string()),
        if exists { "" } else { " (does not exist)" }
    );
    out.push_str("defaults in effect for new projects (--set and --answers win over these):\n");
    out.push_str(&format!("  author     {}\n", shown(&env.author)));
    out.push_str(&format!("  email      {}\n", shown(&env.email)));
    out.push_str(&format!("  lang       {}\n", env.lang));
    out.push_str(&format!(
        "  cache dir  {}\n",
        cache.map_or("(none)".into(), |c| c.display().to_string())
    ));
    if let Some(j) = config.verify.jobs {
        out.push_str(&format!("  verify -j  {j}\n"));
    }
    if let Some(p) = &config.verify.python {
        out.push_str(&format!("  verify --python {}\n", p.display()));
    }
    if let Some(j) = config.batch.jobs {
        out.push_str(&format!("  batch -j   {j}\n"));
    }
    if let Some(m) = &config.batch.mode {
        out.push_str(&format!("  batch --mode {m}\n"));
    }
    out.push_str(
        "\nPrecedence: --set > --answers > environment (PYSTART_LANG, PYSTART_AUTHOR, PYSTART_EMAIL,\n\
         PYSTART_PYTHON) > this file > git config and locale > the template's default.\n",
    );
    printer.data(&out);
    Ok(())
}
