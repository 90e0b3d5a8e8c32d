//! Tests of `manifest`: they use its private items through `super`.

use super::*;

const MINIMAL: &str = r#"
name = "demo"
category = "data"
python = ">=3.10"
test = ["python", "-m", "pytest"]
[summary]
zh = "演示"
en = "Demo"
[variables.with_notebook]
type = "bool"
default = true
[variables.server]
type = "choice"
choices = ["flask", "tornado"]
default = "flask"
[[files.when]]
if = "with_notebook"
paths = ["notebooks/**"]
"#;

#[test]
fn parses_a_full_manifest_in_declared_order() {
    let m = Manifest::parse(MINIMAL, "demo/template.toml").unwrap();
    assert_eq!(m.name, "demo");
    assert_eq!(m.category, Category::Data);
    let names: Vec<_> = m.variables.keys().cloned().collect();
    assert_eq!(names, ["with_notebook", "server"]);
    assert_eq!(m.files.when[0].condition, "with_notebook");
}

#[test]
fn a_variant_may_only_change_how_it_runs() {
    let text = format!("{MINIMAL}\n[[variants]]\nname = \"uv\"\nrunner = \"uv\"\n");
    let m = Manifest::parse(&text, "demo/template.toml").unwrap();
    let v = m.variants.iter().find(|v| v.name == "uv").unwrap();
    assert_eq!(v.runner, Some(Runner::Uv));
    let empty = format!("{MINIMAL}\n[[variants]]\nname = \"same\"\n");
    assert!(Manifest::parse(&empty, "demo/template.toml").is_err());
    let bad = format!("{MINIMAL}\n[[variants]]\nname = \"x\"\nrunner = \"conda\"\n");
    assert!(Manifest::parse(&bad, "demo/template.toml").is_err());
}

#[test]
fn unknown_keys_are_rejected_with_file_and_key() {
    let text = MINIMAL.replace("python = ", "pyhton = \">=3\"\npython = ");
    let e = Manifest::parse(&text, "demo/template.toml").unwrap_err();
    assert!(
        e.message().contains("demo/template.toml"),
        "{}",
        e.message()
    );
    assert!(e.message().contains("pyhton"), "{}", e.message());
    assert!(e.hints()[0].contains("line"), "{:?}", e.hints());
}

#[test]
fn unknown_keys_inside_variables_are_rejected() {
    let text = MINIMAL.replace("type = \"bool\"", "type = \"bool\"\ndefualt = 1");
    let e = Manifest::parse(&text, "t.toml").unwrap_err();
    assert!(e.message().contains("defualt"), "{}", e.message());
}

/// Parsed, then its values checked against the specs, as the catalogue loads a manifest.
fn checked(text: &str) -> Result<Manifest> {
    let m = Manifest::parse(text, "t.toml")?;
    crate::vars::check_values(&m, "t.toml")?;
    Ok(m)
}

#[test]
fn a_choice_default_outside_its_choices_is_rejected() {
    let text = MINIMAL.replace("default = \"flask\"", "default = \"django\"");
    let e = checked(&text).unwrap_err();
    assert!(e.message().contains("server"), "{}", e.message());
}

#[test]
fn variants_are_checked_against_the_variables() {
    let ok = format!(
        "{MINIMAL}\n[[variants]]\nname = \"tornado\"\nset = {{ server = \"tornado\" }}\n\
         [[variants]]\nname = \"bare\"\nset = {{ with_notebook = false, with_concepts = false }}\n"
    );
    let m = Manifest::parse(&ok, "t.toml").unwrap();
    assert_eq!(m.variants.len(), 2);
    assert_eq!(m.variants[1].set.len(), 2);
    for (bad, word) in [
        ("name = \"x\"\nset = { colour = \"red\" }", "colour"),
        ("name = \"x\"\nset = { server = \"django\" }", "server"),
        (
            "name = \"Bad Name\"\nset = { server = \"flask\" }",
            "Bad Name",
        ),
        ("name = \"default\"\nset = { server = \"flask\" }", "twice"),
        ("name = \"empty\"", "sets nothing"),
    ] {
        let text = format!("{MINIMAL}\n[[variants]]\n{bad}\n");
        let e = checked(&text).unwrap_err();
        assert!(e.message().contains(word), "{bad}: {}", e.message());
    }
}

#[test]
fn grading_points_by_glob_first_match_wins() {
    let text = format!(
        "{MINIMAL}\n[grading]\ndefault_points = 2\npoints = {{ \"tests/test_a.py::test_title*\" = 5, \"*stretch*\" = 3 }}\n"
    );
    let m = Manifest::parse(&text, "t.toml").unwrap();
    let g = &m.grading;
    assert_eq!(g.points_for("tests/test_a.py::test_title_rare"), 5);
    assert_eq!(g.points_for("tests/test_b.py::test_stretch_x"), 3);
    assert_eq!(g.points_for("tests/test_b.py::test_other"), 2);
    let plain = Manifest::parse(MINIMAL, "t.toml").unwrap();
    assert_eq!(plain.grading.points_for("anything"), 1);
    assert!(glob_match("a*c*e", "abcde"));
    assert!(!glob_match("a*c*e", "abde"));
    assert!(glob_match("*", ""));
}

#[test]
fn redeclaring_a_standard_variable_is_rejected() {
    let text = format!("{MINIMAL}\n[variables.author]\ntype = \"string\"\n");
    let e = Manifest::parse(&text, "t.toml").unwrap_err();
    assert!(e.message().contains("standard variable"), "{}", e.message());
}

#[test]
fn shared_files_are_relative_paths_each_written_once() {
    let entry = |from: &str, to: &str| {
        let text = MINIMAL.replace(
            "[summary]",
            &format!("shared = [{{ from = \"{from}\", to = \"{to}\" }}]\n[summary]"),
        );
        Manifest::parse(&text, "demo/template.toml")
    };
    let m = entry("python/i18n.py", "src/{{package}}/i18n.py").unwrap();
    assert_eq!(m.shared[0].to, "src/{{package}}/i18n.py");
    for (from, to) in [
        ("../rental/files/x.py", "x.py"),
        ("/etc/passwd", "x.py"),
        ("python/./i18n.py", "x.py"),
        ("C:/x.py", "x.py"),
        ("python\\\\i18n.py", "x.py"),
        ("python/i18n.py", "../x.py"),
        ("python/i18n.py", "src//x.py"),
    ] {
        let e = entry(from, to).unwrap_err();
        assert!(
            e.message().contains("`shared`"),
            "{from} -> {to}: {}",
            e.message()
        );
        assert!(
            e.message().contains("demo/template.toml"),
            "{}",
            e.message()
        );
    }
    let twice = MINIMAL.replace(
        "[summary]",
        "shared = [{ from = \"python/a.py\", to = \"a.py\" }, { from = \"python/b.py\", to = \"a.py\" }]\n[summary]",
    );
    let e = Manifest::parse(&twice, "t.toml").unwrap_err();
    assert!(e.message().contains("twice"), "{}", e.message());
}

#[test]
fn shared_sources_must_exist_and_miss_the_templates_own_files() {
    let text = MINIMAL.replace(
        "[summary]",
        "shared = [{ from = \"python/i18n.py\", to = \"src/{{package}}/i18n.py\" }]\n[summary]",
    );
    let m = Manifest::parse(&text, "demo/template.toml").unwrap();
    let own = vec!["README.md.tera".to_string()];
    m.check_shared("demo/template.toml", |p| p == "python/i18n.py", &own)
        .unwrap();
    let e = m
        .check_shared("demo/template.toml", |_| false, &own)
        .unwrap_err();
    assert!(e.message().contains("python/i18n.py"), "{}", e.message());
    assert!(
        e.message().contains("demo/template.toml"),
        "{}",
        e.message()
    );
    let own = vec!["src/{{package}}/i18n.py.tera".to_string()];
    let e = m
        .check_shared("demo/template.toml", |_| true, &own)
        .unwrap_err();
    for word in ["`demo`", "`shared`", "src/{{package}}/i18n.py.tera"] {
        assert!(e.message().contains(word), "{word}: {}", e.message());
    }
    assert!(e.hints()[0].contains("delete"), "{:?}", e.hints());
}
