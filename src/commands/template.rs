//! `pystart template check PATH` (lint a template, then verify it) and `pystart template new
//! NAME [DIR]` (copy an embedded template out as a starting point).

use crate::catalog::{self, Template};
use crate::error::{Error, Result, display_path};
use crate::messages::templates as t;
use crate::printer::Printer;
use crate::render::{Plan, PlannedFile};
use crate::settings::{TemplateCheckSettings, TemplateNewSettings};
use crate::vars;
use regex::Regex;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// One finding of the linter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub error: bool,
    /// `file:line` (or just the file).
    pub place: String,
    pub message: String,
}

/// Names every template context has besides the variables.
const CONTEXT: &[&str] = &[
    "dist_name",
    "template",
    "pystart_version",
    "year",
    "python_requires",
    "loop",
    "true",
    "false",
    "not",
    "and",
    "or",
    "in",
    "is",
];

pub fn check(settings: TemplateCheckSettings, printer: &Printer) -> Result<()> {
    let template = crate::render::resolve(&settings.path, None)?;
    let findings = lint(&template);
    for f in &findings {
        let level = if f.error {
            printer.red("error")
        } else {
            "warning".into()
        };
        printer.info(&format!("{}: {level}: {}", f.place, f.message));
    }
    let errors = findings.iter().filter(|f| f.error).count();
    let warnings = findings.len() - errors;
    printer.info(&t::CHECK_SUMMARY.f(&[
        ("template", &template.name()),
        ("errors", &t::CHECK_ERRORS.count(errors)),
        ("warnings", &t::CHECK_WARNINGS.count(warnings)),
    ]));
    if errors > 0 {
        return Err(Error::new(t::CHECK_FAILED.m(&[
            ("template", &template.name()),
            ("n", &errors),
            ("s", &crate::printer::plural(errors)),
        ]))
        .hint(&t::CHECK_SEE_ABOVE));
    }
    if settings.lint_only {
        return Ok(());
    }
    // Then render it with its defaults and each variant and run everything `verify` runs.
    let mut verify = settings.verify;
    verify.templates = vec![settings.path.clone()];
    crate::commands::verify::run(verify, printer)
}

/// Static checks of a template's sources.
pub fn lint(template: &Template) -> Vec<Finding> {
    let mut findings = Vec::new();
    let m = &template.manifest;
    let root = template.dir.path().to_string_lossy().into_owned();
    let manifest_file = format!("{root}/template.toml");
    let declared: BTreeSet<String> = m.variables.keys().cloned().collect();
    let known: BTreeSet<String> = declared
        .iter()
        .cloned()
        .chain(vars::STANDARD.iter().map(|s| s.to_string()))
        .chain(CONTEXT.iter().map(|s| s.to_string()))
        .collect();
    let includable = includable_names(template);
    let mut used: BTreeSet<String> = BTreeSet::new();
    let mut outputs: BTreeMap<String, String> = BTreeMap::new();

    let Some(files_dir) = template.files_dir() else {
        findings.push(Finding {
            error: true,
            place: root.clone(),
            message: t::LINT_NO_FILES.s().into(),
        });
        return findings;
    };
    for file in catalog::walk(files_dir) {
        let full = file.path().to_string_lossy().replace('\\', "/");
        let rel = full
            .strip_prefix(&format!("{}/", files_dir.path().to_string_lossy()))
            .unwrap_or(&full)
            .to_string();
        // Variables in path segments.
        for name in identifiers(&rel) {
            used.insert(name.clone());
            if !known.contains(&name) {
                findings.push(Finding {
                    error: true,
                    place: full.clone(),
                    message: t::LINT_PATH_VARIABLE.f(&[("name", &name)]),
                });
            }
        }
        let out = rel.strip_suffix(".tera").unwrap_or(&rel).to_lowercase();
        if let Some(other) = outputs.insert(out.clone(), full.clone()) {
            findings.push(Finding {
                error: true,
                place: full.clone(),
                message: t::LINT_SAME_PATH.f(&[("other", &other)]),
            });
        }
        let Some(text) = file.contents_utf8() else {
            continue;
        };
        let tera = rel.ends_with(".tera");
        let blanked;
        let text = if tera {
            blanked = blank_raw_blocks(text);
            blanked.as_str()
        } else {
            text
        };
        let local = defined_names(text);
        for (n, line) in text.lines().enumerate() {
            let place = format!("{full}:{}", n + 1);
            if tera {
                for name in identifiers(line) {
                    used.insert(name.clone());
                    if !known.contains(&name) && !local.contains(&name) {
                        findings.push(Finding {
                            error: true,
                            place: place.clone(),
                            message: t::LINT_UNKNOWN_VARIABLE.f(&[("name", &name)]),
                        });
                    }
                }
                for include in includes(line) {
                    if !includable.contains(&include) {
                        let shared = include
                            .strip_prefix("_shared/")
                            .filter(|from| catalog::shared_file(from).is_some());
                        let message = match shared {
                            Some(from) => {
                                t::LINT_SHARED_INCLUDE.f(&[("include", &include), ("from", &from)])
                            }
                            None => t::LINT_MISSING_INCLUDE.f(&[("include", &include)]),
                        };
                        findings.push(Finding {
                            error: true,
                            place: place.clone(),
                            message,
                        });
                    }
                }
            } else if line.contains("{{") {
                // A file copied as is, but with what looks like one of our variables in it.
                let meant: Vec<String> = identifiers(line)
                    .into_iter()
                    .filter(|v| {
                        // `lang`, `description`… are common words in Jinja pages too.
                        declared.contains(v)
                            || ["package", "project_name", "dist_name", "author", "email"]
                                .contains(&v.as_str())
                    })
                    .collect();
                if let Some(v) = meant.first() {
                    findings.push(Finding {
                        error: false,
                        place,
                        message: t::LINT_NOT_RENDERED.f(&[
                            ("name", v),
                            (
                                "file",
                                &file
                                    .path()
                                    .file_name()
                                    .map(|f| f.to_string_lossy().into_owned())
                                    .unwrap_or_default(),
                            ),
                        ]),
                    });
                }
            }
        }
    }
    for when in &m.files.when {
        used.extend(identifiers(&format!("{{{{ {} }}}}", when.condition)));
    }
    for v in &m.variants {
        used.extend(v.set.keys().cloned());
    }
    for name in &declared {
        if !used.contains(name) {
            findings.push(Finding {
                error: false,
                place: manifest_file.clone(),
                message: t::LINT_UNUSED_VARIABLE.f(&[("name", name)]),
            });
        }
    }
    findings
}

/// Identifiers read by the Tera expressions of `text` (`{{ … }}` and `{% … %}`), without
/// string literals, filter names, function names and attribute names.
fn identifiers(text: &str) -> Vec<String> {
    static TAG: std::sync::OnceLock<Regex> = std::sync::OnceLock::new();
    static WORD: std::sync::OnceLock<Regex> = std::sync::OnceLock::new();
    let tag = TAG.get_or_init(|| Regex::new(r"\{\{(.*?)\}\}|\{%-?(.*?)-?%\}").expect("regex"));
    let word = WORD.get_or_init(|| {
        Regex::new(
            r#""[^"]*"|'[^']*'|`[^`]*`|([|.]\s*)?\b([A-Za-z_][A-Za-z0-9_]*)\b(\s*\()?(\s*==?)?"#,
        )
        .expect("regex")
    });
    let mut out = Vec::new();
    let mut bound: Vec<String> = Vec::new();
    for caps in tag.captures_iter(text) {
        let expr = caps.get(1).or(caps.get(2)).map_or("", |m| m.as_str());
        let mut words = expr.trim_start();
        // Statements: the keyword itself is not a name; `for x in y` binds x.
        for kw in [
            "if ", "elif ", "else", "endif", "endfor", "raw", "endraw", "set ",
        ] {
            if let Some(rest) = words.strip_prefix(kw) {
                words = rest;
            }
        }
        if matches!(
            expr.trim(),
            "else" | "endif" | "endfor" | "raw" | "endraw" | "endmacro" | "endblock"
        ) {
            continue;
        }
        if expr.trim_start().starts_with("include") || expr.trim_start().starts_with("import") {
            continue;
        }
        if let Some(rest) = words.strip_prefix("for ")
            && let Some((vars_part, iter)) = rest.split_once(" in ")
        {
            bound.extend(vars_part.split(',').map(|v| v.trim().to_string()));
            words = iter;
        }
        for c in word.captures_iter(words) {
            let (Some(name), prefix, call) = (c.get(2), c.get(1), c.get(3)) else {
                continue;
            };
            // `x | filter`, `x.attr` and `func(` are not variables, nor a keyword argument's
            // name (`replace(from="a", to="b")`; `x == y` compares a variable).
            let keyword_argument = c.get(4).is_some_and(|m| m.as_str().trim() == "=");
            if prefix.is_some() || call.is_some() || keyword_argument {
                continue;
            }
            let name = name.as_str().to_string();
            const KEYWORDS: &[&str] = &[
                "and", "or", "not", "in", "is", "true", "false", "True", "False", "none", "None",
            ];
            if KEYWORDS.contains(&name.as_str()) {
                continue;
            }
            if !bound.contains(&name) && !out.contains(&name) {
                out.push(name);
            }
        }
    }
    out
}

/// Names a file defines for itself: `{% set name = … %}` and `{% for a, b in … %}`.
fn defined_names(text: &str) -> BTreeSet<String> {
    static DEF: std::sync::OnceLock<Regex> = std::sync::OnceLock::new();
    let re = DEF.get_or_init(|| {
        Regex::new(
            r"\{%-?\s*(?:set(?:_global)?\s+([A-Za-z_][A-Za-z0-9_]*)\s*=|for\s+([A-Za-z_][A-Za-z0-9_, ]*?)\s+in\s)",
        )
        .expect("regex")
    });
    re.captures_iter(text)
        .flat_map(|c| {
            let names = c.get(1).or(c.get(2)).map_or("", |m| m.as_str());
            names
                .split(',')
                .map(|n| n.trim().to_string())
                .collect::<Vec<_>>()
        })
        .collect()
}

/// `text` with whatever is inside `{% raw %}…{% endraw %}` replaced by spaces (line breaks
/// kept, so line numbers stay right): it is output literally, not read.
fn blank_raw_blocks(text: &str) -> String {
    static RAW: std::sync::OnceLock<Regex> = std::sync::OnceLock::new();
    let re = RAW.get_or_init(|| {
        Regex::new(r"(?s)\{%-?\s*raw\s*-?%\}(.*?)\{%-?\s*endraw\s*-?%\}").expect("regex")
    });
    re.replace_all(text, |c: &regex::Captures<'_>| {
        c[0].chars()
            .map(|ch| if ch == '\n' { '\n' } else { ' ' })
            .collect::<String>()
    })
    .into_owned()
}

/// The names in `{% include "…" %}` tags of a line.
fn includes(line: &str) -> Vec<String> {
    static INCLUDE: std::sync::OnceLock<Regex> = std::sync::OnceLock::new();
    let re = INCLUDE.get_or_init(|| Regex::new(r#"\{%-?\s*include\s+"([^"]+)""#).expect("regex"));
    re.captures_iter(line).map(|c| c[1].to_string()).collect()
}

/// What `{% include %}` can name: the template's own `.tera` files and the shared material.
fn includable_names(template: &Template) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    for file in catalog::walk(template.dir) {
        let p = file.path().to_string_lossy().replace('\\', "/");
        if p.ends_with(".tera") {
            names.insert(p);
        }
    }
    for dir in ["files", "partials"] {
        if let Some(d) = catalog::shared_dir(dir) {
            for file in catalog::walk(d) {
                names.insert(file.path().to_string_lossy().replace('\\', "/"));
            }
        }
    }
    names
}

/// `pystart template new NAME [DIR]`: an embedded template copied out, renamed, ready to edit
/// and check with `pystart template check DIR`.
pub fn new(settings: TemplateNewSettings, printer: &Printer) -> Result<()> {
    let source = catalog::find(&settings.from)?;
    if !vars::is_identifier(&settings.name) || settings.name.starts_with('_') {
        return Err(
            Error::new(t::TEMPLATE_BAD_NAME.m(&[("name", &settings.name)]))
                .hint(&t::TEMPLATE_NAME_EXAMPLE),
        );
    }
    let target = settings
        .dir
        .clone()
        .unwrap_or_else(|| Path::new(&settings.name).to_path_buf());
    let prefix = format!("{}/", source.dir.path().to_string_lossy());
    let mut files = Vec::new();
    for file in catalog::walk(source.dir) {
        let full = file.path().to_string_lossy().replace('\\', "/");
        let rel = full.strip_prefix(&prefix).unwrap_or(&full).to_string();
        let mut contents = file.contents().to_vec();
        if rel == "template.toml" {
            let text = String::from_utf8_lossy(&contents).into_owned();
            contents = text
                .replacen(
                    &format!("name = \"{}\"", source.name()),
                    &format!("name = \"{}\"", settings.name),
                    1,
                )
                .into_bytes();
        }
        files.push(PlannedFile {
            executable: catalog::is_executable(file.path()),
            path: rel,
            contents,
            rendered: false,
        });
    }
    let plan = Plan { files };
    crate::writer::write(&plan, &target, |_| Ok(()))?;
    printer.info(&t::TEMPLATE_CREATED.f(&[
        ("created", &printer.green(t::TEMPLATE_CREATED_WORD.s())),
        ("path", &display_path(&target)),
        ("name", &settings.name),
        ("from", &source.name()),
        ("n", &plan.files.len()),
    ]));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_skip_filters_functions_literals_and_loop_names() {
        assert_eq!(
            identifiers("{{ author | toml_str }} {{ \"x\" }} {{ random_secret() }} {{ a.b }}"),
            ["author", "a"]
        );
        assert_eq!(
            identifiers("{% if with_notebook and lang == \"zh\" %}"),
            ["with_notebook", "lang"]
        );
        assert_eq!(
            identifiers("{% for f in features %}{{ f }}{% endfor %}"),
            ["features"]
        );
        assert_eq!(
            identifiers("{{ description | replace(from=\"a\", to=\"b\") }}"),
            ["description"]
        );
        assert!(identifiers("{% include \"_shared/partials/x.tera\" %}").is_empty());
        assert_eq!(identifiers("src/{{package}}/x.py"), ["package"]);
    }

    #[test]
    fn includes_are_found() {
        assert_eq!(
            includes(r#"{% include "_shared/partials/gitattributes.tera" %}"#),
            ["_shared/partials/gitattributes.tera"]
        );
    }

    #[test]
    fn every_embedded_template_lints_clean() {
        for t in catalog::templates().unwrap() {
            let errors: Vec<Finding> = lint(&t).into_iter().filter(|f| f.error).collect();
            assert!(errors.is_empty(), "{}: {errors:?}", t.name());
        }
    }
}
