//! A progress line for long batch runs: records so far and the rate, redrawn in place.

use std::io::Write;
use std::time::{Duration, Instant};

/// Records between clock checks (reading the clock per record would cost more than a claim).
const CHECK_EVERY: usize = 1_024;

/// Counts records and, once a run has lasted `delay`, redraws `\r{n} records, {rate}/s` on its
/// output at most once per `interval`. Silent when built without an output.
#[derive(Debug)]
pub struct Progress<W: Write> {
    out: Option<W>,
    started: Instant,
    last_drawn: Option<Instant>,
    delay: Duration,
    interval: Duration,
    records: usize,
}

impl<W: Write> Progress<W> {
    /// A progress line on `out` (`None`: silent) after 2 s, redrawn every 0.5 s.
    pub fn new(out: Option<W>) -> Self {
        Self::with_timing(out, Duration::from_secs(2), Duration::from_millis(500))
    }

    /// A progress line with its own delay and redraw interval.
    pub fn with_timing(out: Option<W>, delay: Duration, interval: Duration) -> Self {
        Progress {
            out,
            started: Instant::now(),
            last_drawn: None,
            delay,
            interval,
            records: 0,
        }
    }

    /// Count one record, redrawing the line when it is due.
    pub fn record(&mut self) {
        self.add(1);
    }

    /// Count `n` records, redrawing the line when it is due (the clock is read when the count
    /// passes a multiple of 1,024).
    pub fn add(&mut self, n: usize) {
        let before = self.records;
        self.records += n;
        if self.out.is_none() || before / CHECK_EVERY == self.records / CHECK_EVERY {
            return;
        }
        let now = Instant::now();
        let due = match self.last_drawn {
            None => now.duration_since(self.started) >= self.delay,
            Some(last) => now.duration_since(last) >= self.interval,
        };
        if due {
            self.last_drawn = Some(now);
            let seconds = now.duration_since(self.started).as_secs_f64().max(1e-9);
            let rate = self.records as f64 / seconds;
            if let Some(out) = &mut self.out {
                // Progress is best effort: a closed stderr must not stop the run.
                let _ = write!(out, "\r{} records, {rate:.0}/s", self.records);
                let _ = out.flush();
            }
        }
    }

    /// Clear the line if it was drawn, so that the summary starts on a clean line.
    pub fn finish(&mut self) {
        if let (Some(out), Some(_)) = (&mut self.out, self.last_drawn) {
            let _ = write!(out, "\r\x1b[2K");
            let _ = out.flush();
        }
    }

    /// Records counted.
    pub fn records(&self) -> usize {
        self.records
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn draws_in_place_once_due_and_clears_at_the_end() {
        let mut progress = Progress::with_timing(Some(Vec::new()), Duration::ZERO, Duration::ZERO);
        for _ in 0..2 * CHECK_EVERY + 5 {
            progress.record();
        }
        progress.finish();
        let text = String::from_utf8(progress.out.take().expect("output")).expect("UTF-8");
        assert!(text.starts_with("\r1024 records, "), "{text:?}");
        assert!(text.contains("\r2048 records, "), "{text:?}");
        assert!(text.ends_with("\r\x1b[2K"), "{text:?}");
        assert_eq!(progress.records(), 2 * CHECK_EVERY + 5);
    }

    #[test]
    fn records_counted_by_chunks_draw_as_records_counted_one_by_one() {
        let mut progress = Progress::with_timing(Some(Vec::new()), Duration::ZERO, Duration::ZERO);
        // Chunks of 64, as a run gives them, and a short last one.
        for _ in 0..32 {
            progress.add(64);
        }
        progress.add(5);
        let text = String::from_utf8(progress.out.take().expect("output")).expect("UTF-8");
        assert!(text.starts_with("\r1024 records, "), "{text:?}");
        assert!(text.contains("\r2048 records, "), "{text:?}");
        assert_eq!(progress.records(), 2 * CHECK_EVERY + 5);
        // A chunk that passes a multiple without landing on it still draws.
        let mut odd = Progress::with_timing(Some(Vec::new()), Duration::ZERO, Duration::ZERO);
        odd.add(1000);
        odd.add(100);
        let text = String::from_utf8(odd.out.take().expect("output")).expect("UTF-8");
        assert!(text.starts_with("\r1100 records, "), "{text:?}");
    }

    #[test]
    fn short_runs_and_silent_progress_draw_nothing() {
        let mut short =
            Progress::with_timing(Some(Vec::new()), Duration::from_secs(3600), Duration::ZERO);
        let mut silent = Progress::<Vec<u8>>::new(None);
        for _ in 0..3 * CHECK_EVERY {
            short.record();
            silent.record();
        }
        short.finish();
        assert_eq!(short.out.take().expect("output"), b"");
        assert_eq!(silent.records(), 3 * CHECK_EVERY);
    }
}
