//! Resolves clap arguments, the environment and answers files into plain settings structs, so
//! that commands never see clap types and can be tested without a command line.

use crate::answers;
use crate::cli;
use crate::error::{Error, Result};
use crate::messages::{Msg, generate as t};
use crate::vars::{EnvDefaults, Given};
use indexmap::IndexMap;
use std::io::IsTerminal;
use std::path::PathBuf;

mod classroom;
pub use classroom::{BatchSettings, GradeSettings, SimilarSettings};

/// The language: the interface language once `lib::run` has chosen it (which puts `--lang`
/// first), else `PYSTART_LANG` (`zh`/`en`), the configuration file, then `LC_ALL`,
/// `LC_MESSAGES` or `LANG` (the first one set): `zh` for any Chinese locale, else `en`.
pub fn lang_from_env() -> String {
    let config = crate::config::load().unwrap_or_default();
    default_lang(&config)
}

fn default_lang(config: &crate::config::Config) -> String {
    if let Some(l) = crate::messages::chosen_lang() {
        return l.to_string();
    }
    if let Ok(l) = std::env::var("PYSTART_LANG")
        && (l == "zh" || l == "en")
    {
        return l;
    }
    if let Some(l) = &config.defaults.lang {
        return l.clone();
    }
    locale_lang()
}

fn locale_lang() -> String {
    let locale = ["LC_ALL", "LC_MESSAGES", "LANG"]
        .iter()
        .filter_map(|k| std::env::var(k).ok())
        .find(|v| !v.is_empty())
        .unwrap_or_default();
    if locale.to_ascii_lowercase().starts_with("zh") {
        "zh".into()
    } else {
        "en".into()
    }
}

/// The interface language (resolved once at start-up, `--lang` first).
fn interface_lang() -> String {
    crate::messages::lang().to_string()
}

/// Defaults from the environment, the configuration file, git config and the locale, in that
/// order of precedence.
pub fn env_defaults() -> Result<EnvDefaults> {
    Ok(env_defaults_from(crate::config::load()?))
}

/// [`env_defaults`] with the configuration already read.
pub fn env_defaults_from(config: crate::config::Config) -> EnvDefaults {
    env_defaults_noted(config).0
}

/// A note about a default taken from the environment: the variable it is for, and the text.
pub type DefaultNote = (String, String);

/// [`env_defaults_from`], and notes on the defaults that were repaired or passed over. Each
/// default is checked like a `--set` value ([`crate::vars::usable_default`]): the first source
/// with a usable value wins, so that every `.pystart.toml` can be given again.
pub fn env_defaults_noted(config: crate::config::Config) -> (EnvDefaults, Vec<DefaultNote>) {
    let (git_author, git_email) = crate::git::configured_user();
    let env = |k: &str| std::env::var(k).ok().filter(|v| !v.trim().is_empty());
    let file = crate::config::path()
        .map(|p| crate::error::display_path(&p))
        .unwrap_or_default();
    let mut notes = Vec::new();
    let mut pick = |name: &str, sources: Vec<(String, Option<String>)>| {
        for (source, value) in sources {
            let Some(value) = value else { continue };
            let shown = value.escape_debug().to_string();
            match crate::vars::usable_default(name, &value) {
                Ok(fixed) => {
                    if fixed != value {
                        notes.push((
                            name.to_string(),
                            t::DEFAULT_REPAIRED.f(&[
                                ("source", &source),
                                ("value", &shown),
                                ("fixed", &fixed),
                                ("name", &name),
                            ]),
                        ));
                    }
                    return Some(fixed);
                }
                Err(why) => notes.push((
                    name.to_string(),
                    t::DEFAULT_UNUSABLE.f(&[("source", &source), ("why", &why), ("name", &name)]),
                )),
            }
        }
        None
    };
    let author = pick(
        "author",
        vec![
            ("PYSTART_AUTHOR".into(), env("PYSTART_AUTHOR")),
            (
                format!("`defaults.author` ({file})"),
                config.defaults.author.clone(),
            ),
            ("git config user.name".into(), git_author),
        ],
    );
    let email = pick(
        "email",
        vec![
            ("PYSTART_EMAIL".into(), env("PYSTART_EMAIL")),
            (
                format!("`defaults.email` ({file})"),
                config.defaults.email.clone(),
            ),
            ("git config user.email".into(), git_email),
        ],
    );
    let defaults = EnvDefaults {
        lang: default_lang(&config),
        author,
        email,
    };
    (defaults, notes)
}

#[derive(Debug)]
pub struct ListSettings {
    pub json: bool,
    pub lang: String,
}

impl ListSettings {
    pub fn resolve(args: cli::ListArgs) -> Self {
        Self {
            json: args.json,
            lang: interface_lang(),
        }
    }
}

#[derive(Debug)]
pub struct ExplainSettings {
    pub topic: Option<String>,
    pub lang: String,
}

impl ExplainSettings {
    pub fn resolve(args: cli::ExplainArgs) -> Self {
        Self {
            topic: args.topic,
            lang: interface_lang(),
        }
    }
}

#[derive(Debug)]
pub struct InfoSettings {
    pub template: String,
    pub json: bool,
    pub lang: String,
    pub env: EnvDefaults,
}

impl InfoSettings {
    pub fn resolve(args: cli::InfoArgs) -> Result<Self> {
        let lang = interface_lang();
        Ok(Self {
            template: args.template,
            json: args.json,
            env: EnvDefaults {
                lang: lang.clone(),
                ..env_defaults()?
            },
            lang,
        })
    }
}

#[derive(Debug)]
pub struct NewSettings {
    /// An embedded template's name, a template directory or a git URL; None when none was
    /// named (the command asks on a terminal).
    pub template: Option<String>,
    /// The revision of a git template.
    pub rev: Option<String>,
    pub path: Option<PathBuf>,
    /// Answers file values first, then `--set` values over them.
    pub given: IndexMap<String, Given>,
    /// Prompt for values not given (only on a terminal, and not with --yes or --json).
    pub interactive: bool,
    pub git: bool,
    pub dry_run: bool,
    pub json: bool,
    pub env: EnvDefaults,
    /// Generate the student version (solutions stripped).
    pub student: bool,
    /// Set up `.venv` afterwards with this interpreter.
    pub setup: Option<PathBuf>,
    /// `--trust`: run a custom template's code without asking.
    pub trust: bool,
    /// Defaults from the environment that were repaired or passed over.
    pub default_notes: Vec<DefaultNote>,
}

impl NewSettings {
    pub fn resolve(args: cli::NewArgs) -> Result<Self> {
        let config = crate::config::load()?;
        let mut given = IndexMap::new();
        let mut from_file = None;
        let mut mode_from_file = None;
        let mut source_from_file: Option<(String, Option<String>)> = None;
        if let Some(path) = &args.answers {
            let file = answers::read(path)?;
            from_file = file.template.clone();
            mode_from_file = file.mode.clone();
            // A project made from a custom template names where it came from.
            if let Some(src) = &file.source {
                let get = |k: &str| src.get(k).and_then(|v| v.as_str()).map(str::to_string);
                if matches!(get("kind").as_deref(), Some("git" | "path"))
                    && let Some(location) = get("location")
                {
                    source_from_file = Some((location, get("commit")));
                }
            }
            given.extend(file.answers);
        }
        let student = match args.mode {
            Some(mode) => mode == cli::Mode::Student,
            None => mode_from_file.as_deref() == Some("student"),
        };
        parse_sets(&args.set, &mut given)?;
        let mut path = args.path;
        let mut named = args.template;
        let mut rev = args.rev;
        let template = if let Some(source) = args.from {
            // `--template SOURCE [PATH]`: the one positional is the path.
            if path.is_some() {
                return Err(Error::usage(&t::NEW_TEMPLATE_ONE_PATH).hint(Msg::plain(
                    "pystart new --template ./my_template my-project",
                )));
            }
            path = named.take().map(PathBuf::from);
            Some(source)
        } else if let Some((location, commit)) = source_from_file
            && named
                .as_deref()
                .is_none_or(|t| Some(t) != from_file.as_deref())
        {
            // The answers file of a project made from a custom template names its source; a
            // lone positional is then the path.
            if path.is_none() {
                path = named.take().map(PathBuf::from);
            }
            rev = rev.or(commit);
            Some(location)
        } else {
            // `pystart new --answers a.toml DIR`: with the template from the file, a lone
            // positional that is not a template name is the path.
            if let (Some(f), Some(t), None) = (&from_file, &named, &path)
                && t != f
                && !crate::catalog::names().contains(t)
            {
                path = named.take().map(PathBuf::from);
            }
            match (named, from_file) {
                (Some(t), Some(f)) if t != f => {
                    return Err(Error::new(
                        t::NEW_ANSWERS_OTHER_TEMPLATE.m(&[("file_template", &f), ("template", &t)]),
                    )
                    .hint(t::NEW_ANSWERS_OTHER_TEMPLATE_HINT.m(&[("file_template", &f)])));
                }
                (Some(t), _) | (None, Some(t)) => Some(t),
                (None, None) => None,
            }
        };
        let on_terminal = std::io::stdin().is_terminal() && std::io::stdout().is_terminal();
        let setup = if args.setup {
            Some(python_from(None, &config)?)
        } else {
            None
        };
        let (env, default_notes) = env_defaults_noted(config);
        Ok(Self {
            template,
            rev,
            path,
            given,
            interactive: on_terminal && !args.yes && !args.json,
            git: !args.no_git,
            dry_run: args.dry_run,
            json: args.json,
            setup,
            student,
            trust: args.trust,
            default_notes,
            env,
        })
    }
}

/// `--set NAME=VALUE` items, over whatever `given` already holds.
fn parse_sets(items: &[String], given: &mut IndexMap<String, Given>) -> Result<()> {
    for item in items {
        let (name, value) = item.split_once('=').ok_or_else(|| {
            Error::usage(t::SET_NO_EQUALS.m(&[("item", item)])).hint(&t::SET_EXAMPLE)
        })?;
        let name = name.trim();
        if name.is_empty() {
            return Err(Error::usage(t::SET_NO_NAME.m(&[("item", item)])));
        }
        given.insert(name.to_string(), Given::Text(value.to_string()));
    }
    Ok(())
}

#[derive(Debug)]
pub struct StripSettings {
    pub source: PathBuf,
    pub out: PathBuf,
    pub git: bool,
    pub json: bool,
}

impl StripSettings {
    pub fn resolve(args: cli::StripArgs) -> Self {
        Self {
            source: args.source,
            out: args.out,
            git: !args.no_git,
            json: args.json,
        }
    }
}

#[derive(Debug)]
pub struct VerifySettings {
    /// Empty: every template.
    pub templates: Vec<String>,
    pub python: PathBuf,
    pub cache_dir: PathBuf,
    /// False: `--no-cache`, every package downloaded again.
    pub use_cache: bool,
    pub installer: crate::python::Choice,
    pub keep: bool,
    pub json: bool,
    pub junit: Option<PathBuf>,
    /// Empty: every variant.
    pub variants: Vec<String>,
    pub jobs: usize,
    pub demo_timeout: std::time::Duration,
    /// The limit of a project's install, and of its tests.
    pub test_timeout: std::time::Duration,
    pub matrix: bool,
    /// The `lang` answer of every rendered project.
    pub lang: String,
    /// `--trust`: run custom templates' code without asking.
    pub trust: bool,
}

impl VerifySettings {
    pub fn resolve(args: cli::VerifyArgs) -> Result<Self> {
        let config = crate::config::load()?;
        // The matrix is only printed: no interpreter needed.
        let python = if args.matrix && args.python.is_none() {
            PathBuf::from("python3")
        } else {
            python_from(args.python, &config)?
        };
        Ok(Self {
            templates: if args.all { Vec::new() } else { args.templates },
            python,
            cache_dir: cache_dir()?,
            use_cache: !args.no_cache,
            installer: installer_choice(args.installer),
            keep: args.keep,
            json: args.json,
            junit: args.junit,
            variants: args.variants,
            jobs: jobs_or_cores(args.jobs.or(config.verify.jobs)),
            demo_timeout: std::time::Duration::from_secs(args.demo_timeout),
            test_timeout: std::time::Duration::from_secs(args.test_timeout),
            matrix: args.matrix,
            lang: default_lang(&config),
            trust: args.trust,
        })
    }
}

/// `--python`, else `PYSTART_PYTHON`, else the configuration's `verify.python`, else the first
/// of [`PYTHON_NAMES`] on PATH.
pub fn python_from(arg: Option<PathBuf>, config: &crate::config::Config) -> Result<PathBuf> {
    match arg
        .or_else(|| std::env::var_os("PYSTART_PYTHON").map(PathBuf::from))
        .or_else(|| config.verify.python.clone())
    {
        Some(p) => Ok(p),
        None => crate::platform::find_on_path(crate::platform::PYTHON_NAMES)
            .ok_or_else(|| Error::new(&t::NO_PYTHON).hint(&t::NO_PYTHON_HINT)),
    }
}

/// `--installer` as the python module's choice.
pub fn installer_choice(which: cli::InstallerWhich) -> crate::python::Choice {
    match which {
        cli::InstallerWhich::Auto => crate::python::Choice::Auto,
        cli::InstallerWhich::Uv => crate::python::Choice::Uv,
        cli::InstallerWhich::Pip => crate::python::Choice::Pip,
    }
}

fn jobs_or_cores(jobs: Option<u16>) -> usize {
    match jobs {
        Some(n) => usize::from(n),
        None => std::thread::available_parallelism().map_or(1, |n| n.get()),
    }
}

#[derive(Debug)]
pub struct UpdateSettings {
    pub path: PathBuf,
    pub dry_run: bool,
    pub check: bool,
    pub given: IndexMap<String, Given>,
    pub json: bool,
}

impl UpdateSettings {
    pub fn resolve(args: cli::UpdateArgs) -> Result<Self> {
        let mut given = IndexMap::new();
        parse_sets(&args.set, &mut given)?;
        Ok(Self {
            path: args.path,
            dry_run: args.dry_run,
            check: args.check,
            given,
            json: args.json,
        })
    }
}

#[derive(Debug)]
pub struct TemplateNewSettings {
    pub name: String,
    pub dir: Option<PathBuf>,
    pub from: String,
}

#[derive(Debug)]
pub struct TemplateCheckSettings {
    pub path: String,
    pub lint_only: bool,
    pub verify: VerifySettings,
}

impl TemplateCheckSettings {
    pub fn resolve(args: cli::TemplateCheckArgs) -> Result<Self> {
        let verify = VerifySettings::resolve(cli::VerifyArgs {
            templates: vec![args.path.clone()],
            all: false,
            python: args.python,
            no_cache: false,
            installer: cli::InstallerWhich::Auto,
            keep: args.keep,
            json: false,
            junit: None,
            variants: Vec::new(),
            jobs: args.jobs,
            demo_timeout: 300,
            test_timeout: 1800,
            matrix: args.lint_only,
            trust: args.trust,
        })?;
        Ok(Self {
            path: args.path,
            lint_only: args.lint_only,
            verify,
        })
    }
}

/// `PYSTART_CACHE_DIR`, else the user cache directory (XDG on Linux) + `pystart`.
pub fn cache_dir() -> Result<PathBuf> {
    crate::python::cache::dir()
}
