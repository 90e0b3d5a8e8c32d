//! Where a submission comes from: the repository `batch` made, or (with `--fetch`) the
//! student's remote, fetched into `DIR/.pystart-batch/submissions/ID.git` so the teacher's
//! own copies are never changed; at a deadline, the last commit on `main` not after it. And
//! feedback: FEEDBACK.md committed on a `feedback` branch over the graded commit and pushed
//! to the student's remote, never touching their `main`.

use super::assignment::{self, Enrolled};
use super::report::{self, Graded, Status};
use crate::git;
use std::path::{Path, PathBuf};

/// What `grade` was told about where submissions are.
pub struct Where {
    pub dir: PathBuf,
    pub fetch: bool,
    pub from: Option<String>,
    /// Seconds since 1970.
    pub deadline: Option<i64>,
}

/// Where one student's submission is read from: the repository, the revision, and the
/// commits a deadline left out.
pub struct Source {
    pub dir: std::path::PathBuf,
    pub rev: String,
    /// The remote it was fetched from (with --fetch).
    pub url: Option<String>,
    pub late: Vec<git::CommitInfo>,
    pub future: Vec<git::CommitInfo>,
}

/// The submission of `student`: fetched into `DIR/.pystart-batch/submissions/ID.git` with
/// --fetch (the teacher's own copy is never changed), else the repository in DIR; at the
/// deadline when one is given. Or why there is none.
pub fn submission(
    settings: &Where,
    student: &Enrolled,
) -> std::result::Result<Source, (Status, String)> {
    let (dir, tip, url) = if settings.fetch {
        let recorded = assignment::recorded_github(&settings.dir, &student.id);
        let url = match (&settings.from, &student.remote) {
            (Some(pattern), _) => assignment::fill_url(
                pattern,
                &student.id,
                &student.name,
                student.github.as_deref().or(recorded.as_deref()),
            ),
            (None, Some(remote)) => remote.clone(),
            (None, None) => {
                return Err((
                    Status::NoSubmission,
                    "no remote recorded for this student (pass --from URL-PATTERN)".into(),
                ));
            }
        };
        let bare = submissions_dir(&settings.dir, &student.id);
        if !bare.join("HEAD").is_file() {
            std::fs::create_dir_all(&bare)
                .and_then(|_| git::init_bare(&bare))
                .map_err(|e| {
                    (
                        Status::Error,
                        format!("cannot make {}: {e}", bare.display()),
                    )
                })?;
        }
        let args = [
            "fetch",
            "--quiet",
            "--prune",
            "--no-tags",
            &url,
            "+refs/heads/*:refs/heads/*",
        ];
        git::run_git(&bare, &args, std::time::Duration::from_secs(300))
            .map_err(|e| (Status::NoSubmission, format!("fetch failed: {e}")))?;
        (bare, "refs/heads/main".to_string(), Some(url))
    } else {
        let Some(dir) = student.dir.clone().filter(|d| d.is_dir()) else {
            return Err((Status::NoSubmission, "no repository".into()));
        };
        (dir, "HEAD".to_string(), None)
    };
    let mut source = Source {
        dir,
        rev: tip.clone(),
        url,
        late: vec![],
        future: vec![],
    };
    if let Some(deadline) = settings.deadline {
        let Some(history) = git::first_parent_history(&source.dir, &tip, 100_000) else {
            return Err((Status::NoSubmission, "no commit on main".into()));
        };
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs() as i64);
        // Five minutes of clock drift are not "the future".
        source.future = history
            .iter()
            .filter(|c| c.time > now + 300)
            .cloned()
            .collect();
        source.late = history
            .iter()
            .take_while(|c| c.time > deadline)
            .cloned()
            .collect();
        match history.iter().find(|c| c.time <= deadline) {
            Some(c) => source.rev = c.id.clone(),
            None => {
                return Err((
                    Status::NoSubmission,
                    format!(
                        "no commit on or before the deadline ({} after it)",
                        source.late.len()
                    ),
                ));
            }
        }
    }
    Ok(source)
}

/// Where `grade --fetch` keeps a student's fetched repository (bare).
pub fn submissions_dir(dir: &Path, id: &str) -> std::path::PathBuf {
    dir.join(assignment::RECORD_DIR)
        .join("submissions")
        .join(format!("{id}.git"))
}

/// Commits FEEDBACK.md on a `feedback` branch over the graded commit and pushes that branch
/// to the student's remote; `pushed` or why not.
pub fn send_feedback(g: &Graded, bare: &Path, commit: &str, url: &str) -> String {
    let text = report::feedback_markdown(g);
    let message = format!("Feedback: {}/{} points", g.points(), g.max_points);
    if let Err(e) = git::commit_on_branch(
        bare,
        commit,
        &[("FEEDBACK.md", text.as_bytes())],
        &message,
        "feedback",
    ) {
        return format!("failed: {e}");
    }
    let args = [
        "push",
        "--quiet",
        "--force",
        url,
        "refs/heads/feedback:refs/heads/feedback",
    ];
    match git::run_git(bare, &args, std::time::Duration::from_secs(120)) {
        Ok(()) => "pushed".into(),
        Err(e) => format!("failed: {e}"),
    }
}
