//! A Prototype Lab run: full-batch Adam on the objective, with divergence
//! detection. What the CLI, the experiments and the browser all step.

use crate::budget::Budget;
use crate::config::{Config, ConfigError};
use crate::data::Dataset;
use crate::guard;
pub use crate::guard::{BLOW_UP_FACTOR, Divergence, DivergenceReason};
use crate::live::{self, Paced};
pub use crate::live::{SAMPLE_EVERY, Steps};
use crate::metrics::{Metrics, MetricsJob};
use crate::model::GaussianMlp;
use crate::nn::{self, Adam, Optimizer};
use crate::objective::{LossTerms, Objective, Pairs, Weights};
use alloc::string::String;
use alloc::vec::Vec;

/// Work units of one step per (sample, unit) pair: a step is O(N·H) with a few
/// exponentials per pair (calibrated against the other labs' units, see
/// [`crate::budget`]).
pub const STEP_UNITS_PER_PAIR: u64 = 6;

/// Why a step with these loss terms must not be taken, given the initial
/// loss: any non-finite term, or the shared guard's blow-up rule on the total.
fn judge(terms: &LossTerms, initial: f64) -> Option<DivergenceReason> {
    if !terms.is_finite() {
        Some(DivergenceReason::NonFiniteLoss)
    } else {
        guard::judge_loss(terms.total, initial)
    }
}

/// One training run: config, data, network, optimiser state and step count.
#[derive(Clone, Debug)]
pub struct Trainer {
    config: Config,
    data: Dataset,
    model: GaussianMlp,
    objective: Objective,
    adam: Adam,
    grads: Vec<f64>,
    weights: Weights,
    step: u64,
    initial_loss: Option<f64>,
    last_loss: LossTerms,
    divergence: Option<Divergence>,
}

impl Trainer {
    /// A run on data generated from the config's target, N and seed.
    pub fn new(config: Config) -> Result<Self, ConfigError> {
        config.validate()?;
        let data = Dataset::generate(config.target, config.n, config.seed);
        Self::with_data(config, data)
    }

    /// A run on the given data; N (and so H) follows the data.
    pub fn with_data(mut config: Config, data: Dataset) -> Result<Self, ConfigError> {
        config.n = data.len();
        config.validate()?;
        let model = GaussianMlp::init(config.n, config.seed);
        let n_params = model.params.len();
        Ok(Self {
            objective: Objective::new(config.n, config.n),
            adam: Adam::new(config.lr, n_params),
            grads: alloc::vec![0.0; n_params],
            weights: Weights::from_config(&config, &data),
            step: 0,
            initial_loss: None,
            last_loss: LossTerms::default(),
            divergence: None,
            config,
            data,
            model,
        })
    }

    /// Back to step 0 with the same seed, data and config.
    pub fn reset(&mut self) {
        self.model = GaussianMlp::init(self.config.n, self.config.seed);
        self.adam.reset();
        self.step = 0;
        self.initial_loss = None;
        self.divergence = None;
    }

    /// Takes up to `count` steps; stops early on divergence. Returns steps taken.
    pub fn step(&mut self, count: u64) -> u64 {
        let mut taken = 0;
        while taken < count && self.divergence.is_none() {
            self.step_once();
            if self.divergence.is_none() {
                taken += 1;
            }
        }
        taken
    }

    /// Steps until the config's step count is reached (or divergence).
    pub fn run_to_end(&mut self) {
        let remaining = self.config.steps.saturating_sub(self.step);
        self.step(remaining);
    }

    fn step_once(&mut self) {
        let terms = self.objective.evaluate(
            &self.model,
            &self.data,
            &self.weights,
            false,
            Some(&mut self.grads),
        );
        self.take_step(terms);
    }

    /// What a step does once the objective gave `terms` and the gradient in
    /// `grads`: the divergence checks, then Adam.
    pub(crate) fn take_step(&mut self, terms: LossTerms) {
        let initial = *self.initial_loss.get_or_insert(terms.total);
        let reason = judge(&terms, initial).or_else(|| {
            self.adam.step(&mut self.model.params, &self.grads);
            (!nn::all_finite(&self.model.params)).then_some(DivergenceReason::NonFiniteParameters)
        });
        self.last_loss = terms;
        match reason {
            Some(reason) => {
                self.divergence = Some(Divergence {
                    step: self.step,
                    reason,
                })
            }
            // Saturating: a restored step count must never make one more step overflow.
            None => self.step = self.step.saturating_add(1),
        }
    }

    /// What a batch reads and writes of this run (`crate::lockstep`).
    pub(crate) fn parts_for_batch(&mut self) -> (&GaussianMlp, &Dataset, &mut [f64], &mut Pairs) {
        (
            &self.model,
            &self.data,
            &mut self.grads,
            self.objective.pairs_mut(),
        )
    }

    /// The loss at the current parameters, without a gradient or an update.
    pub(crate) fn loss_now(&mut self) -> LossTerms {
        self.objective
            .evaluate(&self.model, &self.data, &self.weights, false, None)
    }

    /// Whether the run, as it stands, is one the trainer would still step: the
    /// same checks as a step (finite loss, no blow-up past the initial loss)
    /// and finite metrics. A run that fails is marked diverged.
    pub(crate) fn check_health(&mut self) -> Result<(), Divergence> {
        let terms = self.loss_now();
        // Before the first step the reference is this very loss, as in a step.
        let initial = self.initial_loss.unwrap_or(terms.total);
        if let Some(reason) = judge(&terms, initial) {
            let d = Divergence {
                step: self.step,
                reason,
            };
            self.divergence = Some(d);
            return Err(d);
        }
        self.outcome().map(|_| ())
    }

    /// Every metric at the current step, or `None` once the run has diverged.
    /// Metrics that come out non-finite mark the run as diverged.
    pub fn metrics(&mut self) -> Option<Metrics> {
        self.outcome().ok()
    }

    /// Every metric at the current step, or how the run diverged.
    pub fn outcome(&mut self) -> Result<Metrics, Divergence> {
        let mut job = self.metrics_job()?;
        job.advance(&mut Budget::unlimited());
        Ok(job.finish(&self.data).expect("the job ran to its end"))
    }

    /// The metrics of the current step to compute (in slices), or how the run
    /// diverged; metrics that would not be finite mark the run as diverged.
    fn metrics_job(&mut self) -> Result<MetricsJob, Divergence> {
        if let Some(d) = self.divergence {
            return Err(d);
        }
        let loss = self
            .objective
            .evaluate(&self.model, &self.data, &self.weights, true, None);
        MetricsJob::new(
            self.objective.prototypes().to_vec(),
            &self.data,
            loss,
            self.step,
        )
        .ok_or_else(|| {
            let d = Divergence {
                step: self.step,
                reason: DivergenceReason::NonFiniteMetrics,
            };
            self.divergence = Some(d);
            d
        })
    }

    /// Steps between metric samples of a live run: [`SAMPLE_EVERY`], or N / 2
    /// at large N, where a sample's Hungarian assignment (O(N³) at worst)
    /// would otherwise cost more than the training between samples.
    pub fn sample_every(&self) -> u64 {
        SAMPLE_EVERY.max(self.config.n as u64 / 2)
    }

    /// Work units of one step.
    pub fn step_units(&self) -> u64 {
        STEP_UNITS_PER_PAIR * (self.config.n * self.model.width()) as u64
    }

    /// The loss terms seen by the most recent step (cheap; only active terms filled).
    pub fn last_loss(&self) -> LossTerms {
        self.last_loss
    }

    /// Why the run stopped, if it diverged.
    pub fn divergence(&self) -> Option<Divergence> {
        self.divergence
    }

    /// Steps taken.
    pub fn steps_done(&self) -> u64 {
        self.step
    }

    /// True when the config's step count is reached or the run diverged.
    pub fn is_finished(&self) -> bool {
        self.divergence.is_some() || self.step >= self.config.steps
    }

    /// The (validated) config.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The training data.
    pub fn data(&self) -> &Dataset {
        &self.data
    }

    /// The effective loss weights and absolute temperatures of this run.
    pub fn weights(&self) -> Weights {
        self.weights
    }

    /// The optimizer (for saving its state).
    pub fn optimizer(&self) -> &Adam {
        &self.adam
    }

    /// The optimizer, mutable (for restoring its state).
    pub(crate) fn optimizer_mut(&mut self) -> &mut Adam {
        &mut self.adam
    }

    /// The total loss before the first step (the divergence reference).
    pub fn initial_loss(&self) -> Option<f64> {
        self.initial_loss
    }

    /// Sets parameters, step and initial loss from a saved state (shapes checked by the caller).
    pub(crate) fn restore_parts(
        &mut self,
        params: &[f64],
        step: u64,
        initial_loss: Option<f64>,
    ) -> Result<(), String> {
        if params.len() != self.model.params.len() {
            return Err("params: wrong length".into());
        }
        self.model.params.copy_from_slice(params);
        self.step = step;
        self.initial_loss = initial_loss;
        self.divergence = None;
        Ok(())
    }

    /// Runs the objective with `isa` (if this CPU has it; else the baseline).
    /// The numbers do not depend on it; benchmarks and tests compare levels.
    pub fn set_isa(&mut self, isa: crate::isa::Isa) {
        self.objective.set_isa(isa);
    }

    /// The instruction set the objective runs with.
    pub fn isa(&self) -> crate::isa::Isa {
        self.objective.isa()
    }

    /// The network.
    pub fn model(&self) -> &GaussianMlp {
        &self.model
    }
}

impl Steps for Trainer {
    fn target_steps(&self) -> u64 {
        self.config().steps
    }

    fn steps_done(&self) -> u64 {
        Trainer::steps_done(self)
    }

    fn step(&mut self, count: u64) -> u64 {
        Trainer::step(self, count)
    }
}

impl Paced for Trainer {
    type Sample = Metrics;
    type Job = MetricsJob;

    fn step_within(&mut self, count: u64, budget: &mut Budget) -> u64 {
        let cost = self.step_units();
        let mut taken = 0;
        while taken < count && self.divergence.is_none() && !budget.is_spent() {
            self.step_once();
            budget.charge(cost);
            if self.divergence.is_none() {
                taken += 1;
            }
        }
        taken
    }

    fn divergence_of_run(&self) -> Option<crate::guard::Divergence> {
        self.divergence
    }

    fn sample_due(&self, step: u64) -> bool {
        step.is_multiple_of(self.sample_every()) || step == self.config.steps
    }

    fn next_sample(&self, step: u64) -> u64 {
        live::next_multiple_or_end(step, self.sample_every(), self.config.steps)
    }

    fn start_sample(&mut self, budget: &mut Budget) -> Option<MetricsJob> {
        budget.charge(self.step_units());
        self.metrics_job().ok()
    }

    fn work_on(&mut self, job: &mut MetricsJob, budget: &mut Budget) -> bool {
        job.advance(budget)
    }

    fn finish(&mut self, job: MetricsJob) -> Option<Metrics> {
        job.finish(&self.data)
    }

    fn activity(&self, job: Option<&MetricsJob>) -> Option<String> {
        let (done, rows) = job?.progress();
        Some(alloc::format!(
            "measuring: Hungarian assignment {} %",
            live::percent(done, rows)
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_step_count_at_u64_max_saturates_instead_of_overflowing() {
        let mut run = Trainer::new(Config {
            n: 3,
            ..Config::default()
        })
        .unwrap();
        let params = run.model().params.clone();
        run.restore_parts(&params, u64::MAX - 1, None).unwrap();
        assert_eq!(run.step(3), 3);
        assert_eq!(run.steps_done(), u64::MAX);
        assert!(run.metrics().is_some_and(|m| m.step == u64::MAX));
    }

    #[test]
    fn health_check_flags_weights_whose_loss_blew_up() {
        let mut run = Trainer::new(Config {
            n: 4,
            ..Config::default()
        })
        .unwrap();
        run.step(2);
        assert_eq!(run.check_health(), Ok(()));
        let mut params = run.model().params.clone();
        let n = params.len();
        params[n - 1] = 1e150; // the readout bias: the fit loss becomes ~1e300
        run.restore_parts(&params, 2, run.initial_loss()).unwrap();
        let d = run.check_health().unwrap_err();
        assert!(
            matches!(d.reason, DivergenceReason::LossBlowUp { .. }),
            "{d}"
        );
        assert_eq!(run.divergence(), Some(d));
    }
}
