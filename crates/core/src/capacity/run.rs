//! One classifier of the paper's protocol: d → H ReLU → 1 sigmoid, weights
//! N(0, 0.1²), full-batch gradient descent on binary cross-entropy; its scores,
//! magnitude pruning, corrupted inputs and saliency.

use super::data::Split;
use super::scores::{Confusion, roc_auc};
use crate::budget::{self, Budget};
use crate::error::{ConfigError, check_range};
use crate::guard::Guard;
use crate::nn::{Activation, Batch, GradPass, Loss, Mlp, MlpWorkspace};
use crate::rng::{self, Purpose, Stream};
use alloc::vec::Vec;
use nalgebra::DMatrix;

/// The widths of the paper's sweep.
pub const WIDTHS: [usize; 11] = [2, 4, 6, 8, 10, 12, 16, 24, 32, 48, 64];
/// The seeds of the paper's sweep.
pub const SEEDS: [u64; 3] = [0, 42, 78];

/// What one classifier run needs besides its data.
#[derive(Clone, Debug, PartialEq)]
pub struct ClassifierConfig {
    /// Hidden width H.
    pub hidden: usize,
    /// Learning rate of full-batch gradient descent (paper: 0.03).
    pub lr: f64,
    /// Epochs = full-batch steps (paper: 100).
    pub epochs: u64,
    /// Seed of the initialisation (the split has its own).
    pub seed: u64,
}

impl Default for ClassifierConfig {
    fn default() -> Self {
        Self {
            hidden: 16,
            lr: 0.03,
            epochs: 100,
            seed: 0,
        }
    }
}

impl ClassifierConfig {
    /// Checks every field; the error names the first bad one.
    pub fn validate(&self) -> Result<(), ConfigError> {
        check_range("H", self.hidden as f64, (1.0, 512.0))?;
        check_range("lr", self.lr, (1e-7, 10.0))?;
        check_range("epochs", self.epochs as f64, (0.0, 100_000.0))
    }
}

/// Scores of a classifier on a set.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Scores {
    /// F1 of class 1.
    pub f1: f64,
    /// Precision of class 1.
    pub precision: f64,
    /// Recall of class 1.
    pub recall: f64,
    /// Area under the ROC curve.
    pub auc: f64,
}

/// How magnitude pruning picks the weights it zeroes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scheme {
    /// The smallest |w| over both weight matrices together.
    Global,
    /// The same share of each weight matrix.
    PerLayer,
}

/// A trained (or training) classifier.
#[derive(Clone, Debug)]
pub struct Classifier {
    config: ClassifierConfig,
    mlp: Mlp,
    params: Vec<f64>,
    grads: Vec<f64>,
    ws: MlpWorkspace,
    /// `true` = the weight may be non-zero (all true until pruned).
    mask: Vec<bool>,
    epoch: u64,
    /// The divergence guard (the one every lab uses).
    guard: Guard,
    /// The epoch in progress, when a call stopped inside it.
    pass: GradPass,
}

impl Classifier {
    /// An untrained classifier for `dim` inputs.
    pub fn new(config: ClassifierConfig, dim: usize) -> Result<Self, ConfigError> {
        config.validate()?;
        let mlp = Mlp::new(
            &[dim, config.hidden, 1],
            Activation::Relu,
            Activation::Sigmoid,
        );
        let params = mlp.init(&mut rng::stream(config.seed, Purpose::Init), Some(0.1));
        let n = mlp.n_params;
        Ok(Self {
            grads: alloc::vec![0.0; n],
            mask: alloc::vec![true; n],
            ws: MlpWorkspace::default(),
            params,
            mlp,
            epoch: 0,
            guard: Guard::new(),
            pass: GradPass::default(),
            config,
        })
    }

    /// The config.
    pub fn config(&self) -> &ClassifierConfig {
        &self.config
    }

    /// Epochs trained (including fine-tuning).
    pub fn epochs_done(&self) -> u64 {
        self.epoch
    }

    /// True once the shared guard stopped the net (see [`crate::guard`]).
    pub fn diverged(&self) -> bool {
        self.guard.tripped()
    }

    /// How the net diverged, if it did.
    pub fn divergence(&self) -> Option<crate::guard::Divergence> {
        self.guard.divergence()
    }

    /// Up to `count` full-batch gradient steps on `split`'s training set
    /// (pruned weights stay zero); returns the steps taken.
    pub fn train(&mut self, split: &Split, count: u64) -> u64 {
        self.train_within(split, count, &mut Budget::unlimited(), 0)
    }

    /// [`Classifier::train`] within a work budget, `column` units per image of
    /// an epoch ([`Classifier::column_units`]): stops once `budget` is spent,
    /// even inside an epoch, and the next call resumes there with the same
    /// numbers (see [`GradPass`]). Returns the epochs completed.
    pub fn train_within(
        &mut self,
        split: &Split,
        count: u64,
        budget: &mut Budget,
        column: u64,
    ) -> u64 {
        let target = DMatrix::from_row_slice(1, split.train_y.len(), &split.train_y);
        let n = split.train_x.ncols();
        let mut done = 0;
        while done < count && !self.guard.tripped() && !budget.is_spent() {
            let cols = budget::items_within(budget, column, n - self.pass.columns_done());
            let loss = self.pass.advance(
                &self.mlp,
                &self.params,
                Batch {
                    input: &split.train_x,
                    target: &target,
                },
                Loss::BinaryCrossEntropy,
                0.0,
                &mut self.ws,
                &mut self.grads,
                cols,
            );
            budget.charge(cols as u64 * column);
            let Some(loss) = loss else {
                continue;
            };
            if !self.guard.allows(self.epoch, loss) {
                break;
            }
            for ((p, g), &keep) in self.params.iter_mut().zip(&self.grads).zip(&self.mask) {
                *p = if keep { *p - self.config.lr * g } else { 0.0 };
            }
            if !self.guard.allows_params(self.epoch, &self.params) {
                break;
            }
            self.epoch += 1;
            done += 1;
        }
        done
    }

    /// True while an epoch is partly done.
    pub fn mid_epoch(&self) -> bool {
        self.pass.columns_done() > 0
    }

    /// Work units of one image through an epoch, for images with `nonzero`
    /// non-zero pixels on average: zero pixels cost no multiply-add, but the
    /// gradient of the first layer still visits every pixel, image by image
    /// across the batch (a strided walk, about 8 units a pixel — measured).
    pub fn column_units(&self, nonzero: f64) -> u64 {
        let h = self.config.hidden as f64;
        (3.0 * h * (nonzero + 3.0)) as u64 + 8 * self.inputs() as u64
    }

    /// Work units of one image through the net (scoring).
    pub fn score_units(&self, nonzero: f64) -> u64 {
        let h = self.config.hidden as f64;
        (h * (nonzero + 3.0) + 2.0) as u64 + self.inputs() as u64
    }

    fn inputs(&self) -> usize {
        self.mlp.layers[0].0.inputs
    }

    /// Weights and biases.
    pub fn n_params(&self) -> usize {
        self.params.len()
    }

    /// P(class 1) for images given as columns.
    pub fn probabilities(&self, x: &DMatrix<f64>) -> Vec<f64> {
        self.mlp
            .run_layers(&self.params, x, 0..2)
            .as_slice()
            .to_vec()
    }

    /// Scores on images (columns) with labels.
    pub fn scores(&self, x: &DMatrix<f64>, y: &[f64]) -> Scores {
        let p = self.probabilities(x);
        let c = Confusion::of(&p, y);
        Scores {
            f1: c.f1(),
            precision: c.precision(),
            recall: c.recall(),
            auc: roc_auc(&p, y),
        }
    }

    /// Indices of the weight entries of each layer (biases are never pruned).
    fn weight_ranges(&self) -> Vec<core::ops::Range<usize>> {
        self.mlp
            .layers
            .iter()
            .map(|(l, _)| l.offset..l.bias_offset())
            .collect()
    }

    /// A copy with the `level` share (0 … 1) of its weights zeroed by
    /// magnitude under `scheme`: exactly `round(level · n)` of the n weights
    /// in scope (ties broken by position). Returns the copy.
    pub fn pruned(&self, level: f64, scheme: Scheme) -> Self {
        let mut out = self.clone();
        let ranges = self.weight_ranges();
        let groups: Vec<Vec<usize>> = match scheme {
            Scheme::Global => alloc::vec![ranges.iter().flat_map(|r| r.clone()).collect()],
            Scheme::PerLayer => ranges.iter().map(|r| r.clone().collect()).collect(),
        };
        for mut idx in groups {
            let k = libm::round(level.clamp(0.0, 1.0) * idx.len() as f64) as usize;
            // The k smallest |w| (ties by position) are one well-defined set:
            // selecting it is O(n), where sorting every weight of a wide net
            // took tens of milliseconds.
            if k > 0 && k < idx.len() {
                idx.select_nth_unstable_by(k - 1, |&a, &b| {
                    libm::fabs(self.params[a])
                        .total_cmp(&libm::fabs(self.params[b]))
                        .then(a.cmp(&b))
                });
            }
            for &i in &idx[..k] {
                out.mask[i] = false;
                out.params[i] = 0.0;
            }
        }
        out
    }

    /// The share of weights (not biases) that are zero.
    pub fn sparsity(&self) -> f64 {
        let ranges = self.weight_ranges();
        let n: usize = ranges.iter().map(|r| r.len()).sum();
        let zeros = ranges
            .iter()
            .flat_map(|r| r.clone())
            .filter(|&i| self.params[i] == 0.0)
            .count();
        zeros as f64 / n.max(1) as f64
    }

    /// The share of each layer's weights that are zero.
    pub fn layer_sparsity(&self) -> Vec<f64> {
        self.weight_ranges()
            .into_iter()
            .map(|r| {
                let n = r.len();
                r.filter(|&i| self.params[i] == 0.0).count() as f64 / n.max(1) as f64
            })
            .collect()
    }

    /// ∂P(class 1)/∂x at image `x` (the input-gradient saliency map).
    pub fn saliency_gradient(&self, x: &[f64]) -> Vec<f64> {
        self.mlp.input_gradient(&self.params, x, 0..2)
    }

    /// The perturbation saliency map: for each pixel, the change of P(class 1)
    /// when that pixel alone is moved by `delta` (towards the other end of
    /// [0, 1] if it would leave it), divided by the move.
    pub fn saliency_perturbation(&self, x: &[f64], delta: f64) -> Vec<f64> {
        let d = x.len();
        let base = self.probabilities(&DMatrix::from_column_slice(d, 1, x))[0];
        let moved = DMatrix::from_fn(d, d, |p, j| {
            let v = x[p];
            if p != j {
                v
            } else if v + delta <= 1.0 {
                v + delta
            } else {
                v - delta
            }
        });
        let probs = self.probabilities(&moved);
        (0..d)
            .map(|j| {
                let step = moved[(j, j)] - x[j];
                (probs[j] - base) / step
            })
            .collect()
    }
}

/// Images with Gaussian noise of standard deviation `sigma` added to every
/// pixel, clipped to [0, 1].
pub fn with_noise(x: &DMatrix<f64>, sigma: f64, rng: &mut Stream) -> DMatrix<f64> {
    x.map(|v| (v + sigma * rng::normal(rng)).clamp(0.0, 1.0))
}

/// Images (`side × side`, as columns) each with a random `patch × patch`
/// square set to 0.
pub fn with_occlusion(
    x: &DMatrix<f64>,
    side: usize,
    patch: usize,
    rng: &mut Stream,
) -> DMatrix<f64> {
    let mut out = x.clone();
    let room = side.saturating_sub(patch) as u64 + 1;
    for mut col in out.column_iter_mut() {
        let (r0, c0) = (
            rng::below(rng, room) as usize,
            rng::below(rng, room) as usize,
        );
        for r in r0..(r0 + patch).min(side) {
            for c in c0..(c0 + patch).min(side) {
                col[r * side + c] = 0.0;
            }
        }
    }
    out
}
