//! What `verify` will do: the jobs (each template with its defaults, each declared variant and
//! the student version), the answers each renders with, the order they start in (longest first,
//! by earlier runs' times) and the GitHub Actions matrix. Must not run anything.

use crate::catalog::{self, Template};
use crate::error::{Error, Result};
use crate::manifest::{DEFAULT_VARIANT, STUDENT_VARIANT};
use crate::messages::verify as t;
use crate::render;
use crate::settings::VerifySettings;
use crate::vars::{self, Given};
use crate::writer;
use indexmap::IndexMap;
use serde_json::json;
use std::collections::BTreeMap;
use std::path::Path;

/// One template rendered with one answer set.
pub struct Job<'a> {
    pub template: &'a Template,
    pub variant: String,
    pub set: IndexMap<String, Given>,
    /// The student version: solutions stripped; stretch tests must report XFAIL.
    pub student: bool,
    /// Installed and run with uv as a uv user does (`runner = "uv"`): `uv sync`, `uv run`.
    pub uv: bool,
}

impl Job<'_> {
    pub fn label(&self) -> String {
        format!("{}/{}", self.template.name(), self.variant)
    }
}

/// How long each job (`template/variant`) took in earlier runs.
pub fn read_seconds(path: &Path) -> BTreeMap<String, f64> {
    std::fs::read(path)
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok())
        .unwrap_or_default()
}

/// Records the job times for the next run's order. Only a scheduling hint: a failure to write
/// it is not worth an error.
pub fn write_seconds(path: &Path, seconds: &BTreeMap<String, f64>) {
    if let Ok(text) = serde_json::to_vec_pretty(seconds) {
        let _ = writer::replace_file(path, &text);
    }
}

/// The order to start the jobs in: the longest (by earlier runs) first, jobs never timed
/// before them all, so that two workers finish at about the same time. Ties keep plan order.
pub fn longest_first(jobs: &[Job<'_>], seconds: &BTreeMap<String, f64>) -> Vec<usize> {
    let mut order: Vec<usize> = (0..jobs.len()).collect();
    let expected = |i: usize| {
        seconds
            .get(&jobs[i].label())
            .copied()
            .unwrap_or(f64::INFINITY)
    };
    order.sort_by(|&a, &b| expected(b).total_cmp(&expected(a)));
    order
}

/// The templates named on the command line (embedded names or template directories on disk),
/// or every embedded template.
pub fn load_templates(settings: &VerifySettings) -> Result<Vec<Template>> {
    let names = if settings.templates.is_empty() {
        catalog::names()
    } else {
        settings.templates.clone()
    };
    names
        .iter()
        .map(|n| crate::render::resolve(n, None))
        .collect()
}

/// Every template × variant to verify, in order; `only` limits the variants.
pub fn plan_jobs<'a>(
    templates: &'a [Template],
    only: &[String],
    lang: &str,
) -> Result<Vec<Job<'a>>> {
    let mut jobs = Vec::new();
    for template in templates {
        let mut variants: Vec<(String, IndexMap<String, Given>, bool)> =
            vec![(DEFAULT_VARIANT.to_string(), IndexMap::new(), false)];
        for v in &template.manifest.variants {
            let set = v
                .set
                .iter()
                .map(|(k, val)| (k.clone(), Given::Toml(val.clone())))
                .collect();
            let uv = v.runner == Some(crate::manifest::Runner::Uv);
            variants.push((v.name.clone(), set, uv));
        }
        for (variant, set, uv) in variants {
            if only.is_empty() || only.contains(&variant) {
                jobs.push(Job {
                    template,
                    variant,
                    set,
                    student: false,
                    uv,
                });
            }
        }
        let wanted = only.is_empty() || only.iter().any(|v| v == STUDENT_VARIANT);
        if wanted && has_solutions(template, lang) {
            jobs.push(Job {
                template,
                variant: STUDENT_VARIANT.to_string(),
                set: IndexMap::new(),
                student: true,
                uv: false,
            });
        }
    }
    if let Some(missing) = only.iter().find(|v| !jobs.iter().any(|j| &j.variant == *v)) {
        let known: Vec<String> = templates
            .iter()
            .flat_map(|t| {
                std::iter::once(DEFAULT_VARIANT.to_string())
                    .chain(t.manifest.variants.iter().map(|v| v.name.clone()))
            })
            .collect();
        return Err(Error::new(
            t::VERIFY_NO_SUCH_VARIANT
                .m(&[("variant", missing), ("variants", &dedup(known).join(", "))]),
        )
        .hint(&t::VERIFY_KNOWN_VARIANTS));
    }
    Ok(jobs)
}

/// Whether the template's default rendering has solution markers (a render error here is
/// reported by the template's `default` job).
fn has_solutions(template: &Template, lang: &str) -> bool {
    let job = Job {
        template,
        variant: DEFAULT_VARIANT.into(),
        set: IndexMap::new(),
        student: false,
        uv: false,
    };
    job_answers(&job, lang)
        .and_then(|a| render::render(template, &a))
        .is_ok_and(|plan| crate::strip::has_markers(&plan))
}

fn dedup(mut v: Vec<String>) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    v.retain(|x| seen.insert(x.clone()));
    v
}

/// A GitHub Actions matrix: `{"include": [{"template": …, "variant": …}, …]}`.
pub fn matrix(jobs: &[Job<'_>]) -> serde_json::Value {
    json!({
        "include": jobs.iter().map(|j| json!({
            "template": j.template.name(),
            "variant": j.variant,
        })).collect::<Vec<_>>(),
    })
}

/// and the variant's values.
pub fn job_answers(job: &Job<'_>, lang: &str) -> Result<vars::Answers> {
    let env = vars::EnvDefaults {
        lang: lang.to_string(),
        author: Some("Ada Lovelace".into()),
        email: Some("ada@example.com".into()),
    };
    let defs = vars::definitions(&job.template.manifest, &env);
    vars::resolve(&defs, job.set.clone(), None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jobs_start_longest_first_and_untimed_ones_before_all() {
        let t = catalog::find("titanic").unwrap();
        let job = |variant: &str| Job {
            template: &t,
            variant: variant.into(),
            set: IndexMap::new(),
            student: false,
            uv: false,
        };
        let jobs = [job("a"), job("b"), job("c"), job("d")];
        let seconds: BTreeMap<String, f64> =
            [("titanic/a", 5.0), ("titanic/b", 50.0), ("titanic/d", 5.0)]
                .into_iter()
                .map(|(k, v)| (k.to_string(), v))
                .collect();
        assert_eq!(longest_first(&jobs, &seconds), vec![2, 1, 0, 3]);
    }
}
