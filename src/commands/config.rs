//! `pystart config show`: where the configuration file is and which defaults are in effect.

use crate::error::Result;
use crate::messages::generate as t;
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
    let not_set = t::CONFIG_SHOW_NOT_SET.s();
    let shown = |v: &Option<String>| v.clone().unwrap_or_else(|| not_set.into());
    let file = path.as_ref().map_or(t::CONFIG_SHOW_NO_DIR.s().into(), |p| {
        p.display().to_string()
    });
    let mut out = if exists {
        t::CONFIG_SHOW_FILE.f(&[("path", &file)])
    } else {
        t::CONFIG_SHOW_FILE_MISSING.f(&[("path", &file)])
    };
    out.push_str("\n\n");
    out.push_str(t::CONFIG_SHOW_DEFAULTS.s());
    out.push('\n');
    out.push_str(&format!("  author     {}\n", shown(&env.author)));
    out.push_str(&format!("  email      {}\n", shown(&env.email)));
    out.push_str(&format!("  lang       {}\n", env.lang));
    let cache = cache.map_or(t::CONFIG_SHOW_NONE.s().into(), |c| c.display().to_string());
    out.push_str(&t::CONFIG_SHOW_CACHE_DIR.f(&[("path", &cache)]));
    out.push('\n');
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
    out.push('\n');
    out.push_str(t::CONFIG_SHOW_PRECEDENCE.s());
    out.push('\n');
    printer.data(&out);
    Ok(())
}
