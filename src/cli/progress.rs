//! A one-line progress bar on stderr for long runs (`batch`), drawn only when stderr is a
//! terminal so logs and pipes get nothing but the messages. Hand-written: one redrawn line does
//! not earn a dependency.
//!
//! Not for messages (warnings go to stderr as lines) or for stdout, which stays clean for JSON.

use std::io::{IsTerminal, Write};
use std::time::{Duration, Instant};

/// How often the line is redrawn at most.
const REDRAW_EVERY: Duration = Duration::from_millis(100);
const BAR_WIDTH: usize = 30;

/// The bar's state; inert when stderr is not a terminal.
pub struct Progress {
    label: String,
    total: usize,
    shown: bool,
    last_draw: Option<Instant>,
}

impl Progress {
    /// A bar for `total` items, labelled `label`, shown only on a terminal.
    pub fn new(label: &str, total: usize) -> Progress {
        Progress {
            label: label.to_string(),
            total,
            shown: std::io::stderr().is_terminal(),
            last_draw: None,
        }
    }

    /// Redraws the bar for `done` items finished (at most every [`REDRAW_EVERY`], and always
    /// at the end).
    pub fn set(&mut self, done: usize) {
        if !self.shown {
            return;
        }
        let now = Instant::now();
        if done < self.total && self.last_draw.is_some_and(|t| now - t < REDRAW_EVERY) {
            return;
        }
        self.last_draw = Some(now);
        let fraction = if self.total == 0 {
            1.0
        } else {
            done as f64 / self.total as f64
        };
        let filled = ((fraction * BAR_WIDTH as f64) as usize).min(BAR_WIDTH);
        let line = format!(
            "\r{} [{}{}] {done}/{} {:.0}%",
            self.label,
            "#".repeat(filled),
            "-".repeat(BAR_WIDTH - filled),
            self.total,
            fraction * 100.0
        );
        let mut err = std::io::stderr().lock();
        // A failed write to the terminal only loses the bar.
        let _ = err.write_all(line.as_bytes());
        let _ = err.flush();
    }

    /// Ends the bar's line so the next message starts on its own.
    pub fn finish(&mut self) {
        if self.shown && self.last_draw.is_some() {
            crate::cli::out::warn_line!();
        }
        self.shown = false;
    }
}
