//! The λ-sweep: PS, CCGP, alignment and shattering at the end of training
//! against the weight decay λ, several seeds, advanced in slices.

use super::run::{AbstractionConfig, AbstractionMetrics, AbstractionRun};
use crate::error::ConfigError;
use alloc::string::String;
use alloc::vec::Vec;

/// One finished run of the sweep.
#[derive(Clone, Debug, PartialEq)]
pub struct SweepPoint {
    /// Weight decay.
    pub lambda: f64,
    /// Seed.
    pub seed: u64,
    /// Final metrics, `None` if the run diverged.
    pub metrics: Option<AbstractionMetrics>,
}

/// What the sweep's CSV keeps of a run: the scores averaged over latents.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SweepScores {
    /// Mean parallelism score.
    pub ps: f64,
    /// Mean CCGP.
    pub ccgp: f64,
    /// Kernel alignment with K_Y.
    pub alignment: f64,
    /// Shattering dimensionality.
    pub shattering: f64,
    /// Final training loss.
    pub loss: f64,
}

/// How a run of the sweep ended.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Outcome {
    /// Trained; the scores of its hidden layer.
    Scores(SweepScores),
    /// Trained, but the hidden layer no longer varies across conditions, so it
    /// has no geometry to score (the final loss is kept).
    Collapsed(f64),
    /// The loss or a weight blew up.
    Diverged,
}

/// One CSV row: a run's λ, seed and outcome.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SweepRow {
    /// Weight decay.
    pub lambda: f64,
    /// Seed.
    pub seed: u64,
    /// How the run ended.
    pub outcome: Outcome,
}

impl SweepRow {
    /// The scores, if the run has any.
    pub fn scores(&self) -> Option<SweepScores> {
        match self.outcome {
            Outcome::Scores(s) => Some(s),
            _ => None,
        }
    }
}

impl SweepPoint {
    /// The point as a CSV row.
    pub fn row(&self) -> SweepRow {
        let outcome = match &self.metrics {
            None => Outcome::Diverged,
            // A run measured before its first step has no loss yet (NaN in the CSV).
            Some(m) if m.collapsed => Outcome::Collapsed(m.loss.unwrap_or(f64::NAN)),
            Some(m) => Outcome::Scores(SweepScores {
                ps: AbstractionMetrics::mean(&m.ps),
                ccgp: AbstractionMetrics::mean(&m.ccgp),
                alignment: m.alignment,
                shattering: m.shattering,
                loss: m.loss.unwrap_or(f64::NAN),
            }),
        };
        SweepRow {
            lambda: self.lambda,
            seed: self.seed,
            outcome,
        }
    }
}

pub use super::sweep_csv::{parse_csv, rows_to_csv};

/// The runs at one λ: mean scores over those that have any.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LambdaSummary {
    /// Weight decay.
    pub lambda: f64,
    /// Mean scores over the runs with scores (`None` if none has).
    pub scores: Option<SweepScores>,
    /// Runs at this λ.
    pub runs: usize,
    /// Of which collapsed.
    pub collapsed: usize,
    /// Of which diverged.
    pub diverged: usize,
}

/// Per λ (sorted), the mean over the seeds that have scores.
pub fn summarize(rows: &[SweepRow]) -> Vec<LambdaSummary> {
    // One stable sort groups the rows by λ (each group keeps the rows' order,
    // so every mean is summed in the same order as before); a filter per λ was
    // quadratic in a CSV of many distinct λ. `+ 0.0` folds −0 into 0.
    let key = |r: &&SweepRow| r.lambda + 0.0;
    let mut sorted: Vec<&SweepRow> = rows.iter().collect();
    crate::sort::sort_by(&mut sorted, |a, b| key(a).total_cmp(&key(b)));
    sorted
        .chunk_by(|a, b| key(a) == key(b))
        .map(|at| {
            let ok: Vec<SweepScores> = at.iter().filter_map(|r| r.scores()).collect();
            let n = ok.len() as f64;
            let mean = |f: fn(&SweepScores) -> f64| ok.iter().map(f).sum::<f64>() / n;
            let count = |o: fn(&Outcome) -> bool| at.iter().filter(|r| o(&r.outcome)).count();
            LambdaSummary {
                lambda: key(&at[0]),
                scores: (!ok.is_empty()).then(|| SweepScores {
                    ps: mean(|s| s.ps),
                    ccgp: mean(|s| s.ccgp),
                    alignment: mean(|s| s.alignment),
                    shattering: mean(|s| s.shattering),
                    loss: mean(|s| s.loss),
                }),
                runs: at.len(),
                collapsed: count(|o| matches!(o, Outcome::Collapsed(_))),
                diverged: count(|o| matches!(o, Outcome::Diverged)),
            }
        })
        .collect()
}

/// Seeds per λ of the λ-sweep the page runs (two keep it ~12 s in a browser).
pub const PAGE_SEEDS: u64 = 2;

/// The default grid: λ = 0, then 1e-4 … 1 with three points per decade.
pub fn default_lambdas() -> Vec<f64> {
    core::iter::once(0.0)
        .chain((0..=12).map(|k| libm::pow(10.0, -4.0 + k as f64 / 3.0)))
        .collect()
}

/// The sweep's runs in order — every λ of `lambdas`, and for each `seeds`
/// seeds counted from `base.seed` — each config validated. The seed count and
/// the grid are checked against [`limits`](crate::limits) first. The CLI runs
/// them in parallel, the page one after the other ([`LambdaSweep`]).
pub fn plan(
    base: &AbstractionConfig,
    lambdas: &[f64],
    seeds: u64,
) -> Result<Vec<AbstractionConfig>, ConfigError> {
    use crate::limits;
    limits::check_count("seeds", seeds, limits::SEEDS)?;
    limits::check_len("lambdas", lambdas.len(), limits::GRID)?;
    if let Some(twice) = limits::first_duplicate(lambdas) {
        return Err(ConfigError {
            field: "lambdas",
            message: alloc::format!("λ = {twice} appears twice"),
        });
    }
    let mut configs = Vec::with_capacity(limits::check_runs("λ-sweep: λ", lambdas.len(), seeds)?);
    for &lambda in lambdas {
        for k in 0..seeds {
            let c = AbstractionConfig {
                lambda,
                seed: base.seed.wrapping_add(k),
                ..base.clone()
            };
            c.validate()?;
            configs.push(c);
        }
    }
    Ok(configs)
}

/// One run of the sweep trained to its end (or its divergence) at once.
pub fn run_point(config: &AbstractionConfig) -> Result<SweepPoint, ConfigError> {
    let mut run = AbstractionRun::new(config.clone())?;
    run.run_to_end();
    Ok(SweepPoint {
        lambda: config.lambda,
        seed: config.seed,
        metrics: run.metrics(),
    })
}

/// Runs every (λ, seed) of a grid one after the other, in budgeted slices.
pub struct LambdaSweep {
    configs: Vec<AbstractionConfig>,
    next: usize,
    current: Option<AbstractionRun>,
    points: Vec<SweepPoint>,
}

impl LambdaSweep {
    /// A sweep of `base` over `lambdas` × `seeds` seeds counted from `base.seed`
    /// (every config validated).
    pub fn new(base: &AbstractionConfig, lambdas: &[f64], seeds: u64) -> Result<Self, ConfigError> {
        Self::shard(base, lambdas, seeds, 0, 1)
    }

    /// Runs `index, index + count, …` of [`LambdaSweep::new`]'s list, for one of
    /// `count` workers; their rows together are the whole sweep's. The seed
    /// count, the λ grid and the shard are checked against
    /// [`limits`](crate::experiments::limits) first (see [`plan`]).
    pub fn shard(
        base: &AbstractionConfig,
        lambdas: &[f64],
        seeds: u64,
        index: usize,
        count: usize,
    ) -> Result<Self, ConfigError> {
        crate::limits::check_shard(index as u64, count as u64)?;
        let configs = plan(base, lambdas, seeds)?;
        let configs = configs.into_iter().skip(index).step_by(count).collect();
        Ok(Self {
            configs,
            next: 0,
            current: None,
            points: Vec::new(),
        })
    }

    /// Takes at most about `budget` training steps (at least one if anything is
    /// left); returns `(runs done, runs in total)`.
    pub fn advance(&mut self, budget: u64) -> (usize, usize) {
        let mut left = budget.max(1);
        while left > 0 && self.next < self.configs.len() {
            let run = self.current.get_or_insert_with(|| {
                AbstractionRun::new(self.configs[self.next].clone()).expect("validated config")
            });
            let want = run
                .config()
                .steps
                .saturating_sub(run.steps_done())
                .min(left);
            let taken = run.step(want);
            left = left.saturating_sub(taken.max(1));
            if run.diverged() || run.steps_done() >= run.config().steps {
                let mut run = self.current.take().expect("current run");
                let c = run.config().clone();
                self.points.push(SweepPoint {
                    lambda: c.lambda,
                    seed: c.seed,
                    metrics: run.metrics(),
                });
                self.next += 1;
            }
        }
        self.runs()
    }

    /// `(runs done, runs in total)`.
    pub fn runs(&self) -> (usize, usize) {
        (self.points.len(), self.configs.len())
    }

    /// Share of the training steps done, in [0, 1] (a finished diverged run counts whole).
    pub fn fraction(&self) -> f64 {
        let total: u64 = self.configs.iter().map(|c| c.steps.max(1)).sum();
        let done: u64 = self.configs[..self.next]
            .iter()
            .map(|c| c.steps.max(1))
            .sum::<u64>()
            + self.current.as_ref().map_or(0, AbstractionRun::steps_done);
        if total == 0 {
            1.0
        } else {
            done as f64 / total as f64
        }
    }

    /// True when every run is finished.
    pub fn is_done(&self) -> bool {
        self.next >= self.configs.len()
    }

    /// Finished runs in order.
    pub fn points(&self) -> &[SweepPoint] {
        &self.points
    }

    /// One CSV row per finished run (diverged runs have empty metric cells).
    pub fn to_csv(&self) -> String {
        let rows: Vec<SweepRow> = self.points.iter().map(SweepPoint::row).collect();
        rows_to_csv(&rows)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slices_give_the_records_of_one_call() {
        let base = AbstractionConfig {
            steps: 300,
            ..AbstractionConfig::default()
        };
        let lambdas = [0.0, 0.1];
        let mut whole = LambdaSweep::new(&base, &lambdas, 2).unwrap();
        whole.advance(u64::MAX);
        assert!(whole.is_done());
        let mut sliced = LambdaSweep::new(&base, &lambdas, 2).unwrap();
        let mut calls = 0;
        while !sliced.is_done() {
            sliced.advance(97);
            calls += 1;
        }
        assert!(calls > 4);
        assert_eq!(sliced.points(), whole.points());
        assert_eq!(whole.to_csv().lines().count(), 1 + 4);
        assert_eq!(default_lambdas().len(), 14);
        assert!(LambdaSweep::new(&base, &[-1.0], 1).is_err());
        assert!((sliced.fraction() - 1.0).abs() < 1e-12);
    }

    #[test]
    fn shards_together_are_the_whole_sweep_and_csv_reads_back() {
        let base = AbstractionConfig {
            steps: 120,
            seed: 5,
            ..AbstractionConfig::default()
        };
        let lambdas = [0.0, 0.01, 0.1];
        let mut whole = LambdaSweep::new(&base, &lambdas, 2).unwrap();
        whole.advance(u64::MAX);
        let mut rows = Vec::new();
        for i in 0..2 {
            let mut part = LambdaSweep::shard(&base, &lambdas, 2, i, 2).unwrap();
            assert_eq!(part.fraction(), 0.0);
            part.advance(u64::MAX);
            rows.extend(parse_csv(&part.to_csv()).unwrap());
        }
        rows.sort_by(|a, b| a.lambda.total_cmp(&b.lambda).then(a.seed.cmp(&b.seed)));
        assert_eq!(rows, parse_csv(&whole.to_csv()).unwrap());
        assert_eq!(
            rows.iter().map(|r| r.seed).collect::<Vec<_>>(),
            [5, 6, 5, 6, 5, 6]
        );
        assert!(LambdaSweep::shard(&base, &lambdas, 2, 2, 2).is_err());
        let summary = summarize(&rows);
        assert_eq!(summary.len(), 3);
        assert!(
            summary
                .iter()
                .all(|l| l.scores.is_some() && l.runs == 2 && l.diverged == 0)
        );
    }
}
