//! The names derived from `project_name`: the import package (pinyin for Chinese, repaired until
//! it is an identifier that is no keyword and shadows no standard-library or popular package),
//! the distribution name and the folder name. Derived here, never in templates, so every
//! template gets the same rules.

use super::Note;
use crate::error::{Error, Result};
use crate::manifest::is_identifier;
use crate::messages::{Text, generate as t};
use pinyin::ToPinyin;
use std::sync::OnceLock;

/// Longest derived package name, in bytes (all ASCII).
const MAX_PACKAGE: usize = 40;

const KEYWORDS: &[&str] = &[
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue",
    "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import",
    "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while",
    "with", "yield", "match", "case", "type", "_",
];

/// Import names of packages the templates depend on (or learners commonly install): a project
/// package with one of these names would shadow the real one.
const THIRD_PARTY: &[&str] = &[
    "numpy",
    "pandas",
    "matplotlib",
    "sklearn",
    "scipy",
    "requests",
    "flask",
    "django",
    "pytest",
    "jieba",
    "networkx",
    "cv2",
    "PIL",
    "bs4",
    "lxml",
    "tornado",
    "torch",
    "seaborn",
    "pypinyin",
    "skimage",
    "socketio",
    "flask_socketio",
    "nh3",
    "markdown",
    "ruff",
    "pip",
    "setuptools",
    "hatchling",
    "wheel",
    "nba_api",
    "pyarrow",
    "wordcloud",
    "jupyter",
    "notebook",
];

fn stdlib_modules() -> &'static [&'static str] {
    static LIST: OnceLock<Vec<&'static str>> = OnceLock::new();
    LIST.get_or_init(|| include_str!("stdlib_modules.txt").lines().collect())
}

/// Checks a package name the user chose; the hint offers the repaired name.
pub fn validate_package(package: &str) -> Result<()> {
    let problem = package_problem(package);
    match problem {
        None => Ok(()),
        Some(why) => {
            let why = why_in(why, crate::messages::lang());
            let mut err = Error::new(t::PKG_INVALID.m(&[("why", &why), ("value", &package)]));
            if let Ok(d) = derive_package(package)
                && d.package != package
            {
                err = err.hint(t::PKG_USE.m(&[("value", &d.package)]));
            } else {
                err = err.hint(&t::PKG_USE_IDENTIFIER);
            }
            Err(err)
        }
    }
}

/// What is wrong with a package name: a text completing `PKG_INVALID` and `PKG_REPAIRED`.
fn package_problem(package: &str) -> Option<&'static Text> {
    if package.is_empty() {
        return Some(&t::PKG_EMPTY);
    }
    if package.len() > MAX_PACKAGE {
        return Some(&t::PKG_TOO_LONG);
    }
    if package.starts_with(|c: char| c.is_ascii_digit()) {
        return Some(&t::PKG_DIGIT);
    }
    if !is_identifier(package) {
        return Some(&t::PKG_NOT_IDENTIFIER);
    }
    if package != package.to_ascii_lowercase() {
        return Some(&t::PKG_CAPITALS);
    }
    if KEYWORDS.contains(&package) {
        return Some(&t::PKG_KEYWORD);
    }
    if stdlib_modules().contains(&package) {
        return Some(&t::PKG_STDLIB);
    }
    if THIRD_PARTY.contains(&package) {
        return Some(&t::PKG_THIRD_PARTY);
    }
    None
}

/// A [`package_problem`] in `lang`.
fn why_in(why: &Text, lang: &str) -> String {
    why.fill(lang, &[("max", &MAX_PACKAGE.to_string())])
}

/// A package name derived from a project name, with the repairs that were needed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Derived {
    pub package: String,
    pub notes: Vec<Note>,
}

/// Derives the import package from a project name: Chinese characters become pinyin, other
/// characters that are not ASCII letters or digits become `_`, then the result is repaired
/// until it is a valid, non-clashing name.
pub fn derive_package(project_name: &str) -> Result<Derived> {
    let mut out = String::new();
    let mut prev_cjk = false;
    for c in project_name.chars() {
        if c.is_ascii_alphanumeric() {
            if prev_cjk {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
            prev_cjk = false;
        } else if let Some(py) = c.to_pinyin() {
            if !prev_cjk && !out.is_empty() && !out.ends_with('_') {
                out.push('_');
            }
            out.push_str(py.plain());
            prev_cjk = true;
        } else {
            out.push('_');
            prev_cjk = false;
        }
    }
    let mut package = out
        .split('_')
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join("_");
    let mut notes = Vec::new();
    if package.is_empty() {
        return Err(
            Error::new(t::PKG_CANNOT_DERIVE.m(&[("value", &project_name)]))
                .hint(&t::PKG_CANNOT_DERIVE_HINT),
        );
    }
    if package.len() > MAX_PACKAGE {
        let mut cut = package[..MAX_PACKAGE].to_string();
        if let Some(i) = cut.rfind('_').filter(|&i| i > 0) {
            cut.truncate(i);
        }
        notes.push(Note::new(
            &t::PKG_SHORTENED,
            &[("max", &MAX_PACKAGE.to_string()), ("package", &cut)],
        ));
        package = cut;
    }
    if package.starts_with(|c: char| c.is_ascii_digit()) {
        let fixed = format!("py{package}");
        notes.push(Note::new(
            &t::PKG_DIGIT_REPAIRED,
            &[("package", &package), ("fixed", &fixed)],
        ));
        package = fixed;
    }
    if let Some(why) = package_problem(&package) {
        let fixed = format!("{package}_app");
        let fill = |lang: &str| {
            t::PKG_REPAIRED.fill(
                lang,
                &[
                    ("why", &why_in(why, lang)),
                    ("package", &package),
                    ("fixed", &fixed),
                ],
            )
        };
        notes.push(Note {
            text: fill(crate::messages::lang()),
            en: fill("en"),
        });
        package = fixed;
    }
    debug_assert!(package_problem(&package).is_none(), "{package}");
    Ok(Derived { package, notes })
}

/// The distribution name for `[project] name` (PEP 503 normalised form of the package).
pub fn dist_name(package: &str) -> String {
    package.replace('_', "-")
}

/// The directory a project is created in when no path is given: the project name with the
/// characters that are not valid in a file name on common systems replaced by `_`.
pub fn dir_name(project_name: &str) -> (String, Option<String>) {
    let mut name: String = project_name
        .chars()
        .map(|c| {
            if "<>:\"|?*".contains(c) || c.is_control() {
                '_'
            } else {
                c
            }
        })
        .collect();
    while name.ends_with('.') || name.ends_with(' ') {
        name.pop();
    }
    let stem = name.split('.').next().unwrap_or("").to_ascii_uppercase();
    let reserved = matches!(stem.as_str(), "CON" | "PRN" | "AUX" | "NUL")
        || ((stem.starts_with("COM") || stem.starts_with("LPT"))
            && stem.len() == 4
            && stem.as_bytes()[3].is_ascii_digit());
    if reserved {
        name.push('_');
    }
    if name.is_empty() {
        name.push_str("project");
    }
    let note = (name != project_name)
        .then(|| t::DIR_NAME_NOTE.f(&[("dir", &name), ("name", &project_name)]));
    (name, note)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn derived(name: &str) -> String {
        derive_package(name).unwrap().package
    }

    #[test]
    fn repairs_keywords_stdlib_and_digits_and_says_so() {
        let d = derive_package("random").unwrap();
        assert_eq!(d.package, "random_app");
        assert!(d.notes[0].en.contains("standard-library"), "{:?}", d.notes);
        assert_eq!(derived("test"), "test_app");
        assert_eq!(derived("email"), "email_app");
        assert_eq!(derived("class"), "class_app");
        assert_eq!(derived("2048"), "py2048");
        assert_eq!(derived("pandas"), "pandas_app");
    }

    #[test]
    fn shortens_over_long_names() {
        let d = derive_package(&"word_".repeat(20)).unwrap();
        assert!(d.package.len() <= MAX_PACKAGE);
        assert!(!d.package.ends_with('_'));
        assert_eq!(d.notes.len(), 1);
    }

    #[test]
    fn refuses_names_with_nothing_to_keep() {
        let e = derive_package("🚀🚀").unwrap_err();
        assert!(e.hints()[0].contains("--set package="));
    }

    #[test]
    fn explicit_packages_are_checked_strictly_with_a_repair_hint() {
        assert!(validate_package("titanic").is_ok());
        let e = validate_package("string").unwrap_err();
        assert!(e.message().contains("standard-library"));
        assert_eq!(e.hints()[0], "use --set package=string_app");
        assert!(validate_package("1abc").is_err());
        assert!(validate_package("My").is_err());
        assert!(validate_package("a-b").is_err());
        assert!(validate_package("import").is_err());
    }

    #[test]
    fn directory_names_are_sanitised() {
        assert_eq!(dir_name("titanic"), ("titanic".into(), None));
        assert_eq!(dir_name("a:b?").0, "a_b_");
        assert_eq!(dir_name("con").0, "con_");
        assert_eq!(dir_name("COM1.txt").0, "COM1.txt_");
        assert_eq!(dir_name("name.").0, "name");
        assert_eq!(dir_name("泰坦尼克").0, "泰坦尼克");
    }
}
