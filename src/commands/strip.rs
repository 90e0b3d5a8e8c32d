//! `pystart strip SOURCE --out DIR`: the student version of any project with solution markers.
//!
//! Every file that git would track (in a repository: not ignored by its `.gitignore`; elsewhere:
//! everything but caches and virtualenvs) is read, solution blocks and notes for the teacher are
//! removed and exercise stubs uncommented, and the result is written atomically to `DIR` with a
//! fresh git repository. The source is never modified.

use crate::error::{Error, IoContext, Result, display_path};
use crate::git;
use crate::messages::teach as t;
use crate::printer::Printer;
use crate::render::{Plan, PlannedFile};
use crate::settings::StripSettings;
use crate::strip;
use crate::writer;
use serde_json::json;
use std::path::Path;

/// Directories never copied: version control, virtualenvs, caches, outputs of runs.
const SKIP_DIRS: &[&str] = &[
    ".git",
    ".venv",
    "venv",
    "__pycache__",
    ".pytest_cache",
    ".ruff_cache",
    ".mypy_cache",
    ".ipynb_checkpoints",
    "node_modules",
];

pub fn run(settings: StripSettings, printer: &Printer) -> Result<()> {
    if !settings.source.is_dir() {
        return Err(Error::new(
            t::STRIP_NOT_A_DIRECTORY.m(&[("path", &display_path(&settings.source))]),
        )
        .hint(&t::STRIP_NOT_A_DIRECTORY_HINT));
    }
    writer::check_target(&settings.out)?;
    let source = settings
        .source
        .canonicalize()
        .with_path("read", &settings.source)?;
    if let Ok(out) = std::path::absolute(&settings.out)
        && out.starts_with(&source)
    {
        return Err(Error::new(t::STRIP_OUT_INSIDE_SOURCE.m(&[
            ("out", &display_path(&settings.out)),
            ("source", &display_path(&settings.source)),
        ]))
        .hint(&t::STRIP_OUT_INSIDE_SOURCE_HINT));
    }
    let mut plan = read_plan(&source)?;
    // The template's hidden grading tests never go to students.
    let hidden = hidden_files(&plan);
    plan.files.retain(|f| !hidden.contains(&f.path));
    let (mut student, summary) = strip::strip_plan(&plan)?;
    if summary.files.is_empty() {
        return Err(Error::new(
            t::STRIP_NO_MARKERS.m(&[("path", &display_path(&settings.source))]),
        )
        .hint(&t::STRIP_NO_MARKERS_HINT));
    }
    mark_student(&mut student);

    // No repository when asked not to, or inside an existing work tree.
    let git_plan = (settings.git && git::enclosing_work_tree(&settings.out).is_none())
        .then(|| git::signature("pystart", "pystart@localhost"));
    writer::write(&student, &settings.out, |dir| match &git_plan {
        Some((name, email)) => git::init_and_commit(
            dir,
            name,
            email,
            "Student version (solutions stripped by pystart)",
        ),
        None => Ok(()),
    })?;

    if settings.json {
        printer.json(&json!({
            "source": source,
            "out": std::path::absolute(&settings.out).unwrap_or(settings.out.clone()),
            "files": student.files.len(),
            "stripped_files": summary.files,
            "solution_blocks": summary.solution_blocks,
            "stub_blocks": summary.stub_blocks,
            "teacher_blocks": summary.teacher_blocks,
            "hidden_left_out": hidden,
            "git": git_plan.is_some(),
        }));
    } else {
        let text = if git_plan.is_some() {
            &t::STRIP_SUMMARY_GIT
        } else {
            &t::STRIP_SUMMARY
        };
        let solutions = t::COUNT_SOLUTION_BLOCKS.count(summary.solution_blocks);
        let removed = if summary.teacher_blocks == 0 {
            solutions
        } else {
            t::STRIP_REMOVED_WITH_NOTES.f(&[
                ("solutions", &solutions),
                (
                    "notes",
                    &t::COUNT_TEACHER_BLOCKS.count(summary.teacher_blocks),
                ),
            ])
        };
        printer.info(&text.f(&[
            ("wrote", &printer.green(t::STRIP_WROTE.s())),
            ("removed", &removed),
            ("stubs", &t::COUNT_STUBS.count(summary.stub_blocks)),
            ("changed", &t::COUNT_FILES.count(summary.files.len())),
            ("total", &student.files.len()),
            ("path", &display_path(&settings.out)),
        ]));
        for f in &summary.files {
            printer.info(&format!("  {f}"));
        }
        for f in &hidden {
            printer.info(&t::STRIP_HIDDEN_LEFT_OUT.f(&[("path", f)]));
        }
    }
    Ok(())
}

/// Files of `plan` that its template (named in `.pystart.toml`, embedded or a directory)
/// declares hidden (`[grading] hidden`).
fn hidden_files(plan: &Plan) -> Vec<String> {
    let Some(record) = plan
        .get(crate::render::ANSWERS_FILE)
        .and_then(|f| std::str::from_utf8(&f.contents).ok())
        .and_then(|text| crate::answers::parse(text, crate::render::ANSWERS_FILE).ok())
    else {
        return vec![];
    };
    let kind = |k: &str| {
        record
            .source
            .as_ref()
            .and_then(|s| s.get(k))
            .and_then(|v| v.as_str())
            .map(str::to_string)
    };
    let template = match (kind("kind").as_deref(), kind("location"), &record.template) {
        (Some("path"), Some(location), _) => crate::render::resolve(&location, None).ok(),
        (Some("embedded") | None, _, Some(name)) => crate::catalog::find(name).ok(),
        _ => None,
    };
    let Some(globs) = template.and_then(|t| t.manifest.grading.hidden_paths().ok()) else {
        return vec![];
    };
    plan.files
        .iter()
        .filter(|f| globs.matches(&f.path))
        .map(|f| f.path.clone())
        .collect()
}

/// Records `mode = "student"` in a `.pystart.toml` the project carries.
fn mark_student(plan: &mut Plan) {
    let Some(file) = plan
        .files
        .iter()
        .find(|f| f.path == crate::render::ANSWERS_FILE)
    else {
        return;
    };
    let Some(contents) = std::str::from_utf8(&file.contents)
        .ok()
        .and_then(|text| crate::answers::with_mode(text, "student"))
    else {
        return;
    };
    strip::set_answers_file(plan, contents);
}

/// The project's files as a plan (paths relative, `/`-separated): what git would track.
pub fn read_plan(root: &Path) -> Result<Plan> {
    let ignores = git::IgnoreRules::open(root);
    let mut files = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).with_path("read", &dir)? {
            let entry = entry.with_path("read", &dir)?;
            let path = entry.path();
            let name = entry.file_name().to_string_lossy().into_owned();
            let rel = path
                .strip_prefix(root)
                .expect("below the root")
                .to_string_lossy()
                .replace('\\', "/");
            let meta = std::fs::symlink_metadata(&path).with_path("read", &path)?;
            if meta.is_dir() && SKIP_DIRS.contains(&name.as_str()) {
                continue;
            }
            if ignores.as_ref().is_some_and(|i| i.ignored(&rel)) {
                continue;
            }
            if meta.file_type().is_symlink() {
                return Err(
                    Error::new(t::STRIP_SYMLINK.m(&[("path", &display_path(&path))]))
                        .hint(&t::STRIP_SYMLINK_HINT),
                );
            } else if meta.is_dir() {
                stack.push(path);
            } else {
                files.push(PlannedFile {
                    contents: std::fs::read(&path).with_path("read", &path)?,
                    executable: crate::catalog::mode_is_executable(&meta),
                    rendered: false,
                    path: rel,
                });
            }
        }
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(Plan { files })
}
