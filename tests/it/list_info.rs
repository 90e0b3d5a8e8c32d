//! `pystart list` and `pystart info` against the real binary.

use crate::common::{Sandbox, stderr_of, stdout_of};

#[test]
fn list_prints_a_table_and_json() {
    let s = Sandbox::new();
    let out = s.pystart(&["list"]).output().unwrap();
    assert!(out.status.success());
    let table = stdout_of(&out);
    assert!(table.starts_with("NAME"), "{table}");
    assert!(
        table
            .lines()
            .any(|l| l.starts_with("titanic ") && l.contains(" data ")),
        "{table}"
    );

    let out = s
        .pystart(&["list", "--json", "--lang", "zh"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let titanic = v
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["name"] == "titanic")
        .unwrap();
    assert_eq!(titanic["category"], "data");
    assert!(
        titanic["summary"]["zh"]
            .as_str()
            .unwrap()
            .contains("泰坦尼克")
    );
    assert!(
        titanic["summary"]["en"]
            .as_str()
            .unwrap()
            .contains("Titanic")
    );
}

#[test]
fn list_summaries_follow_the_language() {
    let s = Sandbox::new();
    let zh = stdout_of(&s.pystart(&["list", "--lang", "zh"]).output().unwrap());
    assert!(zh.contains("泰坦尼克"), "{zh}");
    let en = stdout_of(
        &s.pystart(&["list"])
            .env("LANG", "zh_CN.UTF-8")
            .output()
            .unwrap(),
    );
    assert!(en.contains("泰坦尼克"), "LANG=zh_CN picks Chinese: {en}");
}

#[test]
fn info_lists_the_shared_files_a_template_copies() {
    let s = Sandbox::new();
    let out = s.pystart(&["info", "rental", "--json"]).output().unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let shared = v["shared_files"].as_array().unwrap();
    assert!(
        shared.contains(&serde_json::json!({
            "from": "python/polite.py",
            "to": "src/{{package}}/polite.py"
        })),
        "{shared:?}"
    );
    let files: Vec<&str> = v["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f.as_str().unwrap())
        .collect();
    assert!(files.contains(&"src/rental/polite.py"), "{files:?}");
    // The shared modules' own tests run in pystart's suite, not in every project.
    assert!(!files.contains(&"tests/test_polite.py"), "{files:?}");
}

#[test]
fn info_shows_variables_dependencies_and_files() {
    let s = Sandbox::new();
    let out = s.pystart(&["info", "titanic"]).output().unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let text = stdout_of(&out);
    for needle in [
        "Variables:",
        "with_notebook",
        "derived from project_name",
        "Python dependencies:",
        "scikit-learn",
        "[dev]",
        "Files (",
        "only if with_notebook: notebooks/**",
    ] {
        assert!(text.contains(needle), "missing {needle:?} in\n{text}");
    }

    let out = s.pystart(&["info", "titanic", "--json"]).output().unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let names: Vec<_> = v["variables"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["name"].as_str().unwrap())
        .collect();
    for std in [
        "project_name",
        "package",
        "author",
        "email",
        "description",
        "lang",
        "with_concepts",
    ] {
        assert!(names.contains(&std), "{names:?}");
    }
    let lang = v["variables"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["name"] == "lang")
        .unwrap();
    assert_eq!(lang["type"], "choice");
    assert_eq!(lang["choices"], serde_json::json!(["zh", "en"]));
    assert!(
        v["dependencies"]["main"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d.as_str().unwrap().starts_with("pandas"))
    );
    assert!(
        v["dependencies"]["extras"]["dev"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d.as_str().unwrap().starts_with("pytest-socket"))
    );
}

#[test]
fn info_of_an_unknown_template_is_an_error() {
    let s = Sandbox::new();
    let out = s.pystart(&["info", "nope"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr_of(&out).contains("error: unknown template `nope`"));
}

#[test]
fn broken_pipe_is_not_an_error() {
    // `pystart list | head -0`: stdout closed before anything is written.
    let s = Sandbox::new();
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("pystart"))
        .arg("list")
        .current_dir(s.path())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert!(!stderr_of(&out).contains("panicked"));
}

#[test]
fn info_errors_follow_the_interface_language() {
    let s = Sandbox::new();
    let out = s
        .pystart(&["info", "titanik", "--lang", "zh"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = stderr_of(&out);
    assert!(err.contains("error: 未知模板 `titanik`"), "{err}");
    assert!(
        err.contains("hint: 是不是 `titanic`？（`pystart list` 列出全部模板及简介）"),
        "{err}"
    );
    let out = s
        .pystart(&["info", "zzzzzzzz"])
        .env("PYSTART_LANG", "zh")
        .output()
        .unwrap();
    // Far from every name: the error lists them, the hint says where they are described.
    let err = stderr_of(&out);
    assert!(
        err.contains("error: 未知模板 `zzzzzzzz`（可用的模板：") && err.contains("titanic"),
        "{err}"
    );
    assert!(err.contains("hint: 用 `pystart list` 查看"), "{err}");
    let out = s.pystart(&["info", "titanik"]).output().unwrap();
    let err = stderr_of(&out);
    assert!(err.contains("error: unknown template `titanik`"), "{err}");
    assert!(
        err.contains("hint: did you mean `titanic`? (`pystart list` describes each template)"),
        "{err}"
    );
}
