//! `pystart completions SHELL` and `pystart man`: generated from the same clap definitions as
//! the command line itself, so they never drift from it.

use crate::catalog;
use crate::cli::Cli;
use crate::error::{IoContext, Result, display_path};
use crate::messages::templates as t;
use crate::printer::Printer;
use clap::CommandFactory;
use clap::builder::PossibleValuesParser;
use std::path::Path;

/// The command line, with the embedded template names as the values of template arguments so
/// the completion scripts offer them.
fn command_for_completion() -> clap::Command {
    let names: Vec<&'static str> = catalog::names()
        .into_iter()
        .map(|n| &*Box::leak(n.into_boxed_str()))
        .collect();
    let mut cmd = Cli::command();
    for (sub, arg) in [
        ("new", "template"),
        ("info", "template"),
        ("verify", "templates"),
        ("batch", "template"),
    ] {
        let values = names.clone();
        cmd = cmd.mut_subcommand(sub, |c| {
            c.mut_arg(arg, |a| a.value_parser(PossibleValuesParser::new(values)))
        });
    }
    cmd
}

pub fn completions(shell: clap_complete::Shell) -> Result<()> {
    let mut cmd = command_for_completion();
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut cmd, "pystart", &mut out);
    if shell == clap_complete::Shell::Fish {
        // clap's fish script does not offer positional values; name the templates here.
        out.extend_from_slice(
            format!(
                "complete -c pystart -n \"__fish_seen_subcommand_from new info verify batch\" -f -a \"{}\"\n",
                catalog::names().join(" ")
            )
            .as_bytes(),
        );
    }
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    // A closed pipe (`| head`) is not an error.
    let _ = stdout.write_all(&out).and_then(|_| stdout.flush());
    Ok(())
}

pub fn man(out: Option<&Path>, printer: &Printer) -> Result<()> {
    let cmd = Cli::command();
    match out {
        None => {
            let mut buf = Vec::new();
            clap_mangen::Man::new(cmd)
                .render(&mut buf)
                .map_err(|e| crate::error::Error::new(t::MAN_CANNOT_RENDER.m(&[("err", &e)])))?;
            printer.data(&String::from_utf8_lossy(&buf));
            Ok(())
        }
        Some(dir) => {
            std::fs::create_dir_all(dir).with_path("create", dir)?;
            let mut pages = 0;
            let mut write = |name: String, cmd: clap::Command| -> Result<()> {
                let mut buf = Vec::new();
                clap_mangen::Man::new(cmd).render(&mut buf).map_err(|e| {
                    crate::error::Error::new(
                        t::MAN_CANNOT_RENDER_PAGE.m(&[("name", &name), ("err", &e)]),
                    )
                })?;
                let path = dir.join(&name);
                std::fs::write(&path, buf).with_path("write", &path)?;
                pages += 1;
                Ok(())
            };
            write("pystart.1".into(), cmd.clone())?;
            for sub in cmd.get_subcommands() {
                let name = format!("pystart-{}", sub.get_name());
                let leaked: &'static str = Box::leak(name.clone().into_boxed_str());
                write(format!("{name}.1"), sub.clone().name(leaked))?;
            }
            printer.info(&t::MAN_WRITTEN.f(&[("n", &pages), ("path", &display_path(dir))]));
            Ok(())
        }
    }
}
