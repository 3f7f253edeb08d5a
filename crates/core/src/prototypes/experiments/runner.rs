//! Running plans: one run at a time, or in budgeted slices.

use super::plan::Plan;
use crate::config::Config;
use crate::metrics::Metrics;
use crate::train::{Divergence, Trainer};
use alloc::vec::Vec;

/// The result of one run of a plan.
#[derive(Clone, Debug, PartialEq)]
pub struct RunRecord {
    /// The run's index in its plan.
    pub index: usize,
    /// Its config.
    pub config: Config,
    /// Steps completed.
    pub steps: u64,
    /// Final metrics, or how it diverged.
    pub outcome: Result<Metrics, Divergence>,
    /// Final prototypes (empty for records read back from CSV).
    pub prototypes: Vec<f64>,
    /// Wall time in milliseconds, when the host measured it.
    pub wall_ms: Option<f64>,
}

fn record(index: usize, mut run: Trainer) -> RunRecord {
    let outcome = run.outcome();
    RunRecord {
        index,
        config: run.config().clone(),
        steps: run.steps_done(),
        prototypes: if outcome.is_ok() {
            run.model().prototypes()
        } else {
            Vec::new()
        },
        outcome,
        wall_ms: None,
    }
}

/// Runs `config` to the end. An invalid config (plans only hold valid ones)
/// gives a record whose outcome is a divergence at step 0.
pub fn run_one(index: usize, config: &Config) -> Result<RunRecord, crate::config::ConfigError> {
    let mut run = Trainer::new(config.clone())?;
    run.run_to_end();
    Ok(record(index, run))
}

/// How far a [`Runner`] has got.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Progress {
    /// Runs finished.
    pub runs_done: usize,
    /// Runs in total.
    pub runs_total: usize,
    /// Fraction of the work done, weighted by each run's cost (steps · N²).
    pub fraction: f64,
}

/// Advances a plan (or a shard of it) in slices of bounded work, so a host can
/// interleave it with drawing and stop whenever it likes. Slicing never changes
/// a result: each run is stepped exactly as [`run_one`] would.
#[derive(Clone, Debug)]
pub struct Runner {
    plan: Plan,
    order: Vec<usize>,
    next: usize,
    current: Option<(usize, Trainer)>,
    records: Vec<RunRecord>,
    work_done: f64,
    work_total: f64,
}

impl Runner {
    /// A runner over every run of `plan`.
    pub fn new(plan: Plan) -> Result<Self, crate::config::ConfigError> {
        let order = (0..plan.runs.len()).collect();
        Self::with_indices(plan, order)
    }

    /// A runner over the runs `indices` of `plan` (a shard). Every config is
    /// validated up front.
    pub fn with_indices(
        plan: Plan,
        indices: Vec<usize>,
    ) -> Result<Self, crate::config::ConfigError> {
        for &k in &indices {
            plan.runs[k].validate()?;
        }
        let work_total = indices.iter().map(|&k| plan.cost(k)).sum();
        Ok(Self {
            plan,
            order: indices,
            next: 0,
            current: None,
            records: Vec::new(),
            work_done: 0.0,
            work_total,
        })
    }

    /// A runner over `plan` that runs only the runs handed to it with
    /// [`Runner::push`] (none yet), for hosts that hand a plan's runs out to
    /// their workers as they free up. Every config is validated up front.
    pub fn queue(plan: Plan) -> Result<Self, crate::config::ConfigError> {
        for c in &plan.runs {
            c.validate()?;
        }
        Self::with_indices(plan, Vec::new())
    }

    /// Adds run `k` of the plan to the runs to do (after those already
    /// queued); false, and nothing added, when the plan has no run `k`. A
    /// runner that was done resumes with it.
    pub fn push(&mut self, k: usize) -> bool {
        if k >= self.plan.runs.len() {
            return false;
        }
        self.order.push(k);
        self.work_total += self.plan.cost(k);
        true
    }

    /// Does at most about `budget` units of work (one unit = one step of one
    /// sample through one unit, so a step at size N costs N²), at least one
    /// step if anything is left. Returns the progress after the slice.
    pub fn advance(&mut self, budget: u64) -> Progress {
        let mut left = budget.max(1);
        while left > 0 && !self.is_done() {
            if self.current.is_none() {
                let k = self.order[self.next];
                // Configs were validated in `with_indices`, so this cannot fail.
                let run = Trainer::new(self.plan.runs[k].clone()).expect("validated config");
                self.current = Some((k, run));
            }
            let (k, run) = self
                .current
                .as_mut()
                .map(|(k, r)| (*k, r))
                .expect("current run");
            let n = run.config().n as u64;
            let per_step = (n * n).max(1);
            let want = (left / per_step).max(1);
            let before = run.steps_done();
            let remaining = run.config().steps - before;
            run.step(want.min(remaining));
            let did = run.steps_done() - before;
            self.work_done += (did * per_step) as f64;
            left = left.saturating_sub((did.max(1)) * per_step);
            if run.is_finished() {
                let (_, run) = self.current.take().expect("current run");
                // Count a diverged run's unspent steps as done.
                let spent = run.steps_done() as f64 * (n * n) as f64;
                self.work_done += self.plan.cost(k) - spent;
                self.records.push(record(k, run));
                self.next += 1;
            }
        }
        self.progress()
    }

    /// Progress so far.
    pub fn progress(&self) -> Progress {
        Progress {
            runs_done: self.records.len(),
            runs_total: self.order.len(),
            fraction: if self.work_total > 0.0 {
                (self.work_done / self.work_total).min(1.0)
            } else {
                1.0
            },
        }
    }

    /// Work done and in total, in the cost units of [`Plan::cost`], for hosts that
    /// combine several runners into one progress bar.
    pub fn work(&self) -> (f64, f64) {
        (self.work_done.min(self.work_total), self.work_total)
    }

    /// True when every run is finished.
    pub fn is_done(&self) -> bool {
        self.next >= self.order.len()
    }

    /// Finished runs, in the order they were run.
    pub fn records(&self) -> &[RunRecord] {
        &self.records
    }

    /// The plan being run.
    pub fn plan(&self) -> &Plan {
        &self.plan
    }
}
