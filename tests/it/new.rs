//! `pystart new` against the real binary.

use crate::common::{Sandbox, files, stderr_of, stdout_of};
use std::fs;
use std::path::Path;

const NASTY_AUTHOR: &str = "O'Brien \"Bob\" \\ {{x}} {% raw %} </script> 🚀";
const NASTY_DESCRIPTION: &str = "Line one with \"quotes\", 'apostrophes' and \\backslash\\\nline two {{ braces }} {% if %} 🚢 </script>";

#[test]
fn generates_the_promised_file_set() {
    let s = Sandbox::new();
    s.ok(&["new", "titanic", "proj", "--yes", "--no-git"]);
    let got = files(&s.join("proj"));
    // Exactly what `info` promises for the same defaults.
    let info = s.pystart(&["info", "titanic", "--json"]).output().unwrap();
    let info: serde_json::Value = serde_json::from_slice(&info.stdout).unwrap();
    let promised: Vec<String> = info["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect();
    assert_eq!(got, promised);
    for must in [
        ".pystart.toml",
        ".gitignore",
        ".gitattributes",
        ".github/workflows/ci.yml",
        "README.md",
        "pyproject.toml",
        "src/titanic/__init__.py",
        "src/titanic/__main__.py",
        "src/titanic/cli.py",
        "data/sample/train.csv",
        "data/sample/test.csv",
        "tests/conftest.py",
        "notebooks/explore.ipynb",
        "concepts/run_checks.py",
        "concepts/gil.md",
        "concepts/checks/check_gil.py",
    ] {
        assert!(got.iter().any(|f| f == must), "missing {must} in {got:#?}");
    }
    assert!(
        !got.iter().any(|f| f.ends_with(".tera") || f.contains("{{")),
        "{got:#?}"
    );
    // The rendered package directory and the answers file agree.
    let answers = fs::read_to_string(s.join("proj/.pystart.toml")).unwrap();
    assert!(answers.contains("template = \"titanic\""));
}

#[test]
fn conditional_files_follow_their_variables() {
    let s = Sandbox::new();
    s.ok(&[
        "new",
        "titanic",
        "p",
        "--yes",
        "--no-git",
        "--set",
        "with_notebook=false",
        "--set",
        "with_concepts=false",
    ]);
    let got = files(&s.join("p"));
    assert!(!got.iter().any(|f| f.starts_with("notebooks/")), "{got:#?}");
    assert!(!got.iter().any(|f| f.starts_with("concepts/")), "{got:#?}");
    assert!(got.iter().any(|f| f == "src/titanic/cli.py"));
}

#[test]
fn concept_notes_follow_the_language() {
    let s = Sandbox::new();
    s.ok(&[
        "new", "titanic", "zh", "--yes", "--no-git", "--set", "lang=zh",
    ]);
    s.ok(&[
        "new", "titanic", "en", "--yes", "--no-git", "--set", "lang=en",
    ]);
    let zh = fs::read_to_string(s.join("zh/concepts/gil.md")).unwrap();
    let en = fs::read_to_string(s.join("en/concepts/gil.md")).unwrap();
    assert!(zh.contains("常见误解"), "the zh note is Chinese");
    assert!(
        en.contains("Common misconceptions"),
        "the en note is English"
    );
}

#[test]
fn creates_a_git_repo_with_one_commit_on_main_and_a_clean_status() {
    let s = Sandbox::new();
    s.ok(&[
        "new",
        "titanic",
        "--yes",
        "--set",
        "author=Ada Lovelace",
        "--set",
        "email=ada@example.com",
    ]);
    let repo = git2::Repository::open(s.join("titanic")).unwrap();
    let head = repo.head().unwrap();
    assert_eq!(head.shorthand().unwrap(), "main");
    let commit = head.peel_to_commit().unwrap();
    assert_eq!(commit.parent_count(), 0, "exactly one commit");
    assert!(commit.message().unwrap().starts_with(&format!(
        "Initial commit (pystart {}, template titanic)",
        env!("CARGO_PKG_VERSION")
    )));
    // No git config in the sandbox: the answers name the author.
    assert_eq!(commit.author().name().unwrap(), "Ada Lovelace");
    assert_eq!(commit.author().email().unwrap(), "ada@example.com");
    let mut opts = git2::StatusOptions::new();
    opts.include_untracked(true).include_ignored(false);
    let statuses = repo.statuses(Some(&mut opts)).unwrap();
    let dirty: Vec<_> = statuses
        .iter()
        .map(|e| e.path().unwrap().to_string())
        .collect();
    assert!(dirty.is_empty(), "not clean: {dirty:?}");
    // Everything generated is committed.
    let tree = commit.tree().unwrap();
    for f in files(&s.join("titanic")) {
        assert!(tree.get_path(Path::new(&f)).is_ok(), "{f} not committed");
    }
}

#[test]
fn git_config_names_the_committer_when_set() {
    let s = Sandbox::with_git_user("Grace Hopper", "grace@example.com");
    s.ok(&["new", "titanic", "--yes", "--set", "author=Ada"]);
    let repo = git2::Repository::open(s.join("titanic")).unwrap();
    let commit = repo.head().unwrap().peel_to_commit().unwrap();
    assert_eq!(commit.author().name().unwrap(), "Grace Hopper");
    // The git user is also the default author of the project.
    let s = Sandbox::with_git_user("Grace Hopper", "grace@example.com");
    s.ok(&["new", "titanic", "--yes", "--no-git"]);
    let answers = fs::read_to_string(s.join("titanic/.pystart.toml")).unwrap();
    assert!(answers.contains("author = \"Grace Hopper\""), "{answers}");
}

#[test]
fn skips_git_inside_an_existing_work_tree() {
    let s = Sandbox::new();
    git2::Repository::init(s.path()).unwrap();
    let out = s.ok(&["new", "titanic", "sub/proj", "--yes"]);
    assert!(!s.join("sub/proj/.git").exists());
    assert!(
        stderr_of(&out).contains("no git repository (inside the git work tree"),
        "{}",
        stderr_of(&out)
    );
}

#[test]
fn answers_file_reproduces_the_project_exactly() {
    let s = Sandbox::new();
    s.ok(&[
        "new",
        "titanic",
        "a",
        "--yes",
        "--no-git",
        "--set",
        &format!("author={NASTY_AUTHOR}"),
        "--set",
        &format!("description={NASTY_DESCRIPTION}"),
        "--set",
        "with_notebook=false",
        "--set",
        "lang=zh",
    ]);
    // The template name comes from the answers file.
    s.ok(&["new", "--answers", "a/.pystart.toml", "b", "--no-git"]);
    let a = files(&s.join("a"));
    assert_eq!(a, files(&s.join("b")));
    for f in &a {
        assert_eq!(
            fs::read(s.join("a").join(f)).unwrap(),
            fs::read(s.join("b").join(f)).unwrap(),
            "{f} differs"
        );
    }
}

#[test]
fn answers_file_for_another_template_is_refused() {
    let s = Sandbox::new();
    fs::write(s.join("a.toml"), "template = \"nba\"\n[answers]\n").unwrap();
    let out = s
        .pystart(&["new", "titanic", "--answers", "a.toml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr_of(&out).contains("error: the answers file is for template `nba`, not `titanic`")
    );
}

#[test]
fn refuses_a_non_empty_target_and_leaves_it_unchanged() {
    let s = Sandbox::new();
    fs::create_dir(s.join("titanic")).unwrap();
    fs::write(s.join("titanic/mine.txt"), "precious").unwrap();
    let out = s.pystart(&["new", "titanic", "--yes"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = stderr_of(&out);
    assert!(
        err.contains("error: target directory `titanic` already exists and is not empty"),
        "{err}"
    );
    assert!(err.contains("hint: "), "{err}");
    assert_eq!(files(&s.join("titanic")), ["mine.txt"]);
    assert_eq!(
        fs::read_to_string(s.join("titanic/mine.txt")).unwrap(),
        "precious"
    );
    assert_eq!(
        fs::read_dir(s.path()).unwrap().count(),
        1,
        "nothing else written"
    );
}

#[test]
fn uses_an_existing_empty_directory() {
    let s = Sandbox::new();
    fs::create_dir(s.join("empty")).unwrap();
    s.ok(&["new", "titanic", "empty", "--yes", "--no-git"]);
    assert!(s.join("empty/pyproject.toml").is_file());
}

#[test]
fn generates_into_the_current_directory_when_it_is_empty() {
    let s = Sandbox::new();
    fs::create_dir(s.join("here")).unwrap();
    let out = s
        .pystart(&["new", "titanic", ".", "--yes"])
        .current_dir(s.join("here"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let got = files(&s.join("here"));
    assert!(got.iter().any(|f| f == "pyproject.toml"), "{got:#?}");
    assert!(
        !got.iter().any(|f| f.contains(".pystart-")),
        "staging left: {got:#?}"
    );
    assert!(s.join("here/.git").is_dir());
    // Only `here` in the sandbox: nothing was staged beside it.
    assert_eq!(fs::read_dir(s.path()).unwrap().count(), 1);
}

#[cfg(target_os = "linux")]
#[test]
fn a_failure_half_way_leaves_nothing_behind() {
    // Root ignores read-only directories, so make the failure with path length instead: the
    // parent is so deep that the short top-level files fit under PATH_MAX and the nested ones
    // do not, so writing fails after some files were written. The two missing parents `x/y`
    // that pystart creates must be gone again too.
    let s = Sandbox::new();
    let mut parent = s.path().to_path_buf();
    let budget = 4095 - "/x/y/.p.pystart-1234567/.gitattributes".len();
    while parent.as_os_str().len() + 201 <= budget {
        parent.push("d".repeat(200));
    }
    let rest = budget - parent.as_os_str().len() - 1;
    parent.push("e".repeat(rest.max(1)));
    fs::create_dir_all(&parent).unwrap();
    let target = parent.join("x/y/p");
    let out = s
        .pystart(&["new", "titanic", target.to_str().unwrap(), "--yes"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr_of(&out));
    assert!(
        stderr_of(&out).contains("error: failed to"),
        "{}",
        stderr_of(&out)
    );
    assert_eq!(
        fs::read_dir(&parent).unwrap().count(),
        0,
        "something was left behind"
    );
}

#[test]
fn dry_run_writes_nothing_and_lists_the_files() {
    let s = Sandbox::new();
    let out = s.ok(&["new", "titanic", "--dry-run", "--yes"]);
    assert_eq!(fs::read_dir(s.path()).unwrap().count(), 0);
    let listing = stdout_of(&out);
    assert!(listing.contains("Would create `titanic`"), "{listing}");
    assert!(listing.contains("  pyproject.toml\n"), "{listing}");
    assert!(stderr_of(&out).contains("Nothing was written"));
}

#[test]
fn json_result_is_machine_readable() {
    let s = Sandbox::new();
    let out = s.ok(&["new", "titanic", "--yes", "--no-git", "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["template"], "titanic");
    assert_eq!(v["answers"]["package"], "titanic");
    assert_eq!(v["git"]["init"], false);
    assert!(v["files"].as_array().unwrap().len() > 10);
}

#[test]
fn adversarial_text_lands_intact_in_toml_and_python_compiles() {
    let s = Sandbox::new();
    s.ok(&[
        "new",
        "titanic",
        "p",
        "--yes",
        "--no-git",
        "--set",
        &format!("author={NASTY_AUTHOR}"),
        "--set",
        &format!("description={NASTY_DESCRIPTION}"),
    ]);
    let text = fs::read_to_string(s.join("p/pyproject.toml")).unwrap();
    let doc: toml::Table = toml::from_str(&text).unwrap();
    let project = doc["project"].as_table().unwrap();
    assert_eq!(project["description"].as_str(), Some(NASTY_DESCRIPTION));
    assert_eq!(
        project["authors"].as_array().unwrap()[0]["name"].as_str(),
        Some(NASTY_AUTHOR)
    );
    let answers: toml::Table =
        toml::from_str(&fs::read_to_string(s.join("p/.pystart.toml")).unwrap()).unwrap();
    assert_eq!(answers["answers"]["author"].as_str(), Some(NASTY_AUTHOR));
    // Every generated Python file compiles, and every JSON file parses.
    let py: Vec<String> = files(&s.join("p"))
        .into_iter()
        .filter(|f| f.ends_with(".py"))
        .collect();
    let status = std::process::Command::new("python3")
        .arg("-c")
        .arg("import ast,sys\nfor f in sys.argv[1:]: ast.parse(open(f,'rb').read(), f)")
        .args(&py)
        .current_dir(s.join("p"))
        .status()
        .unwrap();
    assert!(status.success());
    for f in files(&s.join("p")) {
        if f.ends_with(".json") || f.ends_with(".ipynb") {
            let text = fs::read_to_string(s.join("p").join(&f)).unwrap();
            serde_json::from_str::<serde_json::Value>(&text).unwrap_or_else(|e| panic!("{f}: {e}"));
        }
    }
}

#[test]
fn chinese_project_names_give_an_ascii_package() {
    let s = Sandbox::new();
    s.ok(&[
        "new",
        "titanic",
        "--yes",
        "--no-git",
        "--set",
        "project_name=泰坦尼克",
    ]);
    assert!(s.join("泰坦尼克/src/taitannike/__init__.py").is_file());
    let text = fs::read_to_string(s.join("泰坦尼克/pyproject.toml")).unwrap();
    assert!(text.contains("name = \"taitannike\""), "{text}");
}

#[test]
fn clashing_project_names_are_repaired_and_said() {
    let s = Sandbox::new();
    let out = s.ok(&[
        "new",
        "titanic",
        "--yes",
        "--no-git",
        "--set",
        "project_name=random",
    ]);
    assert!(s.join("random/src/random_app/cli.py").is_file());
    assert!(
        stderr_of(&out).contains("note: package `random` is the name of a standard-library module and would shadow it; using `random_app`"),
        "{}",
        stderr_of(&out)
    );
    let out = s.ok(&[
        "new",
        "titanic",
        "--yes",
        "--no-git",
        "--set",
        "project_name=class",
    ]);
    assert!(stderr_of(&out).contains("keyword"));
    assert!(s.join("class/src/class_app").is_dir());
}

#[test]
fn explicit_bad_packages_are_errors_with_a_fix() {
    let s = Sandbox::new();
    let out = s
        .pystart(&["new", "titanic", "--yes", "--set", "package=string"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = stderr_of(&out);
    assert!(
        err.contains("error: `package` = `string` is the name of a standard-library module"),
        "{err}"
    );
    assert!(err.contains("hint: use --set package=string_app"), "{err}");
    assert_eq!(fs::read_dir(s.path()).unwrap().count(), 0);
}

#[test]
fn path_like_project_names_are_errors() {
    let s = Sandbox::new();
    for bad in ["../evil", "a/b", ".."] {
        let out = s
            .pystart(&[
                "new",
                "titanic",
                "--yes",
                "--set",
                &format!("project_name={bad}"),
            ])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{bad}");
        assert!(
            stderr_of(&out).contains("error: `project_name`"),
            "{}",
            stderr_of(&out)
        );
    }
    assert_eq!(fs::read_dir(s.path()).unwrap().count(), 0);
}

#[test]
fn no_prompt_and_no_hang_without_a_terminal() {
    let s = Sandbox::new();
    // No --yes: stdin is closed, so defaults fill every value.
    let out = s
        .pystart(&["new", "titanic", "--no-git"])
        .write_stdin("")
        .timeout(std::time::Duration::from_secs(30))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert!(s.join("titanic/pyproject.toml").is_file());
}

#[test]
fn bad_values_name_the_field_and_the_fix() {
    let s = Sandbox::new();
    let cases: &[(&[&str], i32, &str, &str)] = &[
        (
            &["new", "titanic", "--yes", "--set", "with_notebook=maybe"],
            1,
            "error: `with_notebook` must be true or false, not `maybe`",
            "hint: use --set with_notebook=true or --set with_notebook=false",
        ),
        (
            &["new", "titanic", "--yes", "--set", "lang=fr"],
            1,
            "error: `lang` must be one of zh, en, not `fr`",
            "hint: use --set lang=<zh|en>",
        ),
        (
            &["new", "titanic", "--yes", "--set", "colour=blue"],
            1,
            "error: unknown variable `colour` (this template's variables are ",
            "hint: see what each variable means with `pystart info TEMPLATE`",
        ),
        (
            &["new", "titanic", "--yes", "--set", "novalue"],
            2,
            "error: --set expects NAME=VALUE, got `novalue`",
            "hint:",
        ),
        (
            &["new", "titanik", "--yes"],
            1,
            "error: unknown template `titanik`",
            "hint: did you mean `titanic`?",
        ),
        (
            &["new", "titanic", "--yes", "--set", "email=ada"],
            1,
            "error: `email` = `ada` is not an email address",
            "hint: pass --set email=you@example.com",
        ),
        (&["new"], 2, "error: missing the template name", "hint:"),
        (&["frobnicate"], 2, "error:", "Usage:"),
    ];
    for (args, code, error, hint) in cases {
        let out = s.pystart(args).output().unwrap();
        let err = stderr_of(&out);
        assert_eq!(out.status.code(), Some(*code), "{args:?}: {err}");
        assert!(err.contains(error), "{args:?}: {err}");
        assert!(err.contains(hint), "{args:?}: {err}");
    }
    assert_eq!(fs::read_dir(s.path()).unwrap().count(), 0);
}

#[test]
fn errors_hints_and_notes_follow_the_interface_language() {
    let s = Sandbox::new();
    let cases: &[(&[&str], &str, &str, &str)] = &[
        (
            &["new", "titanic", "--yes", "--set", "package=class"],
            "error: `package` = `class` 是 Python 关键字",
            "hint: 改用 --set package=class_app",
            "error: `package` = `class` is a Python keyword",
        ),
        (
            &["new", "titanic", "--yes", "--set", "email=ada"],
            "error: `email` = `ada` 不是有效的邮箱地址",
            "hint: 传入 --set email=you@example.com",
            "error: `email` = `ada` is not an email address",
        ),
        (
            &["new", "titanic", "--yes", "--set", "with_notebook=maybe"],
            "error: `with_notebook` 应为 true 或 false，而不是 `maybe`",
            "hint: 用 --set with_notebook=true 或 --set with_notebook=false",
            "error: `with_notebook` must be true or false, not `maybe`",
        ),
        (
            &["new", "titanik", "--yes"],
            "error: 未知模板 `titanik`",
            "hint: 是不是 `titanic`？",
            "error: unknown template `titanik`",
        ),
        (
            &["new", "titanic", "--yes", "--set", "novalue"],
            "error: --set 需要 NAME=VALUE，收到的是 `novalue`",
            "hint: 例如 --set author=\"Ada Lovelace\"",
            "error: --set expects NAME=VALUE, got `novalue`",
        ),
        (
            &["new", "titanic", "--yes", "--set", "project_name=a/b"],
            "error: `project_name` = `a/b` 含有路径分隔符",
            "hint: 要在别处创建项目，请把路径作为第二个参数",
            "error: `project_name` = `a/b` contains a path separator",
        ),
    ];
    for (args, zh_error, zh_hint, en_error) in cases {
        let zh = s.pystart(args).env("PYSTART_LANG", "zh").output().unwrap();
        let err = stderr_of(&zh);
        assert!(!zh.status.success(), "{args:?}");
        assert!(err.contains(zh_error), "{args:?}: {err}");
        assert!(err.contains(zh_hint), "{args:?}: {err}");
        let en = stderr_of(&s.pystart(args).output().unwrap());
        assert!(en.contains(en_error), "{args:?}: {en}");
        assert!(
            !en.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
            "{en}"
        );
    }
    assert_eq!(fs::read_dir(s.path()).unwrap().count(), 0);

    // A repair is a note in Chinese; the JSON result keeps its English notes.
    let args = [
        "new",
        "titanic",
        "--yes",
        "--dry-run",
        "--set",
        "project_name=random",
        "--lang",
        "zh",
    ];
    let out = s.ok(&args);
    let err = stderr_of(&out);
    assert!(
        err.contains("note: 包名 `random` 与标准库模块同名，会遮蔽它；改用 `random_app`"),
        "{err}"
    );
    assert!(err.contains("没有写入任何文件（--dry-run）。"), "{err}");
    let mut json_args = args.to_vec();
    json_args.push("--json");
    let out = s.ok(&json_args);
    let v: serde_json::Value = serde_json::from_str(&stdout_of(&out)).unwrap();
    assert_eq!(
        v["notes"][0],
        "package `random` is the name of a standard-library module and would shadow it; using `random_app`"
    );
}

#[test]
fn a_project_inside_a_work_tree_says_why_there_is_no_repository_in_chinese() {
    let s = Sandbox::new();
    git2::Repository::init(s.path()).unwrap();
    let out = s.ok(&["new", "titanic", "--yes", "--lang", "zh"]);
    let err = stderr_of(&out);
    assert!(err.contains("没有 git 仓库（位于 git 工作树 `"), "{err}");
    let out = s.ok(&[
        "new",
        "titanic",
        "t2",
        "--yes",
        "--json",
        "--dry-run",
        "--lang",
        "zh",
    ]);
    let v: serde_json::Value = serde_json::from_str(&stdout_of(&out)).unwrap();
    let reason = v["git"]["reason"].as_str().unwrap();
    assert!(reason.starts_with("inside the git work tree `"), "{reason}");
}

#[test]
fn answers_files_and_targets_are_refused_in_chinese() {
    let s = Sandbox::new();
    let new_with_answers = || {
        let out = s
            .pystart(&[
                "new",
                "titanic",
                "--answers",
                "a.toml",
                "--yes",
                "--lang",
                "zh",
            ])
            .output()
            .unwrap();
        stderr_of(&out)
    };
    fs::write(s.join("a.toml"), "author = \n").unwrap();
    let err = new_with_answers();
    assert!(
        err.contains("error: 回答文件 `a.toml` 不是有效的 TOML："),
        "{err}"
    );
    assert!(err.contains("hint: 每行写一个 `name = value`"), "{err}");
    fs::write(s.join("a.toml"), "template = \"nba\"\n").unwrap();
    let err = new_with_answers();
    assert!(
        err.contains("error: 回答文件属于模板 `nba`，而不是 `titanic`"),
        "{err}"
    );
    assert!(
        err.contains("hint: 运行 `pystart new nba …`，或者不写模板名"),
        "{err}"
    );

    fs::create_dir(s.join("full")).unwrap();
    fs::write(s.join("full/keep.txt"), "mine").unwrap();
    let out = s
        .pystart(&["new", "titanic", "full", "--yes", "--lang", "zh"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = stderr_of(&out);
    assert!(
        err.contains("error: 目标目录 `full` 已存在且不为空"),
        "{err}"
    );
    assert!(err.contains("hint: 换一个名字或路径，或先删除它"), "{err}");
    assert_eq!(fs::read_to_string(s.join("full/keep.txt")).unwrap(), "mine");
}

#[test]
fn a_path_with_chinese_and_spaces_works_and_line_endings_are_pinned() {
    let s = Sandbox::with_git_user("Ada", "ada@example.com");
    let mut cmd = s.pystart(&["new", "titanic", "课程 作业/我的 泰坦尼克", "--yes"]);
    // Git Bash on Windows, bash elsewhere: both quote the same way.
    if cfg!(windows) {
        cmd.env("MSYSTEM", "MINGW64");
    } else {
        cmd.env("SHELL", "/bin/bash");
    }
    let out = cmd.output().unwrap();
    let err = stderr_of(&out);
    assert!(out.status.success(), "{err}");
    assert!(err.contains("\n  cd '课程 作业/我的 泰坦尼克'\n"), "{err}");
    let activate = if cfg!(windows) {
        "\n  source .venv/Scripts/activate\n"
    } else {
        "\n  source .venv/bin/activate\n"
    };
    assert!(err.contains(activate), "{err}");

    let project = s.join("课程 作业/我的 泰坦尼克");
    let attributes = fs::read_to_string(project.join(".gitattributes")).unwrap();
    let lines: Vec<&str> = attributes.lines().collect();
    // Shared rules first, the template's own after them (later lines win).
    let shared = lines.iter().position(|l| *l == "* text=auto eol=lf");
    let own = lines
        .iter()
        .position(|l| *l == "data/sample/*.csv text eol=lf");
    assert!(
        shared.is_some() && own.is_some() && shared < own,
        "{attributes}"
    );
    // The README says in one line per language how to install from a mirror.
    let readme = fs::read_to_string(project.join("README.md")).unwrap();
    let mirror_lines = readme
        .lines()
        .filter(|l| l.contains("pip config set global.index-url") && l.contains("PIP_INDEX_URL"))
        .count();
    assert_eq!(mirror_lines, 2, "{readme}");
    // Every committed text file has LF endings.
    let repo = git2::Repository::open(&project).unwrap();
    let tree = repo.head().unwrap().peel_to_tree().unwrap();
    tree.walk(git2::TreeWalkMode::PreOrder, |dir, entry| {
        if let Some(blob) = entry.to_object(&repo).ok().and_then(|o| o.into_blob().ok())
            && !blob.is_binary()
        {
            let path = format!("{dir}{}", entry.name().unwrap_or_default());
            assert!(!blob.content().contains(&b'\r'), "CRLF in {path}");
        }
        git2::TreeWalkResult::Ok
    })
    .unwrap();
}
