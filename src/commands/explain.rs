//! `pystart explain [TOPIC]`: a concept note in the terminal, or the list of topics.

use crate::catalog;
use crate::error::{Error, Result};
use crate::messages::generate as t;
use crate::printer::Printer;
use crate::settings::ExplainSettings;
use include_dir::File;

/// The notes of one language, as (topic, file), sorted by topic.
fn notes(lang: &str) -> Vec<(String, &'static File<'static>)> {
    let Some(dir) = catalog::shared_dir("concepts") else {
        return Vec::new();
    };
    let prefix = std::path::Path::new("_shared/concepts/notes").join(lang);
    let mut out: Vec<_> = catalog::walk(dir)
        .into_iter()
        .filter(|f| f.path().parent() == Some(prefix.as_path()))
        .filter_map(|f| {
            let stem = f.path().file_stem()?.to_str()?.to_string();
            (f.path().extension()? == "md" && stem != "README").then_some((stem, f))
        })
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

/// The topics with a note, sorted.
pub fn topics(lang: &str) -> Vec<String> {
    notes(lang).into_iter().map(|(t, _)| t).collect()
}

/// The first heading of a note, as its title.
fn title(text: &str) -> &str {
    text.lines()
        .find_map(|l| l.strip_prefix("# "))
        .unwrap_or("")
        .trim()
}

pub fn run(settings: ExplainSettings, printer: &Printer) -> Result<()> {
    let notes = notes(&settings.lang);
    let Some(topic) = settings.topic else {
        let width = notes.iter().map(|(t, _)| t.len()).max().unwrap_or(5);
        let mut out = String::new();
        for (t, f) in &notes {
            out.push_str(&format!(
                "{t:<width$}  {}\n",
                title(f.contents_utf8().unwrap_or(""))
            ));
        }
        printer.data(&out);
        printer.info(t::EXPLAIN_HOW_TO_READ.s());
        return Ok(());
    };
    match notes.iter().find(|(t, _)| *t == topic) {
        Some((_, f)) => {
            printer.data(f.contents_utf8().unwrap_or(""));
            Ok(())
        }
        None => {
            let names: Vec<_> = notes.iter().map(|(t, _)| t.as_str()).collect();
            Err(Error::new(t::EXPLAIN_UNKNOWN_TOPIC.m(&[("topic", &topic)]))
                .hint(t::EXPLAIN_TOPICS.m(&[("topics", &names.join(", "))])))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_languages_have_the_same_topics() {
        let zh = topics("zh");
        assert_eq!(zh, topics("en"));
        for t in [
            "circular_imports",
            "convoy",
            "free_threading",
            "gil",
            "imports",
            "interpreters",
            "io_bound",
            "memory",
            "multiprocessing",
            "process_pool",
            "subinterpreters",
            "thread_safety",
        ] {
            assert!(zh.iter().any(|x| x == t), "missing {t} in {zh:?}");
        }
    }

    #[test]
    fn every_note_has_a_title() {
        for lang in ["zh", "en"] {
            for (t, f) in notes(lang) {
                assert!(!title(f.contents_utf8().unwrap()).is_empty(), "{lang}/{t}");
            }
        }
    }
}
