//! `--help` in Chinese. The English help is the doc comments in `cli.rs`; this table holds the
//! Chinese for every command and argument, keyed `command path:argument id` (`verify:jobs`,
//! `template new:dir`; the command's own text has no `:`). Arguments every command has (the
//! global flags, `--help`, `--version`) use `*:id`. A test walks the whole command tree and
//! fails when a key is missing here or a key here matches nothing.

use clap::Command;

/// Chinese help texts.
pub const ZH: &[(&str, &str)] = &[
    // The program and its global flags.
    (
        "",
        "生成完整、能运行的 Python 入门项目：数据分析、机器学习、Web 应用和爬虫——装得上、离线跑得通演示、自带测试能通过。",
    ),
    (
        "*:color",
        "消息的颜色：auto（终端且未设置 NO_COLOR 时）、always、never",
    ),
    ("*:quiet", "只输出错误、警告和数据：不显示进度和总结"),
    (
        "*:verbose",
        "更多细节（例如 `verify` 中每个任务的每个阶段，而不只是失败的）",
    ),
    (
        "*:lang",
        "消息、帮助、摘要以及新项目的语言（默认：PYSTART_LANG、配置文件，再到 LANG）",
    ),
    ("*:help", "显示帮助"),
    ("*:version", "显示版本"),
    ("help", "显示本帮助或指定命令的帮助"),
    // list
    ("list", "列出模板"),
    ("list:json", "输出供工具读取的 JSON，而不是表格"),
    // info
    ("info", "显示模板的变量、Python 依赖和文件"),
    ("info:template", "模板名（见 `pystart list`）"),
    ("info:json", "输出供工具读取的 JSON"),
    // new
    ("new", "从模板创建项目"),
    (
        "new:template",
        "模板名（见 `pystart list`）；使用 --answers 时可省略",
    ),
    ("new:path", "要创建的目录（默认：./<project_name>）"),
    ("new:yes", "什么都不问：未给出的值一律用默认值"),
    (
        "new:set",
        "设置一个变量，例如 --set author=\"Ada\"（可重复）",
    ),
    (
        "new:answers",
        "从 TOML 文件读取回答，例如另一个项目的 .pystart.toml",
    ),
    ("new:no_git", "不创建 git 仓库"),
    ("new:dry_run", "只显示将要创建的内容，不写任何文件"),
    ("new:json", "输出 JSON 结果而不是总结"),
    (
        "new:mode",
        "`student`：删去参考答案、保留练习桩（默认 `solution`，或 --answers 中记录的模式）",
    ),
    (
        "new:from",
        "使用目录或 git 仓库（URL、`file://…`、裸仓库）中的模板而不是内置模板；此时位置参数是要创建的路径",
    ),
    ("new:rev", "git 模板使用的标签、分支或提交（默认：其 HEAD）"),
    (
        "new:setup",
        "随后创建 .venv、安装项目并运行一次测试（见 `pystart setup`）",
    ),
    (
        "new:trust",
        "不经询问就运行非 pystart 自带模板的代码（--setup）",
    ),
    // verify
    ("verify", "把模板渲染到临时目录、安装并运行其测试"),
    (
        "verify:templates",
        "要验证的模板（默认：全部）；`./my_template` 这样的路径表示磁盘上的模板目录",
    ),
    ("verify:all", "验证所有模板"),
    (
        "verify:python",
        "用于构建环境的 Python 解释器（默认：PATH 中的 python3；Windows 上为 python）",
    ),
    (
        "verify:no_cache",
        "重新下载每个软件包，不使用安装工具的缓存",
    ),
    (
        "verify:installer",
        "用什么安装项目：uv（PATH 上的，或一次性装进 pystart 缓存的）、pip（python -m venv 加 pip），或能用 uv 时用 uv（默认）",
    ),
    (
        "verify:test_timeout",
        "项目的安装、随后的测试各自允许的秒数，超时记为 timeout",
    ),
    ("verify:keep", "保留生成的项目（会打印其路径）"),
    (
        "verify:json",
        "在标准输出打印 JSON 报告（格式见 docs/verify-report.md）",
    ),
    (
        "verify:junit",
        "把 JUnit XML 报告（每个模板和变体一个测试用例）写入 FILE",
    ),
    (
        "verify:variants",
        "只验证这些变体（`default` 为模板默认值；见 `pystart info`）",
    ),
    ("verify:jobs", "同时验证的模板变体数（默认：CPU 核数）"),
    (
        "verify:demo_timeout",
        "离线演示允许的秒数，超时记为 timeout",
    ),
    (
        "verify:matrix",
        "打印模板 × 变体的 GitHub Actions 矩阵（JSON）后退出",
    ),
    (
        "verify:trust",
        "不经询问就运行非 pystart 自带模板的代码（安装、测试、演示）",
    ),
    // explain
    (
        "explain",
        "打印一篇概念笔记（import、GIL、多进程……），或列出主题",
    ),
    ("explain:topic", "要打印的主题（省略则列出主题）"),
    // strip
    ("strip", "生成项目的学生版：删去答案，取消练习桩的注释"),
    (
        "strip:source",
        "带答案标记（`# >>> SOLUTION` … `# <<< SOLUTION`）的项目",
    ),
    ("strip:out", "学生版写到哪里（必须不存在，或是空目录）"),
    ("strip:no_git", "不在输出目录中创建 git 仓库"),
    ("strip:json", "输出 JSON 结果而不是总结"),
    // batch
    (
        "batch",
        "为名单（CSV 或 XLSX）中的每位学生创建一个 git 仓库",
    ),
    ("batch:template", "模板名，或模板目录的路径"),
    (
        "batch:roster",
        "班级名单：CSV（UTF-8 或 GBK）或 XLSX，含 `学号`/`id` 列",
    ),
    ("batch:out", "存放每位学生仓库的目录（以学号命名）"),
    (
        "batch:mode",
        "`student`（默认，或配置文件中的 `[batch] mode`）：删去答案；`solution`：完整版本",
    ),
    (
        "batch:encoding",
        "CSV 名单的编码（默认：自动识别 UTF-8、带 BOM 的 UTF-8 或 GBK）",
    ),
    ("batch:sheet", "XLSX 名单的工作表（默认：第一个）"),
    (
        "batch:set",
        "为每位学生设置一个变量，例如 --set lang=zh（可重复）",
    ),
    ("batch:answers", "从 TOML 文件读取所有学生共用的回答"),
    (
        "batch:push",
        "把每个仓库推送到这个 URL；其中的 `{id}`、`{name}`、`{github}` 会被替换",
    ),
    ("batch:jobs", "同时创建的仓库数（默认：CPU 核数）"),
    ("batch:json", "在标准输出打印 JSON 总结"),
    // grade
    ("grade", "运行 `batch` 生成的每个学生仓库的测试并评分"),
    (
        "similar",
        "找出一批提交中可疑地相似的（只比较学生自己写的代码）",
    ),
    ("similar:dir", "`pystart batch` 的 --out 目录"),
    (
        "similar:threshold",
        "报告共有指纹占较小一份提交的比例不低于此值的成对提交",
    ),
    ("similar:json", "在标准输出以 JSON 打印这些成对提交"),
    (
        "similar:template",
        "作业的模板（用于 batch 尚未记录作业的旧目录）",
    ),
    (
        "grade:fetch",
        "先把每个学生远端仓库（batch --push 记录的，或 --from）的最新提交取到老师的文件夹里；不会改动你自己的副本",
    ),
    (
        "grade:from",
        "与 --fetch 一起用：学生的远端地址，例如 'https://git.school.edu/cs101/{id}-titanic.git'（会填入 {id}、{name}、{github}）",
    ),
    (
        "grade:deadline",
        "对 main 上提交时间不晚于此的最后一个提交评分，例如 \"2026-12-20 23:59 +08:00\"；之后的提交会列出",
    ),
    (
        "grade:feedback",
        "与 --fetch 一起用：把 FEEDBACK.md（得分、没通过的测试）推送到每个学生远端的 `feedback` 分支；不会改动学生自己的分支",
    ),
    (
        "grade:similarity",
        "同时查找可疑地相似的提交（同 `pystart similar`）并写入报告",
    ),
    ("grade:dir", "`pystart batch` 的 --out 目录"),
    (
        "grade:report",
        "写出 CSV 报告（每位学生一行，每个测试一列）",
    ),
    ("grade:json", "在标准输出打印 JSON 报告"),
    ("grade:jobs", "同时评分的仓库数（默认：CPU 核数）"),
    (
        "grade:python",
        "Python 解释器（默认：PATH 中的 python3；Windows 上为 python）",
    ),
    (
        "grade:installer",
        "用什么安装每份作业：uv（PATH 上的或 pystart 缓存中的）、pip，或能用 uv 时用 uv（默认）",
    ),
    ("grade:timeout", "一个仓库的安装、随后的测试各自允许的秒数"),
    (
        "grade:sandbox",
        "如何隔离学生代码：bubblewrap（Linux）、none，或在可用时用 bubblewrap",
    ),
    (
        "grade:memory",
        "学生运行中每个进程可用的内存（地址空间），单位 MB",
    ),
    (
        "grade:roster",
        "班级名单（CSV 或 XLSX）：名单上的每个学生都有一行，没有仓库的记为“未提交”",
    ),
    (
        "grade:html",
        "写出一个独立的 HTML 报告：分数直方图、每个测试的通过率、每个学生一行",
    ),
    (
        "grade:template",
        "作业的模板（用于 batch 尚未记录作业的旧目录）",
    ),
    // template
    (
        "template",
        "制作自己的模板：复制一份内置模板，或检查一个模板",
    ),
    ("template new", "复制一个内置模板，作为你自己模板的起点"),
    ("template new:name", "新模板的名字（一个标识符）"),
    ("template new:dir", "要创建的目录（默认：./NAME）"),
    ("template new:from", "作为起点的内置模板"),
    (
        "template check",
        "检查一个模板目录（或 git URL），再像 `pystart verify` 一样验证它",
    ),
    ("template check:path", "模板目录或 git URL"),
    (
        "template check:lint_only",
        "只做静态检查：不安装、不测试渲染出的项目",
    ),
    (
        "template check:python",
        "验证用的 Python 解释器（默认：PATH 中的 python3；Windows 上为 python）",
    ),
    ("template check:keep", "保留生成的项目"),
    ("template check:jobs", "同时验证的变体数（默认：CPU 核数）"),
    (
        "template check:trust",
        "不经询问就运行模板的代码（安装、测试、演示）",
    ),
    // update
    ("update", "把生成的项目更新到模板的当前版本，保留你的修改"),
    ("update:path", "项目目录（默认：当前目录）"),
    ("update:dry_run", "只显示会改变什么，不做任何修改"),
    ("update:check", "只报告是否有可用更新（有则退出码为 2）"),
    (
        "update:set",
        "设置一个变量（例如新模板版本新增的变量）（可重复）",
    ),
    ("update:json", "在标准输出打印 JSON 总结"),
    // doctor
    (
        "doctor",
        "检查本机：Python、venv/pip/uv、git、中文绘图字体、缓存目录",
    ),
    ("doctor:json", "以 JSON 输出检查清单"),
    // setup
    (
        "setup",
        "在项目中：创建 .venv，安装项目及其开发工具，运行一次测试",
    ),
    ("setup:path", "项目目录（默认：当前目录）"),
    (
        "setup:python",
        ".venv 使用的 Python 解释器（默认：PATH 中的 python3；Windows 上为 python）",
    ),
    (
        "setup:installer",
        "用什么创建 .venv 并安装：uv（PATH 上的或 pystart 缓存中的）、pip，或能用 uv 时用 uv（默认）",
    ),
    // cache
    (
        "cache",
        "查看或清理 pystart 的缓存（uv 的下载、pystart 自己的 uv、模板）",
    ),
    (
        "cache list",
        "pystart 缓存里有什么：每项的大小和上次使用时间",
    ),
    ("cache list:json", "输出 JSON"),
    (
        "cache clean",
        "释放空间：删除缓存项（全部，或一段时间未用的）；另一个 pystart 正在使用的项会保留",
    ),
    (
        "cache clean:older_than",
        "只删除这么久没用过的项：`30d`、`12h`、`90m`",
    ),
    // config
    ("config", "显示配置文件及生效的默认值"),
    ("config show", "配置文件在哪里，哪些设置生效"),
    ("config show:json", "输出 JSON"),
    // completions, man
    (
        "completions",
        "打印 shell 补全脚本（bash、zsh、fish、powershell、elvish）",
    ),
    ("completions:shell", "哪种 shell"),
    ("man", "打印手册页（roff），或为每个命令写一页到目录中"),
    (
        "man:out",
        "把 `pystart.1` 和 `pystart-<命令>.1` 写入这个目录",
    ),
];

const TEMPLATE: &str = "{before-help}{about-with-newline}\n用法：{usage}\n\n{all-args}{after-help}";

fn lookup(key: &str) -> Option<&'static str> {
    let key = canonical(key);
    ZH.iter().find(|(k, _)| *k == key).map(|(_, v)| *v)
}

/// clap's `help` subcommand mirrors the command tree (`help verify`, `template help new`): its
/// entries are described like the commands they show help for, and `help` itself by `help`.
fn canonical(key: &str) -> String {
    let (path, arg) = match key.split_once(':') {
        Some((p, a)) => (p, Some(a)),
        None => (key, None),
    };
    let words: Vec<&str> = path.split(' ').collect();
    let path = if words.last() == Some(&"help") {
        "help".to_string()
    } else {
        words
            .into_iter()
            .filter(|w| *w != "help")
            .collect::<Vec<_>>()
            .join(" ")
    };
    match arg {
        Some(a) => format!("{path}:{a}"),
        None => path,
    }
}

/// The Chinese text of an argument: its own, else the one every command shares.
fn arg_text(path: &str, id: &str) -> Option<&'static str> {
    lookup(&format!("{path}:{id}")).or_else(|| lookup(&format!("*:{id}")))
}

/// The command with Chinese help texts, headings and usage line. Builds the command first so
/// that the generated `--help`/`--version` flags and `help` subcommand exist to be translated.
pub fn localize(mut cmd: Command) -> Command {
    cmd.build();
    walk(cmd, "")
}

fn walk(mut cmd: Command, path: &str) -> Command {
    if let Some(text) = lookup(path) {
        cmd = cmd.about(text).long_about(None);
    }
    cmd = cmd
        .help_template(TEMPLATE)
        .subcommand_help_heading("命令")
        .subcommand_value_name("命令");
    let args: Vec<(String, Option<usize>)> = cmd
        .get_arguments()
        .map(|a| (a.get_id().to_string(), a.get_index()))
        .collect();
    for (id, index) in args {
        let text = arg_text(path, &id);
        cmd = cmd.mut_arg(&id, |a| {
            // A heading of our own groups positionals by display order, so keep their order.
            let a = match index {
                Some(i) => a.help_heading("参数").display_order(i),
                None => a.help_heading("选项"),
            };
            let Some(text) = text else { return a };
            let mut text = text.to_string();
            let defaults: Vec<String> = a
                .get_default_values()
                .iter()
                .map(|v| v.to_string_lossy().into_owned())
                .collect();
            if a.get_action().takes_values()
                && !defaults.is_empty()
                && !a.is_hide_default_value_set()
            {
                text.push_str(&format!("［默认：{}］", defaults.join("、")));
            }
            let values: Vec<String> = a
                .get_possible_values()
                .iter()
                .filter(|v| !v.is_hide_set())
                .map(|v| v.get_name().to_string())
                .collect();
            if !values.is_empty() && !a.is_hide_possible_values_set() {
                text.push_str(&format!("［可选：{}］", values.join("、")));
            }
            a.help(text)
                .long_help(None)
                .hide_default_value(true)
                .hide_possible_values(true)
        });
    }
    let subs: Vec<String> = cmd
        .get_subcommands()
        .map(|c| c.get_name().to_string())
        .collect();
    for name in subs {
        let child = if path.is_empty() {
            name.clone()
        } else {
            format!("{path} {name}")
        };
        cmd = cmd.mut_subcommand(&name, |c| walk(c, &child));
    }
    cmd
}

/// A usage error found by clap, in Chinese: `error:` and `hint:` lines like pystart's own, then
/// the usage line. `None` for kinds clap renders better itself (help shown on a missing
/// subcommand, version, I/O).
pub fn usage_error(e: &clap::Error) -> Option<String> {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    let get = |kind: ContextKind| -> String {
        match e.get(kind) {
            Some(ContextValue::String(s)) => s.clone(),
            Some(ContextValue::Strings(v)) => v.join("、"),
            Some(ContextValue::StyledStr(s)) => s.to_string(),
            Some(ContextValue::StyledStrs(v)) => v
                .iter()
                .map(|s| s.to_string())
                .collect::<Vec<_>>()
                .join("、"),
            Some(ContextValue::Number(n)) => n.to_string(),
            _ => String::new(),
        }
    };
    let arg = get(ContextKind::InvalidArg);
    let value = get(ContextKind::InvalidValue);
    let mut hints = Vec::new();
    let message = match e.kind() {
        ErrorKind::InvalidValue => {
            let valid = get(ContextKind::ValidValue);
            if !valid.is_empty() {
                hints.push(format!("可选的值：{valid}"));
            }
            if value.is_empty() {
                format!("`{arg}` 需要一个值")
            } else {
                format!("`{arg}` 的值 `{value}` 无效")
            }
        }
        ErrorKind::ValueValidation => {
            let why = std::error::Error::source(e)
                .map(|s| number_problem(&s.to_string()))
                .unwrap_or_default();
            format!("`{arg}` 的值 `{value}` 无效：{why}")
        }
        ErrorKind::UnknownArgument => format!("不认识的参数 `{arg}`"),
        ErrorKind::InvalidSubcommand => {
            format!("没有 `{}` 这个命令", get(ContextKind::InvalidSubcommand))
        }
        ErrorKind::ArgumentConflict => {
            let prior = get(ContextKind::PriorArg);
            if prior.is_empty() {
                format!("`{arg}` 只能给一次")
            } else {
                format!("`{arg}` 不能与 `{prior}` 同时使用")
            }
        }
        ErrorKind::MissingRequiredArgument => format!("缺少必需的参数：{arg}"),
        ErrorKind::MissingSubcommand => "缺少命令".to_string(),
        ErrorKind::NoEquals => format!("`{arg}` 的值要用 `=` 连接"),
        ErrorKind::TooManyValues => format!("`{arg}` 的值太多：`{value}`"),
        ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues => {
            format!("`{arg}` 的值的个数不对")
        }
        ErrorKind::InvalidUtf8 => "参数不是有效的 UTF-8".to_string(),
        _ => return None,
    };
    for kind in [
        ContextKind::SuggestedSubcommand,
        ContextKind::SuggestedArg,
        ContextKind::SuggestedValue,
    ] {
        let s = get(kind);
        if !s.is_empty() {
            hints.push(format!("是不是想用 `{s}`？"));
        }
    }
    let trailing = get(ContextKind::TrailingArg);
    if !trailing.is_empty() && trailing != "false" {
        hints.push(format!("要把 `{arg}` 当作值，请写在 `--` 之后"));
    }
    hints.push("用 `--help` 查看用法".to_string());
    let mut out = format!("error: {message}\n");
    for h in hints {
        out.push_str(&format!("hint: {h}\n"));
    }
    let usage = get(ContextKind::Usage);
    if let Some(line) = usage.lines().find(|l| !l.trim().is_empty()) {
        let line = line.trim().trim_start_matches("Usage:").trim();
        out.push_str(&format!("\n用法：{line}\n"));
    }
    Some(out)
}

/// The number parsers' reasons in Chinese (`99 is not in 1..=64`, `invalid digit found in
/// string`); any other reason as it is.
fn number_problem(why: &str) -> String {
    if let Some((_, range)) = why.split_once(" is not in ")
        && let Some((low, high)) = range.split_once("..=")
    {
        return format!("应在 {low} 到 {high} 之间");
    }
    match why {
        "invalid digit found in string" => "不是整数".to_string(),
        "cannot parse integer from empty string" => "不能为空".to_string(),
        "number too large to fit in target type" => "数字太大".to_string(),
        _ => why.to_string(),
    }
}

#[cfg(test)]
mod tests;
