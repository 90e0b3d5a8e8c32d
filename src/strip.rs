//! Solution stripping: turns a teacher's (solution) version of a project into the student
//! version.
//!
//! Markers are whole lines (surrounding whitespace ignored):
//!
//! ```text
//!     # >>> SOLUTION
//!     ...reference implementation...   <- removed, marker lines included
//!     # <<< SOLUTION
//!     # >>> STUB
//!     # raise NotImplementedError("练习（学生）：…")   <- uncommented
//!     # <<< STUB
//! ```
//!
//! Inside a STUB block every line must be a comment (or blank); one `#` and the space after it
//! are removed, so the indentation before `#` is kept. Blocks may not nest, and every opening
//! marker needs its closing one: anything else is an error naming the file and the line.

use crate::error::{Error, Result};
use crate::messages::Text;
use crate::messages::teach as t;
use crate::render::{Plan, PlannedFile};

const SOLUTION_START: &str = "# >>> SOLUTION";
const SOLUTION_END: &str = "# <<< SOLUTION";
const STUB_START: &str = "# >>> STUB";
const STUB_END: &str = "# <<< STUB";

/// What stripping did to a tree.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Summary {
    /// Files that had markers.
    pub files: Vec<String>,
    pub solution_blocks: usize,
    pub stub_blocks: usize,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    Code,
    Solution,
    Stub,
}

/// Strips one file's text. `Ok(None)` when the file has no markers (it stays byte for byte).
pub fn strip_text(path: &str, text: &str) -> Result<Option<(String, usize, usize)>> {
    if !text.contains("# >>> ") && !text.contains("# <<< ") {
        return Ok(None);
    }
    let mut out = String::with_capacity(text.len());
    let mut state = State::Code;
    let mut opened_at = 0;
    let (mut solutions, mut stubs) = (0, 0);
    let mut any = false;
    let err = |text: &Text, line: usize, args: &[(&str, &dyn std::fmt::Display)]| {
        let mut all: Vec<(&str, &dyn std::fmt::Display)> = vec![("line", &line)];
        all.extend_from_slice(args);
        all.push(("path", &path));
        Error::new(text.f(&all)).hint(t::MARKER_HINT.s())
    };
    for (i, line) in text.split_inclusive('\n').enumerate() {
        let n = i + 1;
        let marker = line.trim();
        match (state, marker) {
            (State::Code, SOLUTION_START) => {
                state = State::Solution;
                opened_at = n;
                any = true;
            }
            (State::Code, STUB_START) => {
                state = State::Stub;
                opened_at = n;
                any = true;
            }
            (State::Code, SOLUTION_END | STUB_END) => {
                return Err(err(&t::MARKER_UNOPENED, n, &[("marker", &marker)]));
            }
            (State::Solution, SOLUTION_END) => {
                state = State::Code;
                solutions += 1;
            }
            (State::Stub, STUB_END) => {
                state = State::Code;
                stubs += 1;
            }
            (State::Solution | State::Stub, SOLUTION_START | STUB_START) => {
                return Err(err(
                    &t::MARKER_NESTED,
                    n,
                    &[("opened", &opened_at), ("marker", &marker)],
                ));
            }
            (State::Solution, STUB_END) | (State::Stub, SOLUTION_END) => {
                return Err(err(
                    &t::MARKER_WRONG_CLOSE,
                    n,
                    &[("opened", &opened_at), ("marker", &marker)],
                ));
            }
            (State::Code, _) => out.push_str(line),
            (State::Solution, _) => {}
            (State::Stub, _) => {
                if marker.is_empty() {
                    out.push_str(line);
                    continue;
                }
                let indent = line.len() - line.trim_start().len();
                let rest = &line[indent..];
                let Some(body) = rest.strip_prefix('#') else {
                    return Err(err(&t::MARKER_STUB_NOT_COMMENT, n, &[]));
                };
                let body = body.strip_prefix(' ').unwrap_or(body);
                if body.trim().is_empty() {
                    // A bare `#` becomes an empty line (no trailing whitespace for linters).
                    out.push_str(&body[body.trim_end_matches(['\r', '\n']).len()..]);
                } else {
                    out.push_str(&line[..indent]);
                    out.push_str(body);
                }
            }
        }
    }
    if state != State::Code {
        let which = if state == State::Solution {
            SOLUTION_END
        } else {
            STUB_END
        };
        return Err(err(&t::MARKER_UNCLOSED, opened_at, &[("end", &which)]));
    }
    Ok(any.then_some((out, solutions, stubs)))
}

/// The student version of a plan: every UTF-8 file with markers stripped.
pub fn strip_plan(plan: &Plan) -> Result<(Plan, Summary)> {
    let mut summary = Summary::default();
    let mut files = Vec::with_capacity(plan.files.len());
    for f in &plan.files {
        let stripped = match std::str::from_utf8(&f.contents) {
            Ok(text) => strip_text(&f.path, text)?,
            Err(_) => None,
        };
        match stripped {
            Some((text, solutions, stubs)) => {
                summary.files.push(f.path.clone());
                summary.solution_blocks += solutions;
                summary.stub_blocks += stubs;
                files.push(PlannedFile {
                    contents: text.into_bytes(),
                    ..f.clone()
                });
            }
            None => files.push(f.clone()),
        }
    }
    Ok((Plan { files }, summary))
}

/// Replaces the plan's `.pystart.toml` (rendered with the answers) by `contents`.
pub fn set_answers_file(plan: &mut Plan, contents: String) {
    if let Some(f) = plan
        .files
        .iter_mut()
        .find(|f| f.path == crate::render::ANSWERS_FILE)
    {
        f.contents = contents.into_bytes();
    }
}

/// The student version of a freshly rendered project: the template's hidden files
/// (`[grading] hidden`) left out, solutions stripped and `mode = "student"` (plus any `extra`
/// tables) recorded in `.pystart.toml`.
pub fn student_plan(
    plan: &Plan,
    template: &crate::catalog::Template,
    answers: &crate::vars::Answers,
    extra: &toml::Table,
) -> Result<(Plan, Summary)> {
    let hidden = template.manifest.grading.hidden_paths()?;
    let visible = Plan {
        files: plan
            .files
            .iter()
            .filter(|f| !hidden.matches(&f.path))
            .cloned()
            .collect(),
    };
    let (mut student, summary) = strip_plan(&visible)?;
    set_answers_file(
        &mut student,
        crate::render::answers_file(template, answers, Some("student"), extra),
    );
    Ok((student, summary))
}

/// Whether a plan has any solution markers (so a student version differs from it).
pub fn has_markers(plan: &Plan) -> bool {
    plan.files.iter().any(|f| {
        std::str::from_utf8(&f.contents)
            .map(|t| t.lines().any(|l| l.trim() == SOLUTION_START))
            .unwrap_or(false)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEACHER: &str = "def title(name):\n    # >>> SOLUTION\n    return name.split(',')[1]\n    # <<< SOLUTION\n    # >>> STUB\n    # raise NotImplementedError(\"练习（学生）：称谓\")\n    #\n\n    # <<< STUB\n\n\nx = 1\n";

    #[test]
    fn solutions_go_and_stubs_are_uncommented_keeping_indentation() {
        let (out, sol, stub) = strip_text("f.py", TEACHER).unwrap().unwrap();
        assert_eq!(
            out,
            "def title(name):\n    raise NotImplementedError(\"练习（学生）：称谓\")\n\n\n\n\nx = 1\n"
        );
        assert_eq!((sol, stub), (1, 1));
    }

    #[test]
    fn files_without_markers_are_untouched() {
        assert!(
            strip_text("f.py", "x = 1\n# >>> not a marker\n")
                .unwrap()
                .is_none()
        );
        // A mention inside other text is not a marker.
        assert!(
            strip_text("README.md", "use `# >>> SOLUTION` markers\n")
                .unwrap()
                .is_none()
        );
    }

    #[test]
    fn crlf_line_endings_survive() {
        let text =
            "a\r\n# >>> SOLUTION\r\nb\r\n# <<< SOLUTION\r\n# >>> STUB\r\n# c\r\n# <<< STUB\r\n";
        let (out, _, _) = strip_text("f.py", text).unwrap().unwrap();
        assert_eq!(out, "a\r\nc\r\n");
    }

    #[test]
    fn unbalanced_and_nested_markers_name_file_and_line() {
        for (text, line, word) in [
            ("a\n# >>> SOLUTION\nb\n", 2, "never closed"),
            ("a\n# <<< SOLUTION\n", 2, "without a matching"),
            (
                "# >>> SOLUTION\n# >>> SOLUTION\n# <<< SOLUTION\n",
                2,
                "do not nest",
            ),
            ("# >>> SOLUTION\n# <<< STUB\n", 2, "different block"),
            ("# >>> STUB\nraise X\n# <<< STUB\n", 2, "must be a comment"),
            ("# >>> STUB\n# x\n", 1, "never closed"),
        ] {
            let e = strip_text("src/p/m.py", text).unwrap_err();
            assert!(
                e.message().starts_with(&format!("src/p/m.py:{line}: ")),
                "{text:?}: {}",
                e.message()
            );
            assert!(e.message().contains(word), "{text:?}: {}", e.message());
            assert!(!e.hints().is_empty());
        }
    }

    #[test]
    fn plans_are_stripped_file_by_file_and_binary_files_kept() {
        let plan = Plan {
            files: vec![
                PlannedFile {
                    path: "a.py".into(),
                    contents: TEACHER.as_bytes().to_vec(),
                    executable: false,
                    rendered: true,
                },
                PlannedFile {
                    path: "b.bin".into(),
                    contents: vec![0xff, 0xfe, b'#'],
                    executable: false,
                    rendered: false,
                },
            ],
        };
        assert!(has_markers(&plan));
        let (student, summary) = strip_plan(&plan).unwrap();
        assert_eq!(summary.files, ["a.py"]);
        assert_eq!((summary.solution_blocks, summary.stub_blocks), (1, 1));
        assert!(!has_markers(&student));
        assert_eq!(student.files[1].contents, plan.files[1].contents);
    }
}
