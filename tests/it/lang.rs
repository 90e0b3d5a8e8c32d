//! The interface language: `--lang` (anywhere on the command line) before `PYSTART_LANG`, the
//! configuration file and the locale; it governs `--help`, messages and new projects.

use crate::common::{Sandbox, stderr_of, stdout_of};
use std::fs;

#[test]
fn help_follows_the_language() {
    let s = Sandbox::new();
    let zh = stdout_of(&s.pystart(&["--lang", "zh", "--help"]).output().unwrap());
    assert!(zh.contains("用法：pystart"), "{zh}");
    assert!(zh.contains("从模板创建项目"), "{zh}");
    assert!(!zh.contains("Create a project from a template"), "{zh}");

    // The flag after the command, and the environment, work the same way.
    let zh = stdout_of(
        &s.pystart(&["verify", "--help", "--lang=zh"])
            .output()
            .unwrap(),
    );
    assert!(zh.contains("同时验证的模板变体数"), "{zh}");
    assert!(zh.contains("［默认：300］"), "{zh}");
    let out = s
        .pystart(&["new", "-h"])
        .env("LANG", "zh_CN.UTF-8")
        .output()
        .unwrap();
    assert!(
        stdout_of(&out).contains("什么都不问"),
        "{}",
        stdout_of(&out)
    );

    // English by default, and `--lang en` wins over a Chinese environment.
    let en = stdout_of(&s.pystart(&["--help"]).output().unwrap());
    assert!(en.contains("Usage: pystart"), "{en}");
    assert!(en.contains("Create a project from a template"), "{en}");
    let out = s
        .pystart(&["--lang", "en", "new", "--help"])
        .env("PYSTART_LANG", "zh")
        .output()
        .unwrap();
    assert!(
        stdout_of(&out).contains("Ask nothing"),
        "{}",
        stdout_of(&out)
    );
}

#[test]
fn the_language_of_a_new_project_follows_the_flag_then_the_environment() {
    let s = Sandbox::new();
    let readme = |dir: &str| fs::read_to_string(s.join(dir).join("README.md")).unwrap();
    let toml = |dir: &str| fs::read_to_string(s.join(dir).join(".pystart.toml")).unwrap();

    let out = s
        .pystart(&["--lang", "zh", "new", "titanic", "a", "--yes", "--no-git"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert!(toml("a").contains("lang = \"zh\""), "{}", toml("a"));
    assert!(readme("a").contains("泰坦尼克"), "{}", readme("a"));

    let out = s
        .pystart(&["new", "titanic", "b", "--yes", "--no-git", "--lang", "en"])
        .env("PYSTART_LANG", "zh")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert!(toml("b").contains("lang = \"en\""), "{}", toml("b"));

    // `--set lang=` still comes first: it is an answer, not the interface language.
    let out = s
        .pystart(&[
            "--lang", "zh", "new", "titanic", "c", "--yes", "--no-git", "--set", "lang=en",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert!(toml("c").contains("lang = \"en\""), "{}", toml("c"));
}

#[test]
fn an_unknown_language_is_a_usage_error_naming_the_choices() {
    let s = Sandbox::new();
    let out = s.pystart(&["--lang", "fr", "list"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = stderr_of(&out);
    assert!(
        err.contains("fr") && err.contains("zh") && err.contains("en"),
        "{err}"
    );
}
