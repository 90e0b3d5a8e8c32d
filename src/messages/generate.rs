//! Texts of generate (see the module list in `messages`): variables and their checks, template
//! manifests, the catalog of templates, rendering, writing, git, answers files, the
//! configuration file, prompts, and the `new`, `info`, `explain` and `config show` commands.

use crate::messages::texts;

texts! {
    // Typed values of variables (shown as errors, and when a prompt asks again).
    VAR_WRONG_TYPE: "`{name}` 应为 {kind} 类型，而不是 `{value}`", "`{name}` must be a {kind}, not `{value}`";
    VAR_NO_MATCH: "`{name}` = `{value}` 不匹配模式 `{regex}`", "`{name}` = `{value}` does not match the pattern `{regex}`";
    VAR_NO_MATCH_HINT: "用 --set {name}=… 给出匹配 `{regex}` 的值", "give a value matching `{regex}` with --set {name}=…";
    VAR_NOT_BOOL: "`{name}` 应为 true 或 false，而不是 `{value}`", "`{name}` must be true or false, not `{value}`";
    VAR_NOT_INT: "`{name}` 应为整数，而不是 `{value}`", "`{name}` must be a whole number, not `{value}`";
    VAR_NOT_CHOICE: "`{name}` 应为 {choices} 之一，而不是 `{value}`", "`{name}` must be one of {choices}, not `{value}`";
    VAR_OUT_OF_RANGE: "`{name}` = {value} 超出范围", "`{name}` = {value} is out of range";
    VAR_HINT_BOOL: "用 --set {name}=true 或 --set {name}=false", "use --set {name}=true or --set {name}=false";
    VAR_HINT_CHOICE: "用 --set {name}=<{choices}>", "use --set {name}=<{choices}>";
    VAR_HINT_INT_RANGE: "用 --set {name}=N，其中 {min} ≤ N ≤ {max}", "use --set {name}=N with {min} ≤ N ≤ {max}";
    VAR_HINT_INT_MIN: "用 --set {name}=N，其中 N ≥ {min}", "use --set {name}=N with N ≥ {min}";
    VAR_HINT_INT_MAX: "用 --set {name}=N，其中 N ≤ {max}", "use --set {name}=N with N ≤ {max}";
    VAR_HINT_INT: "用 --set {name}=N", "use --set {name}=N";
    VAR_HINT_STRING: "用 --set {name}=…", "use --set {name}=…";
    VAR_INVALID_REGEX: "正则表达式 `{regex}` 无效：{err}", "invalid regex `{regex}`: {err}";

    // The prompts of the standard variables.
    VAR_PROMPT_PROJECT_NAME: "项目名", "Project name";
    VAR_PROMPT_PACKAGE: "Python 包名（import 用）", "Python import package";
    VAR_PROMPT_AUTHOR: "作者", "Author";
    VAR_PROMPT_EMAIL: "邮箱", "Email";
    VAR_PROMPT_LANG: "笔记与提示信息的语言", "Language of the notes and messages";
    VAR_PROMPT_DESCRIPTION: "一句话描述", "One-line description";
    VAR_PROMPT_WITH_CONCEPTS: "包含 concepts/（导入、GIL、多进程等笔记与验证脚本）？", "Include concepts/ (notes and check scripts on imports, the GIL, multiprocessing…)?";

    // The answer of a yes/no question, as shown after it.
    CONFIRM_YES: "是", "yes";
    CONFIRM_NO: "否", "no";

    // Resolving the answers.
    VAR_UNKNOWN: "未知变量 `{name}`", "unknown variable `{name}`";
    VAR_UNKNOWN_LISTED: "未知变量 `{name}`（此模板的变量有：{names}）", "unknown variable `{name}` (this template's variables are {names})";
    VAR_UNKNOWN_DID_YOU_MEAN: "是不是 `{name}`？用 --set {name}=…", "did you mean `{name}`? use --set {name}=…";
    VAR_UNKNOWN_HINT: "用 `pystart info 模板名` 查看每个变量的含义，再用 --set 名称=值 设置", "see what each variable means with `pystart info TEMPLATE`, then set it with --set NAME=VALUE";
    VAR_NO_VALUE: "`{name}` 没有值", "no value for `{name}`";
    VAR_NO_VALUE_HINT: "传入 --set {name}=…（或使用回答文件）", "pass --set {name}=… (or use an answers file)";

    // Checks of the standard variables.
    VAR_EMPTY: "`{name}` 为空", "`{name}` is empty";
    VAR_TOO_LONG: "`{name}` 有 {count} 个字符，最多允许 {max} 个", "`{name}` is {count} characters long; at most {max} are allowed";
    VAR_TOO_LONG_HINT: "用 --set {name}=… 改短一些", "shorten it with --set {name}=…";
    VAR_CONTROL: "`{name}` 含有控制字符", "`{name}` contains a control character";
    VAR_CONTROL_HINT: "用 --set {name}=… 去掉它", "remove it with --set {name}=…";
    VAR_USE_TRIMMED: "改用 `{value}`", "use `{value}`";
    VAR_PROJECT_NAME_HINT: "例如 --set project_name=my-titanic", "for example --set project_name=my-titanic";
    VAR_PROJECT_NAME_SEPARATOR: "`project_name` = `{value}` 含有路径分隔符", "`project_name` = `{value}` contains a path separator";
    VAR_PROJECT_NAME_SEPARATOR_HINT: "要在别处创建项目，请把路径作为第二个参数：pystart new <template> <path>", "to create the project somewhere else, give the path as the second argument: pystart new <template> <path>";
    VAR_PROJECT_NAME_DOT: "`project_name` = `{value}` 以点开头（会成为隐藏目录或上级目录）", "`project_name` = `{value}` starts with a dot (a hidden or parent directory)";
    VAR_PROJECT_NAME_CONTROL: "`project_name` 含有控制字符（例如换行）", "`project_name` contains a control character (such as a newline)";
    VAR_PROJECT_NAME_SPACE: "`project_name` = `{value}` 首尾有空白", "`project_name` = `{value}` starts or ends with white space";
    VAR_AUTHOR_HINT: "传入 --set author=\"你的名字\"", "pass --set author=\"Your Name\"";
    VAR_AUTHOR_ONE_LINE: "`author` 只能有一行", "`author` must be one line";
    VAR_AUTHOR_COMMA: "`author` = `{value}` 含有逗号，而 Python 打包元数据不允许名字里有逗号", "`author` = `{value}` contains a comma, which Python packaging metadata does not allow in a name";
    VAR_AUTHOR_COMMA_HINT: "写不带逗号的名字，例如 --set author=\"Ada Lovelace\"", "write the name without a comma, e.g. --set author=\"Ada Lovelace\"";
    VAR_EMAIL_INVALID: "`email` = `{value}` 不是有效的邮箱地址", "`email` = `{value}` is not an email address";
    VAR_EMAIL_HINT: "传入 --set email=you@example.com", "pass --set email=you@example.com";

    // The import package: what is wrong with a name (each completes `PKG_INVALID` and
    // `PKG_REPAIRED`), and the repairs made while deriving one.
    PKG_INVALID: "`package` = `{value}` {why}", "`package` = `{value}` {why}";
    PKG_EMPTY: "为空", "is empty";
    PKG_TOO_LONG: "超过 {max} 个字符", "is longer than {max} characters";
    PKG_DIGIT: "以数字开头，而 Python 标识符不能以数字开头", "starts with a digit, which Python identifiers cannot";
    PKG_NOT_IDENTIFIER: "不是合法的 Python 标识符（只能用 a–z、0–9 和 _）", "is not a valid Python identifier (use a–z, 0–9 and _)";
    PKG_CAPITALS: "含有大写字母（PEP 8 规定包名用小写）", "has capital letters (PEP 8 package names are lowercase)";
    PKG_KEYWORD: "是 Python 关键字", "is a Python keyword";
    PKG_STDLIB: "与标准库模块同名，会遮蔽它", "is the name of a standard-library module and would shadow it";
    PKG_THIRD_PARTY: "与常用第三方包同名，会遮蔽它", "is the name of a popular package and would shadow it";
    PKG_USE: "改用 --set package={value}", "use --set package={value}";
    PKG_USE_IDENTIFIER: "用小写 ASCII 标识符，例如 --set package=my_project", "use a lowercase ASCII identifier, e.g. --set package=my_project";
    PKG_CANNOT_DERIVE: "无法从 `project_name` = `{value}` 推导出 ASCII 包名", "cannot derive an ASCII package name from `project_name` = `{value}`";
    PKG_CANNOT_DERIVE_HINT: "自己指定 import 用的包名，例如 --set package=my_project", "choose the import name yourself, e.g. --set package=my_project";
    PKG_SHORTENED: "包名缩短为 `{package}`（最多 {max} 个字符）", "package name shortened to `{package}` (at most {max} characters)";
    PKG_DIGIT_REPAIRED: "包名 `{package}` 不能以数字开头；改用 `{fixed}`", "package `{package}` cannot start with a digit; using `{fixed}`";
    PKG_REPAIRED: "包名 `{package}` {why}；改用 `{fixed}`", "package `{package}` {why}; using `{fixed}`";
    DIR_NAME_NOTE: "目录名 `{dir}`（由项目名 `{name}` 得到）", "directory name `{dir}` (from project name `{name}`)";

    // Template manifests (`template.toml`), read by template authors.
    PYPROJECT_NOT_TOML: "生成的 pyproject.toml 不是有效的 TOML：{err}", "the rendered pyproject.toml is not valid TOML: {err}";
    MANIFEST_INVALID: "模板清单 `{file}` 无效：{problem}", "invalid manifest `{file}`: {problem}";
    MANIFEST_SEE_LINE: "见 `{file}` 第 {line} 行", "see line {line} of `{file}`";
    MANIFEST_CHECK_README: "对照 templates/README.md 检查 `{file}`", "check `{file}` against templates/README.md";
    MANIFEST_FORMAT_HINT: "模板清单的格式见 templates/README.md", "see templates/README.md for the manifest format";
    GRADE_BAD_DEADLINE: "--deadline `{value}` 不是带时区的时间", "--deadline `{value}` is not a time with a zone";
    GRADE_BAD_DEADLINE_HINT: "写成 \"2026-12-20 23:59 +08:00\"（时区必须写出，否则不同机器上是不同的时刻）", "write it as \"2026-12-20 23:59 +08:00\" (the zone is needed: without it the deadline is another moment on another machine)";
    SIMILAR_BAD_THRESHOLD: "--threshold {value} 不在 0 到 1 之间", "--threshold {value} is not between 0 and 1";
    SIMILAR_BAD_THRESHOLD_HINT: "给出一个比例，例如 --threshold 0.5", "give a share, e.g. --threshold 0.5";
    MANIFEST_BAD_PATH_GLOB: "`{key}` 中的路径模式 `{glob}` 无效：{err}", "`{key}`: path pattern `{glob}` is not valid: {err}";
    MANIFEST_NO_STUDENT_PATHS: "`grading.student` 为空：学生提交的内容将全部被忽略", "`grading.student` is empty: nothing of a submission would count";
    MANIFEST_NO_TEST: "`test` 必须给出一条命令", "`test` must name a command";
    MANIFEST_STANDARD_VAR: "变量 `{name}` 是标准变量，不能重新声明", "variable `{name}` is a standard variable and cannot be redeclared";
    MANIFEST_VAR_NOT_IDENTIFIER: "变量名 `{name}` 不是合法的标识符", "variable name `{name}` is not an identifier";
    MANIFEST_NO_CHOICES: "choice 变量 `{name}` 没有 `choices`", "choice variable `{name}` has no `choices`";
    MANIFEST_CHOICES_NOT_CHOICE: "`choices` 只用于 choice 变量，但 `{name}` 是 {kind} 变量", "`choices` is only for choice variables, but `{name}` is a {kind}";
    MANIFEST_REGEX: "`{name}.regex`：{err}", "`{name}.regex`: {err}";
    MANIFEST_DEFAULT: "`{name}` 的默认值：{err}", "default of `{name}`: {err}";
    MANIFEST_VARIANT_NAME: "变体名 `{name}` 须由 1–40 个小写字母、数字、`-` 或 `_` 组成", "variant name `{name}` must be 1-40 lowercase letters, digits, `-` or `_`";
    MANIFEST_VARIANT_TWICE: "变体 `{name}` 声明了两次（`default` 和 `student` 是隐含的变体）", "variant `{name}` is declared twice (`default` and `student` are implicit)";
    MANIFEST_VARIANT_EMPTY: "变体 `{name}` 什么也没设置，只会重复默认值", "variant `{name}` sets nothing; it would repeat the defaults";
    MANIFEST_VARIANT_VALUE: "变体 `{name}`：{err}", "variant `{name}`: {err}";
    MANIFEST_VARIANT_UNKNOWN: "变体 `{name}` 设置了 `{key}`，但它不是此模板的变量", "variant `{name}` sets `{key}`, which is not a variable of this template";
    MANIFEST_BAD_GLOB: "`files.when` 中的路径 `{path}`：{err}", "`files.when` path `{path}`: {err}";
    MANIFEST_SHARED_PATH: "`shared` 中 `{key}` 的路径 `{path}` 无效：须为相对路径，不含 `..`、`.`、空段、`\\` 或 `:`", "`shared`: the `{key}` path `{path}` is not valid: it must be relative, without `..`, `.`, empty segments, `\\` or `:`";
    MANIFEST_SHARED_TWICE: "`shared` 两次写到 `{path}`", "`shared` writes `{path}` twice";
    MANIFEST_SHARED_MISSING: "`shared` 要复制 `{path}`，但 pystart 的 templates/_shared/ 中没有这个文件", "`shared` copies `{path}`, which is not a file of pystart's templates/_shared/";
    MANIFEST_SHARED_MISSING_HINT: "`from` 是 pystart 的 templates/_shared/ 下的路径，例如 python/i18n.py；模板自己的文件放在它的 files/ 中", "`from` is a path below pystart's templates/_shared/, e.g. python/i18n.py; a template's own files belong in its files/ folder";
    MANIFEST_SHARED_CLASH: "模板 `{template}`：`shared` 把 `_shared/{from}` 复制到 `{to}`，但模板自己的 `files/{own}` 也生成这个文件", "template `{template}`: `shared` copies `_shared/{from}` to `{to}`, but the template's own `files/{own}` makes the same file";
    MANIFEST_SHARED_CLASH_HINT: "删掉模板自己的文件以使用共享的版本，或从 `shared` 中去掉这一项以保留自己的版本", "delete the template's own file to use the shared one, or drop the entry from `shared` to keep its own";

    // The catalog: embedded templates, template directories and git repositories.
    CATALOG_UNKNOWN: "未知模板 `{name}`", "unknown template `{name}`";
    CATALOG_UNKNOWN_LISTED: "未知模板 `{name}`（可用的模板：{names}）", "unknown template `{name}` (the templates are {names})";
    CATALOG_DID_YOU_MEAN: "是不是 `{name}`？（`pystart list` 列出全部模板及简介）", "did you mean `{name}`? (`pystart list` describes each template)";
    CATALOG_SEE_LIST: "用 `pystart list` 查看每个模板的简介，再把名称传给 `pystart new`", "see what each template is with `pystart list`, then pass its name to `pystart new`";
    CATALOG_MANIFEST_MISSING: "`{file}` 不存在或不是 UTF-8 编码", "`{file}` is missing or not UTF-8";
    CATALOG_NOT_UTF8: "`{file}` 不是 UTF-8 编码", "`{file}` is not UTF-8";
    CATALOG_NAME_MISMATCH: "`{file}` 写的是 name = `{name}`，但它所在的目录是 `{dir}`", "`{file}` says name = `{name}`, but its directory is `{dir}`";
    CATALOG_NAME_MISMATCH_HINT: "让模板清单的 `name` 与目录名相同", "make the manifest's `name` equal to the directory name";
    CATALOG_NOT_TEMPLATE_DIR: "`{path}` 不是模板目录：其中没有 template.toml", "`{path}` is not a template directory: it has no template.toml";
    CATALOG_NOT_TEMPLATE_DIR_HINT: "模板是含有 `template.toml` 和 `files/` 的目录（见 pystart 源码中的 templates/README.md）", "a template is a directory with `template.toml` and `files/` (see templates/README.md in pystart's source)";
    CATALOG_NO_DIR_NAME: "`{path}` 没有可用的目录名", "`{path}` has no usable directory name";
    CATALOG_UNDERSCORE: "模板目录 `{name}` 以 `_` 开头", "template directory `{name}` starts with `_`";
    CATALOG_UNDERSCORE_HINT: "以 `_` 开头的名字留给共享材料；请给目录改名", "names starting with `_` are reserved for shared material; rename the directory";
    CATALOG_REF_NOT_GIT: "--ref 只用于来自 git 仓库的模板", "--ref is only for templates from git repositories";
    CATALOG_REF_NOT_GIT_HINT: "把 git URL（或裸仓库）作为模板传入", "pass a git URL (or a bare repository) as the template";
    CATALOG_FETCH: "git：无法获取 `{url}`：{err}", "git: cannot fetch `{url}`: {err}";
    CATALOG_CLONE: "git：无法克隆 `{url}`：{err}", "git: cannot clone `{url}`: {err}";
    CATALOG_OPEN_CLONE: "git：无法打开 `{url}` 的克隆：{err}", "git: cannot open the clone of `{url}`: {err}";
    CATALOG_READ_COMMIT: "git：无法读取 `{url}` 的提交：{err}", "git: cannot read the commit of `{url}`: {err}";
    CATALOG_READ_TREE: "git：无法读取 `{url}` 的目录树：{err}", "git: cannot read the tree of `{url}`: {err}";
    CATALOG_LIBGIT2_HINT: "检查 URL 以及你是否有权访问它（pystart 用 libgit2 读取它）", "check the URL and your access to it (pystart uses libgit2 for this)";
    CATALOG_NO_REVISION: "`{url}` 中没有修订 `{rev}`", "`{url}` has no revision `{rev}`";
    CATALOG_NO_REVISION_HINT: "用 --ref 传入一个存在的标签、分支或提交", "pass a tag, a branch or a commit that exists with --ref";
    CATALOG_GIT_NO_MANIFEST: "`{url}` 的顶层没有 template.toml", "`{url}` has no template.toml at its top level";
    CATALOG_GIT_NO_MANIFEST_HINT: "模板是含有 `template.toml` 和 `files/` 的目录", "a template is a directory with `template.toml` and `files/`";
    CATALOG_GIT_BAD_NAME: "`{file}`：名字 `{name}` 必须是不以 `_` 开头的标识符", "`{file}`: name `{name}` must be an identifier not starting with `_`";
    CATALOG_GIT_NOT_RUN: "无法运行 git 来获取 `{url}`：{err}", "cannot run git to fetch `{url}`: {err}";
    CATALOG_GIT_NOT_RUN_HINT: "安装 git，或自己克隆模板后传入它的目录", "install git, or clone the template yourself and pass its directory";
    CATALOG_GIT_FETCH_FAILED: "git 无法获取 `{url}`：{err}", "git could not fetch `{url}`: {err}";
    CATALOG_GIT_ACCESS_HINT: "检查 URL 以及你是否有权访问它（git 使用你的凭据和 SSH 设置）", "check the URL and your access to it (git uses your credentials and SSH set-up)";
    CATALOG_GIT_NAME_NOT_UTF8: "`{url}`：`{dir}` 中有文件名不是 UTF-8 编码", "`{url}`: a file name in `{dir}` is not UTF-8";
    CATALOG_GIT_READ: "git：无法读取 `{path}`：{err}", "git: cannot read `{path}`: {err}";
    CATALOG_GIT_LINK: "`{url}`：`{path}` 是符号链接或子模块；模板中不能有它们", "`{url}`: `{path}` is a symbolic link or a submodule; templates may not contain them";
    CATALOG_GIT_LINK_HINT: "换成该文件的副本", "replace it with a copy of the file";
    CATALOG_FILE_NAME_NOT_UTF8: "`{path}`：文件名不是 UTF-8 编码", "`{path}`: file name is not UTF-8";
    CATALOG_LINK: "`{path}` 是符号链接；模板中不能有链接", "`{path}` is a symbolic link; templates may not contain links";
    CATALOG_LINK_HINT: "把链接换成该文件的副本", "replace the link with a copy of the file";

    // Rendering.
    RENDER_CASE_CLASH: "模板 `{template}` 同时生成 `{first}` 和 `{second}`，在不区分大小写的文件系统上它们是同一个文件", "template `{template}` renders both `{first}` and `{second}`, one file on case-insensitive file systems";
    RENDER_CASE_CLASH_HINT: "给其中一个改名", "rename one of them";
    RENDER_FAILED: "渲染 `{file}` 失败：{err}", "failed to render `{file}`: {err}";
    TRUST_NEEDED: "模板 `{template}`（{source}）不是 pystart 自带的；运行它的代码（安装、测试、演示）就是运行其作者写的任何东西", "template `{template}` ({source}) is not one of pystart's; running its code (install, tests, demo) runs whatever its author wrote";
    TRUST_HINT: "先读一读这个模板；信任它的话，加上 --trust 再运行", "read the template first; if you trust it, run again with --trust";
    TRUST_QUESTION: "模板 `{template}`（{source}）不是 pystart 自带的。运行它的代码（安装、测试、演示）？", "Template `{template}` ({source}) is not one of pystart's. Run its code (install, tests, demo)?";
    TRUST_DECLINED: "没有运行模板 `{template}` 的代码", "the code of template `{template}` was not run";
    RENDER_STRUCTURE: "`{file}`：{problem}", "`{file}`: {problem}";
    RENDER_STRUCTURE_HINT: "模板不能包含自身、递归调用宏，也不能嵌套得太深；请把它展开", "a template may not include itself, call a macro recursively or nest too deeply; unroll it";
    RENDER_CYCLE: "包含或调用自身：{chain}", "includes or calls itself: {chain}";
    RENDER_TOO_DEEP: "include 和宏调用嵌套了 {n} 层（最多 {max} 层）", "includes and macro calls nest {n} deep (at most {max})";
    RENDER_LOOPS_TOO_DEEP: "for 循环嵌套了 {n} 层（最多 {max} 层，include 和宏调用也计入）", "for-loops nest {n} deep (at most {max}, through includes and macro calls)";
    RENDER_RANGE_NUMBER: "range 的 `{key}` 必须是非负整数", "range's `{key}` must be a whole number, not negative";
    RENDER_RANGE_TOO_BIG: "range 会生成 {n} 个数（最多 {max} 个）", "range would make {n} numbers (at most {max})";
    RENDER_TOO_SLOW: "渲染超过了 {seconds} 秒", "rendering took longer than {seconds} s";
    RENDER_FILE_TOO_SLOW: "渲染 `{file}` 超过了 {seconds} 秒", "rendering `{file}` took longer than {seconds} s";
    RENDER_FILE_TOO_BIG: "渲染出的 `{file}` 超过了 {mb} MB", "`{file}` rendered to more than {mb} MB";
    RENDER_PROJECT_TOO_BIG: "模板 `{template}` 生成的项目超过了 {mb} MB", "template `{template}` makes a project of more than {mb} MB";
    RENDER_LIMITS_HINT: "模板的循环或输出太大；请缩小它（用 `pystart template check` 检查）", "the template loops or writes too much; make it smaller (check it with `pystart template check`)";
    RENDER_CRASHED: "渲染 `{file}` 时发生内部错误", "rendering `{file}` stopped with an internal error";
    RENDER_CRASHED_HINT: "请报告这个问题，并附上模板（上面的信息说明了出错之处）", "please report this, with the template (the message above says where it failed)";
    RENDER_NO_THREAD: "无法启动渲染线程：{err}", "cannot start the render thread: {err}";
    CATALOG_SPECIAL_FILE: "`{path}` 不是普通文件（而是 FIFO、套接字或设备）；模板中只能有文件和文件夹", "`{path}` is not a regular file (a FIFO, a socket or a device); templates may hold only files and folders";
    CATALOG_SPECIAL_FILE_HINT: "把它从模板中删除", "remove it from the template";
    RENDER_NOT_UTF8: "模板文件 `templates/{file}` 不是 UTF-8 编码", "template file `templates/{file}` is not UTF-8";
    RENDER_SYNTAX: "模板 `{template}` 有 Tera 语法错误：{err}", "template `{template}` has a Tera syntax error: {err}";
    RENDER_NO_ENV: "模板不能读取环境变量；请在 template.toml 中声明一个变量", "templates cannot read environment variables; declare a variable in template.toml";
    RENDER_SECRET_LENGTH: "random_secret：`length` 须在 16 到 256 之间", "random_secret: `length` must be 16 to 256";
    RENDER_SECRET_NO_SOURCE: "random_secret：没有随机数来源：{err}", "random_secret: no random source: {err}";
    RENDER_PATH_FAILED: "渲染路径 `templates/{file}` 失败：{err}", "failed to render the path `templates/{file}`: {err}";
    RENDER_BAD_SEGMENT: "路径 `templates/{file}` 渲染出无效的一段 `{segment}`", "the path `templates/{file}` renders to an invalid segment `{segment}`";
    RENDER_BAD_CONDITION: "`templates/{template}/template.toml` 中的条件 `{expr}` 无效：{err}", "invalid condition `{expr}` in `templates/{template}/template.toml`: {err}";

    // Writing the project.
    TARGET_NOT_EMPTY: "目标目录 `{path}` 已存在且不为空", "target directory `{path}` already exists and is not empty";
    TARGET_NOT_EMPTY_HINT: "换一个名字或路径，或先删除它", "choose another name or path, or remove it first";
    TARGET_NOT_DIR: "目标 `{path}` 已存在且不是目录", "target `{path}` already exists and is not a directory";
    TARGET_NOT_DIR_HINT: "换一个名字或路径", "choose another name or path";
    TARGET_NO_NAME: "`{path}` 不是目录名", "`{path}` is not a directory name";
    INTERRUPTED: "已中断；没有留下任何文件", "interrupted; nothing was left behind";

    // Input and output errors, one per action (`Error::io`).
    IO_READ: "无法读取 `{path}`：{err}", "failed to read `{path}`: {err}";
    IO_READ_ANSWERS: "无法读取回答文件 `{path}`：{err}", "failed to read the answers file `{path}`: {err}";
    IO_READ_ROSTER: "无法读取名单 `{path}`：{err}", "failed to read the roster `{path}`: {err}";
    IO_CREATE: "无法创建 `{path}`：{err}", "failed to create `{path}`: {err}";
    IO_WRITE: "无法写入 `{path}`：{err}", "failed to write `{path}`: {err}";
    IO_INSPECT: "无法查看 `{path}`：{err}", "failed to inspect `{path}`: {err}";
    IO_REMOVE: "无法删除 `{path}`：{err}", "failed to remove `{path}`: {err}";
    IO_MAKE_EXECUTABLE: "无法把 `{path}` 设为可执行：{err}", "failed to make executable `{path}`: {err}";
    IO_MOVE_INTO: "无法移动到 `{path}`：{err}", "failed to move into `{path}`: {err}";
    IO_MOVE_INTO_PLACE: "无法把 `{path}` 移动到位：{err}", "failed to move into place `{path}`: {err}";
    IO_MOVE_PROJECT_INTO: "无法把项目移动到 `{path}`：{err}", "failed to move the project into `{path}`: {err}";
    IO_OPEN_LOG: "无法打开日志 `{path}`：{err}", "failed to open the log `{path}`: {err}";
    IO_OPEN_JOURNAL: "无法打开记录文件 `{path}`：{err}", "failed to open the journal `{path}`: {err}";
    IO_LOCK: "无法锁定 `{path}`：{err}", "failed to lock `{path}`: {err}";
    IO_RUN: "无法运行 `{path}`：{err}", "failed to run `{path}`: {err}";
    IO_OTHER: "对 `{path}` 的操作失败（{action}）：{err}", "failed to {action} `{path}`: {err}";
    DEFAULT_REPAIRED: "{source}：`{value}` 改为 `{fixed}`（{name} 不能含逗号或控制字符）", "{source}: `{value}` became `{fixed}` ({name} may hold no commas or control characters)";
    DEFAULT_UNUSABLE: "没有使用 {source} 中的 {name}：{why}", "{source}: not used as the {name}: {why}";
    IO_NO_SPACE: "存放 `{path}` 的磁盘没有剩余空间", "no space left on the disk that holds `{path}`";
    IO_NO_SPACE_HINT: "腾出一些空间（或换一个在别的磁盘上的文件夹），再运行同一条命令", "free some space (or choose a folder on another disk), then run the same command again";

    // git repositories of new projects.
    GIT_PRISTINE: "git：无法创建 `pystart` 分支：{err}", "git: failed to create the `pystart` branch: {err}";
    GIT_INIT: "git：无法初始化仓库：{err}", "git: failed to initialise a repository: {err}";
    GIT_ODB_OPEN: "git：无法打开对象数据库：{err}", "git: failed to open the object database: {err}";
    GIT_ODB_SETUP: "git：无法设置对象数据库：{err}", "git: failed to set up the object database: {err}";
    GIT_INDEX_OPEN: "git：无法打开索引：{err}", "git: failed to open the index: {err}";
    GIT_ADD: "git：无法添加文件：{err}", "git: failed to add files: {err}";
    GIT_INDEX_WRITE: "git：无法写入索引：{err}", "git: failed to write the index: {err}";
    GIT_TREE_WRITE: "git：无法写入目录树：{err}", "git: failed to write the tree: {err}";
    GIT_TREE_READ: "git：无法读取目录树：{err}", "git: failed to read the tree: {err}";
    GIT_SIGNATURE: "git：无法生成提交作者：{err}", "git: failed to build the commit author: {err}";
    GIT_COMMIT: "git：无法提交：{err}", "git: failed to commit: {err}";
    GIT_COMMIT_READ: "git：无法读取提交：{err}", "git: failed to read the commit: {err}";
    GIT_PACK: "git：无法打包对象：{err}", "git: failed to pack the objects: {err}";
    GIT_PACK_WRITE: "git：无法写入包文件：{err}", "git: failed to write the pack: {err}";
    GIT_NO_GIT_HINT: "用 --no-git 跳过创建仓库", "use --no-git to skip creating a repository";

    // Answers files.
    ANSWERS_NOT_TOML: "回答文件 `{file}` 不是有效的 TOML：{err}", "answers file `{file}` is not valid TOML: {err}";
    ANSWERS_NOT_TOML_HINT: "每行写一个 `name = value`，例如 author = \"Ada\"", "write one `name = value` per line, e.g. author = \"Ada\"";
    ANSWERS_NOT_STRING: "回答文件 `{file}` 中的 `{key}` 应为字符串，而不是 `{value}`", "`{key}` in answers file `{file}` must be a string, not `{value}`";
    ANSWERS_BAD_MODE: "回答文件 `{file}` 中的 `mode` 应为 \"solution\" 或 \"student\"，而不是 `{value}`", "`mode` in answers file `{file}` must be \"solution\" or \"student\", not `{value}`";
    ANSWERS_NOT_TABLE: "回答文件 `{file}` 中的 `{key}` 应为表", "`{key}` in answers file `{file}` must be a table";
    ANSWERS_UNKNOWN_KEY: "回答文件 `{file}` 中有未知的键 `{key}`", "unknown key `{key}` in answers file `{file}`";
    ANSWERS_UNKNOWN_KEY_HINT: "把所有回答都放在 [answers] 下", "put every answer under [answers]";

    // Prompts.
    PROMPT_READ_FAILED: "无法读取回答：{err}", "failed to read the answer: {err}";
    PROMPT_READ_FAILED_HINT: "改用 --set NAME=VALUE 或 --yes 来回答", "answer with --set NAME=VALUE or --yes instead";
    PROMPT_RETRY: "{message}（{hint}）", "{message} ({hint})";

    // The configuration file.
    CONFIG_INVALID_TOML: "配置文件 `{path}` 无效（第 {line} 行）：{err}", "invalid configuration `{path}` (line {line}): {err}";
    CONFIG_KEYS_HINT: "可用的键：[defaults] author、email、lang；[verify] jobs、python；[batch] jobs、mode", "keys: [defaults] author, email, lang; [verify] jobs, python; [batch] jobs, mode";
    CONFIG_BAD_VALUE: "配置文件 `{path}` 无效：{key} = `{value}`", "invalid configuration `{path}`: {key} = `{value}`";
    CONFIG_USE_EITHER: "改用 \"{first}\" 或 \"{second}\"", "use \"{first}\" or \"{second}\"";

    // `config show`.
    CONFIG_SHOW_FILE: "配置文件：{path}", "configuration file: {path}";
    CONFIG_SHOW_FILE_MISSING: "配置文件：{path}（不存在）", "configuration file: {path} (does not exist)";
    CONFIG_SHOW_NO_DIR: "（没有配置目录）", "(no config directory)";
    CONFIG_SHOW_DEFAULTS: "新项目当前生效的默认值（--set 和 --answers 优先于它们）：", "defaults in effect for new projects (--set and --answers win over these):";
    CONFIG_SHOW_NOT_SET: "（未设置）", "(not set)";
    CONFIG_SHOW_CACHE_DIR: "  缓存目录   {path}", "  cache dir  {path}";
    CONFIG_SHOW_NONE: "（无）", "(none)";
    CONFIG_SHOW_PRECEDENCE: "优先级：--set > --answers > 环境变量（PYSTART_LANG、PYSTART_AUTHOR、PYSTART_EMAIL、\nPYSTART_PYTHON）> 本文件 > git 配置和区域设置 > 模板的默认值。", "Precedence: --set > --answers > environment (PYSTART_LANG, PYSTART_AUTHOR, PYSTART_EMAIL,\nPYSTART_PYTHON) > this file > git config and locale > the template's default.";

    // Settings of `new` and `batch`, and the places pystart looks things up.
    NEW_TEMPLATE_ONE_PATH: "使用 --template 时最多只能给一个路径", "with --template, give at most one path";
    NEW_ANSWERS_OTHER_TEMPLATE: "回答文件属于模板 `{file_template}`，而不是 `{template}`", "the answers file is for template `{file_template}`, not `{template}`";
    NEW_ANSWERS_OTHER_TEMPLATE_HINT: "运行 `pystart new {file_template} …`，或者不写模板名", "run `pystart new {file_template} …`, or leave the template name out";
    NEW_MISSING_TEMPLATE: "缺少模板名", "missing the template name";
    NEW_MISSING_TEMPLATE_HINT: "`pystart list` 列出模板；然后运行 `pystart new <template>`（在终端里只运行 `pystart new` 可以从列表中选择）", "`pystart list` shows the templates; then run `pystart new <template>` (on a terminal, `pystart new` alone lets you choose)";
    SET_NO_EQUALS: "--set 需要 NAME=VALUE，收到的是 `{item}`", "--set expects NAME=VALUE, got `{item}`";
    SET_EXAMPLE: "例如 --set author=\"Ada Lovelace\"", "for example --set author=\"Ada Lovelace\"";
    SET_NO_NAME: "--set `{item}` 没有变量名", "--set `{item}` has no variable name";
    BATCH_FROM_ROSTER: "批量生成时 `{name}` 取自名单", "`{name}` comes from the roster in a batch";
    BATCH_FROM_ROSTER_HINT: "请把它写在名单的 姓名/name 或 邮箱/email 列中", "put it in the roster's 姓名/name or 邮箱/email column instead";
    NO_PYTHON: "在 PATH 中找不到 Python 解释器", "no Python interpreter found on PATH";
    NO_PYTHON_HINT: "安装 Python 3.10 或更新的版本，或传入 --python /path/to/python3", "install Python 3.10 or newer, or pass --python /path/to/python3";
    NO_CACHE_DIR: "找不到 pystart 的缓存目录（模板、uv 的下载）", "cannot find a cache directory for pystart (templates, uv's downloads)";
    NO_CACHE_DIR_HINT: "把 PYSTART_CACHE_DIR 设为一个可写的目录", "set PYSTART_CACHE_DIR to a writable directory";

    // `new`, `info` and `explain`.
    NEW_NO_MARKERS: "模板 `{template}` 没有答案标记：学生版就是完整项目", "template `{template}` has no solution markers: the student version is the full project";
    NEW_INSIDE_WORK_TREE: "位于 git 工作树 `{path}` 之内", "inside the git work tree `{path}`";
    INFO_NO_PYPROJECT: "模板 `{template}` 没有 pyproject.toml", "template `{template}` has no pyproject.toml";
    EXPLAIN_HOW_TO_READ: "运行 `pystart explain <topic>` 阅读其中一篇。", "Run `pystart explain <topic>` to read one.";
    EXPLAIN_UNKNOWN_TOPIC: "未知主题 `{topic}`", "unknown topic `{topic}`";
    EXPLAIN_TOPICS: "可选的主题：{topics}", "topics: {topics}";
}
