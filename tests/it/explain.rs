//! `pystart explain` against the real binary.

use crate::common::{Sandbox, stderr_of, stdout_of};

const TOPICS: [&str; 12] = [
    "circular_imports",
    "convoy",
    "free_threading",
    "gil",
    "imports",
    "interpreters",
    "io_bound",
    "memory",
    "multiprocessing",
    "process_pool",
    "subinterpreters",
    "thread_safety",
];

#[test]
fn lists_the_topics() {
    let s = Sandbox::new();
    let out = s.pystart(&["explain"]).output().unwrap();
    assert!(out.status.success());
    let text = stdout_of(&out);
    for t in TOPICS {
        assert!(
            text.lines().any(|l| l.starts_with(t)),
            "{t} missing from\n{text}"
        );
    }
}

#[test]
fn prints_each_topic_in_the_chosen_language() {
    let s = Sandbox::new();
    for t in TOPICS {
        let en = s.pystart(&["explain", t, "--lang", "en"]).output().unwrap();
        assert!(en.status.success(), "{t}: {}", stderr_of(&en));
        assert!(stdout_of(&en).contains("Common misconceptions"), "{t} (en)");
        let zh = s.pystart(&["explain", t, "--lang", "zh"]).output().unwrap();
        assert!(zh.status.success(), "{t}: {}", stderr_of(&zh));
        assert!(stdout_of(&zh).contains("常见误解"), "{t} (zh)");
    }
    // Without --lang the locale decides.
    let zh = s
        .pystart(&["explain", "gil"])
        .env("LANG", "zh_CN.UTF-8")
        .output()
        .unwrap();
    assert!(stdout_of(&zh).contains("常见误解"));
}

#[test]
fn an_unknown_topic_is_an_error_listing_the_topics() {
    let s = Sandbox::new();
    let out = s.pystart(&["explain", "gill"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = stderr_of(&out);
    assert!(err.contains("error: unknown topic `gill`"), "{err}");
    assert!(
        err.contains(
            "hint: topics: circular_imports, convoy, free_threading, gil, imports, interpreters, io_bound, memory, multiprocessing, process_pool, subinterpreters, thread_safety"
        ),
        "{err}"
    );
}

#[test]
fn an_unknown_topic_is_explained_in_chinese_too() {
    let s = Sandbox::new();
    let out = s
        .pystart(&["explain", "gill"])
        .env("PYSTART_LANG", "zh")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = stderr_of(&out);
    assert!(err.contains("error: 未知主题 `gill`"), "{err}");
    assert!(
        err.contains(
            "hint: 可选的主题：circular_imports, convoy, free_threading, gil, imports, interpreters, io_bound, memory, multiprocessing, process_pool, subinterpreters, thread_safety"
        ),
        "{err}"
    );
    let out = s.pystart(&["explain", "--lang", "zh"]).output().unwrap();
    assert!(out.status.success());
    assert!(
        stderr_of(&out).contains("运行 `pystart explain <topic>` 阅读其中一篇。"),
        "{}",
        stderr_of(&out)
    );
    let out = s.pystart(&["explain"]).output().unwrap();
    assert!(stderr_of(&out).contains("Run `pystart explain <topic>` to read one."));
}
