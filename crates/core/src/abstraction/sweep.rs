//! The λ-sweep: PS, CCGP, alignment and shattering at the end of training
//! against the weight decay λ, several seeds, advanced in slices.

use super::run::{AbstractionConfig, AbstractionMetrics, AbstractionRun};
use crate::config::ConfigError;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt::Write;

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

/// The default grid: λ = 0, then 1e-4 … 1 with three points per decade.
pub fn default_lambdas() -> Vec<f64> {
    core::iter::once(0.0)
        .chain((0..=12).map(|k| libm::pow(10.0, -4.0 + k as f64 / 3.0)))
        .collect()
}

/// Runs every (λ, seed) of a grid one after the other, in budgeted slices.
pub struct LambdaSweep {
    configs: Vec<AbstractionConfig>,
    next: usize,
    current: Option<AbstractionRun>,
    points: Vec<SweepPoint>,
}

impl LambdaSweep {
    /// A sweep of `base` over `lambdas` × seeds `0..seeds` (every config validated).
    pub fn new(base: &AbstractionConfig, lambdas: &[f64], seeds: u64) -> Result<Self, ConfigError> {
        let mut configs = Vec::new();
        for &lambda in lambdas {
            for seed in 0..seeds {
                let c = AbstractionConfig {
                    lambda,
                    seed,
                    ..base.clone()
                };
                c.validate()?;
                configs.push(c);
            }
        }
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
        (self.points.len(), self.configs.len())
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
        let mut s =
            String::from("lambda,seed,status,ps_mean,ccgp_mean,alignment,shattering,loss\n");
        for p in &self.points {
            match &p.metrics {
                Some(m) => {
                    let _ = writeln!(
                        s,
                        "{},{},ok,{},{},{},{},{}",
                        p.lambda,
                        p.seed,
                        AbstractionMetrics::mean(&m.ps),
                        AbstractionMetrics::mean(&m.ccgp),
                        m.alignment,
                        m.shattering,
                        m.loss
                    );
                }
                None => {
                    let _ = writeln!(s, "{},{},diverged,,,,,", p.lambda, p.seed);
                }
            }
        }
        s
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
    }
}
