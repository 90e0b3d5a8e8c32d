//! Interactive flows, through a pseudo-terminal: choosing a template, a rejected package name
//! then a good one, and Ctrl-C leaving nothing behind.
#![cfg(unix)]

use crate::common::Sandbox;
use rexpect::session::{PtySession, spawn_command};

fn session(s: &Sandbox, args: &[&str]) -> PtySession {
    session_in(s, args, None)
}

/// [`session`] with `PYSTART_LANG` set to `lang` (unset with `None`).
fn session_in(s: &Sandbox, args: &[&str], lang: Option<&str>) -> PtySession {
    let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("pystart"));
    cmd.args(args)
        .current_dir(s.path())
        .env("HOME", s.home())
        .env("XDG_CONFIG_HOME", s.home().join(".config"))
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("LANG", "C.UTF-8")
        .env("TERM", "xterm")
        .env("NO_COLOR", "1");
    match lang {
        Some(lang) => cmd.env("PYSTART_LANG", lang),
        None => cmd.env_remove("PYSTART_LANG"),
    };
    spawn_command(cmd, Some(30_000)).expect("spawn pystart in a pty")
}

/// Types `keys` and makes sure they are sent now.
fn keys(p: &mut PtySession, keys: &str) {
    p.send(keys).unwrap();
    p.flush().unwrap();
}

#[test]
fn choose_a_template_then_answer_with_a_rejected_name_first() {
    let s = Sandbox::with_git_user("Ada Lovelace", "ada@example.com");
    let mut p = session(&s, &["new"]);
    p.exp_string("Choose a template").unwrap();
    keys(&mut p, "knn_dig");
    p.exp_string("knn_digits").unwrap();
    keys(&mut p, "\r");
    p.exp_string("Project name").unwrap();
    keys(&mut p, "digits\r");
    p.exp_string("Python import package").unwrap();
    // A keyword is refused with the reason; the prompt asks again.
    keys(&mut p, "\u{15}class\r");
    p.exp_string("keyword").unwrap();
    keys(&mut p, "\u{15}my_digits\r");
    for prompt in [
        "Author",
        "Email",
        "Language",
        "One-line description",
        "Include concepts",
    ] {
        p.exp_string(prompt).unwrap();
        keys(&mut p, "\r");
    }
    p.exp_string("Created").unwrap();
    p.exp_string("python -m my_digits demo").unwrap();
    // Setting up right away is offered; the default is no.
    p.exp_string("Create .venv, install and run the tests once now")
        .unwrap();
    keys(&mut p, "\r");
    p.exp_eof().unwrap();
    assert!(!s.join("digits/.venv").exists());
    assert!(
        s.join("digits/src/my_digits/knn.py").is_file()
            || s.join("digits/src/my_digits/__init__.py").is_file()
    );
    let answers = std::fs::read_to_string(s.join("digits/.pystart.toml")).unwrap();
    assert!(answers.contains("template = \"knn_digits\""));
    assert!(answers.contains("package = \"my_digits\""));
    assert!(answers.contains("author = \"Ada Lovelace\""));
}

#[test]
fn ctrl_c_at_a_prompt_leaves_nothing_behind() {
    let s = Sandbox::with_git_user("Ada Lovelace", "ada@example.com");
    let mut p = session(&s, &["new", "titanic", "proj"]);
    p.exp_string("Project name").unwrap();
    p.send_control('c').unwrap();
    p.exp_eof().unwrap();
    let left: Vec<_> = std::fs::read_dir(s.path()).unwrap().flatten().collect();
    assert!(left.is_empty(), "left behind: {left:?}");
}

#[test]
fn update_asks_only_for_variables_new_in_the_template() {
    let s = Sandbox::with_git_user("Ada Lovelace", "ada@example.com");
    let t = crate::common::fixture_template(s.path());
    crate::common::new_from_fixture(&s, &t, &[]);
    let manifest = std::fs::read_to_string(t.join("template.toml")).unwrap();
    std::fs::write(
        t.join("template.toml"),
        manifest.replacen(
            "[[variants]]",
            "[variables.colour]\ntype = \"string\"\ndefault = \"red\"\nprompt.en = \"Favourite colour\"\nprompt.zh = \"颜色\"\n\n[[variants]]",
            1,
        ),
    )
    .unwrap();
    crate::common::write(&t, "files/colour.txt.tera", "{{ colour }}\n");
    let mut p = session(&s, &["update", "proj"]);
    p.exp_string("Favourite colour").unwrap();
    keys(&mut p, "\u{15}green\r");
    p.exp_string("Updated").unwrap();
    p.exp_eof().unwrap();
    assert_eq!(
        std::fs::read_to_string(s.join("proj/colour.txt")).unwrap(),
        "green\n"
    );
}

/// `text` as the session reads it: rexpect turns each byte into one character.
fn raw(text: &str) -> String {
    text.bytes().map(char::from).collect()
}

#[test]
fn prompts_and_their_complaints_in_chinese() {
    let s = Sandbox::with_git_user("Ada Lovelace", "ada@example.com");
    let mut p = session_in(&s, &["new", "titanic", "proj"], Some("zh"));
    p.exp_string(&raw("项目名")).unwrap();
    keys(&mut p, "\r");
    p.exp_string(&raw("Python 包名（import 用）")).unwrap();
    // The reason and the fix, in Chinese; the prompt asks again.
    keys(&mut p, "\u{15}class\r");
    p.exp_string(&raw("是 Python 关键字（改用 --set package=class_app）"))
        .unwrap();
    keys(&mut p, "\u{15}titanic\r");
    p.exp_string(&raw("作者")).unwrap();
    p.send_control('c').unwrap();
    p.exp_eof().unwrap();
    let left: Vec<_> = std::fs::read_dir(s.path()).unwrap().flatten().collect();
    assert!(left.is_empty(), "left behind: {left:?}");
}

#[test]
fn a_yes_no_question_answers_in_chinese() {
    let s = Sandbox::with_git_user("Ada Lovelace", "ada@example.com");
    let mut p = session(
        &s,
        &[
            "--lang",
            "zh",
            "new",
            "titanic",
            "proj",
            "--no-git",
            "--set",
            "project_name=proj",
            "--set",
            "package=proj",
            "--set",
            "lang=zh",
            "--set",
            "description=d",
            "--set",
            "with_concepts=false",
        ],
    );
    // Author and email are asked with the git identity as default: take them.
    p.exp_string(&raw("作者")).unwrap();
    keys(&mut p, "\r");
    p.exp_string(&raw("邮箱")).unwrap();
    keys(&mut p, "\r");
    p.exp_string(&raw("包含 Jupyter 探索笔记本？")).unwrap();
    keys(&mut p, "\r");
    p.exp_string(&raw("· 是")).unwrap();
    p.exp_string(&raw("现在就创建 .venv、安装并运行一次测试吗？"))
        .unwrap();
    keys(&mut p, "n");
    p.exp_string(&raw("· 否")).unwrap();
    p.exp_eof().unwrap();
    assert!(s.join("proj/notebooks").is_dir());
}

#[test]
fn one_more_key_sets_the_project_up_and_no_demo_line_without_a_demo() {
    if std::env::var_os("PYSTART_SKIP_VERIFY").is_some_and(|v| v != "0") {
        eprintln!("skipped: PYSTART_SKIP_VERIFY is set (setup installs from the package index)");
        return;
    }
    let s = Sandbox::with_git_user("Ada Lovelace", "ada@example.com");
    let t = crate::common::fixture_template(s.path());
    let manifest = std::fs::read_to_string(t.join("template.toml")).unwrap();
    let without_demo: String = manifest
        .lines()
        .filter(|l| !l.starts_with("demo ="))
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(t.join("template.toml"), without_demo).unwrap();
    let mut args = vec!["new", "--template", t.to_str().unwrap(), "proj"];
    for set in [
        "project_name=proj",
        "package=proj",
        "author=Ada",
        "email=ada@example.com",
        "lang=en",
        "description=d",
        "with_concepts=false",
        "broken=false",
        "online=false",
    ] {
        args.extend(["--set", set]);
    }
    let mut p = session(&s, &args);
    p.exp_string("Next steps").unwrap();
    let before = p
        .exp_string("Create .venv, install and run the tests once now")
        .unwrap();
    assert!(!before.contains("demo"), "{before}");
    keys(&mut p, "y");
    let (log, _) = p.exp_regex(r"\d+ passed").unwrap();
    p.exp_eof().unwrap();
    assert!(s.join("proj/.venv").is_dir(), "{log}");
}

/// The visible text of terminal output: escape sequences dropped.
fn visible(raw_text: &str) -> String {
    let mut out = String::new();
    let mut chars = raw_text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            if chars.peek() == Some(&'[') {
                chars.next();
                for c in chars.by_ref() {
                    if c.is_ascii_alphabetic() {
                        break;
                    }
                }
            }
        } else if c != '\r' {
            out.push(c);
        }
    }
    out
}

#[test]
fn the_chooser_aligns_chinese_categories_and_fits_the_terminal() {
    let s = Sandbox::new();
    let mut p = session_in(&s, &["new"], Some("zh"));
    p.exp_string(&raw("选择一个模板")).unwrap();
    // Templates whose names have an underscore: ML (机器学习), web and crawlers (爬虫).
    keys(&mut p, "_");
    let shown = p.exp_string("zhihu_images").unwrap();
    // rexpect hands back bytes as characters: decode them as UTF-8.
    let bytes: Vec<u8> = format!("{shown}zhihu_images")
        .chars()
        .map(|c| c as u32 as u8)
        .collect();
    let text = visible(&String::from_utf8_lossy(&bytes));
    let mut columns = Vec::new();
    for name in ["knn_digits", "django_blog", "weibo_hot", "zhihu_images"] {
        let line = text
            .lines()
            .rev()
            .find(|l| l.contains(name) && l.contains(' '))
            .unwrap_or_else(|| panic!("{name} not shown:\n{text}"));
        let before = &line[..line.find(name).unwrap()];
        columns.push((name, console::measure_text_width(before), line.to_string()));
    }
    for (name, col, line) in &columns {
        assert_eq!(
            *col, columns[0].1,
            "{name} starts at another column:\n{line}\n{}",
            columns[0].2
        );
        assert!(console::measure_text_width(line) <= 80, "wraps: {line}");
    }
    p.send_control('c').unwrap();
    p.exp_eof().unwrap();
}

#[test]
fn a_custom_templates_code_runs_after_a_yes_on_the_terminal() {
    let s = Sandbox::new();
    let t = crate::common::fixture_template(s.path());
    let t = t.to_str().unwrap();
    // No: nothing runs.
    let mut p = session(&s, &["verify", t, "--python", "/nonexistent/python3"]);
    p.exp_string("is not one of pystart's. Run its code (install, tests, demo)?")
        .unwrap();
    keys(&mut p, "n");
    p.exp_string("error: the code of template `fixture_tpl` was not run")
        .unwrap();
    p.exp_string("--trust").unwrap();
    p.exp_eof().unwrap();
    // Yes: verify goes on (and stops at the missing interpreter).
    let mut p = session(&s, &["verify", t, "--python", "/nonexistent/python3"]);
    p.exp_string("Run its code").unwrap();
    keys(&mut p, "y");
    p.exp_string("/nonexistent/python3").unwrap();
    p.exp_eof().unwrap();
}
