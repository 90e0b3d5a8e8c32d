//! Tests of `vars`: they use its private items through `super`.

use super::*;

fn derived(name: &str) -> String {
    derive_package(name).unwrap().package
}

#[test]
fn derives_plain_names() {
    assert_eq!(derived("titanic"), "titanic");
    assert_eq!(derived("My-Titanic.v2"), "my_titanic_v2");
    assert_eq!(derived("  spaced   name "), "spaced_name");
}

#[test]
fn transliterates_chinese_names() {
    assert_eq!(derived("泰坦尼克"), "taitannike");
    assert_eq!(derived("我的titanic"), "wode_titanic");
    assert_eq!(derived("titanic分析2"), "titanic_fenxi_2");
}

#[test]
fn project_names_with_paths_or_dots_are_rejected() {
    for bad in ["", "a/b", "..", ".", "../x", "a\\b", "x\ny", " pad"] {
        assert!(validate_project_name(bad).is_err(), "{bad:?}");
    }
    assert!(validate_project_name(&"x".repeat(MAX_PROJECT_NAME + 1)).is_err());
    assert!(validate_project_name("泰坦尼克").is_ok());
}

#[test]
fn defaults_from_the_environment_are_repaired_or_refused_with_why() {
    assert_eq!(
        usable_default("author", "Smith, John").unwrap(),
        "Smith John"
    );
    assert_eq!(
        usable_default("author", "Ada\tLovelace\n").unwrap(),
        "Ada Lovelace"
    );
    assert_eq!(usable_default("author", "王老师").unwrap(), "王老师");
    assert!(usable_default("author", " \u{7} ").is_err());
    assert_eq!(usable_default("email", " a@b.cd ").unwrap(), "a@b.cd");
    let why = usable_default("email", "not-an-email").unwrap_err();
    assert!(why.contains("not-an-email"), "{why}");
}

#[test]
fn emails_and_authors_are_checked() {
    assert!(validate_email("ada@example.com").is_ok());
    for bad in ["", "ada", "a@b", "a b@c.d", "a@@b.c", "<a@b.c>"] {
        assert!(validate_email(bad).is_err(), "{bad}");
    }
    assert!(validate_author("O'Brien \"Bob\" \\ {{x}} </script> 🚀").is_ok());
    assert!(validate_author("Smith, John").is_err());
    assert!(validate_author("a\nb").is_err());
}

fn bool_spec() -> VarSpec {
    VarSpec {
        kind: VarType::Bool,
        default: None,
        prompt: None,
        choices: vec![],
        regex: None,
        min: None,
        max: None,
    }
}

#[test]
fn typed_parsing() {
    let b = bool_spec();
    assert_eq!(Value::parse("x", &b, "yes").unwrap(), Value::Bool(true));
    assert!(Value::parse("x", &b, "maybe").is_err());
    let i = VarSpec {
        kind: VarType::Int,
        min: Some(1),
        max: Some(5),
        ..b.clone()
    };
    assert_eq!(Value::parse("n", &i, "3").unwrap(), Value::Int(3));
    let e = Value::parse("n", &i, "9").unwrap_err();
    assert!(e.hints()[0].contains("1 ≤ N ≤ 5"));
    let c = VarSpec {
        kind: VarType::Choice,
        choices: vec!["flask".into(), "tornado".into()],
        ..b.clone()
    };
    let e = Value::parse("server", &c, "django").unwrap_err();
    assert_eq!(e.hints()[0], "use --set server=<flask|tornado>");
    let s = VarSpec {
        kind: VarType::String,
        regex: Some("^[a-z]+$".into()),
        ..b
    };
    assert!(Value::parse("s", &s, "abc").is_ok());
    assert!(Value::parse("s", &s, "ABC").is_err());
}

fn manifest() -> Manifest {
    Manifest::parse(
        r#"
name = "demo"
category = "data"
python = ">=3.10"
test = ["pytest"]
summary = { zh = "演示", en = "Demo" }
[variables.level]
type = "int"
"#,
        "demo/template.toml",
    )
    .unwrap()
}

fn env() -> EnvDefaults {
    EnvDefaults {
        lang: "en".into(),
        author: None,
        email: None,
    }
}

#[test]
fn resolve_uses_defaults_and_requires_values_without_one() {
    let defs = definitions(&manifest(), &env());
    let e = resolve(&defs, IndexMap::new(), None).unwrap_err();
    assert_eq!(e.message(), "no value for `level`");
    assert_eq!(e.hints()[0], "pass --set level=… (or use an answers file)");

    let mut given = IndexMap::new();
    given.insert("level".to_string(), Given::Text("2".into()));
    given.insert("project_name".to_string(), Given::Text("泰坦尼克".into()));
    let a = resolve(&defs, given, None).unwrap();
    assert_eq!(a.package(), "taitannike");
    assert_eq!(a.values["level"], Value::Int(2));
    assert_eq!(a.values["description"], Value::Str("Demo".into()));
    let order: Vec<_> = a.values.keys().map(String::as_str).collect();
    assert_eq!(
        order,
        [
            "project_name",
            "package",
            "author",
            "email",
            "lang",
            "description",
            "level",
            "with_concepts"
        ]
    );
}

#[test]
fn the_default_description_follows_the_chosen_language() {
    let defs = definitions(&manifest(), &env());
    let mut given = IndexMap::new();
    given.insert("level".to_string(), Given::Text("2".into()));
    given.insert("lang".to_string(), Given::Text("zh".into()));
    let a = resolve(&defs, given, None).unwrap();
    assert_eq!(a.values["description"], Value::Str("演示".into()));
}

#[test]
fn resolve_rejects_unknown_variables_listing_known_ones() {
    let defs = definitions(&manifest(), &env());
    let mut given = IndexMap::new();
    given.insert("levle".to_string(), Given::Text("2".into()));
    let e = resolve(&defs, given, None).unwrap_err();
    assert_eq!(e.message(), "unknown variable `levle`");
    assert_eq!(e.hints(), ["did you mean `level`? use --set level=…"]);
    // Far from every name: the message lists them, the hint says where they are described.
    let mut given = IndexMap::new();
    given.insert("colour".to_string(), Given::Text("2".into()));
    let e = resolve(&defs, given, None).unwrap_err();
    assert!(
        e.message()
            .starts_with("unknown variable `colour` (this template's variables are ")
            && e.message().contains("level"),
        "{}",
        e.message()
    );
    assert!(e.hints()[0].contains("pystart info"), "{:?}", e.hints());
}

#[test]
fn resolve_reports_package_repairs() {
    let defs = definitions(&manifest(), &env());
    let mut given = IndexMap::new();
    given.insert("level".to_string(), Given::Text("2".into()));
    given.insert("project_name".to_string(), Given::Text("random".into()));
    let a = resolve(&defs, given, None).unwrap();
    assert_eq!(a.package(), "random_app");
    assert_eq!(a.notes.len(), 1, "{:?}", a.notes);
}
