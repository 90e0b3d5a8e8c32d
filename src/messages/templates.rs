//! Texts of templates (see the module list in `messages`): `update`, `template check`,
//! `template new`, `completions` and `man`.

use crate::messages::texts;

texts! {
    // update
    UPDATE_GIT_FAILED: "git：无法{what}：{err}", "git: cannot {what}: {err}";
    GIT_READ_PRISTINE_TREE: "读取原始生成的目录树", "read the pristine tree";
    GIT_READ_NEW_TREE: "读取新的目录树", "read the new tree";
    GIT_READ_HEAD: "读取 HEAD", "read HEAD";
    GIT_READ_HEAD_TREE: "读取 HEAD 的目录树", "read HEAD's tree";
    GIT_MERGE: "合并", "merge";
    GIT_READ_CONFLICTS: "读取冲突", "read conflicts";
    GIT_COMMIT_RENDER: "提交新的生成结果", "commit the new render";
    GIT_READ_RENDER: "读取新的生成结果", "read the new render";
    GIT_MOVE_BRANCH: "移动 pystart 分支", "move the pystart branch";
    GIT_WRITE_MERGED_TREE: "写入合并后的目录树", "write the merged tree";
    GIT_READ_MERGED_TREE: "读取合并后的目录树", "read the merged tree";
    GIT_COMMIT_MERGE: "提交合并", "commit the merge";
    GIT_READ_MERGE: "读取合并提交", "read the merge";
    GIT_UPDATE_WORK_TREE: "更新工作区", "update the work tree";
    GIT_PREPARE_MERGE: "准备合并", "prepare the merge";
    GIT_READ_STATUS: "读取状态", "read the status";
    GIT_WALK_HISTORY: "遍历历史", "walk the history";
    GIT_READ_FIRST_COMMIT: "读取第一个提交", "read the first commit";
    GIT_STORE_FILE: "保存文件", "store a file";
    GIT_BUILD_TREE: "构建目录树", "build a tree";
    GIT_WRITE_TREE: "写入目录树", "write a tree";
    GIT_COMPARE_TREES: "比较目录树", "compare trees";
    UPDATE_NOT_A_PROJECT: "`{path}` 不是 pystart 生成的项目：{err}", "`{path}` is not a project made by pystart: {err}";
    UPDATE_RUN_IN_PROJECT: "请在包含 .pystart.toml 的文件夹中运行 `pystart update`", "run `pystart update` in the folder that has .pystart.toml";
    UPDATE_NOT_A_REPO: "`{path}` 不是 git 仓库", "`{path}` is not a git repository";
    UPDATE_NEEDS_GIT: "update 依靠 git 合并；生成项目时请保留 git（默认如此），才能更新它们", "update merges with git; generate projects with git (the default) to update them";
    UPDATE_UP_TO_DATE: "`{path}` 已与模板 `{template}` 保持一致", "`{path}` is up to date with template `{template}`";
    UPDATE_AVAILABLE: "有可用的更新：模板 `{template}` {old} → {new}", "an update is available: template `{template}` {old} → {new}";
    UPDATE_UNKNOWN_VERSION: "（未知）", "(unknown)";
    UPDATE_TRY_DRY_RUN: "运行 `pystart update --dry-run` 查看会有哪些变化", "run `pystart update --dry-run` to see what would change";
    UPDATE_NEW_VARIABLE: "新变量 `{name}` = `{value}`（默认值；要自己选择，请传入 --set {name}=…）", "new variable `{name}` = `{value}` (its default; pass --set {name}=… to choose)";
    UPDATE_NOTHING_TO_DO: "`{path}` 已与模板 `{template}` 保持一致：无需更新", "`{path}` is up to date with template `{template}`: nothing to do";
    UPDATE_DRY_RUN: "没有做任何改动（--dry-run）。", "Nothing was changed (--dry-run).";
    UPDATE_DONE_WORD: "已更新", "Updated";
    UPDATE_DONE: "{done} `{path}` 到模板 `{template}` {version}（一个合并提交）", "{done} `{path}` to template `{template}` {version} (one merge commit)";
    UPDATE_CONFLICTS: "更新与你在 {n} 个文件中的改动冲突：{files}", "the update conflicts with your changes in {n} file{s}: {files}";
    UPDATE_CONFLICTS_HINT: "编辑 <<<<<<< 与 >>>>>>> 之间的内容，然后 `git add` 这些文件并 `git commit`：更新就完成了", "edit the files between <<<<<<< and >>>>>>>, then `git add` them and `git commit`: that completes the update";
    UPDATE_FINISH_MERGE: "先完成这次合并：编辑有冲突标记的文件，`git add` 它们，再 `git commit`", "finish that merge first: edit the files with conflict markers, `git add` them, then `git commit`";
    UPDATE_IN_THE_WAY: "更新会覆盖 `{path}` 中 {n} 个 git 未跟踪的文件：{files}", "the update would overwrite {n} file{s} in `{path}` that git does not track: {files}";
    UPDATE_IN_THE_WAY_HINT: "把它们移走或改名（或用 `git add` 和 `git commit` 提交它们），再运行 `pystart update`；什么都没有改动", "move or rename them (or commit them with `git add` and `git commit`), then run `pystart update` again; nothing was changed";
    UPDATE_NO_TEMPLATE: "项目的 .pystart.toml 没有写明模板", "the project's .pystart.toml names no template";
    UPDATE_ADD_TEMPLATE: "在其中加上 `template = \"<name>\"`", "add `template = \"<name>\"` to it";
    UPDATE_DIRTY_MERGING: "`{path}` 有未提交的改动（正在进行合并或变基）", "`{path}` has uncommitted changes (a merge or rebase is in progress)";
    UPDATE_DIRTY: "`{path}` 有未提交的改动：{files}", "`{path}` has uncommitted changes: {files}";
    UPDATE_COMMIT_FIRST: "先提交（`git commit -am \"…\"`）或暂存（`git stash`）这些改动，再更新", "commit them (`git commit -am \"…\"`) or stash them (`git stash`), then update";
    UPDATE_NO_COMMITS: "仓库中没有任何提交", "the repository has no commits";
    UPDATE_ADDED: "模板新增", "added by the template";
    UPDATE_REMOVED: "模板删除", "removed by the template";
    UPDATE_CHANGED: "模板修改", "changed by the template";
    UPDATE_MERGED: "已与你的改动合并", "merged with your changes";
    UPDATE_CONFLICT: "冲突", "CONFLICT";
    UPDATE_DELETED_CHANGED: "  note: 你删除了 `{path}`，而模板修改了它（需要你决定的冲突）", "  note: you deleted `{path}`, and the template changed it (a conflict to decide)";

    // template check
    CHECK_SUMMARY: "模板检查 `{template}`：{errors}，{warnings}", "template check `{template}`: {errors}, {warnings}";
    CHECK_ERRORS: "{n} 个错误", "{n} error{s}";
    CHECK_WARNINGS: "{n} 个警告", "{n} warning{s}";
    CHECK_FAILED: "模板 `{template}` 有 {n} 个错误", "template `{template}` has {n} error{s}";
    CHECK_SEE_ABOVE: "上面每一行都写明了要修改的文件和行", "each line above names the file and line to fix";
    LINT_NO_FILES: "没有 `files/` 目录：没有可生成的内容", "no `files/` directory: there is nothing to generate";
    LINT_PATH_VARIABLE: "路径中用到了 `{name}`，但它不是变量", "the path uses `{name}`, which is not a variable";
    LINT_SAME_PATH: "与 `{other}` 生成到同一路径", "renders to the same path as `{other}`";
    LINT_UNKNOWN_VARIABLE: "`{name}` 不是这个模板的变量", "`{name}` is not a variable of this template";
    LINT_MISSING_INCLUDE: "包含了 `{include}`，但它不存在", "includes `{include}`, which does not exist";
    LINT_SHARED_INCLUDE: "包含了 `{include}`：共享文件不能包含，请在 template.toml 的 `shared` 中列出它，例如 { from = \"{from}\", to = \"…\" }", "includes `{include}`: shared files are not includable; list it in `shared` in template.toml, e.g. { from = \"{from}\", to = \"…\" }";
    LINT_NOT_RENDERED: "不带 `.tera` 的文件中的 `{{ {name} }}` 会原样复制；如果它应当被渲染，请把文件改名为 `{file}.tera`", "`{{ {name} }}` in a file without `.tera` is copied literally; rename the file to `{file}.tera` if it should be rendered";
    LINT_UNUSED_VARIABLE: "变量 `{name}` 已声明但从未使用", "variable `{name}` is declared but never used";

    // template new
    TEMPLATE_BAD_NAME: "模板名 `{name}` 必须是标识符（字母、数字、`_`），且不能以 `_` 开头", "template name `{name}` must be an identifier (letters, digits, `_`) not starting with `_`";
    TEMPLATE_NAME_EXAMPLE: "例如：pystart template new my_titanic --from titanic", "for example: pystart template new my_titanic --from titanic";
    TEMPLATE_CREATED_WORD: "已创建", "Created";
    TEMPLATE_CREATED: "{created} `{path}`：模板 `{name}`，复制自 `{from}`（{n} 个文件）。修改后运行：\n  pystart template check {path}\n  pystart new --template {path} my-project", "{created} `{path}`: template `{name}` copied from `{from}` ({n} files). Edit it, then run:\n  pystart template check {path}\n  pystart new --template {path} my-project";

    // completions and man
    MAN_CANNOT_RENDER: "无法生成手册页：{err}", "cannot render the man page: {err}";
    MAN_CANNOT_RENDER_PAGE: "无法生成 {name}：{err}", "cannot render {name}: {err}";
    MAN_WRITTEN: "{n} 个手册页已写入 `{path}`", "{n} man pages written to `{path}`";
}
