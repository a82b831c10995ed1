//! Aggregation of the measured rounds into the figures `compare` reports,
//! and the verdict of each row. Pure: no I/O.
//!
//! Every round is kept. A figure is shown as the median of its rounds with
//! their range (min-max). A difference is called only when the two ranges do
//! not overlap, from at least [`MIN_ROUNDS_FOR_A_VERDICT`] rounds a side, and
//! never for a side whose requests failed or whose test suite failed: two
//! samples of five from the same distribution separate with a chance of 2 in
//! 252 (0.8 %), so a repo compared with itself gets "≈" on every row.

use serde::Serialize;

/// Fewer rounds than this call no difference: with 3 rounds a side, two
/// identical servers' ranges separate 1 time in 10, per row.
pub const MIN_ROUNDS_FOR_A_VERDICT: usize = 5;

/// The median of `values`, or `None` when there are none. An even count
/// takes the mean of the middle two.
pub fn median(values: &[f64]) -> Option<f64> {
    let mut sorted: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
    if sorted.is_empty() {
        return None;
    }
    sorted.sort_by(f64::total_cmp);
    let middle = sorted.len() / 2;
    Some(if sorted.len().is_multiple_of(2) {
        (sorted[middle - 1] + sorted[middle]) / 2.0
    } else {
        sorted[middle]
    })
}

/// The median of a figure's rounds, its range, and how many rounds measured it.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Spread {
    pub median: f64,
    pub min: f64,
    pub max: f64,
    pub rounds: usize,
}

impl Spread {
    /// The rounds' median and range; `None` when no round measured it
    /// (non-numbers are not measurements).
    pub fn of(values: &[f64]) -> Option<Spread> {
        let finite: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
        Some(Spread {
            median: median(&finite)?,
            min: finite.iter().copied().fold(f64::INFINITY, f64::min),
            max: finite.iter().copied().fold(f64::NEG_INFINITY, f64::max),
            rounds: finite.len(),
        })
    }

    /// The range relative to the median (0.25: the rounds spread over 25 %
    /// of the median), or `None` for a median of 0.
    pub fn relative_range(&self) -> Option<f64> {
        (self.median.abs() > f64::EPSILON).then(|| (self.max - self.min) / self.median.abs())
    }

    pub fn rounded(self) -> Spread {
        Spread {
            median: round3(self.median),
            min: round3(self.min),
            max: round3(self.max),
            rounds: self.rounds,
        }
    }
}

/// One round of load on one endpoint, as measured.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct LoadRound {
    /// Successful (2xx) responses per second of the measured phase.
    pub requests_per_second: f64,
    /// `None` when no request succeeded: there is no latency to show.
    pub p50_ms: Option<f64>,
    pub p99_ms: Option<f64>,
    /// Requests sent (answered or not).
    pub requests: u64,
    /// Failed, timed out or non-2xx requests.
    pub errors: u64,
}

/// An endpoint's figures over the rounds: medians (as schema 1 had them),
/// the errors summed, and the spread of each.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct LoadFigures {
    pub requests_per_second: f64,
    pub p50_ms: Option<f64>,
    pub p99_ms: Option<f64>,
    /// Failed or non-2xx requests, summed over every round.
    pub errors: u64,
    /// Requests sent, summed over every round.
    pub requests: u64,
    /// `errors / requests` (0 when nothing was sent).
    pub error_rate: f64,
    pub spread: LoadSpread,
}

/// The range of an endpoint's figures over the rounds.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct LoadSpread {
    pub requests_per_second: Option<Spread>,
    pub p50_ms: Option<Spread>,
    pub p99_ms: Option<Spread>,
}

/// An endpoint's figures across `rounds`: each figure's own median and
/// range, errors summed. `None` when no round ran.
pub fn aggregate_load(rounds: &[LoadRound]) -> Option<LoadFigures> {
    if rounds.is_empty() {
        return None;
    }
    let rate = Spread::of(
        &rounds
            .iter()
            .map(|r| r.requests_per_second)
            .collect::<Vec<_>>(),
    );
    let p50 = Spread::of(&rounds.iter().filter_map(|r| r.p50_ms).collect::<Vec<_>>());
    let p99 = Spread::of(&rounds.iter().filter_map(|r| r.p99_ms).collect::<Vec<_>>());
    let errors: u64 = rounds.iter().map(|r| r.errors).sum();
    let requests: u64 = rounds.iter().map(|r| r.requests).sum();
    Some(LoadFigures {
        requests_per_second: rate.map_or(0.0, |s| s.median),
        p50_ms: p50.map(|s| s.median),
        p99_ms: p99.map(|s| s.median),
        errors,
        requests,
        error_rate: if requests == 0 {
            0.0
        } else {
            errors as f64 / requests as f64
        },
        spread: LoadSpread {
            requests_per_second: rate,
            p50_ms: p50,
            p99_ms: p99,
        },
    })
}

/// Which way a metric is better.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Better {
    Higher,
    Lower,
}

/// What a row says about the two sides.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// The side (0 or 1) whose whole range is better than the other's.
    Better(usize),
    /// The ranges overlap: no measurable difference ("≈").
    Same,
    /// Not compared, and why (a side failed, too few rounds, a value missing,
    /// or a fact that is not better or worse).
    NotCompared(String),
}

/// Why a side may not be called better on any row.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Disqualified(pub Option<String>);

/// The verdict on one row: a side is better only when both sides have a
/// value from enough rounds, neither is disqualified, and the ranges
/// separate (a tie of two single values is `Same`).
pub fn verdict(
    values: [Option<Spread>; 2],
    better: Better,
    disqualified: [&Disqualified; 2],
) -> Verdict {
    let [Some(a), Some(b)] = values else {
        return Verdict::NotCompared("a value is missing".to_owned());
    };
    if let Some(reason) = disqualified.iter().find_map(|d| d.0.clone()) {
        return Verdict::NotCompared(reason);
    }
    if a.rounds.min(b.rounds) < MIN_ROUNDS_FOR_A_VERDICT {
        return Verdict::NotCompared(format!(
            "fewer than {MIN_ROUNDS_FOR_A_VERDICT} rounds a side"
        ));
    }
    let (first_better, second_better) = match better {
        Better::Higher => (a.min > b.max, b.min > a.max),
        Better::Lower => (a.max < b.min, b.max < a.min),
    };
    match (first_better, second_better) {
        (true, _) => Verdict::Better(0),
        (_, true) => Verdict::Better(1),
        _ => Verdict::Same,
    }
}

/// The largest relative gap between two medians of the same metric in a
/// self-comparison: differences below it are this machine's noise.
pub fn noise_floor(pairs: &[[Option<Spread>; 2]]) -> Option<f64> {
    pairs
        .iter()
        .filter_map(|[a, b]| {
            let (a, b) = (a.as_ref()?, b.as_ref()?);
            let base = a.median.abs().min(b.median.abs());
            (base > f64::EPSILON).then(|| (a.median - b.median).abs() / base)
        })
        .fold(None, |widest: Option<f64>, gap| {
            Some(widest.map_or(gap, |w| w.max(gap)))
        })
}

/// Rounds a figure for display and JSON: three significant decimals are
/// more than the noise of a laptop deserves.
pub fn round3(value: f64) -> f64 {
    (value * 1000.0).round() / 1000.0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spread(values: &[f64]) -> Option<Spread> {
        Spread::of(values)
    }

    const CLEAN: Disqualified = Disqualified(None);

    #[test]
    fn the_median_of_an_odd_count_is_the_middle_value() {
        assert_eq!(median(&[3.0, 1.0, 2.0]), Some(2.0));
    }

    #[test]
    fn the_median_of_an_even_count_is_the_mean_of_the_middle_two() {
        assert_eq!(median(&[4.0, 1.0, 3.0, 2.0]), Some(2.5));
    }

    #[test]
    fn the_median_of_nothing_is_none_and_ignores_non_numbers() {
        assert_eq!(median(&[]), None);
        assert_eq!(median(&[f64::NAN]), None);
        assert_eq!(median(&[f64::NAN, 5.0]), Some(5.0));
    }

    #[test]
    fn a_spread_keeps_the_median_the_range_and_the_count() {
        assert_eq!(
            spread(&[3.0, 9.0, 1.0, f64::NAN]),
            Some(Spread {
                median: 3.0,
                min: 1.0,
                max: 9.0,
                rounds: 3
            })
        );
        assert_eq!(spread(&[]), None);
    }

    fn round(rps: f64, p50: Option<f64>, errors: u64) -> LoadRound {
        LoadRound {
            requests_per_second: rps,
            p50_ms: p50,
            p99_ms: p50.map(|p| p * 4.0),
            requests: 100,
            errors,
        }
    }

    #[test]
    fn one_slow_round_does_not_move_the_median_but_widens_the_range() {
        let figures = aggregate_load(&[
            round(1000.0, Some(1.0), 0),
            round(10.0, Some(90.0), 0),
            round(1100.0, Some(1.2), 0),
        ])
        .expect("figures");
        assert_eq!(figures.requests_per_second, 1000.0);
        assert_eq!(figures.p50_ms, Some(1.2));
        let rate = figures.spread.requests_per_second.expect("a range");
        assert_eq!((rate.min, rate.max), (10.0, 1100.0));
    }

    #[test]
    fn errors_add_up_to_a_rate_and_no_success_has_no_latency() {
        let figures =
            aggregate_load(&[round(0.0, None, 100), round(0.0, None, 100)]).expect("figures");
        assert_eq!(figures.errors, 200);
        assert_eq!(figures.error_rate, 1.0);
        assert_eq!(figures.p50_ms, None, "never 0 ms for nothing measured");
        assert_eq!(aggregate_load(&[]), None);
    }

    #[test]
    fn separated_ranges_name_the_better_side_in_its_direction() {
        let low = spread(&[1.0, 1.1, 1.2, 1.1, 1.0]);
        let high = spread(&[2.0, 2.1, 2.2, 2.1, 2.3]);
        assert_eq!(
            verdict([low, high], Better::Lower, [&CLEAN, &CLEAN]),
            Verdict::Better(0)
        );
        assert_eq!(
            verdict([low, high], Better::Higher, [&CLEAN, &CLEAN]),
            Verdict::Better(1)
        );
    }

    #[test]
    fn overlapping_ranges_are_the_same_whatever_the_medians() {
        let a = spread(&[1.0, 1.5, 1.6, 1.7, 3.0]);
        let b = spread(&[2.9, 2.0, 2.1, 2.2, 2.3]);
        assert_eq!(
            verdict([a, b], Better::Lower, [&CLEAN, &CLEAN]),
            Verdict::Same
        );
    }

    #[test]
    fn a_repo_compared_with_itself_gets_no_winner() {
        // The same five rounds on both sides: ranges identical, so overlapping.
        let rounds = [1322.0, 1191.0, 915.0, 1223.0, 1279.0];
        let same = spread(&rounds);
        for better in [Better::Higher, Better::Lower] {
            assert_eq!(
                verdict([same, same], better, [&CLEAN, &CLEAN]),
                Verdict::Same
            );
        }
    }

    #[test]
    fn a_side_with_errors_or_failed_tests_gets_no_mark() {
        let good = spread(&[1.0; 5]);
        let bad = spread(&[0.1; 5]);
        let failing = Disqualified(Some("chat-flask had errors".to_owned()));
        assert_eq!(
            verdict([good, bad], Better::Lower, [&CLEAN, &failing]),
            Verdict::NotCompared("chat-flask had errors".to_owned())
        );
    }

    #[test]
    fn too_few_rounds_or_a_missing_value_call_nothing() {
        let one = spread(&[1.0]);
        let two = spread(&[2.0]);
        assert!(matches!(
            verdict([one, two], Better::Lower, [&CLEAN, &CLEAN]),
            Verdict::NotCompared(why) if why.contains("rounds")
        ));
        assert!(matches!(
            verdict([one, None], Better::Lower, [&CLEAN, &CLEAN]),
            Verdict::NotCompared(_)
        ));
    }

    #[test]
    fn the_noise_floor_is_the_widest_gap_between_medians() {
        let floor = noise_floor(&[
            [spread(&[100.0]), spread(&[110.0])],
            [spread(&[2.0]), spread(&[3.0])],
            [spread(&[1.0]), None],
        ]);
        assert_eq!(floor, Some(0.5));
        assert_eq!(noise_floor(&[]), None);
    }
}
