//! Limits on rendering, because a template may come from anyone (`--template URL`).
//!
//! Tera has none of its own: a template that includes itself or a recursive macro overflows
//! the stack, `range(end=10**12)` exhausts memory, nested loops run for hours. So:
//! - statically, when a template is loaded and by `template check`: include, import and
//!   macro-call cycles are refused with the chain named, and so are includes or macro calls
//!   nested deeper than [`MAX_CALL_DEPTH`] and for-loops nested deeper than [`MAX_LOOP_NESTING`];
//! - while rendering: `range` makes at most [`MAX_RANGE`] numbers, a rendered file is at most
//!   [`MAX_FILE_BYTES`] and a project [`MAX_TOTAL_BYTES`], and a whole render may take
//!   [`RENDER_SECONDS`] (`PYSTART_RENDER_TIMEOUT`). The render runs on a thread of its own; one that overruns is left
//!   behind (the process ends soon after with the error) and every later render in this
//!   process is refused at once.

use crate::messages::generate as t;
use std::cell::Cell;
use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;
use std::time::{Duration, Instant};
use tera::ast::{Expr, ExprVal, Node};
use tera::{Tera, Value};

/// Longest chain of includes and macro calls.
pub const MAX_CALL_DEPTH: usize = 32;
/// Deepest nesting of for-loops, counted through includes and macro calls.
pub const MAX_LOOP_NESTING: usize = 4;
/// Most numbers one `range` call makes.
pub const MAX_RANGE: u64 = 10_000;
/// Largest rendered file.
pub const MAX_FILE_BYTES: usize = 16 << 20;
/// Largest project (rendered and copied files together).
pub const MAX_TOTAL_BYTES: usize = 256 << 20;
/// Longest a whole render may take, in seconds, unless `PYSTART_RENDER_TIMEOUT` says otherwise
/// (1 to 3600).
pub const RENDER_SECONDS: u64 = 20;

/// The render time limit in effect.
pub fn render_seconds() -> u64 {
    std::env::var("PYSTART_RENDER_TIMEOUT")
        .ok()
        .and_then(|v| v.trim().parse::<u64>().ok())
        .filter(|n| (1..=3600).contains(n))
        .unwrap_or(RENDER_SECONDS)
}

/// One structural problem of a template's Tera sources.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub file: String,
    pub message: String,
}

/// A node of the call graph: a template file or a macro of one.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Key {
    File(String),
    Macro(String, String),
}

impl Key {
    fn file(&self) -> &str {
        match self {
            Key::File(f) | Key::Macro(f, _) => f,
        }
    }

    fn shown(&self) -> String {
        match self {
            Key::File(f) => f.clone(),
            Key::Macro(f, m) => format!("{f}::{m}"),
        }
    }
}

/// Calls out of one body: (for-loops open at the call, callee), and the deepest loop nesting
/// inside the body itself.
#[derive(Default)]
struct Calls {
    edges: Vec<(usize, Key)>,
    loops: usize,
}

fn walk_nodes(
    nodes: &[Node],
    file: &str,
    imports: &[(String, String)],
    depth: usize,
    out: &mut Calls,
) {
    out.loops = out.loops.max(depth);
    for node in nodes {
        match node {
            Node::VariableBlock(_, e) => walk_expr(e, file, imports, depth, out),
            Node::Include(_, names, _) => {
                for n in names {
                    out.edges.push((depth, Key::File(n.clone())));
                }
            }
            Node::Extends(_, parent) => out.edges.push((depth, Key::File(parent.clone()))),
            Node::Set(_, set) => walk_expr(&set.value, file, imports, depth, out),
            Node::FilterSection(_, section, _) => {
                for e in section.filter.args.values() {
                    walk_expr(e, file, imports, depth, out);
                }
                walk_nodes(&section.body, file, imports, depth, out);
            }
            Node::Block(_, block, _) => walk_nodes(&block.body, file, imports, depth, out),
            Node::Forloop(_, f, _) => {
                walk_expr(&f.container, file, imports, depth, out);
                walk_nodes(&f.body, file, imports, depth + 1, out);
                if let Some(empty) = &f.empty_body {
                    walk_nodes(empty, file, imports, depth, out);
                }
            }
            Node::If(i, _) => {
                for (_, cond, body) in &i.conditions {
                    walk_expr(cond, file, imports, depth, out);
                    walk_nodes(body, file, imports, depth, out);
                }
                if let Some((_, body)) = &i.otherwise {
                    walk_nodes(body, file, imports, depth, out);
                }
            }
            // Macro bodies are walked as nodes of their own.
            _ => {}
        }
    }
}

fn walk_expr(e: &Expr, file: &str, imports: &[(String, String)], depth: usize, out: &mut Calls) {
    for f in &e.filters {
        for a in f.args.values() {
            walk_expr(a, file, imports, depth, out);
        }
    }
    walk_val(&e.val, file, imports, depth, out);
}

fn walk_val(v: &ExprVal, file: &str, imports: &[(String, String)], depth: usize, out: &mut Calls) {
    match v {
        ExprVal::Math(m) => {
            walk_expr(&m.lhs, file, imports, depth, out);
            walk_expr(&m.rhs, file, imports, depth, out);
        }
        ExprVal::Logic(l) => {
            walk_expr(&l.lhs, file, imports, depth, out);
            walk_expr(&l.rhs, file, imports, depth, out);
        }
        ExprVal::In(i) => {
            walk_expr(&i.lhs, file, imports, depth, out);
            walk_expr(&i.rhs, file, imports, depth, out);
        }
        ExprVal::Test(test) => {
            for a in &test.args {
                walk_expr(a, file, imports, depth, out);
            }
        }
        ExprVal::Array(items) => {
            for a in items {
                walk_expr(a, file, imports, depth, out);
            }
        }
        ExprVal::StringConcat(c) => {
            for v in &c.values {
                walk_val(v, file, imports, depth, out);
            }
        }
        ExprVal::FunctionCall(f) => {
            for a in f.args.values() {
                walk_expr(a, file, imports, depth, out);
            }
        }
        ExprVal::MacroCall(m) => {
            for a in m.args.values() {
                walk_expr(a, file, imports, depth, out);
            }
            let target = if m.namespace == "self" {
                Some(file.to_string())
            } else {
                imports
                    .iter()
                    .find(|(_, ns)| *ns == m.namespace)
                    .map(|(f, _)| f.clone())
            };
            if let Some(target) = target {
                out.edges.push((depth, Key::Macro(target, m.name.clone())));
            }
        }
        _ => {}
    }
}

/// Include, import and macro-call cycles, and nesting past the limits, in every template Tera
/// has parsed; each problem names the file it starts in. `own` limits the report to the files
/// whose name starts with it (a template's own files, not pystart's shared ones).
pub fn structure_problems(tera: &Tera, own: &str) -> Vec<Problem> {
    let mut graph: HashMap<Key, Calls> = HashMap::new();
    for (name, template) in &tera.templates {
        let imports = &template.imported_macro_files;
        let mut calls = Calls::default();
        walk_nodes(&template.ast, name, imports, 0, &mut calls);
        graph.insert(Key::File(name.clone()), calls);
        for (macro_name, def) in &template.macros {
            let mut calls = Calls::default();
            walk_nodes(&def.body, name, imports, 0, &mut calls);
            graph.insert(Key::Macro(name.clone(), macro_name.clone()), calls);
        }
    }
    let mut keys: Vec<&Key> = graph.keys().filter(|k| k.file().starts_with(own)).collect();
    keys.sort();
    let mut problems = Vec::new();
    let mut reported: HashSet<String> = HashSet::new();
    let mut memo: HashMap<Key, (usize, usize)> = HashMap::new();
    for key in keys {
        let mut path = Vec::new();
        if let Err(message) = measure(key, &graph, &mut path, &mut memo)
            && reported.insert(key.file().to_string())
        {
            problems.push(Problem {
                file: key.file().to_string(),
                message,
            });
        }
    }
    problems
}

/// (call depth, loop nesting) below `key`, or the first problem found on the way.
fn measure(
    key: &Key,
    graph: &HashMap<Key, Calls>,
    path: &mut Vec<Key>,
    memo: &mut HashMap<Key, (usize, usize)>,
) -> Result<(usize, usize), String> {
    if let Some(known) = memo.get(key) {
        return Ok(*known);
    }
    if let Some(at) = path.iter().position(|k| k == key) {
        let chain: Vec<String> = path[at..]
            .iter()
            .chain(std::iter::once(key))
            .map(Key::shown)
            .collect();
        return Err(t::RENDER_CYCLE.f(&[("chain", &chain.join(" → "))]));
    }
    let Some(calls) = graph.get(key) else {
        // A missing include: Tera reports it when rendering.
        return Ok((0, 0));
    };
    // Refused on the way down: a chain of thousands of files must not exhaust our own stack.
    if path.len() > MAX_CALL_DEPTH {
        return Err(t::RENDER_TOO_DEEP.f(&[("n", &path.len()), ("max", &MAX_CALL_DEPTH)]));
    }
    path.push(key.clone());
    let (mut depth, mut loops) = (0, calls.loops);
    for (open, callee) in &calls.edges {
        let (d, l) = measure(callee, graph, path, memo)?;
        depth = depth.max(d + 1);
        loops = loops.max(open + l);
    }
    path.pop();
    if depth > MAX_CALL_DEPTH {
        return Err(t::RENDER_TOO_DEEP.f(&[("n", &depth), ("max", &MAX_CALL_DEPTH)]));
    }
    if loops > MAX_LOOP_NESTING {
        return Err(t::RENDER_LOOPS_TOO_DEEP.f(&[("n", &loops), ("max", &MAX_LOOP_NESTING)]));
    }
    memo.insert(key.clone(), (depth, loops));
    Ok((depth, loops))
}

thread_local! {
    /// When the render running on this thread must stop.
    static DEADLINE: Cell<Option<Instant>> = const { Cell::new(None) };
    /// Why the last write on this thread was refused.
    static OVERRUN: Cell<Option<Overrun>> = const { Cell::new(None) };
}

/// What a render ran out of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Overrun {
    Time,
    FileSize,
}

fn out_of_time() -> bool {
    DEADLINE.with(|d| d.get().is_some_and(|d| Instant::now() > d))
}

/// The overrun that stopped the last render on this thread, if one did (and forgets it).
pub fn take_overrun() -> Option<Overrun> {
    OVERRUN.with(|o| o.take())
}

/// `range(end, start=0, step_by=1)` as Tera's, but at most [`MAX_RANGE`] numbers and only
/// while the render has time left.
pub fn range(args: &HashMap<String, Value>) -> tera::Result<Value> {
    let number = |key: &str, default: Option<u64>| -> tera::Result<u64> {
        match args.get(key) {
            Some(v) => v
                .as_u64()
                .ok_or_else(|| tera::Error::msg(t::RENDER_RANGE_NUMBER.f(&[("key", &key)]))),
            None => {
                default.ok_or_else(|| tera::Error::msg(t::RENDER_RANGE_NUMBER.f(&[("key", &key)])))
            }
        }
    };
    let start = number("start", Some(0))?;
    let end = number("end", None)?;
    let step = number("step_by", Some(1))?.max(1);
    if out_of_time() {
        OVERRUN.with(|o| o.set(Some(Overrun::Time)));
        return Err(tera::Error::msg(
            t::RENDER_TOO_SLOW.f(&[("seconds", &render_seconds())]),
        ));
    }
    let count = end.saturating_sub(start).div_ceil(step);
    if count > MAX_RANGE {
        return Err(tera::Error::msg(
            t::RENDER_RANGE_TOO_BIG.f(&[("n", &count), ("max", &MAX_RANGE)]),
        ));
    }
    Ok(Value::Array(
        (0..count).map(|i| Value::from(start + i * step)).collect(),
    ))
}

/// The output of one file: refuses to grow past [`MAX_FILE_BYTES`] or past the deadline.
#[derive(Default)]
pub struct Output {
    pub bytes: Vec<u8>,
}

impl std::io::Write for Output {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let overrun = if out_of_time() {
            Some(Overrun::Time)
        } else if self.bytes.len() + buf.len() > MAX_FILE_BYTES {
            Some(Overrun::FileSize)
        } else {
            None
        };
        if let Some(o) = overrun {
            OVERRUN.with(|c| c.set(Some(o)));
            return Err(std::io::Error::other("render limit"));
        }
        self.bytes.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Why renders are refused in this process (a render overran and was left running).
static ABANDONED: OnceLock<crate::messages::Msg> = OnceLock::new();

/// Runs `work` (a render) on a thread of its own with a deadline; `current` names the file it
/// is at, for the message when it does not finish in time.
pub fn run_bounded<T: Send + 'static>(
    current: std::sync::Arc<std::sync::Mutex<String>>,
    work: impl FnOnce() -> crate::error::Result<T> + Send + 'static,
) -> crate::error::Result<T> {
    if let Some(message) = ABANDONED.get() {
        return Err(crate::error::Error::new(message.clone()));
    }
    let limit = Duration::from_secs(render_seconds());
    let deadline = Instant::now() + limit;
    let (send, receive) = std::sync::mpsc::channel();
    let spawned = std::thread::Builder::new()
        .name("render".into())
        // Recursion is refused before rendering; this is room for deep but finite nesting.
        .stack_size(64 << 20)
        .spawn(move || {
            DEADLINE.with(|d| d.set(Some(deadline)));
            let _ = send.send(work());
        });
    if let Err(e) = spawned {
        return Err(crate::error::Error::new(
            t::RENDER_NO_THREAD.m(&[("err", &e)]),
        ));
    }
    // The thread stops itself at the deadline wherever it writes or calls `range`; the grace
    // period is for loops that do neither.
    match receive.recv_timeout(limit + Duration::from_secs(2)) {
        Ok(result) => result,
        // The thread ended without an answer: it panicked (a bug of Tera's or ours).
        Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => {
            let file = current.lock().map(|f| f.clone()).unwrap_or_default();
            Err(
                crate::error::Error::new(t::RENDER_CRASHED.m(&[("file", &file)]))
                    .hint(&t::RENDER_CRASHED_HINT),
            )
        }
        Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {
            let file = current.lock().map(|f| f.clone()).unwrap_or_default();
            let message =
                t::RENDER_FILE_TOO_SLOW.m(&[("file", &file), ("seconds", &render_seconds())]);
            let _ = ABANDONED.set(message.clone());
            Err(crate::error::Error::new(message).hint(&t::RENDER_LIMITS_HINT))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems(files: &[(&str, &str)]) -> Vec<Problem> {
        let mut tera = Tera::default();
        tera.add_raw_templates(files.to_vec()).unwrap();
        structure_problems(&tera, "t/")
    }

    #[test]
    fn include_and_macro_cycles_are_found_with_the_chain() {
        let p = problems(&[("t/a.tera", "{% include \"t/a.tera\" %}")]);
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].file, "t/a.tera");
        assert!(p[0].message.contains("t/a.tera → t/a.tera"), "{p:?}");

        let p = problems(&[
            ("t/a.tera", "x{% include \"t/b.tera\" %}"),
            ("t/b.tera", "{% include \"t/a.tera\" %}"),
        ]);
        assert_eq!(p.len(), 2, "{p:?}");

        let p = problems(&[(
            "t/m.tera",
            "{% macro f(n) %}{{ self::f(n=n) }}{% endmacro f %}{{ self::f(n=1) }}",
        )]);
        assert!(p[0].message.contains("t/m.tera::f → t/m.tera::f"), "{p:?}");

        let p = problems(&[
            (
                "t/lib.tera",
                "{% macro g() %}{{ self::h() }}{% endmacro g %}{% macro h() %}{{ self::g() }}{% endmacro h %}",
            ),
            ("t/use.tera", "{% import \"t/lib.tera\" as m %}{{ m::g() }}"),
        ]);
        assert!(!p.is_empty(), "{p:?}");
    }

    #[test]
    fn long_include_chains_are_refused() {
        let names: Vec<String> = (0..200).map(|i| format!("t/{i}.tera")).collect();
        let files: Vec<(String, String)> = (0..200)
            .map(|i| {
                let next = if i + 1 < 200 {
                    format!("{{% include \"t/{}.tera\" %}}", i + 1)
                } else {
                    String::new()
                };
                (names[i].clone(), next)
            })
            .collect();
        let refs: Vec<(&str, &str)> = files
            .iter()
            .map(|(a, b)| (a.as_str(), b.as_str()))
            .collect();
        let p = problems(&refs);
        assert!(p.iter().any(|p| p.message.contains("nest")), "{p:?}");
    }

    #[test]
    fn deep_loops_are_refused_and_ordinary_templates_pass() {
        let four = "{% for a in x %}{% for b in x %}{% for c in x %}{% for d in x %}.{% endfor %}{% endfor %}{% endfor %}{% endfor %}";
        assert!(problems(&[("t/a.tera", four)]).is_empty());
        let p = problems(&[
            (
                "t/a.tera",
                "{% for z in x %}{% include \"t/b.tera\" %}{% endfor %}",
            ),
            ("t/b.tera", four),
        ]);
        assert!(p[0].message.contains("5"), "{p:?}");
        assert!(problems(&[("t/ok.tera", "{% for f in fs %}{{ f }}{% endfor %}")]).is_empty());
    }

    #[test]
    fn range_is_capped() {
        let args = |end: u64| HashMap::from([("end".to_string(), Value::from(end))]);
        assert_eq!(range(&args(3)).unwrap(), serde_json::json!([0, 1, 2]));
        assert!(range(&args(MAX_RANGE + 1)).is_err());
        let stepped = HashMap::from([
            ("start".to_string(), Value::from(1)),
            ("end".to_string(), Value::from(10)),
            ("step_by".to_string(), Value::from(4)),
        ]);
        assert_eq!(range(&stepped).unwrap(), serde_json::json!([1, 5, 9]));
    }
}
