//! Property tests: whatever names and free text a user types, every generated TOML and JSON
//! file parses and holds exactly what was typed, or the input is refused with an error; no
//! control character reaches a generated file; a default from the environment is either
//! usable as it is given back or refused.
//!
//! Each property runs 256 cases (about 30 s for the file in a debug build on 2 cores).
//! `PYSTART_PROPTEST_CASES=10000 cargo test --release --test props` runs 10 000 (or any
//! number) for a thorough pass (about 2 minutes in all on 2 cores).

use indexmap::IndexMap;
use proptest::prelude::*;
use pystart::vars::{self, EnvDefaults, Given};
use pystart::{catalog, render};

fn render_with(
    given: Vec<(&str, String)>,
) -> Result<(vars::Answers, render::Plan), pystart::error::Error> {
    let template = catalog::find("titanic")?;
    let env = EnvDefaults {
        lang: "en".into(),
        author: None,
        email: None,
    };
    let defs = vars::definitions(&template.manifest, &env);
    let given: IndexMap<String, Given> = given
        .into_iter()
        .map(|(k, v)| (k.to_string(), Given::Text(v)))
        .collect();
    let answers = vars::resolve(&defs, given, None)?;
    let plan = render::render(&template, &answers)?;
    Ok((answers, plan))
}

fn text(plan: &render::Plan, path: &str) -> String {
    String::from_utf8(plan.get(path).unwrap().contents.clone()).unwrap()
}

/// Free text with the characters that break naive templating.
fn nasty() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop_oneof![
            Just("\"".to_string()),
            Just("'".to_string()),
            Just("\\".to_string()),
            Just("{{".to_string()),
            Just("}}".to_string()),
            Just("{%".to_string()),
            Just("</script>".to_string()),
            Just("\n".to_string()),
            Just("\t".to_string()),
            Just("'''".to_string()),
            Just("\"\"\"".to_string()),
            Just("🚀".to_string()),
            Just("泰坦尼克".to_string()),
            Just("\u{2028}".to_string()),
            "[a-zA-Z0-9 ]{1,8}",
        ],
        1..12,
    )
    .prop_map(|parts| parts.concat())
}

/// 256 cases, or `PYSTART_PROPTEST_CASES`.
fn cases() -> u32 {
    std::env::var("PYSTART_PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(256)
}

/// Control characters other than line breaks and tabs.
fn has_control(bytes: &[u8]) -> bool {
    String::from_utf8_lossy(bytes)
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), ..ProptestConfig::default() })]

    #[test]
    fn free_text_lands_intact_or_is_refused(author in nasty(), description in nasty()) {
        match render_with(vec![("author", author.clone()), ("description", description.clone())]) {
            Ok((_, plan)) => {
                let doc: toml::Table = toml::from_str(&text(&plan, "pyproject.toml")).unwrap();
                let project = doc["project"].as_table().unwrap();
                prop_assert_eq!(project["description"].as_str(), Some(description.as_str()));
                prop_assert_eq!(project["authors"][0]["name"].as_str(), Some(author.as_str()));
                let answers: toml::Table = toml::from_str(&text(&plan, ".pystart.toml")).unwrap();
                prop_assert_eq!(answers["answers"]["author"].as_str(), Some(author.as_str()));
                for f in &plan.files {
                    prop_assert!(!has_control(&f.contents), "a control character in {}", f.path);
                    if f.path.ends_with(".json") || f.path.ends_with(".ipynb") {
                        let s = String::from_utf8(f.contents.clone()).unwrap();
                        prop_assert!(serde_json::from_str::<serde_json::Value>(&s).is_ok(), "{}", f.path);
                    }
                    if f.path.ends_with(".toml") {
                        let s = String::from_utf8(f.contents.clone()).unwrap();
                        prop_assert!(toml::from_str::<toml::Table>(&s).is_ok(), "{}", f.path);
                    }
                }
            }
            Err(e) => {
                // Only an author on several lines or with a comma may be refused.
                prop_assert!(
                    e.message().contains("author"),
                    "unexpected refusal: {}", e.message()
                );
            }
        }
    }

    #[test]
    fn any_project_name_gives_a_valid_package_or_a_clear_error(name in "\\PC{1,40}") {
        match render_with(vec![("project_name", name.clone())]) {
            Ok((answers, plan)) => {
                let package = answers.package();
                prop_assert!(vars::validate_package(package).is_ok(), "{package}");
                let init = format!("src/{package}/__init__.py");
                prop_assert!(plan.get(&init).is_some(), "{init}");
                let (dir, _) = vars::dir_name(&name);
                prop_assert!(!dir.contains('/') && !dir.contains('\\') && dir != ".." && !dir.is_empty());
            }
            Err(e) => {
                prop_assert!(!e.hints().is_empty(), "error without a hint: {}", e.message());
                prop_assert!(e.message().contains("project_name"), "{}", e.message());
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), ..ProptestConfig::default() })]

    /// An author or email from the environment is repaired into a value `--set` accepts, or
    /// passed over; never written as it came.
    #[test]
    fn defaults_from_the_environment_are_usable_or_refused(
        name in prop_oneof![nasty(), "\\PC{0,30}", Just("Smith, John".to_string())],
        email in prop_oneof![nasty(), "[a-z]{1,8}@[a-z]{1,8}\\.[a-z]{2,3}", "\\PC{0,20}"],
    ) {
        if let Ok(author) = vars::usable_default("author", &name) {
            prop_assert!(!author.contains(',') && !has_control(author.as_bytes()));
            let rendered = render_with(vec![("author", author.clone())]);
            prop_assert!(rendered.is_ok(), "{author:?}: {:?}", rendered.err().map(|e| e.message().to_string()));
        }
        if let Ok(email) = vars::usable_default("email", &email) {
            let rendered = render_with(vec![("email", email.clone())]);
            prop_assert!(rendered.is_ok(), "{email:?}: {:?}", rendered.err().map(|e| e.message().to_string()));
        }
    }
}

/// `py_str` gives literals that Python itself reads back to the same text.
#[test]
fn python_reads_back_escaped_literals() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let samples: Vec<String> = (0..200)
        .map(|_| nasty().new_tree(&mut runner).unwrap().current())
        .chain(["\u{0}\u{7}\u{1b}\u{7f}\u{85}\u{feff}".to_string()])
        .collect();
    let mut program = String::from("import json, sys\nexpected = json.load(sys.stdin)\ngot = [\n");
    for s in &samples {
        program.push_str(&format!("    {},\n", render::py_str(s)));
    }
    program.push_str("]\nassert got == expected, [(g, e) for g, e in zip(got, expected) if g != e][:3]\nprint(len(got))\n");
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("literals.py");
    std::fs::write(&file, program).unwrap();
    let mut child = std::process::Command::new("python3")
        .arg(&file)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    {
        use std::io::Write;
        let mut stdin = child.stdin.take().unwrap();
        stdin
            .write_all(serde_json::to_string(&samples).unwrap().as_bytes())
            .unwrap();
    }
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        samples.len().to_string()
    );
}
