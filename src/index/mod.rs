//! The Python package index that installs use, read from pip's and uv's own settings the way
//! they read them, so that `doctor` can show it and uv can be given pip's when it has none.
//!
//! pystart never chooses an index: every install it starts inherits the environment, so
//! `PIP_INDEX_URL`, `UV_DEFAULT_INDEX`, `pip.conf` and `uv.toml` apply as they would in the
//! user's own shell. The one addition: a learner who set a mirror for pip (the usual advice)
//! and has uv on PATH would otherwise see uv install from the default index, so when uv has
//! no index setting of its own, its commands get pip's index (and pip's trusted hosts) through
//! uv's own variables.
//!
//! pip: `PIP_INDEX_URL`, else the configuration files (global, then user, then the file of
//! `PIP_CONFIG_FILE`, later files winning; `[install]` over `[global]`). uv: `UV_DEFAULT_INDEX`
//! or `UV_INDEX_URL`, else the first `uv.toml` (or `pyproject.toml` with `[tool.uv]`) from the
//! current directory up, then the user's and the system's `uv.toml` (`UV_CONFIG_FILE` instead
//! of all of them; none with `UV_NO_CONFIG`).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// Where an index setting comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// An environment variable.
    Env(&'static str),
    /// A configuration file.
    File(PathBuf),
}

impl std::fmt::Display for Source {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Source::Env(name) => f.write_str(name),
            Source::File(path) => write!(f, "{}", path.display()),
        }
    }
}

/// An index URL and where it was set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Setting {
    pub url: String,
    pub source: Source,
}

/// pip's and uv's index settings (`None`: the tool's default index).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Settings {
    pub pip: Option<Setting>,
    /// pip's `trusted-host` list (hosts served over plain HTTP or with a certificate pip
    /// should not check).
    pub pip_trusted: Vec<String>,
    /// pip's `cert`: the certificate authorities it trusts instead of its own bundle.
    pub pip_cert: Option<PathBuf>,
    pub uv: Option<Setting>,
}

/// The environment the settings are read from (the real one, or a test's).
pub struct Env<'a> {
    pub var: &'a dyn Fn(&str) -> Option<String>,
    pub home: Option<PathBuf>,
    /// Where uv starts looking for a project's configuration.
    pub cwd: PathBuf,
}

impl Env<'_> {
    fn get(&self, name: &str) -> Option<String> {
        (self.var)(name).filter(|v| !v.trim().is_empty())
    }

    fn dir(&self, name: &str) -> Option<PathBuf> {
        self.get(name).map(PathBuf::from)
    }
}

/// The settings of this process's user, read once.
pub fn settings() -> &'static Settings {
    static SETTINGS: OnceLock<Settings> = OnceLock::new();
    SETTINGS.get_or_init(|| {
        let var = |name: &str| std::env::var(name).ok();
        read(&Env {
            var: &var,
            home: dirs::home_dir(),
            cwd: std::env::current_dir().unwrap_or_default(),
        })
    })
}

/// The settings `env` gives.
pub fn read(env: &Env) -> Settings {
    let pip = pip_config(env);
    let pip_index = match env.get("PIP_INDEX_URL") {
        Some(url) => Some(Setting {
            url,
            source: Source::Env("PIP_INDEX_URL"),
        }),
        None => pip_value(&pip, "index-url"),
    };
    Settings {
        pip: pip_index,
        pip_trusted: trusted(env, &pip),
        pip_cert: env.dir("PIP_CERT").or_else(|| {
            ["install", "global"]
                .iter()
                .find_map(|s| pip.get(&format!("{s}.cert")).map(|v| PathBuf::from(&v.0)))
        }),
        uv: uv_index(env),
    }
}

impl Settings {
    /// The index installs by `tool` ("uv" or "pip") use: its own setting, for uv else pip's
    /// (see [`uv_env`]); `None` is the default index.
    pub fn in_effect(&self, tool: &str) -> Option<&Setting> {
        match tool {
            "uv" => self.uv.as_ref().or(self.pip.as_ref()),
            _ => self.pip.as_ref(),
        }
    }

    /// The variables that give uv pip's index when uv has no index setting of its own.
    pub fn uv_vars(&self) -> Vec<(&'static str, String)> {
        let mut vars = Vec::new();
        if self.uv.is_none()
            && let Some(pip) = &self.pip
        {
            vars.push(("UV_DEFAULT_INDEX", pip.url.clone()));
            if !self.pip_trusted.is_empty() {
                vars.push(("UV_INSECURE_HOST", self.pip_trusted.join(" ")));
            }
        }
        vars
    }
}

/// `cmd` (a uv command that installs) with pip's index when uv has none of its own.
pub fn uv_env(cmd: &mut Command) -> &mut Command {
    for (name, value) in settings().uv_vars() {
        if std::env::var_os(name).is_none() {
            cmd.env(name, value);
        }
    }
    cmd
}

// ---- pip ----

/// Every `section.key` of pip's configuration files, later files winning.
type PipConfig = HashMap<String, (String, PathBuf)>;

fn pip_config(env: &Env) -> PipConfig {
    let mut config = PipConfig::new();
    for file in pip_files(env) {
        let Ok(text) = std::fs::read_to_string(&file) else {
            continue;
        };
        for (section, key, value) in ini(&text) {
            config.insert(format!("{section}.{key}"), (value, file.clone()));
        }
    }
    config
}

/// `[install]` over `[global]`, as for `pip install`.
fn pip_value(config: &PipConfig, key: &str) -> Option<Setting> {
    ["install", "global"].iter().find_map(|section| {
        let (value, file) = config.get(&format!("{section}.{key}"))?;
        let url = value.split_whitespace().next()?.to_string();
        Some(Setting {
            url,
            source: Source::File(file.clone()),
        })
    })
}

fn trusted(env: &Env, config: &PipConfig) -> Vec<String> {
    let list = env.get("PIP_TRUSTED_HOST").or_else(|| {
        ["install", "global"].iter().find_map(|s| {
            config
                .get(&format!("{s}.trusted-host"))
                .map(|v| v.0.clone())
        })
    });
    list.map(|l| l.split_whitespace().map(str::to_string).collect())
        .unwrap_or_default()
}

/// pip's configuration files, the weakest first: global, user, then `PIP_CONFIG_FILE` (whose
/// existence hides the user's files; `os.devnull` there hides every file).
fn pip_files(env: &Env) -> Vec<PathBuf> {
    let named = env.dir("PIP_CONFIG_FILE");
    if let Some(f) = &named
        && (f == Path::new("/dev/null") || f.as_os_str().eq_ignore_ascii_case("nul"))
    {
        return Vec::new();
    }
    let home = env.home.clone().unwrap_or_default();
    let mut files = Vec::new();
    if cfg!(windows) {
        if let Some(data) = env.dir("PROGRAMDATA") {
            files.push(data.join("pip").join("pip.ini"));
        }
    } else if cfg!(target_os = "macos") {
        files.push(PathBuf::from("/Library/Application Support/pip/pip.conf"));
    } else {
        let dirs = env
            .get("XDG_CONFIG_DIRS")
            .unwrap_or_else(|| "/etc/xdg".into());
        for dir in dirs.split(':').filter(|d| !d.is_empty()) {
            files.push(Path::new(dir).join("pip").join("pip.conf"));
        }
        files.push(PathBuf::from("/etc/pip.conf"));
    }
    if !named.as_ref().is_some_and(|f| f.is_file()) {
        if cfg!(windows) {
            files.push(home.join("pip").join("pip.ini"));
            if let Some(appdata) = env.dir("APPDATA") {
                files.push(appdata.join("pip").join("pip.ini"));
            }
        } else {
            files.push(home.join(".pip").join("pip.conf"));
            let support = home.join("Library/Application Support/pip");
            let user = if cfg!(target_os = "macos") && support.is_dir() {
                support
            } else if cfg!(target_os = "macos") {
                home.join(".config/pip")
            } else {
                env.dir("XDG_CONFIG_HOME")
                    .unwrap_or_else(|| home.join(".config"))
                    .join("pip")
            };
            files.push(user.join("pip.conf"));
        }
    }
    files.extend(named);
    files
}

/// `(section, key, value)` of an INI file as Python's configparser reads it: `key = value` or
/// `key: value`, indented lines continuing a value, `#` and `;` comment lines. Keys are
/// lowercased with `_` as `-`, as pip normalises them.
fn ini(text: &str) -> Vec<(String, String, String)> {
    let mut out: Vec<(String, String, String)> = Vec::new();
    let mut section = String::new();
    let mut last_in_section = false;
    for line in text.lines() {
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') || trimmed.starts_with(';') {
            continue;
        }
        if line.starts_with([' ', '\t']) && last_in_section {
            if let Some(entry) = out.last_mut() {
                entry.2.push('\n');
                entry.2.push_str(trimmed);
            }
            continue;
        }
        if let Some(name) = trimmed.strip_prefix('[').and_then(|r| r.strip_suffix(']')) {
            section = name.trim().to_string();
            last_in_section = false;
            continue;
        }
        let Some(at) = trimmed.find(['=', ':']) else {
            continue;
        };
        let key = trimmed[..at].trim().to_lowercase().replace('_', "-");
        let value = trimmed[at + 1..].trim().to_string();
        out.push((section.clone(), key, value));
        last_in_section = true;
    }
    out
}

// ---- uv ----

fn uv_index(env: &Env) -> Option<Setting> {
    for name in ["UV_DEFAULT_INDEX", "UV_INDEX_URL"] {
        if let Some(url) = env.get(name) {
            return Some(Setting {
                url,
                source: Source::Env(name),
            });
        }
    }
    if env.get("UV_NO_CONFIG").is_some_and(|v| v != "0") {
        return None;
    }
    if let Some(file) = env.dir("UV_CONFIG_FILE") {
        return uv_file_index(&file);
    }
    uv_files(env).iter().find_map(|f| uv_file_index(f))
}

/// The files uv would read, the strongest first: the nearest project configuration, the
/// user's, then the system's.
fn uv_files(env: &Env) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for dir in env.cwd.ancestors() {
        let uv_toml = dir.join("uv.toml");
        if uv_toml.is_file() {
            files.push(uv_toml);
            break;
        }
        let pyproject = dir.join("pyproject.toml");
        if std::fs::read_to_string(&pyproject)
            .ok()
            .and_then(|t| crate::pyproject::tool_table(&t, "uv"))
            .is_some()
        {
            files.push(pyproject);
            break;
        }
    }
    let home = env.home.clone().unwrap_or_default();
    if cfg!(windows) {
        files.extend(env.dir("APPDATA").map(|d| d.join("uv").join("uv.toml")));
        let drive = env.get("SYSTEMDRIVE").unwrap_or_else(|| "C:".into());
        files.push(Path::new(&format!("{drive}\\")).join(r"ProgramData\uv\uv.toml"));
    } else {
        let user = env
            .dir("XDG_CONFIG_HOME")
            .unwrap_or_else(|| home.join(".config"));
        files.push(user.join("uv").join("uv.toml"));
        let dirs = env
            .get("XDG_CONFIG_DIRS")
            .unwrap_or_else(|| "/etc/xdg".into());
        for dir in dirs.split(':').filter(|d| !d.is_empty()) {
            files.push(Path::new(dir).join("uv").join("uv.toml"));
        }
        files.push(PathBuf::from("/etc/uv/uv.toml"));
    }
    files
}

/// The default index a uv configuration file sets for `uv pip install`: `[pip] index-url`,
/// else `index-url`, else the `[[index]]` marked `default = true` (in a `pyproject.toml`, all
/// under `[tool.uv]`).
fn uv_file_index(file: &Path) -> Option<Setting> {
    let text = std::fs::read_to_string(file).ok()?;
    let is_pyproject = file.file_name().is_some_and(|n| n == "pyproject.toml");
    let table = if is_pyproject {
        crate::pyproject::tool_table(&text, "uv")?
    } else {
        text.parse().ok()?
    };
    let text = |v: Option<&toml::Value>| v.and_then(|v| v.as_str()).map(str::to_string);
    let url = text(table.get("pip").and_then(|p| p.get("index-url")))
        .or_else(|| text(table.get("index-url")))
        .or_else(|| {
            table
                .get("index")?
                .as_array()?
                .iter()
                .find(|i| i.get("default").and_then(|d| d.as_bool()) == Some(true))
                .and_then(|i| text(i.get("url")))
        })?;
    Some(Setting {
        url,
        source: Source::File(file.to_path_buf()),
    })
}

// ---- probing ----

/// What asking an index for its page of `pip` gave.
#[derive(Debug, Clone, PartialEq)]
pub enum Probe {
    /// An HTTP status below 400, after `secs` seconds.
    Answers { secs: f64 },
    /// An HTTP error status.
    Status(u16),
    /// No answer: a connection, TLS or name error.
    Failed(String),
    /// Nothing within the time limit.
    TimedOut,
}

/// The longest `doctor` waits for an index.
pub const PROBE_LIMIT: Duration = Duration::from_secs(5);

/// The Python side of [`probe`]: the URL (pip's default when none is given), then one line of
/// result. Certificates are checked as pip checks them (its `cert` setting, else its own
/// bundle, else the system's); proxies come from the environment, as for pip.
const PROBE_SCRIPT: &str = r#"
import base64, ssl, sys, time, urllib.error, urllib.parse, urllib.request
url = sys.argv[1]
if not url:
    try:
        from pip._internal.models.index import PyPI
        url = PyPI.simple_url
    except Exception:
        print("none")
        sys.exit(0)
print(url)
try:
    if sys.argv[3]:
        cafile = sys.argv[3]
    else:
        from pip._vendor import certifi
        cafile = certifi.where()
    ctx = ssl.create_default_context(cafile=cafile)
except Exception:
    ctx = ssl.create_default_context()
parts = urllib.parse.urlsplit(url)
if parts.hostname in sys.argv[2].split():
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
netloc = parts.hostname + (":%d" % parts.port if parts.port else "")
headers = {"User-Agent": "pystart-doctor", "Accept": "text/html"}
if parts.username:
    user = urllib.parse.unquote(parts.username)
    word = urllib.parse.unquote(parts.password or "")
    token = base64.b64encode(("%s:%s" % (user, word)).encode()).decode()
    headers["Authorization"] = "Basic " + token
page = urllib.parse.urlunsplit(parts._replace(netloc=netloc)).rstrip("/") + "/pip/"
start = time.monotonic()
try:
    with urllib.request.urlopen(urllib.request.Request(page, headers=headers), timeout=4, context=ctx) as r:
        r.read(1)
    print("ok %.2f" % (time.monotonic() - start))
except urllib.error.HTTPError as e:
    print("status %d" % e.code)
except Exception as e:
    reason = getattr(e, "reason", e)
    print("failed %s" % (" ".join(str(reason).split()) or type(e).__name__))
"#;

/// Asks the index at `url` (pip's default index when `None`) for its page of `pip`, with
/// `python`, within [`PROBE_LIMIT`], trusting hosts and certificates as pip would. Returns the
/// URL asked (`None` when `python` could not say what pip's default is) and the result.
pub fn probe(python: &Path, url: Option<&str>, settings: &Settings) -> (Option<String>, Probe) {
    let cert = settings
        .pip_cert
        .as_ref()
        .map(|c| c.display().to_string())
        .unwrap_or_default();
    let child = Command::new(python)
        .args(["-c", PROBE_SCRIPT, url.unwrap_or("")])
        .arg(settings.pip_trusted.join(" "))
        .arg(cert)
        .env("PYTHONIOENCODING", "utf-8")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn();
    let mut child = match child {
        Ok(c) => c,
        Err(e) => return (url.map(str::to_string), Probe::Failed(e.to_string())),
    };
    let deadline = Instant::now() + PROBE_LIMIT;
    loop {
        match child.try_wait() {
            Ok(Some(_)) => break,
            Ok(None) if Instant::now() < deadline => std::thread::sleep(Duration::from_millis(50)),
            _ => {
                let _ = child.kill();
                let _ = child.wait();
                return (url.map(str::to_string), Probe::TimedOut);
            }
        }
    }
    let mut text = String::new();
    if let Some(mut out) = child.stdout.take() {
        let _ = std::io::Read::read_to_string(&mut out, &mut text);
    }
    let mut lines = text.lines();
    let asked = lines.next().filter(|l| *l != "none").map(str::to_string);
    let result = match lines.next().unwrap_or("").split_once(' ') {
        Some(("ok", secs)) => Probe::Answers {
            secs: secs.parse().unwrap_or(0.0),
        },
        Some(("status", code)) => Probe::Status(code.parse().unwrap_or(0)),
        Some(("failed", why)) => Probe::Failed(why.to_string()),
        _ => Probe::Failed(String::new()),
    };
    (asked.or(url.map(str::to_string)), result)
}

#[cfg(test)]
mod tests;
