//! The autoencoder on the 8×8 digits, its latent map `f(z) = E(D(z))`, and
//! the attractor analysis the lab plots.

pub use super::analysis::{Analysis, AttractorInfo, LatentLosses};
pub use super::config::LatentConfig;
use crate::budget::{self, Budget};
use crate::digits::Digits;
use crate::error::ConfigError;
use crate::guard::Guard;
use crate::nn::{Activation, Adam, Batch, GradPass, Loss, Mlp, MlpWorkspace, Optimizer};
use crate::rng::{self, Purpose, Stream};
use alloc::vec::Vec;
use nalgebra::DMatrix;

/// The latent square (or segment) the field and the trajectory starts cover.
pub const EXTENT: f64 = 8.0;
/// A trajectory has converged when a step moves it less than this (docs/labs/latent-field.md#metrics).
pub const TOLERANCE: f64 = 1e-5;
/// Iterations after which a trajectory is cut (docs/labs/latent-field.md#metrics).
pub const MAX_ITERATIONS: usize = 500;
/// End points closer than this join one attractor (our choice).
pub const CLUSTER_RADIUS: f64 = 0.05;
/// An attractor is *memorised* when its decoded image is closer to its nearest
/// training image than this fraction of the distance to the nearest held-out
/// image (our definition: "much closer" = under half as far).
pub const MEMORISED_RATIO: f64 = 0.5;

/// One autoencoder run: training by epochs and the latent-field analysis.
pub struct LatentRun {
    pub(super) config: LatentConfig,
    pub(super) mlp: Mlp,
    pub(super) params: Vec<f64>,
    grads: Vec<f64>,
    ws: MlpWorkspace,
    opt: Adam,
    order_rng: Stream,
    /// Data-set indices of the training and held-out images.
    pub(super) train_idx: Vec<usize>,
    pub(super) held_idx: Vec<usize>,
    /// Images as columns (64 × n), pixels in [0, 1].
    pub(super) train_x: DMatrix<f64>,
    pub(super) held_x: DMatrix<f64>,
    batch_x: DMatrix<f64>,
    pub(super) epoch: u64,
    /// The divergence guard (the one every lab uses).
    pub(super) guard: Guard,
    /// The epoch in progress, when a call stopped inside it.
    partial: Option<PartialEpoch>,
}

/// Where an epoch stopped: its shuffled order, the first image of the
/// minibatch in progress and that minibatch's gradient so far.
struct PartialEpoch {
    order: Vec<usize>,
    next: usize,
    pass: GradPass,
}

/// Work units of one Adam update per parameter (a square root and a
/// division each; see [`crate::budget`]).
const ADAM_UNITS: u64 = 8;

/// Held-out images used for the held-out loss and the codes figure: a fixed
/// sample keeps both quick while training runs (our choice).
pub const HELD_SAMPLE: usize = 256;

/// Layers of the encoder and decoder inside the one network.
pub(super) const ENCODER: core::ops::Range<usize> = 0..3;
pub(super) const DECODER: core::ops::Range<usize> = 3..6;

fn columns(d: &Digits, idx: &[usize]) -> DMatrix<f64> {
    let mut m = DMatrix::zeros(64, idx.len());
    for (j, &i) in idx.iter().enumerate() {
        m.column_mut(j).copy_from_slice(&d.unit_pixels(i));
    }
    m
}

impl LatentRun {
    /// A run on `digits` from a validated config.
    pub fn new(config: LatentConfig, digits: &Digits) -> Result<Self, ConfigError> {
        config.validate()?;
        if config.train >= digits.len() {
            return Err(ConfigError {
                field: "train",
                message: alloc::format!(
                    "{} training images leave none of the {} held out",
                    config.train,
                    digits.len()
                ),
            });
        }
        let (h, k) = (config.hidden, config.k);
        use Activation::{Identity, Relu, Sigmoid};
        let mlp = Mlp::with_activations(
            &[64, h, h, k, h, h, 64],
            &[Relu, Relu, Identity, Relu, Relu, Sigmoid],
        );
        let params = mlp.init(&mut rng::stream(config.seed, Purpose::Init), None);
        let (train_idx, held_idx) = digits.split(config.train, config.seed);
        let n = mlp.n_params;
        Ok(Self {
            train_x: columns(digits, &train_idx),
            held_x: columns(digits, &held_idx),
            train_idx,
            held_idx,
            grads: alloc::vec![0.0; n],
            ws: MlpWorkspace::default(),
            opt: Adam::new(config.lr, n),
            order_rng: rng::stream(config.seed, Purpose::Aux),
            params,
            mlp,
            batch_x: DMatrix::zeros(0, 0),
            epoch: 0,
            guard: Guard::new(),
            partial: None,
            config,
        })
    }

    /// The config.
    pub fn config(&self) -> &LatentConfig {
        &self.config
    }

    /// Epochs trained.
    pub fn epochs_done(&self) -> u64 {
        self.epoch
    }

    /// True once the run diverged (see [`crate::guard`]).
    pub fn diverged(&self) -> bool {
        self.guard.tripped()
    }

    /// Why the run stopped, if it diverged, as a sentence.
    pub fn divergence(&self) -> Option<alloc::string::String> {
        self.guard.divergence().map(|d| {
            alloc::format!(
                "diverged in epoch {}: {} (lr {}) — lower the learning rate",
                d.step + 1,
                d.reason,
                self.config.lr
            )
        })
    }

    /// Trains up to `count` epochs (minibatches in a seeded shuffled order);
    /// returns the epochs completed.
    pub fn train(&mut self, count: u64) -> u64 {
        self.train_within(count, &mut Budget::unlimited())
    }

    /// [`LatentRun::train`] within a work budget: stops once `budget` is spent,
    /// even inside an epoch or a minibatch, and the next call resumes there
    /// with the same numbers (see [`GradPass`]). Returns the epochs completed.
    pub fn train_within(&mut self, count: u64, budget: &mut Budget) -> u64 {
        let n = self.train_idx.len();
        let column = self.mlp.column_units();
        let update = ADAM_UNITS * self.params.len() as u64;
        let mut done = 0;
        while done < count && !self.guard.tripped() && !budget.is_spent() {
            let mut part = match self.partial.take() {
                Some(p) => p,
                None => {
                    let mut order: Vec<usize> = (0..n).collect();
                    for i in (1..n).rev() {
                        order.swap(i, rng::below(&mut self.order_rng, i as u64 + 1) as usize);
                    }
                    PartialEpoch {
                        order,
                        next: 0,
                        pass: GradPass::default(),
                    }
                }
            };
            let chunk = &part.order[part.next..(part.next + self.config.batch).min(n)];
            if part.pass.columns_done() == 0 {
                if self.batch_x.ncols() != chunk.len() {
                    self.batch_x = DMatrix::zeros(64, chunk.len());
                }
                for (j, &i) in chunk.iter().enumerate() {
                    self.batch_x.set_column(j, &self.train_x.column(i));
                }
            }
            let cols = budget::items_within(budget, column, chunk.len() - part.pass.columns_done());
            let loss = part.pass.advance(
                &self.mlp,
                &self.params,
                Batch {
                    input: &self.batch_x,
                    target: &self.batch_x,
                },
                Loss::Mse,
                self.config.weight_decay,
                &mut self.ws,
                &mut self.grads,
                cols,
            );
            budget.charge(cols as u64 * column);
            let Some(loss) = loss else {
                self.partial = Some(part);
                continue;
            };
            if !self.guard.allows(self.epoch, loss) {
                return done;
            }
            self.opt.step(&mut self.params, &self.grads);
            budget.charge(update);
            if !self.guard.allows_params(self.epoch, &self.params) {
                return done;
            }
            part.next += self.config.batch;
            if part.next < n {
                self.partial = Some(part);
            } else {
                self.epoch += 1;
                done += 1;
            }
        }
        done
    }

    /// Work units of one training image through a minibatch's gradient.
    pub fn image_units(&self) -> u64 {
        self.mlp.column_units()
    }

    /// Work units of one point through the latent map `f` (decode, encode):
    /// half a unit per weight, since a block of points runs through each
    /// layer together and vectorises well (measured).
    pub fn map_units(&self) -> u64 {
        self.mlp.forward_units(0..6) / 2
    }

    /// True while an epoch is partly done.
    pub fn mid_epoch(&self) -> bool {
        self.partial.is_some()
    }

    /// Share of the epoch in progress done (0 between epochs).
    pub fn epoch_fraction(&self) -> f64 {
        self.partial.as_ref().map_or(0.0, |p| {
            (p.next + p.pass.columns_done()) as f64 / p.order.len().max(1) as f64
        })
    }

    /// Back to epoch 0 with the same seed.
    pub fn reset(&mut self, digits: &Digits) {
        if let Ok(fresh) = LatentRun::new(self.config.clone(), digits) {
            *self = fresh;
        }
    }

    /// Latent codes (`k × n`) of images given as columns.
    pub fn encode(&self, x: &DMatrix<f64>) -> DMatrix<f64> {
        self.mlp.run_layers(&self.params, x, ENCODER)
    }

    /// Images (`64 × n`) of latent points given as columns.
    pub fn decode(&self, z: &DMatrix<f64>) -> DMatrix<f64> {
        self.mlp.run_layers(&self.params, z, DECODER)
    }

    /// The latent map `f(z) = E(D(z))` on points given as columns.
    pub fn map(&self, z: &DMatrix<f64>) -> DMatrix<f64> {
        self.encode(&self.decode(z))
    }

    /// The Jacobian of `f` at `z` (`k × k`, row-major), by the chain rule.
    pub fn jacobian(&self, z: &[f64]) -> Vec<f64> {
        let jd = self.mlp.jacobian_layers(&self.params, z, DECODER);
        let x = self.decode(&DMatrix::from_column_slice(z.len(), 1, z));
        let je = self
            .mlp
            .jacobian_layers(&self.params, x.as_slice(), ENCODER);
        let j = je * jd;
        j.transpose().as_slice().to_vec()
    }

    /// Codes of the training images and of the held-out sample.
    pub fn codes(&self) -> (DMatrix<f64>, DMatrix<f64>) {
        (self.encode(&self.train_x), self.encode(&self.held_sample()))
    }

    /// The first [`HELD_SAMPLE`] held-out images (columns) and their data-set indices.
    pub fn held_sample(&self) -> DMatrix<f64> {
        let m = HELD_SAMPLE.min(self.held_idx.len());
        self.held_x.columns(0, m).clone_owned()
    }

    /// Data-set indices of the training images and of the held-out images (in
    /// the split's shuffled order).
    pub fn split(&self) -> (&[usize], &[usize]) {
        (&self.train_idx, &self.held_idx)
    }

    /// The trajectory starts: an even grid over `[-EXTENT, EXTENT]^k`.
    pub fn starts(&self) -> DMatrix<f64> {
        let g = self.config.grid;
        let at = |i: usize| -EXTENT + 2.0 * EXTENT * (i as f64 + 0.5) / g as f64;
        match self.config.k {
            1 => DMatrix::from_fn(1, g, |_, j| at(j)),
            _ => DMatrix::from_fn(2, g * g, |r, j| at(if r == 0 { j % g } else { j / g })),
        }
    }

    /// The field `V(z) = f(z) − z` at points given as columns.
    pub fn field(&self, z: &DMatrix<f64>) -> DMatrix<f64> {
        self.map(z) - z
    }

    /// A few trajectories from `starts` (columns), each as its visited points
    /// (at most `steps` iterations, stopping at convergence).
    pub fn paths(&self, starts: &DMatrix<f64>, steps: usize) -> Vec<Vec<Vec<f64>>> {
        let mut out: Vec<Vec<Vec<f64>>> = starts
            .column_iter()
            .map(|c| alloc::vec![c.iter().copied().collect()])
            .collect();
        let mut z = starts.clone();
        for _ in 0..steps {
            let next = self.map(&z);
            let mut moved = false;
            for (j, path) in out.iter_mut().enumerate() {
                let (a, b) = (z.column(j), next.column(j));
                if b.iter().all(|v| v.is_finite()) && (b - a).norm() >= TOLERANCE {
                    path.push(b.iter().copied().collect());
                    moved = true;
                }
            }
            z = next;
            if !moved {
                break;
            }
        }
        out
    }
}

impl crate::live::Steps for LatentRun {
    fn target_steps(&self) -> u64 {
        self.config.epochs
    }

    fn steps_done(&self) -> u64 {
        self.epoch
    }

    fn step(&mut self, count: u64) -> u64 {
        self.train(count)
    }
}
