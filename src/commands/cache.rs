//! `pystart cache list|clean`: what pystart keeps in its cache folder and freeing it. The cache
//! itself (entries, locks, last use) is [`crate::python::cache`]'s; this module only prints.

use crate::error::Result;
use crate::messages::verify as t;
use crate::printer::{Printer, pad};
use crate::python::Cache;
use crate::python::cache::Entry;
use serde_json::json;
use std::time::{Duration, SystemTime};

pub fn list(as_json: bool, printer: &Printer) -> Result<()> {
    let cache = Cache::new(crate::settings::cache_dir()?);
    let entries = cache.list();
    if as_json {
        printer.json(&json!({
            "path": cache.dir,
            "bytes": entries.iter().map(|e| e.bytes).sum::<u64>(),
            "entries": entries.iter().map(|e| json!({
                "name": e.name,
                "path": e.path,
                "bytes": e.bytes,
                "last_used": e.last_used.map(unix_seconds),
                "retired": e.retired,
                "in_use": e.in_use,
            })).collect::<Vec<_>>(),
        }));
        return Ok(());
    }
    let path = crate::error::display_path(&cache.dir);
    if entries.is_empty() {
        printer.data(&t::CACHE_EMPTY.f(&[("path", &path)]));
        return Ok(());
    }
    let width = entries
        .iter()
        .map(|e| e.name.len())
        .max()
        .unwrap_or(4)
        .max(4);
    for e in &entries {
        let mut notes = Vec::new();
        if e.retired {
            notes.push(t::CACHE_RETIRED.s().to_string());
        }
        if e.in_use {
            notes.push(t::CACHE_IN_USE_NOW.s().to_string());
        }
        printer.data(&format!(
            "{}  {:>9}  {}{}",
            pad(&e.name, width),
            size(e.bytes),
            pad(&last_used(e), 12),
            notes.iter().map(|n| format!("  {n}")).collect::<String>(),
        ));
    }
    let total: u64 = entries.iter().map(|e| e.bytes).sum();
    printer.info(&t::CACHE_TOTAL.f(&[("size", &size(total)), ("path", &path)]));
    Ok(())
}

pub fn clean(older_than: Option<Duration>, printer: &Printer) -> Result<()> {
    let cache = Cache::new(crate::settings::cache_dir()?);
    let cleaned = cache.clean(older_than);
    for e in &cleaned.removed {
        printer.info(&t::CACHE_REMOVED.f(&[("name", &e.name), ("size", &size(e.bytes))]));
    }
    for e in &cleaned.in_use {
        printer.note(&t::CACHE_KEPT_IN_USE.f(&[("name", &e.name)]));
    }
    for (e, why) in &cleaned.failed {
        printer.warn(&t::CACHE_NOT_REMOVED.f(&[("name", &e.name), ("err", why)]));
    }
    let freed: u64 = cleaned.removed.iter().map(|e| e.bytes).sum();
    printer.info(&t::CACHE_FREED.f(&[
        ("size", &size(freed)),
        ("path", &crate::error::display_path(&cache.dir)),
    ]));
    Ok(())
}

fn unix_seconds(t: SystemTime) -> u64 {
    t.duration_since(SystemTime::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or_default()
}

fn last_used(e: &Entry) -> String {
    let Some(t) = e.last_used else {
        return "-".into();
    };
    let days = SystemTime::now()
        .duration_since(t)
        .unwrap_or_default()
        .as_secs()
        / 86_400;
    if days == 0 {
        t::CACHE_TODAY.s().to_string()
    } else {
        t::CACHE_DAYS_AGO.f(&[("n", &days)])
    }
}

/// `1.2 GB`, `35 MB`, `12 kB`, `512 B` (powers of 1000, as uv and pip print sizes).
fn size(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["kB", "MB", "GB", "TB"];
    if bytes < 1000 {
        return format!("{bytes} B");
    }
    let mut value = bytes as f64;
    let mut unit = "";
    for u in UNITS {
        value /= 1000.0;
        unit = u;
        if value < 1000.0 {
            break;
        }
    }
    if value < 10.0 {
        format!("{value:.1} {unit}")
    } else {
        format!("{value:.0} {unit}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_like_uvs() {
        assert_eq!(size(512), "512 B");
        assert_eq!(size(1_234), "1.2 kB");
        assert_eq!(size(35_000_000), "35 MB");
        assert_eq!(size(5_500_000_000), "5.5 GB");
    }
}
