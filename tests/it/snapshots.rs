//! What a user reads, fixed in snapshots (the `insta` crate; `tests/it/snapshots/`): the help,
//! the errors with their hints and the summaries of `new`, in English and in Chinese. A change
//! to any of them shows up as a diff to review (`cargo insta review`, or INSTA_UPDATE=always to
//! accept).

use crate::common::{Sandbox, stderr_of, stdout_of};

/// Help is wrapped to the terminal: a fixed width keeps it comparable.
fn run(s: &Sandbox, lang: &str, args: &[&str]) -> std::process::Output {
    s.pystart(args)
        .env("PYSTART_LANG", lang)
        .env("COLUMNS", "100")
        .output()
        .unwrap()
}

#[test]
fn help_in_both_languages() {
    let s = Sandbox::new();
    for lang in ["en", "zh"] {
        for args in [
            &["--help"][..],
            &["verify", "--help"],
            &["cache", "--help"],
            &["cache", "clean", "--help"],
        ] {
            let out = run(&s, lang, args);
            assert!(out.status.success(), "{}", stderr_of(&out));
            let name = format!("help_{lang}_{}", args[..args.len() - 1].join("_"));
            let name = name.trim_end_matches('_').to_string();
            insta::assert_snapshot!(name, stdout_of(&out));
        }
    }
}

#[test]
fn errors_and_their_hints_in_both_languages() {
    let s = Sandbox::new();
    for lang in ["en", "zh"] {
        for (name, args) in [
            ("unknown_template", &["new", "titanik", "x", "--yes"][..]),
            (
                "unknown_variable",
                &["new", "titanic", "x", "--yes", "--set", "colour=red"],
            ),
            ("no_template", &["new", "--yes"]),
            ("bad_age", &["cache", "clean", "--older-than", "soon"]),
            (
                "no_variant",
                &["verify", "--matrix", "titanic", "--variant", "nope"],
            ),
        ] {
            let out = run(&s, lang, args);
            assert!(!out.status.success());
            let text = format!("exit code: {:?}\n{}", out.status.code(), stderr_of(&out));
            insta::assert_snapshot!(format!("error_{lang}_{name}"), text);
        }
    }
}

/// The summary a learner reads after `new` (what was created, the next steps). The file count
/// is replaced, since it follows the template's contents.
#[test]
fn summaries_of_new_in_both_languages() {
    let s = Sandbox::new();
    let count = regex::Regex::new(r"\d+ (files|个文件)").unwrap();
    for lang in ["en", "zh"] {
        let dir = format!("proj_{lang}");
        let out = run(&s, lang, &["new", "weather", &dir, "--yes", "--no-git"]);
        assert!(out.status.success(), "{}", stderr_of(&out));
        let text = format!("stdout:\n{}stderr:\n{}", stdout_of(&out), stderr_of(&out));
        let text = count.replace_all(&text, "N $1");
        insta::assert_snapshot!(format!("summary_{lang}_new"), text);
    }
}
