//! Runs handed out as workers free up (web/js/experiments.js): each of a
//! page's workers makes the same experiment, calls `pull` (it then runs only
//! what it is handed) and takes places of one longest-first order with `take`
//! when it runs low, so no worker idles while another still has a queue —
//! what the CLI's threads do with a shared counter (docs/speed.md).

use super::experiments::{Experiment, refused};
use protolab_core::experiments::{self, Runner};
use wasm_bindgen::prelude::*;

impl Experiment {
    /// [`Experiment::take`] on the core's types: places `from .. from +
    /// count` of the queue, checked before any is added.
    fn take_places(&mut self, from: usize, count: usize) -> Result<(), &'static str> {
        let (queue, _) = self
            .queue
            .as_ref()
            .ok_or("take: call pull() first, to hand this experiment its runs")?;
        let runs = from
            .checked_add(count)
            .and_then(|end| queue.get(from..end))
            .ok_or("take: past the experiment's last run")?;
        for &(p, k) in runs {
            self.runners[p].push(k);
        }
        Ok(())
    }
}

#[wasm_bindgen]
impl Experiment {
    /// From now on runs only the runs handed to it with `take` — any run of
    /// the whole experiment, not only of the shard it was made as — and
    /// forgets what it ran. Returns the cost of every run in the order `take`
    /// hands them out (longest first, the CLI's order), so that a page can
    /// give each of its workers more as it frees up, in chunks of similar
    /// work, and no worker idles while another still has a queue.
    pub fn pull(&mut self) -> Result<Vec<f64>, JsError> {
        // Made whole before any is replaced: a refused config leaves the handle as it was.
        let mut queue = Vec::new();
        let mut runners = Vec::with_capacity(self.runners.len());
        for (p, r) in self.runners.iter().enumerate() {
            queue.extend((0..r.plan().runs.len()).map(|k| (p, k)));
            runners.push(Runner::queue(r.plan().clone()).map_err(refused)?);
        }
        self.runners = runners;
        let runners = &self.runners;
        let cost = |&(p, k): &(usize, usize)| runners[p].plan().cost(k);
        experiments::longest_first(&mut queue, cost);
        let mut costs = Vec::with_capacity(queue.len());
        let mut total = 0.0;
        for run in &queue {
            let c = cost(run);
            costs.push(c);
            total += c;
        }
        self.queue = Some((queue, total));
        Ok(costs)
    }

    /// Adds the runs at places `from .. from + count` of the order `pull`
    /// returned to those this handle runs (a page hands each place to one
    /// worker). Places past the end are refused, and nothing is added.
    pub fn take(&mut self, from: u32, count: u32) -> Result<(), JsError> {
        self.take_places(from as usize, count as usize)
            .map_err(JsError::new)
    }

    /// The work handed to this handle and not yet done, in the cost units of
    /// `pull` (a worker asks for more before it runs out).
    #[wasm_bindgen(js_name = queuedCost)]
    pub fn queued_cost(&self) -> f64 {
        let (done, total) = self.work();
        total - done
    }
}

#[cfg(test)]
mod tests {
    use super::super::experiments::{base, study_of_plans};
    use super::*;
    use crate::live::Sliced;

    /// Two pulling handles, each handed chunks of the longest-first order as
    /// it runs out, give the study and its τ-sweep of one handle doing all;
    /// positions past the end, or before `pull`, are refused.
    #[test]
    fn pulled_runs_merge_into_the_result_of_one_handle() {
        let b = base("steps=40");
        let make = |index, count| {
            study_of_plans(&b, vec![3, 10], 2, 5, 1)
                .and_then(|plans| Experiment::sharded("study", plans, index, count))
                .unwrap()
        };
        let mut whole = make(0, 1);
        while !whole.finished() {
            whole.advance_units(50_000);
        }
        let mut early = make(1, 2);
        assert!(early.take_places(0, 1).unwrap_err().contains("pull()"));
        let mut workers = [make(0, 2), make(1, 2)];
        let costs = workers[0].pull().unwrap();
        assert_eq!(workers[1].pull().unwrap(), costs);
        assert!(costs.windows(2).all(|w| w[0] >= w[1]), "longest first");
        assert_eq!(workers[0].progress_now().runs_total, costs.len());
        assert!(workers[0].finished(), "nothing handed out yet");
        assert!(workers[0].take_places(costs.len(), 1).is_err());
        assert!(workers[0].take_places(1, usize::MAX).is_err());
        assert_eq!(workers[0].queued_cost(), 0.0, "a refused take adds nothing");
        let mut next = 0;
        while next < costs.len() {
            let w = if workers[0].queued_cost() <= workers[1].queued_cost() {
                0
            } else {
                1
            };
            let count = 3.min(costs.len() - next);
            workers[w].take_places(next, count).unwrap();
            next += count;
            workers[w].advance_units(2_000);
        }
        for w in &mut workers {
            while !w.finished() {
                w.advance_units(50_000);
            }
        }
        let done: usize = workers.iter().map(|w| w.progress_now().runs_done).sum();
        assert_eq!(done, costs.len());
        let fraction: f64 = workers.iter().map(|w| w.progress_now().fraction).sum();
        assert!(
            (fraction - 1.0).abs() < 1e-9,
            "the workers' fractions add up to 1: {fraction}"
        );
        for plan in 0..2 {
            let parts: Vec<String> = workers
                .iter()
                .map(|w| experiments::to_csv(w.records(plan)))
                .collect();
            let refs: Vec<&str> = parts.iter().map(String::as_str).collect();
            let merged = experiments::merge_csv(&refs).unwrap();
            assert_eq!(
                experiments::to_csv(&merged),
                experiments::to_csv(whole.records(plan)),
                "plan {plan}"
            );
        }
    }
}
