//! The templates embedded in the binary at build time.
//!
//! `templates/<name>/template.toml` + `files/` is one template; `templates/_shared/` holds the
//! layer merged into every project, Tera partials and the concept notes. Nothing is read from
//! disk at run time, so the binary works from any directory.

use crate::error::{Error, Result};
use crate::manifest::Manifest;
use include_dir::{Dir, File, include_dir};
use std::path::Path;

static TEMPLATES: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/templates");

include!(concat!(env!("OUT_DIR"), "/executables.rs"));

/// One embedded template.
#[derive(Debug, Clone)]
pub struct Template {
    pub manifest: Manifest,
    /// `templates/<name>/` (paths inside are relative to `templates/`).
    pub dir: &'static Dir<'static>,
}

impl Template {
    pub fn name(&self) -> &str {
        &self.manifest.name
    }

    /// `templates/<name>/files/`, if the template has files.
    pub fn files_dir(&self) -> Option<&'static Dir<'static>> {
        self.dir
            .dirs()
            .find(|d| d.path().file_name() == Some("files".as_ref()))
    }
}

/// `templates/_shared/`.
pub fn shared() -> &'static Dir<'static> {
    TEMPLATES
        .dirs()
        .find(|d| d.path() == Path::new("_shared"))
        .expect("templates/_shared is embedded")
}

/// A subdirectory of `_shared/` (`files`, `partials`, `concepts`), if present.
pub fn shared_dir(name: &str) -> Option<&'static Dir<'static>> {
    let path = Path::new("_shared").join(name);
    shared().dirs().find(|d| d.path() == path)
}

/// Every template, sorted by name.
pub fn templates() -> Result<Vec<Template>> {
    let mut all = TEMPLATES
        .dirs()
        .filter(|d| !d.path().to_string_lossy().starts_with('_'))
        .map(load)
        .collect::<Result<Vec<_>>>()?;
    all.sort_by(|a, b| a.manifest.name.cmp(&b.manifest.name));
    Ok(all)
}

/// The names of all templates.
pub fn names() -> Vec<String> {
    let mut names: Vec<String> = TEMPLATES
        .dirs()
        .map(|d| d.path().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with('_'))
        .collect();
    names.sort();
    names
}

/// The template called `name`, or an error suggesting the closest name.
pub fn find(name: &str) -> Result<Template> {
    match TEMPLATES.dirs().find(|d| d.path() == Path::new(name)) {
        Some(dir) if !name.starts_with('_') => load(dir),
        _ => {
            let names = names();
            let closest = names
                .iter()
                .map(|n| (edit_distance(n, name), n))
                .filter(|(d, n)| *d <= 2.max(n.len() / 3))
                .min();
            let err = Error::new(format!("unknown template `{name}`"));
            Err(match closest {
                Some((_, n)) => err.hint(format!("did you mean `{n}`? (`pystart list` shows all)")),
                None => err.hint(format!("available templates: {}", names.join(", "))),
            })
        }
    }
}

fn load(dir: &'static Dir<'static>) -> Result<Template> {
    let file_name = format!("templates/{}/template.toml", dir.path().display());
    let text = dir
        .get_file(dir.path().join("template.toml"))
        .and_then(File::contents_utf8)
        .ok_or_else(|| Error::new(format!("`{file_name}` is missing or not UTF-8")))?;
    let manifest = Manifest::parse(text, &file_name)?;
    if Path::new(&manifest.name) != dir.path() {
        return Err(Error::new(format!(
            "`{file_name}` says name = `{}`, but its directory is `{}`",
            manifest.name,
            dir.path().display()
        )));
    }
    Ok(Template { manifest, dir })
}

/// Caches and editor litter that a template author's working copy may hold; never generated.
const JUNK: &[&str] = &[
    "__pycache__",
    ".pytest_cache",
    ".ruff_cache",
    ".mypy_cache",
    ".ipynb_checkpoints",
    ".DS_Store",
];

fn is_junk(path: &Path) -> bool {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    JUNK.contains(&name) || name.ends_with(".pyc") || name.ends_with('~')
}

/// Every file below `dir`, in a stable order, without caches and editor litter.
pub fn walk(dir: &'static Dir<'static>) -> Vec<&'static File<'static>> {
    let mut out = Vec::new();
    let mut stack = vec![dir];
    while let Some(d) = stack.pop() {
        out.extend(d.files().filter(|f| !is_junk(f.path())));
        stack.extend(d.dirs().filter(|d| !is_junk(d.path())));
    }
    out.sort_by_key(|f| f.path());
    out
}

/// Whether an embedded file (path relative to `templates/`) had its executable bit set.
pub fn is_executable(path: &Path) -> bool {
    let p = path.to_string_lossy().replace('\\', "/");
    EXECUTABLES.binary_search(&p.as_str()).is_ok()
}

/// Levenshtein distance, for "did you mean" hints.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur.push((prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_embedded_manifest_parses() {
        let all = templates().unwrap();
        assert!(all.iter().any(|t| t.name() == "titanic"));
        for t in &all {
            assert!(t.files_dir().is_some(), "{} has no files/", t.name());
        }
    }

    #[test]
    fn unknown_names_suggest_the_closest() {
        let e = find("titanik").unwrap_err();
        assert_eq!(e.message(), "unknown template `titanik`");
        assert!(e.hints()[0].contains("`titanic`"), "{:?}", e.hints());
        assert!(find("_shared").is_err());
    }

    #[test]
    fn executables_are_sorted_for_binary_search() {
        assert!(EXECUTABLES.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn caches_are_not_template_files() {
        assert!(is_junk(Path::new("x/__pycache__")));
        assert!(is_junk(Path::new("x/a.cpython-311.pyc")));
        assert!(!is_junk(Path::new("x/a.py")));
        for t in templates().unwrap() {
            for f in walk(t.dir) {
                assert!(
                    !f.path().iter().any(|p| is_junk(Path::new(p))),
                    "{:?}",
                    f.path()
                );
            }
        }
    }

    #[test]
    fn edit_distance_counts_single_edits() {
        assert_eq!(edit_distance("titanic", "titanic"), 0);
        assert_eq!(edit_distance("titanic", "titanik"), 1);
        assert_eq!(edit_distance("nba", "nab"), 2);
    }
}
