//! One metric sample of an Abstraction Lab run, computed in slices: for a
//! wide layer (width 512, D = 4) a sample trains 33 ridge classifiers on
//! 513-dimensional trials, half a second of work — too much for one call
//! from the page. The slices run the same arithmetic in the same order as
//! [`AbstractionRun::metrics`](super::AbstractionRun::metrics), which is this
//! job run to its end. The run's pacing (step costs, the sample schedule, the
//! [`Paced`] contract) lives here too.

use super::classify::{self, ShatteringSolve, Trials, TrialsBuilder};
use super::cost::{SampleCost, forward_units};
use super::geometry;
use super::run::{
    AbstractionConfig, AbstractionMetrics, AbstractionRun, COLLAPSE_TOLERANCE, INPUT_DIM,
};
use crate::budget::Budget;
use crate::live::{self, Paced};
use crate::rng::{self, Purpose, Stream};
use alloc::vec::Vec;
use nalgebra::DMatrix;

enum Stage {
    Draw,
    Conditions(TrialsBuilder),
    Ccgp {
        trials: Trials,
        latent: usize,
        pair: usize,
    },
    Factor(Trials),
    Score(Trials, ShatteringSolve),
    Done(AbstractionMetrics),
}

/// A metric sample in progress.
pub struct SampleJob {
    step: u64,
    loss: Option<f64>,
    d: usize,
    h: DMatrix<f64>,
    sigma: f64,
    rng: Stream,
    ps: Vec<f64>,
    alignment: f64,
    ccgp: Vec<f64>,
    pair_scores: Vec<f64>,
    stage: Option<Stage>,
    cost: SampleCost,
    slices_done: u64,
}

impl SampleJob {
    /// A sample of the hidden condition means `h` (`C × width`) at `step`,
    /// the targets (`outputs × C`) giving the output kernel. The cheap scores
    /// (PS, alignment) and the collapse check are done here.
    pub fn new(
        config: &AbstractionConfig,
        h: DMatrix<f64>,
        targets: &DMatrix<f64>,
        step: u64,
        loss: Option<f64>,
    ) -> Self {
        let d = config.d;
        let centred = &h - DMatrix::from_fn(h.nrows(), h.ncols(), |_, u| h.column(u).mean());
        let rms = crate::math::sqrt(centred.norm_squared() / (h.nrows() * h.ncols()).max(1) as f64);
        let mut job = Self {
            step,
            loss,
            d,
            sigma: config.noise * rms.max(1e-12),
            rng: rng::stream(config.seed, Purpose::Aux),
            ps: Vec::new(),
            alignment: f64::NAN,
            ccgp: Vec::new(),
            pair_scores: Vec::new(),
            stage: Some(Stage::Draw),
            cost: SampleCost::of(config),
            slices_done: 0,
            h,
        };
        // A layer whose condition means differ by rounding error alone has no
        // geometry: its scores would be noise (strong decay ends here).
        if centred.norm() <= COLLAPSE_TOLERANCE * job.h.norm() {
            job.stage = Some(Stage::Done(AbstractionMetrics {
                step,
                loss,
                ps: alloc::vec![f64::NAN; d],
                ccgp: alloc::vec![f64::NAN; d],
                alignment: f64::NAN,
                shattering: f64::NAN,
                collapsed: true,
            }));
            return job;
        }
        job.ps = (0..d)
            .map(|i| geometry::parallelism_latent(&job.h, i))
            .collect();
        let ky = geometry::gram(&targets.transpose());
        job.alignment = geometry::kernel_alignment(&geometry::gram(&job.h), &ky);
        job
    }

    /// Works slice by slice until the sample is complete or `budget` is
    /// spent (a slice is never split); true once complete.
    pub fn advance(&mut self, budget: &mut Budget) -> bool {
        loop {
            let Some(stage) = self.stage.take() else {
                return false;
            };
            if matches!(stage, Stage::Done(_)) {
                self.stage = Some(stage);
                return true;
            }
            if budget.is_spent() || !budget.fits(self.cost_of(&stage)) {
                self.stage = Some(stage);
                return false;
            }
            let (next, units) = self.slice(stage);
            budget.charge(units);
            self.slices_done += 1;
            self.stage = Some(next);
        }
    }

    /// The cost of the next slice from `stage`.
    fn cost_of(&self, stage: &Stage) -> u64 {
        let c = &self.cost;
        match stage {
            Stage::Draw => c.draw,
            Stage::Conditions(_) => c.condition,
            Stage::Ccgp { .. } => c.fit,
            Stage::Factor(_) => c.factor,
            Stage::Score(..) => c.score,
            Stage::Done(_) => 0,
        }
    }

    /// One slice of work from `stage`: the stage after it and its cost.
    fn slice(&mut self, stage: Stage) -> (Stage, u64) {
        let c = self.cost;
        match stage {
            Stage::Draw => {
                let b = TrialsBuilder::new(&self.h, classify::TRIALS, self.sigma, &mut self.rng);
                (Stage::Conditions(b), c.draw)
            }
            Stage::Conditions(mut b) => {
                let next = if b.add_condition() {
                    Stage::Ccgp {
                        trials: b.finish(),
                        latent: 0,
                        pair: 0,
                    }
                } else {
                    Stage::Conditions(b)
                };
                (next, c.condition)
            }
            Stage::Ccgp {
                trials,
                latent,
                pair,
            } => {
                let pairs = classify::natural_pairs(self.h.nrows(), latent);
                if let Some(&p) = pairs.get(pair) {
                    self.pair_scores
                        .push(classify::ccgp_pair(&trials, latent, p));
                }
                if pair + 1 < pairs.len() {
                    let pair = pair + 1;
                    return (
                        Stage::Ccgp {
                            trials,
                            latent,
                            pair,
                        },
                        c.fit,
                    );
                }
                // The same sum as `ccgp_latent_of`'s, in the same order.
                let total: f64 = self.pair_scores.iter().sum();
                self.ccgp.push(total / pairs.len().max(1) as f64);
                self.pair_scores.clear();
                let next = if latent + 1 < self.d {
                    Stage::Ccgp {
                        trials,
                        latent: latent + 1,
                        pair: 0,
                    }
                } else {
                    Stage::Factor(trials)
                };
                (next, c.fit)
            }
            Stage::Factor(trials) => {
                let solve = ShatteringSolve::new(&trials, &mut self.rng);
                (Stage::Score(trials, solve), c.factor)
            }
            Stage::Score(trials, solve) => {
                let shattering = solve.score(&trials);
                let m = AbstractionMetrics {
                    step: self.step,
                    loss: self.loss,
                    ps: core::mem::take(&mut self.ps),
                    ccgp: core::mem::take(&mut self.ccgp),
                    alignment: self.alignment,
                    shattering,
                    collapsed: false,
                };
                (Stage::Done(m), c.score)
            }
            Stage::Done(m) => (Stage::Done(m), 0),
        }
    }

    /// Share of the sample's slices done, in percent.
    pub fn percent(&self) -> u32 {
        crate::live::percent(self.slices_done as usize, self.cost.slices() as usize)
    }

    /// The sample, once complete.
    pub fn finish(self) -> Option<AbstractionMetrics> {
        match self.stage {
            Some(Stage::Done(m)) => Some(m),
            _ => None,
        }
    }
}

impl AbstractionRun {
    /// Every metric now (NaN scores with `collapsed` set when the layer has no
    /// geometry left), or `None` after divergence.
    pub fn metrics(&mut self) -> Option<AbstractionMetrics> {
        let mut job = self.sample_job()?;
        job.advance(&mut Budget::unlimited());
        job.finish()
    }

    /// The metrics of the current step to compute in slices (`None` after divergence).
    fn sample_job(&mut self) -> Option<SampleJob> {
        if self.diverged() {
            return None;
        }
        let h = self.hidden();
        Some(SampleJob::new(
            self.config(),
            h,
            &self.task().targets,
            self.steps_done(),
            self.last_loss(),
        ))
    }

    /// Work units of one training step: forward and backward over every
    /// condition, about one unit per weight and condition (the loops over
    /// all conditions at once vectorise well — measured).
    pub fn step_units(&self) -> u64 {
        let c = self.config();
        let outs = self.task().targets.nrows();
        c.conditions() as u64 * (c.width * (INPUT_DIM + outs + 1) + outs) as u64
    }

    /// Steps between metric samples of a live run: at least
    /// [`crate::live::SAMPLE_EVERY`], and enough that training between samples
    /// costs as much as a sample (a wide layer's sample is hundreds of steps' work).
    pub fn sample_every(&self) -> u64 {
        let sample = SampleCost::of(self.config()).total();
        crate::live::SAMPLE_EVERY.max(sample.div_ceil(self.step_units().max(1)))
    }
}

impl Paced for AbstractionRun {
    type Sample = AbstractionMetrics;
    type Job = SampleJob;

    fn step_within(&mut self, count: u64, budget: &mut Budget) -> u64 {
        let cost = self.step_units();
        let mut taken = 0;
        while taken < count && !self.diverged() && !budget.is_spent() {
            let k = self.step(1);
            budget.charge(cost);
            if k == 0 {
                break;
            }
            taken += k;
        }
        taken
    }

    fn divergence_of_run(&self) -> Option<crate::guard::Divergence> {
        self.guard_divergence()
    }

    fn sample_due(&self, step: u64) -> bool {
        step.is_multiple_of(self.sample_every()) || step == self.config().steps
    }

    fn next_sample(&self, step: u64) -> u64 {
        live::next_multiple_or_end(step, self.sample_every(), self.config().steps)
    }

    fn start_sample(&mut self, budget: &mut Budget) -> Option<SampleJob> {
        budget.charge(forward_units(self.config()));
        self.sample_job()
    }

    fn work_on(&mut self, job: &mut SampleJob, budget: &mut Budget) -> bool {
        job.advance(budget)
    }

    fn finish(&mut self, job: SampleJob) -> Option<AbstractionMetrics> {
        job.finish()
    }

    fn activity(&self, job: Option<&SampleJob>) -> Option<alloc::string::String> {
        Some(alloc::format!(
            "measuring: classifiers and kernels {} %",
            job?.percent()
        ))
    }
}
