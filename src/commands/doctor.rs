//! `pystart doctor`: is this machine ready for the generated projects? A checklist with fixes.
//!
//! Required: a Python ≥ 3.10 with `venv` and `pip` (or `uv`), and a writable cache directory.
//! Recommended: a package index that answers (the one pip or uv will use, mirrors included),
//! git with user.name/email (commits, `batch --push`), a CJK font (Chinese labels in plots).
//! Exit code 1 when something required is missing.

use crate::error::{Error, Result};
use crate::index::Probe;
use crate::messages::verify::{self as t, Both};
use crate::platform::find_on_path;
use crate::printer::Printer;
use crate::python::Python;
use serde_json::json;
use std::path::PathBuf;
use std::process::Command;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Level {
    Ok,
    Warn,
    Fail,
}

#[derive(Debug)]
struct Check {
    name: &'static str,
    level: Level,
    /// In English for `--json` (its values are data), in the interface language for the list.
    detail: Both,
    fix: Option<Both>,
}

pub fn run(json_out: bool, printer: &Printer) -> Result<()> {
    let mut checks = Vec::new();
    let pythons = find_pythons();
    let good: Vec<&(PathBuf, Python)> = pythons
        .iter()
        .filter(|(_, p)| version_at_least(&p.version, 3, 10))
        .collect();
    checks.push(match (good.first(), pythons.first()) {
        (Some((path, p)), _) => Check {
            name: "python",
            level: Level::Ok,
            detail: Both::of(
                &t::DOCTOR_PYTHON_FOUND,
                &[
                    ("implementation", &p.implementation),
                    ("version", &p.version),
                    ("path", &path.display()),
                    ("n", &pythons.len()),
                ],
            ),
            fix: None,
        },
        (None, Some((path, p))) => Check {
            name: "python",
            level: Level::Fail,
            detail: Both::of(
                &t::DOCTOR_PYTHON_OLD,
                &[("version", &p.version), ("path", &path.display())],
            ),
            fix: Some(Both::of(&t::DOCTOR_PYTHON_INSTALL, &[])),
        },
        (None, None) => Check {
            name: "python",
            level: Level::Fail,
            detail: Both::of(&t::DOCTOR_NO_PYTHON, &[]),
            fix: Some(Both::of(&t::DOCTOR_PYTHON_ON_PATH, &[])),
        },
    });
    let cache = crate::settings::cache_dir()
        .ok()
        .map(crate::python::Cache::new);
    let uv = crate::python::installer::available_uv(cache.as_ref());
    if let Some((path, _)) = good.first() {
        let has = |module: &str| {
            Command::new(path)
                .args(["-c", &format!("import {module}")])
                .output()
                .is_ok_and(|o| o.status.success())
        };
        let venv = has("venv") && has("ensurepip");
        let pip = has("pip");
        checks.push(Check {
            name: "venv",
            level: if venv || uv.is_some() {
                Level::Ok
            } else {
                Level::Fail
            },
            detail: Both::of(
                if venv {
                    &t::DOCTOR_VENV_WORKS
                } else {
                    &t::DOCTOR_VENV_MISSING
                },
                &[],
            ),
            fix: (!venv).then(|| Both::of(&t::DOCTOR_VENV_FIX, &[])),
        });
        checks.push(Check {
            name: "pip",
            level: if pip || uv.is_some() {
                Level::Ok
            } else {
                Level::Warn
            },
            detail: Both::of(
                if pip {
                    &t::DOCTOR_PIP_INSTALLED
                } else {
                    &t::DOCTOR_NO_PIP
                },
                &[],
            ),
            fix: (!pip).then(|| Both::of(&t::DOCTOR_PIP_FIX, &[])),
        });
    }
    checks.push(Check {
        name: "installer",
        level: Level::Ok,
        detail: match &uv {
            Some(installer) => Both {
                en: installer.describe_in("en"),
                shown: installer.describe(),
                code: None,
            },
            None => Both::of(&t::DOCTOR_NO_UV, &[]),
        },
        fix: None,
    });
    checks.push(index_check(
        good.first().map(|(_, p)| p.exe.as_path()),
        uv.is_some(),
    ));
    let git_exe = find_on_path(&["git"]);
    let (name, email) = crate::git::configured_user();
    checks.push(Check {
        name: "git",
        level: if name.is_some() && email.is_some() {
            Level::Ok
        } else {
            Level::Warn
        },
        detail: {
            // Each part in each language, then the sentence in each language.
            let part = |lang: &str| {
                let git = git_exe.as_ref().map_or_else(
                    || t::DOCTOR_NO_GIT.get(lang).to_string(),
                    |p| p.display().to_string(),
                );
                let value = |v: &Option<String>| {
                    v.as_deref().map_or_else(
                        || t::DOCTOR_NOT_SET.get(lang).to_string(),
                        |v| format!("`{v}`"),
                    )
                };
                let (name, email) = (value(&name), value(&email));
                t::DOCTOR_GIT.fill(lang, &[("git", &git), ("name", &name), ("email", &email)])
            };
            Both {
                en: part("en"),
                shown: part(crate::messages::lang()),
                code: None,
            }
        },
        fix: (name.is_none() || email.is_none()).then(|| Both::of(&t::DOCTOR_GIT_FIX, &[])),
    });
    let font = find_cjk_font();
    let has_font = font.is_some();
    checks.push(Check {
        name: "cjk-font",
        level: if has_font { Level::Ok } else { Level::Warn },
        detail: font.map_or_else(|| Both::of(&t::DOCTOR_NO_FONT, &[]), Both::same),
        fix: (!has_font).then(|| Both::of(&t::DOCTOR_FONT_FIX, &[])),
    });
    checks.push(cache_check());

    let failed = checks.iter().filter(|c| c.level == Level::Fail).count();
    if json_out {
        printer.json(&json!({
            "ok": failed == 0,
            "checks": checks.iter().map(|c| json!({
                "name": c.name,
                "status": match c.level { Level::Ok => "ok", Level::Warn => "warn", Level::Fail => "fail" },
                "detail": c.detail.en,
                "fix": c.fix.as_ref().map(|f| &f.en),
            })).collect::<Vec<_>>(),
        }));
    } else {
        let mut out = String::new();
        for c in &checks {
            let pad = |s: &str| console::pad_str(s, 4, console::Alignment::Left, None).into_owned();
            let mark = match c.level {
                Level::Ok => printer.green(&pad(t::DOCTOR_OK.s())),
                Level::Warn => pad(t::DOCTOR_WARN.s()),
                Level::Fail => printer.red(&pad(t::DOCTOR_FAIL.s())),
            };
            out.push_str(&format!("{mark} {:<9} {}\n", c.name, c.detail.shown));
            if let Some(fix) = &c.fix {
                out.push_str(&format!(
                    "     {:<9} {}\n",
                    "",
                    t::DOCTOR_FIX.f(&[("fix", &fix.shown)])
                ));
            }
        }
        printer.data(&out);
    }
    if failed == 0 {
        Ok(())
    } else {
        Err(Error::new(t::DOCTOR_FAILED.count_m(failed)).hint(&t::DOCTOR_FAILED_HINT))
    }
}

fn version_at_least(version: &str, major: u32, minor: u32) -> bool {
    crate::python::major_minor(version) >= (major, minor)
}

/// Interpreters on PATH (the usual names first, then python3.13…3.10), each once.
fn find_pythons() -> Vec<(PathBuf, Python)> {
    let mut found: Vec<(PathBuf, Python)> = Vec::new();
    let versioned = ["python3.13", "python3.12", "python3.11", "python3.10"];
    for name in crate::platform::PYTHON_NAMES.iter().chain(&versioned) {
        let Some(path) = find_on_path(&[name]) else {
            continue;
        };
        let Ok(p) = Python::probe(&path) else {
            continue;
        };
        if !found.iter().any(|(_, q)| q.version == p.version) {
            found.push((path, p));
        }
    }
    found
}

/// A Chinese font matplotlib can use: fontconfig first, then the usual font folders.
fn find_cjk_font() -> Option<String> {
    if let Some(fc) = find_on_path(&["fc-list"])
        && let Ok(out) = Command::new(fc).args([":lang=zh", "family"]).output()
    {
        let text = String::from_utf8_lossy(&out.stdout);
        if let Some(first) = text.lines().find(|l| !l.trim().is_empty()) {
            return Some(format!("{} (fontconfig)", first.trim()));
        }
    }
    let home = dirs::home_dir().unwrap_or_default();
    let dirs = [
        PathBuf::from("/usr/share/fonts"),
        PathBuf::from("/usr/local/share/fonts"),
        home.join(".local/share/fonts"),
        home.join(".fonts"),
        PathBuf::from("/System/Library/Fonts"),
        PathBuf::from("/Library/Fonts"),
        PathBuf::from("C:\\Windows\\Fonts"),
    ];
    let wanted = [
        "notosanscjk",
        "notoserifcjk",
        "sourcehan",
        "wqy",
        "simhei",
        "msyh",
        "pingfang",
        "simsun",
    ];
    let mut stack: Vec<PathBuf> = dirs.into_iter().filter(|d| d.is_dir()).collect();
    let mut seen = 0;
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            seen += 1;
            if seen > 20_000 {
                return None;
            }
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let name = p
                    .file_name()
                    .map(|n| n.to_string_lossy().to_lowercase())
                    .unwrap_or_default();
                if wanted
                    .iter()
                    .any(|w| name.replace(['-', '_', ' '], "").contains(w))
                {
                    return Some(p.display().to_string());
                }
            }
        }
    }
    None
}

/// The package index installs will use (uv's when uv is on PATH, else pip's), and whether it
/// answers within a few seconds. A user name or password in its URL is never shown.
fn index_check(python: Option<&std::path::Path>, uv: bool) -> Check {
    let settings = crate::index::settings();
    let tool = if uv { "uv" } else { "pip" };
    let setting = settings.in_effect(tool);
    let (asked, probe) = match python {
        Some(py) => {
            let (asked, probe) = crate::index::probe(py, setting.map(|s| s.url.as_str()), settings);
            (asked, Some(probe))
        }
        None => (setting.map(|s| s.url.clone()), None),
    };
    let index = |lang: &str| {
        let url = asked.as_deref().map_or_else(
            || t::DOCTOR_INDEX_PIP_DEFAULT.get(lang).to_string(),
            crate::url::redact,
        );
        let source = setting.map_or_else(
            || t::DOCTOR_INDEX_DEFAULT.get(lang).to_string(),
            |s| s.source.to_string(),
        );
        t::DOCTOR_INDEX.fill(lang, &[("url", &url), ("source", &source), ("tool", tool)])
    };
    let line = |lang: &str| {
        let index = index(lang);
        match &probe {
            None => t::DOCTOR_INDEX_UNCHECKED.fill(lang, &[("index", &index)]),
            Some(Probe::Answers { secs }) => t::DOCTOR_INDEX_ANSWERS
                .fill(lang, &[("index", &index), ("secs", &format!("{secs:.1}"))]),
            Some(Probe::Status(code)) => t::DOCTOR_INDEX_STATUS
                .fill(lang, &[("index", &index), ("status", &code.to_string())]),
            Some(Probe::Failed(why)) => {
                t::DOCTOR_INDEX_FAILED.fill(lang, &[("index", &index), ("reason", why)])
            }
            Some(Probe::TimedOut) => t::DOCTOR_INDEX_TIMEOUT.fill(
                lang,
                &[
                    ("index", &index),
                    ("secs", &crate::index::PROBE_LIMIT.as_secs().to_string()),
                ],
            ),
        }
    };
    let answers = matches!(probe, Some(Probe::Answers { .. }));
    Check {
        name: "index",
        level: if answers { Level::Ok } else { Level::Warn },
        detail: Both {
            en: line("en"),
            shown: line(crate::messages::lang()),
            code: None,
        },
        fix: (!answers).then(|| Both::of(&t::DOCTOR_INDEX_FIX, &[])),
    }
}

fn cache_check() -> Check {
    let result = crate::settings::cache_dir().and_then(|dir| {
        std::fs::create_dir_all(&dir).map_err(|e| Error::io("create", &dir, e))?;
        let probe = dir.join(format!(".doctor-{}", std::process::id()));
        std::fs::write(&probe, b"ok").map_err(|e| Error::io("write", &probe, e))?;
        let _ = std::fs::remove_file(&probe);
        Ok(dir)
    });
    match result {
        Ok(dir) => Check {
            name: "cache",
            level: Level::Ok,
            detail: Both::of(&t::DOCTOR_CACHE_WRITABLE, &[("path", &dir.display())]),
            fix: None,
        },
        Err(e) => Check {
            name: "cache",
            level: Level::Fail,
            detail: Both::same(e.message()),
            fix: Some(Both::of(&t::DOCTOR_CACHE_FIX, &[])),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::version_at_least;

    #[test]
    fn versions_compare_numerically() {
        assert!(version_at_least("3.10.13", 3, 10));
        assert!(version_at_least("3.13.0", 3, 10));
        assert!(!version_at_least("3.9.18", 3, 10));
        assert!(!version_at_least("2.7.18", 3, 10));
    }
}
