//! Everything about running Python for a project: the interpreter ([`interpreter`]), the
//! installer (uv or pip, [`installer`]), a project's own environment made as its README says
//! ([`env`]), running commands in it with a log and a time limit ([`run`]), and pystart's cache
//! ([`cache`]). `verify`, `grade` and `setup` use it; it must not know about templates, stages,
//! scores or the terminal.

pub mod cache;
pub mod env;
pub mod installer;
mod interpreter;
mod run;
mod venv;

pub use cache::Cache;
pub use env::{Failure, Links, Made, project_env};
pub use installer::{Choice, Installer};
pub use interpreter::{Python, major_minor};
pub use run::{
    COMMAND_LIMIT, Outcome, THREAD_VARS, clean_env, last_summary_line, limit_threads, run_logged,
    run_logged_timeout, tail, tail_in, threads_per_job,
};
pub use venv::Venv;
