//! One module per subcommand. Commands get resolved settings and a printer; they return
//! errors instead of exiting.

pub mod batch;
pub mod cache;
pub mod config;
pub mod doctor;
pub mod explain;
pub mod grade;
pub mod info;
pub mod list;
pub mod new;
pub mod setup;
pub mod shell;
pub mod similar;
pub mod strip;
pub mod template;
pub mod update;
pub mod verify;

use crate::catalog::{Source, Template};
use crate::error::{Error, Result};
use crate::messages::generate as t;

/// Running a template's code (installing it, its tests, its demo) runs whatever its author
/// wrote. pystart's own templates are trusted; any other needs `--trust`, or a yes on a
/// terminal (copier's model). Off a terminal without `--trust` it is an error naming the flag.
pub fn ensure_trusted(template: &Template, trust: bool) -> Result<()> {
    let source = match &template.source {
        Source::Embedded => return Ok(()),
        _ if trust => return Ok(()),
        Source::Path(p) => p.display().to_string(),
        Source::Git { url, commit } => format!("{url} @ {}", &commit[..commit.len().min(12)]),
    };
    let source = crate::url::redact(&source);
    let on_terminal = {
        use std::io::IsTerminal;
        std::io::stdin().is_terminal() && std::io::stdout().is_terminal()
    };
    if !on_terminal {
        return Err(Error::new(
            t::TRUST_NEEDED.m(&[("template", &template.name()), ("source", &source)]),
        )
        .hint(&t::TRUST_HINT));
    }
    let question = t::TRUST_QUESTION.f(&[("template", &template.name()), ("source", &source)]);
    if crate::prompts::confirm(&question, false)? {
        Ok(())
    } else {
        Err(Error::new(t::TRUST_DECLINED.m(&[("template", &template.name())])).hint(&t::TRUST_HINT))
    }
}
