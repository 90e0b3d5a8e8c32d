//! `pystart update`: a project follows its template with git's 3-way merge.

use crate::common::{
    Sandbox, fixture_template, git, new_from_fixture, stderr_of, stdout_of, write,
};
use std::fs;

const README: &str = "# {{ project_name }}\n\nIntro line.\n\nMiddle line.\n\nLast line.\n";

fn update(s: &Sandbox, extra: &[&str]) -> std::process::Output {
    let mut args = vec!["update", "proj"];
    args.extend(extra);
    s.pystart(&args).output().unwrap()
}

#[test]
fn updates_merge_template_changes_with_the_learners() {
    let s = Sandbox::with_git_user("Learner", "learner@example.com");
    let t = fixture_template(s.path());
    write(&t, "files/README.md.tera", README);
    write(&t, "files/notes.txt", "notes\n");
    write(&t, "files/old.txt", "to be dropped\n");
    new_from_fixture(&s, &t, &[]);
    let p = s.join("proj");
    assert_eq!(git(&p, &["branch", "--list", "pystart"]), "pystart");

    // Nothing changed yet: a no-op, and --check says so.
    let out = update(&s, &[]);
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert!(stderr_of(&out).contains("up to date"));
    assert_eq!(update(&s, &["--check"]).status.code(), Some(0));

    // The learner edits the end of README, deletes notes.txt, commits.
    let readme = fs::read_to_string(p.join("README.md")).unwrap();
    fs::write(
        p.join("README.md"),
        readme.replace("Last line.", "Last line, my way."),
    )
    .unwrap();
    fs::remove_file(p.join("notes.txt")).unwrap();
    git(&p, &["commit", "-qam", "my changes"]);

    // The template changes the top of README, drops old.txt, adds a file with a new variable.
    write(
        &t,
        "files/README.md.tera",
        &README.replace("Intro line.", "Intro line, improved."),
    );
    fs::remove_file(t.join("files/old.txt")).unwrap();
    let manifest = fs::read_to_string(t.join("template.toml")).unwrap();
    fs::write(
        t.join("template.toml"),
        manifest.replacen(
            "[[variants]]",
            "[variables.colour]\ntype = \"string\"\ndefault = \"red\"\n\n[[variants]]",
            1,
        ),
    )
    .unwrap();
    write(&t, "files/colour.txt.tera", "{{ colour }}\n");

    let out = update(&s, &["--check"]);
    assert_eq!(out.status.code(), Some(3), "{}", stderr_of(&out));
    let err = stderr_of(&out);
    assert!(err.contains("an update is available"), "{err}");
    assert!(
        !err.contains("error:"),
        "an available update is no error: {err}"
    );

    let out = update(&s, &["--dry-run", "--json", "--set", "colour=blue"]);
    assert!(out.status.success(), "{}", stderr_of(&out));
    let plan: serde_json::Value = serde_json::from_str(&stdout_of(&out)).unwrap();
    assert_eq!(plan["changes"]["removed"], serde_json::json!(["old.txt"]));
    assert_eq!(plan["changes"]["merged"], serde_json::json!(["README.md"]));
    assert_eq!(
        git(&p, &["status", "--porcelain"]),
        "",
        "dry run touched nothing"
    );

    let out = update(&s, &["--set", "colour=blue"]);
    assert!(out.status.success(), "{}", stderr_of(&out));
    let readme = fs::read_to_string(p.join("README.md")).unwrap();
    assert!(
        readme.contains("Intro line, improved.") && readme.contains("Last line, my way."),
        "{readme}"
    );
    assert!(
        !p.join("old.txt").exists(),
        "a file the template dropped is gone"
    );
    assert!(
        !p.join("notes.txt").exists(),
        "a file the learner deleted stays deleted"
    );
    assert_eq!(fs::read_to_string(p.join("colour.txt")).unwrap(), "blue\n");
    assert_eq!(git(&p, &["status", "--porcelain"]), "");
    assert!(git(&p, &["log", "-1", "--format=%s"]).starts_with("pystart update"));

    // Updating again changes nothing.
    let head = git(&p, &["rev-parse", "HEAD"]);
    let out = update(&s, &[]);
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert!(
        stderr_of(&out).contains("nothing to do"),
        "{}",
        stderr_of(&out)
    );
    assert_eq!(git(&p, &["rev-parse", "HEAD"]), head);
}

#[test]
fn the_same_lines_changed_on_both_sides_leave_conflict_markers() {
    let s = Sandbox::with_git_user("Learner", "learner@example.com");
    let t = fixture_template(s.path());
    new_from_fixture(&s, &t, &[]);
    let p = s.join("proj");
    let init = p.join("src/proj/__init__.py");
    fs::write(&init, "def answer():\n    return 45\n").unwrap();

    // A dirty work tree is refused.
    let out = update(&s, &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr_of(&out).contains("has uncommitted changes: src/proj/__init__.py"),
        "{}",
        stderr_of(&out)
    );
    git(&p, &["commit", "-qam", "my answer"]);

    write(
        &t,
        "files/src/{{package}}/__init__.py",
        "def answer():\n    return 44\n",
    );
    let out = update(&s, &[]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr_of(&out);
    assert!(
        err.contains("CONFLICT") && err.contains("src/proj/__init__.py"),
        "{err}"
    );
    assert!(
        err.contains("hint: edit the files between <<<<<<< and >>>>>>>"),
        "{err}"
    );
    let text = fs::read_to_string(&init).unwrap();
    assert!(
        text.contains("<<<<<<<") && text.contains("return 45") && text.contains("return 44"),
        "{text}"
    );
    assert!(p.join(".git/MERGE_HEAD").exists());
}

#[test]
fn update_speaks_chinese_when_asked() {
    let s = Sandbox::with_git_user("Learner", "learner@example.com");
    let out = s
        .pystart(&["update", "."])
        .env("PYSTART_LANG", "zh")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = stderr_of(&out);
    assert!(
        err.contains("error: `") && err.contains("` 不是 pystart 生成的项目："),
        "{err}"
    );
    assert!(
        err.contains("hint: 请在包含 .pystart.toml 的文件夹中运行 `pystart update`"),
        "{err}"
    );

    let t = fixture_template(s.path());
    new_from_fixture(&s, &t, &[]);
    let out = s
        .pystart(&["--lang", "zh", "update", "proj"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert!(
        stderr_of(&out).contains("`proj` 已与模板 `fixture_tpl` 保持一致：无需更新"),
        "{}",
        stderr_of(&out)
    );

    // The template changes: --check says so with exit code 3 (no error has it).
    write(&t, "files/NEWS.md", "news\n");
    let out = s
        .pystart(&["--lang", "zh", "update", "proj", "--check"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    let err = stderr_of(&out);
    assert!(err.contains("有可用的更新：模板 `fixture_tpl`"), "{err}");
    assert!(!err.contains("error:"), "{err}");
    assert!(
        err.contains("note: 运行 `pystart update --dry-run` 查看会有哪些变化"),
        "{err}"
    );

    // Uncommitted changes block it.
    fs::write(s.join("proj/README.md"), "mine\n").unwrap();
    let out = s
        .pystart(&["update", "proj"])
        .env("PYSTART_LANG", "zh")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = stderr_of(&out);
    assert!(
        err.contains("error: `proj` 有未提交的改动：README.md"),
        "{err}"
    );
    assert!(
        err.contains("hint: 先提交（`git commit -am \"…\"`）"),
        "{err}"
    );
    let out = update(&s, &[]);
    assert!(
        stderr_of(&out).contains("error: `proj` has uncommitted changes: README.md"),
        "{}",
        stderr_of(&out)
    );
}
