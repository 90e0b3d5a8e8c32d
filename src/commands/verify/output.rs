//! Where `verify`'s progress goes while it runs: live bars on a terminal, one line per finished
//! job otherwise (every stage of a failing one, with its log). The final table and reports are
//! [`super::report`]'s.

use super::report::{JobReport, Stage, Status};
use crate::error::display_path;
use crate::messages::verify as t;
use crate::printer::{Printer, pad};
use indicatif::{MultiProgress, ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

/// Where progress goes: live bars on a terminal, plain lines otherwise.
pub struct Output<'a> {
    printer: &'a Printer,
    bars: Option<(MultiProgress, ProgressBar)>,
    /// One job at a time and no bars: stream each stage as it ends.
    stream: bool,
    lock: Mutex<()>,
    done: AtomicUsize,
    total: usize,
}

impl<'a> Output<'a> {
    pub fn new(printer: &'a Printer, total: usize, workers: usize) -> Self {
        let bars = std::io::stderr().is_terminal().then(|| {
            let multi = MultiProgress::with_draw_target(ProgressDrawTarget::stderr());
            let overall = multi.add(ProgressBar::new(total as u64));
            overall.set_style(
                ProgressStyle::with_template(t::VERIFY_PROGRESS.s())
                    .expect("valid progress template"),
            );
            (multi, overall)
        });
        Output {
            printer,
            stream: bars.is_none() && workers == 1,
            bars,
            lock: Mutex::new(()),
            done: AtomicUsize::new(0),
            total,
        }
    }

    pub fn line(&self, text: &str) {
        let _guard = self.lock.lock();
        match &self.bars {
            Some((multi, _)) => {
                let _ = multi.println(text);
            }
            None => self.printer.info(text),
        }
    }

    pub fn spinner(&self, label: &str) -> Option<ProgressBar> {
        let (multi, overall) = self.bars.as_ref()?;
        let pb = multi.insert_before(overall, ProgressBar::new_spinner());
        pb.set_style(
            ProgressStyle::with_template("{spinner} {prefix}: {msg}").expect("valid template"),
        );
        pb.set_prefix(label.to_string());
        pb.enable_steady_tick(Duration::from_millis(120));
        Some(pb)
    }

    fn stage_line(&self, stage: &Stage) -> String {
        let mark = match stage.status {
            Status::Pass => self.printer.green(&pad(t::VERIFY_OK.s(), 4)),
            Status::Fail => self.printer.red(&pad(t::VERIFY_FAIL.s(), 4)),
            Status::Skip => self.printer.dim(&pad(t::VERIFY_SKIP.s(), 4)),
            Status::Timeout => self.printer.red(&pad(t::VERIFY_TIMEOUT.s(), 4)),
        };
        format!(
            "  {mark} {:<9} {:>6.1}s  {}",
            stage.name, stage.seconds, stage.detail.shown
        )
    }

    fn log_lines(&self, stage: &Stage) -> String {
        stage
            .log
            .as_ref()
            .map_or("", |l| l.shown.as_str())
            .lines()
            .map(|l| format!("       | {l}\n"))
            .collect()
    }

    pub fn started(&self, label: &str) {
        if self.stream {
            self.line(&self.printer.bold(label));
        }
    }

    pub fn stage(&self, stage: &Stage) {
        if self.stream {
            let mut text = self.stage_line(stage);
            if stage.status.failed() {
                text.push('\n');
                text.push_str(self.log_lines(stage).trim_end());
            }
            self.line(&text);
        }
    }

    /// A finished job: a summary line when it passed; every stage and the failing log when not.
    pub fn finished(&self, report: &JobReport) {
        let n = self.done.fetch_add(1, Ordering::SeqCst) + 1;
        if let Some((_, overall)) = &self.bars {
            overall.inc(1);
        }
        if self.stream {
            if let Some(kept) = &report.kept {
                self.line(&t::VERIFY_KEPT.f(&[("path", &display_path(kept))]));
            }
            return;
        }
        let label = report.label();
        if report.passed() && !self.printer.verbose() {
            self.line(&format!(
                "[{n}/{}] {} {label}  {:.1}s  {}",
                self.total,
                self.printer.green(t::VERIFY_PASS.s()),
                report.seconds,
                report.summary()
            ));
            return;
        }
        let mut text = format!(
            "[{n}/{}] {} {label}  {:.1}s",
            self.total,
            if report.passed() {
                self.printer.green(t::VERIFY_PASS.s())
            } else if report.timed_out() {
                self.printer.red(t::VERIFY_TIMEOUT.s())
            } else {
                self.printer.red(t::VERIFY_FAIL.s())
            },
            report.seconds
        );
        for stage in &report.stages {
            text.push('\n');
            text.push_str(&self.stage_line(stage));
            if stage.status.failed() {
                text.push('\n');
                text.push_str(self.log_lines(stage).trim_end());
            }
        }
        if let Some(kept) = &report.kept {
            text.push('\n');
            text.push_str(&t::VERIFY_KEPT.f(&[("path", &display_path(kept))]));
        }
        self.line(&text);
    }

    pub fn clear(&self) {
        if let Some((multi, overall)) = &self.bars {
            overall.finish_and_clear();
            let _ = multi.clear();
        }
    }
}
