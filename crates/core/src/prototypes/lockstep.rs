//! Batched training: runs of one shape (the same N and the same loss terms
//! on, any seeds, weights and temperatures) stepped together, one run per
//! vector lane of the objective (`objective::batch`). Every run takes exactly
//! the steps, and gets exactly the bits, it would take on its own
//! (`tests/lockstep.rs`, natively and in headless Chrome).
//!
//! It is not faster where the time goes: measured side by side (`protolab
//! bench`, docs/speed.md) it is slower from N = 50 up (0.4x at N = 100) and
//! at N <= 20 no faster than one run at SSE2, because a run's own loops
//! already fill the vector width and lanes of different runs walk the union
//! of their sample windows (unit `j` of one run sits elsewhere than unit `j`
//! of another). So the study, the sweeps and the page step runs one at a
//! time; `protolab bench` measures both on every machine it runs on.

use crate::objective::batch::{BatchObjective, LANES, Lane};
use crate::train::Trainer;
use alloc::vec::Vec;

/// Runs per batch: the lanes of the objective.
pub const BATCH: usize = LANES;

/// Whether two runs can share a batch.
pub fn compatible(a: &Trainer, b: &Trainer) -> bool {
    a.config().n == b.config().n && BatchObjective::same_terms(&a.weights(), &b.weights())
}

/// Steps runs in lockstep, reusing its buffers from call to call.
#[derive(Clone, Debug, Default)]
pub struct Lockstep {
    objective: Option<BatchObjective>,
}

impl Lockstep {
    /// No buffers yet (they follow the first batch's shape).
    pub fn new() -> Self {
        Self::default()
    }

    /// Steps each run `count` more times (each stops early on divergence),
    /// as [`Trainer::step`] would one by one. Runs that cannot share a batch
    /// ([`compatible`]) go in separate batches of up to [`BATCH`].
    pub fn step(&mut self, runs: &mut [Trainer], count: u64) {
        self.step_each(runs, &|_| count);
    }

    /// Runs every run to its config's step count (or divergence), as
    /// [`Trainer::run_to_end`] would one by one.
    pub fn run_to_end(&mut self, runs: &mut [Trainer]) {
        self.step_each(runs, &|run| {
            run.config().steps.saturating_sub(run.steps_done())
        });
    }

    fn step_each(&mut self, runs: &mut [Trainer], count: &dyn Fn(&Trainer) -> u64) {
        let mut rest: Vec<&mut Trainer> = runs.iter_mut().collect();
        while !rest.is_empty() {
            // The first run and the next runs that fit with it form a batch.
            let mut batch = Vec::new();
            let mut others = Vec::new();
            for run in rest {
                if batch.len() < BATCH
                    && batch
                        .first()
                        .is_none_or(|b: &&mut Trainer| compatible(b, run))
                {
                    batch.push(run);
                } else {
                    others.push(run);
                }
            }
            let mut left: Vec<u64> = batch.iter().map(|r| count(r)).collect();
            self.step_batch(&mut batch, &mut left);
            rest = others;
        }
    }

    /// Steps each run of the batch `left` more times or until it diverges,
    /// counting as [`Trainer::step`] does (a step that diverges is not one).
    fn step_batch(&mut self, batch: &mut [&mut Trainer], left: &mut [u64]) {
        loop {
            let mut active: Vec<(&mut Trainer, &mut u64)> = batch
                .iter_mut()
                .zip(left.iter_mut())
                .filter(|(r, l)| r.divergence().is_none() && **l > 0)
                .map(|(r, l)| (&mut **r, l))
                .collect();
            match active.len() {
                0 => return,
                // One run left: its own path gives the same numbers, with no lanes to fill.
                1 => {
                    let (run, left) = active.pop().expect("one run");
                    run.step(*left);
                    *left = 0;
                }
                _ => {
                    let (mut runs, lefts): (Vec<&mut Trainer>, Vec<&mut u64>) =
                        active.into_iter().unzip();
                    self.step_once(&mut runs);
                    for (run, left) in runs.iter().zip(lefts) {
                        if run.divergence().is_none() {
                            *left -= 1;
                        }
                    }
                }
            }
        }
    }

    /// One step of every run of `active` (2 to [`BATCH`] compatible runs).
    fn step_once(&mut self, active: &mut [&mut Trainer]) {
        let (n, isa) = (active[0].config().n, active[0].isa());
        if self.objective.as_ref().is_none_or(|o| o.shape() != (n, n)) {
            self.objective = Some(BatchObjective::new(n, n));
        }
        let objective = self.objective.as_mut().expect("made above");
        objective.set_isa(isa);
        let weights: Vec<_> = active.iter().map(|r| r.weights()).collect();
        let mut lanes: Vec<Lane<'_>> = active
            .iter_mut()
            .zip(&weights)
            .map(|(run, weights)| {
                let (model, data, grads, pairs) = run.parts_for_batch();
                Lane {
                    model,
                    data,
                    weights,
                    grads,
                    pairs,
                }
            })
            .collect();
        let terms = objective.evaluate(&mut lanes);
        drop(lanes);
        for (run, terms) in active.iter_mut().zip(terms) {
            run.take_step(terms);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    #[test]
    fn steps_are_counted_as_a_single_run_counts_them_even_at_the_step_limit() {
        // A step count restored at u64::MAX − 1 saturates; `Trainer::step(3)`
        // still takes three steps, and so must the batch.
        let at_limit = |seed| {
            let mut run = Trainer::new(Config {
                n: 5,
                seed,
                ..Config::default()
            })
            .unwrap();
            let params = run.model().params.clone();
            run.restore_parts(&params, u64::MAX - 1, None).unwrap();
            run
        };
        let mut alone = [at_limit(1), at_limit(2)];
        for run in &mut alone {
            assert_eq!(run.step(3), 3);
        }
        let mut together = [at_limit(1), at_limit(2)];
        Lockstep::new().step(&mut together, 3);
        for (a, b) in alone.iter().zip(&together) {
            assert_eq!(b.model().params, a.model().params);
            assert_eq!(b.steps_done(), u64::MAX);
        }
    }
}
