//! Templates from a directory or a git repository (`pystart new --template`), and what a
//! foreign template may not do.

use crate::common::{
    Sandbox, files, fixture_template, git, new_from_fixture, read, stderr_of, write,
};
use std::fs;
use std::path::Path;

#[test]
fn a_template_directory_generates_and_records_its_source() {
    let s = Sandbox::new();
    let t = fixture_template(s.path());
    new_from_fixture(&s, &t, &["--no-git"]);
    assert!(files(&s.join("proj")).contains(&"src/proj/__init__.py".to_string()));
    let answers = read(&s.join("proj/.pystart.toml"));
    assert!(answers.contains("[source]\nkind = \"path\""), "{answers}");
    assert!(answers.contains("hash = "));

    // The answers file brings the source back.
    let out = s
        .pystart(&[
            "new",
            "--answers",
            "proj/.pystart.toml",
            "again",
            "--no-git",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert_eq!(files(&s.join("proj")), files(&s.join("again")));
}

#[test]
fn a_bare_git_repository_at_a_tag() {
    let s = Sandbox::new();
    let work = s.join("tpl-work");
    fs::create_dir(&work).unwrap();
    let t = fixture_template(&work);
    git(&t, &["init", "-q", "-b", "main"]);
    git(&t, &["add", "-A"]);
    git(&t, &["commit", "-qm", "v1"]);
    git(&t, &["tag", "v1"]);
    let init = t.join("files/src/{{package}}/__init__.py");
    fs::write(&init, "def answer():\n    return 43\n").unwrap();
    git(&t, &["commit", "-qam", "v2"]);
    git(
        s.path(),
        &["clone", "-q", "--bare", t.to_str().unwrap(), "tpl.git"],
    );

    let url = format!("file://{}", s.join("tpl.git").display());
    for (rev, dir, expect) in [(Some("v1"), "p1", "42"), (None, "p2", "43")] {
        let name = format!("project_name={dir}");
        let mut args = vec![
            "new",
            "--template",
            url.as_str(),
            dir,
            "--yes",
            "--no-git",
            "--set",
            &name,
        ];
        if let Some(r) = rev {
            args.extend(["--ref", r]);
        }
        let out = s.pystart(&args).output().unwrap();
        assert!(out.status.success(), "{}", stderr_of(&out));
        let code = read(&s.join(&format!("{dir}/src/{dir}/__init__.py")));
        assert!(code.contains(&format!("return {expect}")), "{dir}: {code}");
        let answers = read(&s.join(&format!("{dir}/.pystart.toml")));
        assert!(
            answers.contains("kind = \"git\"") && answers.contains("commit = "),
            "{answers}"
        );
    }
    // A plain path to the bare repository works too; a missing tag is named.
    let bare = s.join("tpl.git");
    let out = s
        .pystart(&[
            "new",
            "--template",
            bare.to_str().unwrap(),
            "p3",
            "--yes",
            "--no-git",
            "--ref",
            "v9",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr_of(&out).contains("has no revision `v9`"),
        "{}",
        stderr_of(&out)
    );
    assert!(!s.join("p3").exists());
}

/// A minimal template whose extra file is `extra`, with content `content`.
fn tiny(root: &Path, extra: &str, content: &str) -> std::path::PathBuf {
    let t = fixture_template(root);
    write(&t, &format!("files/{extra}"), content);
    t
}

#[test]
fn foreign_templates_cannot_escape_the_target_or_read_the_environment() {
    let s = Sandbox::new();
    let cases: Vec<(&str, &str, Vec<&str>, &str)> = vec![
        (
            "{{description}}/x.txt",
            "x",
            vec!["--set", "description=.."],
            "invalid segment `..`",
        ),
        (
            "{{description}}.txt",
            "x",
            vec!["--set", "description=a/../../x"],
            "invalid segment",
        ),
        ("files-{{ project_name }}.txt", "x", vec![], ""),
        (
            "{{description}}/hooks/post-checkout",
            "#!/bin/sh\n",
            vec!["--set", "description=.git"],
            "invalid segment `.git`",
        ),
        (
            "secret.txt.tera",
            "{{ get_env(name=\"HOME\") }}",
            vec![],
            "cannot read environment variables",
        ),
        ("README.MD", "x", vec![], "case-insensitive"),
    ];
    for (i, (path, content, extra, expect)) in cases.into_iter().enumerate() {
        let root = s.join(&format!("case{i}"));
        fs::create_dir(&root).unwrap();
        let t = tiny(&root, path, content);
        let target = format!("out{i}");
        let mut args = vec![
            "new",
            "--template",
            t.to_str().unwrap(),
            target.as_str(),
            "--yes",
            "--no-git",
        ];
        args.extend(extra);
        let out = s.pystart(&args).output().unwrap();
        if expect.is_empty() {
            assert!(out.status.success(), "{path}: {}", stderr_of(&out));
            continue;
        }
        assert_eq!(out.status.code(), Some(1), "{path} was accepted");
        assert!(
            stderr_of(&out).contains(expect),
            "{path}: {}",
            stderr_of(&out)
        );
        assert!(!s.join(&target).exists(), "{path}: something was written");
    }

    #[cfg(unix)]
    {
        let root = s.join("links");
        fs::create_dir(&root).unwrap();
        let t = fixture_template(&root);
        std::os::unix::fs::symlink("/etc/passwd", t.join("files/passwd")).unwrap();
        let out = s
            .pystart(&[
                "new",
                "--template",
                t.to_str().unwrap(),
                "outl",
                "--yes",
                "--no-git",
            ])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1));
        assert!(
            stderr_of(&out).contains("symbolic link"),
            "{}",
            stderr_of(&out)
        );
        assert!(!s.join("outl").exists());
    }
}

/// The fixture template with `shared = [entry]` in its manifest.
fn with_shared(root: &Path, entry: &str) -> std::path::PathBuf {
    let t = fixture_template(root);
    let manifest = read(&t.join("template.toml"));
    let manifest = manifest.replacen(
        "\n[summary]",
        &format!("\nshared = [{entry}]\n[summary]"),
        1,
    );
    fs::write(t.join("template.toml"), manifest).unwrap();
    t
}

#[test]
fn a_foreign_template_copies_pystarts_shared_files_as_they_are_and_nothing_else() {
    let s = Sandbox::new();
    // `from` names a file of the embedded `_shared/`, copied byte for byte (not rendered).
    let root = s.join("ok");
    let t = with_shared(
        &root,
        r#"{ from = "python/i18n.py", to = "src/{{package}}/i18n.py" }"#,
    );
    let out = s
        .pystart(&[
            "new",
            "--template",
            t.to_str().unwrap(),
            "p",
            "--yes",
            "--no-git",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let package = fs::read_dir(s.join("p/src"))
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let shared = Path::new(env!("CARGO_MANIFEST_DIR")).join("templates/_shared/python/i18n.py");
    assert_eq!(
        fs::read(package.join("i18n.py")).unwrap(),
        fs::read(shared).unwrap()
    );

    // Names resolve in the embedded `_shared/` only: a `_shared/` folder on disk, next to the
    // template or inside it, is not read.
    let cases = [
        (
            "escape",
            r#"{ from = "../fixture_tpl/template.toml", to = "x.toml" }"#,
            "the `from` path `../fixture_tpl/template.toml` is not valid",
        ),
        (
            "absolute",
            r#"{ from = "python/i18n.py", to = "/tmp/x.py" }"#,
            "the `to` path `/tmp/x.py` is not valid",
        ),
        (
            "missing",
            r#"{ from = "python/evil.py", to = "evil.py" }"#,
            "copies `python/evil.py`, which is not a file of pystart's templates/_shared/",
        ),
        (
            "clash",
            r#"{ from = "python/i18n.py", to = "README.md" }"#,
            "template `fixture_tpl`: `shared` copies `_shared/python/i18n.py` to `README.md`, but the template's own `files/README.md.tera` makes the same file",
        ),
    ];
    for (name, entry, expect) in cases {
        let root = s.join(name);
        let t = with_shared(&root, entry);
        write(&root, "_shared/python/evil.py", "print('read from disk')\n");
        write(&t, "_shared/python/evil.py", "print('read from disk')\n");
        let target = format!("out_{name}");
        let out = s
            .pystart(&[
                "new",
                "--template",
                t.to_str().unwrap(),
                &target,
                "--yes",
                "--no-git",
            ])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{name} was accepted");
        let err = stderr_of(&out);
        assert!(err.contains(expect), "{name}: {err}");
        assert!(err.contains("hint:"), "{name}: {err}");
        assert!(!s.join(&target).exists(), "{name}: something was written");
    }
}

#[test]
fn template_check_names_each_class_of_mistake_with_file_and_line() {
    let s = Sandbox::new();
    let t = fixture_template(s.path());
    // An unused variable, an undeclared one, a missing partial, a shared module included instead
    // of listed in `shared`, two files for one path, and a file that looks like it was meant to
    // be rendered.
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
    write(
        &t,
        "files/notes.md.tera",
        "# Notes\n\nBy {{ author }} for {{ shcool }}.\n",
    );
    write(
        &t,
        "files/extra.toml.tera",
        "{% include \"_shared/partials/nope.tera\" %}\n",
    );
    write(
        &t,
        "files/strings.py.tera",
        "{% include \"_shared/python/i18n.py\" %}",
    );
    write(&t, "files/same.txt", "a\n");
    write(&t, "files/same.txt.tera", "b\n");
    write(&t, "files/setup.cfg", "[metadata]\nname = {{ package }}\n");

    let out = s
        .pystart(&["template", "check", t.to_str().unwrap(), "--lint-only"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = stderr_of(&out);
    for expected in [
        "fixture_tpl/files/notes.md.tera:3: error: `shcool` is not a variable of this template",
        "fixture_tpl/files/extra.toml.tera:1: error: includes `_shared/partials/nope.tera`, which does not exist",
        "fixture_tpl/files/strings.py.tera:1: error: includes `_shared/python/i18n.py`: shared files are not includable; list it in `shared` in template.toml, e.g. { from = \"python/i18n.py\", to = \"…\" }",
        "renders to the same path as `fixture_tpl/files/same.txt`",
        "fixture_tpl/files/setup.cfg:2: warning: `{{ package }}` in a file without `.tera` is copied literally",
        "fixture_tpl/template.toml: warning: variable `colour` is declared but never used",
        "template check `fixture_tpl`: 4 errors, 2 warnings",
    ] {
        assert!(err.contains(expected), "missing `{expected}` in:\n{err}");
    }

    // A manifest mistake names the key and the line.
    fs::write(
        t.join("template.toml"),
        manifest.replace("python = ", "pyhton = \"3\"\npython = "),
    )
    .unwrap();
    let out = s
        .pystart(&["template", "check", t.to_str().unwrap(), "--lint-only"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = stderr_of(&out);
    assert!(err.contains("pyhton") && err.contains("line 3"), "{err}");
}

#[test]
fn template_new_copies_an_embedded_template_that_checks_clean() {
    let s = Sandbox::new();
    let out = s
        .pystart(&["template", "new", "my_titanic", "--from", "titanic"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert!(
        fs::read_to_string(s.join("my_titanic/template.toml"))
            .unwrap()
            .contains("name = \"my_titanic\"")
    );
    let out = s
        .pystart(&["template", "check", "./my_titanic", "--lint-only"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert!(stderr_of(&out).contains("0 errors"));
    let out = s
        .pystart(&[
            "new",
            "--template",
            "./my_titanic",
            "p",
            "--yes",
            "--no-git",
            "--dry-run",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
}

#[test]
fn manifest_and_template_errors_follow_the_interface_language() {
    let s = Sandbox::new();
    let t = fixture_template(s.path());
    let manifest = read(&t.join("template.toml"));
    let new = |lang: &str| {
        let out = s
            .pystart(&[
                "new",
                "--template",
                t.to_str().unwrap(),
                "out",
                "--yes",
                "--no-git",
                "--lang",
                lang,
            ])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1));
        stderr_of(&out)
    };

    // A variant that sets a variable the template does not have.
    fs::write(
        t.join("template.toml"),
        format!("{manifest}\n[[variants]]\nname = \"red\"\nset = {{ colour = \"red\" }}\n"),
    )
    .unwrap();
    let err = new("zh");
    assert!(
        err.contains("error: 模板清单 `fixture_tpl/template.toml` 无效：变体 `red` 设置了 `colour`，但它不是此模板的变量"),
        "{err}"
    );
    assert!(
        err.contains("hint: 模板清单的格式见 templates/README.md"),
        "{err}"
    );
    let err = new("en");
    assert!(
        err.contains("error: invalid manifest `fixture_tpl/template.toml`: variant `red` sets `colour`, which is not a variable of this template"),
        "{err}"
    );
    assert!(
        err.contains("hint: see templates/README.md for the manifest format"),
        "{err}"
    );

    // A key the manifest does not know: the line is named.
    fs::write(t.join("template.toml"), format!("colour = 1\n{manifest}")).unwrap();
    let err = new("zh");
    assert!(
        err.contains("error: 模板清单 `fixture_tpl/template.toml` 无效：")
            && err.contains("colour"),
        "{err}"
    );
    assert!(
        err.contains("hint: 见 `fixture_tpl/template.toml` 第 1 行"),
        "{err}"
    );

    // A template that reads the environment.
    fs::write(t.join("template.toml"), &manifest).unwrap();
    write(&t, "files/secret.txt.tera", "{{ get_env(name=\"HOME\") }}");
    let err = new("zh");
    assert!(
        err.contains("error: 渲染 `fixture_tpl/files/secret.txt.tera` 失败："),
        "{err}"
    );
    assert!(err.contains("模板不能读取环境变量"), "{err}");
    assert!(!s.join("out").exists());
}

#[test]
fn template_check_and_new_speak_chinese_when_asked() {
    let s = Sandbox::new();
    let t = fixture_template(s.path());
    write(&t, "files/notes.md.tera", "# Notes\n\nFor {{ shcool }}.\n");
    let out = s
        .pystart(&["template", "check", t.to_str().unwrap(), "--lint-only"])
        .env("PYSTART_LANG", "zh")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = stderr_of(&out);
    for expected in [
        "fixture_tpl/files/notes.md.tera:3: error: `shcool` 不是这个模板的变量",
        "模板检查 `fixture_tpl`：1 个错误，0 个警告",
        "error: 模板 `fixture_tpl` 有 1 个错误",
        "hint: 上面每一行都写明了要修改的文件和行",
    ] {
        assert!(err.contains(expected), "missing `{expected}` in:\n{err}");
    }
    let out = s
        .pystart(&["template", "check", t.to_str().unwrap(), "--lint-only"])
        .output()
        .unwrap();
    let err = stderr_of(&out);
    assert!(
        err.contains("template check `fixture_tpl`: 1 error, 0 warnings"),
        "{err}"
    );

    let out = s
        .pystart(&[
            "--lang", "zh", "template", "new", "_mine", "--from", "titanic",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = stderr_of(&out);
    assert!(
        err.contains("error: 模板名 `_mine` 必须是标识符（字母、数字、`_`），且不能以 `_` 开头"),
        "{err}"
    );
    assert!(
        err.contains("hint: 例如：pystart template new my_titanic --from titanic"),
        "{err}"
    );
}
