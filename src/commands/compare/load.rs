//! The load generator: GET requests to one loopback URL for a time (or a
//! number of requests) from a fixed number of threads, each with its own
//! keep-alive HTTP client (ureq) and latency histogram (hdrhistogram),
//! merged at the end. Only 2xx responses count as successes; their
//! latencies are the histogram, everything else is an error.

use super::stats::LoadRound;
use crate::sys::cancel;
use hdrhistogram::Histogram;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::thread;
use std::time::{Duration, Instant};

/// No single request may take longer than this.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);
/// No endpoint's load may take longer than this, whatever `--requests` says.
pub const LOAD_DEADLINE: Duration = Duration::from_secs(60);

/// A client that treats every status as a response (we count non-2xx
/// ourselves) and never waits long.
pub fn agent() -> ureq::Agent {
    ureq::Agent::new_with_config(
        ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(REQUEST_TIMEOUT))
            .build(),
    )
}

/// One GET: its status, or `None` when the request failed.
pub fn get_status(agent: &ureq::Agent, url: &str) -> Option<u16> {
    let mut response = agent.get(url).call().ok()?;
    // Read the whole body, as a browser would, before the next request.
    response.body_mut().read_to_vec().ok()?;
    Some(response.status().as_u16())
}

/// How much load one phase sends: for a time, or a number of requests.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Budget {
    Seconds(f64),
    Requests(u64),
}

/// Sends GETs to `url` from `concurrency` threads until `budget` is spent
/// (and never past [`LOAD_DEADLINE`]).
pub fn run(url: &str, budget: Budget, concurrency: u64) -> LoadRound {
    let remaining = Arc::new(AtomicU64::new(match budget {
        Budget::Requests(requests) => requests,
        Budget::Seconds(_) => u64::MAX,
    }));
    let until = match budget {
        Budget::Seconds(seconds) => Duration::from_secs_f64(seconds).min(LOAD_DEADLINE),
        Budget::Requests(_) => LOAD_DEADLINE,
    };
    let started = Instant::now();
    let workers: Vec<_> = (0..concurrency.max(1))
        .map(|_| {
            let remaining = Arc::clone(&remaining);
            let url = url.to_owned();
            thread::spawn(move || worker(&url, &remaining, started, until))
        })
        .collect();
    let mut histogram = new_histogram();
    let mut errors = 0;
    let mut sent = 0;
    for worker in workers {
        if let Ok((part, part_errors)) = worker.join() {
            sent += part.len() + part_errors;
            errors += part_errors;
            let _ = histogram.add(&part);
        }
    }
    let seconds = started.elapsed().as_secs_f64();
    // Requests a count asked for and never sent (deadline, Ctrl-C) are
    // errors too.
    if let Budget::Requests(requests) = budget {
        let unsent = requests.saturating_sub(sent);
        errors += unsent;
        sent += unsent;
    }
    let ms = |quantile: f64| {
        (!histogram.is_empty()).then(|| histogram.value_at_quantile(quantile) as f64 / 1000.0)
    };
    LoadRound {
        requests_per_second: if seconds > 0.0 {
            histogram.len() as f64 / seconds
        } else {
            0.0
        },
        p50_ms: ms(0.5),
        p99_ms: ms(0.99),
        requests: sent,
        errors,
    }
}

/// Latencies in microseconds, 1 µs to a minute, three significant figures.
fn new_histogram() -> Histogram<u64> {
    Histogram::new_with_bounds(1, 60_000_000, 3).expect("valid histogram bounds")
}

fn worker(
    url: &str,
    remaining: &AtomicU64,
    started: Instant,
    until: Duration,
) -> (Histogram<u64>, u64) {
    let agent = agent();
    let mut histogram = new_histogram();
    let mut errors = 0;
    while take_ticket(remaining) {
        if cancel::interrupted() || started.elapsed() >= until {
            break;
        }
        let sent = Instant::now();
        match get_status(&agent, url) {
            Some(status) if (200..300).contains(&status) => {
                let micros = u64::try_from(sent.elapsed().as_micros()).unwrap_or(u64::MAX);
                histogram.saturating_record(micros.max(1));
            }
            _ => errors += 1,
        }
    }
    (histogram, errors)
}

fn take_ticket(remaining: &AtomicU64) -> bool {
    remaining
        .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |left| {
            left.checked_sub(1)
        })
        .is_ok()
}
