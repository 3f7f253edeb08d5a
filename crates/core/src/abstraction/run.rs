//! The task, the run and its metrics.

pub use super::config::AbstractionConfig;
use super::geometry::latent;
use crate::error::ConfigError;
use crate::guard::Guard;
use crate::nn::{Activation, Adam, Batch, Loss, Mlp, MlpWorkspace, Optimizer, Sgd};
use crate::rng::{self, Purpose};
use alloc::vec::Vec;
use nalgebra::DMatrix;

/// The hidden layer counts as collapsed when the spread of its condition means
/// is below this fraction of their size.
pub const COLLAPSE_TOLERANCE: f64 = 1e-6;

/// The allowed range of the weight decay λ (a config's and a sweep CSV's).
pub const LAMBDA: (f64, f64) = (0.0, 10.0);

/// Input dimension and scale of the condition vectors.
pub const INPUT_DIM: usize = 64;
const INPUT_SCALE: f64 = 8.0;

/// The conditions: inputs (`64 × C`), targets (`outputs × C`), latents (`C × D`).
#[derive(Clone, Debug)]
pub struct Task {
    /// One orthonormal input (×8) per condition, as columns.
    pub inputs: DMatrix<f64>,
    /// Targets, one column per condition.
    pub targets: DMatrix<f64>,
    /// The latent vectors, one row per condition.
    pub latents: DMatrix<f64>,
}

impl Task {
    /// The task of a config (seeded).
    pub fn new(c: &AbstractionConfig) -> Self {
        let conds = c.conditions();
        let mut r = rng::stream(c.seed, Purpose::Data);
        let gaussian = DMatrix::from_fn(INPUT_DIM, conds, |_, _| rng::normal(&mut r));
        let inputs = gaussian.qr().q() * INPUT_SCALE;
        let latents = DMatrix::from_fn(conds, c.d, latent);
        let targets = if c.readouts == 0 {
            latents.transpose()
        } else {
            let s = 1.0 / crate::math::sqrt(c.d as f64);
            let read = DMatrix::from_fn(c.readouts, c.d, |_, _| s * rng::normal(&mut r));
            read * latents.transpose()
        };
        Self {
            inputs,
            targets,
            latents,
        }
    }
}

/// What the lab reports at a step.
#[derive(Clone, Debug, PartialEq)]
pub struct AbstractionMetrics {
    /// Steps taken.
    pub step: u64,
    /// Training loss (MSE + weight decay) of the last step; `None` before the first.
    pub loss: Option<f64>,
    /// Parallelism score per latent (natural pairing).
    pub ps: Vec<f64>,
    /// Cross-condition generalisation per latent.
    pub ccgp: Vec<f64>,
    /// Centred kernel alignment of the hidden Gram matrix with K_Y.
    pub alignment: f64,
    /// Mean linear-classifier accuracy over all balanced dichotomies.
    pub shattering: f64,
    /// The hidden condition means no longer differ (spread below
    /// `COLLAPSE_TOLERANCE` (10⁻⁶) × their size): the scores above are NaN.
    pub collapsed: bool,
}

impl AbstractionMetrics {
    /// Mean of a per-latent score.
    pub fn mean(v: &[f64]) -> f64 {
        v.iter().sum::<f64>() / v.len().max(1) as f64
    }
}

enum Opt {
    Gd(Sgd),
    Adam(Adam),
}

/// One Abstraction Lab run, stepped like the Prototype Lab's `Trainer`.
pub struct AbstractionRun {
    config: AbstractionConfig,
    task: Task,
    mlp: Mlp,
    params: Vec<f64>,
    grads: Vec<f64>,
    ws: MlpWorkspace,
    opt: Opt,
    step: u64,
    last_loss: Option<f64>,
    /// The divergence guard (the one every lab uses).
    guard: Guard,
}

impl AbstractionRun {
    /// A run from a validated config.
    pub fn new(config: AbstractionConfig) -> Result<Self, ConfigError> {
        config.validate()?;
        let task = Task::new(&config);
        let mlp = Mlp::new(
            &[INPUT_DIM, config.width, task.targets.nrows()],
            Activation::Relu,
            Activation::Identity,
        );
        let params = mlp.init(&mut rng::stream(config.seed, Purpose::Init), None);
        let n = mlp.n_params;
        let opt = if config.adam {
            Opt::Adam(Adam::new(config.lr, n))
        } else {
            Opt::Gd(Sgd { lr: config.lr })
        };
        Ok(Self {
            task,
            params,
            grads: alloc::vec![0.0; n],
            ws: MlpWorkspace::default(),
            mlp,
            opt,
            step: 0,
            last_loss: None,
            guard: Guard::new(),
            config,
        })
    }

    /// Takes up to `count` steps; stops (and reports divergence) on a non-finite
    /// loss or parameter, or a loss blown up against the first (the shared [`crate::guard`]).
    pub fn step(&mut self, count: u64) -> u64 {
        let mut taken = 0;
        while taken < count && !self.guard.tripped() {
            let batch = Batch {
                input: &self.task.inputs,
                target: &self.task.targets,
            };
            let loss = self.mlp.loss_and_grad(
                &self.params,
                batch,
                Loss::Mse,
                self.config.lambda,
                &mut self.ws,
                &mut self.grads,
            );
            if !self.guard.allows(self.step, loss) {
                break;
            }
            match &mut self.opt {
                Opt::Gd(o) => o.step(&mut self.params, &self.grads),
                Opt::Adam(o) => o.step(&mut self.params, &self.grads),
            }
            if !self.guard.allows_params(self.step, &self.params) {
                break;
            }
            self.last_loss = Some(loss);
            self.step += 1;
            taken += 1;
        }
        taken
    }

    /// Steps until the configured count (or divergence).
    pub fn run_to_end(&mut self) {
        let left = self.config.steps.saturating_sub(self.step);
        self.step(left);
    }

    /// True once the run diverged.
    pub fn diverged(&self) -> bool {
        self.guard.tripped()
    }

    /// How the run diverged, if it did (the shared guard's typed reason).
    pub fn guard_divergence(&self) -> Option<crate::guard::Divergence> {
        self.guard.divergence()
    }

    /// Why the run stopped, as a sentence, if it diverged.
    pub fn divergence(&self) -> Option<alloc::string::String> {
        self.guard.divergence().map(|d| {
            alloc::format!(
                "diverged at step {}: {} (lr {} is too large for this setting)",
                d.step,
                d.reason,
                self.config.lr
            )
        })
    }

    /// The hidden activity's condition means (`C × width`).
    pub fn hidden(&mut self) -> DMatrix<f64> {
        self.mlp
            .forward(&self.params, &self.task.inputs, &mut self.ws);
        self.ws
            .activations(0)
            .map_or_else(|| DMatrix::zeros(0, 0), |h| h.transpose())
    }

    /// The config.
    pub fn config(&self) -> &AbstractionConfig {
        &self.config
    }

    /// Steps taken.
    pub fn steps_done(&self) -> u64 {
        self.step
    }

    /// Back to step 0 with the same seed.
    pub fn reset(&mut self) {
        if let Ok(fresh) = AbstractionRun::new(self.config.clone()) {
            *self = fresh;
        }
    }

    /// The task.
    pub fn task(&self) -> &Task {
        &self.task
    }

    /// The loss of the last step (`None` before the first).
    pub fn last_loss(&self) -> Option<f64> {
        self.last_loss
    }
}

impl crate::live::Steps for AbstractionRun {
    fn target_steps(&self) -> u64 {
        self.config.steps
    }

    fn steps_done(&self) -> u64 {
        self.step
    }

    fn step(&mut self, count: u64) -> u64 {
        AbstractionRun::step(self, count)
    }
}
