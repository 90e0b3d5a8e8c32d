//! pystart: generate complete, working Python starter projects from embedded templates.
//!
//! `run` is the whole program: parse the command line, resolve settings, dispatch to a command,
//! and turn an error into `error:`/`hint:` lines and an exit code. It is the only place that
//! decides exit codes: 0 success, 1 an error the user can fix, 2 a usage error, 128 + the signal
//! after Ctrl-C (130), SIGTERM (143) or SIGHUP (129).

pub mod answers;
pub mod bounds;
pub mod catalog;
pub mod cli;
pub mod commands;
pub mod config;
pub mod error;
pub mod git;
pub mod grading;
pub mod index;
pub mod lock;
pub mod manifest;
pub mod messages;
pub mod parallel;
pub mod platform;
pub mod printer;
pub mod prompts;
pub mod pyproject;
pub mod python;
pub mod render;
pub mod roster;
pub mod sandbox;
pub mod settings;
pub mod shells;
pub mod strip;
pub mod url;
pub mod vars;
pub mod writer;

use clap::{CommandFactory, FromArgMatches};
use cli::{Cli, Command};
use printer::Printer;
use std::process::ExitCode;

pub fn run() -> ExitCode {
    let argv: Vec<std::ffi::OsString> = std::env::args_os().collect();
    // A grading job inside the sandbox: no command line of the user's, nothing printed by us.
    if argv.len() == 3 && argv[1] == grading::job::FLAG {
        let code = grading::job::main(std::path::Path::new(&argv[2]));
        return ExitCode::from(u8::try_from(code).unwrap_or(1));
    }
    // The language is needed before parsing, for `--help`.
    messages::set_lang(&lang_flag(&argv).map_or_else(settings::lang_from_env, str::to_string));
    let mut command = Cli::command();
    if messages::lang() == "zh" {
        command = messages::help::localize(command);
    }
    let cli = match command
        .try_get_matches_from(argv)
        .and_then(|m| Cli::from_arg_matches(&m))
    {
        Ok(cli) => cli,
        Err(e) => {
            // Help and version go to stdout with 0; usage errors to stderr with 2.
            match messages::help::usage_error(&e).filter(|_| messages::lang() == "zh") {
                Some(text) => eprint!("{text}"),
                None => {
                    let _ = e.print();
                }
            }
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    platform::install_interrupt_handler();
    let printer = Printer::with(
        match cli.color {
            cli::ColorWhen::Auto => None,
            cli::ColorWhen::Always => Some(true),
            cli::ColorWhen::Never => Some(false),
        },
        cli.quiet,
        cli.verbose,
    );
    let result = match cli.command {
        Command::List(args) => commands::list::run(settings::ListSettings::resolve(args), &printer),
        Command::Info(args) => {
            settings::InfoSettings::resolve(args).and_then(|s| commands::info::run(s, &printer))
        }
        Command::New(args) => {
            settings::NewSettings::resolve(args).and_then(|s| commands::new::run(s, &printer))
        }
        Command::Verify(args) => {
            settings::VerifySettings::resolve(args).and_then(|s| commands::verify::run(s, &printer))
        }
        Command::Strip(args) => {
            commands::strip::run(settings::StripSettings::resolve(args), &printer)
        }
        Command::Batch(args) => {
            settings::BatchSettings::resolve(args).and_then(|s| commands::batch::run(s, &printer))
        }
        Command::Grade(args) => {
            settings::GradeSettings::resolve(args).and_then(|s| commands::grade::run(s, &printer))
        }
        Command::Similar(args) => settings::SimilarSettings::resolve(args)
            .and_then(|s| commands::similar::run(s, &printer)),
        Command::Template(cli::TemplateCommand::New(args)) => commands::template::new(
            settings::TemplateNewSettings {
                name: args.name,
                dir: args.dir,
                from: args.from,
            },
            &printer,
        ),
        Command::Template(cli::TemplateCommand::Check(args)) => {
            settings::TemplateCheckSettings::resolve(args)
                .and_then(|s| commands::template::check(s, &printer))
        }
        Command::Update(args) => {
            match settings::UpdateSettings::resolve(args)
                .and_then(|s| commands::update::run(s, &printer))
            {
                Ok(commands::update::Outcome::Available) => {
                    return ExitCode::from(commands::update::UPDATE_AVAILABLE);
                }
                Ok(commands::update::Outcome::Done) => Ok(()),
                Err(e) => Err(e),
            }
        }
        Command::Doctor(args) => commands::doctor::run(args.json, &printer),
        Command::Setup(args) => config::load()
            .and_then(|c| settings::python_from(args.python, &c))
            .and_then(|python| {
                let installer = settings::installer_choice(args.installer);
                commands::setup::run(&args.path, &python, installer, &printer)
            }),
        Command::Cache(cli::CacheCommand::List(args)) => commands::cache::list(args.json, &printer),
        Command::Cache(cli::CacheCommand::Clean(args)) => {
            commands::cache::clean(args.older_than, &printer)
        }
        Command::Config(cli::ConfigCommand::Show(args)) => {
            commands::config::show(args.json, &printer)
        }
        Command::Completions(args) => commands::shell::completions(args.shell),
        Command::Man(args) => commands::shell::man(args.out.as_deref(), &printer),
        Command::Explain(args) => {
            commands::explain::run(settings::ExplainSettings::resolve(args), &printer)
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            printer.error(&e);
            ExitCode::from(e.exit_code())
        }
    }
}

/// The value of `--lang zh|en` or `--lang=zh|en` anywhere before a `--`.
fn lang_flag(argv: &[std::ffi::OsString]) -> Option<&'static str> {
    let mut args = argv.iter().skip(1).map(|a| a.to_string_lossy());
    let mut found = None;
    while let Some(arg) = args.next() {
        let value = match arg.as_ref() {
            "--" => break,
            "--lang" => args.next().map(|v| v.to_string()),
            other => other.strip_prefix("--lang=").map(str::to_string),
        };
        match value.as_deref() {
            Some("zh") => found = Some("zh"),
            Some("en") => found = Some("en"),
            _ => {}
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flag(args: &[&str]) -> Option<&'static str> {
        let argv: Vec<std::ffi::OsString> = std::iter::once("pystart")
            .chain(args.iter().copied())
            .map(Into::into)
            .collect();
        lang_flag(&argv)
    }

    #[test]
    fn the_language_flag_is_found_anywhere_before_a_double_dash() {
        assert_eq!(flag(&["--lang", "zh", "list"]), Some("zh"));
        assert_eq!(flag(&["verify", "--lang=en"]), Some("en"));
        assert_eq!(flag(&["list"]), None);
        assert_eq!(flag(&["list", "--lang", "fr"]), None);
        assert_eq!(flag(&["new", "--", "--lang", "zh"]), None);
    }
}
