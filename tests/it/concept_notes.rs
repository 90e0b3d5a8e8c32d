//! Every claim of the concept notes carries its proof, in both languages.
//!
//! A claim is a paragraph or a list item of a note, outside code blocks, headings and the
//! References section (a table belongs to the paragraph that follows it; a line that only
//! introduces what follows, ending in a colon, is not a claim). Its proof is either a check,
//! `check_<topic>.py::<name>` or a bare `<name>` inside `(check: ...)` / `（检查：...）`, which
//! must exist in the check scripts, or `(documented: URL)` / `（文档：URL）` with a link to
//! the CPython documentation, a PEP or CPython's own repository.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

fn concepts_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("templates/_shared/concepts")
}

/// The names of the checks of each script, from `@check` followed by `def name(`.
fn checks() -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for entry in fs::read_dir(concepts_dir().join("checks")).unwrap() {
        let path = entry.unwrap().path();
        let file = path.file_name().unwrap().to_string_lossy().to_string();
        if !file.starts_with("check_") {
            continue;
        }
        let text = fs::read_to_string(&path).unwrap();
        let mut after_decorator = false;
        for line in text.lines() {
            if line.trim() == "@check" {
                after_decorator = true;
            } else if after_decorator {
                if let Some(rest) = line.strip_prefix("def ") {
                    let name = rest.split('(').next().unwrap().to_string();
                    out.insert(format!("{file}::{name}"));
                }
                after_decorator = false;
            }
        }
    }
    out
}

/// (section heading, text) of every claim block of a note.
fn blocks(text: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut section = String::new();
    let mut current: Vec<&str> = Vec::new();
    let mut in_code = false;
    let mut table = false;
    let flush = |current: &mut Vec<&str>, out: &mut Vec<(String, String)>, section: &str| {
        if !current.is_empty() {
            out.push((section.to_string(), current.join(" ")));
            current.clear();
        }
    };
    for line in text.lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") {
            in_code = !in_code;
            continue;
        }
        if in_code {
            continue;
        }
        if line.starts_with('#') {
            flush(&mut current, &mut out, &section);
            section = line.to_string();
            continue;
        }
        if trimmed.starts_with('|') {
            // A table: its proof is in the paragraph after it.
            table = true;
            current.push(line);
            continue;
        }
        let item = trimmed.starts_with("- ")
            || trimmed
                .split_once(". ")
                .is_some_and(|(n, _)| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()));
        if trimmed.is_empty() || item {
            if !table {
                flush(&mut current, &mut out, &section);
            }
            if trimmed.is_empty() {
                continue;
            }
        }
        table = false;
        current.push(line);
    }
    flush(&mut current, &mut out, &section);
    out
}

fn is_reference_section(heading: &str) -> bool {
    heading.contains("References") || heading.contains("参考")
}

const DOC_HOSTS: [&str; 3] = [
    "https://docs.python.org/",
    "https://peps.python.org/",
    "https://github.com/python/cpython/",
];

/// The problems of one claim block: no proof, an unknown check, a link elsewhere.
fn problems(topic: &str, block: &str, known: &BTreeSet<String>) -> Vec<String> {
    let mut found = Vec::new();
    let mut proofs = 0;
    // check_x.py::name anywhere.
    for (i, _) in block.match_indices("check_") {
        let rest = &block[i..];
        let Some((file, after)) = rest.split_once("::") else {
            continue;
        };
        if !file.ends_with(".py") || file.contains(' ') {
            continue;
        }
        let name: String = after
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        let id = format!("{file}::{name}");
        if known.contains(&id) {
            proofs += 1;
        } else {
            found.push(format!("unknown check {id}"));
        }
    }
    // Bare names inside (check: ...), (checks: ...), （检查：...）.
    for opener in ["(check: ", "(checks: ", "（检查："] {
        for (i, _) in block.match_indices(opener) {
            let inner = block[i + opener.len()..].trim_start();
            let end = inner.find([')', '）']).unwrap_or(inner.len());
            for name in inner[..end].split('`').skip(1).step_by(2) {
                let looks_like_a_check = name
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
                    && !name.starts_with('_');
                if !looks_like_a_check {
                    continue; // a full id (handled above), a family like `separate_memory_*`, code
                }
                let id = format!("check_{topic}.py::{name}");
                if known.contains(&id) {
                    proofs += 1;
                } else {
                    found.push(format!("unknown check {id}"));
                }
            }
        }
    }
    for opener in ["(documented: ", "（文档："] {
        for (i, _) in block.match_indices(opener) {
            let url = block[i + opener.len()..].trim_start();
            if DOC_HOSTS.iter().any(|h| url.starts_with(h)) {
                proofs += 1;
            } else {
                found.push(format!(
                    "documented link is not CPython's docs, a PEP or CPython's source: {}",
                    url.chars().take(60).collect::<String>()
                ));
            }
        }
    }
    let introduces = block.trim_end().ends_with(':') || block.trim_end().ends_with('：');
    if proofs == 0 && !introduces {
        found.push("no check and no documented link".into());
    }
    found
}

fn notes(lang: &str) -> Vec<(String, String)> {
    let dir = concepts_dir().join("notes").join(lang);
    let mut out: Vec<_> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .filter(|p| p.file_stem().is_some_and(|s| s != "README"))
        .map(|p| {
            (
                p.file_stem().unwrap().to_string_lossy().to_string(),
                fs::read_to_string(&p).unwrap(),
            )
        })
        .collect();
    out.sort();
    out
}

#[test]
fn every_claim_has_a_check_or_a_documented_link() {
    let known = checks();
    assert!(known.len() > 40, "found only {} checks", known.len());
    let mut bad = Vec::new();
    let mut claims = 0;
    for lang in ["en", "zh"] {
        for (topic, text) in notes(lang) {
            for (section, block) in blocks(&text) {
                if is_reference_section(&section) {
                    continue;
                }
                claims += 1;
                for p in problems(&topic, &block, &known) {
                    let shown: String = block.chars().take(90).collect();
                    bad.push(format!("{lang}/{topic}.md [{section}] {p}: {shown}"));
                }
            }
        }
    }
    assert!(claims > 100, "found only {claims} claims");
    assert!(
        bad.is_empty(),
        "{} problems:\n{}",
        bad.len(),
        bad.join("\n")
    );
}

#[test]
fn both_languages_prove_with_the_same_checks() {
    let known = checks();
    let ids = |text: &str, topic: &str| -> BTreeSet<String> {
        known
            .iter()
            .filter(|id| {
                let name = id.split("::").nth(1).unwrap();
                text.contains(id.as_str())
                    || (id.starts_with(&format!("check_{topic}.py"))
                        && text.contains(&format!("`{name}`")))
            })
            .cloned()
            .collect()
    };
    let en = notes("en");
    let zh = notes("zh");
    assert_eq!(
        en.iter().map(|n| &n.0).collect::<Vec<_>>(),
        zh.iter().map(|n| &n.0).collect::<Vec<_>>()
    );
    for ((topic, en_text), (_, zh_text)) in en.iter().zip(&zh) {
        assert_eq!(ids(en_text, topic), ids(zh_text, topic), "{topic}.md");
    }
}

#[test]
fn the_scan_catches_a_claim_without_proof() {
    let known = checks();
    let note = "# T\n\nIntro that lists:\n\n- a claim with no proof\n- proved (check: `check_gil.py::one_thread_at_a_time`)\n- sourced (documented: https://peps.python.org/pep-0703/)\n- elsewhere (documented: https://example.org/)\n- wrong (check: `check_gil.py::no_such_check`)\n\n```\ncode is never a claim\n```\n\n## References\n\n- https://example.org/\n";
    let found: Vec<_> = blocks(note)
        .into_iter()
        .filter(|(s, _)| !is_reference_section(s))
        .map(|(_, b)| problems("gil", &b, &known))
        .collect();
    assert_eq!(found.len(), 6, "{found:?}");
    assert!(found[0].is_empty(), "an introducing line is not a claim");
    assert_eq!(found[1], vec!["no check and no documented link"]);
    assert!(found[2].is_empty() && found[3].is_empty());
    assert!(
        found[4][0].starts_with("documented link is not"),
        "{found:?}"
    );
    assert!(
        found[5].contains(&"unknown check check_gil.py::no_such_check".to_string()),
        "{found:?}"
    );
}
