//! The `Experiment` handle: the study, the τ-sweep or the positions runs,
//! advanced in time-budgeted slices so the host page (or worker) stays responsive.

use super::results::ExperimentResults;
use crate::live::Sliced;
use protolab_core::experiments::{self, Plan, Progress, RunRecord, Runner, limits};
use protolab_core::{Config, ConfigError, hash};
use wasm_bindgen::prelude::*;

/// A batch of runs (one or more plans run one after the other).
#[wasm_bindgen]
pub struct Experiment {
    pub(super) runners: Vec<Runner>,
    kind: &'static str,
    chunk: u64,
    /// Once [`Experiment::pull`] was called: every run of every plan (plan,
    /// index), longest first (`take` hands out places in it), and their cost.
    pub(super) queue: Option<(Vec<(usize, usize)>, f64)>,
}

pub(super) fn base(hash_str: &str) -> Config {
    hash::from_hash(hash_str).0
}

/// A size the host passed that the core's limits refuse, as a JS error
/// (`seeds: 50000000 is outside the allowed range [1, 10000]`).
pub(super) fn refused(e: ConfigError) -> JsError {
    JsError::new(&e.to_string())
}

/// The τ-sweep at size `n` over the default grid, its sizes checked.
fn tau_sweep(b: &Config, n: u32, seeds: u32) -> Result<Plan, ConfigError> {
    let taus = experiments::default_taus(b.tau_units);
    Plan::try_tau_sweep(b, n as usize, &taus, u64::from(seeds))
}

/// The study at the paper's sizes and seeds (checked like any other).
fn study_plan(b: &Config) -> Result<Plan, ConfigError> {
    Plan::try_study(b, &experiments::STUDY_NS, experiments::STUDY_SEEDS)
}

/// The plans of `studyOf`: the study over `ns` × `seeds`, then its τ-sweep.
pub(super) fn study_of_plans(
    b: &Config,
    ns: Vec<u32>,
    seeds: u32,
    sweep_n: u32,
    sweep_seeds: u32,
) -> Result<Vec<Plan>, ConfigError> {
    let ns: Vec<usize> = ns.into_iter().map(|n| n as usize).collect();
    let study = Plan::try_study(b, &ns, u64::from(seeds))?;
    Ok(vec![study, tau_sweep(b, sweep_n, sweep_seeds)?])
}

impl Experiment {
    fn new(kind: &'static str, plans: Vec<Plan>) -> Result<Experiment, ConfigError> {
        Experiment::sharded(kind, plans, 0, 1)
    }

    /// Shard `index` of `count` of each plan (runs `index, index + count, …`),
    /// the shard checked against the core's limits.
    pub(super) fn sharded(
        kind: &'static str,
        plans: Vec<Plan>,
        index: u32,
        count: u32,
    ) -> Result<Experiment, ConfigError> {
        limits::check_shard(u64::from(index), u64::from(count))?;
        let runners = plans
            .into_iter()
            .map(|p| {
                let indices = p.shard(index as usize, count as usize);
                Runner::with_indices(p, indices)
            })
            .collect::<Result<_, _>>()?;
        Ok(Experiment {
            runners,
            kind,
            chunk: 20_000,
            queue: None,
        })
    }

    pub(super) fn records(&self, k: usize) -> &[RunRecord] {
        self.runners.get(k).map_or(&[], |r| r.records())
    }

    /// The τ-sweep's records (part of the study, or the sweep itself).
    pub fn sweep_records(&self) -> &[RunRecord] {
        match self.kind {
            "study" => self.records(1),
            "sweep" => self.records(0),
            _ => &[],
        }
    }

    /// Runs at most `units` of work (see `Runner::advance`).
    pub fn advance_units(&mut self, units: u64) -> Progress {
        if let Some(r) = self.runners.iter_mut().find(|r| !r.is_done()) {
            r.advance(units);
        }
        self.progress_now()
    }

    /// Work done and in total over its runners (the runs it has), in the
    /// cost units of `Plan::cost`.
    pub(super) fn work(&self) -> (f64, f64) {
        self.runners
            .iter()
            .map(Runner::work)
            .fold((0.0, 0.0), |(d, t), (rd, rt)| (d + rd, t + rt))
    }

    /// Progress; once pulling, against every run of the plans (what all the
    /// workers share), so the page adds up its workers' runs and fractions.
    pub(super) fn progress_now(&self) -> Progress {
        let (done, mut total) = self.work();
        let mut runs_total = self.runners.iter().map(|r| r.progress().runs_total).sum();
        if let Some((queue, cost)) = &self.queue {
            runs_total = queue.len();
            total = *cost;
        }
        Progress {
            runs_done: self.runners.iter().map(|r| r.progress().runs_done).sum(),
            runs_total,
            fraction: if total > 0.0 { done / total } else { 1.0 },
        }
    }
}

#[wasm_bindgen]
impl Experiment {
    /// The 480-run study (8 masks × N ∈ {3,5,10,20,50,100} × 10 seeds) followed
    /// by the τ-sweep, other settings from the hash.
    pub fn study(hash_str: &str) -> Result<Experiment, JsError> {
        let b = base(hash_str);
        let plans = vec![
            study_plan(&b).map_err(refused)?,
            tau_sweep(
                &b,
                experiments::SWEEP_N as u32,
                experiments::SWEEP_SEEDS as u32,
            )
            .map_err(refused)?,
        ];
        Experiment::new("study", plans).map_err(refused)
    }

    /// Shard `index` of `count` of the study and its τ-sweep, for one of several
    /// workers; join the parts with `ExperimentResults.restoreParts`.
    #[wasm_bindgen(js_name = studyShard)]
    pub fn study_shard(hash_str: &str, index: u32, count: u32) -> Result<Experiment, JsError> {
        let b = base(hash_str);
        let plans = vec![
            study_plan(&b).map_err(refused)?,
            tau_sweep(
                &b,
                experiments::SWEEP_N as u32,
                experiments::SWEEP_SEEDS as u32,
            )
            .map_err(refused)?,
        ];
        Experiment::sharded("study", plans, index, count).map_err(refused)
    }

    /// Shard `index` of `count` of the τ-sweep at size `n` with `seeds` seeds
    /// (both within the core's limits, or an error naming them).
    #[wasm_bindgen(js_name = sweepShard)]
    pub fn sweep_shard(
        hash_str: &str,
        n: u32,
        seeds: u32,
        index: u32,
        count: u32,
    ) -> Result<Experiment, JsError> {
        let plan = tau_sweep(&base(hash_str), n, seeds).map_err(refused)?;
        Experiment::sharded("sweep", vec![plan], index, count).map_err(refused)
    }

    /// A study over chosen sizes and seed count (for quick looks and tests);
    /// the list of N, the seed counts and the sweep's size are checked against
    /// the core's limits.
    #[wasm_bindgen(js_name = studyOf)]
    pub fn study_of(
        hash_str: &str,
        ns: Vec<u32>,
        seeds: u32,
        sweep_n: u32,
        sweep_seeds: u32,
    ) -> Result<Experiment, JsError> {
        study_of_plans(&base(hash_str), ns, seeds, sweep_n, sweep_seeds)
            .and_then(|plans| Experiment::new("study", plans))
            .map_err(refused)
    }

    /// Shard `index` of `count` of [`Experiment::study_of`]: the page's
    /// end-to-end test reruns part of the shipped study this way (the same
    /// runs, fewer of them) and compares the numbers.
    #[wasm_bindgen(js_name = studyOfShard)]
    pub fn study_of_shard(
        hash_str: &str,
        ns: Vec<u32>,
        seeds: u32,
        sweep_n: u32,
        sweep_seeds: u32,
        index: u32,
        count: u32,
    ) -> Result<Experiment, JsError> {
        study_of_plans(&base(hash_str), ns, seeds, sweep_n, sweep_seeds)
            .and_then(|plans| Experiment::sharded("study", plans, index, count))
            .map_err(refused)
    }

    /// The τ-sweep alone at size `n` with `seeds` seeds.
    pub fn sweep(hash_str: &str, n: u32, seeds: u32) -> Result<Experiment, JsError> {
        tau_sweep(&base(hash_str), n, seeds)
            .and_then(|plan| Experiment::new("sweep", vec![plan]))
            .map_err(refused)
    }

    /// Every mask at size `n` with the hash's seed (the prototype-position figure).
    pub fn positions(hash_str: &str, n: u32) -> Result<Experiment, JsError> {
        let b = base(hash_str);
        Plan::try_positions(&b, n as usize, b.seed)
            .and_then(|plan| Experiment::new("positions", vec![plan]))
            .map_err(refused)
    }

    /// The τ-sweep's CSV.
    #[wasm_bindgen(js_name = sweepCsv)]
    pub fn sweep_csv(&self) -> String {
        experiments::to_csv(self.sweep_records())
    }

    /// The final prototypes of the finished runs of the main plan, concatenated
    /// in run order (each run contributes N values).
    pub fn prototypes(&self) -> Vec<f64> {
        self.records(0)
            .iter()
            .flat_map(|r| r.prototypes.iter().copied())
            .collect()
    }

    /// A snapshot of the results so far, for tables, findings and figures.
    pub fn results(&self) -> ExperimentResults {
        ExperimentResults::new(
            self.kind,
            self.records(0).to_vec(),
            self.sweep_records().to_vec(),
        )
    }
}

crate::exports::runner_exports!(Experiment);

impl Sliced for Experiment {
    const MIN_CHUNK: u64 = 1000;

    fn chunk_mut(&mut self) -> &mut u64 {
        &mut self.chunk
    }

    fn work(&mut self, units: u64) {
        self.advance_units(units);
    }

    fn runs(&self) -> (usize, usize) {
        let p = self.progress_now();
        (p.runs_done, p.runs_total)
    }

    fn fraction(&self) -> f64 {
        self.progress_now().fraction
    }

    fn finished(&self) -> bool {
        self.runners.iter().all(Runner::is_done)
    }

    /// One CSV row per finished run of the main plan, the CLI's columns.
    fn csv_text(&self) -> String {
        experiments::to_csv(self.records(0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The constructors' sizes (what a host page passes) are refused by the
    /// core's limits, naming the argument, before any plan is built.
    #[test]
    fn sizes_from_the_host_are_refused_with_their_name() {
        let b = base("steps=10");
        let field = |r: Result<Plan, ConfigError>| r.unwrap_err().field;
        assert_eq!(field(tau_sweep(&b, 10, u32::MAX)), "seeds");
        assert_eq!(field(tau_sweep(&b, 10, 0)), "seeds");
        assert_eq!(field(tau_sweep(&b, 0, 2)), "N");
        assert_eq!(field(tau_sweep(&b, u32::MAX, 2)), "N");
        let plans = |ns: Vec<u32>, seeds, sweep_n, sweep_seeds| {
            study_of_plans(&b, ns, seeds, sweep_n, sweep_seeds).map(|p| p.len())
        };
        assert_eq!(plans(vec![3, 5], 2, 10, 2), Ok(2));
        assert_eq!(
            plans(vec![3, 5], 50_000_000, 10, 2).unwrap_err().field,
            "seeds"
        );
        assert_eq!(plans(vec![3; 1000], 2, 10, 2).unwrap_err().field, "ns");
        assert_eq!(plans(vec![3, 3], 2, 10, 2).unwrap_err().field, "ns");
        assert_eq!(plans(vec![3], 2, 10, u32::MAX).unwrap_err().field, "seeds");
        let shard = |index, count| Experiment::sharded("sweep", Vec::new(), index, count).err();
        assert_eq!(shard(0, 0).map(|e| e.field), Some("shard"));
        assert_eq!(shard(2, 2).map(|e| e.field), Some("shard"));
        assert_eq!(shard(0, u32::MAX).map(|e| e.field), Some("shard"));
        assert!(shard(1, 2).is_none());
    }
}
