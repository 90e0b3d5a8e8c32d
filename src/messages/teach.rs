//! Texts of teach (see the module list in `messages`): `strip` and its solution markers,
//! `batch` and class rosters, `grade`.
//!
//! Counted nouns (`{n} file{s}`, `{n} 个文件`) are texts of their own, filled with [`count`] or
//! [`count_of`] and passed as a placeholder of the sentence, so each language puts the number
//! where it belongs.

use crate::messages::{Text, texts};

/// A counted noun: `text` has `{n}` and, in English, the plural ending `{s}`.
pub fn count(text: &Text, n: usize) -> String {
    text.f(&[("n", &n), ("s", &crate::printer::plural(n))])
}

/// A counted noun whose English plural is not just an `s` (`repository`, `repositories`).
pub fn count_of(one: &Text, many: &Text, n: usize) -> String {
    (if n == 1 { one } else { many }).f(&[("n", &n)])
}

/// Items joined for a sentence of the interface language (`a, b` or `a、b`).
pub fn join(items: &[String]) -> String {
    items.join(LIST_SEPARATOR.s())
}

texts! {
    LIST_SEPARATOR: "、", ", ";
    CLAUSE_SEPARATOR: "；", "; ";
    COUNT_FILES: "{n} 个文件", "{n} file{s}";
    COUNT_STUDENTS: "{n} 名学生", "{n} student{s}";
    COUNT_BAD_ROWS: "{n} 行有问题", "{n} bad row{s}";
    COUNT_REPOSITORY: "{n} 个仓库", "{n} repository";
    COUNT_REPOSITORIES: "{n} 个仓库", "{n} repositories";
    COUNT_PUSH: "{n} 次推送", "{n} push";
    COUNT_PUSHES: "{n} 次推送", "{n} pushes";
    COUNT_SOLUTION_BLOCKS: "{n} 个答案块", "{n} solution block{s}";
    COUNT_STUBS: "{n} 个练习桩", "{n} stub{s}";

    // Solution markers (`strip::strip_text`): `{path}:{line}:` first, as compilers do.
    MARKER_UNOPENED: "{path}:{line}: `{marker}` 前面没有对应的开始标记", "{path}:{line}: `{marker}` without a matching opening marker";
    MARKER_NESTED: "{path}:{line}: `{marker}` 在第 {opened} 行开始的块之内；块不能嵌套", "{path}:{line}: `{marker}` inside the block opened at line {opened}; blocks do not nest";
    MARKER_WRONG_CLOSE: "{path}:{line}: `{marker}` 结束的不是第 {opened} 行开始的那种块", "{path}:{line}: `{marker}` closes a different block than the one opened at line {opened}";
    MARKER_STUB_NOT_COMMENT: "{path}:{line}: STUB 块中的行必须是注释（`# …`）", "{path}:{line}: a line inside a STUB block must be a comment (`# …`)";
    MARKER_UNCLOSED: "{path}:{line}: 这个块没有结束（后面没有 `{end}`）", "{path}:{line}: this block is never closed (no `{end}` after it)";
    MARKER_HINT: "答案标记各占一整行：`# >>> SOLUTION` … `# <<< SOLUTION`，之后可以跟 `# >>> STUB` … `# <<< STUB`（其中每行都是注释）；块不能嵌套", "solution markers are whole lines: `# >>> SOLUTION` … `# <<< SOLUTION`, then optionally `# >>> STUB` … `# <<< STUB` with commented lines; blocks do not nest";

    // pystart strip
    STRIP_NOT_A_DIRECTORY: "`{path}` 不是目录", "`{path}` is not a directory";
    STRIP_NOT_A_DIRECTORY_HINT: "请给出项目所在的文件夹，例如 `pystart strip my-titanic --out student-titanic`", "pass the folder of a project, e.g. `pystart strip my-titanic --out student-titanic`";
    STRIP_OUT_INSIDE_SOURCE: "输出目录 `{out}` 在源项目 `{source}` 之内", "the output `{out}` is inside the source `{source}`";
    STRIP_OUT_INSIDE_SOURCE_HINT: "把学生版写到项目之外的地方", "write the student version somewhere outside the project";
    STRIP_NO_MARKERS: "`{path}` 中没有答案标记，没有可删去的内容", "`{path}` has no solution markers; there is nothing to strip";
    STRIP_NO_MARKERS_HINT: "用 `# >>> SOLUTION` … `# <<< SOLUTION` 两行标出答案（见任一 pystart 项目的 README）", "mark solutions with `# >>> SOLUTION` … `# <<< SOLUTION` lines (see the README of any pystart project)";
    STRIP_SYMLINK: "`{path}` 是符号链接", "`{path}` is a symbolic link";
    STRIP_SYMLINK_HINT: "把链接换成文件的副本，再运行一次 strip", "replace the link by a copy of the file, then strip again";
    STRIP_WROTE: "已写入", "Wrote";
    STRIP_SUMMARY: "{wrote} `{path}`：在 {changed}中删去 {solutions}，并取消 {stubs}的注释（共 {total} 个文件）", "{wrote} `{path}`: {solutions} removed and {stubs} opened in {changed} ({total} files in all)";
    STRIP_SUMMARY_GIT: "{wrote} `{path}`：在 {changed}中删去 {solutions}，并取消 {stubs}的注释（共 {total} 个文件，一次 git 提交）", "{wrote} `{path}`: {solutions} removed and {stubs} opened in {changed} ({total} files in all, one git commit)";
}
