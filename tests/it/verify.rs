//! `pystart verify`: every template renders, installs and passes its own tests.
//!
//! This is the slow test: every job makes a new virtualenv and installs its project, the first
//! run downloading the packages into the suite's own cache (`target/tmp/pystart-cache`, or
//! PYSTART_CACHE_DIR). Set PYSTART_SKIP_VERIFY=1 to skip it while iterating on Rust code; CI
//! never sets it.

use crate::common::{
    Sandbox, fixture_template, skip_slow, stderr_of, stdout_of, test_cache, write,
};
use std::fs;
use std::path::Path;

#[test]
fn verify_names_template_variant_stage_and_file_of_each_failure() {
    if skip_slow() {
        return;
    }
    let s = Sandbox::new();
    let template = fixture_template(s.path());
    let junit = s.join("junit.xml");
    let out = s
        .pystart(&[
            "verify",
            "--trust",
            template.to_str().unwrap(),
            "-j",
            "2",
            "--json",
            "--junit",
            junit.to_str().unwrap(),
        ])
        .env("PYSTART_CACHE_DIR", test_cache())
        .timeout(std::time::Duration::from_secs(600))
        .output()
        .unwrap();
    let err = stderr_of(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");

    // The human report and the error line name template/variant, stage and file.
    assert!(err.contains("FAIL fixture_tpl/broken"), "{err}");
    assert!(
        err.contains("README.md:2: template syntax left after rendering: Hello {{ name }}"),
        "{err}"
    );
    assert!(err.contains("tests/test_answer.py::test_fails"), "{err}");
    assert!(err.contains("FAIL fixture_tpl/online"), "{err}");
    assert!(err.contains("runs the demo offline"), "{err}");
    assert!(err.contains("pass fixture_tpl/default"), "{err}");
    assert!(
        err.contains("error: 2 of 3 verify jobs failed: fixture_tpl/broken (static: 1 problem(s), first: README.md)"),
        "{err}"
    );
    assert!(err.contains("fixture_tpl/online (demo:"), "{err}");

    // The JSON report follows its schema.
    let report: serde_json::Value = serde_json::from_str(&stdout_of(&out)).expect("JSON");
    assert_eq!(report["schema"], 2);
    assert_eq!(report["passed"], false);
    // uv installs: the suite's uv (PYSTART_UV), one on PATH, or one bootstrapped into the cache.
    assert_eq!(report["installer"], "uv", "{report}");
    assert_eq!(report["counts"]["total"], 3);
    assert_eq!(report["counts"]["failed"], 2);
    let results = report["results"].as_array().unwrap();
    let variants: Vec<&str> = results
        .iter()
        .map(|r| r["variant"].as_str().unwrap())
        .collect();
    assert_eq!(variants, ["default", "broken", "online"]);
    // A field (`status`, `detail`) of a job's stage.
    let field = |r: &serde_json::Value, name: &str, key: &str| {
        r["stages"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["name"] == name)
            .unwrap()[key]
            .as_str()
            .unwrap()
            .to_string()
    };
    let stage = |r: &serde_json::Value, name: &str| field(r, name, "status");
    let names: Vec<&str> = results[0]["stages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "render", "static", "install", "tests", "browser", "concepts", "ruff", "demo"
        ]
    );
    // The fixture registers no `browser` marker: the stage says so and is skipped.
    assert_eq!(stage(&results[0], "browser"), "skip");
    let browser = field(&results[0], "browser", "detail");
    assert!(browser.contains("no browser marker"), "{browser}");
    assert_eq!(stage(&results[0], "tests"), "pass");
    // The README's test command runs in full, the `demo`-marked test included.
    let tests_detail = field(&results[0], "tests", "detail");
    assert!(tests_detail.starts_with("3 passed"), "{tests_detail}");
    let install = field(&results[0], "install", "detail");
    assert_eq!(install, "a new virtualenv, uv pip install -e \".[dev]\"");
    assert_eq!(stage(&results[0], "demo"), "pass");
    assert_eq!(stage(&results[1], "static"), "fail");
    assert_eq!(stage(&results[1], "tests"), "fail");
    assert_eq!(stage(&results[2], "demo"), "fail");
    assert_eq!(stage(&results[2], "concepts"), "skip");
    assert!(results[1]["kept"].is_string());
    assert!(results[0]["kept"].is_null());

    // JUnit: one test case per template × variant, failures where they failed.
    let xml = fs::read_to_string(&junit).unwrap();
    let doc = roxmltree::Document::parse(&xml).expect("JUnit XML parses");
    let cases: Vec<_> = doc
        .descendants()
        .filter(|n| n.has_tag_name("testcase"))
        .collect();
    assert_eq!(cases.len(), 3);
    let failed: Vec<&str> = cases
        .iter()
        .filter(|c| c.children().any(|n| n.has_tag_name("failure")))
        .map(|c| c.attribute("name").unwrap())
        .collect();
    assert_eq!(failed, ["broken", "online"]);
    for r in results {
        if let Some(kept) = r["kept"].as_str() {
            let _ = fs::remove_dir_all(kept);
        }
    }
}

#[test]
fn verify_matrix_lists_templates_and_variants_on_one_line() {
    let s = Sandbox::new();
    let template = fixture_template(s.path());
    let out = s
        .pystart(&["verify", "--matrix", template.to_str().unwrap(), "titanic"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let text = stdout_of(&out);
    assert_eq!(text.trim_end().lines().count(), 1);
    let matrix: serde_json::Value = serde_json::from_str(&text).unwrap();
    let pairs: Vec<(String, String)> = matrix["include"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["template"].as_str().unwrap().to_string(),
                e["variant"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert!(pairs.contains(&("fixture_tpl".into(), "online".into())));
    assert!(pairs.contains(&("titanic".into(), "default".into())));
    assert_eq!(pairs.iter().filter(|p| p.0 == "fixture_tpl").count(), 3);

    let out = s
        .pystart(&["verify", "--matrix", "titanic", "--variant", "nope"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = stderr_of(&out);
    assert!(
        err.contains("error: no template here has a variant `nope`"),
        "{err}"
    );
    assert!(
        err.contains("(theirs: default") && err.contains("hint: pick one of them with --variant"),
        "{err}"
    );
}

#[test]
fn a_template_directory_with_a_bad_manifest_is_named() {
    let s = Sandbox::new();
    let template = fixture_template(s.path());
    let manifest = template.join("template.toml");
    let text = fs::read_to_string(&manifest)
        .unwrap()
        .replace("set = { broken = true }", "set = { brokn = true }");
    fs::write(&manifest, text).unwrap();
    let out = s
        .pystart(&["verify", "--matrix", template.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = stderr_of(&out);
    assert!(err.contains("template.toml"), "{err}");
    assert!(err.contains("variant `broken` sets `brokn`"), "{err}");
}

#[test]
fn every_template_passes_verify() {
    if skip_slow() {
        return;
    }
    // The report streams to the terminal (stderr is inherited) so CI logs show each stage.
    let status = std::process::Command::new(assert_cmd::cargo::cargo_bin("pystart"))
        .args(["verify", "--all"])
        .env("NO_COLOR", "1")
        .env("PYSTART_CACHE_DIR", test_cache())
        .status()
        .unwrap();
    assert!(
        status.success(),
        "pystart verify --all failed; see the report above"
    );
}

#[test]
fn verify_names_bad_input() {
    let s = Sandbox::new();
    let out = s.pystart(&["verify", "nope"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr_of(&out).contains("error: unknown template `nope`"));

    let out = s
        .pystart(&["verify", "titanic", "--python", "/nonexistent/python3"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = stderr_of(&out);
    assert!(
        err.contains("error: cannot run Python `/nonexistent/python3`"),
        "{err}"
    );
    assert!(err.contains("hint: pass --python"), "{err}");
}

#[test]
fn the_projects_own_ci_workflow_is_valid_yaml_and_fans_out_over_the_matrix() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let text = fs::read_to_string(root.join(".github/workflows/ci.yml")).unwrap();
    let docs = yaml_rust2::YamlLoader::load_from_str(&text).expect("valid YAML");
    let jobs = &docs[0]["jobs"];
    assert!(text.contains("verify --matrix"));
    let verify = &jobs["verify"];
    assert_eq!(verify["needs"].as_str(), Some("rust"));
    let oses: Vec<&str> = verify["strategy"]["matrix"]["os"]
        .as_vec()
        .unwrap()
        .iter()
        .map(|o| o.as_str().unwrap())
        .collect();
    assert_eq!(oses, ["ubuntu-latest", "macos-latest", "windows-latest"]);
    let pythons: Vec<&str> = verify["strategy"]["matrix"]["python"]
        .as_vec()
        .unwrap()
        .iter()
        .map(|o| o.as_str().unwrap())
        .collect();
    assert_eq!(pythons, ["3.10", "3.13"]);

    // The documented JSON example is valid JSON.
    let doc = fs::read_to_string(root.join("docs/verify-report.md")).unwrap();
    let example = doc
        .split("```json")
        .nth(1)
        .unwrap()
        .split("```")
        .next()
        .unwrap();
    let value: serde_json::Value = serde_json::from_str(example).expect("example parses");
    assert_eq!(value["schema"], 2);
}

#[test]
fn the_configuration_sets_verify_jobs_and_the_flag_wins() {
    if skip_slow() {
        return;
    }
    let s = Sandbox::new();
    let template = fixture_template(s.path());
    fs::write(s.join("config.toml"), "[verify]\njobs = 3\n").unwrap();
    let run = |extra: &[&str]| {
        let mut args = vec![
            "verify",
            "--trust",
            template.to_str().unwrap(),
            "--variant",
            "default",
            "--json",
        ];
        args.extend(extra);
        let out = s
            .pystart(&args)
            .env("PYSTART_CONFIG", s.join("config.toml"))
            .env("PYSTART_CACHE_DIR", test_cache())
            .timeout(std::time::Duration::from_secs(600))
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", stderr_of(&out));
        let report: serde_json::Value = serde_json::from_str(&stdout_of(&out)).unwrap();
        report["jobs"].as_u64().unwrap()
    };
    assert_eq!(run(&[]), 3);
    assert_eq!(run(&["-j", "1"]), 1);
}

#[test]
fn verify_errors_speak_chinese_when_asked() {
    let s = Sandbox::new();
    let out = s
        .pystart(&["verify", "--matrix", "titanic", "--variant", "nope"])
        .env("PYSTART_LANG", "zh")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = stderr_of(&out);
    assert!(err.contains("error: 所选模板都没有变体 `nope`"), "{err}");
    assert!(err.contains("（它们的变体：default"), "{err}");

    let out = s
        .pystart(&[
            "--lang",
            "zh",
            "verify",
            "titanic",
            "--python",
            "/nonexistent/python3",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = stderr_of(&out);
    assert!(
        err.contains("error: 无法运行 Python `/nonexistent/python3`："),
        "{err}"
    );
    assert!(
        err.contains("hint: 请用 --python /path/to/python3 指定一个 3.10 或更新的 Python"),
        "{err}"
    );

    // Without the setting, the same error is in English.
    let out = s
        .pystart(&["verify", "titanic", "--python", "/nonexistent/python3"])
        .output()
        .unwrap();
    let err = stderr_of(&out);
    assert!(
        err.contains("hint: pass --python /path/to/python3 (3.10 or newer)"),
        "{err}"
    );
}

/// A suite that asserts it starts in a fresh interpreter: the demo imports `email.mime.text`,
/// so a test run that saw an earlier run's imports would fail.
const FRESH_CONFTEST: &str = r#"import sys

assert "email.mime.text" not in sys.modules, "the tests did not start in a fresh interpreter"
"#;

const DEMO_WITH_AN_IMPORT: &str = r#"import email.mime.text
from pathlib import Path

from . import answer

Path("outputs").mkdir(exist_ok=True)
note = email.mime.text.MIMEText(str(answer()))
Path("outputs/answer.txt").write_text(note.get_payload())
"#;

#[test]
fn verify_starts_every_run_in_a_fresh_interpreter_and_catches_a_missing_import() {
    if skip_slow() {
        return;
    }
    let s = Sandbox::new();
    let t = fixture_template(s.path());
    write(&t, "files/conftest.py", FRESH_CONFTEST);
    write(&t, "files/src/{{package}}/__main__.py", DEMO_WITH_AN_IMPORT);
    let verify = || {
        s.pystart(&[
            "verify",
            "--trust",
            t.to_str().unwrap(),
            "--variant",
            "default",
            "--json",
        ])
        .env("PYSTART_CACHE_DIR", test_cache())
        .timeout(std::time::Duration::from_secs(600))
        .output()
        .unwrap()
    };
    // Twice in a row: the second run must not see what the first one imported.
    for run in 1..=2 {
        let out = verify();
        assert!(out.status.success(), "run {run}: {}", stderr_of(&out));
    }

    // Code that uses a submodule it never imported works only where something else imported
    // it first; in a learner's fresh interpreter it fails, and so it must in verify.
    write(
        &t,
        "files/src/{{package}}/mail.py",
        "import email\n\n\ndef note():\n    return email.mime.text.MIMEText(\"hi\").get_payload()\n",
    );
    write(
        &t,
        "files/tests/test_mail.py.tera",
        "from {{ package }}.mail import note\n\n\ndef test_note():\n    assert note() == \"hi\"\n",
    );
    let out = verify();
    assert_eq!(out.status.code(), Some(1), "{}", stderr_of(&out));
    let report: serde_json::Value = serde_json::from_str(&stdout_of(&out)).unwrap();
    let tests = report["results"][0]["stages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == "tests")
        .unwrap()
        .clone();
    assert_eq!(tests["status"], "fail", "{tests}");
    assert!(
        tests["detail"]
            .as_str()
            .unwrap()
            .contains("tests/test_mail.py::test_note"),
        "{tests}"
    );
    if let Some(kept) = report["results"][0]["kept"].as_str() {
        let _ = fs::remove_dir_all(kept);
    }
}

/// A template that fails to render: under `--lang zh` the terminal says so in Chinese, while
/// the JSON report keeps the English message (reports for programs do not follow `--lang`).
#[test]
fn a_render_failure_is_english_in_the_json_report_whatever_the_language() {
    let s = Sandbox::new();
    let t = s.join("bad_render");
    write(
        &t,
        "template.toml",
        "name = \"bad_render\"\ncategory = \"data\"\npython = \">=3.10\"\n\
         test = [\"python\", \"-m\", \"pytest\", \"-q\"]\n\
         [summary]\nzh = \"渲染失败的模板\"\nen = \"A template that does not render\"\n",
    );
    write(&t, "files/README.md.tera", "# {{ nothing_by_this_name }}\n");
    let out = s
        .pystart(&[
            "verify",
            "--trust",
            t.to_str().unwrap(),
            "--lang",
            "zh",
            "--json",
        ])
        .env("PYSTART_CACHE_DIR", test_cache())
        .output()
        .unwrap();
    let err = stderr_of(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    let report: serde_json::Value = serde_json::from_str(&stdout_of(&out)).unwrap();
    let render = &report["results"][0]["stages"][0];
    assert_eq!(render["name"], "render");
    assert_eq!(render["status"], "fail");
    assert_eq!(render["code"], "render_failed");
    let detail = render["detail"].as_str().unwrap();
    assert!(detail.contains("nothing_by_this_name"), "{detail}");
    // The file is named where its author finds it, not inside pystart's own templates.
    assert!(
        detail.starts_with("failed to render `bad_render/files/README.md.tera`"),
        "{detail}"
    );
    assert!(
        !detail
            .chars()
            .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
        "the JSON detail is not English: {detail}"
    );
    assert!(
        err.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
        "the terminal is not Chinese: {err}"
    );
}
