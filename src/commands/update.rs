//! `pystart update [PATH]`: bring a generated project to the current version of its template
//! with git's 3-way merge, keeping the learner's changes.
//!
//! The `pystart` branch holds the project as pystart rendered it (made by `new`; for older
//! projects the first commit, which is that render). The template is rendered again with the
//! recorded answers and committed on that branch; then the branch is merged into the current
//! one. Lines both sides changed get standard conflict markers; files the user deleted stay
//! deleted unless the template changed them (a conflict, reported); files the template dropped
//! go unless the user changed them. Updating twice in a row changes nothing.
//!
//! Nothing the user sees changes until the whole update can complete: a file git does not
//! track where the update would write one is refused up front; the merge is computed in memory
//! and its commits written as objects; then one switch (work tree and index by a safe checkout,
//! then the branch) runs with signals deferred. The `pystart` branch only moves once HEAD has
//! the new render merged, so an aborted or failed merge leaves the update available, and
//! `update --check` asks exactly what `update` does: does the render differ from the last one
//! the project took in?

use crate::answers;
use crate::catalog::{self, Template};
use crate::error::{Error, Result, display_path};
use crate::git::merge::{Changes, Project};
use crate::messages::templates as t;
use crate::platform::Critical;
use crate::printer::Printer;
use crate::render;
use crate::settings::UpdateSettings;
use crate::vars::{self, Given};
use serde_json::json;
use std::path::Path;

/// What `update` found; `--check` exits with [`UPDATE_AVAILABLE`] for `Available`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Updated, up to date, or a dry run.
    Done,
    /// `--check`: the template has changes the project has not taken in.
    Available,
}

/// The exit code of `update --check` when an update is available (no error has it).
pub const UPDATE_AVAILABLE: u8 = 3;

pub fn run(settings: UpdateSettings, printer: &Printer) -> Result<Outcome> {
    let dir = &settings.path;
    let file = answers::read(&dir.join(render::ANSWERS_FILE)).map_err(|e| {
        Error::new(
            t::UPDATE_NOT_A_PROJECT.m(&[("path", &display_path(dir)), ("err", &e.message())]),
        )
        .hint(&t::UPDATE_RUN_IN_PROJECT)
    })?;
    let repo = Project::open(dir).ok_or_else(|| {
        Error::new(t::UPDATE_NOT_A_REPO.m(&[("path", &display_path(dir))]))
            .hint(&t::UPDATE_NEEDS_GIT)
    })?;
    let template = template_of(&file)?;
    let old_version = recorded_version(&file);
    let new_version = version_of(&template);
    let changes_nothing = settings.dry_run || settings.check;
    if !changes_nothing {
        refuse_dirty(&repo, dir)?;
    }
    // The pristine render the project last took in: the `pystart` branch, moved on to an
    // update whose merge the user finished by hand.
    let base = repo
        .pristine(UPDATE_SUBJECT, !changes_nothing)?
        .ok_or_else(|| Error::new(&t::UPDATE_NO_COMMITS))?;

    // The answers: recorded ones, `--set` over them, defaults for variables new in this version.
    let env = vars::EnvDefaults {
        lang: crate::settings::lang_from_env(),
        author: None,
        email: None,
    };
    let defs = vars::definitions(&template.manifest, &env);
    let mut given: indexmap::IndexMap<String, Given> = file
        .answers
        .into_iter()
        .filter(|(k, _)| defs.iter().any(|d| &d.name == k))
        .collect();
    let new_vars: Vec<String> = defs
        .iter()
        .filter(|d| !given.contains_key(&d.name) && !settings.given.contains_key(&d.name))
        .map(|d| d.name.clone())
        .collect();
    given.extend(settings.given.clone());
    // On a terminal, only the variables new in this version are asked (the rest are given).
    let on_terminal = {
        use std::io::IsTerminal;
        std::io::stdin().is_terminal() && std::io::stdout().is_terminal()
    };
    let mut terminal = (on_terminal && !settings.json && !settings.check)
        .then(|| crate::prompts::Terminal::new(&env.lang));
    let asked = terminal.is_some();
    let available = || {
        printer.info(
            &t::UPDATE_AVAILABLE.f(&[
                ("template", &template.name()),
                (
                    "old",
                    &old_version
                        .as_deref()
                        .unwrap_or(t::UPDATE_UNKNOWN_VERSION.s()),
                ),
                ("new", &new_version),
            ]),
        );
        printer.note(t::UPDATE_TRY_DRY_RUN.s());
        if settings.json {
            printer.json(&json!({ "updated": false, "available": true }));
        }
        Outcome::Available
    };
    let rendered = vars::resolve(
        &defs,
        given,
        terminal.as_mut().map(|t| t as &mut dyn vars::Ask),
    )
    .and_then(|answers| {
        let mut plan = render::render(&template, &answers)?;
        if file.mode.as_deref() == Some("student") {
            plan = crate::strip::student_plan(&plan, &template, &answers, &toml::Table::new())?.0;
        }
        Ok((answers, plan))
    });
    let (answers, plan) = match rendered {
        Ok(r) => r,
        // A new variable without a default: `update` needs `--set`, so there is an update.
        Err(_) if settings.check && old_version.as_deref() != Some(new_version.as_str()) => {
            return Ok(available());
        }
        Err(e) => return Err(e),
    };
    for name in new_vars.iter().filter(|_| !asked) {
        if let Some(v) = answers.values.get(name) {
            printer.note(&t::UPDATE_NEW_VARIABLE.f(&[("name", name), ("value", &v.display())]));
        }
    }

    let new_tree = repo.store_tree(
        plan.files
            .iter()
            .map(|f| (f.path.as_str(), f.contents.as_slice(), f.executable)),
    )?;
    // `--check` and `update` ask the same question: does the render differ from the last one
    // the project took in?
    if repo.is_tree_of(base, new_tree)? {
        let text = if settings.check {
            &t::UPDATE_UP_TO_DATE
        } else {
            &t::UPDATE_NOTHING_TO_DO
        };
        printer.info(&text.f(&[("path", &display_path(dir)), ("template", &template.name())]));
        if settings.json {
            printer.json(&json!({ "updated": false, "changes": {} }));
        }
        return Ok(Outcome::Done);
    }
    if settings.check {
        return Ok(available());
    }
    let message = format!("{UPDATE_SUBJECT} {} {}", template.name(), new_version);
    // The merge, in memory first: what would conflict?
    let mut merge = repo.prepare(base, new_tree)?;
    report(
        printer,
        &settings,
        &merge.template_changes,
        &merge.user_changes,
        &merge.conflicts,
    );
    if settings.dry_run {
        printer.info(t::UPDATE_DRY_RUN.s());
        return Ok(Outcome::Done);
    }
    // Files the user keeps outside git where the update would put one: refused, as `git
    // merge` refuses, before anything is written.
    refuse_in_the_way(dir, merge.in_the_way())?;

    // Objects only so far: nothing the user sees has changed, and an interruption up to the
    // switch below leaves the project exactly as it was (the update still available).
    let critical = Critical::enter();
    let render = merge.commit_render(&message)?;
    critical.check()?;

    if merge.conflicts.is_empty() {
        let commit = merge.commit_merge(render, &message)?;
        critical.check()?;
        // The switch: the work tree and index first (a safe checkout: it never overwrites a
        // change of the user's), then HEAD's branch, then the pristine branch. Signals wait.
        merge.switch(commit, render, &message)?;
        drop(critical);
        printer.info(&t::UPDATE_DONE.f(&[
            ("done", &printer.green(t::UPDATE_DONE_WORD.s())),
            ("path", &display_path(dir)),
            ("template", &template.name()),
            ("version", &new_version),
        ]));
        Ok(Outcome::Done)
    } else {
        // Leave the merge in progress, as `git merge` does: markers in the files, MERGE_HEAD
        // set. The pristine branch stays where it is until the merge is committed (then the
        // next `update` moves it on), so an aborted merge leaves the update available.
        merge.leave_conflicted(render, &message)?;
        drop(critical);
        let conflicts = &merge.conflicts;
        Err(Error::new(t::UPDATE_CONFLICTS.m(&[
            ("n", &conflicts.len()),
            ("s", &crate::printer::plural(conflicts.len())),
            ("files", &conflicts.join(", ")),
        ]))
        .hint(&t::UPDATE_CONFLICTS_HINT))
    }
}

/// The subject of the commits `update` makes (the pristine render and the merge).
const UPDATE_SUBJECT: &str = "pystart update: template";

/// Refuses when a file git does not track (untracked or ignored) is where the update would
/// write one (`in_the_way`), naming them all.
fn refuse_in_the_way(dir: &Path, in_the_way: Vec<String>) -> Result<()> {
    if in_the_way.is_empty() {
        return Ok(());
    }
    Err(Error::new(t::UPDATE_IN_THE_WAY.m(&[
        ("path", &display_path(dir)),
        ("n", &in_the_way.len()),
        ("s", &crate::printer::plural(in_the_way.len())),
        ("files", &in_the_way.join(", ")),
    ]))
    .hint(&t::UPDATE_IN_THE_WAY_HINT))
}

fn template_of(file: &answers::AnswersFile) -> Result<Template> {
    let get = |k: &str| {
        file.source
            .as_ref()
            .and_then(|s| s.get(k))
            .and_then(|v| v.as_str())
            .map(str::to_string)
    };
    match (get("kind").as_deref(), get("location")) {
        (Some("git"), Some(url)) => crate::render::resolve(&url, None),
        (Some("path"), Some(path)) => crate::render::load_path(Path::new(&path)),
        _ => {
            let name = file
                .template
                .clone()
                .ok_or_else(|| Error::new(&t::UPDATE_NO_TEMPLATE).hint(&t::UPDATE_ADD_TEMPLATE))?;
            catalog::find(&name)
        }
    }
}

fn recorded_version(file: &answers::AnswersFile) -> Option<String> {
    let s = file.source.as_ref()?;
    s.get("commit")
        .or_else(|| s.get("hash"))
        .and_then(|v| v.as_str())
        .map(str::to_string)
}

fn version_of(t: &Template) -> String {
    match &t.source {
        catalog::Source::Git { commit, .. } => commit.clone(),
        _ => t.content_hash(),
    }
}

/// Modified or staged tracked files block an update (untracked files do not), as does a merge
/// or the like in progress.
fn refuse_dirty(repo: &Project, dir: &Path) -> Result<()> {
    let local = repo.local_changes()?;
    let path = display_path(dir);
    if local.in_progress {
        return Err(
            Error::new(t::UPDATE_DIRTY_MERGING.m(&[("path", &path)])).hint(&t::UPDATE_FINISH_MERGE)
        );
    }
    if local.files.is_empty() {
        return Ok(());
    }
    let message = t::UPDATE_DIRTY.m(&[("path", &path), ("files", &local.files.join(", "))]);
    Err(Error::new(message).hint(&t::UPDATE_COMMIT_FIRST))
}

fn report(
    printer: &Printer,
    settings: &UpdateSettings,
    template: &Changes,
    user: &Changes,
    conflicts: &[String],
) {
    let merged: Vec<String> = (template.modified.iter())
        .filter(|p| user.touches(p) && !conflicts.contains(p))
        .cloned()
        .collect();
    let deleted_by_user_changed: Vec<String> = (template.modified.iter())
        .filter(|p| user.removed.contains(p))
        .cloned()
        .collect();
    if settings.json {
        printer.json(&json!({
            "updated": !settings.dry_run,
            "dry_run": settings.dry_run,
            "changes": {
                "added": template.added,
                "removed": template.removed,
                "modified": template.modified,
                "merged": merged,
                "conflicted": conflicts,
                "deleted_by_you_changed_by_template": deleted_by_user_changed,
            },
        }));
        return;
    }
    for (label, paths) in [
        (&t::UPDATE_ADDED, template.added.clone()),
        (&t::UPDATE_REMOVED, template.removed.clone()),
        (&t::UPDATE_CHANGED, template.modified.clone()),
        (&t::UPDATE_MERGED, merged),
        (&t::UPDATE_CONFLICT, conflicts.to_vec()),
    ] {
        // Padded by terminal columns: a Chinese character takes two.
        let label = console::pad_str(label.s(), 26, console::Alignment::Left, None);
        for p in paths {
            printer.info(&format!("  {label} {p}"));
        }
    }
    for p in deleted_by_user_changed {
        printer.info(&t::UPDATE_DELETED_CHANGED.f(&[("path", &p)]));
    }
}
