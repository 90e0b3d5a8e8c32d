//! Which submissions are suspiciously alike: document fingerprints by winnowing (Schleimer,
//! Wilkerson and Aiken, "Winnowing: local algorithms for document fingerprinting", SIGMOD
//! 2003, the method behind MOSS), over Python tokens with names and literals normalised.
//!
//! Each student's Python files become one token stream in which every identifier is `V`, every
//! string `S` and every number `N` (keywords and operators stay), so renaming variables or
//! changing messages changes nothing. Every run of [`K`] tokens is hashed; of every window of
//! [`W`] consecutive hashes the smallest is kept (the rightmost on ties), which guarantees that
//! any match of at least `K + W - 1` tokens is found, wherever it stands in the files (reordered
//! functions are found too). Fingerprints of the starter code every student got are removed
//! first, so the given code does not make everyone alike. Two submissions are compared by the
//! share of the smaller one's fingerprints that the other also has.

use std::collections::{BTreeMap, HashMap, HashSet};

/// Tokens per hashed run (the noise threshold: shorter matches are ignored).
pub const K: usize = 12;
/// Hashes per window (any match of `K + W - 1` tokens is guaranteed to be found).
pub const W: usize = 8;

/// One normalised token and the line it starts on.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Token {
    text: String,
    line: u32,
}

const KEYWORDS: &[&str] = &[
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue",
    "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import",
    "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while",
    "with", "yield",
];

/// Python source as normalised tokens; comments and layout are dropped.
fn tokens(source: &str) -> Vec<Token> {
    let chars: Vec<char> = source.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    let mut line = 1u32;
    while i < chars.len() {
        let c = chars[i];
        if c == '\n' {
            line += 1;
            i += 1;
        } else if c.is_whitespace() || c == '\\' {
            i += 1;
        } else if c == '#' {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if c.is_alphabetic() || c == '_' {
            let start = i;
            while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                i += 1;
            }
            let word: String = chars[start..i].iter().collect();
            // A string prefix (r, b, f, u and their pairs) right before a quote.
            if i < chars.len()
                && matches!(chars[i], '\'' | '"')
                && word.len() <= 2
                && word.chars().all(|c| "rRbBfFuU".contains(c))
            {
                let from = line;
                i = skip_string(&chars, i, &mut line);
                out.push(Token {
                    text: "S".into(),
                    line: from,
                });
                continue;
            }
            let text = if KEYWORDS.contains(&word.as_str()) {
                word
            } else {
                "V".into()
            };
            out.push(Token { text, line });
        } else if c.is_ascii_digit()
            || (c == '.' && chars.get(i + 1).is_some_and(char::is_ascii_digit))
        {
            while i < chars.len() && (chars[i].is_alphanumeric() || matches!(chars[i], '.' | '_')) {
                i += 1;
            }
            out.push(Token {
                text: "N".into(),
                line,
            });
        } else if c == '\'' || c == '"' {
            let from = line;
            i = skip_string(&chars, i, &mut line);
            out.push(Token {
                text: "S".into(),
                line: from,
            });
        } else {
            // Operators: the longest of three, two or one characters.
            let three: String = chars[i..(i + 3).min(chars.len())].iter().collect();
            let two: String = chars[i..(i + 2).min(chars.len())].iter().collect();
            let op = if ["**=", "//=", ">>=", "<<=", "..."].contains(&three.as_str()) {
                three
            } else if [
                "==", "!=", "<=", ">=", "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "->", "**",
                "//", ":=", "<<", ">>",
            ]
            .contains(&two.as_str())
            {
                two
            } else {
                c.to_string()
            };
            i += op.chars().count();
            out.push(Token { text: op, line });
        }
    }
    out
}

/// Index just past the string literal that starts at `i` (a quote), counting its newlines.
fn skip_string(chars: &[char], mut i: usize, line: &mut u32) -> usize {
    let quote = chars[i];
    let triple = chars.get(i + 1) == Some(&quote) && chars.get(i + 2) == Some(&quote);
    i += if triple { 3 } else { 1 };
    while i < chars.len() {
        let c = chars[i];
        if c == '\\' {
            if chars.get(i + 1) == Some(&'\n') {
                *line += 1;
            }
            i += 2;
            continue;
        }
        if c == '\n' {
            *line += 1;
            if !triple {
                return i;
            }
        }
        if c == quote
            && (!triple || (chars.get(i + 1) == Some(&quote) && chars.get(i + 2) == Some(&quote)))
        {
            return i + if triple { 3 } else { 1 };
        }
        i += 1;
    }
    i
}

/// A selected fingerprint: its hash, and where its run of tokens is (file, first and last line).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Print {
    pub hash: u64,
    pub file: String,
    pub lines: (u32, u32),
}

fn fnv(tokens: &[Token]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for t in tokens {
        for b in t.text.bytes().chain([0xff]) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    h
}

/// The winnowed fingerprints of one file.
pub fn fingerprints(file: &str, source: &str) -> Vec<Print> {
    let toks = tokens(source);
    if toks.len() < K {
        return vec![];
    }
    let grams: Vec<(u64, (u32, u32))> = toks
        .windows(K)
        .map(|g| (fnv(g), (g[0].line, g[K - 1].line)))
        .collect();
    let mut chosen: Vec<usize> = Vec::new();
    if grams.len() <= W {
        let min = (0..grams.len())
            .rev()
            .min_by_key(|&j| grams[j].0)
            .expect("not empty");
        chosen.push(min);
    } else {
        for start in 0..=grams.len() - W {
            // The rightmost smallest hash of the window.
            let min = (start..start + W)
                .rev()
                .min_by_key(|&j| grams[j].0)
                .expect("a window is not empty");
            if chosen.last() != Some(&min) {
                chosen.push(min);
            }
        }
    }
    chosen
        .into_iter()
        .map(|j| Print {
            hash: grams[j].0,
            file: file.to_string(),
            lines: grams[j].1,
        })
        .collect()
}

/// A submission's fingerprints (all its Python files), without those of the starter code.
#[derive(Debug, Clone, Default)]
pub struct Submission {
    pub id: String,
    prints: Vec<Print>,
    hashes: HashSet<u64>,
}

impl Submission {
    /// `files` are (path, source) pairs; `starter` the hashes of the code everyone got.
    pub fn new(id: &str, files: &[(String, String)], starter: &HashSet<u64>) -> Self {
        let prints: Vec<Print> = files
            .iter()
            .flat_map(|(path, text)| fingerprints(path, text))
            .filter(|p| !starter.contains(&p.hash))
            .collect();
        let hashes = prints.iter().map(|p| p.hash).collect();
        Submission {
            id: id.to_string(),
            prints,
            hashes,
        }
    }

    pub fn hashes(&self) -> &HashSet<u64> {
        &self.hashes
    }
}

/// The hashes of the starter files.
pub fn starter_hashes(files: &[(String, String)]) -> HashSet<u64> {
    files
        .iter()
        .flat_map(|(path, text)| fingerprints(path, text))
        .map(|p| p.hash)
        .collect()
}

/// Lines `first..=last` of a file.
pub type Lines = (u32, u32);
/// A match: the file and lines in one submission, the file and lines in the other.
pub type Match = (String, Lines, String, Lines);

/// Two submissions that share much of their own code.
#[derive(Debug, Clone, PartialEq)]
pub struct Pair {
    pub a: String,
    pub b: String,
    /// Shared fingerprints / fingerprints of the smaller submission.
    pub score: f64,
    pub shared: usize,
    /// Matching line ranges: (file of a, lines in a, file of b, lines in b), merged per file.
    pub matches: Vec<Match>,
}

/// Pairs whose score is at least `threshold` and who share at least `min_shared`
/// fingerprints, most alike first.
pub fn pairs(subs: &[Submission], threshold: f64, min_shared: usize) -> Vec<Pair> {
    let mut found = Vec::new();
    for (i, a) in subs.iter().enumerate() {
        for b in &subs[i + 1..] {
            let smaller = a.hashes.len().min(b.hashes.len());
            if smaller == 0 {
                continue;
            }
            let shared: HashSet<u64> = a.hashes.intersection(&b.hashes).copied().collect();
            let score = shared.len() as f64 / smaller as f64;
            if shared.len() < min_shared || score < threshold {
                continue;
            }
            found.push(Pair {
                a: a.id.clone(),
                b: b.id.clone(),
                score,
                shared: shared.len(),
                matches: matching_ranges(a, b, &shared),
            });
        }
    }
    found.sort_by(|x, y| y.score.total_cmp(&x.score).then(x.a.cmp(&y.a)));
    found
}

/// Shared fingerprints as line ranges of both sides, overlapping ranges merged.
fn matching_ranges(a: &Submission, b: &Submission, shared: &HashSet<u64>) -> Vec<Match> {
    let first_in_b: HashMap<u64, &Print> = b
        .prints
        .iter()
        .rev()
        .filter(|p| shared.contains(&p.hash))
        .map(|p| (p.hash, p))
        .collect();
    // Group by (file of a, file of b), then merge ranges that touch on both sides.
    let mut groups: BTreeMap<(String, String), Vec<(Lines, Lines)>> = BTreeMap::new();
    for p in a.prints.iter().filter(|p| shared.contains(&p.hash)) {
        if let Some(q) = first_in_b.get(&p.hash) {
            groups
                .entry((p.file.clone(), q.file.clone()))
                .or_default()
                .push((p.lines, q.lines));
        }
    }
    let mut out = Vec::new();
    for ((fa, fb), mut ranges) in groups {
        ranges.sort();
        let mut merged: Vec<(Lines, Lines)> = Vec::new();
        for (ra, rb) in ranges {
            match merged.last_mut() {
                Some((ma, mb)) if ra.0 <= ma.1 + 1 => {
                    ma.1 = ma.1.max(ra.1);
                    mb.0 = mb.0.min(rb.0);
                    mb.1 = mb.1.max(rb.1);
                }
                _ => merged.push((ra, rb)),
            }
        }
        out.extend(
            merged
                .into_iter()
                .map(|(ra, rb)| (fa.clone(), ra, fb.clone(), rb)),
        );
    }
    out
}

/// One submission to compare: the student's id, the repository and the commit.
pub struct Source {
    pub id: String,
    pub repo: std::path::PathBuf,
    pub rev: String,
}

/// The submissions of a batch directory as they are: each repository's `HEAD`.
pub fn batch_heads(dir: &std::path::Path) -> Vec<Source> {
    super::assignment::enrolled(dir, None)
        .into_iter()
        .filter_map(|s| {
            Some(Source {
                repo: s.dir.filter(|d| d.is_dir())?,
                id: s.id,
                rev: "HEAD".into(),
            })
        })
        .collect()
}

/// The pairs among `sources`: each one's student-owned Python files at its commit, compared
/// after the starter's fingerprints are taken out. Sources that cannot be read are left out;
/// also returns how many were compared.
pub fn of_sources(
    sources: &[Source],
    template: &crate::catalog::Template,
    student_mode: bool,
    threshold: f64,
) -> crate::error::Result<(usize, Vec<Pair>)> {
    use super::assignment;
    let owned = template.manifest.grading.student_paths()?;
    let python = |path: &str| owned.matches(path) && path.ends_with(".py");
    let answers = assignment::teacher_answers(template)?;
    let record = assignment::student_record("teacher", "teacher", None);
    let (starter, _) = assignment::starter_plan(template, &answers, &record, student_mode)?;
    let starter_files: Vec<(String, String)> = starter
        .files
        .iter()
        .filter(|f| python(&f.path))
        .map(|f| {
            (
                f.path.clone(),
                String::from_utf8_lossy(&f.contents).into_owned(),
            )
        })
        .collect();
    let given = starter_hashes(&starter_files);
    let mut subs = Vec::new();
    for source in sources {
        let Ok((_, files)) = crate::git::commit_files(&source.repo, &source.rev, 200 << 20) else {
            continue;
        };
        let own: Vec<(String, String)> = files
            .iter()
            .filter(|f| !f.special && python(&f.path))
            .map(|f| {
                (
                    f.path.clone(),
                    String::from_utf8_lossy(&f.contents).into_owned(),
                )
            })
            .collect();
        subs.push(Submission::new(&source.id, &own, &given));
    }
    Ok((subs.len(), pairs(&subs, threshold, MIN_SHARED)))
}

/// Fewest shared fingerprints that make a pair worth a look (a few short common idioms are
/// not copying).
pub const MIN_SHARED: usize = 5;

#[cfg(test)]
mod tests {
    use super::*;

    const ORIGINAL: &str = r#"
import re


def extract_title(name):
    """The title in a Kaggle name."""
    if not isinstance(name, str) or "," not in name:
        return "Unknown"
    after_comma = name.split(",", 1)[1]
    title = after_comma.split(".", 1)[0].strip()
    if title.lower().startswith("the "):
        title = title[4:].strip()
    aliases = {"Mlle": "Miss", "Ms": "Miss", "Mme": "Mrs"}
    title = aliases.get(title, title)
    return title if title in {"Mr", "Mrs", "Miss", "Master"} else "Rare"


def family_size(sibsp, parch):
    total = 1
    for value in (sibsp, parch):
        if value is not None and value == value:
            total += int(value)
    return total


def median_ages(rows):
    groups = {}
    for title, age in rows:
        if age is None:
            continue
        groups.setdefault(title, []).append(age)
    result = {}
    for title, ages in groups.items():
        ages = sorted(ages)
        middle = len(ages) // 2
        if len(ages) % 2:
            result[title] = float(ages[middle])
        else:
            result[title] = (ages[middle - 1] + ages[middle]) / 2
    return result
"#;

    /// The same code with every name changed, comments and messages changed, and the
    /// functions in another order.
    const DISGUISED: &str = r#"
import re


def household(sib, par):
    # count everyone travelling together
    n = 1
    for v in (sib, par):
        if v is not None and v == v:
            n += int(v)
    return n


def grouped_medians(pairs):
    buckets = {}
    for key, years in pairs:
        if years is None:
            continue
        buckets.setdefault(key, []).append(years)
    out = {}
    for key, values in buckets.items():
        values = sorted(values)
        mid = len(values) // 2
        if len(values) % 2:
            out[key] = float(values[mid])
        else:
            out[key] = (values[mid - 1] + values[mid]) / 2
    return out


def get_title(full_name):
    '''Which title?'''
    if not isinstance(full_name, str) or ";" not in full_name:
        return "?"
    rest = full_name.split(";", 1)[1]
    t = rest.split(".", 1)[0].strip()
    if t.lower().startswith("la "):
        t = t[3:].strip()
    mapping = {"A": "B", "C": "D", "E": "F"}
    t = mapping.get(t, t)
    return t if t in {"a", "b", "c", "d"} else "x"
"#;

    /// Another student's own solution to the same exercises.
    const INDEPENDENT: &str = r#"
import math

COMMON = ("Mr", "Mrs", "Miss", "Master")
SAME_AS = dict(Mlle="Miss", Ms="Miss", Mme="Mrs")


def extract_title(name):
    try:
        part = name.partition(",")[2]
    except AttributeError:
        return "Unknown"
    if not part:
        return "Unknown"
    word = part.partition(".")[0].replace("the ", "").strip()
    word = SAME_AS.get(word, word)
    return word if word in COMMON else "Rare"


def family_size(sibsp, parch):
    clean = [0 if x is None or (isinstance(x, float) and math.isnan(x)) else x for x in (sibsp, parch)]
    return 1 + sum(int(x) for x in clean)


def median_ages(rows):
    from statistics import median
    by_title = {}
    for t, a in rows:
        if a is not None:
            by_title[t] = by_title.get(t, []) + [a]
    return {t: float(median(v)) for t, v in by_title.items()}
"#;

    fn sub(id: &str, text: &str, starter: &HashSet<u64>) -> Submission {
        Submission::new(id, &[("src/p/features.py".into(), text.into())], starter)
    }

    #[test]
    fn names_literals_comments_and_layout_do_not_change_the_tokens() {
        let a = tokens("x = foo(1, 'a')  # hi\n");
        let b = tokens("total   =  bar(2,\n  \"\"\"b\"\"\")\n");
        let texts = |t: &[Token]| t.iter().map(|t| t.text.clone()).collect::<Vec<_>>();
        assert_eq!(texts(&a), texts(&b));
        assert_eq!(texts(&a), ["V", "=", "V", "(", "N", ",", "S", ")"]);
        assert_eq!(b[6].line, 2);
        assert_eq!(texts(&tokens("a **= b // c")), ["V", "**=", "V", "//", "V"]);
        assert_eq!(texts(&tokens("rb'x' f\"y\"")), ["S", "S"]);
    }

    #[test]
    fn a_disguised_copy_is_found_and_an_independent_solution_is_not() {
        let none = HashSet::new();
        let subs = [
            sub("ada", ORIGINAL, &none),
            sub("bob", DISGUISED, &none),
            sub("cy", INDEPENDENT, &none),
        ];
        let found = pairs(&subs, 0.5, 5);
        assert_eq!(found.len(), 1, "{found:?}");
        let all = pairs(&subs, 0.0, 0);
        let independent = all.iter().find(|p| p.b == "cy" && p.a == "ada");
        assert!(
            independent.is_none_or(|p| p.score < 0.25),
            "{independent:?}"
        );
        assert_eq!((found[0].a.as_str(), found[0].b.as_str()), ("ada", "bob"));
        assert!(found[0].score > 0.7, "{}", found[0].score);
        // The matches name the moved function's lines on both sides: `extract_title` comes
        // first in one file and last in the other.
        assert!(
            found[0]
                .matches
                .iter()
                .any(|(_, ra, _, rb)| ra.0 <= 6 && ra.1 <= 16 && rb.0 >= 30),
            "{:?}",
            found[0].matches
        );
    }

    #[test]
    fn the_starter_code_everyone_got_does_not_count() {
        let starter = starter_hashes(&[("src/p/features.py".into(), ORIGINAL.into())]);
        let subs = [
            sub("ada", ORIGINAL, &starter),
            sub("bob", DISGUISED, &starter),
        ];
        assert!(subs[0].hashes().is_empty());
        assert!(pairs(&subs, 0.5, 5).is_empty());
    }
}
