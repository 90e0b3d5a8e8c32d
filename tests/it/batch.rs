//! `pystart batch` and `pystart grade`: one repository per student, resumable, pushed, graded.

use crate::common::{Sandbox, git, stderr_of, stdout_of};
use std::fs;
use std::path::Path;
use std::process::Command;

fn commits(dir: &Path) -> usize {
    git(dir, &["rev-list", "--count", "HEAD"]).parse().unwrap()
}

const ROSTER: &str = "学号,姓名,邮箱\n2024001,张三,zs@example.com\n2024002,李四,\n,王五,\n2024001,赵六,\nbad/id,钱七,\n";

fn check_course(s: &Sandbox, out: &std::process::Output, course: &str) {
    assert_eq!(out.status.code(), Some(1), "{}", stderr_of(out));
    let err = stderr_of(out);
    assert!(err.contains("row 4: no id (学号) (skipped)"), "{err}");
    assert!(
        err.contains("row 5: id `2024001` repeats row 2 (skipped)"),
        "{err}"
    );
    assert!(
        err.contains("row 6: id `bad/id` cannot name a directory"),
        "{err}"
    );
    assert!(err.contains("error: roster rows 4, 5, 6 skipped"), "{err}");
    for (id, name) in [("2024001", "张三"), ("2024002", "李四")] {
        let repo = s.join(&format!("{course}/{id}"));
        assert_eq!(commits(&repo), 1, "{id}");
        let readme = fs::read_to_string(repo.join("README.md")).unwrap();
        assert!(
            readme.starts_with(&format!("> 学生 / Student: {name} ({id})")),
            "{readme}"
        );
        // The notes for the teacher stay with the teacher.
        assert!(!readme.contains("老师") && !readme.contains("TEACHER"));
        let answers = fs::read_to_string(repo.join(".pystart.toml")).unwrap();
        assert!(
            answers.contains(&format!("[student]\nid = \"{id}\"\nname = \"{name}\"")),
            "{answers}"
        );
        assert!(answers.contains("mode = \"student\""));
        assert!(answers.contains(&format!("author = \"{name}\"")));
        let features = fs::read_to_string(repo.join("src/titanic/features.py")).unwrap();
        assert!(!features.contains(">>> SOLUTION"));
        assert!(repo.join(".github/workflows/grade.yml").is_file());
        let points: serde_json::Value =
            serde_json::from_slice(&fs::read(repo.join(".github/grading.json")).unwrap()).unwrap();
        assert_eq!(points["points"]["tests/test_model.py::*"], 2);
        assert_eq!(git(&repo, &["status", "--porcelain"]), "");
    }
    assert!(!s.join(&format!("{course}/bad")).exists());
}

#[test]
fn rosters_in_utf8_bom_gbk_and_xlsx_make_one_repo_per_student() {
    let s = Sandbox::with_git_user("Teacher", "teacher@example.com");
    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend_from_slice(ROSTER.as_bytes());
    let (gbk, _, _) = encoding_rs::GBK.encode(ROSTER);
    fs::write(s.join("utf8.csv"), ROSTER).unwrap();
    fs::write(s.join("bom.csv"), bom).unwrap();
    fs::write(s.join("gbk.csv"), &gbk[..]).unwrap();

    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("一班").unwrap();
    for (r, line) in ROSTER.lines().enumerate() {
        for (c, cell) in line.split(',').enumerate() {
            // Ids typed into Excel are numbers.
            match cell.parse::<f64>() {
                Ok(n) => sheet.write_number(r as u32, c as u16, n).unwrap(),
                Err(_) => sheet.write_string(r as u32, c as u16, cell).unwrap(),
            };
        }
    }
    book.save(s.join("名单.xlsx")).unwrap();

    for (file, course) in [
        ("utf8.csv", "c1"),
        ("bom.csv", "c2"),
        ("gbk.csv", "c3"),
        ("名单.xlsx", "c4"),
    ] {
        let out = s
            .pystart(&[
                "batch", "titanic", "--roster", file, "--out", course, "--json",
            ])
            .output()
            .unwrap();
        check_course(&s, &out, course);
        let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(report["students"].as_array().unwrap().len(), 2, "{file}");
        assert_eq!(report["roster"]["problems"].as_array().unwrap().len(), 3);
    }
    // The same roster twice: nothing is redone.
    let out = s
        .pystart(&["batch", "titanic", "--roster", "gbk.csv", "--out", "c3"])
        .output()
        .unwrap();
    assert!(stderr_of(&out).contains("batch: 0 created, 2 already there, 0 failed"));
    assert_eq!(commits(&s.join("c3/2024001")), 1);
}

#[test]
fn an_interrupted_batch_completes_on_the_second_run() {
    let s = Sandbox::with_git_user("Teacher", "teacher@example.com");
    let mut roster = String::from("id,name\n");
    for i in 0..30 {
        roster.push_str(&format!("s{i:02},Student {i}\n"));
    }
    fs::write(s.join("r.csv"), roster).unwrap();
    let bin = assert_cmd::cargo::cargo_bin("pystart");
    let mut child = Command::new(&bin)
        .args([
            "batch", "titanic", "--roster", "r.csv", "--out", "course", "-j", "1",
        ])
        .current_dir(s.path())
        .env("HOME", s.join("home-unused"))
        .env("NO_COLOR", "1")
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // Kill it (no chance to clean up) once a few repositories exist.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    loop {
        let done = fs::read_dir(s.join("course"))
            .map(|d| {
                d.flatten()
                    .filter(|e| {
                        !e.file_name().to_string_lossy().starts_with('.') && e.path().is_dir()
                    })
                    .count()
            })
            .unwrap_or(0);
        if done >= 3 || std::time::Instant::now() > deadline {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    child.kill().unwrap();
    child.wait().unwrap();

    let out = s
        .pystart(&[
            "batch", "titanic", "--roster", "r.csv", "--out", "course", "--json",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let existing = report["students"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["status"] == "existing")
        .count();
    assert!(
        existing >= 3,
        "the first run's repositories are kept: {existing}"
    );
    let names: Vec<String> = fs::read_dir(s.join("course"))
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        names
            .iter()
            .filter(|n| !n.starts_with('.') && n.as_str() != "TEACHER.md")
            .count(),
        30
    );
    // No staging directory is left behind, only the journal and the teacher's record.
    let mut hidden: Vec<&String> = names.iter().filter(|n| n.starts_with('.')).collect();
    hidden.sort();
    assert_eq!(hidden, [".pystart-batch", ".pystart-batch.jsonl"]);
    let mut kept: Vec<String> = fs::read_dir(s.join("course/.pystart-batch/students"))
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    kept.sort();
    let expected: Vec<String> = (0..30).map(|i| format!("s{i:02}.toml")).collect();
    assert_eq!(kept, expected);
    for i in 0..30 {
        let repo = s.join(&format!("course/s{i:02}"));
        assert_eq!(commits(&repo), 1, "s{i:02}");
        assert_eq!(git(&repo, &["status", "--porcelain"]), "", "s{i:02}");
        git(&repo, &["fsck", "--no-progress"]);
    }
}

#[test]
fn repositories_are_pushed_once_to_local_bare_remotes() {
    let s = Sandbox::with_git_user("Teacher", "teacher@example.com");
    fs::write(s.join("r.csv"), "id,name,github\na1,Ada,ada-l\nb2,Bob,\n").unwrap();
    fs::create_dir(s.join("remotes")).unwrap();
    for id in ["ada-l", "b2"] {
        git(
            &s.join("remotes"),
            &["init", "--quiet", "--bare", &format!("{id}.git")],
        );
    }
    let url = format!("file://{}/remotes/{{github}}.git", s.path().display());
    let out = s
        .pystart(&[
            "batch", "titanic", "--roster", "r.csv", "--out", "course", "--push", &url, "--json",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    for st in report["students"].as_array().unwrap() {
        assert_eq!(st["push"], "pushed", "{st}");
    }
    let local = git(&s.join("course/a1"), &["rev-parse", "HEAD"]);
    let remote = git(&s.join("remotes/ada-l.git"), &["rev-parse", "main"]);
    assert_eq!(local, remote);

    let out = s
        .pystart(&[
            "batch", "titanic", "--roster", "r.csv", "--out", "course", "--push", &url, "--json",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    for st in report["students"].as_array().unwrap() {
        assert_eq!(st["push"], "already pushed");
    }

    // A push that fails is reported per student and makes the exit code non-zero.
    fs::write(s.join("r2.csv"), "id,name\nc3,Cy\n").unwrap();
    let out = s
        .pystart(&[
            "batch", "titanic", "--roster", "r2.csv", "--out", "course", "--push", &url,
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = stderr_of(&out);
    assert!(err.contains("c3") && err.contains("failed:"), "{err}");
    assert!(err.contains("1 push failed"), "{err}");
}

#[test]
fn a_titanic_class_is_graded_by_the_templates_tests_whatever_the_copies_say() {
    if std::env::var_os("PYSTART_SKIP_VERIFY").is_some_and(|v| v != "0") {
        eprintln!("skipped: PYSTART_SKIP_VERIFY is set");
        return;
    }
    let s = Sandbox::with_git_user("Teacher", "teacher@example.com");
    fs::write(s.join("r.csv"), "id,name\ngood,Ada\nbad,Bob\n").unwrap();
    let out = s
        .pystart(&[
            "batch", "titanic", "--roster", "r.csv", "--out", "course", "--mode", "solution",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    // Bob breaks a model test (worth 2 points) and an ordinary one, gives himself more
    // points, and commits; the template's tests and points are used all the same.
    let bad = s.join("course/bad");
    let model = bad.join("tests/test_model.py");
    let text = fs::read_to_string(&model).unwrap();
    fs::write(&model, text.replace("def test_", "def skip_")).unwrap();
    fs::write(
        bad.join(".github/grading.json"),
        "{\"default_points\": 100}",
    )
    .unwrap();
    git(&bad, &["commit", "-q", "-am", "fewer tests"]);
    // An uncommitted change is not part of the submission.
    fs::write(bad.join("tests/test_cli.py"), "").unwrap();

    let cache = crate::common::test_cache();
    let out = s
        .pystart(&["grade", "course", "--report", "grades.csv", "--json"])
        .env("PYSTART_CACHE_DIR", cache)
        .timeout(std::time::Duration::from_secs(900))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let report: serde_json::Value = serde_json::from_str(&stdout_of(&out)).unwrap();
    let by_id = |id: &str| {
        report["students"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["id"] == id)
            .unwrap()
            .clone()
    };
    let (good, bad_row) = (by_id("good"), by_id("bad"));
    let max = report["assignment"]["max_points"].as_u64().unwrap();
    assert!(max > 50, "{report}");
    assert_eq!(good["points"], max);
    assert_eq!(bad_row["points"], max);
    assert_eq!(bad_row["max_points"], max);
    assert_eq!(
        bad_row["restored"],
        serde_json::json!([
            ".github/grading.json (modified, restored)",
            "tests/test_model.py (modified, restored)"
        ])
    );
    let model_test = "tests/test_model.py::test_random_forest_is_reproducible";
    let outcome = bad_row["result"]["tests"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["id"] == model_test)
        .unwrap()["outcome"]
        .clone();
    assert_eq!(outcome, "pass");

    let csv = fs::read_to_string(s.join("grades.csv")).unwrap();
    let mut reader = csv::Reader::from_reader(csv.trim_start_matches('\u{feff}').as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(
        &header[..5],
        ["id", "name", "status", "points", "max_points"]
    );
    let col = header.iter().position(|h| *h == model_test).unwrap();
    let commit_col = header.iter().position(|h| h == "commit").unwrap();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let row = rows.iter().find(|r| &r[0] == "bad").unwrap();
    assert_eq!(&row[col], "pass");
    assert_eq!(&row[3], max.to_string());
    assert_eq!(&row[commit_col], git(&bad, &["rev-parse", "HEAD"]));
}

#[test]
fn roster_problems_name_the_row_and_column_in_chinese_and_english() {
    let s = Sandbox::new();
    // No student is left, so no repository is made; the bad rows are reported.
    fs::write(s.join("r.csv"), "ID,Name\n,Ada\nbad/id,Bob\n").unwrap();
    let zh = s
        .pystart(&["batch", "titanic", "--roster", "r.csv", "--out", "course"])
        .env("PYSTART_LANG", "zh")
        .output()
        .unwrap();
    assert_eq!(zh.status.code(), Some(1));
    let err = stderr_of(&zh);
    for line in [
        "名单 `r.csv`（CSV，UTF-8）：0 名学生，2 行有问题",
        "warning: r.csv 第 2 行：没有学号（`ID` 列为空）（已跳过）",
        "warning: r.csv 第 3 行：学号 `bad/id` 不能用作目录名",
        "学号  状态      提交     详情",
        "batch：新建 0 个，已存在 0 个，失败 0 个；仓库在 `course`",
        "error: 名单第 2、3 行已跳过",
        "hint: 按上面各行所说修正后，再运行同一条命令",
    ] {
        assert!(err.contains(line), "{line}\n{err}");
    }

    let en = s
        .pystart(&[
            "batch", "titanic", "--roster", "r.csv", "--out", "course", "--json",
        ])
        .output()
        .unwrap();
    assert_eq!(en.status.code(), Some(1));
    let err = stderr_of(&en);
    for line in [
        "roster `r.csv` (CSV, UTF-8): 0 students, 2 bad rows",
        "warning: r.csv row 2: no id (ID) (skipped)",
        "warning: r.csv row 3: id `bad/id` cannot name a directory",
        "ID  STATUS    COMMIT   DETAIL",
        "batch: 0 created, 0 already there, 0 failed; repositories in `course`",
        "error: roster rows 2, 3 skipped",
        "hint: fix what the lines above name",
    ] {
        assert!(err.contains(line), "{line}\n{err}");
    }
    // The JSON report stays English whatever the interface language.
    let zh_json = s
        .pystart(&[
            "batch", "titanic", "--roster", "r.csv", "--out", "course", "--json",
        ])
        .env("PYSTART_LANG", "zh")
        .output()
        .unwrap();
    assert_eq!(stdout_of(&zh_json), stdout_of(&en));
    let report: serde_json::Value = serde_json::from_slice(&en.stdout).unwrap();
    assert_eq!(report["roster"]["source"], "CSV, UTF-8");
    assert_eq!(report["roster"]["problems"][0]["message"], "no id (ID)");

    fs::write(s.join("noid.csv"), "姓名,班级\n张三,1\n").unwrap();
    let out = s
        .pystart(&[
            "--lang", "zh", "batch", "titanic", "--roster", "noid.csv", "--out", "course",
        ])
        .output()
        .unwrap();
    let err = stderr_of(&out);
    assert!(
        err.contains("error: 名单 `noid.csv` 中找不到学号列（前几行是：姓名、班级 / 张三、1）"),
        "{err}"
    );
    assert!(err.contains("hint: 把这一列命名为 `学号` 或 `id`"), "{err}");
    let out = s
        .pystart(&[
            "batch",
            "titanic",
            "--roster",
            "r.csv",
            "--out",
            "course",
            "--encoding",
            "klingon",
        ])
        .env("PYSTART_LANG", "zh")
        .output()
        .unwrap();
    let err = stderr_of(&out);
    assert!(err.contains("error: 未知的编码 `klingon`"), "{err}");
    assert!(
        err.contains("hint: 可用 utf-8、gbk、gb18030、big5 或 utf-16le"),
        "{err}"
    );
}

#[test]
fn grade_of_a_directory_without_students_says_so_in_both_languages() {
    let s = Sandbox::new();
    fs::create_dir(s.join("empty")).unwrap();
    let out = s
        .pystart(&["grade", "empty"])
        .env("PYSTART_LANG", "zh")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = stderr_of(&out);
    assert!(err.contains("error: `empty` 中没有学生仓库"), "{err}");
    assert!(
        err.contains("hint: 请对 `pystart batch` 的 --out 目录评分"),
        "{err}"
    );
    let out = s.pystart(&["grade", "empty"]).output().unwrap();
    let err = stderr_of(&out);
    assert!(
        err.contains("error: `empty` holds no student repositories"),
        "{err}"
    );
    assert!(
        err.contains("hint: grade the --out directory of `pystart batch`"),
        "{err}"
    );
}

#[cfg(unix)]
#[test]
fn ctrl_c_in_batch_says_how_many_repositories_are_kept_and_how_to_go_on() {
    let s = Sandbox::with_git_user("Teacher", "teacher@example.com");
    let mut roster = String::from("id,name\n");
    for i in 0..40 {
        roster.push_str(&format!("s{i:02},Student {i}\n"));
    }
    fs::write(s.join("r.csv"), roster).unwrap();
    let bin = assert_cmd::cargo::cargo_bin("pystart");
    let child = Command::new(&bin)
        .args([
            "batch", "titanic", "--roster", "r.csv", "--out", "course", "-j", "1",
        ])
        .current_dir(s.path())
        .env("HOME", s.home())
        .env("NO_COLOR", "1")
        .env("LANG", "C.UTF-8")
        .env_remove("PYSTART_LANG")
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while std::time::Instant::now() < deadline {
        let done = fs::read_dir(s.join("course"))
            .map(|d| {
                d.flatten()
                    .filter(|e| {
                        !e.file_name().to_string_lossy().starts_with('.') && e.path().is_dir()
                    })
                    .count()
            })
            .unwrap_or(0);
        if done >= 2 {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    // SAFETY: kill(2) on our own child.
    unsafe {
        libc::kill(child.id() as libc::pid_t, libc::SIGINT);
    }
    let out = child.wait_with_output().unwrap();
    let err = stderr_of(&out);
    assert_eq!(out.status.code(), Some(130), "{err}");
    let kept = fs::read_dir(s.join("course"))
        .unwrap()
        .flatten()
        .filter(|e| !e.file_name().to_string_lossy().starts_with('.') && e.path().is_dir())
        .count();
    assert!(
        err.contains(&format!(
            "error: interrupted: {kept} of 40 repositories are finished and kept"
        )),
        "{kept}: {err}"
    );
    assert!(
        err.contains("hint: run the same command again to go on"),
        "{err}"
    );
    assert!(!err.contains("nothing was left behind"), "{err}");
}

/// A class list as a school system exports it: a merged title row, a blank row, class titles,
/// the header again for the second class, ids as numbers and a total at the end.
const SCHOOL_EXPORT: &[&[&str]] = &[
    &["2026秋 Python程序设计 名单"],
    &[],
    &["学号", "姓名", "邮箱"],
    &["一班"],
    &["2026001", "张三", ""],
    &["2026002", "王䶮", ""],
    &[],
    &["二班"],
    &["学号", "姓名", "邮箱"],
    &["2026003", "李𠮷", ""],
    &["合计：3 人"],
];

#[test]
fn rosters_exported_by_a_school_system_are_read_in_xlsx_and_gbk_csv() {
    let s = Sandbox::with_git_user("Teacher", "teacher@example.com");
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (r, row) in SCHOOL_EXPORT.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            match cell.parse::<f64>() {
                Ok(n) => sheet.write_number(r as u32, c as u16, n).unwrap(),
                Err(_) if !cell.is_empty() => {
                    sheet.write_string(r as u32, c as u16, *cell).unwrap()
                }
                Err(_) => sheet,
            };
        }
    }
    sheet
        .merge_range(
            0,
            0,
            0,
            2,
            "2026秋 Python程序设计 名单",
            &rust_xlsxwriter::Format::new(),
        )
        .unwrap();
    book.save(s.join("名单.xlsx")).unwrap();
    // Excel saving "CSV" in China writes GBK: 䶮 and 𠮷 become `?`.
    let csv: String = SCHOOL_EXPORT
        .iter()
        .map(|row| format!("{}\n", row.join(",")))
        .collect::<String>()
        .replace(['䶮', '𠮷'], "?");
    let (gbk, _, unmappable) = encoding_rs::GBK.encode(&csv);
    assert!(!unmappable);
    fs::write(s.join("名单.csv"), gbk).unwrap();

    for (file, out_dir, lost) in [("名单.xlsx", "x", false), ("名单.csv", "c", true)] {
        let out = s
            .pystart(&[
                "batch", "titanic", "--roster", file, "--out", out_dir, "--json",
            ])
            .output()
            .unwrap();
        let err = stderr_of(&out);
        assert!(out.status.success(), "{file}: {err}");
        let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let ids: Vec<&str> = report["students"]
            .as_array()
            .unwrap()
            .iter()
            .map(|st| st["id"].as_str().unwrap())
            .collect();
        assert_eq!(ids, ["2026001", "2026002", "2026003"], "{file}");
        assert!(
            err.contains("row 4: a title or total row `一班` (skipped)"),
            "{file}: {err}"
        );
        assert!(
            err.contains("row 9: the header row again (skipped)"),
            "{file}: {err}"
        );
        assert!(
            err.contains("row 11: a title or total row `合计：3 人` (skipped)"),
            "{file}: {err}"
        );
        assert_eq!(
            report["roster"]["problems"],
            serde_json::json!([]),
            "{file}"
        );
        if lost {
            assert!(
                err.contains(
                    "warning: 名单.csv row 6: the name `王?` has `?` where Excel could not encode"
                ),
                "{err}"
            );
            assert!(err.contains("CSV UTF-8"), "{err}");
        } else {
            assert!(!err.contains("warning:"), "{err}");
            let readme = fs::read_to_string(s.join("x/2026002/README.md")).unwrap();
            assert!(readme.contains("王䶮"), "{readme}");
        }
    }
}
