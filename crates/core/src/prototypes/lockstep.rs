//! Batched training: runs of one shape (the same N and the same loss terms
//! on, any seeds, weights and temperatures) stepped together, one run per
//! vector lane of the objective (`objective::batch`). Every run takes exactly
//! the steps, and gets exactly the bits, it would take on its own
//! (`tests/lockstep.rs`, natively and in headless Chrome).
//!
//! It is not faster: measured side by side (`protolab bench`, docs/speed.md)
//! it is about as fast as one run at a time for N <= 20 and slower above
//! (0.4x at N = 100), because a run's own loops already fill the vector width
//! and lanes of different runs walk the union of their sample windows (unit
//! `j` of one run sits elsewhere than unit `j` of another). So the study, the
//! sweeps and the page step runs one at a time; `protolab bench` measures
//! both on every machine it runs on.

use crate::objective::Objective;
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
            let targets: Vec<u64> = batch
                .iter()
                .map(|r| r.steps_done().saturating_add(count(r)))
                .collect();
            self.step_batch(&mut batch, &targets);
            rest = others;
        }
    }

    /// Steps the batch's runs until each reaches its target step or diverges.
    fn step_batch(&mut self, batch: &mut [&mut Trainer], targets: &[u64]) {
        loop {
            let mut active: Vec<(&mut Trainer, u64)> = batch
                .iter_mut()
                .zip(targets)
                .filter(|(r, t)| r.divergence().is_none() && r.steps_done() < **t)
                .map(|(r, &t)| (&mut **r, t))
                .collect();
            match active.len() {
                0 => return,
                // One run left: its own path gives the same numbers, with no lanes to fill.
                1 => {
                    let (run, target) = active.pop().expect("one run");
                    let left = target - run.steps_done();
                    run.step(left);
                }
                _ => {
                    let mut runs: Vec<&mut Trainer> = active.into_iter().map(|(r, _)| r).collect();
                    self.step_once(&mut runs);
                }
            }
        }
    }

    /// One step of every run of `active` (2 to [`BATCH`] compatible runs).
    fn step_once(&mut self, active: &mut [&mut Trainer]) {
        let (n, isa) = (active[0].config().n, active[0].isa());
        let objective = self
            .objective
            .get_or_insert_with(|| BatchObjective::new(n, n));
        if objective.shape() != (n, n) {
            *objective = BatchObjective::new(n, n);
        }
        objective.set_isa(isa);
        let weights: Vec<_> = active.iter().map(|r| r.weights()).collect();
        let mut lanes: Vec<Lane<'_>> = active
            .iter_mut()
            .zip(&weights)
            .map(|(run, weights)| {
                let (model, data, grads, objective) = run.parts_for_batch();
                Lane {
                    model,
                    data,
                    weights,
                    grads,
                    pairs: Objective::pairs_mut(objective),
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
