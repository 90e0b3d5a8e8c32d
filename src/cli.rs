//! The command line, as clap derive structs. Only `settings` reads these types.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// `pystart --version`: the version, the commit built from and the build target, as a bug
/// report needs them (`0.1.0 (1a2b3c4d5 x86_64-unknown-linux-gnu)`).
pub const VERSION: &str = concat!(
    env!("CARGO_PKG_VERSION"),
    " (",
    env!("PYSTART_BUILD_COMMIT"),
    " ",
    env!("PYSTART_BUILD_TARGET"),
    ")"
);

/// Generate complete, working Python starter projects: data analysis, machine learning, web
/// apps and crawlers that install, run a demo offline and pass their own tests.
#[derive(Debug, Parser)]
#[command(name = "pystart", version = VERSION, propagate_version = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// Colour in messages: auto (a terminal without NO_COLOR), always, never
    #[arg(
        long,
        global = true,
        value_enum,
        default_value = "auto",
        value_name = "WHEN"
    )]
    pub color: ColorWhen,
    /// Only errors, warnings and data: no progress or summary lines
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// More detail (e.g. every stage of every `verify` job, not only of failing ones)
    #[arg(short, long, global = true)]
    pub verbose: bool,
    /// Language of messages, help and summaries, and of new projects (default: PYSTART_LANG,
    /// the configuration file, then LANG)
    #[arg(long, global = true, value_enum, value_name = "LANG")]
    pub lang: Option<Lang>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorWhen {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// List the templates
    List(ListArgs),
    /// Show a template's variables, Python dependencies and files
    Info(InfoArgs),
    /// Create a project from a template
    New(NewArgs),
    /// Render templates into temporary directories, install them and run their tests
    Verify(VerifyArgs),
    /// Print a concept note (imports, the GIL, multiprocessing…), or list the topics
    Explain(ExplainArgs),
    /// Make the student version of a project: remove solutions, uncomment exercise stubs
    Strip(StripArgs),
    /// Create one git repository per student of a roster (CSV or XLSX)
    Batch(BatchArgs),
    /// Run the tests of every student repository made by `batch` and score them
    Grade(GradeArgs),
    /// Find submissions of a batch that are suspiciously alike (students' own code only)
    Similar(SimilarArgs),
    /// Work on templates of your own: copy one out, check one
    #[command(subcommand)]
    Template(TemplateCommand),
    /// Bring a generated project to the current template version, keeping your changes
    Update(UpdateArgs),
    /// Check this machine: Python, venv/pip/uv, git, fonts for Chinese plots, the cache
    Doctor(DoctorArgs),
    /// In a project: create .venv, install the project with its dev tools, run its tests once
    Setup(SetupArgs),
    /// Show the configuration file and the defaults in effect
    #[command(subcommand)]
    Config(ConfigCommand),
    /// Show or free pystart's cache (uv's downloads, pystart's own uv, templates)
    #[command(subcommand)]
    Cache(CacheCommand),
    /// Print a shell completion script (bash, zsh, fish, powershell, elvish)
    Completions(CompletionsArgs),
    /// Print the manual page (roff), or write one page per command into a directory
    Man(ManArgs),
}

#[derive(Debug, Args)]
pub struct SetupArgs {
    /// The project (default: the current directory)
    #[arg(default_value = ".")]
    pub path: PathBuf,
    /// Python interpreter for .venv (default: python3 on PATH; python on Windows)
    #[arg(long, value_name = "PATH")]
    pub python: Option<PathBuf>,
    /// What creates .venv and installs: uv (on PATH or in pystart's cache), pip, or uv when it
    /// can be had (default)
    #[arg(long, value_enum, value_name = "TOOL", default_value_t = InstallerWhich::Auto)]
    pub installer: InstallerWhich,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum InstallerWhich {
    Auto,
    Uv,
    Pip,
}

#[derive(Debug, Subcommand)]
pub enum CacheCommand {
    /// What is in pystart's cache: each entry's size and last use
    List(CacheListArgs),
    /// Free space: remove cache entries (all, or those unused for a while); entries another
    /// pystart is using are kept
    Clean(CacheCleanArgs),
}

#[derive(Debug, Args)]
pub struct CacheListArgs {
    /// Print JSON
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct CacheCleanArgs {
    /// Only entries unused for this long: `30d`, `12h`, `90m`
    #[arg(long, value_name = "AGE", value_parser = parse_age)]
    pub older_than: Option<std::time::Duration>,
}

/// `30d`, `12h`, `90m`, `45s` (a number alone is days).
pub fn parse_age(text: &str) -> Result<std::time::Duration, String> {
    let text = text.trim();
    let (number, unit) = match text.find(|c: char| !c.is_ascii_digit()) {
        Some(i) => text.split_at(i),
        None => (text, "d"),
    };
    let bad = || crate::messages::verify::CACHE_BAD_AGE.f(&[("value", &text)]);
    let n: u64 = number.parse().map_err(|_| bad())?;
    let seconds = match unit {
        "d" => 86_400,
        "h" => 3_600,
        "m" => 60,
        "s" => 1,
        _ => return Err(bad()),
    };
    Ok(std::time::Duration::from_secs(n.saturating_mul(seconds)))
}

#[derive(Debug, Args)]
pub struct DoctorArgs {
    /// Print the checklist as JSON
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// Where the configuration file is and what is in effect
    Show(ConfigShowArgs),
}

#[derive(Debug, Args)]
pub struct ConfigShowArgs {
    /// Print JSON
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, Args)]
pub struct ManArgs {
    /// Write `pystart.1` and `pystart-<command>.1` pages into this directory
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct UpdateArgs {
    /// The project (default: the current directory)
    #[arg(default_value = ".")]
    pub path: PathBuf,
    /// Show what would change and change nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Only say whether an update is available (exit code 2 when one is)
    #[arg(long, conflicts_with = "dry_run")]
    pub check: bool,
    /// Set a variable (e.g. one the new template version added) (repeatable)
    #[arg(long = "set", value_name = "NAME=VALUE")]
    pub set: Vec<String>,
    /// Print a JSON summary on stdout
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Subcommand)]
pub enum TemplateCommand {
    /// Copy an embedded template out as the start of your own
    New(TemplateNewArgs),
    /// Lint a template directory (or git URL), then verify it like `pystart verify`
    Check(TemplateCheckArgs),
}

#[derive(Debug, Args)]
pub struct TemplateNewArgs {
    /// Name of the new template (an identifier)
    pub name: String,
    /// Directory to create (default: ./NAME)
    pub dir: Option<PathBuf>,
    /// The embedded template to start from
    #[arg(long, value_name = "TEMPLATE", default_value = "titanic")]
    pub from: String,
}

#[derive(Debug, Args)]
pub struct TemplateCheckArgs {
    /// A template directory or git URL
    pub path: String,
    /// Only the static checks: do not install and test the rendered projects
    #[arg(long)]
    pub lint_only: bool,
    /// Python interpreter for the verification (default: python3 on PATH; python on Windows)
    #[arg(long, value_name = "PATH")]
    pub python: Option<PathBuf>,
    /// Keep the generated projects
    #[arg(long)]
    pub keep: bool,
    /// Variants verified at once (default: the number of CPU cores)
    #[arg(short = 'j', long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=64))]
    pub jobs: Option<u16>,
    /// Run the template's code (install, tests, demo) without asking
    #[arg(long)]
    pub trust: bool,
}

#[derive(Debug, Args)]
pub struct GradeArgs {
    /// The --out directory of `pystart batch`
    pub dir: PathBuf,
    /// Write a CSV report (one row per student, one column per test)
    #[arg(long, value_name = "FILE")]
    pub report: Option<PathBuf>,
    /// Print a JSON report on stdout
    #[arg(long)]
    pub json: bool,
    /// Repositories graded at once (default: the number of CPU cores)
    #[arg(short = 'j', long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=64))]
    pub jobs: Option<u16>,
    /// Python interpreter (default: python3 on PATH; python on Windows)
    #[arg(long, value_name = "PATH")]
    pub python: Option<PathBuf>,
    /// What installs each submission: uv (on PATH or in pystart's cache), pip, or uv when it
    /// can be had (default)
    #[arg(long, value_enum, value_name = "TOOL", default_value_t = InstallerWhich::Auto)]
    pub installer: InstallerWhich,
    /// Seconds a repository's install, and then its tests, may each take
    #[arg(long, value_name = "SECONDS", default_value_t = 600, value_parser = clap::value_parser!(u64).range(1..=86400))]
    pub timeout: u64,
    /// How student code is boxed: bubblewrap (Linux), none, or bubblewrap when it works here
    #[arg(long, value_enum, value_name = "HOW", default_value = "auto")]
    pub sandbox: SandboxWhen,
    /// Memory (address space) each process of a student's run may use, in MB
    #[arg(long, value_name = "MB", default_value_t = 4096, value_parser = clap::value_parser!(u64).range(256..=1048576))]
    pub memory: u64,
    /// The class list (CSV or XLSX): every student on it gets a row, "no submission" without a repository
    #[arg(long, value_name = "FILE")]
    pub roster: Option<PathBuf>,
    /// Write a self-contained HTML report: score histogram, pass rate per test, a row per student
    #[arg(long, value_name = "FILE")]
    pub html: Option<PathBuf>,
    /// The assignment's template, for a directory made before batch recorded it
    #[arg(long, value_name = "TEMPLATE")]
    pub template: Option<String>,
    /// Also look for suspiciously alike submissions (as `pystart similar`) and report them
    #[arg(long)]
    pub similarity: bool,
    /// Fetch each student's latest work from their remote (as batch --push recorded it, or
    /// --from) into the teacher's folder first; your own copies are never changed
    #[arg(long)]
    pub fetch: bool,
    /// With --fetch: the students' remotes, e.g. 'https://git.school.edu/cs101/{id}-titanic.git'
    /// ({id}, {name} and {github} are filled in)
    #[arg(long, value_name = "URL-PATTERN", requires = "fetch")]
    pub from: Option<String>,
    /// Grade the last commit on main whose commit date is not after this,
    /// e.g. "2026-12-20 23:59 +08:00"; later commits are listed
    #[arg(long, value_name = "WHEN")]
    pub deadline: Option<String>,
    /// With --fetch: push FEEDBACK.md (score, tests not passed) to each student's remote on a
    /// `feedback` branch; their own branches are never touched
    #[arg(long, requires = "fetch")]
    pub feedback: bool,
}

#[derive(Debug, Args)]
pub struct SimilarArgs {
    /// The --out directory of `pystart batch`
    pub dir: PathBuf,
    /// Report pairs that share at least this share of the smaller submission's fingerprints
    #[arg(long, value_name = "SHARE", default_value_t = 0.5)]
    pub threshold: f64,
    /// Print the pairs as JSON on stdout
    #[arg(long)]
    pub json: bool,
    /// The assignment's template, for a directory made before batch recorded it
    #[arg(long, value_name = "TEMPLATE")]
    pub template: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SandboxWhen {
    Auto,
    Bwrap,
    None,
}

#[derive(Debug, Args)]
pub struct BatchArgs {
    /// Template name, or the path of a template directory
    pub template: String,
    /// The class list: CSV (UTF-8 or GBK) or XLSX, with a `学号`/`id` column
    #[arg(long, value_name = "FILE")]
    pub roster: PathBuf,
    /// Directory that receives one repository per student (named by id)
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// `student` (default, or `[batch] mode` of the configuration): solutions stripped;
    /// `solution`: the full version
    #[arg(long, value_enum)]
    pub mode: Option<Mode>,
    /// Encoding of a CSV roster (default: detect UTF-8, UTF-8 with BOM or GBK)
    #[arg(long, value_name = "NAME")]
    pub encoding: Option<String>,
    /// Sheet of an XLSX roster (default: the first)
    #[arg(long, value_name = "NAME")]
    pub sheet: Option<String>,
    /// Set a variable for every student, e.g. --set lang=zh (repeatable)
    #[arg(long = "set", value_name = "NAME=VALUE")]
    pub set: Vec<String>,
    /// Read answers for every student from a TOML file
    #[arg(long, value_name = "FILE")]
    pub answers: Option<PathBuf>,
    /// Push each repository to this URL; `{id}`, `{name}` and `{github}` are filled in
    #[arg(long, value_name = "URL")]
    pub push: Option<String>,
    /// Repositories made at once (default: the number of CPU cores)
    #[arg(short = 'j', long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=64))]
    pub jobs: Option<u16>,
    /// Print a JSON summary on stdout
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Lang {
    Zh,
    En,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Print JSON for tools instead of a table
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct InfoArgs {
    /// Template name (see `pystart list`)
    pub template: String,
    /// Print JSON for tools
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct NewArgs {
    /// Template name (see `pystart list`); may be left out with --answers
    pub template: Option<String>,
    /// Directory to create (default: ./<project_name>)
    pub path: Option<PathBuf>,
    /// Ask nothing: use defaults for every value not given
    #[arg(short = 'y', long)]
    pub yes: bool,
    /// Set a variable, e.g. --set author="Ada" (repeatable)
    #[arg(long = "set", value_name = "NAME=VALUE")]
    pub set: Vec<String>,
    /// Read answers from a TOML file, such as another project's .pystart.toml
    #[arg(long, value_name = "FILE")]
    pub answers: Option<PathBuf>,
    /// Do not create a git repository
    #[arg(long)]
    pub no_git: bool,
    /// Show what would be created and write nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Print a JSON result instead of the summary
    #[arg(long)]
    pub json: bool,
    /// `student`: remove the reference solutions and leave the exercise stubs (default:
    /// `solution`, or the mode recorded in --answers)
    #[arg(long, value_enum)]
    pub mode: Option<Mode>,
    /// Use a template from a directory or a git repository (URL, `file://…`, a bare repository)
    /// instead of an embedded one; the positional argument is then the path to create
    #[arg(long = "template", value_name = "PATH_OR_URL")]
    pub from: Option<String>,
    /// With a git template: the tag, branch or commit to use (default: its HEAD)
    #[arg(long = "ref", value_name = "REV", requires = "from")]
    pub rev: Option<String>,
    /// Then create .venv, install the project and run its tests once (see `pystart setup`)
    #[arg(long, conflicts_with = "dry_run")]
    pub setup: bool,
    /// Run the code of a template that is not one of pystart's (--setup) without asking
    #[arg(long)]
    pub trust: bool,
}

/// Which version of a project to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Mode {
    // `--mode`'s help explains the values (values with their own help would stay English in
    // `--lang zh`).
    Solution,
    Student,
}

#[derive(Debug, Args)]
pub struct StripArgs {
    /// A project with solution markers (`# >>> SOLUTION` … `# <<< SOLUTION`)
    pub source: PathBuf,
    /// Where to write the student version (must not exist, or be an empty directory)
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// Do not create a git repository in the output
    #[arg(long)]
    pub no_git: bool,
    /// Print a JSON result instead of the summary
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// Templates to verify (default: all); a path such as `./my_template` verifies a template
    /// directory on disk
    pub templates: Vec<String>,
    /// Verify every template
    #[arg(long, conflicts_with = "templates")]
    pub all: bool,
    /// Python interpreter to build environments with (default: python3 on PATH; python on Windows)
    #[arg(long, value_name = "PATH")]
    pub python: Option<PathBuf>,
    /// Download every package again instead of taking it from the installer's cache
    #[arg(long)]
    pub no_cache: bool,
    /// What installs the projects: uv (found on PATH or installed into pystart's cache once),
    /// pip (python -m venv and pip), or uv when it can be had (default)
    #[arg(long, value_enum, value_name = "TOOL", default_value_t = InstallerWhich::Auto)]
    pub installer: InstallerWhich,
    /// Keep the generated projects (their paths are printed)
    #[arg(long)]
    pub keep: bool,
    /// Print a JSON report on stdout (schema: docs/verify-report.md)
    #[arg(long)]
    pub json: bool,
    /// Write a JUnit XML report (one test case per template and variant) to FILE
    #[arg(long, value_name = "FILE")]
    pub junit: Option<PathBuf>,
    /// Only these variants (`default` is the template's defaults; see `pystart info`)
    #[arg(long = "variant", value_name = "NAME")]
    pub variants: Vec<String>,
    /// Verify this many template variants at once (default: the number of CPU cores)
    #[arg(short = 'j', long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=64))]
    pub jobs: Option<u16>,
    /// Seconds the offline demo may take before it counts as a timeout
    #[arg(long, value_name = "SECONDS", default_value_t = 300, value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub demo_timeout: u64,
    /// Seconds a project's install, and then its tests, may each take before they count as a
    /// timeout
    #[arg(long, value_name = "SECONDS", default_value_t = 1800, value_parser = clap::value_parser!(u64).range(1..=86400))]
    pub test_timeout: u64,
    /// Print a GitHub Actions matrix (JSON) of templates × variants and exit
    #[arg(long)]
    pub matrix: bool,
    /// Run the code (install, tests, demo) of templates that are not pystart's without asking
    #[arg(long)]
    pub trust: bool,
}

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// Topic to print (leave out to list the topics)
    pub topic: Option<String>,
}
