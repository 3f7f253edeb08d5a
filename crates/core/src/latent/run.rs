//! The autoencoder on the 8×8 digits, its latent map `f(z) = E(D(z))`, and
//! the attractor analysis the lab plots.

pub use super::config::LatentConfig;
use super::field::{self, Attractor};
use crate::config::ConfigError;
use crate::digits::Digits;
use crate::nn::{Activation, Adam, Batch, Loss, Mlp, MlpWorkspace, Optimizer, all_finite};
use crate::rng::{self, Purpose, Stream};
use alloc::vec::Vec;
use nalgebra::DMatrix;

/// The latent square (or segment) the field and the trajectory starts cover.
pub const EXTENT: f64 = 8.0;
/// A trajectory has converged when a step moves it less than this (SPEC §3).
pub const TOLERANCE: f64 = 1e-5;
/// Iterations after which a trajectory is cut (SPEC §3).
pub const MAX_ITERATIONS: usize = 500;
/// End points closer than this join one attractor (our choice).
pub const CLUSTER_RADIUS: f64 = 0.05;
/// An attractor is *memorised* when its decoded image is closer to its nearest
/// training image than this fraction of the distance to the nearest held-out
/// image (our definition: "much closer" = under half as far).
pub const MEMORISED_RATIO: f64 = 0.5;

/// One attractor with what the lab shows of it.
#[derive(Clone, Debug, PartialEq)]
pub struct AttractorInfo {
    /// Position in latent space.
    pub center: Vec<f64>,
    /// Trajectories that ended there.
    pub count: usize,
    /// Eigenvalues `(re, im)` of the Jacobian of `f` there.
    pub eigenvalues: Vec<(f64, f64)>,
    /// The decoded image, pixels in [0, 1].
    pub image: Vec<f64>,
    /// Nearest training image: `(index into the data set, distance)`.
    pub nearest_train: (usize, f64),
    /// Nearest image of an equally large held-out sample (the first of the
    /// shuffled held-out images): `(index into the data set, distance)`.
    pub nearest_held: (usize, f64),
    /// Much closer to a training image than to any held-out one.
    pub memorised: bool,
}

/// The attractor analysis at one epoch.
#[derive(Clone, Debug, PartialEq)]
pub struct Analysis {
    /// Epochs trained.
    pub epoch: u64,
    /// Attractors, most visited first.
    pub attractors: Vec<AttractorInfo>,
    /// Share of the attractors that are memorised (0 when there are none).
    pub memorised_fraction: f64,
    /// Share of the starts whose trajectory converged.
    pub converged_share: f64,
}

/// Losses at one epoch.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LatentLosses {
    /// Epochs trained.
    pub epoch: u64,
    /// Reconstruction MSE on the training images.
    pub train: f64,
    /// Reconstruction MSE on the held-out images.
    pub held: f64,
}

/// One autoencoder run: training by epochs and the latent-field analysis.
pub struct LatentRun {
    config: LatentConfig,
    mlp: Mlp,
    params: Vec<f64>,
    grads: Vec<f64>,
    ws: MlpWorkspace,
    opt: Adam,
    order_rng: Stream,
    /// Data-set indices of the training and held-out images.
    train_idx: Vec<usize>,
    held_idx: Vec<usize>,
    /// Images as columns (64 × n), pixels in [0, 1].
    train_x: DMatrix<f64>,
    held_x: DMatrix<f64>,
    batch_x: DMatrix<f64>,
    epoch: u64,
    diverged: bool,
}

/// Held-out images used for the held-out loss and the codes figure: a fixed
/// sample keeps both quick while training runs (our choice).
pub const HELD_SAMPLE: usize = 256;

/// Layers of the encoder and decoder inside the one network.
const ENCODER: core::ops::Range<usize> = 0..3;
const DECODER: core::ops::Range<usize> = 3..6;

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
            diverged: false,
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

    /// True once a loss or weight became non-finite.
    pub fn diverged(&self) -> bool {
        self.diverged
    }

    /// Why the run stopped, if it diverged.
    pub fn divergence(&self) -> Option<alloc::string::String> {
        self.diverged.then(|| {
            alloc::format!(
                "the loss or a weight became non-finite in epoch {} (lr {})",
                self.epoch + 1,
                self.config.lr
            )
        })
    }

    /// Trains up to `count` epochs (minibatches in a seeded shuffled order);
    /// returns the epochs completed.
    pub fn train(&mut self, count: u64) -> u64 {
        let n = self.train_idx.len();
        let mut done = 0;
        while done < count && !self.diverged {
            let mut order: Vec<usize> = (0..n).collect();
            for i in (1..n).rev() {
                order.swap(i, rng::below(&mut self.order_rng, i as u64 + 1) as usize);
            }
            for chunk in order.chunks(self.config.batch) {
                if self.batch_x.ncols() != chunk.len() {
                    self.batch_x = DMatrix::zeros(64, chunk.len());
                }
                for (j, &i) in chunk.iter().enumerate() {
                    self.batch_x.set_column(j, &self.train_x.column(i));
                }
                let loss = self.mlp.loss_and_grad(
                    &self.params,
                    Batch {
                        input: &self.batch_x,
                        target: &self.batch_x,
                    },
                    Loss::Mse,
                    self.config.weight_decay,
                    &mut self.ws,
                    &mut self.grads,
                );
                self.opt.step(&mut self.params, &self.grads);
                if !loss.is_finite() || !all_finite(&self.params) {
                    self.diverged = true;
                    return done;
                }
            }
            self.epoch += 1;
            done += 1;
        }
        done
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

    /// Reconstruction errors on the training images and on a held-out sample
    /// of [`HELD_SAMPLE`] images (the first of the shuffled held-out set).
    pub fn losses(&self) -> LatentLosses {
        let mse = |x: &DMatrix<f64>| {
            let r = self.mlp.run_layers(&self.params, x, 0..6);
            (r - x).norm_squared() / (x.len().max(1)) as f64
        };
        LatentLosses {
            epoch: self.epoch,
            train: mse(&self.train_x),
            held: mse(&self.held_sample()),
        }
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

    /// Iterates `f` from every start, clusters the end points into attractors
    /// and describes each (eigenvalues, decoded image, nearest images).
    pub fn analyze(&self) -> Analysis {
        let starts = self.starts();
        let trajectories = field::iterate_all(
            &mut |z: &DMatrix<f64>| self.map(z),
            &starts,
            TOLERANCE,
            MAX_ITERATIONS,
        );
        let ends: Vec<Vec<f64>> = trajectories
            .iter()
            .filter(|t| t.converged)
            .map(|t| t.end.clone())
            .collect();
        let converged_share = ends.len() as f64 / trajectories.len().max(1) as f64;
        let attractors: Vec<AttractorInfo> = field::cluster(&ends, CLUSTER_RADIUS)
            .into_iter()
            .map(|a| self.describe(a))
            .collect();
        let memorised = attractors.iter().filter(|a| a.memorised).count();
        Analysis {
            epoch: self.epoch,
            memorised_fraction: memorised as f64 / attractors.len().max(1) as f64,
            attractors,
            converged_share,
        }
    }

    fn describe(&self, a: Attractor) -> AttractorInfo {
        let image = self.decode(&DMatrix::from_column_slice(a.center.len(), 1, &a.center));
        let nearest = |set: &DMatrix<f64>, idx: &[usize]| {
            set.column_iter()
                .enumerate()
                .map(|(j, c)| (idx[j], (c - &image).norm()))
                .fold(
                    (0, f64::INFINITY),
                    |best, x| if x.1 < best.1 { x } else { best },
                )
        };
        let nearest_train = nearest(&self.train_x, &self.train_idx);
        // An equally large held-out sample: with all 1,733 held-out images the
        // nearest one would be closer by sheer numbers.
        let m = self.train_idx.len().min(self.held_idx.len());
        let nearest_held = nearest(
            &self.held_x.columns(0, m).clone_owned(),
            &self.held_idx[..m],
        );
        AttractorInfo {
            eigenvalues: field::eigenvalues(&self.jacobian(&a.center)),
            memorised: nearest_train.1 < MEMORISED_RATIO * nearest_held.1,
            image: image.as_slice().to_vec(),
            nearest_train,
            nearest_held,
            center: a.center,
            count: a.count,
        }
    }
}

impl crate::train::Steps for LatentRun {
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
