//! Records which template files are executable: `include_dir` embeds contents but not file
//! modes, and a generated script must stay runnable.

use std::fs;
use std::path::Path;

fn main() {
    println!("cargo:rerun-if-changed=templates");
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
