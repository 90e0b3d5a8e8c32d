//! `pystart strip` and `pystart new --mode student`: the student version of a project.

use crate::common::{Sandbox, files, read, stderr_of, stdout_of};
use std::fs;
use std::path::Path;

#[test]
fn strip_of_a_generated_project_equals_new_in_student_mode() {
    let s = Sandbox::with_git_user("Teacher", "teacher@example.com");
    s.ok(&["new", "titanic", "teacher", "--yes"]);
    // Files the project's .gitignore excludes are not copied.
    fs::create_dir_all(s.join("teacher/outputs")).unwrap();
    fs::write(s.join("teacher/outputs/model.pkl"), "x").unwrap();

    let out = s.ok(&["strip", "teacher", "--out", "student", "--json"]);
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let stripped: Vec<&str> = report["stripped_files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    // The README loses its notes for the teacher (one in Chinese, one in the English summary).
    assert_eq!(stripped, ["README.md", "src/titanic/features.py"]);
    assert_eq!(report["solution_blocks"], 2);
    assert_eq!(report["stub_blocks"], 2);
    assert_eq!(report["teacher_blocks"], 2);
    // The template's hidden grading tests stay with the teacher, in both ways of stripping.
    assert_eq!(
        report["hidden_left_out"],
        serde_json::json!(["tests/test_features_hidden.py"])
    );
    assert!(s.join("teacher/tests/test_features_hidden.py").is_file());
    assert!(!s.join("student/tests/test_features_hidden.py").exists());

    s.ok(&["new", "titanic", "student2", "--yes", "--mode", "student"]);
    assert_eq!(files(&s.join("student")), files(&s.join("student2")));
    for f in files(&s.join("student")) {
        assert_eq!(
            fs::read(s.join("student").join(&f)).unwrap(),
            fs::read(s.join("student2").join(&f)).unwrap(),
            "{f} differs"
        );
    }
    assert!(!s.join("student/outputs").exists());

    let code = read(&s.join("student/src/titanic/features.py"));
    assert!(!code.contains(">>> SOLUTION") && !code.contains(">>> STUB"));
    // The stub speaks both languages, whatever the project's.
    assert!(
        code.contains("    raise NotImplementedError(\n        \"练习（学生）：")
            && code.contains("\" / exercise: extract the title"),
        "{code}"
    );
    assert!(read(&s.join("student/.pystart.toml")).contains("mode = \"student\""));
    assert!(!read(&s.join("student/README.md")).contains("TEACHER"));
    // The teacher's copy is untouched.
    assert!(read(&s.join("teacher/src/titanic/features.py")).contains("# >>> SOLUTION"));
    assert!(read(&s.join("teacher/README.md")).contains("<!-- >>> TEACHER -->"));

    // One commit in the student repository.
    let log = std::process::Command::new("git")
        .args(["-C", "student", "rev-list", "--count", "HEAD"])
        .current_dir(s.path())
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&log.stdout).trim(), "1");

    // The recorded mode carries over: --answers of a student project makes a student project.
    s.ok(&[
        "new",
        "student3",
        "--answers",
        "student/.pystart.toml",
        "--no-git",
    ]);
    assert!(!read(&s.join("student3/src/titanic/features.py")).contains(">>> SOLUTION"));
}

#[test]
fn unbalanced_markers_fail_naming_file_and_line_and_write_nothing() {
    let s = Sandbox::new();
    fs::create_dir_all(s.join("proj/src/p")).unwrap();
    fs::write(
        s.join("proj/src/p/ex.py"),
        "def f():\n    # >>> SOLUTION\n    return 1\n    # >>> SOLUTION\n    # <<< SOLUTION\n",
    )
    .unwrap();
    let out = s
        .pystart(&["strip", "proj", "--out", "student"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = stderr_of(&out);
    assert!(
        err.contains("error: src/p/ex.py:4: `# >>> SOLUTION` inside the block opened at line 2"),
        "{err}"
    );
    assert!(
        err.contains("hint: solution markers are whole lines"),
        "{err}"
    );
    assert!(!s.join("student").exists());

    fs::write(s.join("proj/src/p/ex.py"), "x = 1\n").unwrap();
    let out = s
        .pystart(&["strip", "proj", "--out", "student"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr_of(&out).contains("has no solution markers"));
    assert!(!s.join("student").exists());
}

#[test]
fn strip_refuses_outputs_it_could_damage() {
    let s = Sandbox::new();
    s.ok(&["new", "titanic", "teacher", "--yes", "--no-git"]);
    let out = s
        .pystart(&["strip", "teacher", "--out", "teacher/student"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr_of(&out).contains("is inside the source"),
        "{}",
        stderr_of(&out)
    );

    fs::create_dir_all(s.join("busy")).unwrap();
    fs::write(s.join("busy/keep.txt"), "mine").unwrap();
    let out = s
        .pystart(&["strip", "teacher", "--out", "busy"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(read(&s.join("busy/keep.txt")), "mine");
    assert!(stdout_of(&out).is_empty());
}

#[test]
fn strip_speaks_chinese_with_pystart_lang_zh() {
    let s = Sandbox::new();
    fs::create_dir_all(s.join("proj/src/p")).unwrap();
    fs::write(
        s.join("proj/src/p/ex.py"),
        "def f():\n    # >>> SOLUTION\n    return 1\n    # >>> SOLUTION\n    # <<< SOLUTION\n",
    )
    .unwrap();
    let out = s
        .pystart(&["strip", "proj", "--out", "student"])
        .env("PYSTART_LANG", "zh")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = stderr_of(&out);
    assert!(
        err.contains("error: src/p/ex.py:4: `# >>> SOLUTION` 在第 2 行开始的块之内；块不能嵌套"),
        "{err}"
    );
    assert!(err.contains("hint: 答案标记各占一整行"), "{err}");

    let out = s
        .pystart(&["--lang", "zh", "strip", "proj", "--out", "proj/student"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = stderr_of(&out);
    assert!(
        err.contains("error: 输出目录 `proj/student` 在源项目 `proj` 之内"),
        "{err}"
    );
    assert!(err.contains("hint: 把学生版写到项目之外的地方"), "{err}");

    fs::write(s.join("proj/src/p/ex.py"), "x = 1\n").unwrap();
    let out = s
        .pystart(&["strip", "proj", "--out", "student"])
        .env("PYSTART_LANG", "zh")
        .output()
        .unwrap();
    let err = stderr_of(&out);
    assert!(
        err.contains("error: `proj` 中没有答案标记，没有可删去的内容"),
        "{err}"
    );
    assert!(err.contains("hint: 用 `# >>> SOLUTION` … `# <<< SOLUTION` 两行标出答案"));

    // The summary, in Chinese and unchanged in English.
    fs::write(
        s.join("proj/src/p/ex.py"),
        "def f():\n    # >>> SOLUTION\n    return 1\n    # <<< SOLUTION\n    # >>> STUB\n    # raise NotImplementedError\n    # <<< STUB\n",
    )
    .unwrap();
    fs::write(s.join("proj/README.md"), "# proj\n").unwrap();
    let out = s
        .pystart(&["strip", "proj", "--out", "student"])
        .env("PYSTART_LANG", "zh")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert!(
        stderr_of(&out).contains(
            "已写入 `student`：在 1 个文件中删去 1 个答案块，并取消 1 个练习桩的注释（共 2 个文件，一次 git 提交）"
        ),
        "{}",
        stderr_of(&out)
    );
    let out = s.ok(&["strip", "proj", "--out", "student-en", "--no-git"]);
    assert!(
        stderr_of(&out).contains(
            "Wrote `student-en`: 1 solution block removed and 1 stub opened in 1 file (2 files in all)"
        ),
        "{}",
        stderr_of(&out)
    );
}

#[test]
fn teacher_notes_are_left_out_counted_and_reported() {
    let s = Sandbox::new();
    fs::create_dir_all(s.join("proj/src/p")).unwrap();
    fs::write(
        s.join("proj/src/p/ex.py"),
        "def f():\n    # >>> SOLUTION\n    return 1\n    # <<< SOLUTION\n    # >>> STUB\n    # raise NotImplementedError\n    # <<< STUB\n",
    )
    .unwrap();
    let readme = "# proj\n\nWrite `f`.\n\n<!-- >>> TEACHER -->\nThe answer is in `# >>> SOLUTION`.\n<!-- <<< TEACHER -->\n\nThen run `pytest`.\n";
    fs::write(s.join("proj/README.md"), readme).unwrap();

    let out = s.ok(&["strip", "proj", "--out", "student", "--no-git", "--json"]);
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        report["stripped_files"],
        serde_json::json!(["README.md", "src/p/ex.py"])
    );
    assert_eq!(report["solution_blocks"], 1);
    assert_eq!(report["stub_blocks"], 1);
    assert_eq!(report["teacher_blocks"], 1);
    assert_eq!(
        read(&s.join("student/README.md")),
        "# proj\n\nWrite `f`.\n\nThen run `pytest`.\n"
    );
    assert_eq!(read(&s.join("proj/README.md")), readme);

    let out = s.ok(&["strip", "proj", "--out", "student-en", "--no-git"]);
    assert!(
        stderr_of(&out).contains(
            "Wrote `student-en`: 1 solution block plus 1 teacher note removed and 1 stub opened in 2 files (2 files in all)"
        ),
        "{}",
        stderr_of(&out)
    );
    let out = s
        .pystart(&["strip", "proj", "--out", "student-zh", "--no-git"])
        .env("PYSTART_LANG", "zh")
        .output()
        .unwrap();
    assert!(
        stderr_of(&out).contains(
            "已写入 `student-zh`：在 2 个文件中删去 1 个答案块和 1 段教师说明，并取消 1 个练习桩的注释（共 2 个文件）"
        ),
        "{}",
        stderr_of(&out)
    );

    // A teacher block left open is an error naming the file and the line.
    fs::write(
        s.join("proj/README.md"),
        "# proj\n\n<!-- >>> TEACHER -->\nnote\n",
    )
    .unwrap();
    let out = s
        .pystart(&["strip", "proj", "--out", "student-bad"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = stderr_of(&out);
    assert!(
        err.contains(
            "error: README.md:3: this block is never closed (no `<!-- <<< TEACHER -->` after it)"
        ),
        "{err}"
    );
    assert!(err.contains("<!-- >>> TEACHER -->"), "{err}");
    assert!(!s.join("student-bad").exists());
}

/// Words that address the teacher, or that only make sense beside the solutions.
const FOR_THE_TEACHER: &[&str] = &[
    "老师",
    "教师",
    "学生版",
    "Teacher",
    "teacher",
    "student version",
    ">>> SOLUTION",
    ">>> STUB",
    ">>> TEACHER",
];

/// The Markdown files of a generated project (README.md, exercise and concept notes).
fn markdown_files(root: &Path) -> Vec<String> {
    files(root)
        .into_iter()
        .filter(|f| f.ends_with(".md"))
        .collect()
}

#[test]
fn student_readmes_of_every_template_hold_nothing_for_the_teacher() {
    let s = Sandbox::new();
    let out = s.ok(&["list", "--json"]);
    let list: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let names: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    assert!(names.len() >= 18, "{names:?}");
    for name in names {
        let teacher = format!("teacher-{name}");
        s.ok(&["new", name, &teacher, "--yes", "--no-git"]);
        // Some Markdown files (the concepts exercises) differ by the project's language.
        for lang in ["zh", "en"] {
            let student = format!("student-{name}-{lang}");
            let set = format!("lang={lang}");
            s.ok(&[
                "new", name, &student, "--yes", "--mode", "student", "--no-git", "--set", &set,
            ]);
            let docs = markdown_files(&s.join(&student));
            assert!(docs.contains(&"README.md".to_string()), "{name}: {docs:?}");
            for doc in docs {
                let text = read(&s.join(&format!("{student}/{doc}")));
                for word in FOR_THE_TEACHER {
                    let line = text.lines().find(|l| l.contains(word));
                    assert!(
                        line.is_none(),
                        "{name} ({lang}): the student's {doc} has `{word}`: {}",
                        line.unwrap_or_default()
                    );
                }
            }
        }
        // The teacher's README still explains the markers, inside a teacher block.
        let readme = read(&s.join(&format!("{teacher}/README.md")));
        let notes: Vec<&str> = readme
            .split("<!-- >>> TEACHER -->")
            .skip(1)
            .map(|rest| rest.split_once("<!-- <<< TEACHER -->").unwrap().0)
            .collect();
        assert!(
            notes
                .iter()
                .any(|n| n.contains("# >>> SOLUTION") && n.contains("# >>> STUB")),
            "{name}: no teacher note on the markers in {notes:?}"
        );
    }

    // The teacher's titanic README keeps the note in both languages; the student's has the
    // learner's sentences that replace it.
    let teacher = read(&s.join("teacher-titanic/README.md"));
    assert!(teacher.contains(
        "这两个函数中 `# >>> SOLUTION` 与 `# <<< SOLUTION` 之间是参考答案。老师可以删去答案部分"
    ));
    assert!(teacher.contains("Teachers: the reference solutions sit between `# >>> SOLUTION`"));
    let student = read(&s.join("student-titanic-zh/README.md"));
    assert!(student.contains("完成之前，这两个函数会抛出 `NotImplementedError`"));
    assert!(student.contains("Until they are\n  done they raise `NotImplementedError`"));
    assert!(student.contains("pytest -q -m stretch"));
}
