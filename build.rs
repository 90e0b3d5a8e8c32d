//! Records which template files are executable: `include_dir` embeds contents but not file
//! modes, and a generated script must stay runnable. Also records, for `pystart --version`,
//! the commit the binary was built from and the target it was built for.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

fn main() {
    println!("cargo:rerun-if-changed=templates");
    println!(
        "cargo:rustc-env=PYSTART_BUILD_TARGET={}",
        std::env::var("TARGET").unwrap_or_else(|_| "unknown".into())
    );
    println!("cargo:rustc-env=PYSTART_BUILD_COMMIT={}", commit());
    let root = Path::new("templates");
    let mut executables = Vec::new();
    walk(root, root, &mut executables);
    executables.sort();
    let body: String = executables
        .iter()
        .map(|p| format!("    {p:?},\n"))
        .collect();
    let out = Path::new(&std::env::var("OUT_DIR").unwrap()).join("executables.rs");
    fs::write(
        out,
        format!("/// Template files with an executable bit, relative to `templates/`.\npub static EXECUTABLES: &[&str] = &[\n{body}];\n"),
    )
    .unwrap();
}

fn walk(root: &Path, dir: &Path, out: &mut Vec<String>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let Ok(meta) = entry.metadata() else { continue };
        if meta.is_dir() {
            walk(root, &path, out);
        } else if is_executable(&meta) {
            let rel = path.strip_prefix(root).unwrap();
            out.push(rel.to_string_lossy().replace('\\', "/"));
        }
    }
}

#[cfg(unix)]
fn is_executable(meta: &fs::Metadata) -> bool {
    use std::os::unix::fs::PermissionsExt;
    meta.permissions().mode() & 0o111 != 0
}

#[cfg(not(unix))]
fn is_executable(_meta: &fs::Metadata) -> bool {
    false
}

/// The short hash of the checked-out commit, or `unknown` when the crate is not the top of a
/// git work tree (an unpacked source archive, or a copy inside some other repository).
fn commit() -> String {
    let here = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap_or_default());
    // Whether the crate is a work tree can change under a target directory that is kept (the
    // same sources copied out of the checkout, or back into one): ask again when `.git` comes
    // or goes. (A missing path runs this script on every build, which only copies without
    // git do.)
    println!("cargo:rerun-if-changed={}", here.join(".git").display());
    // The directory may belong to another user (a build container): say it is safe for this
    // one command only.
    let git = |args: &[&str]| {
        Command::new("git")
            .args(["-c", "safe.directory=*", "-C"])
            .arg(&here)
            .args(args)
            .output()
            .ok()
            .filter(|o| o.status.success())
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
            .filter(|s| !s.is_empty())
    };
    let Some(top) = git(&["rev-parse", "--show-toplevel"]) else {
        // No git command (a build container may have none), or no repository at all.
        return commit_from_files(&here).unwrap_or_else(|| "unknown".into());
    };
    let same = match (Path::new(&top).canonicalize(), here.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    };
    if !same {
        return "unknown".into();
    }
    // Build again when HEAD moves: a commit, a checkout, a branch update. Only files that exist
    // (cargo would otherwise run this script on every build); a branch kept in packed-refs is
    // watched through its directory, where a commit writes it.
    let watch = |p: PathBuf| {
        if p.exists() {
            println!("cargo:rerun-if-changed={}", p.display());
        }
    };
    for file in ["HEAD", "packed-refs"] {
        if let Some(p) = git(&["rev-parse", "--git-path", file]) {
            watch(here.join(p));
        }
    }
    if let Some(branch) = git(&["symbolic-ref", "-q", "HEAD"])
        && let Some(p) = git(&["rev-parse", "--git-path", &branch])
    {
        let p = here.join(p);
        if p.exists() {
            watch(p);
        } else if let Some(dir) = p.parent() {
            watch(dir.to_path_buf());
        }
    }
    git(&["rev-parse", "--short=9", "HEAD"]).unwrap_or_else(|| "unknown".into())
}

/// HEAD's commit read from the repository's files, for a machine without git: `.git` in the
/// crate's own directory (a directory, or a file naming one), its HEAD, and the branch that
/// names, loose or packed.
fn commit_from_files(here: &Path) -> Option<String> {
    let dot = here.join(".git");
    let gitdir = if dot.is_dir() {
        dot
    } else {
        let text = fs::read_to_string(&dot).ok()?;
        here.join(text.strip_prefix("gitdir:")?.trim())
    };
    // A linked work tree keeps its branches in the main repository.
    let common = fs::read_to_string(gitdir.join("commondir"))
        .map(|c| gitdir.join(c.trim()))
        .unwrap_or_else(|_| gitdir.clone());
    println!("cargo:rerun-if-changed={}", gitdir.join("HEAD").display());
    let head = fs::read_to_string(gitdir.join("HEAD")).ok()?;
    let head = head.trim();
    let full = match head.strip_prefix("ref:") {
        None => head.to_string(),
        Some(name) => {
            let name = name.trim();
            match fs::read_to_string(common.join(name)) {
                Ok(hash) => hash.trim().to_string(),
                Err(_) => fs::read_to_string(common.join("packed-refs"))
                    .ok()?
                    .lines()
                    .filter_map(|l| l.split_once(' '))
                    .find(|(_, r)| r.trim() == name)
                    .map(|(hash, _)| hash.to_string())?,
            }
        }
    };
    let hex = full.len() >= 9 && full.chars().all(|c| c.is_ascii_hexdigit());
    hex.then(|| full[..9].to_string())
}
