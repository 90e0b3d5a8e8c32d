//! Commits and when they were made: HEAD's id, a branch's first-parent history with the
//! committers' dates, deadlines as moments, and a commit of extra files on a branch of its own
//! (the feedback branch). It must not judge lateness or read a commit's files (`files` does
//! that); it only answers what the history says.

use super::{author, signature};
use git2::Repository;
use std::path::Path;

/// The commit HEAD points at, if any.
pub fn head_commit(dir: &Path) -> Option<String> {
    let repo = Repository::open(dir).ok()?;
    let id = repo.head().ok()?.target()?;
    Some(id.to_string())
}

/// A commit: its id and when it was committed (seconds since 1970, and the committer's UTC
/// offset in minutes).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommitInfo {
    pub id: String,
    pub time: i64,
    pub offset_minutes: i32,
}

impl CommitInfo {
    /// The id and committer's date of `commit`.
    pub(super) fn of(commit: &git2::Commit<'_>) -> Self {
        let when = commit.committer().when();
        CommitInfo {
            id: commit.id().to_string(),
            time: when.seconds(),
            offset_minutes: when.offset_minutes(),
        }
    }

    /// `2026-12-20 23:59:00 +08:00`, as the committer's clock said it.
    pub fn date(&self) -> String {
        let local = self.time + i64::from(self.offset_minutes) * 60;
        let (days, secs) = (local.div_euclid(86_400), local.rem_euclid(86_400));
        let (y, m, d) = civil_from_days(days);
        let sign = if self.offset_minutes < 0 { '-' } else { '+' };
        let off = self.offset_minutes.abs();
        format!(
            "{y:04}-{m:02}-{d:02} {:02}:{:02}:{:02} {sign}{:02}:{:02}",
            secs / 3600,
            secs % 3600 / 60,
            secs % 60,
            off / 60,
            off % 60
        )
    }
}

/// (year, month, day) of a day count since 1970-01-01 (Howard Hinnant's civil calendar).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

/// Seconds since 1970 of a deadline written `2026-12-20 23:59 +08:00` (seconds optional, `T`
/// for the space, `Z` for `+00:00`). The zone is required: a deadline without one means
/// different moments on different machines.
pub fn parse_deadline(text: &str) -> Option<i64> {
    let t = text.trim();
    let (date, rest) = t.split_at_checked(10)?;
    let mut d = date.split('-');
    let (y, m, day): (i64, i64, i64) = (
        d.next()?.parse().ok()?,
        d.next()?.parse().ok()?,
        d.next()?.parse().ok()?,
    );
    let rest = rest.strip_prefix([' ', 'T'])?.trim();
    let (clock, zone) = match rest.find(['+', '-', 'Z', ' ']) {
        Some(i) => (&rest[..i], rest[i..].trim()),
        None => return None,
    };
    let mut c = clock.split(':');
    let (hh, mm): (i64, i64) = (c.next()?.parse().ok()?, c.next()?.parse().ok()?);
    let ss: i64 = c.next().map_or(Some(0), |s| s.parse().ok())?;
    let offset = if zone == "Z" {
        0
    } else {
        let sign = match zone.chars().next()? {
            '+' => 1,
            '-' => -1,
            _ => return None,
        };
        let (oh, om) = zone[1..].split_once(':').unwrap_or((&zone[1..], "0"));
        sign * (oh.parse::<i64>().ok()? * 3600 + om.parse::<i64>().ok()? * 60)
    };
    let valid = (1..=12).contains(&m)
        && (1..=31).contains(&day)
        && (0..24).contains(&hh)
        && (0..60).contains(&mm)
        && (0..61).contains(&ss);
    valid.then(|| days_from_civil(y, m, day) * 86_400 + hh * 3600 + mm * 60 + ss - offset)
}

/// Days since 1970-01-01 of a date (the inverse of [`civil_from_days`]).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The commits of `rev`'s first-parent history, newest first (at most `limit`).
pub fn first_parent_history(dir: &Path, rev: &str, limit: usize) -> Option<Vec<CommitInfo>> {
    let repo = Repository::open(dir).ok()?;
    let mut commit = repo.revparse_single(rev).ok()?.peel_to_commit().ok()?;
    let mut out = Vec::new();
    loop {
        out.push(CommitInfo::of(&commit));
        if out.len() >= limit {
            break;
        }
        match commit.parent(0) {
            Ok(parent) => commit = parent,
            Err(_) => break,
        }
    }
    Some(out)
}

/// Commits `files` (path, contents) on top of `parent`'s tree as branch `branch` of the
/// repository in `dir` (which may be bare), replacing what the branch held.
pub fn commit_on_branch(
    dir: &Path,
    parent: &str,
    files: &[(&str, &[u8])],
    message: &str,
    branch: &str,
) -> std::result::Result<String, String> {
    let fail = |e: git2::Error| e.message().to_string();
    let repo = Repository::open(dir).map_err(fail)?;
    let parent = repo
        .revparse_single(parent)
        .and_then(|o| o.peel_to_commit())
        .map_err(fail)?;
    let mut builder = repo
        .treebuilder(Some(&parent.tree().map_err(fail)?))
        .map_err(fail)?;
    for (path, contents) in files {
        if path.contains('/') {
            return Err(format!("`{path}`: only top-level files"));
        }
        let blob = repo.blob(contents).map_err(fail)?;
        builder.insert(path, blob, 0o100644).map_err(fail)?;
    }
    let tree = repo
        .find_tree(builder.write().map_err(fail)?)
        .map_err(fail)?;
    let (name, email) = signature("pystart", "pystart@localhost");
    let sig = author(&name, &email).map_err(fail)?;
    let id = repo
        .commit(None, &sig, &sig, message, &tree, &[&parent])
        .map_err(fail)?;
    repo.reference(
        &format!("refs/heads/{branch}"),
        id,
        true,
        "pystart feedback",
    )
    .map_err(fail)?;
    Ok(id.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::git::init_and_commit;
    use git2::Oid;

    #[test]
    fn commit_dates_are_shown_in_the_committers_zone() {
        let c = CommitInfo {
            id: String::new(),
            time: 1_766_246_340, // 2025-12-20 15:59:00 UTC
            offset_minutes: 480,
        };
        assert_eq!(c.date(), "2025-12-20 23:59:00 +08:00");
        let c = CommitInfo {
            offset_minutes: -330,
            ..c
        };
        assert_eq!(c.date(), "2025-12-20 10:29:00 -05:30");
        let epoch = CommitInfo {
            id: String::new(),
            time: 0,
            offset_minutes: 0,
        };
        assert_eq!(epoch.date(), "1970-01-01 00:00:00 +00:00");
    }

    #[test]
    fn deadlines_need_a_zone_and_mean_one_moment() {
        let beijing = parse_deadline("2026-12-20 23:59 +08:00").unwrap();
        assert_eq!(beijing, parse_deadline("2026-12-20T15:59:00Z").unwrap());
        assert_eq!(
            beijing,
            parse_deadline("2026-12-20 10:59:00 -05:00").unwrap()
        );
        let info = CommitInfo {
            id: String::new(),
            time: beijing,
            offset_minutes: 480,
        };
        assert_eq!(info.date(), "2026-12-20 23:59:00 +08:00");
        for bad in [
            "2026-12-20 23:59",
            "2026-13-01 00:00 +08:00",
            "tomorrow",
            "2026-12-20",
        ] {
            assert_eq!(parse_deadline(bad), None, "{bad}");
        }
    }

    #[test]
    fn a_feedback_branch_sits_on_the_graded_commit() {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::write(tmp.path().join("a.txt"), "a").unwrap();
        init_and_commit(tmp.path(), "S", "s@example.com", "work").unwrap();
        let head = head_commit(tmp.path()).unwrap();
        let id = commit_on_branch(
            tmp.path(),
            &head,
            &[("FEEDBACK.md", b"# 6/6\n")],
            "Feedback",
            "feedback",
        )
        .unwrap();
        let repo = Repository::open(tmp.path()).unwrap();
        let commit = repo.find_commit(Oid::from_str(&id).unwrap()).unwrap();
        assert_eq!(commit.parent_id(0).unwrap().to_string(), head);
        let tree = commit.tree().unwrap();
        assert!(tree.get_name("a.txt").is_some() && tree.get_name("FEEDBACK.md").is_some());
        // main is untouched.
        assert_eq!(head_commit(tmp.path()).unwrap(), head);
        let history = first_parent_history(tmp.path(), "feedback", 10).unwrap();
        assert_eq!(history.len(), 2);
        assert_eq!(history[1].id, head);
    }
}
