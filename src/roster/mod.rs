//! Class rosters for `pystart batch`: CSV (UTF-8, UTF-8 with BOM, GBK/GB18030 as Excel in
//! China saves it, or `--encoding`) and XLSX (first sheet, or `--sheet`).
//!
//! Rosters come as school systems export them: title rows (often merged cells) above the
//! header, blank rows and section titles between classes, a total at the end, ids stored as
//! numbers. The header is the first row with a recognised id column; columns are found by
//! header, in Chinese or English: `学号`/`id` (required), `姓名`/`name`, `邮箱`/`email`,
//! `github`/`用户名`. Rows with a single text cell and no id (a class title, `合计：121 人`) and
//! repeated header rows are skipped with a note; bad rows (no id, a repeated id, an id that is
//! not a safe directory name, an id Excel wrote in scientific notation) are reported with their
//! row number as the spreadsheet shows it; the others go on. A GBK CSV whose names hold `?`
//! (characters Excel could not encode, such as 䶮 or 𠮷) gets a warning.

use crate::error::{Error, IoContext, Result, display_path};
use crate::messages::teach as t;
use std::path::Path;

/// One student.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Student {
    /// The row in the file (header = 1).
    pub row: usize,
    pub id: String,
    pub name: String,
    pub email: Option<String>,
    pub github: Option<String>,
}

/// A row that was left out, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowProblem {
    /// The row in the file (header = 1).
    pub row: usize,
    pub problem: Problem,
}

/// Why a row was left out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// The id cell is empty; `column` is the id column's header as the file spells it.
    NoId { column: String },
    /// The id cannot name a directory.
    UnsafeId { id: String },
    /// The id, ignoring case, is already the id of row `first`.
    RepeatedId { id: String, first: usize },
    /// Excel wrote the id in scientific notation (`2.02E+11`): its digits are lost.
    ShortenedId { id: String },
}

/// A row that was skipped on purpose, or a warning about one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowNote {
    /// The row in the file (header = 1 when the header is the first row).
    pub row: usize,
    pub note: Note,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Note {
    /// A row with one text cell and no id: a class title, a total (`合计：121 人`).
    TitleOrFooter { text: String },
    /// The header row again (some exports repeat it per class).
    RepeatedHeader,
    /// A name with `?` in a GBK/GB18030 CSV: characters Excel could not encode.
    LostCharacters { name: String },
}

impl RowNote {
    /// The note in `lang` (the JSON report uses `en`).
    pub fn message(&self, lang: &str) -> String {
        match &self.note {
            Note::TitleOrFooter { text } => t::ROSTER_SKIPPED_TITLE.fill(lang, &[("text", text)]),
            Note::RepeatedHeader => t::ROSTER_SKIPPED_HEADER.get(lang).to_string(),
            Note::LostCharacters { name } => {
                t::ROSTER_LOST_CHARACTERS.fill(lang, &[("name", name)])
            }
        }
    }

    /// A warning (something may be wrong) rather than a note (skipped as expected).
    pub fn is_warning(&self) -> bool {
        matches!(self.note, Note::LostCharacters { .. })
    }
}

impl RowProblem {
    /// Why the row was left out, in `lang` (the JSON report uses `en`).
    pub fn message(&self, lang: &str) -> String {
        match &self.problem {
            Problem::NoId { column } => t::ROSTER_NO_ID.fill(lang, &[("column", column)]),
            Problem::UnsafeId { id } => t::ROSTER_UNSAFE_ID.fill(lang, &[("id", id)]),
            Problem::RepeatedId { id, first } => {
                t::ROSTER_REPEATED_ID.fill(lang, &[("first", &first.to_string()), ("id", id)])
            }
            Problem::ShortenedId { id } => t::ROSTER_SHORTENED_ID.fill(lang, &[("id", id)]),
        }
    }
}

/// How a roster was read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// CSV in this encoding (`UTF-8`, `GB18030`, …).
    Csv(String),
    /// CSV in UTF-8 with a byte order mark.
    CsvBom,
    /// This sheet of a workbook.
    Xlsx(String),
}

impl Source {
    /// E.g. `CSV, GB18030` or `XLSX, sheet 一班` in `lang` (the JSON report uses `en`).
    pub fn describe(&self, lang: &str) -> String {
        match self {
            Source::Csv(encoding) => t::ROSTER_SOURCE_CSV.fill(lang, &[("encoding", encoding)]),
            Source::CsvBom => t::ROSTER_SOURCE_CSV_BOM.get(lang).to_string(),
            Source::Xlsx(sheet) => t::ROSTER_SOURCE_XLSX.fill(lang, &[("sheet", sheet)]),
        }
    }
}

#[derive(Debug)]
pub struct Roster {
    pub students: Vec<Student>,
    pub problems: Vec<RowProblem>,
    pub notes: Vec<RowNote>,
    pub source: Source,
}

const ID: &[&str] = &[
    "学号",
    "id",
    "student_id",
    "studentid",
    "student id",
    "编号",
];
const NAME: &[&str] = &["姓名", "name", "名字", "student_name", "full name"];
const EMAIL: &[&str] = &["邮箱", "email", "e-mail", "电子邮箱", "mail"];
const GITHUB: &[&str] = &["github", "用户名", "username", "github用户名", "login"];

/// Reads a roster; the format follows the extension (`.xlsx`/`.xlsm`, else CSV).
pub fn read(path: &Path, encoding: Option<&str>, sheet: Option<&str>) -> Result<Roster> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    let (rows, source) = if ext == "xlsx" || ext == "xlsm" {
        read_xlsx(path, sheet)?
    } else if ext == "xls" {
        return Err(
            Error::new(t::ROSTER_OLD_EXCEL.m(&[("path", &display_path(path))]))
                .hint(&t::ROSTER_OLD_EXCEL_HINT),
        );
    } else {
        let bytes = std::fs::read(path).with_path("read the roster", path)?;
        let (text, source) = decode(&bytes, encoding, path)?;
        (parse_csv(&text, path)?, source)
    };
    from_rows(rows, path, source)
}

/// Decodes CSV bytes: `encoding` when given, else a UTF-8 BOM, valid UTF-8, or GB18030 (the
/// superset of GBK that Excel in China writes).
fn decode(bytes: &[u8], encoding: Option<&str>, path: &Path) -> Result<(String, Source)> {
    let csv = |name: &str| Source::Csv(name.to_string());
    if let Some(label) = encoding {
        let enc = encoding_rs::Encoding::for_label(label.trim().as_bytes()).ok_or_else(|| {
            Error::new(t::ROSTER_UNKNOWN_ENCODING.m(&[("label", &label)]))
                .hint(&t::ROSTER_UNKNOWN_ENCODING_HINT)
        })?;
        let (text, _, bad) = enc.decode(bytes);
        if bad {
            return Err(Error::new(
                t::ROSTER_NOT_ENCODING
                    .m(&[("encoding", &enc.name()), ("path", &display_path(path))]),
            )
            .hint(&t::ROSTER_NOT_ENCODING_HINT));
        }
        return Ok((text.into_owned(), csv(enc.name())));
    }
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        let text = std::str::from_utf8(rest).map_err(|_| not_text(path))?;
        return Ok((text.to_string(), Source::CsvBom));
    }
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        let (text, enc, _) = encoding_rs::UTF_16LE.decode(bytes);
        return Ok((text.into_owned(), csv(enc.name())));
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok((text.to_string(), csv("UTF-8")));
    }
    let (text, _, bad) = encoding_rs::GB18030.decode(bytes);
    if bad {
        return Err(not_text(path));
    }
    Ok((text.into_owned(), csv("GB18030")))
}

fn not_text(path: &Path) -> Error {
    Error::new(t::ROSTER_NOT_TEXT.m(&[("path", &display_path(path))]))
        .hint(&t::ROSTER_NOT_TEXT_HINT)
}

fn parse_csv(text: &str, path: &Path) -> Result<Vec<Vec<String>>> {
    // Excel in some locales separates with `;` or a tab: take the most common in the first
    // lines (title rows above the header may have none).
    let head: Vec<&str> = text.lines().take(20).collect();
    let delimiter = [b',', b';', b'\t']
        .into_iter()
        .rev()
        .max_by_key(|d| {
            head.iter()
                .flat_map(|l| l.bytes())
                .filter(|b| b == d)
                .count()
        })
        .unwrap_or(b',');
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut rows: Vec<Vec<String>> = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let record = record.map_err(|e| {
            Error::new(t::ROSTER_BAD_CSV.m(&[
                ("row", &(i + 1)),
                ("err", &e),
                ("path", &display_path(path)),
            ]))
        })?;
        // Blank lines are not records; keep row numbers as the spreadsheet shows them.
        if let Some(line) = record.position().map(|p| {
            // The position may point at the blank lines the reader skipped before the record.
            let bytes = text.as_bytes();
            let mut at = (p.byte() as usize).min(bytes.len());
            while at < bytes.len() && matches!(bytes[at], b'\n' | b'\r') {
                at += 1;
            }
            bytes[..at].iter().filter(|&&b| b == b'\n').count() + 1
        }) {
            while rows.len() + 1 < line {
                rows.push(Vec::new());
            }
        }
        rows.push(record.iter().map(|c| c.trim().to_string()).collect());
    }
    Ok(rows)
}

fn read_xlsx(path: &Path, sheet: Option<&str>) -> Result<(Vec<Vec<String>>, Source)> {
    use calamine::{Data, Reader, open_workbook_auto};
    let mut book = open_workbook_auto(path).map_err(|e| {
        Error::new(t::ROSTER_BAD_WORKBOOK.m(&[("err", &e), ("path", &display_path(path))]))
            .hint(&t::ROSTER_BAD_WORKBOOK_HINT)
    })?;
    let names = book.sheet_names().to_vec();
    let name = match sheet {
        Some(s) => names
            .iter()
            .find(|n| n.as_str() == s)
            .cloned()
            .ok_or_else(|| {
                Error::new(
                    t::ROSTER_NO_SUCH_SHEET.m(&[("sheet", &s), ("path", &display_path(path))]),
                )
                .hint(t::ROSTER_SHEETS.m(&[("sheets", &t::join(&names))]))
            })?,
        None => names
            .first()
            .cloned()
            .ok_or_else(|| Error::new(t::ROSTER_NO_SHEETS.m(&[("path", &display_path(path))])))?,
    };
    let range = book
        .worksheet_range(&name)
        .map_err(|e| Error::new(t::ROSTER_BAD_SHEET.m(&[("err", &e), ("sheet", &name)])))?;
    let cell = |d: &Data| -> String {
        match d {
            Data::Empty => String::new(),
            Data::String(s) => s.trim().to_string(),
            // Ids typed as numbers come back as floats: 2024001.0 → "2024001".
            Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
            Data::Int(i) => i.to_string(),
            other => other.to_string().trim().to_string(),
        }
    };
    // Row numbers must match the sheet even when it starts below row 1.
    let start = range.start().map_or(0, |(r, _)| r as usize);
    let mut rows = vec![Vec::new(); start];
    rows.extend(range.rows().map(|r| r.iter().map(cell).collect()));
    Ok((rows, Source::Xlsx(name)))
}

/// A header cell as the file spells it, without surrounding space or a byte order mark.
fn heading(cell: &str) -> &str {
    cell.trim().trim_start_matches('\u{feff}')
}

fn column(header: &[String], names: &[&str]) -> Option<usize> {
    header.iter().position(|h| {
        let h = heading(h).to_lowercase();
        names.iter().any(|n| h == *n)
    })
}

/// Whether `id` can name a directory everywhere: ASCII letters, digits, `-`, `_`, `.`, not
/// starting with `.` or `-`, at most 64 characters.
pub fn safe_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 64
        && !id.starts_with(['.', '-'])
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
}

fn from_rows(rows: Vec<Vec<String>>, path: &Path, source: Source) -> Result<Roster> {
    let filled = |r: &Vec<String>| r.iter().filter(|c| !c.trim().is_empty()).count();
    if rows.iter().all(|r| filled(r) == 0) {
        return Err(
            Error::new(t::ROSTER_EMPTY.m(&[("path", &display_path(path))]))
                .hint(&t::ROSTER_EMPTY_HINT),
        );
    }
    // The header is the first row with an id column, below any title rows.
    let Some(header_at) = rows.iter().take(50).position(|r| column(r, ID).is_some()) else {
        let seen: Vec<String> = rows
            .iter()
            .filter(|r| filled(r) > 0)
            .take(3)
            .map(|r| {
                let cells: Vec<String> = r
                    .iter()
                    .filter(|c| !c.trim().is_empty())
                    .map(|c| heading(c).to_string())
                    .collect();
                t::join(&cells)
            })
            .collect();
        return Err(Error::new(
            t::ROSTER_NO_ID_COLUMN
                .m(&[("header", &seen.join(" / ")), ("path", &display_path(path))]),
        )
        .hint(&t::ROSTER_NO_ID_COLUMN_HINT));
    };
    let header = &rows[header_at];
    let id_col = column(header, ID).expect("the header has an id column");
    let id_heading = heading(&header[id_col]).to_string();
    let name_col = column(header, NAME);
    let email_col = column(header, EMAIL);
    let github_col = column(header, GITHUB);
    let get = |row: &[String], col: Option<usize>| -> Option<String> {
        col.and_then(|c| row.get(c))
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
    };
    let gbk = matches!(&source, Source::Csv(enc) if enc != "UTF-8" && !enc.starts_with("UTF-16"));
    let mut roster = Roster {
        students: Vec::new(),
        problems: Vec::new(),
        notes: Vec::new(),
        source,
    };
    let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for (i, row) in rows.iter().enumerate().skip(header_at + 1) {
        let n = i + 1;
        let cells = filled(row);
        if cells == 0 {
            continue;
        }
        let id_cell = get(row, Some(id_col));
        if id_cell.as_deref().map(heading) == Some(id_heading.as_str()) {
            roster.notes.push(RowNote {
                row: n,
                note: Note::RepeatedHeader,
            });
            continue;
        }
        // One text cell and no id of its own: a class title or a total line.
        // (A lone name is a student without an id: that is a problem, not a title.)
        let lone_name = name_col.is_some_and(|c| row.get(c).is_some_and(|v| !v.trim().is_empty()));
        let only_text =
            cells == 1 && !lone_name && id_cell.as_deref().is_none_or(|id| !looks_like_id(id));
        if only_text {
            let text = row.iter().find(|c| !c.trim().is_empty()).expect("one cell");
            roster.notes.push(RowNote {
                row: n,
                note: Note::TitleOrFooter {
                    text: text.trim().to_string(),
                },
            });
            continue;
        }
        let Some(id) = id_cell.map(|id| numeric_id(&id)) else {
            roster.problems.push(RowProblem {
                row: n,
                problem: Problem::NoId {
                    column: id_heading.clone(),
                },
            });
            continue;
        };
        if shortened(&id) {
            roster.problems.push(RowProblem {
                row: n,
                problem: Problem::ShortenedId { id },
            });
            continue;
        }
        if !safe_id(&id) {
            roster.problems.push(RowProblem {
                row: n,
                problem: Problem::UnsafeId { id },
            });
            continue;
        }
        // Case-insensitive: `A01` and `a01` would be one directory on Windows and macOS.
        let key = id.to_lowercase();
        if let Some(first) = seen.get(&key) {
            roster.problems.push(RowProblem {
                row: n,
                problem: Problem::RepeatedId { id, first: *first },
            });
            continue;
        }
        seen.insert(key, n);
        let name = get(row, name_col).unwrap_or_else(|| id.clone());
        if gbk && name.contains('?') {
            roster.notes.push(RowNote {
                row: n,
                note: Note::LostCharacters { name: name.clone() },
            });
        }
        roster.students.push(Student {
            row: n,
            id,
            name,
            email: get(row, email_col),
            github: get(row, github_col),
        });
    }
    Ok(roster)
}

/// A cell that could be an id by itself (a single token of letters, digits and `-_.`).
fn looks_like_id(cell: &str) -> bool {
    let c = cell.trim();
    !c.is_empty()
        && c.chars()
            .all(|ch| ch.is_ascii_alphanumeric() || matches!(ch, '-' | '_' | '.'))
}

/// An id typed as a number: `2024001.0` → `2024001`.
fn numeric_id(id: &str) -> String {
    match id.strip_suffix(".0") {
        Some(digits) if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) => {
            digits.to_string()
        }
        _ => id.to_string(),
    }
}

/// An id Excel wrote in scientific notation (`2.02E+11`), whose digits are lost.
fn shortened(id: &str) -> bool {
    let upper = id.to_ascii_uppercase();
    upper.contains("E+")
        && upper
            .replace("E+", "")
            .replace('.', "")
            .bytes()
            .all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests;
