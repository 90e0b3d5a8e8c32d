//! All terminal output. Data (tables, JSON) goes to stdout; messages go to stderr. Colour only
//! on a terminal and never when NO_COLOR is set; every message reads the same without it.
//! Whatever is printed passes [`crate::url::redact_text`] last: a password in a URL (a template
//! source, a push URL, a line of git's) is shown as `***`.

use crate::error::Error;
use crate::url::redact_text;
use std::io::{IsTerminal, Write};

#[derive(Debug, Clone, Copy)]
pub struct Printer {
    color: bool,
    quiet: bool,
    verbose: bool,
}

impl Default for Printer {
    fn default() -> Self {
        Self::new()
    }
}

impl Printer {
    pub fn new() -> Self {
        Self::with(None, false, false)
    }

    /// `--verbose`: commands show details they otherwise summarise.
    pub fn verbose(&self) -> bool {
        self.verbose
    }

    /// `color`: `Some(true)` always, `Some(false)` never, `None` on a terminal without
    /// NO_COLOR. `quiet` drops [`Printer::info`] lines (errors, warnings, notes and data stay).
    pub fn with(color: Option<bool>, quiet: bool, verbose: bool) -> Self {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        Self {
            color: color.unwrap_or(!no_color && std::io::stderr().is_terminal()),
            quiet,
            verbose,
        }
    }

    fn paint(&self, code: &str, text: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }

    pub fn error(&self, e: &Error) {
        let mut err = std::io::stderr().lock();
        let _ = writeln!(
            err,
            "{} {}",
            self.paint("1;31", "error:"),
            redact_text(&e.message())
        );
        for h in e.hints() {
            let _ = writeln!(err, "{} {}", self.paint("1;36", "hint:"), redact_text(&h));
        }
    }

    pub fn note(&self, text: &str) {
        let _ = writeln!(
            std::io::stderr(),
            "{} {}",
            self.paint("1;33", "note:"),
            redact_text(text)
        );
    }

    pub fn warn(&self, text: &str) {
        let _ = writeln!(
            std::io::stderr(),
            "{} {}",
            self.paint("1;33", "warning:"),
            redact_text(text)
        );
    }

    /// A message line on stderr (not with `--quiet`).
    pub fn info(&self, text: &str) {
        if !self.quiet {
            let _ = writeln!(std::io::stderr(), "{}", redact_text(text));
        }
    }

    pub fn bold(&self, text: &str) -> String {
        self.paint("1", text)
    }

    pub fn green(&self, text: &str) -> String {
        self.paint("32", text)
    }

    pub fn red(&self, text: &str) -> String {
        self.paint("31", text)
    }

    pub fn dim(&self, text: &str) -> String {
        self.paint("2", text)
    }

    /// Data on stdout. A closed pipe (`pystart list | head -1`) is not an error.
    pub fn data(&self, text: &str) {
        let mut out = std::io::stdout().lock();
        let text = redact_text(text);
        let _ = out.write_all(text.as_bytes()).and_then(|_| out.flush());
    }

    pub fn json(&self, value: &serde_json::Value) {
        self.data(&format!(
            "{}\n",
            serde_json::to_string_pretty(value).expect("JSON serialises")
        ));
    }
}

pub use crate::messages::plural;

/// Columns `text` takes on a terminal (a Chinese character takes two).
pub fn width(text: &str) -> usize {
    console::measure_text_width(text)
}

/// `text` padded with spaces to `columns` terminal columns (display width, not characters).
pub fn pad(text: &str, columns: usize) -> String {
    console::pad_str(text, columns, console::Alignment::Left, None).into_owned()
}

/// `text` cut to `columns` terminal columns, with `…` where it was cut.
pub fn fit(text: &str, columns: usize) -> String {
    console::truncate_str(text, columns, "…").into_owned()
}

/// The width of the terminal on stderr (where tables for people go), if it is one.
pub fn terminal_columns() -> Option<usize> {
    let term = console::Term::stderr();
    term.is_term().then(|| usize::from(term.size().1))
}

#[cfg(test)]
mod layout_tests {
    use super::*;

    #[test]
    fn padding_and_cutting_count_display_columns() {
        assert_eq!(width("数据分析"), 8);
        assert_eq!(pad("数据分析", 10), "数据分析  ");
        assert_eq!(pad("Web", 10), "Web       ");
        assert_eq!(width(&pad("数据分析", 10)), width(&pad("Web", 10)));
        let cut = fit("泰坦尼克号生还预测：合成 Kaggle 数据", 12);
        assert!(width(&cut) <= 12, "{cut}");
        assert!(cut.ends_with('…'), "{cut}");
        assert_eq!(fit("short", 12), "short");
    }
}
