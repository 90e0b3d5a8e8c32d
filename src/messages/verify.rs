//! Texts of verify (see the module list in `messages`): `verify`, the Python environments it
//! builds (`pyenv`), `setup` and `doctor`.

use crate::messages::{Text, texts};
use std::fmt::Display;

/// A report text in English and in the interface language: the English one goes into the
/// reports whose values are data (`verify --json`, `--junit`, `doctor --json`), the other to
/// the terminal.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Both {
    pub en: String,
    pub shown: String,
    /// The code of the text it was made from (`stage_rendered`), for programs; `None` for
    /// plain text.
    pub code: Option<String>,
}

impl Both {
    /// `text` with its placeholders filled, in both languages.
    pub fn of(text: &'static Text, args: &[(&str, &dyn Display)]) -> Self {
        Self::from_msg(&text.m(args))
    }

    /// A deferred message (an error's, say) put into both languages.
    pub fn from_msg(msg: &crate::messages::Msg) -> Self {
        Both {
            en: msg.en(),
            shown: msg.to_string(),
            code: msg.code(),
        }
    }

    /// Text that is the same in both (another program's output, a path, a name).
    pub fn same(text: impl Into<String>) -> Self {
        let text = text.into();
        Both {
            en: text.clone(),
            shown: text,
            code: None,
        }
    }
}

texts! {
    // python: the interpreter, running commands, the environments
    PYTHON_CANNOT_RUN: "无法运行 Python `{path}`：{err}", "cannot run Python `{path}`: {err}";
    PYTHON_PASS_PYTHON: "请用 --python /path/to/python3 指定一个 3.10 或更新的 Python", "pass --python /path/to/python3 (3.10 or newer)";
    PYTHON_NO_VERSION: "`{path}` 没有报告自己的版本", "`{path}` did not report its version";
    PYTHON_TOO_OLD: "`{path}` 是 Python {version}；模板需要 3.10 或更新的版本", "`{path}` is Python {version}; the templates need 3.10 or newer";
    PYTHON_PASS_PYTHON_310: "请用 --python /path/to/python3.10（或更新版本）指定", "pass --python /path/to/python3.10 (or newer)";
    ENV_CANNOT_RUN: "无法运行 {command}：{err}", "failed to run {command}: {err}";
    ENV_KILLED_AFTER: "pystart：{seconds} 秒后仍未结束，已终止", "pystart: stopped after {seconds} s (the time limit)";
    ENV_CANNOT_WAIT: "等待 {command} 结束时出错：{err}", "failed to wait for {command}: {err}";
    ENV_EARLIER_LINES: "……前面还有 {n} 行，见 `{path}`", "… {n} earlier lines in `{path}`";
    ENV_SEE_LOG_NETWORK: "见 `{log}`；请检查能否访问软件包索引", "see `{log}`; check the network access to the package index";
    ENV_SEE_LOG: "见 `{log}`", "see `{log}`";
    ENV_UV_VENV_FAILED: "`uv venv` 失败", "`uv venv` failed";
    ENV_VENV_FAILED: "`{python} -m venv` 失败", "`{python} -m venv` failed";
    ENV_SEE_LOG_VENV: "见 `{log}`；在 Debian 或 Ubuntu 上请安装 python3-venv 软件包", "see `{log}`; on Debian or Ubuntu install the python3-venv package";
    ENV_PROJECT_INSTALL_FAILED: "安装项目失败（`pip install -e \"{requirement}\"`）", "installing the project failed (`pip install -e \"{requirement}\"`)";

    // the installer
    INSTALLER_NO_UV: "找不到 uv，也无法把它安装到 pystart 的缓存中", "uv is not on PATH and could not be installed into pystart's cache";
    INSTALLER_NO_UV_HINT: "用 `python -m pip install uv` 安装 uv，或者改用 `--installer pip`", "install it with `python -m pip install uv`, or pass `--installer pip`";
    INSTALLER_PIP_NOTE: "找不到 uv：改用 venv 和 pip 安装，每个项目都要完整安装一遍依赖，会慢很多", "no uv: installing with venv and pip, which installs every project's dependencies in full and is much slower";
    INSTALLER_BOOTSTRAPPING: "PATH 上没有 uv：正在用 `{python} -m pip install uv` 把它安装到 pystart 的缓存中（只需一次）", "no uv on PATH: installing it into pystart's cache with `{python} -m pip install uv` (once)";
    INSTALLER_BOOTSTRAP_FAILED: "无法安装 uv（见 `{log}`）", "could not install uv (see `{log}`)";
    INSTALLER_UV: "uv {version}（{from}：`{path}`）", "uv {version} ({from}: `{path}`)";
    INSTALLER_FROM_VARIABLE: "来自 PYSTART_UV", "from PYSTART_UV";
    INSTALLER_FROM_PATH: "在 PATH 上", "on PATH";
    INSTALLER_FROM_CACHE: "pystart 缓存中的副本", "pystart's cached copy";
    INSTALLER_FROM_BOOTSTRAP: "刚安装到 pystart 的缓存中", "just installed into pystart's cache";
    INSTALLER_FROM_REBUILT: "缓存中的副本无法运行，已重新安装", "rebuilt: the cached copy did not run";
    INSTALLER_PIP_ASKED: "venv 和 pip（--installer pip）", "venv and pip (--installer pip)";
    INSTALLER_PIP_NO_UV: "venv 和 pip（没有 uv）", "venv and pip (no uv)";

    // pystart cache
    CACHE_EMPTY: "pystart 的缓存 `{path}` 是空的", "pystart's cache `{path}` is empty";
    CACHE_RETIRED: "（旧版 pystart 留下的，已不再使用）", "(left by an older pystart, no longer used)";
    CACHE_IN_USE_NOW: "（正在被另一个 pystart 使用）", "(in use by another pystart now)";
    CACHE_TOTAL: "共 {size}，位于 `{path}`；`pystart cache clean` 可释放", "{size} in `{path}`; `pystart cache clean` frees it";
    CACHE_REMOVED: "已删除 {name}（{size}）", "removed {name} ({size})";
    CACHE_KEPT_IN_USE: "保留了 {name}：另一个 pystart 正在使用它", "kept {name}: another pystart is using it";
    CACHE_NOT_REMOVED: "无法删除 {name}：{err}", "could not remove {name}: {err}";
    CACHE_FREED: "释放了 {size}（`{path}`）", "freed {size} (`{path}`)";
    CACHE_TODAY: "今天", "today";
    CACHE_DAYS_AGO: "{n} 天前", "{n} days ago";
    CACHE_BAD_AGE: "`{value}` 不是 30d、12h 或 90m 这样的时长", "`{value}` is not an age such as 30d, 12h or 90m";

    // verify: progress and summary
    VERIFY_TEMPLATES: "{n} 个模板", "{n} template{s}";
    VERIFY_JOBS: "{n} 个任务", "{n} job{s}";
    VERIFY_START: "正在用 {implementation} {version}（`{python}`）验证 {templates}（{jobs}），同时运行 {workers} 个；安装工具：{installer}", "verifying {templates} ({jobs}) with {implementation} {version} (`{python}`), {workers} at a time; installer: {installer}";
    VERIFY_PROGRESS: "{bar:30} {pos}/{len} 个任务  {elapsed_precise}", "{bar:30} {pos}/{len} jobs  {elapsed_precise}";
    VERIFY_JUNIT_WRITTEN: "JUnit 报告已写入 `{path}`", "JUnit report written to `{path}`";
    VERIFY_DONE: "verify：{passed}通过，{failed} 个失败（其中 {timeouts} 个超时），用时 {seconds} 秒", "verify: {passed} passed, {failed} failed ({timeouts} of them timed out) in {seconds}s";
    VERIFY_JOBS_FAILED: "{total} 个验证任务中有 {failed} 个失败：{list}", "{failed} of {total} verify jobs failed: {list}";
    VERIFY_FAILED_JOB: "{label}（{summary}）", "{label} ({summary})";
    VERIFY_LIST_SEPARATOR: "；", "; ";
    VERIFY_SEE_ABOVE: "上面各行列出了每个失败的阶段及其日志", "the lines above show each failing stage with its log";
    VERIFY_KEPT_HINT: "失败的项目已保留以便检查，例如 `{path}`", "failed projects are kept for inspection, e.g. `{path}`";
    VERIFY_KEPT: "  保留在 `{path}`", "  kept in `{path}`";
    VERIFY_NO_SUCH_VARIANT: "所选模板都没有变体 `{variant}`（它们的变体：{variants}）", "no template here has a variant `{variant}` (theirs: {variants})";
    VERIFY_KNOWN_VARIANTS: "用 --variant 选其中一个；`pystart info <template>` 说明每个变体", "pick one of them with --variant; `pystart info <template>` describes each";
    VERIFY_NO_TEMP_DIR: "无法创建临时目录：{err}", "cannot create a temporary directory: {err}";
    VERIFY_STAGE_DETAIL: "{stage}：{detail}", "{stage}: {detail}";
    VERIFY_PASS: "通过", "pass";
    VERIFY_FAIL: "失败", "FAIL";
    VERIFY_OK: "通过", "ok";
    VERIFY_SKIP: "跳过", "skip";
    VERIFY_TIMEOUT: "超时", "TIMEOUT";
    VERIFY_HEADER_TEMPLATE: "模板", "TEMPLATE";
    VERIFY_HEADER_VARIANT: "变体", "VARIANT";
    VERIFY_HEADER_RESULT: "结果", "RESULT";
    VERIFY_HEADER_SECONDS: "秒数", "SECONDS";
    VERIFY_HEADER_DETAIL: "阶段：详情", "stage: detail";

    // verify: the stages
    STAGE_RENDERED: "{n} 个文件", "{n} files";
    STAGE_RENDERED_STRIPPED: "{n} 个文件，其中 {stripped} 个改为学生版", "{n} files, {stripped} of them changed for the student version";
    STAGE_WITH_HINT: "{message}（提示：{hint}）", "{message} (hint: {hint})";
    STAGE_NOT_RENDERED: "未生成", "not rendered";
    STAGE_STATIC_CLEAN: "没有残留的模板语法；TOML、JSON、YAML 和 Python 文件都能解析", "no template syntax left; TOML, JSON, YAML and Python parse";
    STAGE_STATIC_PROBLEMS: "{n} 个问题，第一个在：{first}", "{n} problem(s), first: {first}";
    STAGE_INSTALLED: "新的虚拟环境，{tool} install -e \".[dev]\"", "a new virtualenv, {tool} install -e \".[dev]\"";
    STAGE_INSTALL_TIMEOUT: "安装超过了 {seconds} 秒的时限（--test-timeout）", "the install ran out of its {seconds} s limit (--test-timeout)";
    STAGE_TESTS_TIMEOUT: "`{command}` 超过了 {seconds} 秒的时限（--test-timeout）", "`{command}` ran out of its {seconds} s limit (--test-timeout)";
    STAGE_NOT_INSTALLED: "未安装", "not installed";
    STAGE_STUDENT_NO_XFAIL: "学生版：{summary}，但没有任何拓展测试报告 XFAIL（拓展测试是否调用到了待完成的函数？）", "student version: {summary}, but no stretch test reported XFAIL (do the stretch tests reach the stubs?)";
    STAGE_TESTS_FAILED: "`{command}` 失败：{summary}", "`{command}` failed: {summary}";
    STAGE_FIRST_FAILING: "{summary}；第一个失败的测试：{test}", "{summary}; first failing: {test}";
    STAGE_NO_BROWSER_MARKER: "pyproject.toml 没有注册 browser 标记：没有浏览器测试", "pyproject.toml registers no browser marker: no browser tests";
    STAGE_BROWSER_SKIPPED: "{summary}；跳过的原因：{reason}", "{summary}; skipped: {reason}";
    STAGE_BROWSER_TIMEOUT: "浏览器测试超过了 {seconds} 秒的时限（--test-timeout）", "the browser tests ran out of their {seconds} s limit (--test-timeout)";
    STAGE_NO_CONCEPTS: "没有 concepts/run_checks.py", "no concepts/run_checks.py";
    STAGE_CONCEPTS_DONE: "同样的检查已在 {job} 中通过", "the same checks passed in {job}";
    STAGE_CONCEPTS_FAILED: "概念检查失败：{summary}", "concept checks failed: {summary}";
    STAGE_RUFF_CLEAN: "ruff check 没有发现问题", "ruff check is clean";
    STAGE_RUFF_PROBLEMS: "ruff check 发现了问题", "ruff check found problems";
    STAGE_NO_RUFF: "没有安装 ruff（请把它加入 dev 附加依赖）", "ruff is not installed (add it to the dev extra)";
    STAGE_NO_DEMO: "清单没有声明演示", "the manifest declares no demo";
    STAGE_STUDENT_DEMO: "学生版：测试已离线运行演示；演示命令本身由默认变体验证", "student version: its tests ran the demo offline; the demo command itself is verified by the default variant";
    STAGE_DEMO_TIMEOUT: "`{command}` 超过了 {seconds} 秒的时限（--demo-timeout）", "`{command}` ran out of its {seconds} s limit (--demo-timeout)";
    STAGE_DEMO_FAILED: "`{command}` 失败", "`{command}` failed";
    STAGE_DEMO_NO_OUTPUTS: "`{command}` 没有往 outputs/ 写入任何文件", "`{command}` wrote nothing to outputs/";
    STAGE_DEMO_PASSED: "离线运行，outputs/ 中有 {n} 个文件", "offline, {n} file{s} in outputs/";
    STAGE_NO_UV: "这次运行不用 uv 安装（--installer pip，或找不到 uv）：这个变体照学习者用 uv 的方式运行", "this run installs without uv (--installer pip, or no uv): this variant runs as a learner using uv would";
    STAGE_UV_SYNCED: "uv sync：依赖和 dev 组已装入 .venv", "uv sync: dependencies and the dev group in .venv";
    STAGE_UV_SYNC_FAILED: "uv sync 失败", "uv sync failed";
    STAGE_UV_DEFAULT_COVERS: "由默认变体检查", "checked by the default variant";
    PROBLEM_MISSING: "{path}：缺失（每个生成的项目都有它）", "{path}: missing (every generated project has it)";
    PROBLEM_NO_TESTS: "tests/：缺失（每个生成的项目都有测试）", "tests/: missing (every generated project has tests)";
    PROBLEM_STALE_RULE: "template.toml：files.when[{i}]（if = `{condition}`）保留 `{glob}`，但没有生成的文件与之匹配", "template.toml: files.when[{i}] (if = `{condition}`) keeps `{glob}`, but no generated file matches it";
    PROBLEM_TEMPLATE_SYNTAX: "{path}:{line}：生成后仍残留模板语法：{text}", "{path}:{line}: template syntax left after rendering: {text}";
    PROBLEM_INVALID_TOML: "{path}：TOML 无效：{err}", "{path}: invalid TOML: {err}";
    PROBLEM_INVALID_JSON: "{path}：JSON 无效：{err}", "{path}: invalid JSON: {err}";
    PROBLEM_INVALID_YAML: "{path}：YAML 无效：{err}", "{path}: invalid YAML: {err}";
    PROBLEM_PYTHON_SYNTAX: "{line}（Python 语法错误）", "{line} (Python syntax error)";
    PROBLEM_NO_PYTHON: "无法运行 Python 来解析 .py 文件：{err}", "cannot run Python to parse .py files: {err}";

    // setup
    SETUP_NO_PYPROJECT: "`{path}` 中没有 pyproject.toml", "`{path}` has no pyproject.toml";
    SETUP_RUN_IN_PROJECT: "请在项目文件夹（由 `pystart new` 生成的）中运行 `pystart setup`", "run `pystart setup` in a project folder (one made by `pystart new`)";
    SETUP_STEP_VENV: "正在创建 .venv", "creating .venv";
    SETUP_STEP_INSTALL: "正在安装项目及其开发工具", "installing the project and its dev tools";
    SETUP_STEP_TESTS: "正在运行一次测试", "running the tests once";
    SETUP_STEP: "setup：{step}……", "setup: {step}…";
    SETUP_VENV_FAILED: "创建 .venv 失败；日志末尾：\n{log}", "creating .venv failed; the end of its log:\n{log}";
    SETUP_INSTALL_FAILED: "安装项目失败；日志末尾：\n{log}", "installing the project failed; the end of its log:\n{log}";
    SETUP_TESTS_FAILED: "测试失败；日志末尾：\n{log}", "the tests failed; the end of its log:\n{log}";
    SETUP_INSTALL_VENV: "在 Debian/Ubuntu 上请安装 python3-venv（sudo apt install python3-venv）", "on Debian/Ubuntu install python3-venv (sudo apt install python3-venv)";
    SETUP_OFFLINE: "没有网络？在有网络的机器上运行 `pip download -d wheels -e \".[dev]\"`，把 `wheels/` 复制过来，再运行 `.venv/bin/pip install --no-index --find-links wheels -e \".[dev]\"`", "no network? On a machine with one: `pip download -d wheels -e \".[dev]\"`, copy `wheels/` over, then `.venv/bin/pip install --no-index --find-links wheels -e \".[dev]\"`";
    SETUP_TESTS_HINT: "项目已安装；在项目中运行 `python -m pytest` 可看到每个失败", "the project is installed; run `python -m pytest` in it to see every failure";
    SETUP_DONE_WORD: "已配置", "Set up";
    SETUP_DONE: "{done} `{path}`：.venv 已就绪，测试：{summary}\n\n下一步：\n  {cd}\n  {activate}\n  python -m {package} demo      # 见 README.md\n", "{done} `{path}`: .venv ready, tests: {summary}\n\nNext:\n  {cd}\n  {activate}\n  python -m {package} demo      # see README.md\n";
    SETUP_PYTHON_TOO_OLD: "Python {version} 对这个项目来说太旧了（它需要 {spec}）", "Python {version} is too old for this project (it needs {spec})";
    SETUP_PYTHON_HINT: "请安装 Python {min} 或更新版本并指定它：pystart setup --python /path/to/python3", "install Python {min} or newer and pass it: pystart setup --python /path/to/python3";

    // doctor
    DOCTOR_OK: "正常", "ok";
    DOCTOR_WARN: "警告", "warn";
    DOCTOR_FAIL: "失败", "FAIL";
    DOCTOR_FIX: "修复：{fix}", "fix: {fix}";
    DOCTOR_PYTHON_FOUND: "{implementation} {version}，位于 {path}（共找到 {n} 个）", "{implementation} {version} at {path} ({n} found)";
    DOCTOR_PYTHON_OLD: "只有 Python {version}，位于 {path}（需要 3.10 或更新版本）", "only Python {version} at {path} (3.10 or newer is needed)";
    DOCTOR_PYTHON_INSTALL: "请安装 Python 3.10–3.13（python.org、系统的包管理器或 pyenv）", "install Python 3.10–3.13 (python.org, your package manager, or pyenv)";
    DOCTOR_NO_PYTHON: "PATH 中没有 python3", "no python3 on PATH";
    DOCTOR_PYTHON_ON_PATH: "请安装 Python 3.10–3.13，并确保 `python3` 在 PATH 中", "install Python 3.10–3.13 and make sure `python3` is on PATH";
    DOCTOR_VENV_WORKS: "python -m venv 可用", "python -m venv works";
    DOCTOR_VENV_MISSING: "缺少 venv 模块（或 ensurepip）", "the venv module (or ensurepip) is missing";
    DOCTOR_VENV_FIX: "在 Debian/Ubuntu 上：sudo apt install python3-venv", "on Debian/Ubuntu: sudo apt install python3-venv";
    DOCTOR_PIP_INSTALLED: "pip 已安装", "pip is installed";
    DOCTOR_NO_PIP: "这个 Python 里没有 pip", "no pip in this Python";
    DOCTOR_PIP_FIX: "python3 -m ensurepip --upgrade（新建的 venv 自带 pip）", "python3 -m ensurepip --upgrade (a new venv brings its own pip)";
    DOCTOR_NO_UV: "没有 uv：第一次 verify、grade 或 setup 会用 pip 把它装进 pystart 的缓存；装不上时改用 venv 和 pip", "no uv: the first verify, grade or setup installs it into pystart's cache with pip; if that fails, venv and pip install";
    DOCTOR_INDEX: "{url}（{source}，{tool} 使用）", "{url} ({source}, used by {tool})";
    DOCTOR_INDEX_DEFAULT: "默认索引", "the default index";
    DOCTOR_INDEX_PIP_DEFAULT: "pip 的默认索引", "pip's default index";
    DOCTOR_INDEX_ANSWERS: "{index}：有响应，用时 {secs} 秒", "{index}: answers in {secs} s";
    DOCTOR_INDEX_STATUS: "{index}：返回 HTTP {status}", "{index}: answers HTTP {status}";
    DOCTOR_INDEX_FAILED: "{index}：没有响应（{reason}）", "{index}: no answer ({reason})";
    DOCTOR_INDEX_TIMEOUT: "{index}：{secs} 秒内没有响应", "{index}: no answer within {secs} s";
    DOCTOR_INDEX_UNCHECKED: "{index}：未检查（没有可用的 Python 3.10+）", "{index}: not checked (no Python 3.10+ to ask)";
    DOCTOR_INDEX_FIX: "换一个软件包索引镜像：pip config set global.index-url <镜像地址>（或设置环境变量 PIP_INDEX_URL；uv 用 UV_DEFAULT_INDEX）；在代理后面时设置 HTTPS_PROXY", "use a mirror of the package index: pip config set global.index-url <URL> (or set PIP_INDEX_URL; UV_DEFAULT_INDEX for uv); behind a proxy set HTTPS_PROXY";
    DOCTOR_GIT: "{git}；user.name {name}，user.email {email}", "{git}; user.name {name}, user.email {email}";
    DOCTOR_NO_GIT: "找不到 git 命令（只有 `batch --push` 需要它）", "git command not found (only `batch --push` needs it)";
    DOCTOR_NOT_SET: "未设置", "not set";
    DOCTOR_GIT_FIX: "git config --global user.name \"你的名字\" && git config --global user.email you@example.com", "git config --global user.name \"Your Name\" && git config --global user.email you@example.com";
    DOCTOR_NO_FONT: "没有找到中文字体：图表会改用英文标签", "no Chinese font found: plots fall back to English labels";
    DOCTOR_FONT_FIX: "安装 fonts-noto-cjk（Debian/Ubuntu），或在项目中运行 pip install -e \".[zh-fonts]\"", "install fonts-noto-cjk (Debian/Ubuntu) or run pip install -e \".[zh-fonts]\" in a project";
    DOCTOR_CACHE_WRITABLE: "{path} 可写", "{path} is writable";
    DOCTOR_CACHE_FIX: "把 PYSTART_CACHE_DIR 设为一个可写的目录", "set PYSTART_CACHE_DIR to a writable directory";
    DOCTOR_FAILED: "{n} 项必需的检查未通过", "{n} required check{s} failed";
    DOCTOR_FAILED_HINT: "上面每一行“失败”都写明了修复方法", "each FAIL line above says how to fix it";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_fills_each_language() {
        let b = Both::of(&STAGE_RENDERED, &[("n", &3)]);
        assert_eq!(b.en, "3 files");
        assert_eq!(STAGE_RENDERED.fill("zh", &[("n", "3")]), "3 个文件");
        assert_eq!(Both::same("x").shown, "x");
    }
}
