//! The only user of dialoguer. Prompts run only when stdin and stdout are terminals; settings
//! decides that, so nothing here can hang a script or CI job.

use crate::error::{Error, Result};
use crate::manifest::VarType;
use crate::vars::{Ask, Value, VarDef};
use dialoguer::{Confirm, FuzzySelect, Input, Select, theme::ColorfulTheme};

pub struct Terminal {
    theme: ColorfulTheme,
    lang: String,
}

impl Terminal {
    pub fn new(lang: &str) -> Self {
        Self {
            theme: ColorfulTheme::default(),
            lang: lang.to_string(),
        }
    }
}

/// The colourful theme, with the answer of a yes/no question in the interface language (the
/// theme itself always says `yes`/`no`). Only confirm prompts use it.
struct ConfirmTheme<'a>(&'a ColorfulTheme);

impl ConfirmTheme<'_> {
    fn word(answer: bool) -> &'static str {
        if answer {
            crate::messages::generate::CONFIRM_YES.s()
        } else {
            crate::messages::generate::CONFIRM_NO.s()
        }
    }
}

impl dialoguer::theme::Theme for ConfirmTheme<'_> {
    fn format_confirm_prompt(
        &self,
        f: &mut dyn std::fmt::Write,
        prompt: &str,
        default: Option<bool>,
    ) -> std::fmt::Result {
        let t = self.0;
        if !prompt.is_empty() {
            write!(
                f,
                "{} {} ",
                t.prompt_prefix,
                t.prompt_style.apply_to(prompt)
            )?;
        }
        write!(f, "{} {}", t.hint_style.apply_to("(y/n)"), t.prompt_suffix)?;
        match default {
            Some(d) => write!(f, " {}", t.defaults_style.apply_to(Self::word(d))),
            None => Ok(()),
        }
    }

    fn format_confirm_prompt_selection(
        &self,
        f: &mut dyn std::fmt::Write,
        prompt: &str,
        selection: Option<bool>,
    ) -> std::fmt::Result {
        let t = self.0;
        if !prompt.is_empty() {
            write!(
                f,
                "{} {} ",
                t.success_prefix,
                t.prompt_style.apply_to(prompt)
            )?;
        }
        write!(f, "{}", t.success_suffix)?;
        match selection {
            Some(b) => write!(f, " {}", t.values_style.apply_to(Self::word(b))),
            None => Ok(()),
        }
    }
}

/// The category names shown when choosing a template.
pub fn category_label(category: crate::manifest::Category, lang: &str) -> &'static str {
    use crate::manifest::Category::*;
    use crate::messages as m;
    match category {
        Data => m::CATEGORY_DATA.get(lang),
        Ml => m::CATEGORY_ML.get(lang),
        Web => m::CATEGORY_WEB.get(lang),
        Crawler => m::CATEGORY_CRAWLER.get(lang),
        Concepts => m::CATEGORY_CONCEPTS.get(lang),
    }
}

/// Asks which template to use: every template grouped by category with its summary; typing
/// filters the list (fuzzy).
pub fn choose_template(lang: &str) -> Result<String> {
    use crate::manifest::Category::*;
    let mut templates = crate::catalog::templates()?;
    let order = |c| {
        [Data, Ml, Web, Crawler, Concepts]
            .iter()
            .position(|x| *x == c)
    };
    templates.sort_by_key(|t| (order(t.manifest.category), t.name().to_string()));
    // Categories are padded by display width (数据分析 takes 8 columns, Web 3), and each line is
    // cut to the terminal so that no summary wraps (the prompt's marker takes 2 columns).
    let columns = console::Term::stderr().size().1 as usize;
    let items: Vec<String> = templates
        .iter()
        .map(|t| {
            let line = format!(
                "{} {:<17} {:>8}  {}",
                crate::printer::pad(category_label(t.manifest.category, lang), 8),
                t.name(),
                t.manifest
                    .size_mb
                    .map(|mb| format!("~{mb} MB"))
                    .unwrap_or_default(),
                t.manifest.summary.get(lang)
            );
            crate::printer::fit(&line, columns.saturating_sub(3).max(40))
        })
        .collect();
    let prompt = crate::messages::CHOOSE_TEMPLATE.get(lang);
    let i = FuzzySelect::with_theme(&ColorfulTheme::default())
        .with_prompt(prompt)
        .items(&items)
        .default(0)
        .interact()
        .map_err(prompt_error)?;
    Ok(templates[i].name().to_string())
}

/// A yes/no question (on a terminal only: settings decide that).
pub fn confirm(prompt: &str, default: bool) -> Result<bool> {
    let theme = ColorfulTheme::default();
    Confirm::with_theme(&ConfirmTheme(&theme))
        .with_prompt(prompt)
        .default(default)
        .interact()
        .map_err(prompt_error)
}

fn prompt_error(e: dialoguer::Error) -> Error {
    let dialoguer::Error::IO(io) = e;
    if io.kind() == std::io::ErrorKind::Interrupted {
        // The prompt line is still open; end it so the error starts on its own line.
        eprintln!();
        Error::interrupted()
    } else {
        Error::new(crate::messages::generate::PROMPT_READ_FAILED.m(&[("err", &io)]))
            .hint(&crate::messages::generate::PROMPT_READ_FAILED_HINT)
    }
}

impl Ask for Terminal {
    fn ask(
        &mut self,
        def: &VarDef,
        default: Option<&Value>,
        check: &dyn Fn(&str) -> Result<Value>,
    ) -> Result<Value> {
        let prompt = def.prompt(&self.lang);
        match def.spec.kind {
            VarType::Bool => {
                let theme = ConfirmTheme(&self.theme);
                let mut c = Confirm::with_theme(&theme).with_prompt(prompt);
                if let Some(Value::Bool(b)) = default {
                    c = c.default(*b);
                }
                Ok(Value::Bool(c.interact().map_err(prompt_error)?))
            }
            VarType::Choice => {
                let choices = &def.spec.choices;
                let start = default
                    .and_then(Value::as_str)
                    .and_then(|d| choices.iter().position(|c| c == d))
                    .unwrap_or(0);
                let i = Select::with_theme(&self.theme)
                    .with_prompt(prompt)
                    .items(choices)
                    .default(start)
                    .interact()
                    .map_err(prompt_error)?;
                Ok(Value::Str(choices[i].clone()))
            }
            VarType::String | VarType::Int => {
                let mut input = Input::<String>::with_theme(&self.theme)
                    .with_prompt(prompt)
                    .validate_with(|text: &String| -> std::result::Result<(), String> {
                        check(text)
                            .map(|_| ())
                            .map_err(|e| match e.hints().first() {
                                Some(h) => crate::messages::generate::PROMPT_RETRY
                                    .f(&[("message", &e.message()), ("hint", h)]),
                                None => e.message().to_string(),
                            })
                    });
                if let Some(d) = default {
                    input = input.default(d.display());
                }
                if def.spec.kind == VarType::String && def.name == "description" {
                    input = input.allow_empty(true);
                }
                let text = input.interact_text().map_err(prompt_error)?;
                check(&text)
            }
        }
    }
}
