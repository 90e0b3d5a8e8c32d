//! The only user of dialoguer. Prompts run only when stdin and stdout are terminals; settings
//! decides that, so nothing here can hang a script or CI job.

use crate::error::{Error, Result};
use crate::manifest::VarType;
use crate::vars::{Ask, Value, VarDef};
use dialoguer::{Confirm, Input, Select, theme::ColorfulTheme};

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

fn prompt_error(e: dialoguer::Error) -> Error {
    let dialoguer::Error::IO(io) = e;
    if io.kind() == std::io::ErrorKind::Interrupted {
        // The prompt line is still open; end it so the error starts on its own line.
        eprintln!();
        Error::interrupted()
    } else {
        Error::new(format!("failed to read the answer: {io}"))
            .hint("answer with --set NAME=VALUE or --yes instead")
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
                let mut c = Confirm::with_theme(&self.theme).with_prompt(prompt);
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
                                Some(h) => format!("{} ({h})", e.message()),
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
