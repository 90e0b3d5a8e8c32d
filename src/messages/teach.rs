//! Texts of teach (see the module list in `messages`): `strip` and its solution markers,
//! `batch` and class rosters, `grade`.
//!
//! Counted nouns (`{n} file{s}`, `{n} 个文件`) are texts of their own, filled with [`Text::count`] or
//! [`count_of`] and passed as a placeholder of the sentence, so each language puts the number
//! where it belongs.

use crate::messages::{Text, texts};

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
    COUNT_TEACHER_BLOCKS: "{n} 段教师说明", "{n} teacher note{s}";

    // What strip removed when there were teacher notes as well as solutions.
    STRIP_REMOVED_WITH_NOTES: "{solutions}和 {notes}", "{solutions} plus {notes}";

    // Solution markers (`strip::strip_text`): `{path}:{line}:` first, as compilers do.
    MARKER_UNOPENED: "{path}:{line}: `{marker}` 前面没有对应的开始标记", "{path}:{line}: `{marker}` without a matching opening marker";
    MARKER_NESTED: "{path}:{line}: `{marker}` 在第 {opened} 行开始的块之内；块不能嵌套", "{path}:{line}: `{marker}` inside the block opened at line {opened}; blocks do not nest";
    MARKER_WRONG_CLOSE: "{path}:{line}: `{marker}` 结束的不是第 {opened} 行开始的那种块", "{path}:{line}: `{marker}` closes a different block than the one opened at line {opened}";
    MARKER_STUB_NOT_COMMENT: "{path}:{line}: STUB 块中的行必须是注释（`# …`）", "{path}:{line}: a line inside a STUB block must be a comment (`# …`)";
    MARKER_UNCLOSED: "{path}:{line}: 这个块没有结束（后面没有 `{end}`）", "{path}:{line}: this block is never closed (no `{end}` after it)";
    MARKER_HINT: "答案标记各占一整行：`# >>> SOLUTION` … `# <<< SOLUTION`，之后可以跟 `# >>> STUB` … `# <<< STUB`（其中每行都是注释）；只给老师看的说明放在 `<!-- >>> TEACHER -->` … `<!-- <<< TEACHER -->` 之间；块不能嵌套", "solution markers are whole lines: `# >>> SOLUTION` … `# <<< SOLUTION`, then optionally `# >>> STUB` … `# <<< STUB` with commented lines; notes for the teacher only go between `<!-- >>> TEACHER -->` … `<!-- <<< TEACHER -->`; blocks do not nest";

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
    // `{removed}`: the solution blocks, or `STRIP_REMOVED_WITH_NOTES`.
    STRIP_SUMMARY: "{wrote} `{path}`：在 {changed}中删去 {removed}，并取消 {stubs}的注释（共 {total} 个文件）", "{wrote} `{path}`: {removed} removed and {stubs} opened in {changed} ({total} files in all)";
    STRIP_SUMMARY_GIT: "{wrote} `{path}`：在 {changed}中删去 {removed}，并取消 {stubs}的注释（共 {total} 个文件，一次 git 提交）", "{wrote} `{path}`: {removed} removed and {stubs} opened in {changed} ({total} files in all, one git commit)";

    // Class rosters (`roster::read`)
    ROSTER_OLD_EXCEL: "`{path}` 是旧版 Excel 97 文件", "`{path}` is an old Excel 97 file";
    ROSTER_OLD_EXCEL_HINT: "在 Excel 中另存为 .xlsx 或 CSV（UTF-8）后再试", "save it as .xlsx or as CSV (UTF-8) in Excel, then try again";
    ROSTER_UNKNOWN_ENCODING: "未知的编码 `{label}`", "unknown encoding `{label}`";
    ROSTER_UNKNOWN_ENCODING_HINT: "可用 utf-8、gbk、gb18030、big5 或 utf-16le", "use utf-8, gbk, gb18030, big5 or utf-16le";
    ROSTER_NOT_ENCODING: "`{path}` 不是有效的 {encoding} 文本", "`{path}` is not valid {encoding}";
    ROSTER_NOT_ENCODING_HINT: "去掉 --encoding，让 pystart 自动识别", "leave --encoding out to let pystart detect it";
    ROSTER_NOT_TEXT: "无法把 `{path}` 读作 UTF-8 或 GBK 文本", "cannot read `{path}` as UTF-8 or GBK text";
    ROSTER_NOT_TEXT_HINT: "加上 --encoding（例如 --encoding big5），或在 Excel 中把名单另存为 CSV UTF-8", "pass --encoding (e.g. --encoding big5), or save the roster as CSV UTF-8 in Excel";
    ROSTER_BAD_CSV: "`{path}` 第 {row} 行：不是有效的 CSV：{err}", "`{path}` row {row}: not valid CSV: {err}";
    ROSTER_BAD_WORKBOOK: "无法把 `{path}` 作为工作簿打开：{err}", "cannot open `{path}` as a workbook: {err}";
    ROSTER_BAD_WORKBOOK_HINT: "在 Excel 或 WPS 中重新保存为 .xlsx", "save it again as .xlsx in Excel or WPS";
    ROSTER_NO_SUCH_SHEET: "`{path}` 中没有工作表 `{sheet}`", "`{path}` has no sheet `{sheet}`";
    ROSTER_SHEETS: "其中的工作表：{sheets}", "its sheets: {sheets}";
    ROSTER_NO_SHEETS: "`{path}` 中没有工作表", "`{path}` has no sheets";
    ROSTER_BAD_SHEET: "无法读取工作表 `{sheet}`：{err}", "cannot read sheet `{sheet}`: {err}";
    ROSTER_EMPTY: "名单 `{path}` 是空的", "the roster `{path}` is empty";
    ROSTER_EMPTY_HINT: "第一行是列名，例如 学号,姓名,邮箱", "the first row names the columns, e.g. 学号,姓名,邮箱";
    ROSTER_NO_ID_COLUMN: "名单 `{path}` 中找不到学号列（前几行是：{header}）", "the roster `{path}` has no id column (its first rows are: {header})";
    ROSTER_NO_ID_COLUMN_HINT: "把这一列命名为 `学号` 或 `id`（其他可识别的列：姓名/name、邮箱/email、github/用户名）", "name the column `学号` or `id` (also accepted: 姓名/name, 邮箱/email, github/用户名)";
    ROSTER_SOURCE_CSV: "CSV，{encoding}", "CSV, {encoding}";
    ROSTER_SOURCE_CSV_BOM: "CSV，带 BOM 的 UTF-8", "CSV, UTF-8 with BOM";
    ROSTER_SOURCE_XLSX: "XLSX，工作表 {sheet}", "XLSX, sheet {sheet}";
    // Why a row was left out; `BATCH_ROW_SKIPPED` puts the file and row number before it.
    // `{column}` is the id column's header as the file spells it.
    ROSTER_NO_ID: "没有学号（`{column}` 列为空）", "no id ({column})";
    ROSTER_UNSAFE_ID: "学号 `{id}` 不能用作目录名（只能用字母、数字、`-`、`_`、`.`）", "id `{id}` cannot name a directory (use letters, digits, `-`, `_`, `.`)";
    ROSTER_SHORTENED_ID: "学号 `{id}` 被 Excel 写成了科学计数法，位数已丢失（把学号列设为“文本”格式后重新导出）", "id `{id}` was written by Excel in scientific notation and has lost digits (format the id column as text and export again)";
    ROSTER_SKIPPED_TITLE: "标题或合计行 `{text}`（已跳过）", "a title or total row `{text}` (skipped)";
    ROSTER_SKIPPED_HEADER: "重复的表头行（已跳过）", "the header row again (skipped)";
    ROSTER_LOST_CHARACTERS: "姓名 `{name}` 中的 `?` 是 Excel 存为 GBK 时无法编码的字（如 䶮、𠮷）：请在 Excel 中另存为“CSV UTF-8”或 XLSX 后重新运行", "the name `{name}` has `?` where Excel could not encode a character in GBK (such as 䶮 or 𠮷): save the roster as \"CSV UTF-8\" or XLSX in Excel and run again";
    ROSTER_REPEATED_ID: "学号 `{id}` 与第 {first} 行重复", "id `{id}` repeats row {first}";

    // pystart batch
    BATCH_ROSTER: "名单 `{path}`（{source}）：{students}，{bad_rows}", "roster `{path}` ({source}): {students}, {bad_rows}";
    BATCH_ROW_SKIPPED: "{path} 第 {row} 行：{problem}（已跳过）", "{path} row {row}: {problem} (skipped)";
    BATCH_NOT_STUDENT_REPOSITORY: "`{dir}` 已存在，但不是学生 `{id}` 的仓库", "`{dir}` exists and is not the repository of student `{id}`";
    BATCH_PROGRESS: "{bar:30} {pos}/{len} 个仓库  {elapsed_precise}  {msg}", "{bar:30} {pos}/{len} repos  {elapsed_precise}  {msg}";
    BATCH_HEADING_ID: "学号", "ID";
    BATCH_HEADING_STATUS: "状态", "STATUS";
    BATCH_HEADING_COMMIT: "提交", "COMMIT";
    BATCH_HEADING_DETAIL: "详情", "DETAIL";
    BATCH_SUMMARY: "batch：新建 {created} 个，已存在 {existing} 个，失败 {failed} 个；仓库在 `{out}`", "batch: {created} created, {existing} already there, {failed} failed; repositories in `{out}`";
    BATCH_REPOSITORIES_FAILED: "{repositories}创建失败", "{repositories} failed";
    BATCH_PUSHES_FAILED: "{pushes}失败", "{pushes} failed";
    BATCH_ROWS_SKIPPED: "名单第 {rows} 行已跳过", "roster row{s} {rows} skipped";
    BATCH_PUSH_NO_REPOSITORY_HINT: "服务器上还没有这些仓库：GitLab 在你首次推送到自己拥有的命名空间时会自动创建项目；Gitea 需要管理员在 [repository] 中打开 ENABLE_PUSH_CREATE_USER / ENABLE_PUSH_CREATE_ORG；否则请先在服务器上建好仓库（网页、命令行工具或 API）", "the repositories are not on the server yet: GitLab creates a project on the first push to a namespace you own; Gitea does when its administrator sets ENABLE_PUSH_CREATE_USER / ENABLE_PUSH_CREATE_ORG in [repository]; otherwise create them on the server first (web page, command-line tool or API)";
    BATCH_ROW_NOTE: "{path} 第 {row} 行：{note}", "{path} row {row}: {note}";
    BATCH_INTERRUPTED: "已中断：{total} 个仓库中已有 {done} 个完成并保留，其余的没有留下任何文件", "interrupted: {done} of {total} repositories are finished and kept; nothing is left of the others";
    BATCH_INTERRUPTED_HINT: "再次运行同一条命令即可继续：已完成的仓库不会重做", "run the same command again to go on: finished repositories are not made again";
    BATCH_FAILED_HINT: "按上面各行所说修正后，再运行同一条命令：已完成的仓库会保留", "fix what the lines above name and run the same command again: finished repositories are kept";
    BATCH_OUT_LOCKED: "另一个 `pystart batch`（进程 {pid}）正在写入 `{out}`", "another `pystart batch` (process {pid}) is writing into `{out}`";
    BATCH_OUT_LOCKED_HINT: "等它结束后再运行同一条命令（已完成的仓库会保留），或换一个 --out 目录", "wait for it to finish and run the same command again (finished repositories are kept), or use another --out folder";

    STRIP_HIDDEN_LEFT_OUT: "  已略去隐藏测试 {path}（模板的 [grading] hidden）", "  left out hidden test {path} (the template's [grading] hidden)";

    TEACHER_MD: "# 给老师：作业 `{template}`\n\n学生仓库里不含这份说明，也不含隐藏测试（在 `.pystart-batch/hidden/`）。\n\n评分（从学生的远端取回，按截止时间，推送反馈）：\n\n```bash\npystart grade {out} --fetch{deadline} --feedback --similarity --report grades.csv --html grades.html\n```\n\n模板 README 中写给老师的说明：\n", "# For the teacher: assignment `{template}`\n\nThe students' repositories hold neither this note nor the hidden tests (in `.pystart-batch/hidden/`).\n\nTo grade (fetch from the students' remotes, at the deadline, push feedback):\n\n```bash\npystart grade {out} --fetch{deadline} --feedback --similarity --report grades.csv --html grades.html\n```\n\nThe template README's notes for the teacher:\n";

    // The hand-in paragraph of a batch repository's README (both languages, always)
    SUBMIT_HOWTO: "提交作业：在项目目录里运行 `git add -A`、`git commit -m \"说明这次改了什么\"`，再运行 `git push`。只有 `src/` 里（你负责的部分）的改动会被评分，测试和配置文件按作业原样评分。评分反馈会出现在 `feedback` 分支的 FEEDBACK.md 里。", "To hand in: in the project folder run `git add -A`, `git commit -m \"what you changed\"`, then `git push`. Only your changes under `src/` are graded; tests and settings are graded as the assignment gave them. Feedback appears in FEEDBACK.md on the `feedback` branch.";
    SUBMIT_DEADLINE: "截止时间：**{deadline}**。评分的是这之前推送到 main 的最后一次提交。", "Deadline: **{deadline}**. The last commit on main before it is graded.";

    // FEEDBACK.md, written for the student
    FEEDBACK_TITLE: "# 评分反馈", "# Feedback";
    FEEDBACK_SCORE: "得分：**{points}/{max}**（基础测试 {base}/{base_max}，练习 {ex}/{ex_max}）", "Score: **{points}/{max}** (base tests {base}/{base_max}, exercises {ex}/{ex_max})";
    FEEDBACK_COMMIT: "评分的提交：`{commit}`（{date}）", "Graded commit: `{commit}` ({date})";
    FEEDBACK_NOT_GRADED: "测试没有运行完（{status}）：{reason}", "The tests did not run to the end ({status}): {reason}";
    FEEDBACK_ALL_PASSED: "所有测试都通过了。", "Every test passed.";
    FEEDBACK_FAILING: "## 没有通过的测试", "## Tests not passed";
    FEEDBACK_RESTORED: "## 评分时按作业原样恢复的文件（只有 src/ 等你负责的路径会被评分）", "## Files restored to the assignment's version for grading (only your own paths, such as src/, are graded)";
    FEEDBACK_LATE: "截止时间之后的 {n} 个提交没有参与评分。", "{n} commit(s) after the deadline were not graded.";
    FEEDBACK_FOOTER: "这个文件由 `pystart grade` 写在 `feedback` 分支上，你的 main 分支没有改动。", "`pystart grade` wrote this file on the `feedback` branch; your main branch is unchanged.";

    // pystart similar
    SIMILAR_SUMMARY: "比较了 {compared} 份提交：{pairs} 对的相似度不低于 {threshold}（只算学生自己写的代码，起始代码已扣除）", "compared {compared} submissions: {pairs} pair(s) at {threshold} or more alike (students' own code only, the starter code taken out)";
    SIMILAR_PAIR: "  {a} ~ {b}：{score}（{shared} 个共同指纹），请对照阅读：", "  {a} ~ {b}: {score} ({shared} shared fingerprints); read them side by side:";
    SIMILAR_HEADING: "可疑地相似的提交", "Suspiciously alike submissions";

    // pystart grade
    GRADE_NO_REPOSITORIES: "`{dir}` 中没有学生仓库", "`{dir}` holds no student repositories";
    GRADE_NO_REPOSITORIES_HINT: "请对 `pystart batch` 的 --out 目录评分", "grade the --out directory of `pystart batch`";
    GRADE_NO_ASSIGNMENT: "`{dir}` 中没有作业记录（.pystart-batch/assignment.toml）", "`{dir}` has no record of its assignment (.pystart-batch/assignment.toml)";
    GRADE_NO_ASSIGNMENT_HINT: "用 --template 指明 batch 所用的模板（名称、目录或 git 地址）", "name the template batch used with --template (a name, a directory or a git URL)";
    GRADE_DEADLINE_RECORDED: "按作业的截止时间 {deadline} 评分（batch 时给出；用 --deadline 可改）", "grading at the assignment's deadline {deadline} (given to batch; --deadline changes it)";
    GRADE_OTHER_VERSION: "作业由 pystart {made} 生成，现在用 {now} 评分：测试取自当前版本的模板", "the assignment was made with pystart {made} and is graded with {now}: the tests come from the template as it is now";
    GRADE_START: "正在用模板 `{template}` 和 {python} 为 {repositories}评分", "grading {repositories} against template `{template}` with {python}";
    GRADE_REFERENCE: "先运行老师的参考答案，确定测试集合和满分……", "running the teacher's solution first, to fix the test set and the maximum…";
    GRADE_REFERENCE_FAILED: "无法测试老师的参考答案：{err}", "the teacher's solution could not be tested: {err}";
    GRADE_REFERENCE_NO_TESTS: "老师的参考答案没有运行任何测试", "the teacher's solution ran no tests";
    GRADE_REFERENCE_FAILING: "老师的参考答案没有通过这些测试（它们仍然计分）：{tests}", "the teacher's solution fails these tests (they still count): {tests}";
    GRADE_SEE_LOG: "日志：`{log}`", "the log: `{log}`";
    GRADE_TEST_SET: "测试集合：{tests} 个测试，其中 {exercises} 个是练习；每个学生的满分都是 {max} 分", "test set: {tests} tests, {exercises} of them exercises; every student's maximum is {max} points";
    GRADE_POINTS: "{points}/{max} 分（练习 {ex}/{ex_max}）", "{points}/{max} points (exercises {ex}/{ex_max})";
    GRADE_NOT_GRADED: "{points}/{max} 分，{status}：{err}", "{points}/{max} points, {status}: {err}";
    GRADE_CHANGES: "；{restored} 个文件已恢复，{ignored} 个已忽略", "; {restored} file(s) restored, {ignored} ignored";
    GRADE_LOG_KEPT: "；日志 `{log}`", "; log `{log}`";
    GRADE_STRAYS: "学生代码留下的 {n} 个进程已被结束", "{n} process(es) left behind by student code were killed";
    GRADE_UNBOXED: "学生代码将在没有沙箱的情况下运行：{why}", "student code runs without a sandbox: {why}";
    GRADE_UNBOXED_CHOSEN: "学生代码将在没有沙箱的情况下运行（--sandbox none）", "student code runs without a sandbox (--sandbox none)";
    GRADE_UNBOXED_WHAT: "仍然有：时间与资源限制、清理过的环境变量、临时 HOME、结束后清理全部进程；但没有隔离：学生代码能以你的权限读写你的文件（包括 pystart 的软件包缓存）并访问网络。需要隔离时，在 Linux 上安装 bubblewrap，或使用生成的评分工作流（每个学生一个一次性的 CI 运行器）", "still in place: time and resource limits, a scrubbed environment, a temporary HOME, every process killed at the end; not isolated: student code can read and write your files with your rights (pystart's package cache too) and reach the network. For isolation install bubblewrap (Linux) or use the generated grading workflow (a disposable CI runner per student)";
    SANDBOX_MISSING: "PATH 中没有 bubblewrap（bwrap）", "bubblewrap (bwrap) is not on PATH";
    SANDBOX_UNSUPPORTED: "bubblewrap 只能在 Linux 上使用", "bubblewrap works on Linux only";
    SANDBOX_UNUSABLE: "bubblewrap 无法在这里运行（{err}）", "bubblewrap cannot run here ({err})";
    SANDBOX_REQUIRED: "需要 --sandbox bwrap，但{why}", "--sandbox bwrap was asked for, but {why}";
    SANDBOX_REQUIRED_HINT: "安装 bubblewrap（Debian/Ubuntu：sudo apt-get install bubblewrap），并确保允许非特权用户命名空间；或改用 --sandbox auto", "install bubblewrap (Debian/Ubuntu: sudo apt-get install bubblewrap) and allow unprivileged user namespaces, or use --sandbox auto";
    GRADE_REPORT_WRITTEN: "成绩已写入 `{path}`", "grades written to `{path}`";
    GRADE_FAILED: "{repositories}无法评分：{ids}", "{repositories} could not be graded: {ids}";
    GRADE_FAILED_HINT: "原因见上面各行（测试不通过、无法安装或超时不算原因，只是得 0 分）", "the lines above say why (failing tests, a failed install or a timeout are not reasons; they score 0)";
    GRADE_NO_TEMPDIR: "无法创建临时目录：{err}", "cannot create a temporary directory: {err}";
    GRADE_CANNOT_RUN_SCRIPT: "无法运行 grade.py：{err}", "cannot run grade.py: {err}";
    GRADE_SCRIPT_FAILED: "grade.py 运行失败：{err}", "grade.py failed: {err}";
    GRADE_SCRIPT_NO_JSON: "grade.py 没有输出 JSON：{err}", "grade.py printed no JSON: {err}";
    GRADE_CANNOT_WRITE_REPORT: "无法写入成绩表：{err}", "cannot write the report: {err}";
    ASSIGNMENT_BAD: "作业记录 `{path}` 无法读取：{err}", "the assignment record `{path}` cannot be read: {err}";
    ASSIGNMENT_BAD_HINT: "这个文件由 `pystart batch` 写出；用同样的参数重新运行 batch 会重写它", "`pystart batch` writes this file; running batch again with the same arguments rewrites it";
    ASSIGNMENT_OTHER: "`{out}` 已经存放着另一个作业（模板 `{template}`，模式 {mode}）", "`{out}` already holds another assignment (template `{template}`, mode {mode})";
    ASSIGNMENT_OTHER_HINT: "每个作业用一个单独的 --out 目录", "use a separate --out directory for each assignment";
}
