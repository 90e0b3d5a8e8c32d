//! The user configuration file: `$PYSTART_CONFIG`, else `~/.config/pystart/config.toml` (the
//! XDG config directory). Every key is optional:
//!
//! ```toml
//! [defaults]              # default answers of every new project
//! author = "王老师"
//! email = "teacher@example.com"
//! lang = "zh"             # also the language of pystart's own notes and summaries
//!
//! [verify]
//! jobs = 2
//! python = "/usr/bin/python3.12"
//!
//! [batch]
//! jobs = 4
//! mode = "student"
//! ```
//!
//! Precedence, highest first: `--set` > `--answers` > environment (`PYSTART_LANG`,
//! `PYSTART_PYTHON`) > this file > git config / locale > the template's default.

use crate::error::{Error, Result};
use crate::messages::generate as t;
use serde::{Deserialize, Serialize};
use std::path::PathBuf;

#[derive(Debug, Default, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    #[serde(default)]
    pub defaults: Defaults,
    #[serde(default)]
    pub verify: VerifyDefaults,
    #[serde(default)]
    pub batch: BatchDefaults,
}

#[derive(Debug, Default, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Defaults {
    pub author: Option<String>,
    pub email: Option<String>,
    pub lang: Option<String>,
}

#[derive(Debug, Default, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct VerifyDefaults {
    pub jobs: Option<u16>,
    pub python: Option<PathBuf>,
}

#[derive(Debug, Default, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct BatchDefaults {
    pub jobs: Option<u16>,
    pub mode: Option<String>,
}

/// Where the configuration file is (it need not exist).
pub fn path() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("PYSTART_CONFIG").filter(|p| !p.is_empty()) {
        return Some(PathBuf::from(p));
    }
    let base = std::env::var_os("XDG_CONFIG_HOME")
        .filter(|p| !p.is_empty())
        .map(PathBuf::from)
        .or_else(dirs::config_dir)?;
    Some(base.join("pystart").join("config.toml"))
}

/// The configuration; a missing file is the empty configuration.
pub fn load() -> Result<Config> {
    let Some(path) = path() else {
        return Ok(Config::default());
    };
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Config::default()),
        Err(e) => return Err(Error::io("read", &path, e)),
    };
    let shown = crate::error::display_path(&path);
    let config: Config = toml::from_str(&text).map_err(|e| {
        let line = e
            .span()
            .map(|s| text[..s.start].matches('\n').count() + 1)
            .unwrap_or(1);
        Error::new(t::CONFIG_INVALID_TOML.m(&[
            ("path", &shown),
            ("line", &line),
            ("err", &e.message().trim_end()),
        ]))
        .hint(&t::CONFIG_KEYS_HINT)
    })?;
    if let Some(lang) = &config.defaults.lang
        && lang != "zh"
        && lang != "en"
    {
        return Err(Error::new(t::CONFIG_BAD_VALUE.m(&[
            ("path", &shown),
            ("key", &"defaults.lang"),
            ("value", lang),
        ]))
        .hint(t::CONFIG_USE_EITHER.m(&[("first", &"zh"), ("second", &"en")])));
    }
    if let Some(mode) = &config.batch.mode
        && mode != "student"
        && mode != "solution"
    {
        return Err(Error::new(t::CONFIG_BAD_VALUE.m(&[
            ("path", &shown),
            ("key", &"batch.mode"),
            ("value", mode),
        ]))
        .hint(t::CONFIG_USE_EITHER.m(&[("first", &"student"), ("second", &"solution")])));
    }
    Ok(config)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_section_and_rejects_unknown_keys() {
        let c: Config = toml::from_str(
            "[defaults]\nauthor = \"A\"\nlang = \"zh\"\n[verify]\njobs = 3\n[batch]\nmode = \"solution\"\n",
        )
        .unwrap();
        assert_eq!(c.defaults.author.as_deref(), Some("A"));
        assert_eq!(c.verify.jobs, Some(3));
        assert!(toml::from_str::<Config>("[defaults]\nauthr = \"A\"\n").is_err());
    }
}
