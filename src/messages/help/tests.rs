//! Tests of `help`: they use its private items through `super`.

use super::*;
use clap::CommandFactory;
use std::collections::BTreeSet;

/// Every (key, English help) of the command tree, as [`walk`] looks them up.
fn keys(cmd: &Command, path: &str, out: &mut Vec<(String, String)>) {
    let about = cmd.get_about().map(|s| s.to_string()).unwrap_or_default();
    out.push((path.to_string(), about));
    for a in cmd.get_arguments() {
        let help = a.get_help().map(|s| s.to_string()).unwrap_or_default();
        out.push((format!("{path}:{}", a.get_id()), help));
    }
    for c in cmd.get_subcommands() {
        let child = if path.is_empty() {
            c.get_name().to_string()
        } else {
            format!("{path} {}", c.get_name())
        };
        keys(c, &child, out);
    }
}

fn tree() -> Vec<(String, String)> {
    let mut cmd = crate::cli::Cli::command();
    cmd.build();
    let mut out = Vec::new();
    keys(&cmd, "", &mut out);
    out
}

#[test]
fn every_command_and_argument_has_help_in_both_languages() {
    let mut missing = Vec::new();
    for (key, english) in tree() {
        assert!(!english.trim().is_empty(), "`{key}` has no English help");
        let translated = match key.split_once(':') {
            Some((path, id)) => arg_text(path, id),
            None => lookup(&key),
        };
        if translated.is_none_or(|t| t.trim().is_empty()) {
            missing.push(key);
        }
    }
    assert!(missing.is_empty(), "no Chinese help for {missing:?}");
}

#[test]
fn every_chinese_help_text_is_used() {
    let tree: BTreeSet<String> = tree().into_iter().map(|(k, _)| k).collect();
    let ids: BTreeSet<String> = tree
        .iter()
        .filter_map(|k| k.split_once(':').map(|(_, id)| id.to_string()))
        .collect();
    for (key, _) in ZH {
        let used = match key.strip_prefix("*:") {
            Some(id) => ids.contains(id),
            None => tree.iter().any(|k| canonical(k) == *key),
        };
        assert!(used, "`{key}` matches no command or argument");
    }
}

fn zh_error(args: &[&str]) -> String {
    let cmd = localize(crate::cli::Cli::command());
    let e = cmd.try_get_matches_from(args).unwrap_err();
    usage_error(&e).unwrap_or_else(|| panic!("{:?} not rendered: {e}", e.kind()))
}

#[test]
fn usage_errors_are_rendered_in_chinese_with_hints() {
    let e = zh_error(&["pystart", "lst"]);
    assert!(e.starts_with("error: 没有 `lst` 这个命令\n"), "{e}");
    assert!(e.contains("hint: 是不是想用 `list`？"), "{e}");
    assert!(e.contains("用法：pystart"), "{e}");
    let e = zh_error(&["pystart", "list", "--jsn"]);
    assert!(
        e.contains("不认识的参数 `--jsn`") && e.contains("`--json`"),
        "{e}"
    );
    let e = zh_error(&["pystart", "verify", "--jobs", "99"]);
    assert!(
        e.contains("`--jobs <N>` 的值 `99` 无效：应在 1 到 64 之间"),
        "{e}"
    );
    let e = zh_error(&["pystart", "verify", "--jobs", "two"]);
    assert!(e.contains("不是整数"), "{e}");
    let e = zh_error(&["pystart", "--color", "x", "list"]);
    assert!(e.contains("可选的值：auto、always、never"), "{e}");
    let e = zh_error(&["pystart", "new", "--dry-run", "--setup"]);
    assert!(e.contains("不能与"), "{e}");
    let e = zh_error(&["pystart", "strip"]);
    assert!(
        e.contains("缺少必需的参数") && e.contains("--out <DIR>"),
        "{e}"
    );
}

#[test]
fn the_chinese_help_is_rendered() {
    let mut cmd = localize(crate::cli::Cli::command());
    let help = cmd.render_help().to_string();
    assert!(help.contains("用法："), "{help}");
    assert!(help.contains("命令"), "{help}");
    let verify = cmd.find_subcommand_mut("verify").unwrap();
    let help = verify.render_help().to_string();
    assert!(help.contains("同时验证的模板变体数"), "{help}");
    assert!(help.contains("显示帮助"), "{help}");
    assert!(!help.contains("Print help"), "{help}");
    assert!(help.contains("［默认：300］"), "{help}");
    assert!(!help.contains("[default"), "{help}");
}
