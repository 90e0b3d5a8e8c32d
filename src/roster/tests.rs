//! Tests of `roster`: they use its private items through `super`.

use super::*;

fn csv_roster(text: &[u8]) -> Roster {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("r.csv");
    std::fs::write(&p, text).unwrap();
    read(&p, None, None).unwrap()
}

#[test]
fn reads_utf8_bom_and_gbk_with_chinese_headers() {
    let text = "学号,姓名,邮箱\n2024001,张三,zs@example.com\n2024002,李四,\n";
    let plain = csv_roster(text.as_bytes());
    assert_eq!(plain.source.describe("en"), "CSV, UTF-8");
    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend_from_slice(text.as_bytes());
    let bom = csv_roster(&bom);
    assert_eq!(bom.source.describe("en"), "CSV, UTF-8 with BOM");
    assert_eq!(bom.source.describe("zh"), "CSV，带 BOM 的 UTF-8");
    let (gbk, _, _) = encoding_rs::GBK.encode(text);
    let gbk = csv_roster(&gbk);
    assert_eq!(gbk.source.describe("en"), "CSV, GB18030");
    for r in [plain, bom, gbk] {
        assert_eq!(r.students.len(), 2);
        assert_eq!(r.students[0].name, "张三");
        assert_eq!(r.students[0].email.as_deref(), Some("zs@example.com"));
        assert_eq!(r.students[1].email, None);
        assert_eq!(r.students[1].row, 3);
    }
}

#[test]
fn bad_rows_are_reported_by_row_and_the_rest_kept() {
    let r =
        csv_roster("Name,ID,GitHub\nAda,a01,ada-l\nBob,,\nCy,../x,\nDee,A01,\n,e05,\n".as_bytes());
    let ids: Vec<&str> = r.students.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(ids, ["a01", "e05"]);
    assert_eq!(r.students[0].github.as_deref(), Some("ada-l"));
    assert_eq!(r.students[1].name, "e05");
    let rows: Vec<usize> = r.problems.iter().map(|p| p.row).collect();
    assert_eq!(rows, [3, 4, 5]);
    assert_eq!(
        r.problems[0].problem,
        Problem::NoId {
            column: "ID".into()
        }
    );
    assert_eq!(r.problems[0].message("en"), "no id (ID)");
    assert_eq!(r.problems[0].message("zh"), "没有学号（`ID` 列为空）");
    assert_eq!(r.problems[2].message("en"), "id `A01` repeats row 2");
    assert_eq!(r.problems[2].message("zh"), "学号 `A01` 与第 2 行重复");
}

#[test]
fn semicolons_and_missing_id_columns() {
    let r = csv_roster("id;name\nx1;Xu\n".as_bytes());
    assert_eq!(r.students[0].name, "Xu");
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("r.csv");
    std::fs::write(&p, "姓名,班级\n张三,1\n").unwrap();
    let e = read(&p, None, None).unwrap_err();
    assert!(e.message().contains("no id column"), "{}", e.message());
    assert!(e.hints()[0].contains("学号"));
}

#[test]
fn rosters_as_school_systems_export_them() {
    let text = "2026秋 Python程序设计 名单,,\n,,\n学号,姓名,班级\n一班,,\n2024001.0,张三,1\n 2024002 ,李四,1\n\n二班,,\n学号,姓名,班级\n2024003,王五,2\n2.02412E+11,赵六,2\n合计：121 人,,\n";
    let r = csv_roster(text.as_bytes());
    let ids: Vec<&str> = r.students.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(ids, ["2024001", "2024002", "2024003"]);
    assert_eq!(r.students[0].row, 5);
    let notes: Vec<(usize, String)> = r.notes.iter().map(|n| (n.row, n.message("en"))).collect();
    assert_eq!(
        notes,
        [
            (4, "a title or total row `一班` (skipped)".to_string()),
            (8, "a title or total row `二班` (skipped)".to_string()),
            (9, "the header row again (skipped)".to_string()),
            (
                12,
                "a title or total row `合计：121 人` (skipped)".to_string()
            ),
        ]
    );
    assert_eq!(r.problems.len(), 1);
    assert_eq!(r.problems[0].row, 11);
    assert!(r.problems[0].message("en").contains("scientific notation"));
    assert!(r.problems[0].message("zh").contains("科学计数法"));
}

#[test]
fn a_gbk_roster_with_characters_excel_lost_is_warned_about() {
    let (gbk, _, _) = encoding_rs::GBK.encode("学号,姓名\n1,李?\n2,王五\n");
    let r = csv_roster(&gbk);
    assert_eq!(r.students.len(), 2);
    assert_eq!(r.notes.len(), 1);
    assert!(r.notes[0].is_warning());
    assert!(
        r.notes[0].message("en").contains("CSV UTF-8"),
        "{}",
        r.notes[0].message("en")
    );
    // In UTF-8 a question mark is what the teacher typed.
    assert!(csv_roster("学号,姓名\n1,李?\n".as_bytes()).notes.is_empty());
}

#[test]
fn without_an_id_column_the_error_names_what_it_saw() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("r.csv");
    std::fs::write(&p, "2026秋 名单,,\n姓名,班级,\n张三,1,\n").unwrap();
    let e = read(&p, None, None).unwrap_err();
    assert!(
        e.message().contains("2026秋 名单 / 姓名, 班级 / 张三, 1"),
        "{}",
        e.message()
    );
}

#[test]
fn safe_ids() {
    for ok in ["2024001", "a-1_b.c"] {
        assert!(safe_id(ok), "{ok}");
    }
    for bad in ["", ".x", "-x", "a/b", "a b", "张三", "..", &"x".repeat(65)] {
        assert!(!safe_id(bad), "{bad}");
    }
}
