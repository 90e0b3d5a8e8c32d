//! Interface texts in Chinese and English: typed tables, so a text cannot exist in one language
//! only. The interface language is `--lang`, else `PYSTART_LANG`, else the configuration file,
//! else the locale (`LC_ALL`, `LC_MESSAGES`, `LANG`); `lib::run` sets it once with [`set_lang`]
//! before anything is printed, and [`Text::s`]/[`Text::f`] read it.
//!
//! Texts are grouped by the part of pystart that prints them (one submodule each); `--help`
//! texts are in [`help`]. Placeholders are `{name}` and must be the same in both languages (a
//! test checks), except `{s}`, the English plural ending, which Chinese leaves out.

use std::sync::OnceLock;

pub mod generate;
pub mod help;
pub mod teach;
pub mod templates;
pub mod verify;

static LANG: OnceLock<&'static str> = OnceLock::new();

/// Sets the interface language for the rest of the process (`zh`, or English for anything
/// else). Only the first call counts.
pub fn set_lang(lang: &str) {
    let _ = LANG.set(if lang == "zh" { "zh" } else { "en" });
}

/// The interface language if [`set_lang`] has chosen it.
pub fn chosen_lang() -> Option<&'static str> {
    LANG.get().copied()
}

/// The interface language: `zh` or `en` (English until [`set_lang`] is called).
pub fn lang() -> &'static str {
    LANG.get().copied().unwrap_or("en")
}

/// One text in both languages, with its name as a stable code for reports (`target_not_empty`).
#[derive(Debug, PartialEq, Eq)]
pub struct Text {
    pub code: &'static str,
    pub zh: &'static str,
    pub en: &'static str,
}

impl Text {
    /// The text in `lang` (`zh` or anything else for English).
    pub fn get(&self, lang: &str) -> &'static str {
        if lang == "zh" { self.zh } else { self.en }
    }

    /// The text in `lang` with `{name}` placeholders filled in.
    pub fn fill(&self, lang: &str, args: &[(&str, &str)]) -> String {
        fill_in(self.get(lang), |name| {
            args.iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| v.to_string())
        })
    }

    /// The text in the interface language.
    pub fn s(&self) -> &'static str {
        self.get(lang())
    }

    /// A counted noun or sentence in the interface language: `{n}` is `n`, and `{s}` the English
    /// plural ending (`"{n} file{s}"` / `"{n} 个文件"`).
    pub fn count(&self, n: usize) -> String {
        self.f(&[("n", &n), ("s", &plural(n))])
    }

    /// The text in the interface language with `{name}` placeholders filled in; values may be
    /// anything printable: `t::X.f(&[("path", &path.display())])`.
    pub fn f(&self, args: &[(&str, &dyn std::fmt::Display)]) -> String {
        fill_in(self.s(), |name| {
            args.iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| v.to_string())
        })
    }

    /// The text with its values, still untranslated: a [`Msg`] that errors and reports carry
    /// and that is put into a language only when it is shown.
    pub fn m(&'static self, args: &[(&str, &dyn std::fmt::Display)]) -> Msg {
        Msg(Kind::Text(
            self,
            args.iter()
                .map(|(n, v)| ((*n).to_string(), Arg::Plain(v.to_string())))
                .collect(),
        ))
    }

    /// [`Text::count`], untranslated.
    pub fn count_m(&'static self, n: usize) -> Msg {
        self.m(&[("n", &n), ("s", &plural(n))])
    }

    /// The code of the text for programs: its name in lower case (`target_not_empty`).
    pub fn code(&self) -> String {
        self.code.to_ascii_lowercase()
    }
}

/// A message that is translated only when it is shown: a [`Text`] with its values (which may be
/// messages themselves), or text that is the same in every language (another program's output, a
/// path). Errors, notes and report details hold these, so the printer shows them in the
/// interface language and reports for programs carry their code and English text whatever
/// `--lang` is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Msg(Kind);

#[derive(Debug, Clone, PartialEq, Eq)]
enum Kind {
    Text(&'static Text, Vec<(String, Arg)>),
    Plain(String),
    Join(Vec<Msg>, &'static Text),
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Arg {
    Plain(String),
    Msg(Msg),
}

impl Msg {
    /// Text that is the same in every language (a name, a path, another program's output).
    pub fn plain(text: impl Into<String>) -> Self {
        Msg(Kind::Plain(text.into()))
    }

    /// `parts` joined by `separator` (a text such as `；` / `; `).
    pub fn join(parts: Vec<Msg>, separator: &'static Text) -> Self {
        Msg(Kind::Join(parts, separator))
    }

    /// Adds a value that is itself a message, so it is translated with the rest (plain text
    /// and joins have no placeholders: they stay as they are).
    pub fn with(mut self, name: &str, value: impl Into<Msg>) -> Self {
        if let Kind::Text(_, args) = &mut self.0 {
            args.retain(|(n, _)| n != name);
            args.push((name.to_string(), Arg::Msg(value.into())));
        }
        self
    }

    /// The message in `lang` (`zh`, or English for anything else).
    pub fn in_lang(&self, lang: &str) -> String {
        match &self.0 {
            Kind::Plain(text) => text.clone(),
            Kind::Join(parts, separator) => parts
                .iter()
                .map(|p| p.in_lang(lang))
                .collect::<Vec<_>>()
                .join(separator.get(lang)),
            Kind::Text(text, args) => fill_in(text.get(lang), |name| {
                args.iter().find(|(n, _)| n == name).map(|(_, v)| match v {
                    Arg::Plain(s) => s.clone(),
                    Arg::Msg(m) => m.in_lang(lang),
                })
            }),
        }
    }

    /// The message in English, for reports that programs read.
    pub fn en(&self) -> String {
        self.in_lang("en")
    }

    /// The code of the text (`target_not_empty`), or `None` for plain text.
    pub fn code(&self) -> Option<String> {
        match &self.0 {
            Kind::Text(text, _) => Some(text.code()),
            Kind::Join(parts, _) => parts.first().and_then(Msg::code),
            Kind::Plain(_) => None,
        }
    }
}

impl From<&'static Text> for Msg {
    fn from(text: &'static Text) -> Self {
        Msg(Kind::Text(text, Vec::new()))
    }
}

/// Shown in the interface language.
impl std::fmt::Display for Msg {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.in_lang(lang()))
    }
}

/// `text` with each `{name}` that `value` knows replaced, in one pass: a value that contains
/// `{…}` itself (a user's answer, a path) is left as it is.
fn fill_in(text: &str, value: impl Fn(&str) -> Option<String>) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find('{') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        match after
            .find('}')
            .and_then(|j| value(&after[..j]).map(|v| (j, v)))
        {
            Some((j, v)) => {
                out.push_str(&v);
                rest = &after[j + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Declares texts: `NAME: "中文", "English";`, plus `ALL` listing them for the tests.
macro_rules! texts {
    ($($name:ident: $zh:literal, $en:literal;)*) => {
        $(pub static $name: $crate::messages::Text =
            $crate::messages::Text { code: stringify!($name), zh: $zh, en: $en };)*
        /// Every text of this group, for the completeness test.
        #[allow(dead_code)]
        pub static ALL: &[(&str, &$crate::messages::Text)] = &[$((stringify!($name), &$name)),*];
    };
}
pub(crate) use texts;

/// Every text of every group, for the completeness test.
pub fn all() -> Vec<(&'static str, &'static Text)> {
    [ALL, generate::ALL, teach::ALL, templates::ALL, verify::ALL].concat()
}

texts! {
    LIST_HEADER: "名称", "NAME";
    LIST_CATEGORY: "类别", "CATEGORY";
    LIST_SUMMARY: "简介", "SUMMARY";
    INFO_VARIABLES: "变量：", "Variables:";
    INFO_DEPENDENCIES: "Python 依赖：", "Python dependencies:";
    INFO_FILES: "文件（默认回答时共 {count} 个）：", "Files ({count} with the defaults):";
    INFO_ONLY_IF: "仅当 {condition}：{paths}", "only if {condition}: {paths}";
    INFO_VARIANTS: "`pystart verify` 额外测试的变体：", "Variants `pystart verify` tests besides the defaults:";
    INFO_SIZE: "；连同开发工具约 {mb} MB", "; about {mb} MB installed with the dev tools";
    INFO_DERIVED: "由 project_name 推导（此处为 `{value}`）", "derived from project_name (here `{value}`)";
    INFO_DEFAULT: "默认 `{value}`", "default `{value}`";
    INFO_REQUIRED: "必填", "required";
    INFO_ONE_OF: "；可选 {choices}", "; one of {choices}";
    INFO_MATCHES: "；须匹配 `{regex}`", "; matches `{regex}`";
    NEW_WOULD_CREATE: "将从模板 `{template}` 创建 `{path}`（{count} 个文件，{bytes} 字节）：", "Would create `{path}` from template `{template}` ({count} files, {bytes} bytes):";
    NEW_WOULD_GIT: "以及一个 git 仓库（分支 `main`，一次提交）", "and a git repository on branch `main` with one commit";
    NEW_WOULD_NO_GIT: "不创建 git 仓库（{why}）", "without a git repository ({why})";
    NEW_NOTHING_WRITTEN: "没有写入任何文件（--dry-run）。", "Nothing was written (--dry-run).";
    NEW_CREATED: "已创建", "Created";
    NEW_CREATED_LINE: "`{path}`（模板 `{template}`）：{count} 个文件，{git}", "`{path}` from template `{template}`: {count} files, {git}";
    NEW_GIT: "一个 git 仓库（分支 `main`，一次提交）", "a git repository on `main` with one commit";
    NEW_NO_GIT: "没有 git 仓库（{why}）", "no git repository ({why})";
    NEW_NEXT_STEPS: "下一步：", "Next steps:";
    NEW_DEMO_COMMENT: "# 离线演示，结果写入 outputs/", "# offline demo, writes outputs/";
    NEW_TESTS_COMMENT: "# 运行测试", "# tests";
    NEW_OFFER_SETUP: "现在就创建 .venv、安装并运行一次测试吗？（即 pystart setup）", "Create .venv, install and run the tests once now (pystart setup)?";
    NEW_PS_POLICY_COMMENT: "# 若提示禁止运行脚本：Set-ExecutionPolicy -Scope CurrentUser RemoteSigned", "# if running scripts is disabled: Set-ExecutionPolicy -Scope CurrentUser RemoteSigned";
    CHOOSE_TEMPLATE: "选择一个模板（输入文字可筛选）", "Choose a template (type to filter)";
    CATEGORY_DATA: "数据分析", "data";
    CATEGORY_ML: "机器学习", "ML";
    CATEGORY_WEB: "Web", "Web";
    CATEGORY_CRAWLER: "爬虫", "crawler";
    CATEGORY_CONCEPTS: "概念", "concepts";
}

/// The candidate closest to `name` when it is close enough to be a slip of the keyboard, for
/// "did you mean" hints.
pub fn closest<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (edit_distance(c, name), c))
        .filter(|(d, c)| *d <= 2.max(c.chars().count() / 3))
        .min()
        .map(|(_, c)| c)
}

/// Levenshtein distance.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur.push((prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}

/// `"s"` unless `n` is 1: `format!("{n} file{}", plural(n))`.
pub fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn placeholders(s: &str) -> Vec<String> {
        let mut out: Vec<String> = s
            .split('{')
            .skip(1)
            .filter_map(|rest| rest.split_once('}').map(|(name, _)| name.to_string()))
            .collect();
        out.sort();
        out
    }

    #[test]
    fn every_text_exists_in_both_languages_with_the_same_placeholders() {
        for (name, text) in all() {
            assert!(!text.zh.trim().is_empty(), "{name}: no Chinese text");
            assert!(!text.en.trim().is_empty(), "{name}: no English text");
            // `{s}` is the English plural ending (`printer::plural`); Chinese has none.
            let english: Vec<String> = placeholders(text.en)
                .into_iter()
                .filter(|p| p != "s")
                .collect();
            assert_eq!(
                placeholders(text.zh),
                english,
                "{name}: the languages use different placeholders"
            );
        }
    }

    #[test]
    fn filled_values_are_not_searched_for_placeholders() {
        assert_eq!(
            INFO_ONLY_IF.fill("en", &[("condition", "{paths}"), ("paths", "a/**")]),
            "only if {paths}: a/**"
        );
        assert_eq!(
            INFO_DEFAULT.fill("en", &[("other", "x")]),
            "default `{value}`"
        );
    }

    #[test]
    fn a_message_is_translated_when_shown_and_keeps_its_code() {
        let m = INFO_FILES.m(&[("count", &3)]);
        assert_eq!(m.in_lang("zh"), "文件（默认回答时共 3 个）：");
        assert_eq!(m.en(), "Files (3 with the defaults):");
        assert_eq!(m.code().as_deref(), Some("info_files"));
        // A value that is a message itself follows the language of the whole.
        let nested = Msg::from(&INFO_ONLY_IF)
            .with("condition", INFO_DEFAULT.m(&[("value", &"x")]))
            .with("paths", Msg::plain("a/**"));
        assert_eq!(nested.en(), "only if default `x`: a/**");
        assert_eq!(nested.in_lang("zh"), "仅当 默认 `x`：a/**");
        let joined = Msg::join(vec![Msg::plain("a"), (&LIST_HEADER).into()], &LIST_SUMMARY);
        assert_eq!(joined.en(), "aSUMMARYNAME");
        assert_eq!(joined.code(), None);
        assert_eq!(Msg::plain("{x}").in_lang("zh"), "{x}");
    }

    #[test]
    fn edit_distance_counts_single_edits_and_closest_stays_close() {
        assert_eq!(edit_distance("titanic", "titanic"), 0);
        assert_eq!(edit_distance("titanic", "titanik"), 1);
        assert_eq!(edit_distance("nba", "nab"), 2);
        assert_eq!(closest("levle", ["level", "lang"]), Some("level"));
        assert_eq!(closest("colour", ["level", "lang"]), None);
    }

    #[test]
    fn fill_replaces_placeholders() {
        assert_eq!(
            INFO_FILES.fill("zh", &[("count", "3")]),
            "文件（默认回答时共 3 个）："
        );
        assert_eq!(
            INFO_FILES.fill("en", &[("count", "3")]),
            "Files (3 with the defaults):"
        );
    }
}
