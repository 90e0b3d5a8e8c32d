//! The module graph of `src/` keeps the layers ARCHITECTURE.md describes: no import cycles, and
//! no module uses one of a higher layer. Read from the sources (`crate::…` paths outside tests
//! and comments), so a new dependency that breaks the rule fails here with the edge named. git2
//! stays inside `git`, the one owner of that format.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The layers, lowest first; a module may use its own layer and those below.
const LAYERS: &[(&str, &[&str])] = &[
    ("platform", &["platform"]),
    (
        "infrastructure",
        &[
            "messages",
            "error",
            "printer",
            "lock",
            "url",
            "bounds",
            "parallel",
            "index",
            "config",
            "shells",
            "sandbox",
            "python",
            "git",
            "pyproject",
            "roster",
        ],
    ),
    (
        "domain",
        &[
            "manifest", "vars", "answers", "catalog", "render", "writer", "strip", "grading",
        ],
    ),
    ("interface", &["settings", "prompts", "cli"]),
    ("commands", &["commands"]),
    ("entry", &["lib"]),
];

fn layer_of(module: &str) -> usize {
    let top = module.split("::").next().unwrap_or(module);
    LAYERS
        .iter()
        .position(|(_, members)| members.contains(&top))
        .unwrap_or_else(|| {
            panic!("module `{top}` has no layer: add it to ARCHITECTURE.md and here")
        })
}

/// `src/commands/verify/stages.rs` → `commands::verify`; `src/python/env.rs` → `python`.
fn node(path: &Path, src: &Path) -> String {
    let rel = path.strip_prefix(src).unwrap().with_extension("");
    let mut parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if parts.last().is_some_and(|p| p == "mod") {
        parts.pop();
    }
    if parts == ["lib"] || parts == ["main"] {
        return "lib".into();
    }
    let depth = if parts[0] == "commands" { 2 } else { 1 };
    parts.truncate(depth);
    parts.join("::")
}

/// `src/` and its Rust files.
fn sources() -> (PathBuf, Vec<PathBuf>) {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    let mut stack = vec![src.clone()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap().flatten() {
            let p = entry.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|e| e == "rs")
                // A module's tests in a `tests.rs` of their own are tests, like `#[cfg(test)]`.
                && p.file_name().is_some_and(|n| n != "tests.rs")
            {
                files.push(p);
            }
        }
    }
    (src, files)
}

fn graph() -> BTreeMap<String, BTreeSet<String>> {
    let (src, files) = sources();
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for file in files {
        let from = node(&file, &src);
        let text = std::fs::read_to_string(&file).unwrap();
        let code = text.split("#[cfg(test)]").next().unwrap_or("");
        for line in code.lines() {
            if line.trim_start().starts_with("//") {
                continue;
            }
            for (i, _) in line.match_indices("crate::") {
                let rest = &line[i + "crate::".len()..];
                let segs: Vec<&str> = rest
                    .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == ':'))
                    .next()
                    .unwrap_or("")
                    .split("::")
                    .filter(|s| !s.is_empty())
                    .collect();
                let Some(first) = segs.first() else { continue };
                if !first.chars().all(|c| c.is_ascii_lowercase() || c == '_') {
                    continue;
                }
                let to = if *first == "commands" && segs.len() > 1 && segs[1] != "ensure_trusted" {
                    format!("commands::{}", segs[1])
                } else {
                    first.to_string()
                };
                if to != from {
                    edges.entry(from.clone()).or_default().insert(to);
                }
            }
        }
        edges.entry(from).or_default();
    }
    edges
}

#[test]
fn no_module_uses_a_higher_layer() {
    let mut wrong = Vec::new();
    for (from, tos) in graph() {
        for to in tos {
            if layer_of(&to) > layer_of(&from) {
                wrong.push(format!(
                    "{from} ({}) uses {to} ({})",
                    LAYERS[layer_of(&from)].0,
                    LAYERS[layer_of(&to)].0
                ));
            }
        }
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
}

#[test]
fn the_module_graph_has_no_cycle() {
    let g = graph();
    // Depth-first search with colours: a grey node met again closes a cycle.
    fn visit(
        n: &str,
        g: &BTreeMap<String, BTreeSet<String>>,
        colour: &mut BTreeMap<String, u8>,
        path: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        colour.insert(n.to_string(), 1);
        path.push(n.to_string());
        for m in g.get(n).into_iter().flatten() {
            match colour.get(m).copied().unwrap_or(0) {
                1 => {
                    let start = path.iter().position(|p| p == m).unwrap();
                    let mut cycle = path[start..].to_vec();
                    cycle.push(m.clone());
                    return Some(cycle);
                }
                0 => {
                    if let Some(c) = visit(m, g, colour, path) {
                        return Some(c);
                    }
                }
                _ => {}
            }
        }
        path.pop();
        colour.insert(n.to_string(), 2);
        None
    }
    let mut colour = BTreeMap::new();
    for n in g.keys() {
        if colour.get(n).copied().unwrap_or(0) == 0
            && let Some(cycle) = visit(n, &g, &mut colour, &mut Vec::new())
        {
            panic!("import cycle: {}", cycle.join(" -> "));
        }
    }
}

/// git2 is the `git` module's business: every other module asks it (tests included).
#[test]
fn only_the_git_module_uses_git2() {
    let (src, files) = sources();
    let mut wrong: Vec<String> = files
        .iter()
        .filter(|f| node(f, &src) != "git")
        .filter(|f| {
            let text = std::fs::read_to_string(f).unwrap();
            text.lines().any(|l| {
                let code = l.split("//").next().unwrap_or("");
                code.contains("git2::") || code.contains("use git2")
            })
        })
        .map(|f| f.strip_prefix(&src).unwrap().display().to_string())
        .collect();
    wrong.sort();
    assert!(wrong.is_empty(), "git2 used outside src/git/: {wrong:?}");
}
