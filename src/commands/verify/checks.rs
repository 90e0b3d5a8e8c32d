//! `verify`'s static stage: what can be checked without installing anything — leftover
//! template syntax, TOML/JSON/YAML/Python files that do not parse, and the files every project
//! promises (DESIGN §4) or its manifest's `files.when` rules promise.

use crate::catalog::Template;
use crate::messages::verify::{self as t, Both};
use crate::python::Python;
use crate::render::{self, Plan};
use crate::vars;
use std::path::Path;
use std::process::Command;

/// a rule whose condition holds must keep at least one file, or its globs are stale.
pub fn file_set_problems(template: &Template, answers: &vars::Answers, plan: &Plan) -> Vec<Both> {
    let mut problems = Vec::new();
    let package = answers.package();
    let required = [
        "README.md".to_string(),
        "pyproject.toml".to_string(),
        ".gitignore".to_string(),
        ".gitattributes".to_string(),
        render::ANSWERS_FILE.to_string(),
        format!("src/{package}/__init__.py"),
    ];
    for path in &required {
        if plan.get(path).is_none() {
            problems.push(Both::of(&t::PROBLEM_MISSING, &[("path", path)]));
        }
    }
    if !plan.files.iter().any(|f| f.path.starts_with("tests/")) {
        problems.push(Both::of(&t::PROBLEM_NO_TESTS, &[]));
    }
    let ctx = render::context(template, answers);
    for (i, rule) in template.manifest.files.when.iter().enumerate() {
        let holds = render::condition(&rule.condition, &ctx, template.name()).unwrap_or(false);
        if !holds {
            continue;
        }
        for glob in &rule.paths {
            let Ok(matcher) = globset::Glob::new(glob).map(|g| g.compile_matcher()) else {
                continue;
            };
            if !plan.files.iter().any(|f| matcher.is_match(&f.path)) {
                problems.push(Both::of(
                    &t::PROBLEM_STALE_RULE,
                    &[("i", &i), ("condition", &rule.condition), ("glob", glob)],
                ));
            }
        }
    }
    problems
}

/// Leftover template syntax in rendered files, and files that do not parse.
pub fn static_problems(plan: &Plan, project: &Path, python: &Python) -> Vec<Both> {
    let mut problems = Vec::new();
    let mut py_files = Vec::new();
    for f in &plan.files {
        let text = String::from_utf8_lossy(&f.contents);
        if f.rendered {
            for (n, line) in text.lines().enumerate() {
                if line.contains("{{") || line.contains("{%") || line.contains("{#") {
                    problems.push(Both::of(
                        &t::PROBLEM_TEMPLATE_SYNTAX,
                        &[
                            ("path", &f.path),
                            ("line", &(n + 1)),
                            ("text", &line.trim()),
                        ],
                    ));
                }
            }
        }
        let ext = f.path.rsplit('.').next().unwrap_or("");
        match ext {
            "toml" => {
                if let Err(e) = toml::from_str::<toml::Table>(&text) {
                    problems.push(Both::of(
                        &t::PROBLEM_INVALID_TOML,
                        &[("path", &f.path), ("err", &e.message().trim())],
                    ));
                }
            }
            "json" | "ipynb" => {
                if let Err(e) = serde_json::from_str::<serde_json::Value>(&text) {
                    problems.push(Both::of(
                        &t::PROBLEM_INVALID_JSON,
                        &[("path", &f.path), ("err", &e)],
                    ));
                }
            }
            "yml" | "yaml" => {
                if let Err(e) = yaml_rust2::YamlLoader::load_from_str(&text) {
                    problems.push(Both::of(
                        &t::PROBLEM_INVALID_YAML,
                        &[("path", &f.path), ("err", &e)],
                    ));
                }
            }
            "py" => py_files.push(f.path.clone()),
            _ => {}
        }
    }
    if !py_files.is_empty() {
        let script = "import ast, sys\nbad = 0\nfor f in sys.argv[1:]:\n    try:\n        ast.parse(open(f, 'rb').read(), f)\n    except SyntaxError as e:\n        bad += 1\n        print(f'{f}:{e.lineno}: {e.msg}')\nsys.exit(1 if bad else 0)\n";
        match Command::new(&python.exe)
            .arg("-c")
            .arg(script)
            .args(&py_files)
            .current_dir(project)
            .output()
        {
            Ok(out) if out.status.success() => {}
            Ok(out) => problems.extend(
                String::from_utf8_lossy(&out.stdout)
                    .lines()
                    .map(|l| Both::of(&t::PROBLEM_PYTHON_SYNTAX, &[("line", &l)])),
            ),
            Err(e) => problems.push(Both::of(&t::PROBLEM_NO_PYTHON, &[("err", &e)])),
        }
    }
    problems
}
