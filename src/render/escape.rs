//! The escaping filters of templates (`toml_str`, `py_str`, `yaml_str`, `json`, `md`) and the
//! escaping functions behind them, which commands also use for text they write themselves.
//! Pure functions of strings: no template, plan or file here.

use std::collections::HashMap;
use tera::{Tera, Value};

/// Registers the escaping filters on `tera`.
pub fn register_filters(tera: &mut Tera) {
    tera.register_filter("toml_str", |v: &Value, _: &HashMap<String, Value>| {
        Ok(Value::String(toml_str(&text_of(v))))
    });
    tera.register_filter("py_str", |v: &Value, _: &HashMap<String, Value>| {
        Ok(Value::String(py_str(&text_of(v))))
    });
    tera.register_filter("yaml_str", |v: &Value, _: &HashMap<String, Value>| {
        Ok(Value::String(yaml_str(&text_of(v))))
    });
    tera.register_filter("json", |v: &Value, _: &HashMap<String, Value>| {
        Ok(Value::String(serde_json::to_string(v).unwrap_or_default()))
    });
    tera.register_filter("md", |v: &Value, _: &HashMap<String, Value>| {
        Ok(Value::String(md(&text_of(v))))
    });
}

fn text_of(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// A double-quoted string literal that TOML (basic string), Python and YAML (double-quoted
/// scalar) all read back as `s`: they share the escapes used here. Control characters and the
/// characters some readers treat as line breaks or byte-order marks become `\u` escapes.
pub fn quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}' | '\u{FEFF}') => {
                out.push_str(&format!("\\u{:04X}", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A TOML basic string, quotes included.
pub fn toml_str(s: &str) -> String {
    quoted(s)
}

/// A Python string literal, quotes included.
pub fn py_str(s: &str) -> String {
    quoted(s)
}

/// A YAML double-quoted scalar, quotes included.
pub fn yaml_str(s: &str) -> String {
    quoted(s)
}

/// Text safe in XML and HTML attributes and element content; characters XML 1.0 forbids are
/// dropped.
pub fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

/// Text safe inside Markdown or HTML: markup characters escaped, newlines folded to spaces.
pub fn md(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\n' | '\r' | '\t' => out.push(' '),
            '\\' | '`' | '*' | '_' | '[' | ']' | '#' | '|' | '~' => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const NASTY: &str = "O'Brien \"Bob\" \\ {{x}} </script>\n\ttab 🚀 \u{7}bell";

    #[test]
    fn toml_str_round_trips() {
        let doc = format!("v = {}", toml_str(NASTY));
        let parsed: toml::Table = toml::from_str(&doc).unwrap();
        assert_eq!(parsed["v"].as_str(), Some(NASTY));
    }

    #[test]
    fn json_and_yaml_round_trip_through_json_parsers() {
        // A YAML double-quoted scalar with these escapes is also valid JSON.
        let y: String = serde_json::from_str(&yaml_str(NASTY)).unwrap();
        assert_eq!(y, NASTY);
    }

    #[test]
    fn py_str_escapes_quotes_backslashes_and_controls() {
        assert_eq!(py_str("a\"b\\c\nd"), r#""a\"b\\c\nd""#);
        assert_eq!(py_str("\u{7}"), r#""\u0007""#);
        assert_eq!(py_str("\u{2028}"), r#""\u2028""#);
    }

    #[test]
    fn md_neutralises_markup() {
        assert_eq!(md("<b>x</b> *y*\nz"), "&lt;b&gt;x&lt;/b&gt; \\*y\\* z");
    }
}
