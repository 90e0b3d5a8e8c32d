//! Everyday polish: completions, man pages, doctor, the configuration file and its precedence,
//! output conventions.

use crate::common::{Sandbox, stderr_of, stdout_of};
use std::fs;

#[test]
fn completion_scripts_for_every_shell_and_template_names_for_bash_zsh_fish() {
    let s = Sandbox::new();
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let out = s.pystart(&["completions", shell]).output().unwrap();
        assert!(out.status.success(), "{shell}: {}", stderr_of(&out));
        let script = stdout_of(&out);
        assert!(script.contains("pystart"), "{shell}");
        // PowerShell's and elvish's scripts from clap complete subcommands and options only.
        if ["bash", "zsh", "fish"].contains(&shell) {
            assert!(
                script.contains("titanic") && script.contains("weather"),
                "{shell}: no template names"
            );
        }
        assert!(
            script.contains("verify") && script.contains("batch"),
            "{shell}"
        );
    }
    let out = s.pystart(&["completions", "tcsh"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn man_pages_come_from_the_same_definitions() {
    let s = Sandbox::new();
    let out = s.pystart(&["man"]).output().unwrap();
    assert!(out.status.success());
    let page = stdout_of(&out);
    assert!(
        page.contains(".TH pystart 1"),
        "{}",
        &page[..200.min(page.len())]
    );
    assert!(page.contains("verify") && page.contains("batch"));
    let out = s.pystart(&["man", "--out", "man"]).output().unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    for page in [
        "pystart.1",
        "pystart-new.1",
        "pystart-verify.1",
        "pystart-doctor.1",
    ] {
        let text = fs::read_to_string(s.join(&format!("man/{page}"))).unwrap();
        assert!(text.contains(".TH"), "{page}");
    }
    assert!(
        fs::read_to_string(s.join("man/pystart-new.1"))
            .unwrap()
            .contains("\\-\\-template")
    );
}

#[test]
fn doctor_json_has_a_stable_shape() {
    let s = Sandbox::with_git_user("Ada", "ada@example.com");
    let out = s.pystart(&["doctor", "--json"]).output().unwrap();
    let report: serde_json::Value = serde_json::from_str(&stdout_of(&out)).expect("JSON");
    assert_eq!(report["ok"].as_bool(), Some(out.status.success()));
    let checks = report["checks"].as_array().unwrap();
    let names: Vec<&str> = checks.iter().map(|c| c["name"].as_str().unwrap()).collect();
    for want in ["python", "installer", "index", "git", "cjk-font", "cache"] {
        assert!(names.contains(&want), "{want} missing from {names:?}");
    }
    for c in checks {
        assert!(
            matches!(c["status"].as_str(), Some("ok" | "warn" | "fail")),
            "{c}"
        );
        assert!(c["detail"].is_string());
        assert!(c["fix"].is_null() || c["fix"].is_string());
    }
    let git = checks.iter().find(|c| c["name"] == "git").unwrap();
    assert_eq!(git["status"], "ok");
    assert!(git["detail"].as_str().unwrap().contains("`Ada`"));
}

fn answers_of(s: &Sandbox, args: &[&str], env: &[(&str, &str)]) -> serde_json::Value {
    let mut all = vec!["new", "titanic", "p", "--yes", "--dry-run", "--json"];
    all.extend(args);
    let mut cmd = s.pystart(&all);
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    serde_json::from_str::<serde_json::Value>(&stdout_of(&out)).unwrap()["answers"].clone()
}

#[test]
fn configuration_precedence_set_answers_env_config_default() {
    let s = Sandbox::with_git_user("Git User", "git@example.com");
    // Template default / git config only.
    let a = answers_of(&s, &[], &[]);
    assert_eq!(a["author"], "Git User");
    assert_eq!(a["lang"], "en");

    // The configuration file beats git config and the locale.
    let dir = s.home().join(".config/pystart");
    fs::create_dir_all(&dir).unwrap();
    fs::write(
        dir.join("config.toml"),
        "[defaults]\nauthor = \"Config Author\"\nemail = \"config@example.com\"\nlang = \"zh\"\n",
    )
    .unwrap();
    let a = answers_of(&s, &[], &[]);
    assert_eq!(
        (a["author"].as_str(), a["lang"].as_str()),
        (Some("Config Author"), Some("zh"))
    );
    assert_eq!(a["email"], "config@example.com");

    // The environment beats the file.
    let a = answers_of(
        &s,
        &[],
        &[("PYSTART_LANG", "en"), ("PYSTART_AUTHOR", "Env Author")],
    );
    assert_eq!(
        (a["author"].as_str(), a["lang"].as_str()),
        (Some("Env Author"), Some("en"))
    );

    // An answers file beats the environment; --set beats the answers file.
    fs::write(
        s.join("a.toml"),
        "author = \"File Author\"\nlang = \"zh\"\n",
    )
    .unwrap();
    let env = [("PYSTART_LANG", "en"), ("PYSTART_AUTHOR", "Env Author")];
    let a = answers_of(&s, &["--answers", "a.toml"], &env);
    assert_eq!(
        (a["author"].as_str(), a["lang"].as_str()),
        (Some("File Author"), Some("zh"))
    );
    let a = answers_of(
        &s,
        &["--answers", "a.toml", "--set", "author=Set Author"],
        &env,
    );
    assert_eq!(a["author"], "Set Author");

    // `config show` says where the file is and what is in effect.
    let out = s.pystart(&["config", "show", "--json"]).output().unwrap();
    let shown: serde_json::Value = serde_json::from_str(&stdout_of(&out)).unwrap();
    assert_eq!(shown["exists"], true);
    assert_eq!(shown["effective"]["author"], "Config Author");
    assert_eq!(shown["file"]["defaults"]["lang"], "zh");

    // A mistake in the file is named with its line; PYSTART_CONFIG points elsewhere.
    fs::write(
        s.join("bad.toml"),
        "[defaults]\nauthor = \"x\"\nlangauge = \"zh\"\n",
    )
    .unwrap();
    let out = s
        .pystart(&["new", "titanic", "q", "--yes", "--dry-run"])
        .env("PYSTART_CONFIG", s.join("bad.toml"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = stderr_of(&out);
    assert!(
        err.contains("bad.toml") && err.contains("line 3") && err.contains("langauge"),
        "{err}"
    );
}

#[test]
fn output_conventions_quiet_color_and_broken_pipes() {
    let s = Sandbox::new();
    let out = s
        .pystart(&["new", "titanic", "p", "--yes", "--no-git", "-q"])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(stderr_of(&out).is_empty(), "{}", stderr_of(&out));
    let out = s
        .pystart(&["info", "nope", "--color", "always"])
        .output()
        .unwrap();
    assert!(
        stderr_of(&out).contains("\u{1b}[1;31merror:"),
        "{}",
        stderr_of(&out)
    );
    let out = s
        .pystart(&["info", "nope", "--color", "never"])
        .output()
        .unwrap();
    assert!(stderr_of(&out).starts_with("error:"));

    let bin = assert_cmd::cargo::cargo_bin("pystart");
    let status = std::process::Command::new("bash")
        .args([
            "-c",
            &format!(
                "set -o pipefail; '{}' list | head -1 >/dev/null",
                bin.display()
            ),
        ])
        .status()
        .unwrap();
    assert!(status.success(), "pystart list | head -1 must exit 0");
}

#[test]
fn setup_makes_a_venv_installs_and_runs_the_tests() {
    if std::env::var_os("PYSTART_SKIP_VERIFY").is_some_and(|v| v != "0") {
        eprintln!("skipped: PYSTART_SKIP_VERIFY is set");
        return;
    }
    let s = Sandbox::new();
    let t = crate::common::fixture_template(s.path());
    let out = s
        .pystart(&[
            "new",
            "--template",
            t.to_str().unwrap(),
            "proj",
            "--yes",
            "--no-git",
            "--set",
            "project_name=proj",
            "--setup",
            "--trust",
        ])
        .timeout(std::time::Duration::from_secs(600))
        .output()
        .unwrap();
    let err = stderr_of(&out);
    assert!(out.status.success(), "{err}");
    assert!(
        err.contains("Set up `proj`: .venv ready, tests: 3 passed"),
        "{err}"
    );
    assert!(
        err.contains("python -m proj demo      # see README.md"),
        "{err}"
    );
    let python = if cfg!(windows) {
        "proj/.venv/Scripts/python.exe"
    } else {
        "proj/.venv/bin/python"
    };
    assert!(s.join(python).is_file());
    assert!(!s.join("proj/.venv-setup.log").exists());

    // A failing test is reported with the log; a project folder is required.
    fs::write(
        s.join("proj/tests/test_answer.py"),
        "def test_no():\n    assert False\n",
    )
    .unwrap();
    let out = s
        .pystart(&["setup", "proj"])
        .timeout(std::time::Duration::from_secs(600))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = stderr_of(&out);
    assert!(
        err.contains("the tests failed") && err.contains("1 failed"),
        "{err}"
    );
    let out = s.pystart(&["setup", "."]).output().unwrap();
    assert!(stderr_of(&out).contains("has no pyproject.toml"));
}

#[test]
fn interface_language_follows_flag_env_config_then_locale() {
    let s = Sandbox::new();
    let header = |args: &[&str], env: &[(&str, &str)]| {
        let mut cmd = s.pystart(args);
        for (k, v) in env {
            cmd.env(k, v);
        }
        stdout_of(&cmd.output().unwrap())
            .lines()
            .next()
            .unwrap_or_default()
            .to_string()
    };
    assert!(header(&["list"], &[]).starts_with("NAME"));
    assert!(header(&["list"], &[("LANG", "zh_CN.UTF-8")]).starts_with("名称"));
    assert!(header(&["list"], &[("PYSTART_LANG", "zh")]).starts_with("名称"));
    assert!(header(&["list", "--lang", "en"], &[("PYSTART_LANG", "zh")]).starts_with("NAME"));
    let dir = s.home().join(".config/pystart");
    fs::create_dir_all(&dir).unwrap();
    fs::write(dir.join("config.toml"), "[defaults]\nlang = \"zh\"\n").unwrap();
    assert!(header(&["list"], &[]).starts_with("名称"));
    assert!(header(&["list"], &[("PYSTART_LANG", "en")]).starts_with("NAME"));

    let out = s
        .pystart(&["new", "titanic", "p", "--yes", "--no-git"])
        .output()
        .unwrap();
    let err = stderr_of(&out);
    assert!(err.contains("已创建") && err.contains("下一步："), "{err}");
    let info = stdout_of(&s.pystart(&["info", "titanic"]).output().unwrap());
    assert!(
        info.contains("变量：") && info.contains("Python 依赖："),
        "{info}"
    );
}

#[test]
fn the_configuration_speaks_the_interface_language() {
    let s = Sandbox::new();
    let out = s
        .pystart(&["config", "show", "--lang", "zh"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let text = stdout_of(&out);
    assert!(text.starts_with("配置文件："), "{text}");
    assert!(text.contains("（不存在）"), "{text}");
    assert!(text.contains("新项目当前生效的默认值"), "{text}");
    assert!(text.contains("  author     （未设置）"), "{text}");
    assert!(text.contains("  缓存目录   "), "{text}");
    assert!(text.contains("优先级：--set > --answers"), "{text}");
    let en = stdout_of(&s.pystart(&["config", "show"]).output().unwrap());
    assert!(en.starts_with("configuration file: "), "{en}");
    assert!(en.contains(" (does not exist)"), "{en}");
    assert!(en.contains("  author     (not set)\n"), "{en}");
    assert!(en.contains("  cache dir  "), "{en}");
    assert!(en.contains("\nPrecedence: --set > --answers"), "{en}");

    // Mistakes in the file: named with the line, and the fix.
    fs::write(s.join("bad.toml"), "[defaults]\nlangauge = \"zh\"\n").unwrap();
    let out = s
        .pystart(&["new", "titanic", "--yes", "--dry-run", "--lang", "zh"])
        .env("PYSTART_CONFIG", s.join("bad.toml"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = stderr_of(&out);
    assert!(
        err.contains("error: 配置文件 `bad.toml` 无效（第 2 行）："),
        "{err}"
    );
    assert!(
        err.contains("hint: 可用的键：[defaults] author、email、lang"),
        "{err}"
    );
    fs::write(s.join("bad.toml"), "[batch]\nmode = \"teacher\"\n").unwrap();
    let out = s
        .pystart(&["new", "titanic", "--yes", "--dry-run", "--lang", "zh"])
        .env("PYSTART_CONFIG", s.join("bad.toml"))
        .output()
        .unwrap();
    let err = stderr_of(&out);
    assert!(
        err.contains("error: 配置文件 `bad.toml` 无效：batch.mode = `teacher`"),
        "{err}"
    );
    assert!(
        err.contains("hint: 改用 \"student\" 或 \"solution\""),
        "{err}"
    );
    let out = s
        .pystart(&["new", "titanic", "--yes", "--dry-run"])
        .env("PYSTART_CONFIG", s.join("bad.toml"))
        .output()
        .unwrap();
    let err = stderr_of(&out);
    assert!(
        err.contains("error: invalid configuration `bad.toml`: batch.mode = `teacher`"),
        "{err}"
    );
    assert!(
        err.contains("hint: use \"student\" or \"solution\""),
        "{err}"
    );
}

#[test]
fn doctor_and_setup_speak_chinese_but_doctor_json_stays_english() {
    let s = Sandbox::with_git_user("Ada", "ada@example.com");
    let out = s
        .pystart(&["doctor"])
        .env("PYSTART_LANG", "zh")
        .output()
        .unwrap();
    let text = stdout_of(&out);
    assert!(
        text.contains("正常 git ")
            && text.contains("；user.name `Ada`，user.email `ada@example.com`"),
        "{text}"
    );
    assert!(!text.contains("fix:"), "{text}");

    let out = s
        .pystart(&["--lang", "zh", "doctor", "--json"])
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_str(&stdout_of(&out)).expect("JSON");
    let checks = report["checks"].as_array().unwrap();
    let git = checks.iter().find(|c| c["name"] == "git").unwrap();
    let detail = git["detail"].as_str().unwrap();
    assert!(
        detail.contains("; user.name `Ada`, user.email `ada@example.com`"),
        "{detail}"
    );
    let font = checks.iter().find(|c| c["name"] == "cjk-font").unwrap();
    assert!(font["fix"].is_null() || font["fix"].as_str().unwrap().starts_with("install "));

    let out = s
        .pystart(&["setup", "."])
        .env("PYSTART_LANG", "zh")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = stderr_of(&out);
    assert!(err.contains("` 中没有 pyproject.toml"), "{err}");
    assert!(
        err.contains("hint: 请在项目文件夹（由 `pystart new` 生成的）中运行 `pystart setup`"),
        "{err}"
    );
    let out = s.pystart(&["setup", "."]).output().unwrap();
    let err = stderr_of(&out);
    assert!(
        err.contains("hint: run `pystart setup` in a project folder"),
        "{err}"
    );
}
