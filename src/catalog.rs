//! The templates embedded in the binary at build time.
//!
//! `templates/<name>/template.toml` + `files/` is one template; `templates/_shared/` holds the
//! layer merged into every project, Tera partials, the concept notes and the plain files
//! (shared Python modules) that manifests copy through `shared`. Embedded templates
//! need nothing from disk at run time, so the binary works from any directory; a template in a
//! directory on disk ([`load_path`]) is read into the same in-memory form.

use crate::error::{Error, IoContext, Result};
use crate::git;
use crate::manifest::Manifest;
use crate::messages::{Text, generate as t};
use include_dir::{Dir, DirEntry, File, include_dir};
use std::path::Path;

static TEMPLATES: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/templates");

include!(concat!(env!("OUT_DIR"), "/executables.rs"));

/// One template: embedded, or read from a directory or a git repository.
#[derive(Debug, Clone)]
pub struct Template {
    pub manifest: Manifest,
    /// `templates/<name>/` (paths inside are relative to `templates/`).
    pub dir: &'static Dir<'static>,
    pub source: Source,
}

/// Where a template came from (recorded in `.pystart.toml`, so `update` can find it again).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    Embedded,
    Path(std::path::PathBuf),
    Git { url: String, commit: String },
}

impl Template {
    /// A hash of everything that shapes the output: the template's files and `_shared/`.
    pub fn content_hash(&self) -> String {
        use sha2::{Digest, Sha256};
        let mut h = Sha256::new();
        for f in walk(self.dir).into_iter().chain(walk(shared())) {
            h.update(f.path().to_string_lossy().as_bytes());
            h.update([0]);
            h.update(f.contents());
            h.update([0]);
        }
        h.finalize()
            .iter()
            .take(12)
            .map(|b| format!("{b:02x}"))
            .collect()
    }

    pub fn name(&self) -> &str {
        &self.manifest.name
    }

    /// Where the template's file `rel` (`<name>/files/…`, as the renderer names it) is, as
    /// its author finds it: in pystart's `templates/`, in the template's folder, or in its git
    /// repository (URL without credentials).
    pub fn shown_path(&self, rel: &str) -> String {
        let inner = rel.split_once('/').map_or(rel, |(_, inner)| inner);
        match &self.source {
            Source::Embedded => format!("templates/{rel}"),
            Source::Path(dir) => crate::error::display_path(&dir.join(inner)),
            Source::Git { url, .. } => format!("{} {inner}", crate::url::redact(url)),
        }
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

/// The file at `path` below `_shared/` (e.g. `python/i18n.py`), which a manifest's `shared`
/// copies: names resolve only in the embedded `_shared/`, whatever the template's source.
pub fn shared_file(path: &str) -> Option<&'static File<'static>> {
    TEMPLATES.get_file(Path::new("_shared").join(path))
}

/// A loaded template whose `shared` sources exist and land on none of its own files.
fn with_shared_checked(template: Template, file: &str) -> Result<Template> {
    let own: Vec<String> = template.files_dir().map_or_else(Vec::new, |dir| {
        walk(dir)
            .iter()
            .filter_map(|f| f.path().strip_prefix(dir.path()).ok())
            .map(|p| p.to_string_lossy().replace('\\', "/"))
            .collect()
    });
    let exists = |p: &str| shared_file(p).is_some();
    template.manifest.check_shared(file, exists, &own)?;
    Ok(template)
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
            // A slip of the keyboard gets the name it missed; anything else the whole list.
            let names = names();
            Err(
                match crate::messages::closest(name, names.iter().map(String::as_str)) {
                    Some(n) => Error::new(t::CATALOG_UNKNOWN.m(&[("name", &name)]))
                        .hint(t::CATALOG_DID_YOU_MEAN.m(&[("name", &n)])),
                    None => Error::new(
                        t::CATALOG_UNKNOWN_LISTED
                            .m(&[("name", &name), ("names", &names.join(", "))]),
                    )
                    .hint(&t::CATALOG_SEE_LIST),
                },
            )
        }
    }
}

fn load(dir: &'static Dir<'static>) -> Result<Template> {
    let file_name = format!("templates/{}/template.toml", dir.path().display());
    let text = dir
        .get_file(dir.path().join("template.toml"))
        .and_then(File::contents_utf8)
        .ok_or_else(|| Error::new(t::CATALOG_MANIFEST_MISSING.m(&[("file", &file_name)])))?;
    let manifest = parse_manifest(text, &file_name)?;
    if Path::new(&manifest.name) != dir.path() {
        return Err(Error::new(t::CATALOG_NAME_MISMATCH.m(&[
            ("file", &file_name),
            ("name", &manifest.name),
            ("dir", &dir.path().display()),
        ])));
    }
    let template = Template {
        manifest,
        dir,
        source: Source::Embedded,
    };
    with_shared_checked(template, &file_name)
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

/// Whether a template file (path relative to `templates/`, or to the parent of a template
/// loaded from disk) has its executable bit set.
pub fn is_executable(path: &Path) -> bool {
    let p = path.to_string_lossy().replace('\\', "/");
    EXECUTABLES.binary_search(&p.as_str()).is_ok()
        || DISK_EXECUTABLES
            .lock()
            .map(|set| set.contains(&p))
            .unwrap_or(false)
}

/// Executable files of templates loaded from disk (the embedded ones are in `EXECUTABLES`).
static DISK_EXECUTABLES: std::sync::Mutex<Vec<String>> = std::sync::Mutex::new(Vec::new());

/// Whether `arg` names a template directory on disk rather than an embedded template: it
/// contains a path separator or starts with `.`, e.g. `./my_template` or `/tmp/t`.
pub fn is_path_arg(arg: &str) -> bool {
    arg.contains('/') || arg.contains('\\') || arg.starts_with('.')
}

/// Loads a template from a directory on disk (`template.toml` + `files/`), in the same format
/// as the embedded ones; it may include the embedded `_shared/` partials and copy embedded
/// `_shared/` files through its manifest's `shared` list (never files on disk outside it).
///
/// The tree is read once into memory for the life of the process, so rendering treats it
/// exactly like an embedded template.
pub fn load_path(path: &Path) -> Result<Template> {
    let manifest_path = path.join("template.toml");
    if !manifest_path.is_file() {
        return Err(Error::new(
            t::CATALOG_NOT_TEMPLATE_DIR.m(&[("path", &crate::error::display_path(path))]),
        )
        .hint(&t::CATALOG_NOT_TEMPLATE_DIR_HINT));
    }
    let canonical = path.canonicalize().with_path("read", path)?;
    let name = canonical
        .file_name()
        .and_then(|n| n.to_str())
        .ok_or_else(|| Error::new(t::CATALOG_NO_DIR_NAME.m(&[("path", &canonical.display())])))?
        .to_string();
    if name.starts_with('_') {
        return Err(Error::new(t::CATALOG_UNDERSCORE.m(&[("name", &name)]))
            .hint(&t::CATALOG_UNDERSCORE_HINT));
    }
    let prefix: &'static str = Box::leak(name.clone().into_boxed_str());
    let dir: &'static Dir<'static> = Box::leak(Box::new(read_tree(&canonical, prefix)?));
    let file_name = crate::error::display_path(&manifest_path);
    let text = dir
        .get_file(Path::new(&name).join("template.toml"))
        .and_then(File::contents_utf8)
        .ok_or_else(|| Error::new(t::CATALOG_NOT_UTF8.m(&[("file", &file_name)])))?;
    let manifest = parse_manifest(text, &file_name)?;
    if manifest.name != name {
        return Err(Error::new(t::CATALOG_NAME_MISMATCH.m(&[
            ("file", &file_name),
            ("name", &manifest.name),
            ("dir", &name),
        ]))
        .hint(&t::CATALOG_NAME_MISMATCH_HINT));
    }
    let template = Template {
        manifest,
        dir,
        source: Source::Path(canonical),
    };
    with_shared_checked(template, &file_name)
}

/// Whether `arg` names a git repository: a URL (`https://`, `ssh://`, `git://`, `file://`,
/// `user@host:path`), a path ending in `.git`, or a directory that is a bare repository.
pub fn is_git_arg(arg: &str) -> bool {
    let p = Path::new(arg);
    ["https://", "http://", "ssh://", "git://", "file://"]
        .iter()
        .any(|s| arg.starts_with(s))
        || (arg.contains('@') && arg.contains(':') && !arg.contains("://"))
        || arg.ends_with(".git")
        || (p.is_dir() && p.join("HEAD").is_file() && p.join("objects").is_dir())
}

/// A template by name, directory or git URL (`rev`: a tag, branch or commit; default HEAD), as
/// read: commands load through [`crate::render::resolve`], which also checks its Tera sources.
pub fn resolve(arg: &str, rev: Option<&str>) -> Result<Template> {
    if is_git_arg(arg) {
        let cache = crate::python::cache::dir()?.join(crate::python::cache::TEMPLATES);
        load_git(arg, rev, &cache)
    } else if rev.is_some() {
        Err(Error::usage(&t::CATALOG_REF_NOT_GIT).hint(&t::CATALOG_REF_NOT_GIT_HINT))
    } else if is_path_arg(arg) {
        load_path(Path::new(arg))
    } else {
        find(arg)
    }
}

/// Loads a template from a git repository (cloned bare into `cache`, fetched again on each
/// use) at `rev`. `template.toml` must be at the top of the repository.
pub fn load_git(url: &str, rev: Option<&str>, cache: &Path) -> Result<Template> {
    use sha2::{Digest, Sha256};
    // A password in the URL is used for this fetch only: the cache's configuration, the
    // project's `.pystart.toml` and every message get the URL without it.
    let stored = crate::url::without_credentials(url);
    let shown = crate::url::redact(url);
    let key: String = Sha256::digest(stored.as_bytes())
        .iter()
        .take(8)
        .map(|b| format!("{b:02x}"))
        .collect();
    std::fs::create_dir_all(cache).with_path("create", cache)?;
    let dir = cache.join(format!("{key}.git"));
    // One process at a time clones or fetches a repository of the cache; a clone left half
    // done by a killed process is removed by the next one.
    let lock_path = cache.join(format!("{key}.lock"));
    let _lock = crate::lock::Lock::exclusive(&lock_path).with_path("create", &lock_path)?;
    let half_done = format!("{key}.git.tmp-");
    for entry in std::fs::read_dir(cache).into_iter().flatten().flatten() {
        if entry.file_name().to_string_lossy().starts_with(&half_done) {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
    let spec = rev.unwrap_or("HEAD");
    let fail = |e| remote_error(e, &shown, spec);
    let repo = match git::Mirror::open(&dir) {
        Ok(repo) => {
            repo.fetch(url).map_err(fail)?;
            repo
        }
        Err(_) => {
            let tmp = cache.join(format!("{half_done}{}", std::process::id()));
            git::Mirror::clone(url, &tmp, &stored).map_err(fail)?;
            std::fs::rename(&tmp, &dir).with_path("move into place", &dir)?;
            git::Mirror::open(&dir).map_err(fail)?
        }
    };
    let snapshot = repo.snapshot(spec).map_err(fail)?;
    let manifest_text = snapshot
        .top_file("template.toml")
        .map(|b| String::from_utf8_lossy(&b).into_owned())
        .ok_or_else(|| {
            Error::new(t::CATALOG_GIT_NO_MANIFEST.m(&[("url", &shown)]))
                .hint(&t::CATALOG_GIT_NO_MANIFEST_HINT)
        })?;
    let file_name = format!("{shown}: template.toml");
    let manifest = parse_manifest(&manifest_text, &file_name)?;
    if manifest.name.starts_with('_') || !crate::manifest::is_identifier(&manifest.name) {
        return Err(Error::new(
            t::CATALOG_GIT_BAD_NAME.m(&[("file", &file_name), ("name", &manifest.name)]),
        ));
    }
    let prefix: &'static str = Box::leak(manifest.name.clone().into_boxed_str());
    let nodes = snapshot
        .nodes(&|name| is_junk(Path::new(name)))
        .map_err(|e| {
            let under = |rel: &str| match rel {
                "" => prefix.to_string(),
                rel => format!("{prefix}/{rel}"),
            };
            match e {
                git::TreeError::NameNotUtf8 { dir } => Error::new(
                    t::CATALOG_GIT_NAME_NOT_UTF8.m(&[("url", &shown), ("dir", &under(&dir))]),
                ),
                git::TreeError::Read { path, err } => {
                    Error::new(t::CATALOG_GIT_READ.m(&[("path", &under(&path)), ("err", &err)]))
                }
                git::TreeError::NotAFile { path } => {
                    Error::new(t::CATALOG_GIT_LINK.m(&[("url", &shown), ("path", &under(&path))]))
                        .hint(&t::CATALOG_GIT_LINK_HINT)
                }
            }
        })?;
    let dir: &'static Dir<'static> = Box::leak(Box::new(leaked_dir(nodes, prefix)));
    let template = Template {
        manifest,
        dir,
        source: Source::Git {
            url: stored,
            commit: snapshot.id(),
        },
    };
    with_shared_checked(template, &file_name)
}

/// A failure to copy a template repository or find revision `rev` in it, naming the URL
/// (`url`, as it may be shown) and git's message.
fn remote_error(e: git::RemoteError, url: &str, rev: &str) -> Error {
    use git::RemoteError as R;
    let by_library = |what: &'static Text, err: &str| {
        Error::new(what.m(&[("url", &url), ("err", &crate::url::redact_text(err))]))
            .hint(&t::CATALOG_LIBGIT2_HINT)
    };
    match e {
        R::Fetch(err) => by_library(&t::CATALOG_FETCH, &err),
        R::Clone(err) => by_library(&t::CATALOG_CLONE, &err),
        R::Open(err) => by_library(&t::CATALOG_OPEN_CLONE, &err),
        R::ReadCommit(err) => by_library(&t::CATALOG_READ_COMMIT, &err),
        R::ReadTree(err) => by_library(&t::CATALOG_READ_TREE, &err),
        R::NotRun(err) => Error::new(t::CATALOG_GIT_NOT_RUN.m(&[("url", &url), ("err", &err)]))
            .hint(&t::CATALOG_GIT_NOT_RUN_HINT),
        R::Failed(err) => {
            Error::new(t::CATALOG_GIT_FETCH_FAILED.m(&[("url", &url), ("err", &err)]))
                .hint(&t::CATALOG_GIT_ACCESS_HINT)
        }
        R::Interrupted => Error::interrupted(),
        R::NoRevision => Error::new(t::CATALOG_NO_REVISION.m(&[("url", &url), ("rev", &rev)]))
            .hint(&t::CATALOG_NO_REVISION_HINT),
    }
}

/// A commit's files and folders as a leaked `Dir` whose paths start with `prefix`.
fn leaked_dir(nodes: Vec<git::Node>, prefix: &'static str) -> Dir<'static> {
    let mut entries: Vec<DirEntry<'static>> = Vec::new();
    for node in nodes {
        match node {
            git::Node::Folder { name, nodes } => {
                let rel: &'static str = Box::leak(format!("{prefix}/{name}").into_boxed_str());
                entries.push(DirEntry::Dir(leaked_dir(nodes, rel)));
            }
            git::Node::File {
                name,
                contents,
                executable,
            } => {
                let rel: &'static str = Box::leak(format!("{prefix}/{name}").into_boxed_str());
                if executable && let Ok(mut set) = DISK_EXECUTABLES.lock() {
                    set.push(rel.to_string());
                }
                let contents: &'static [u8] = Box::leak(contents.into_boxed_slice());
                entries.push(DirEntry::File(File::new(rel, contents)));
            }
        }
    }
    Dir::new(prefix, Box::leak(entries.into_boxed_slice()))
}

/// Reads `root` into a leaked `Dir` whose paths start with `prefix` (as embedded ones start with
/// the template name). Symbolic links are refused: a template must not reach outside itself.
fn read_tree(root: &Path, prefix: &'static str) -> Result<Dir<'static>> {
    let mut entries: Vec<DirEntry<'static>> = Vec::new();
    let mut listing: Vec<_> = std::fs::read_dir(root)
        .with_path("read", root)?
        .collect::<std::io::Result<Vec<_>>>()
        .with_path("read", root)?;
    listing.sort_by_key(|e| e.file_name());
    for entry in listing {
        let path = entry.path();
        let Some(file_name) = entry.file_name().to_str().map(str::to_string) else {
            return Err(Error::new(
                t::CATALOG_FILE_NAME_NOT_UTF8.m(&[("path", &path.display())]),
            ));
        };
        if is_junk(Path::new(&file_name)) || file_name == ".git" {
            continue;
        }
        let rel: &'static str = Box::leak(format!("{prefix}/{file_name}").into_boxed_str());
        let meta = std::fs::symlink_metadata(&path).with_path("read", &path)?;
        if meta.file_type().is_symlink() {
            return Err(Error::new(t::CATALOG_LINK.m(&[("path", &path.display())]))
                .hint(&t::CATALOG_LINK_HINT));
        } else if meta.is_dir() {
            entries.push(DirEntry::Dir(read_tree(&path, rel)?));
        } else if !meta.is_file() {
            // Reading a FIFO would wait forever; a device could be anything.
            return Err(
                Error::new(t::CATALOG_SPECIAL_FILE.m(&[("path", &path.display())]))
                    .hint(&t::CATALOG_SPECIAL_FILE_HINT),
            );
        } else {
            let contents: &'static [u8] = Box::leak(
                std::fs::read(&path)
                    .with_path("read", &path)?
                    .into_boxed_slice(),
            );
            if mode_is_executable(&meta)
                && let Ok(mut set) = DISK_EXECUTABLES.lock()
            {
                set.push(rel.to_string());
            }
            entries.push(DirEntry::File(File::new(rel, contents)));
        }
    }
    Ok(Dir::new(prefix, Box::leak(entries.into_boxed_slice())))
}

/// Whether a file on disk has an executable bit (always false where there are none).
#[cfg(unix)]
pub fn mode_is_executable(meta: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::PermissionsExt;
    meta.permissions().mode() & 0o111 != 0
}

#[cfg(not(unix))]
pub fn mode_is_executable(_meta: &std::fs::Metadata) -> bool {
    false
}

/// A `template.toml`: its structure ([`Manifest::parse`]) and its values (defaults, variants)
/// against the variables' specs.
fn parse_manifest(text: &str, file: &str) -> Result<Manifest> {
    let manifest = Manifest::parse(text, file)?;
    crate::vars::check_values(&manifest, file)?;
    Ok(manifest)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_is_shown_where_its_author_finds_it() {
        let mut t = find("titanic").unwrap();
        let rel = "titanic/files/README.md.tera";
        assert_eq!(t.shown_path(rel), "templates/titanic/files/README.md.tera");
        t.source = Source::Path("/work/my_tpl".into());
        assert_eq!(t.shown_path(rel), "/work/my_tpl/files/README.md.tera");
        t.source = Source::Git {
            url: "https://user:secret@example.com/t.git".into(),
            commit: "abc".into(),
        };
        let shown = t.shown_path(rel);
        assert!(shown.ends_with(" files/README.md.tera"), "{shown}");
        assert!(!shown.contains("secret"), "{shown}");
    }

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
}
