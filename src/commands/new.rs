//! `pystart new`: answers → plan → atomic write (+ git) → summary.

use crate::error::{Error, Result, display_path};
use crate::git;
use crate::messages::{self as m, generate as t};
use crate::printer::Printer;
use crate::prompts;
use crate::render::{self, Plan};
use crate::settings::NewSettings;
use crate::shells::Shell;
use crate::vars::{self, Answers, Ask};
use crate::writer;
use serde_json::json;
use std::path::{Path, PathBuf};

/// What happens about git.
enum GitPlan {
    Init { name: String, email: String },
    Skip(NoGit),
}

/// Why a project gets no git repository.
enum NoGit {
    /// `--no-git`.
    Flag,
    /// The target is inside this work tree.
    InsideWorkTree(String),
}

impl NoGit {
    /// The reason in English, for JSON output.
    fn english(&self) -> String {
        match self {
            NoGit::Flag => "--no-git".into(),
            NoGit::InsideWorkTree(path) => t::NEW_INSIDE_WORK_TREE.fill("en", &[("path", path)]),
        }
    }

    /// The reason in the interface language.
    fn shown(&self) -> String {
        match self {
            NoGit::Flag => "--no-git".into(),
            NoGit::InsideWorkTree(path) => t::NEW_INSIDE_WORK_TREE.f(&[("path", path)]),
        }
    }
}

pub fn run(settings: NewSettings, printer: &Printer) -> Result<()> {
    let name = match &settings.template {
        Some(name) => name.clone(),
        None if settings.interactive => crate::prompts::choose_template(&settings.env.lang)?,
        None => {
            return Err(Error::usage(&t::NEW_MISSING_TEMPLATE).hint(&t::NEW_MISSING_TEMPLATE_HINT));
        }
    };
    let template = crate::render::resolve(&name, settings.rev.as_deref())?;
    if settings.setup.is_some() {
        crate::commands::ensure_trusted(&template, settings.trust)?;
    }
    // An explicit path is checked before any question is asked.
    if let Some(p) = &settings.path {
        writer::check_target(p)?;
    }
    for (name, note) in &settings.default_notes {
        if !settings.given.contains_key(name) {
            printer.note(note);
        }
    }
    let defs = vars::definitions(&template.manifest, &settings.env);
    let mut terminal = settings
        .interactive
        .then(|| prompts::Terminal::new(&settings.env.lang));
    let answers = vars::resolve(
        &defs,
        settings.given,
        terminal.as_mut().map(|t| t as &mut dyn Ask),
    )?;
    for note in &answers.notes {
        printer.note(&note.text);
    }
    let target = match settings.path {
        Some(p) => p,
        None => {
            let (dir, note) = vars::dir_name(answers.project_name());
            if let Some(n) = note {
                printer.note(&n);
            }
            PathBuf::from(dir)
        }
    };
    writer::check_target(&target)?;
    let mut plan = render::render(&template, &answers)?;
    if settings.student {
        if !crate::strip::has_markers(&plan) {
            printer.note(&t::NEW_NO_MARKERS.f(&[("template", &template.name())]));
        }
        plan = crate::strip::student_plan(&plan, &template, &answers, &toml::Table::new())?.0;
    }

    let git_plan = if !settings.git {
        GitPlan::Skip(NoGit::Flag)
    } else if let Some(wt) = git::enclosing_work_tree(&target) {
        GitPlan::Skip(NoGit::InsideWorkTree(display_path(&wt)))
    } else {
        let (name, email) = git::signature(answers.get_str("author"), answers.get_str("email"));
        GitPlan::Init { name, email }
    };
    let message = format!(
        "Initial commit (pystart {}, template {})",
        env!("CARGO_PKG_VERSION"),
        template.name()
    );

    if !settings.dry_run {
        writer::write(&plan, &target, |dir| match &git_plan {
            GitPlan::Init { name, email } => {
                git::init_and_commit(dir, name, email, &message)?;
                git::mark_pristine(dir)
            }
            GitPlan::Skip(_) => Ok(()),
        })?;
    }
    let setup_target = (!settings.dry_run)
        .then_some(())
        .and(settings.setup.clone());
    report(
        printer,
        &ReportData {
            json: settings.json,
            dry_run: settings.dry_run,
            template: template.name(),
            target: &target,
            plan: &plan,
            answers: &answers,
            git: &git_plan,
            test: &template.manifest.test,
            demo: &template.manifest.demo,
        },
    );
    // On a terminal, one more key goes from nothing to a passing test run.
    let setup_target = match setup_target {
        None if settings.interactive && !settings.dry_run && !settings.json => {
            if prompts::confirm(m::NEW_OFFER_SETUP.s(), false)? {
                Some(crate::config::load().and_then(|c| crate::settings::python_from(None, &c))?)
            } else {
                None
            }
        }
        other => other,
    };
    if let Some(python) = setup_target {
        crate::commands::setup::run(&target, &python, crate::python::Choice::Auto, printer)?;
    }
    Ok(())
}

struct ReportData<'a> {
    json: bool,
    dry_run: bool,
    template: &'a str,
    target: &'a Path,
    plan: &'a Plan,
    answers: &'a Answers,
    git: &'a GitPlan,
    test: &'a [String],
    demo: &'a [String],
}

fn report(printer: &Printer, d: &ReportData<'_>) {
    if d.json {
        let answers: serde_json::Map<_, _> = d
            .answers
            .values
            .iter()
            .map(|(k, v)| (k.clone(), v.to_json()))
            .collect();
        let git = match d.git {
            GitPlan::Init { .. } => json!({ "init": true, "branch": "main" }),
            GitPlan::Skip(why) => json!({ "init": false, "reason": why.english() }),
        };
        let path = std::path::absolute(d.target).unwrap_or_else(|_| d.target.to_path_buf());
        printer.json(&json!({
            "template": d.template,
            "path": path,
            "dry_run": d.dry_run,
            "answers": answers,
            "notes": d.answers.notes.iter().map(|n| n.en.as_str()).collect::<Vec<_>>(),
            "git": git,
            "files": d.plan.files.iter().map(|f| f.path.as_str()).collect::<Vec<_>>(),
        }));
        return;
    }
    let shown = display_path(d.target);
    let count = d.plan.files.len();
    if d.dry_run {
        let mut out = m::NEW_WOULD_CREATE.f(&[
            ("template", &d.template),
            ("count", &count),
            ("bytes", &d.plan.total_bytes()),
            ("path", &shown),
        ]);
        out.push('\n');
        for f in &d.plan.files {
            out.push_str(&format!("  {}\n", f.path));
        }
        out.push_str(&match d.git {
            GitPlan::Init { .. } => m::NEW_WOULD_GIT.s().to_string(),
            GitPlan::Skip(why) => m::NEW_WOULD_NO_GIT.f(&[("why", &why.shown())]),
        });
        out.push('\n');
        printer.data(&out);
        printer.info(m::NEW_NOTHING_WRITTEN.s());
        return;
    }
    let git_line = match d.git {
        GitPlan::Init { .. } => m::NEW_GIT.s().to_string(),
        GitPlan::Skip(why) => m::NEW_NO_GIT.f(&[("why", &why.shown())]),
    };
    let shell = Shell::detect();
    // The template's own demo command, when it has one.
    let demo = (!d.demo.is_empty()).then(|| {
        format!(
            "  {}      {}\n",
            d.demo
                .iter()
                .map(|a| a.replace("{{package}}", d.answers.package()))
                .collect::<Vec<_>>()
                .join(" "),
            m::NEW_DEMO_COMMENT.s()
        )
    });
    printer.info(&format!(
        "{} {}\n\n{}\n  {}\n  python -m venv .venv\n  {}\n  \
         python -m pip install -e \".[dev]\"\n{}  {}      {}\n",
        printer.green(m::NEW_CREATED.s()),
        m::NEW_CREATED_LINE.f(&[
            ("template", &d.template),
            ("count", &count),
            ("git", &git_line),
            ("path", &shown),
        ]),
        m::NEW_NEXT_STEPS.s(),
        shell.cd(&shown),
        shell.activate_line(),
        demo.unwrap_or_default(),
        d.test.join(" "),
        m::NEW_TESTS_COMMENT.s(),
    ));
}
