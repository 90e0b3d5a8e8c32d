//! The git side of `pystart update`: a project's repository, its pristine render (the
//! `pystart` branch), a new render stored as a tree, the 3-way merge computed in memory, and
//! the steps that make it real — commit objects first, then the switch of work tree, branch and
//! pristine branch, or a merge left in progress with conflict markers as `git merge` leaves it.
//! It must not render, print or decide: the command passes the files of its render, asks what
//! would change or conflict, and runs the steps in order inside its critical section.

use super::{CommitId, Failed, PRISTINE_BRANCH, author, failed};
use crate::messages::templates as t;
use git2::{Commit, Index, Oid, Repository, Signature, Tree};
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

/// A tree stored in a project's repository (objects only: no branch points at it yet).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TreeId(Oid);

/// A generated project's repository.
pub struct Project {
    repo: Repository,
    /// The top of the work tree.
    dir: PathBuf,
}

/// What stops an update from starting: tracked files modified or staged (untracked files do
/// not count), or a merge, rebase or the like in progress.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct LocalChanges {
    pub files: Vec<String>,
    pub in_progress: bool,
}

/// Paths added, removed and modified from one tree to another.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Changes {
    pub added: Vec<String>,
    pub removed: Vec<String>,
    pub modified: Vec<String>,
}

impl Changes {
    /// Whether `path` is among them.
    pub fn touches(&self, path: &str) -> bool {
        [&self.added, &self.removed, &self.modified]
            .iter()
            .any(|list| list.iter().any(|p| p == path))
    }
}

impl Project {
    /// The repository whose top folder is `dir`, if it is one.
    pub fn open(dir: &Path) -> Option<Self> {
        let repo = Repository::open(dir).ok()?;
        let dir = repo.workdir().unwrap_or(dir).to_path_buf();
        Some(Project { repo, dir })
    }

    /// The tracked files changed or staged, and whether an operation is in progress.
    pub fn local_changes(&self) -> Result<LocalChanges, Failed> {
        let mut opts = git2::StatusOptions::new();
        opts.include_untracked(false).include_ignored(false);
        let statuses = self
            .repo
            .statuses(Some(&mut opts))
            .map_err(failed(&t::GIT_READ_STATUS))?;
        let files = statuses
            .iter()
            .filter(|s| s.status() != git2::Status::CURRENT)
            .filter_map(|s| s.path().ok().map(str::to_string))
            .collect();
        Ok(LocalChanges {
            files,
            in_progress: self.repo.state() != git2::RepositoryState::Clean,
        })
    }

    /// The pristine render the project last took in: the `pystart` branch (or, without it, the
    /// first commit), followed on along the renders HEAD has merged since — commits whose
    /// message starts with `subject` and whose one parent is the render before (an update whose
    /// conflicts the user resolved and committed by hand). Moves the branch there when `write`.
    /// `None` when HEAD has no commits.
    pub fn pristine(&self, subject: &str, write: bool) -> Result<Option<CommitId>, Failed> {
        let repo = &self.repo;
        let Some(mut tip) = self.pristine_branch()? else {
            return Ok(None);
        };
        let mut walk = repo.revwalk().map_err(failed(&t::GIT_WALK_HISTORY))?;
        walk.push_head().map_err(failed(&t::GIT_WALK_HISTORY))?;
        walk.hide(tip.id()).map_err(failed(&t::GIT_WALK_HISTORY))?;
        // Pristine renders reachable from HEAD, by their parent (the render before them).
        let mut next: HashMap<Oid, Oid> = HashMap::new();
        for oid in walk.flatten() {
            if let Ok(c) = repo.find_commit(oid)
                && c.parent_count() == 1
                && c.message().is_ok_and(|m| m.starts_with(subject))
                && let Ok(parent) = c.parent_id(0)
            {
                next.insert(parent, oid);
            }
        }
        let start = tip.id();
        while let Some(oid) = next.get(&tip.id()) {
            tip = repo
                .find_commit(*oid)
                .map_err(failed(&t::GIT_READ_RENDER))?;
        }
        if write && tip.id() != start {
            repo.branch(PRISTINE_BRANCH, &tip, true)
                .map_err(failed(&t::GIT_MOVE_BRANCH))?;
        }
        Ok(Some(CommitId(tip.id())))
    }

    /// The `pystart` branch, else the first commit (`None` when the history is empty).
    fn pristine_branch(&self) -> Result<Option<Commit<'_>>, Failed> {
        let repo = &self.repo;
        if let Ok(b) = repo.find_branch(PRISTINE_BRANCH, git2::BranchType::Local)
            && let Ok(c) = b.get().peel_to_commit()
        {
            return Ok(Some(c));
        }
        let mut walk = repo.revwalk().map_err(failed(&t::GIT_WALK_HISTORY))?;
        walk.push_head().map_err(failed(&t::GIT_WALK_HISTORY))?;
        walk.set_sorting(git2::Sort::TOPOLOGICAL | git2::Sort::REVERSE)
            .map_err(failed(&t::GIT_WALK_HISTORY))?;
        let Some(first) = walk.next().and_then(|r| r.ok()) else {
            return Ok(None);
        };
        repo.find_commit(first)
            .map(Some)
            .map_err(failed(&t::GIT_READ_FIRST_COMMIT))
    }

    /// Stores `files` (relative `/`-separated path, contents, executable) as a tree, leaving
    /// out those the project's ignore rules exclude (as `new` commits them).
    pub fn store_tree<'a>(
        &self,
        files: impl IntoIterator<Item = (&'a str, &'a [u8], bool)>,
    ) -> Result<TreeId, Failed> {
        #[derive(Default)]
        struct Node {
            files: BTreeMap<String, (Oid, i32)>,
            dirs: BTreeMap<String, Node>,
        }
        let repo = &self.repo;
        let mut root = Node::default();
        for (path, contents, executable) in files {
            if repo.is_path_ignored(Path::new(path)).unwrap_or(false) {
                continue;
            }
            let oid = repo.blob(contents).map_err(failed(&t::GIT_STORE_FILE))?;
            let mode = if executable { 0o100755 } else { 0o100644 };
            let mut node = &mut root;
            let parts: Vec<&str> = path.split('/').collect();
            for dir in &parts[..parts.len() - 1] {
                node = node.dirs.entry(dir.to_string()).or_default();
            }
            node.files
                .insert(parts[parts.len() - 1].to_string(), (oid, mode));
        }
        fn write(repo: &Repository, node: &Node) -> Result<Oid, Failed> {
            let fail = failed(&t::GIT_BUILD_TREE);
            let mut b = repo.treebuilder(None).map_err(&fail)?;
            for (name, (oid, mode)) in &node.files {
                b.insert(name, *oid, *mode).map_err(&fail)?;
            }
            for (name, sub) in &node.dirs {
                let oid = write(repo, sub)?;
                b.insert(name, oid, 0o040000).map_err(&fail)?;
            }
            b.write().map_err(failed(&t::GIT_WRITE_TREE))
        }
        write(repo, &root).map(TreeId)
    }

    /// Whether `tree` is the tree of commit `render`.
    pub fn is_tree_of(&self, render: CommitId, tree: TreeId) -> Result<bool, Failed> {
        let commit = self
            .repo
            .find_commit(render.0)
            .map_err(failed(&t::GIT_READ_RENDER))?;
        let base = commit.tree().map_err(failed(&t::GIT_READ_PRISTINE_TREE))?;
        Ok(base.id() == tree.0)
    }

    /// The merge of `tree` (a new render) into HEAD, from `base` (the render before), computed
    /// in memory: nothing is written yet.
    pub fn prepare(&self, base: CommitId, tree: TreeId) -> Result<Merge<'_>, Failed> {
        let repo = &self.repo;
        let base = repo
            .find_commit(base.0)
            .map_err(failed(&t::GIT_READ_RENDER))?;
        let base_tree = base.tree().map_err(failed(&t::GIT_READ_PRISTINE_TREE))?;
        let new_tree = repo
            .find_tree(tree.0)
            .map_err(failed(&t::GIT_READ_NEW_TREE))?;
        let template_changes = self.changes(&base_tree, &new_tree)?;
        let head = repo
            .head()
            .and_then(|h| h.peel_to_commit())
            .map_err(failed(&t::GIT_READ_HEAD))?;
        let head_tree = head.tree().map_err(failed(&t::GIT_READ_HEAD_TREE))?;
        let merged = repo
            .merge_trees(&base_tree, &head_tree, &new_tree, None)
            .map_err(failed(&t::GIT_MERGE))?;
        let conflicts = merged
            .conflicts()
            .map_err(failed(&t::GIT_READ_CONFLICTS))?
            .filter_map(|c| c.ok())
            .filter_map(|c| {
                c.our
                    .or(c.their)
                    .or(c.ancestor)
                    .map(|e| String::from_utf8_lossy(&e.path).into_owned())
            })
            .collect();
        let user_changes = self.changes(&base_tree, &head_tree)?;
        let signature = repo
            .signature()
            .map(|s| s.to_owned())
            .or_else(|_| author("pystart", "pystart@localhost"))
            .map_err(failed(&t::GIT_COMMIT_RENDER))?;
        Ok(Merge {
            project: self,
            base,
            head,
            head_tree,
            new_tree,
            merged,
            signature,
            template_changes,
            user_changes,
            conflicts,
        })
    }

    fn changes(&self, old: &Tree<'_>, new: &Tree<'_>) -> Result<Changes, Failed> {
        let diff = self
            .repo
            .diff_tree_to_tree(Some(old), Some(new), None)
            .map_err(failed(&t::GIT_COMPARE_TREES))?;
        let mut out = Changes::default();
        for d in diff.deltas() {
            let list = match d.status() {
                git2::Delta::Added => &mut out.added,
                git2::Delta::Deleted => &mut out.removed,
                _ => &mut out.modified,
            };
            let path = d
                .new_file()
                .path()
                .or(d.old_file().path())
                .map(|p| p.to_string_lossy().replace('\\', "/"))
                .unwrap_or_default();
            list.push(path);
        }
        Ok(out)
    }
}

/// A merge of a new render into HEAD, computed in memory ([`Project::prepare`]).
pub struct Merge<'p> {
    project: &'p Project,
    base: Commit<'p>,
    head: Commit<'p>,
    head_tree: Tree<'p>,
    new_tree: Tree<'p>,
    merged: Index,
    signature: Signature<'static>,
    /// From the last render to the new one.
    pub template_changes: Changes,
    /// From the last render to HEAD.
    pub user_changes: Changes,
    /// The paths both sides changed in ways that do not merge.
    pub conflicts: Vec<String>,
}

impl Merge<'_> {
    /// The files git does not track (untracked or ignored) where the merge would write one —
    /// the file itself, or a file where one of its folders would go — sorted.
    pub fn in_the_way(&self) -> Vec<String> {
        let tracked = |p: &str| self.head_tree.get_path(Path::new(p)).is_ok();
        let mut in_the_way: Vec<String> = Vec::new();
        for entry in self.merged.iter() {
            let path = String::from_utf8_lossy(&entry.path).into_owned();
            if tracked(&path) {
                continue;
            }
            let mut prefix = String::new();
            for (i, part) in path.split('/').enumerate() {
                if i > 0 {
                    prefix.push('/');
                }
                prefix.push_str(part);
                let last = prefix.len() == path.len();
                match std::fs::symlink_metadata(self.project.dir.join(&prefix)) {
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
        in_the_way.sort();
        in_the_way
    }

    /// Commits the new render on top of the last one, as an object only (no branch moves).
    pub fn commit_render(&self, message: &str) -> Result<CommitId, Failed> {
        let sig = &self.signature;
        let repo = &self.project.repo;
        repo.commit(None, sig, sig, message, &self.new_tree, &[&self.base])
            .map(CommitId)
            .map_err(failed(&t::GIT_COMMIT_RENDER))
    }

    /// Commits the merge of HEAD and `render` (no conflicts), as an object only.
    pub fn commit_merge(&mut self, render: CommitId, message: &str) -> Result<CommitId, Failed> {
        let repo = &self.project.repo;
        let render = repo
            .find_commit(render.0)
            .map_err(failed(&t::GIT_READ_RENDER))?;
        let tree_id = self
            .merged
            .write_tree_to(repo)
            .map_err(failed(&t::GIT_WRITE_MERGED_TREE))?;
        let tree = repo
            .find_tree(tree_id)
            .map_err(failed(&t::GIT_READ_MERGED_TREE))?;
        let sig = &self.signature;
        repo.commit(None, sig, sig, message, &tree, &[&self.head, &render])
            .map(CommitId)
            .map_err(failed(&t::GIT_COMMIT_MERGE))
    }

    /// The switch to `merge`: the work tree and index first (a safe checkout: it never
    /// overwrites a change of the user's), then HEAD's branch (or a detached HEAD), then the
    /// pristine branch to `render`.
    pub fn switch(&self, merge: CommitId, render: CommitId, message: &str) -> Result<(), Failed> {
        let repo = &self.project.repo;
        let obj = repo
            .find_object(merge.0, None)
            .map_err(failed(&t::GIT_READ_MERGE))?;
        repo.checkout_tree(&obj, Some(git2::build::CheckoutBuilder::new().safe()))
            .map_err(failed(&t::GIT_UPDATE_WORK_TREE))?;
        let reflog = format!("{message} (merge)");
        match repo.head() {
            Ok(head_ref) if head_ref.is_branch() => {
                let name = head_ref.name().unwrap_or("HEAD").to_string();
                repo.reference(&name, merge.0, true, &reflog).map(drop)
            }
            _ => repo.set_head_detached(merge.0),
        }
        .map_err(failed(&t::GIT_COMMIT_MERGE))?;
        let render = repo
            .find_commit(render.0)
            .map_err(failed(&t::GIT_READ_RENDER))?;
        repo.branch(PRISTINE_BRANCH, &render, true)
            .map_err(failed(&t::GIT_MOVE_BRANCH))?;
        Ok(())
    }

    /// Leaves the merge of `render` in progress, as `git merge` does: conflict markers in the
    /// files, MERGE_HEAD set, `message` ready for the commit. The pristine branch stays.
    pub fn leave_conflicted(&self, render: CommitId, message: &str) -> Result<(), Failed> {
        let repo = &self.project.repo;
        let annotated = repo
            .find_annotated_commit(render.0)
            .map_err(failed(&t::GIT_PREPARE_MERGE))?;
        let mut checkout = git2::build::CheckoutBuilder::new();
        checkout
            .safe()
            .allow_conflicts(true)
            .conflict_style_merge(true);
        repo.merge(&[&annotated], None, Some(&mut checkout))
            .map_err(failed(&t::GIT_MERGE))?;
        let _ = std::fs::write(repo.path().join("MERGE_MSG"), format!("{message}\n"));
        Ok(())
    }
}
