//! The shell a learner types pystart's suggested commands into: how to activate a virtualenv
//! there, and how to quote a path so that `cd` works with spaces and Chinese characters.
//!
//! On Windows the shell is guessed from the environment: Git Bash (and other MSYS2 shells) set
//! `MSYSTEM`; PowerShell adds the user's own module directory to `PSModulePath`, which the
//! system sets to two directories only, so three or more entries mean PowerShell; anything else
//! is cmd. Elsewhere the login shell in `SHELL` decides (fish and csh have activation scripts
//! of their own; bash, zsh and the other POSIX shells share one).

use std::path::Path;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shell {
    /// bash, zsh, dash… on Linux and macOS.
    Posix,
    Fish,
    Csh,
    /// Windows PowerShell or PowerShell 7 (also `pwsh` on Linux and macOS).
    PowerShell {
        windows: bool,
    },
    /// cmd.exe.
    Cmd,
    /// Git Bash or another MSYS2 shell on Windows.
    GitBash,
}

impl Shell {
    /// The shell of this process's user.
    pub fn detect() -> Shell {
        Shell::from_env(|name| std::env::var(name).ok(), cfg!(windows))
    }

    /// [`Shell::detect`] with the environment given (`windows`: the operating system).
    pub fn from_env(var: impl Fn(&str) -> Option<String>, windows: bool) -> Shell {
        let set = |name: &str| var(name).filter(|v| !v.trim().is_empty());
        let login = set("SHELL").map(|s| {
            let base = s.rsplit(['/', '\\']).next().unwrap_or_default();
            base.trim_end_matches(".exe").to_ascii_lowercase()
        });
        if windows {
            if set("MSYSTEM").is_some() || login.as_deref().is_some_and(|s| s.ends_with("sh")) {
                return Shell::GitBash;
            }
            let modules = set("PSModulePath")
                .map(|p| p.split(';').filter(|d| !d.trim().is_empty()).count())
                .unwrap_or(0);
            return if modules >= 3 {
                Shell::PowerShell { windows: true }
            } else {
                Shell::Cmd
            };
        }
        match login.as_deref() {
            Some("fish") => Shell::Fish,
            Some("csh" | "tcsh") => Shell::Csh,
            Some("pwsh" | "powershell") => Shell::PowerShell { windows: false },
            _ => Shell::Posix,
        }
    }

    /// The command that activates the virtualenv `.venv` of the current directory.
    pub fn activate(self) -> &'static str {
        match self {
            Shell::Posix => "source .venv/bin/activate",
            Shell::Fish => "source .venv/bin/activate.fish",
            Shell::Csh => "source .venv/bin/activate.csh",
            Shell::PowerShell { windows: true } => r".venv\Scripts\Activate.ps1",
            Shell::PowerShell { windows: false } => ".venv/bin/Activate.ps1",
            Shell::Cmd => r".venv\Scripts\activate.bat",
            Shell::GitBash => "source .venv/Scripts/activate",
        }
    }

    /// [`Shell::activate`] as a line of suggested commands: in Windows PowerShell with the
    /// answer to its usual stumbling block (scripts disabled) as a comment.
    pub fn activate_line(self) -> String {
        match self {
            Shell::PowerShell { windows: true } => format!(
                "{}      {}",
                self.activate(),
                crate::messages::NEW_PS_POLICY_COMMENT.s()
            ),
            _ => self.activate().to_string(),
        }
    }

    /// `cd` into `path`, quoted for this shell when it needs it.
    pub fn cd(self, path: &str) -> String {
        match self {
            // cmd changes drive only with /d.
            Shell::Cmd if Path::new(path).is_absolute() => format!("cd /d {}", self.quote(path)),
            // Git Bash takes Windows paths with forward slashes.
            Shell::GitBash => format!("cd {}", self.quote(&path.replace('\\', "/"))),
            _ => format!("cd {}", self.quote(path)),
        }
    }

    /// `s` as one word of this shell: as it is when it is plain (letters of any script, digits,
    /// `-_./`, and `\` on Windows), else quoted.
    pub fn quote(self, s: &str) -> String {
        let backslash_ok = matches!(self, Shell::Cmd | Shell::PowerShell { windows: true });
        let plain = !s.is_empty()
            && s.chars()
                .all(|c| c.is_alphanumeric() || "-_./".contains(c) || (backslash_ok && c == '\\'));
        if plain {
            return s.to_string();
        }
        match self {
            Shell::Posix | Shell::Csh | Shell::GitBash => {
                format!("'{}'", s.replace('\'', r"'\''"))
            }
            Shell::Fish => format!("'{}'", s.replace('\\', r"\\").replace('\'', r"\'")),
            Shell::PowerShell { .. } => format!("'{}'", s.replace('\'', "''")),
            // `"` cannot be part of a Windows file name.
            Shell::Cmd => format!("\"{s}\""),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Shell;

    fn shell(vars: &[(&str, &str)], windows: bool) -> Shell {
        Shell::from_env(
            |name| {
                vars.iter()
                    .find(|(k, _)| *k == name)
                    .map(|(_, v)| v.to_string())
            },
            windows,
        )
    }

    #[test]
    fn the_shell_comes_from_the_environment() {
        assert_eq!(shell(&[("SHELL", "/bin/zsh")], false), Shell::Posix);
        assert_eq!(shell(&[], false), Shell::Posix);
        assert_eq!(shell(&[("SHELL", "/usr/bin/fish")], false), Shell::Fish);
        assert_eq!(shell(&[("SHELL", "/bin/tcsh")], false), Shell::Csh);
        assert_eq!(
            shell(&[("SHELL", "/usr/bin/pwsh")], false),
            Shell::PowerShell { windows: false }
        );
        let system = r"C:\Program Files\WindowsPowerShell\Modules;C:\WINDOWS\system32\WindowsPowerShell\v1.0\Modules";
        let user = format!(r"C:\Users\小明\Documents\WindowsPowerShell\Modules;{system}");
        assert_eq!(shell(&[("PSModulePath", system)], true), Shell::Cmd);
        assert_eq!(
            shell(&[("PSModulePath", &user)], true),
            Shell::PowerShell { windows: true }
        );
        assert_eq!(
            shell(&[("PSModulePath", &user), ("MSYSTEM", "MINGW64")], true),
            Shell::GitBash
        );
        assert_eq!(shell(&[("SHELL", "/usr/bin/bash")], true), Shell::GitBash);
        assert_eq!(shell(&[], true), Shell::Cmd);
    }

    #[test]
    fn each_shell_activates_its_own_way() {
        assert_eq!(Shell::Posix.activate(), "source .venv/bin/activate");
        assert_eq!(
            Shell::PowerShell { windows: true }.activate(),
            r".venv\Scripts\Activate.ps1"
        );
        assert_eq!(Shell::Cmd.activate(), r".venv\Scripts\activate.bat");
        assert_eq!(Shell::GitBash.activate(), "source .venv/Scripts/activate");
    }

    #[test]
    fn paths_are_quoted_only_when_needed() {
        for sh in [
            Shell::Posix,
            Shell::Fish,
            Shell::Cmd,
            Shell::GitBash,
            Shell::PowerShell { windows: true },
        ] {
            assert_eq!(sh.quote("泰坦尼克"), "泰坦尼克", "{sh:?}");
            assert_eq!(sh.quote("my-titanic/v2"), "my-titanic/v2", "{sh:?}");
        }
        assert_eq!(Shell::Posix.quote("我的 项目"), "'我的 项目'");
        assert_eq!(Shell::Posix.quote("it's"), r"'it'\''s'");
        assert_eq!(Shell::Fish.quote("it's"), r"'it\'s'");
        assert_eq!(
            Shell::PowerShell { windows: true }.quote("Ada's 项目"),
            "'Ada''s 项目'"
        );
        assert_eq!(Shell::Cmd.quote(r"My Titanic\v1"), "\"My Titanic\\v1\"");
        assert_eq!(Shell::Cmd.quote(r"a\b"), r"a\b");
        assert_eq!(Shell::Posix.quote(r"a\b"), r"'a\b'");
        assert_eq!(Shell::Posix.quote(""), "''");
    }

    #[test]
    fn cmd_changes_drive_for_an_absolute_path() {
        assert_eq!(Shell::Cmd.cd("titanic"), "cd titanic");
        assert_eq!(Shell::Posix.cd("my titanic"), "cd 'my titanic'");
        assert_eq!(
            Shell::GitBash.cd(r"课程\my titanic"),
            "cd '课程/my titanic'"
        );
        if cfg!(windows) {
            assert_eq!(Shell::Cmd.cd(r"D:\课程\titanic"), r"cd /d D:\课程\titanic");
        }
    }
}
