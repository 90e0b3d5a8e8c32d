//! The user-info part of URLs (`https://user:token@host/…`): never written to a file, a commit,
//! a report or a message. A URL is stored without it (git's credential helpers supply what is
//! needed next time) and shown with `***` in its place.

/// The scheme, the user-info (if any) and everything after the user-info of `url`; None when
/// `url` has no `scheme://`.
fn split(url: &str) -> Option<(&str, Option<&str>, &str)> {
    let (scheme, rest) = url.split_once("://")?;
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    Some(match rest[..end].rfind('@') {
        Some(at) => (scheme, Some(&rest[..at]), &rest[at + 1..]),
        None => (scheme, None, rest),
    })
}

/// `url` with its user name and password removed: what may be stored.
pub fn without_credentials(url: &str) -> String {
    match split(url) {
        Some((scheme, Some(_), rest)) => format!("{scheme}://{rest}"),
        _ => url.to_string(),
    }
}

/// `url` with its user name and password replaced by `***`: what may be shown.
pub fn redact(url: &str) -> String {
    match split(url) {
        Some((scheme, Some(_), rest)) => format!("{scheme}://***@{rest}"),
        _ => url.to_string(),
    }
}

/// Whether `url` carries a user name or password.
pub fn has_credentials(url: &str) -> bool {
    matches!(split(url), Some((_, Some(_), _)))
}

/// `text` (a message of git's, a log line) with every URL's user-info replaced by `***`.
pub fn redact_text(text: &str) -> String {
    static URL: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    let re = URL.get_or_init(|| {
        regex::Regex::new(r"([A-Za-z][A-Za-z0-9+.-]*://)[^/?#\s@'`]+@").expect("valid regex")
    });
    re.replace_all(text, "${1}***@").into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credentials_are_removed_for_storing_and_starred_for_showing() {
        let url = "https://ada:s3cret@git.example.edu/t/titanic.git";
        assert_eq!(
            without_credentials(url),
            "https://git.example.edu/t/titanic.git"
        );
        assert_eq!(redact(url), "https://***@git.example.edu/t/titanic.git");
        assert!(has_credentials(url));
        assert_eq!(
            without_credentials("https://token@host/a@b.git"),
            "https://host/a@b.git"
        );
        assert_eq!(
            redact("https://token@mirror.example:8443/a@b"),
            "https://***@mirror.example:8443/a@b"
        );
        for plain in [
            "git@host:t/titanic.git",
            "titanic",
            "https://host/x",
            "not a url",
        ] {
            assert_eq!(without_credentials(plain), plain);
            assert_eq!(redact(plain), plain);
            assert!(!has_credentials(plain));
        }
    }

    #[test]
    fn urls_inside_messages_are_redacted() {
        assert_eq!(
            redact_text("fatal: repository 'https://u:tok@h/x.git/' not found"),
            "fatal: repository 'https://***@h/x.git/' not found"
        );
        assert_eq!(
            redact_text("see https://h/x and ssh://git@h/y"),
            "see https://h/x and ssh://***@h/y"
        );
    }
}
