//! Aggregation of the measured rounds into the figures `compare` reports.
//! Pure: medians across rounds, and which of two values is the better one.

use serde::Serialize;

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

/// One round of load on one endpoint, as measured.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LoadRound {
    pub requests_per_second: f64,
    pub p50_ms: f64,
    pub p99_ms: f64,
    pub errors: u64,
}

/// The medians of an endpoint's rounds.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct LoadFigures {
    pub requests_per_second: f64,
    pub p50_ms: f64,
    pub p99_ms: f64,
    /// Failed or non-2xx requests, summed over every round.
    pub errors: u64,
}

/// Medians of each figure across `rounds` (each figure's own median, so a
/// single slow round moves none of them much).
pub fn aggregate_load(rounds: &[LoadRound]) -> Option<LoadFigures> {
    let of = |pick: fn(&LoadRound) -> f64| median(&rounds.iter().map(pick).collect::<Vec<_>>());
    Some(LoadFigures {
        requests_per_second: of(|r| r.requests_per_second)?,
        p50_ms: of(|r| r.p50_ms)?,
        p99_ms: of(|r| r.p99_ms)?,
        errors: rounds.iter().map(|r| r.errors).sum(),
    })
}

/// Which way a metric is better.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Better {
    Higher,
    Lower,
}

/// Which side wins: `Some(0)` for the first, `Some(1)` for the second,
/// `None` for a tie or a missing value.
pub fn winner(values: [Option<f64>; 2], better: Better) -> Option<usize> {
    let [Some(a), Some(b)] = values else {
        return None;
    };
    if a == b {
        return None;
    }
    let first_wins = match better {
        Better::Higher => a > b,
        Better::Lower => a < b,
    };
    Some(if first_wins { 0 } else { 1 })
}

/// Rounds a figure for display and JSON: three significant decimals are
/// more than the noise of a laptop deserves.
pub fn round3(value: f64) -> f64 {
    (value * 1000.0).round() / 1000.0
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn one_slow_round_does_not_move_the_aggregate() {
        let round = |rps, p50, p99| LoadRound {
            requests_per_second: rps,
            p50_ms: p50,
            p99_ms: p99,
            errors: 0,
        };
        let figures = aggregate_load(&[
            round(1000.0, 1.0, 4.0),
            round(10.0, 90.0, 900.0),
            round(1100.0, 1.2, 5.0),
        ])
        .expect("figures");
        assert_eq!(
            figures,
            LoadFigures {
                requests_per_second: 1000.0,
                p50_ms: 1.2,
                p99_ms: 5.0,
                errors: 0
            }
        );
    }

    #[test]
    fn errors_add_up_across_rounds() {
        let round = LoadRound {
            requests_per_second: 1.0,
            p50_ms: 1.0,
            p99_ms: 1.0,
            errors: 2,
        };
        assert_eq!(aggregate_load(&[round, round]).map(|f| f.errors), Some(4));
        assert_eq!(aggregate_load(&[]), None);
    }

    #[test]
    fn the_winner_depends_on_the_direction_and_ties_have_none() {
        assert_eq!(winner([Some(2.0), Some(1.0)], Better::Higher), Some(0));
        assert_eq!(winner([Some(2.0), Some(1.0)], Better::Lower), Some(1));
        assert_eq!(winner([Some(1.0), Some(1.0)], Better::Lower), None);
        assert_eq!(winner([None, Some(1.0)], Better::Lower), None);
    }
}
