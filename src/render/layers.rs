//! The layers of a plan before rendering: which source file lands at which output path
//! (`_shared/files/`, the template's `files/`, its `shared` copies, the concept notes) and the
//! `files.when` rules that drop some. Decides paths only: rendering and the bytes of a file
//! are `render`'s.

use super::{Source, condition, one_off, tera_message};
use crate::catalog::{self, Template};
use crate::error::{Error, Result};
use crate::manifest::shared_clash;
use crate::messages::generate as t;
use globset::{Glob, GlobSetBuilder};
use include_dir::Dir;
use std::collections::BTreeMap;
use std::path::Path;
use tera::Context;

/// Adds every file below `dir` at its output path (relative to `dir`, variables rendered,
/// `.tera` stripped); returns, for each output path, the file's path relative to `dir`.
pub(super) fn add_layer(
    sources: &mut BTreeMap<String, Source>,
    dir: &'static Dir<'static>,
    ctx: &Context,
) -> Result<BTreeMap<String, String>> {
    let mut added = BTreeMap::new();
    for file in catalog::walk(dir) {
        let rel = file.path().strip_prefix(dir.path()).expect("below its dir");
        let mut out = output_path(rel, ctx, file.path())?;
        if let Some(stripped) = out.strip_suffix(".tera") {
            out.truncate(stripped.len());
        }
        sources.insert(out.clone(), Source::Embedded(file));
        added.insert(out, rel.to_string_lossy().replace('\\', "/"));
    }
    Ok(added)
}

/// Adds the files the manifest's `shared` list copies from `_shared/`, byte for byte, at
/// their destinations (variables rendered, nothing stripped). `own` maps the output paths of
/// the template's own files to their sources: a shared file landing on one is an error.
pub(super) fn add_shared(
    sources: &mut BTreeMap<String, Source>,
    template: &Template,
    own: &BTreeMap<String, String>,
    ctx: &Context,
) -> Result<()> {
    for entry in &template.manifest.shared {
        let where_ = format!(
            "{}/template.toml: shared.to = {}",
            template.name(),
            entry.to
        );
        let out = output_path(Path::new(&entry.to), ctx, Path::new(&where_))?;
        if let Some(own) = own.get(&out) {
            return Err(shared_clash(template.name(), &entry.from, &entry.to, own));
        }
        // Templates are loaded through the catalogue, which checks that every source exists.
        let file = catalog::shared_file(&entry.from).ok_or_else(|| {
            Error::new(t::MANIFEST_SHARED_MISSING.m(&[("path", &entry.from)]))
                .hint(&t::MANIFEST_SHARED_MISSING_HINT)
        })?;
        sources.insert(out, Source::Copied(file));
    }
    Ok(())
}

/// `rel` with the variables of each segment rendered; a segment that renders to nothing, `.`,
/// `..`, `.git` or something with a separator is an error naming `full`.
fn output_path(rel: &Path, ctx: &Context, full: &Path) -> Result<String> {
    let mut parts = Vec::new();
    for seg in rel.iter() {
        let seg = seg.to_string_lossy();
        let rendered = if seg.contains("{{") {
            one_off(&seg, ctx).map_err(|e| {
                Error::new(
                    t::RENDER_PATH_FAILED
                        .m(&[("file", &full.display()), ("err", &tera_message(&e))]),
                )
            })?
        } else {
            seg.into_owned()
        };
        if rendered.is_empty()
            || rendered == "."
            || rendered == ".."
            || rendered.eq_ignore_ascii_case(".git")
            || rendered.contains(['/', '\\', ':', '\0'])
        {
            return Err(Error::new(
                t::RENDER_BAD_SEGMENT.m(&[("file", &full.display()), ("segment", &rendered)]),
            ));
        }
        parts.push(rendered);
    }
    Ok(parts.join("/"))
}

/// Concept notes in the project's language, the check scripts and their runner.
pub(super) fn add_concepts(sources: &mut BTreeMap<String, Source>, lang: &str) {
    let Some(dir) = catalog::shared_dir("concepts") else {
        return;
    };
    let notes = format!("notes/{lang}/");
    for file in catalog::walk(dir) {
        let rel = file
            .path()
            .strip_prefix(dir.path())
            .expect("below its dir")
            .to_string_lossy()
            .replace('\\', "/");
        let out = if let Some(note) = rel.strip_prefix(&notes) {
            format!("concepts/{note}")
        } else if rel.starts_with("notes/") {
            continue;
        } else {
            format!("concepts/{rel}")
        };
        sources.insert(out, Source::Embedded(file));
    }
}

/// Removes the files whose `files.when` condition is false.
pub(super) fn drop_unwanted(
    sources: &mut BTreeMap<String, Source>,
    template: &Template,
    ctx: &Context,
) -> Result<()> {
    let mut unwanted = GlobSetBuilder::new();
    let mut any = false;
    for when in &template.manifest.files.when {
        if !condition(&when.condition, ctx, template.name())? {
            for p in &when.paths {
                // Checked when the manifest was parsed.
                unwanted.add(Glob::new(p).expect("valid glob"));
                any = true;
            }
        }
    }
    if any {
        let set = unwanted.build().expect("valid globs");
        sources.retain(|path, _| !set.is_match(path));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::catalog;
    use crate::vars::{self, EnvDefaults};

    #[test]
    fn shared_files_are_copied_byte_for_byte_at_their_rendered_paths() {
        let env = EnvDefaults {
            lang: "en".into(),
            author: None,
            email: None,
        };
        for template in catalog::templates().unwrap() {
            let defs = vars::definitions(&template.manifest, &env);
            let answers = vars::resolve(&defs, Default::default(), None).unwrap();
            let plan = super::super::render(&template, &answers).unwrap();
            assert!(!template.manifest.shared.is_empty(), "{}", template.name());
            for entry in &template.manifest.shared {
                let to = entry.to.replace("{{package}}", answers.package());
                let file = plan
                    .get(&to)
                    .unwrap_or_else(|| panic!("{}: no {to}", template.name()));
                let source = catalog::shared_file(&entry.from).unwrap();
                assert_eq!(
                    file.contents,
                    source.contents(),
                    "{}: {to}",
                    template.name()
                );
                assert!(!file.rendered, "{}: {to}", template.name());
            }
        }
    }
}
