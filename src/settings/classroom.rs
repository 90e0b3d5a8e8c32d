//! Settings of the classroom commands (`batch`, `grade`, `similar`): their arguments checked and
//! resolved, nothing asked and nothing run.

use super::{
    cache_dir, env_defaults_from, installer_choice, jobs_or_cores, parse_sets, python_from,
};
use crate::answers;
use crate::cli;
use crate::error::{Error, Result};
use crate::messages::generate as t;
use crate::vars::{EnvDefaults, Given};
use indexmap::IndexMap;
use std::path::PathBuf;

#[derive(Debug)]
pub struct BatchSettings {
    pub template: String,
    pub roster: PathBuf,
    pub out: PathBuf,
    pub student: bool,
    /// `--set deadline=…`: told to the students and recorded for `grade`.
    pub deadline: Option<String>,
    pub encoding: Option<String>,
    pub sheet: Option<String>,
    /// Answers for every student (the student's name and email are added per repository).
    pub given: IndexMap<String, Given>,
    pub push: Option<String>,
    pub jobs: usize,
    pub json: bool,
    pub env: EnvDefaults,
}

impl BatchSettings {
    pub fn resolve(args: cli::BatchArgs) -> Result<Self> {
        let mut given = IndexMap::new();
        if let Some(path) = &args.answers {
            given.extend(answers::read(path)?.answers);
        }
        parse_sets(&args.set, &mut given)?;
        for fixed in ["author", "email"] {
            if given.shift_remove(fixed).is_some() {
                return Err(Error::usage(t::BATCH_FROM_ROSTER.m(&[("name", &fixed)]))
                    .hint(&t::BATCH_FROM_ROSTER_HINT));
            }
        }
        // Not a template variable: the assignment's deadline, for the students' README and
        // for `grade`.
        let deadline = match given.shift_remove("deadline") {
            Some(Given::Text(text)) => {
                if crate::git::parse_deadline(&text).is_none() {
                    return Err(Error::usage(t::GRADE_BAD_DEADLINE.m(&[("value", &text)]))
                        .hint(&t::GRADE_BAD_DEADLINE_HINT));
                }
                Some(text.trim().to_string())
            }
            Some(Given::Toml(v)) => {
                return Err(Error::usage(t::GRADE_BAD_DEADLINE.m(&[("value", &v)]))
                    .hint(&t::GRADE_BAD_DEADLINE_HINT));
            }
            None => None,
        };
        let config = crate::config::load()?;
        let student = match args.mode {
            Some(mode) => mode == cli::Mode::Student,
            None => config.batch.mode.as_deref() != Some("solution"),
        };
        Ok(Self {
            template: args.template,
            roster: args.roster,
            out: args.out,
            student,
            deadline,
            encoding: args.encoding,
            sheet: args.sheet,
            given,
            push: args.push,
            jobs: jobs_or_cores(args.jobs.or(config.batch.jobs)),
            json: args.json,
            env: env_defaults_from(config),
        })
    }
}

#[derive(Debug)]
pub struct GradeSettings {
    pub dir: PathBuf,
    pub report: Option<PathBuf>,
    pub html: Option<PathBuf>,
    pub json: bool,
    pub jobs: usize,
    pub python: PathBuf,
    pub cache_dir: PathBuf,
    pub installer: crate::python::Choice,
    pub sandbox: crate::sandbox::Choice,
    pub limits: crate::sandbox::Limits,
    pub roster: Option<PathBuf>,
    pub template: Option<String>,
    pub similarity: bool,
    pub fetch: bool,
    pub from: Option<String>,
    /// Seconds since 1970.
    pub deadline: Option<i64>,
    pub feedback: bool,
}

impl GradeSettings {
    pub fn resolve(args: cli::GradeArgs) -> Result<Self> {
        Ok(Self {
            dir: args.dir,
            report: args.report,
            html: args.html,
            json: args.json,
            jobs: jobs_or_cores(args.jobs),
            python: python_from(args.python, &crate::config::load()?)?,
            cache_dir: cache_dir()?,
            installer: installer_choice(args.installer),
            sandbox: match args.sandbox {
                cli::SandboxWhen::Auto => crate::sandbox::Choice::Auto,
                cli::SandboxWhen::Bwrap => crate::sandbox::Choice::Bwrap,
                cli::SandboxWhen::None => crate::sandbox::Choice::None,
            },
            limits: crate::sandbox::Limits {
                time: std::time::Duration::from_secs(args.timeout),
                memory: args.memory << 20,
                ..crate::sandbox::Limits::default()
            },
            roster: args.roster,
            template: args.template,
            similarity: args.similarity,
            fetch: args.fetch,
            from: args.from,
            deadline: match &args.deadline {
                Some(text) => Some(crate::git::parse_deadline(text).ok_or_else(|| {
                    Error::usage(t::GRADE_BAD_DEADLINE.m(&[("value", text)]))
                        .hint(&t::GRADE_BAD_DEADLINE_HINT)
                })?),
                None => None,
            },
            feedback: args.feedback,
        })
    }
}

pub struct SimilarSettings {
    pub dir: PathBuf,
    pub threshold: f64,
    pub json: bool,
    pub template: Option<String>,
}

impl SimilarSettings {
    pub fn resolve(args: cli::SimilarArgs) -> Result<Self> {
        if !(0.0..=1.0).contains(&args.threshold) {
            return Err(
                Error::usage(t::SIMILAR_BAD_THRESHOLD.m(&[("value", &args.threshold)]))
                    .hint(&t::SIMILAR_BAD_THRESHOLD_HINT),
            );
        }
        Ok(Self {
            dir: args.dir,
            threshold: args.threshold,
            json: args.json,
            template: args.template,
        })
    }
}
