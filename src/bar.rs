//! Progress bars on stderr for the library's [`Progress`] reports: hidden
//! when stderr is not a terminal or with `--quiet`.

use std::io::IsTerminal;
use std::sync::Mutex;

use arxiv_descent::progress::Progress;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// An indicatif bar per stage.
pub struct Bars {
    visible: bool,
    bar: Mutex<Option<ProgressBar>>,
}

impl Bars {
    /// Bars that show only on a terminal, and never when `quiet`.
    pub fn new(quiet: bool) -> Bars {
        Bars {
            visible: !quiet && std::io::stderr().is_terminal(),
            bar: Mutex::new(None),
        }
    }
}

impl Progress for Bars {
    fn start(&self, stage: &str, total: Option<u64>) {
        if !self.visible {
            return;
        }
        let bar = match total {
            Some(total) => ProgressBar::new(total),
            None => ProgressBar::new_spinner(),
        };
        bar.set_draw_target(ProgressDrawTarget::stderr_with_hz(8));
        let template = if stage == "ingest" {
            "{prefix:>8} [{bar:30}] {bytes}/{total_bytes} {bytes_per_sec} {msg} ({eta})"
        } else if total.is_some() {
            "{prefix:>8} [{bar:30}] {human_pos}/{human_len} {per_sec} {msg} ({eta})"
        } else {
            "{prefix:>8} {spinner} {human_pos} {msg} ({elapsed})"
        };
        bar.set_style(
            ProgressStyle::with_template(template)
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .progress_chars("=> "),
        );
        bar.set_prefix(stage.to_string());
        if let Ok(mut slot) = self.bar.lock() {
            *slot = Some(bar);
        }
    }

    fn advance(&self, delta: u64) {
        if let Ok(slot) = self.bar.lock() {
            if let Some(bar) = slot.as_ref() {
                bar.inc(delta);
            }
        }
    }

    fn message(&self, message: &str) {
        if let Ok(slot) = self.bar.lock() {
            if let Some(bar) = slot.as_ref() {
                bar.set_message(message.to_string());
            }
        }
    }

    fn finish(&self) {
        if let Ok(mut slot) = self.bar.lock() {
            if let Some(bar) = slot.take() {
                bar.finish_and_clear();
            }
        }
    }
}
