//! Tests of `index`: they use its private items through `super`.

use super::*;
use std::fs;

fn settings_with(vars: &[(&str, String)], home: &Path, cwd: &Path) -> Settings {
    let var = |name: &str| {
        vars.iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.clone())
    };
    read(&Env {
        var: &var,
        home: Some(home.to_path_buf()),
        cwd: cwd.to_path_buf(),
    })
}

#[test]
fn ini_files_read_as_configparser_does() {
    let text = "# comment\n[global]\nindex_url = https://a.example/simple\ntrusted-host =\n    a.example\n    b.example\n; other\n[install]\nIndex-Url: https://b.example/simple\n";
    assert_eq!(
        ini(text),
        vec![
            (
                "global".into(),
                "index-url".into(),
                "https://a.example/simple".into()
            ),
            (
                "global".into(),
                "trusted-host".into(),
                "\na.example\nb.example".into()
            ),
            (
                "install".into(),
                "index-url".into(),
                "https://b.example/simple".into()
            ),
        ]
    );
}

#[test]
fn pip_reads_its_variable_then_its_files_install_over_global() {
    let tmp = tempfile::tempdir().unwrap();
    let conf = tmp.path().join("pip.conf");
    fs::write(
        &conf,
        "[global]\nindex-url = https://global.example/simple\ntrusted-host = global.example\n",
    )
    .unwrap();
    let named = |extra: &[(&'static str, String)]| {
        let mut vars = vec![("PIP_CONFIG_FILE", conf.display().to_string())];
        vars.extend(extra.iter().cloned());
        settings_with(&vars, tmp.path(), tmp.path())
    };
    let s = named(&[]);
    assert_eq!(
        s.pip,
        Some(Setting {
            url: "https://global.example/simple".into(),
            source: Source::File(conf.clone()),
        })
    );
    assert_eq!(s.pip_trusted, vec!["global.example".to_string()]);

    fs::write(
        &conf,
        "[global]\nindex-url = https://global.example/simple\n[install]\nindex-url = https://install.example/simple\n",
    )
    .unwrap();
    assert_eq!(
        named(&[]).pip.unwrap().url,
        "https://install.example/simple"
    );

    let s = named(&[("PIP_INDEX_URL", "https://env.example/simple".into())]);
    assert_eq!(
        s.pip,
        Some(Setting {
            url: "https://env.example/simple".into(),
            source: Source::Env("PIP_INDEX_URL"),
        })
    );
    // pip's setting goes to uv, which has none.
    assert_eq!(
        s.uv_vars(),
        vec![("UV_DEFAULT_INDEX", "https://env.example/simple".to_string())]
    );
    assert_eq!(s.in_effect("uv").unwrap().url, "https://env.example/simple");
}

#[cfg(all(unix, not(target_os = "macos")))]
#[test]
fn pip_user_file_is_in_the_xdg_config_directory() {
    let tmp = tempfile::tempdir().unwrap();
    let config = tmp.path().join("cfg");
    fs::create_dir_all(config.join("pip")).unwrap();
    fs::write(
        config.join("pip/pip.conf"),
        "[global]\nindex-url = https://user.example/simple\n",
    )
    .unwrap();
    let s = settings_with(
        &[
            ("XDG_CONFIG_HOME", config.display().to_string()),
            (
                "XDG_CONFIG_DIRS",
                tmp.path().join("none").display().to_string(),
            ),
        ],
        tmp.path(),
        tmp.path(),
    );
    assert_eq!(s.pip.unwrap().url, "https://user.example/simple");
    // PIP_CONFIG_FILE as os.devnull: no file at all.
    let s = settings_with(
        &[
            ("XDG_CONFIG_HOME", config.display().to_string()),
            ("PIP_CONFIG_FILE", "/dev/null".into()),
        ],
        tmp.path(),
        tmp.path(),
    );
    assert_eq!(s.pip, None);
}

#[test]
fn uv_reads_its_variables_then_the_project_then_the_user_file() {
    let tmp = tempfile::tempdir().unwrap();
    let project = tmp.path().join("course").join("proj");
    fs::create_dir_all(&project).unwrap();
    let config = tmp.path().join("cfg");
    fs::create_dir_all(config.join("uv")).unwrap();
    fs::write(
        config.join("uv/uv.toml"),
        "[[index]]\nname = \"m\"\nurl = \"https://user.example/simple\"\ndefault = true\n",
    )
    .unwrap();
    let vars = |extra: &[(&'static str, String)]| {
        let mut v = vec![
            ("XDG_CONFIG_HOME", config.display().to_string()),
            ("APPDATA", config.display().to_string()),
            (
                "XDG_CONFIG_DIRS",
                tmp.path().join("none").display().to_string(),
            ),
            ("SYSTEMDRIVE", tmp.path().join("none").display().to_string()),
            (
                "PIP_CONFIG_FILE",
                tmp.path().join("none.conf").display().to_string(),
            ),
        ];
        v.extend(extra.iter().cloned());
        v
    };
    let s = settings_with(&vars(&[]), tmp.path(), &project);
    assert_eq!(
        s.uv,
        Some(Setting {
            url: "https://user.example/simple".into(),
            source: Source::File(config.join("uv").join("uv.toml")),
        })
    );
    assert!(s.uv_vars().is_empty(), "uv keeps its own index");

    fs::write(
        tmp.path().join("course/pyproject.toml"),
        "[tool.uv.pip]\nindex-url = \"https://project.example/simple\"\n",
    )
    .unwrap();
    let s = settings_with(&vars(&[]), tmp.path(), &project);
    assert_eq!(s.uv.unwrap().url, "https://project.example/simple");

    let s = settings_with(
        &vars(&[("UV_INDEX_URL", "https://old.example/simple".into())]),
        tmp.path(),
        &project,
    );
    assert_eq!(s.uv.unwrap().source, Source::Env("UV_INDEX_URL"));
    let s = settings_with(
        &vars(&[
            ("UV_INDEX_URL", "https://old.example/simple".into()),
            ("UV_DEFAULT_INDEX", "https://new.example/simple".into()),
        ]),
        tmp.path(),
        &project,
    );
    assert_eq!(s.uv.unwrap().url, "https://new.example/simple");
    let s = settings_with(&vars(&[("UV_NO_CONFIG", "1".into())]), tmp.path(), &project);
    assert_eq!(s.uv, None);
}
