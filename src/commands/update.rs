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
use crate::git::PRISTINE_BRANCH;
use crate::messages::Text;
use crate::messages::templates as t;
use crate::platform::Critical;
use crate::printer::Printer;
use crate::render::{self, Plan};
use crate::settings::UpdateSettings;
use crate::vars::{self, Given};
use git2::{Oid, Repository, Signature};
use serde_json::json;
use std::collections::BTreeMap;
use std::path::Path;

/// `what` is what git could not do (`t::GIT_…`).
fn git_err(what: &'static Text) -> impl Fn(git2::Error) -> Error {
    move |e| Error::new(t::UPDATE_GIT_FAILED.m(&[("what", &what.s()), ("err", &e.message())]))
}

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
    let repo = Repository::open(dir).map_err(|_| {
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
    let base = synced_pristine(&repo, !changes_nothing)?;

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

    let new_tree = tree_of(&repo, &plan)?;
    let base_tree = base.tree().map_err(git_err(&t::GIT_READ_PRISTINE_TREE))?;
    // `--check` and `update` ask the same question: does the render differ from the last one
    // the project took in?
    if new_tree == base_tree.id() {
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
    let new_tree_obj = repo
        .find_tree(new_tree)
        .map_err(git_err(&t::GIT_READ_NEW_TREE))?;
    let template_changes = changes(&repo, &base_tree, &new_tree_obj)?;
    let head = repo
        .head()
        .and_then(|h| h.peel_to_commit())
        .map_err(git_err(&t::GIT_READ_HEAD))?;
    let sig = signature(&repo);
    let message = format!("{UPDATE_SUBJECT} {} {}", template.name(), new_version);
    // The merge, in memory first: what would conflict?
    let head_tree = head.tree().map_err(git_err(&t::GIT_READ_HEAD_TREE))?;
    let mut merged = repo
        .merge_trees(&base_tree, &head_tree, &new_tree_obj, None)
        .map_err(git_err(&t::GIT_MERGE))?;
    let conflicts: Vec<String> = merged
        .conflicts()
        .map_err(git_err(&t::GIT_READ_CONFLICTS))?
        .filter_map(|c| c.ok())
        .filter_map(|c| {
            c.our
                .or(c.their)
                .or(c.ancestor)
                .map(|e| String::from_utf8_lossy(&e.path).into_owned())
        })
        .collect();
    let user_changes = changes(&repo, &base_tree, &head_tree)?;
    report(
        printer,
        &settings,
        &template_changes,
        &user_changes,
        &conflicts,
    );
    if settings.dry_run {
        printer.info(t::UPDATE_DRY_RUN.s());
        return Ok(Outcome::Done);
    }
    // Files the user keeps outside git where the update would put one: refused, as `git
    // merge` refuses, before anything is written.
    let merged_paths: Vec<String> = merged
        .iter()
        .map(|e| String::from_utf8_lossy(&e.path).into_owned())
        .collect();
    refuse_in_the_way(&repo, dir, &head_tree, &merged_paths)?;

    // Objects only so far: nothing the user sees has changed, and an interruption up to the
    // switch below leaves the project exactly as it was (the update still available).
    let critical = Critical::enter();
    let pristine = repo
        .commit(None, &sig, &sig, &message, &new_tree_obj, &[&base])
        .map_err(git_err(&t::GIT_COMMIT_RENDER))?;
    let pristine_commit = repo
        .find_commit(pristine)
        .map_err(git_err(&t::GIT_READ_RENDER))?;
    critical.check()?;

    if conflicts.is_empty() {
        let tree_id = merged
            .write_tree_to(&repo)
            .map_err(git_err(&t::GIT_WRITE_MERGED_TREE))?;
        let tree = repo
            .find_tree(tree_id)
            .map_err(git_err(&t::GIT_READ_MERGED_TREE))?;
        let commit = repo
            .commit(
                None,
                &sig,
                &sig,
                &message,
                &tree,
                &[&head, &pristine_commit],
            )
            .map_err(git_err(&t::GIT_COMMIT_MERGE))?;
        critical.check()?;
        // The switch: the work tree and index first (a safe checkout: it never overwrites a
        // change of the user's), then HEAD's branch, then the pristine branch. Signals wait.
        let obj = repo
            .find_object(commit, None)
            .map_err(git_err(&t::GIT_READ_MERGE))?;
        repo.checkout_tree(&obj, Some(git2::build::CheckoutBuilder::new().safe()))
            .map_err(git_err(&t::GIT_UPDATE_WORK_TREE))?;
        let reflog = format!("{message} (merge)");
        match repo.head() {
            Ok(head_ref) if head_ref.is_branch() => {
                let name = head_ref.name().unwrap_or("HEAD").to_string();
                repo.reference(&name, commit, true, &reflog).map(|_| ())
            }
            _ => repo.set_head_detached(commit),
        }
        .map_err(git_err(&t::GIT_COMMIT_MERGE))?;
        repo.branch(PRISTINE_BRANCH, &pristine_commit, true)
            .map_err(git_err(&t::GIT_MOVE_BRANCH))?;
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
        let annotated = repo
            .find_annotated_commit(pristine)
            .map_err(git_err(&t::GIT_PREPARE_MERGE))?;
        let mut checkout = git2::build::CheckoutBuilder::new();
        checkout
            .safe()
            .allow_conflicts(true)
            .conflict_style_merge(true);
        repo.merge(&[&annotated], None, Some(&mut checkout))
            .map_err(git_err(&t::GIT_MERGE))?;
        let _ = std::fs::write(repo.path().join("MERGE_MSG"), format!("{message}\n"));
        drop(critical);
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

/// The pristine render the project last took in: the `pystart` branch (or the first commit),
/// followed on along pristine renders that HEAD has merged since (an update whose conflicts the
/// user resolved and committed by hand). Moves the branch there when `write` (not for
/// `--check` or `--dry-run`, which change nothing).
fn synced_pristine(repo: &Repository, write: bool) -> Result<git2::Commit<'_>> {
    let mut tip = pristine_commit(repo)?;
    let mut walk = repo.revwalk().map_err(git_err(&t::GIT_WALK_HISTORY))?;
    walk.push_head().map_err(git_err(&t::GIT_WALK_HISTORY))?;
    walk.hide(tip.id()).map_err(git_err(&t::GIT_WALK_HISTORY))?;
    // Pristine renders reachable from HEAD, by their parent (the render before them).
    let mut next: std::collections::HashMap<Oid, Oid> = std::collections::HashMap::new();
    for oid in walk.flatten() {
        if let Ok(c) = repo.find_commit(oid)
            && c.parent_count() == 1
            && c.message().is_ok_and(|m| m.starts_with(UPDATE_SUBJECT))
            && let Ok(parent) = c.parent_id(0)
        {
            next.insert(parent, oid);
        }
    }
    let start = tip.id();
    while let Some(oid) = next.get(&tip.id()) {
        tip = repo
            .find_commit(*oid)
            .map_err(git_err(&t::GIT_READ_RENDER))?;
    }
    if write && tip.id() != start {
        repo.branch(PRISTINE_BRANCH, &tip, true)
            .map_err(git_err(&t::GIT_MOVE_BRANCH))?;
    }
    Ok(tip)
}

/// Refuses when a file git does not track (untracked or ignored) is where the update would
/// write one, naming them all.
fn refuse_in_the_way(
    repo: &Repository,
    dir: &Path,
    head_tree: &git2::Tree<'_>,
    merged_paths: &[String],
) -> Result<()> {
    let tracked = |p: &str| head_tree.get_path(Path::new(p)).is_ok();
    let mut in_the_way: Vec<String> = Vec::new();
    let workdir = repo.workdir().unwrap_or(dir);
    for path in merged_paths {
        if tracked(path) {
            continue;
        }
        // The file itself, or a file where one of its folders would go.
        let mut prefix = String::new();
        for (i, part) in path.split('/').enumerate() {
            if i > 0 {
                prefix.push('/');
            }
            prefix.push_str(part);
            let last = prefix.len() == path.len();
            match std::fs::symlink_metadata(workdir.join(&prefix)) {
                Ok(meta) if last || !meta.is_dir() => {
                    if !tracked(&prefix) && !in_the_way.contains(&prefix) {
                        in_the_way.push(prefix.clone());
                    }
                    break;
                }
                Ok(_) => {}
                Err(_) => break,
            }
        }
    }
    if in_the_way.is_empty() {
        return Ok(());
    }
    in_the_way.sort();
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

/// Modified or staged tracked files block an update (untracked files do not).
fn refuse_dirty(repo: &Repository, dir: &Path) -> Result<()> {
    let mut opts = git2::StatusOptions::new();
    opts.include_untracked(false).include_ignored(false);
    let statuses = repo
        .statuses(Some(&mut opts))
        .map_err(git_err(&t::GIT_READ_STATUS))?;
    let dirty: Vec<String> = statuses
        .iter()
        .filter(|s| s.status() != git2::Status::CURRENT)
        .filter_map(|s| s.path().ok().map(str::to_string))
        .collect();
    if dirty.is_empty() && repo.state() == git2::RepositoryState::Clean {
        return Ok(());
    }
    let path = display_path(dir);
    if repo.state() != git2::RepositoryState::Clean {
        return Err(
            Error::new(t::UPDATE_DIRTY_MERGING.m(&[("path", &path)])).hint(&t::UPDATE_FINISH_MERGE)
        );
    }
    let message = t::UPDATE_DIRTY.m(&[("path", &path), ("files", &dirty.join(", "))]);
    Err(Error::new(message).hint(&t::UPDATE_COMMIT_FIRST))
}

/// The pristine render: the `pystart` branch, else the project's first commit.
fn pristine_commit(repo: &Repository) -> Result<git2::Commit<'_>> {
    if let Ok(b) = repo.find_branch(PRISTINE_BRANCH, git2::BranchType::Local)
        && let Ok(c) = b.get().peel_to_commit()
    {
        return Ok(c);
    }
    let mut walk = repo.revwalk().map_err(git_err(&t::GIT_WALK_HISTORY))?;
    walk.push_head().map_err(git_err(&t::GIT_WALK_HISTORY))?;
    walk.set_sorting(git2::Sort::TOPOLOGICAL | git2::Sort::REVERSE)
        .map_err(git_err(&t::GIT_WALK_HISTORY))?;
    let first = walk
        .next()
        .and_then(|r| r.ok())
        .ok_or_else(|| Error::new(&t::UPDATE_NO_COMMITS))?;
    repo.find_commit(first)
        .map_err(git_err(&t::GIT_READ_FIRST_COMMIT))
}

/// The plan as a git tree (without the files the project's .gitignore excludes, as `new`
/// commits them).
fn tree_of(repo: &Repository, plan: &Plan) -> Result<Oid> {
    #[derive(Default)]
    struct Node {
        files: BTreeMap<String, (Oid, i32)>,
        dirs: BTreeMap<String, Node>,
    }
    let mut root = Node::default();
    for f in &plan.files {
        if repo.is_path_ignored(Path::new(&f.path)).unwrap_or(false) {
            continue;
        }
        let oid = repo
            .blob(&f.contents)
            .map_err(git_err(&t::GIT_STORE_FILE))?;
        let mode = if f.executable { 0o100755 } else { 0o100644 };
        let mut node = &mut root;
        let parts: Vec<&str> = f.path.split('/').collect();
        for dir in &parts[..parts.len() - 1] {
            node = node.dirs.entry(dir.to_string()).or_default();
        }
        node.files
            .insert(parts[parts.len() - 1].to_string(), (oid, mode));
    }
    fn write(repo: &Repository, node: &Node) -> Result<Oid> {
        let mut b = repo
            .treebuilder(None)
            .map_err(git_err(&t::GIT_BUILD_TREE))?;
        for (name, (oid, mode)) in &node.files {
            b.insert(name, *oid, *mode)
                .map_err(git_err(&t::GIT_BUILD_TREE))?;
        }
        for (name, sub) in &node.dirs {
            let oid = write(repo, sub)?;
            b.insert(name, oid, 0o040000)
                .map_err(git_err(&t::GIT_BUILD_TREE))?;
        }
        b.write().map_err(git_err(&t::GIT_WRITE_TREE))
    }
    write(repo, &root)
}

/// Paths added, removed and modified from `old` to `new`.
fn changes(
    repo: &Repository,
    old: &git2::Tree<'_>,
    new: &git2::Tree<'_>,
) -> Result<BTreeMap<&'static str, Vec<String>>> {
    let diff = repo
        .diff_tree_to_tree(Some(old), Some(new), None)
        .map_err(git_err(&t::GIT_COMPARE_TREES))?;
    let mut out: BTreeMap<&'static str, Vec<String>> = BTreeMap::new();
    for d in diff.deltas() {
        let kind = match d.status() {
            git2::Delta::Added => "added",
            git2::Delta::Deleted => "removed",
            _ => "modified",
        };
        let path = d
            .new_file()
            .path()
            .or(d.old_file().path())
            .map(|p| p.to_string_lossy().replace('\\', "/"))
            .unwrap_or_default();
        out.entry(kind).or_default().push(path);
    }
    Ok(out)
}

fn signature(repo: &Repository) -> Signature<'static> {
    repo.signature()
        .map(|s| s.to_owned())
        .or_else(|_| Signature::now("pystart", "pystart@localhost"))
        .expect("a signature")
}

fn report(
    printer: &Printer,
    settings: &UpdateSettings,
    template: &BTreeMap<&'static str, Vec<String>>,
    user: &BTreeMap<&'static str, Vec<String>>,
    conflicts: &[String],
) {
    let user_touched = |p: &String| user.values().flatten().any(|u| u == p);
    let list = |k: &str| template.get(k).cloned().unwrap_or_default();
    let merged: Vec<String> = list("modified")
        .into_iter()
        .filter(|p| user_touched(p) && !conflicts.contains(p))
        .collect();
    let deleted_by_user_changed: Vec<String> = list("modified")
        .into_iter()
        .filter(|p| user.get("removed").is_some_and(|r| r.contains(p)))
        .collect();
    if settings.json {
        printer.json(&json!({
            "updated": !settings.dry_run,
            "dry_run": settings.dry_run,
            "changes": {
                "added": list("added"),
                "removed": list("removed"),
                "modified": list("modified"),
                "merged": merged,
                "conflicted": conflicts,
                "deleted_by_you_changed_by_template": deleted_by_user_changed,
            },
        }));
        return;
    }
    for (label, paths) in [
        (&t::UPDATE_ADDED, list("added")),
        (&t::UPDATE_REMOVED, list("removed")),
        (&t::UPDATE_CHANGED, list("modified")),
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
