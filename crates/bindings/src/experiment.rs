//! The `Experiment` handle: the study, the τ-sweep or the positions runs,
//! advanced in time-budgeted slices so the host page (or worker) stays responsive.

use crate::results::ExperimentResults;
use protolab_core::experiments::{self, Plan, Progress, RunRecord, Runner};
use protolab_core::{Config, hash};
use wasm_bindgen::prelude::*;

/// A batch of runs (one or more plans run one after the other).
#[wasm_bindgen]
pub struct Experiment {
    runners: Vec<Runner>,
    kind: &'static str,
    chunk: u64,
}

fn base(hash_str: &str) -> Config {
    hash::from_hash(hash_str).0
}

impl Experiment {
    fn new(kind: &'static str, plans: Vec<Plan>) -> Result<Experiment, JsError> {
        Experiment::sharded(kind, plans, 0, 1)
    }

    /// Shard `index` of `count` of each plan (runs `index, index + count, …`).
    fn sharded(
        kind: &'static str,
        plans: Vec<Plan>,
        index: u32,
        count: u32,
    ) -> Result<Experiment, JsError> {
        if count == 0 || index >= count {
            return Err(JsError::new(&format!(
                "shard {index}/{count}: need 0 <= index < count"
            )));
        }
        let runners = plans
            .into_iter()
            .map(|p| {
                let indices = p.shard(index as usize, count as usize);
                Runner::with_indices(p, indices).map_err(|e| JsError::new(&e.to_string()))
            })
            .collect::<Result<_, _>>()?;
        Ok(Experiment {
            runners,
            kind,
            chunk: 20_000,
        })
    }

    fn records(&self, k: usize) -> &[RunRecord] {
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

    fn progress_now(&self) -> Progress {
        let (done, total) = self
            .runners
            .iter()
            .map(Runner::work)
            .fold((0.0, 0.0), |(d, t), (rd, rt)| (d + rd, t + rt));
        Progress {
            runs_done: self.runners.iter().map(|r| r.progress().runs_done).sum(),
            runs_total: self.runners.iter().map(|r| r.progress().runs_total).sum(),
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
        let study = Plan::study(&b, &experiments::STUDY_NS, experiments::STUDY_SEEDS);
        let sweep = Plan::tau_sweep(&b, 50, &experiments::default_taus(b.tau_units), 5);
        Experiment::new("study", vec![study, sweep])
    }

    /// Shard `index` of `count` of the study and its τ-sweep, for one of several
    /// workers; join the parts with `ExperimentResults.restoreParts`.
    #[wasm_bindgen(js_name = studyShard)]
    pub fn study_shard(hash_str: &str, index: u32, count: u32) -> Result<Experiment, JsError> {
        let b = base(hash_str);
        let study = Plan::study(&b, &experiments::STUDY_NS, experiments::STUDY_SEEDS);
        let sweep = Plan::tau_sweep(&b, 50, &experiments::default_taus(b.tau_units), 5);
        Experiment::sharded("study", vec![study, sweep], index, count)
    }

    /// Shard `index` of `count` of the τ-sweep at size `n` with `seeds` seeds.
    #[wasm_bindgen(js_name = sweepShard)]
    pub fn sweep_shard(
        hash_str: &str,
        n: u32,
        seeds: u32,
        index: u32,
        count: u32,
    ) -> Result<Experiment, JsError> {
        let b = base(hash_str);
        let plan = Plan::tau_sweep(
            &b,
            n as usize,
            &experiments::default_taus(b.tau_units),
            u64::from(seeds),
        );
        Experiment::sharded("sweep", vec![plan], index, count)
    }

    /// A study over chosen sizes and seed count (for quick looks and tests).
    #[wasm_bindgen(js_name = studyOf)]
    pub fn study_of(
        hash_str: &str,
        ns: Vec<u32>,
        seeds: u32,
        sweep_n: u32,
        sweep_seeds: u32,
    ) -> Result<Experiment, JsError> {
        let b = base(hash_str);
        let ns: Vec<usize> = ns.into_iter().map(|n| n as usize).collect();
        let study = Plan::study(&b, &ns, u64::from(seeds));
        let sweep = Plan::tau_sweep(
            &b,
            sweep_n as usize,
            &experiments::default_taus(b.tau_units),
            u64::from(sweep_seeds),
        );
        Experiment::new("study", vec![study, sweep])
    }

    /// The τ-sweep alone at size `n` with `seeds` seeds.
    pub fn sweep(hash_str: &str, n: u32, seeds: u32) -> Result<Experiment, JsError> {
        let b = base(hash_str);
        Experiment::new(
            "sweep",
            vec![Plan::tau_sweep(
                &b,
                n as usize,
                &experiments::default_taus(b.tau_units),
                u64::from(seeds),
            )],
        )
    }

    /// Every mask at size `n` with the hash's seed (the prototype-position figure).
    pub fn positions(hash_str: &str, n: u32) -> Result<Experiment, JsError> {
        let b = base(hash_str);
        Experiment::new("positions", vec![Plan::positions(&b, n as usize, b.seed)])
    }

    /// Works for about `budget_ms` milliseconds, then returns
    /// `{runsDone, runsTotal, fraction, done}`.
    pub fn advance(&mut self, budget_ms: f64) -> JsValue {
        let mut chunk = self.chunk;
        crate::live::advance_for(budget_ms, &mut chunk, 1000, |units| {
            self.advance_units(units);
            self.is_done()
        });
        self.chunk = chunk;
        crate::js::progress(self.progress_now(), self.is_done())
    }

    /// True when every run is finished.
    #[wasm_bindgen(js_name = isDone)]
    pub fn is_done(&self) -> bool {
        self.runners.iter().all(Runner::is_done)
    }

    /// One CSV row per finished run of the main plan, the CLI's columns.
    pub fn csv(&self) -> String {
        experiments::to_csv(self.records(0))
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
