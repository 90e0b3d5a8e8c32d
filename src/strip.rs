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
//!     # raise NotImplementedError("练习（学生）：… / exercise: …")   <- uncommented
//!     # <<< STUB
//! ```
//!
//! Inside a STUB block every line must be a comment (or blank); one `#` and the space after it
//! are removed, so the indentation before `#` is kept.
//!
//! Text for the teacher only (in a README: how the solutions are marked, how to re-record test
//! data) sits between Markdown comments, which the rendered page does not show:
//!
//! ```text
//!     <!-- >>> TEACHER -->
//!     ...a note for the teacher...     <- removed, marker lines included
//!     <!-- <<< TEACHER -->
//! ```
//!
//! The teacher's version keeps it; the student version drops the block, and when the block
//! followed a blank line, also the blank line right after it (at the end of the file, the one
//! before it), so paragraphs stay one blank line apart.
//!
//! Blocks may not nest, and every opening marker needs its closing one: anything else is an
//! error naming the file and the line.

use crate::error::{Error, Result};
use crate::messages::Text;
use crate::messages::teach as t;
use crate::render::{Plan, PlannedFile};

const SOLUTION_START: &str = "# >>> SOLUTION";
const SOLUTION_END: &str = "# <<< SOLUTION";
const STUB_START: &str = "# >>> STUB";
const STUB_END: &str = "# <<< STUB";
const TEACHER_START: &str = "<!-- >>> TEACHER -->";
const TEACHER_END: &str = "<!-- <<< TEACHER -->";

/// What stripping did to a tree.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Summary {
    /// Files that had markers.
    pub files: Vec<String>,
    pub solution_blocks: usize,
    pub stub_blocks: usize,
    /// Teacher-only notes (`<!-- >>> TEACHER -->` … `<!-- <<< TEACHER -->`) left out.
    pub teacher_blocks: usize,
}

/// How many blocks of each kind one file had.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Blocks {
    pub solution: usize,
    pub stub: usize,
    pub teacher: usize,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    Code,
    Solution,
    Stub,
    Teacher,
}

impl State {
    /// The marker that closes this block.
    fn end(self) -> &'static str {
        match self {
            State::Code => "",
            State::Solution => SOLUTION_END,
            State::Stub => STUB_END,
            State::Teacher => TEACHER_END,
        }
    }
}

/// Strips one file's text. `Ok(None)` when the file has no markers (it stays byte for byte).
pub fn strip_text(path: &str, text: &str) -> Result<Option<(String, Blocks)>> {
    if !["# >>> ", "# <<< ", "<!-- >>> ", "<!-- <<< "]
        .iter()
        .any(|p| text.contains(p))
    {
        return Ok(None);
    }
    let mut out = String::with_capacity(text.len());
    let mut state = State::Code;
    let mut opened_at = 0;
    let mut blocks = Blocks::default();
    let mut any = false;
    // After a teacher block that followed a blank line: the next line, if blank, goes too.
    let mut drop_blank = false;
    let err = |text: &'static Text, line: usize, args: &[(&str, &dyn std::fmt::Display)]| {
        let mut all: Vec<(&str, &dyn std::fmt::Display)> = vec![("line", &line)];
        all.extend_from_slice(args);
        all.push(("path", &path));
        Error::new(text.m(&all)).hint(&t::MARKER_HINT)
    };
    for (i, line) in text.split_inclusive('\n').enumerate() {
        let n = i + 1;
        let marker = line.trim();
        let after_teacher = std::mem::take(&mut drop_blank);
        match (state, marker) {
            (State::Code, SOLUTION_START | STUB_START | TEACHER_START) => {
                state = match marker {
                    SOLUTION_START => State::Solution,
                    STUB_START => State::Stub,
                    _ => State::Teacher,
                };
                opened_at = n;
                any = true;
            }
            (State::Code, SOLUTION_END | STUB_END | TEACHER_END) => {
                return Err(err(&t::MARKER_UNOPENED, n, &[("marker", &marker)]));
            }
            (State::Solution | State::Stub | State::Teacher, _) if marker == state.end() => {
                match state {
                    State::Solution => blocks.solution += 1,
                    State::Stub => blocks.stub += 1,
                    _ => {
                        blocks.teacher += 1;
                        drop_blank = out.is_empty() || ends_with_blank_line(&out);
                    }
                }
                state = State::Code;
            }
            (_, SOLUTION_START | STUB_START | TEACHER_START) => {
                return Err(err(
                    &t::MARKER_NESTED,
                    n,
                    &[("opened", &opened_at), ("marker", &marker)],
                ));
            }
            (_, SOLUTION_END | STUB_END | TEACHER_END) => {
                return Err(err(
                    &t::MARKER_WRONG_CLOSE,
                    n,
                    &[("opened", &opened_at), ("marker", &marker)],
                ));
            }
            (State::Code, "") if after_teacher => {}
            (State::Code, _) => out.push_str(line),
            (State::Solution | State::Teacher, _) => {}
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
        return Err(err(
            &t::MARKER_UNCLOSED,
            opened_at,
            &[("end", &state.end())],
        ));
    }
    if drop_blank {
        // The file ended with a teacher block after a blank line: that blank line goes.
        let body = out.strip_suffix('\n').unwrap_or(&out);
        out.truncate(body.rfind('\n').map_or(0, |i| i + 1));
    }
    Ok(any.then_some((out, blocks)))
}

/// Whether the text so far ends with a blank line (the last line holds only whitespace).
fn ends_with_blank_line(out: &str) -> bool {
    let body = out.strip_suffix('\n').unwrap_or(out);
    let last = body.rsplit_once('\n').map_or(body, |(_, l)| l);
    out.ends_with('\n') && last.trim().is_empty()
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
            Some((text, blocks)) => {
                summary.files.push(f.path.clone());
                summary.solution_blocks += blocks.solution;
                summary.stub_blocks += blocks.stub;
                summary.teacher_blocks += blocks.teacher;
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

/// The text of every teacher block of a Markdown file (marker lines left out, indentation of
/// list items removed), in order: what `batch` gathers into `TEACHER.md`.
pub fn teacher_blocks(text: &str) -> Vec<String> {
    let mut blocks = Vec::new();
    let mut current: Option<Vec<&str>> = None;
    for line in text.lines() {
        match (line.trim(), &mut current) {
            (TEACHER_START, None) => current = Some(Vec::new()),
            (TEACHER_END, Some(lines)) => {
                let indent = lines
                    .iter()
                    .filter(|l| !l.trim().is_empty())
                    .map(|l| l.len() - l.trim_start().len())
                    .min()
                    .unwrap_or(0);
                let body: Vec<&str> = lines
                    .iter()
                    .map(|l| l.get(indent..).unwrap_or("").trim_end())
                    .collect();
                blocks.push(format!("{}\n", body.join("\n").trim()));
                current = None;
            }
            (_, Some(lines)) => lines.push(line),
            _ => {}
        }
    }
    blocks
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEACHER: &str = "def title(name):\n    # >>> SOLUTION\n    return name.split(',')[1]\n    # <<< SOLUTION\n    # >>> STUB\n    # raise NotImplementedError(\"练习（学生）：称谓\")\n    #\n\n    # <<< STUB\n\n\nx = 1\n";

    #[test]
    fn solutions_go_and_stubs_are_uncommented_keeping_indentation() {
        let (out, blocks) = strip_text("f.py", TEACHER).unwrap().unwrap();
        assert_eq!(
            out,
            "def title(name):\n    raise NotImplementedError(\"练习（学生）：称谓\")\n\n\n\n\nx = 1\n"
        );
        assert_eq!(
            blocks,
            Blocks {
                solution: 1,
                stub: 1,
                teacher: 0
            }
        );
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
    fn teacher_blocks_are_gathered_without_markers_or_indentation() {
        let text = "intro\n<!-- >>> TEACHER -->\nA note.\n<!-- <<< TEACHER -->\n- item\n  <!-- >>> TEACHER -->\n  Teachers: b\n  more\n  <!-- <<< TEACHER -->\n";
        assert_eq!(teacher_blocks(text), ["A note.\n", "Teachers: b\nmore\n"]);
        assert!(teacher_blocks("no notes\n").is_empty());
    }

    #[test]
    fn crlf_line_endings_survive() {
        let text =
            "a\r\n# >>> SOLUTION\r\nb\r\n# <<< SOLUTION\r\n# >>> STUB\r\n# c\r\n# <<< STUB\r\n";
        let (out, _) = strip_text("f.py", text).unwrap().unwrap();
        assert_eq!(out, "a\r\nc\r\n");
        let text = "a\r\n\r\n<!-- >>> TEACHER -->\r\nb\r\n<!-- <<< TEACHER -->\r\n\r\nc\r\n";
        let (out, _) = strip_text("README.md", text).unwrap().unwrap();
        assert_eq!(out, "a\r\n\r\nc\r\n");
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
            ("a\n<!-- >>> TEACHER -->\nb\n", 2, "never closed"),
            ("a\n  <!-- <<< TEACHER -->\n", 2, "without a matching"),
            (
                "<!-- >>> TEACHER -->\n# >>> SOLUTION\n# <<< SOLUTION\n",
                2,
                "do not nest",
            ),
            (
                "# >>> SOLUTION\n<!-- >>> TEACHER -->\n<!-- <<< TEACHER -->\n",
                2,
                "do not nest",
            ),
            (
                "<!-- >>> TEACHER -->\n# <<< SOLUTION\n",
                2,
                "different block",
            ),
            ("# >>> STUB\n<!-- <<< TEACHER -->\n", 2, "different block"),
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
        assert_eq!(summary.teacher_blocks, 0);
        assert!(!has_markers(&student));
        assert_eq!(student.files[1].contents, plan.files[1].contents);
    }

    const README: &str = "# Titanic\n\n## Stretch exercise\n\nWrite `extract_title`.\n\n<!-- >>> TEACHER -->\nThe answer sits between `# >>> SOLUTION` markers.\n<!-- <<< TEACHER -->\n\nRun `pytest -m stretch`.\n  <!-- >>> TEACHER -->\n  - indented, inside a list\n  <!-- <<< TEACHER -->\n- last\n";

    #[test]
    fn teacher_blocks_go_with_their_markers_and_one_blank_line() {
        let (out, blocks) = strip_text("README.md", README).unwrap().unwrap();
        assert_eq!(
            out,
            "# Titanic\n\n## Stretch exercise\n\nWrite `extract_title`.\n\nRun `pytest -m stretch`.\n- last\n"
        );
        assert_eq!(
            blocks,
            Blocks {
                solution: 0,
                stub: 0,
                teacher: 2
            }
        );
        // A block that follows a text line keeps the blank line after it; one at the start of a
        // file takes the blank line after it.
        let (out, _) = strip_text(
            "a.md",
            "a\n<!-- >>> TEACHER -->\nb\n<!-- <<< TEACHER -->\n\nc\n",
        )
        .unwrap()
        .unwrap();
        assert_eq!(out, "a\n\nc\n");
        let (out, _) = strip_text(
            "a.md",
            "<!-- >>> TEACHER -->\nb\n<!-- <<< TEACHER -->\n\nc\n",
        )
        .unwrap()
        .unwrap();
        assert_eq!(out, "c\n");
        // Only one blank line goes, and only right after the block.
        let (out, _) = strip_text(
            "a.md",
            "a\n\n<!-- >>> TEACHER -->\nb\n<!-- <<< TEACHER -->\n\n\nc\n",
        )
        .unwrap()
        .unwrap();
        assert_eq!(out, "a\n\n\nc\n");
        // At the end of the file the blank line before the block goes.
        let (out, _) = strip_text(
            "a.md",
            "a\n\n<!-- >>> TEACHER -->\nb\n<!-- <<< TEACHER -->\n",
        )
        .unwrap()
        .unwrap();
        assert_eq!(out, "a\n");
        let (out, _) = strip_text(
            "a.md",
            "a\r\n\r\n<!-- >>> TEACHER -->\r\nb\r\n<!-- <<< TEACHER -->",
        )
        .unwrap()
        .unwrap();
        assert_eq!(out, "a\r\n");
        let (out, _) = strip_text("a.md", "a\n<!-- >>> TEACHER -->\nb\n<!-- <<< TEACHER -->\n")
            .unwrap()
            .unwrap();
        assert_eq!(out, "a\n");
    }

    #[test]
    fn teacher_blocks_mix_with_solutions_in_one_file_and_are_counted_apart() {
        let text = format!("<!-- >>> TEACHER -->\nnote\n<!-- <<< TEACHER -->\n{TEACHER}");
        let (out, blocks) = strip_text("f.py", &text).unwrap().unwrap();
        assert_eq!(out, strip_text("f.py", TEACHER).unwrap().unwrap().0);
        assert_eq!(
            blocks,
            Blocks {
                solution: 1,
                stub: 1,
                teacher: 1
            }
        );
        // A mention inside other text is not a marker.
        assert!(
            strip_text(
                "README.md",
                "write `<!-- >>> TEACHER -->` on a line of its own\n"
            )
            .unwrap()
            .is_none()
        );
        let plan = Plan {
            files: vec![PlannedFile {
                path: "README.md".into(),
                contents: README.as_bytes().to_vec(),
                executable: false,
                rendered: true,
            }],
        };
        // A teacher note is no solution: the template still has no solution markers.
        assert!(!has_markers(&plan));
        let (_, summary) = strip_plan(&plan).unwrap();
        assert_eq!(summary.files, ["README.md"]);
        assert_eq!(
            (
                summary.solution_blocks,
                summary.stub_blocks,
                summary.teacher_blocks
            ),
            (0, 0, 2)
        );
    }
}
