//! The Capacity Lab's live run: train one classifier, then prune it at every
//! level under both schemes (optionally fine-tuning each), then train a small
//! and a large net for the corruption curves — all in slices of epochs.

pub use super::config::{CapacityConfig, Source};
use super::data::{LabelledImages, Split, pair_split};
use super::run::{Classifier, ClassifierConfig, Scheme, Scores, with_noise, with_occlusion};
use crate::config::ConfigError;
use crate::rng::{self, Purpose};
use alloc::vec::Vec;
use nalgebra::DMatrix;

/// Pruning levels of the sparsity curves.
pub const LEVELS: [f64; 11] = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99];
/// Noise levels of the corruption curves (σ of the added Gaussian noise).
pub const SIGMAS: [f64; 6] = [0.0, 0.1, 0.2, 0.3, 0.4, 0.5];
/// What the paper's code actually pruned: "95 %" divided by 100 twice.
pub const PAPER_LEVEL: f64 = 0.0095;
/// The pruning level whose net the saliency maps show.
pub const SALIENCY_LEVEL: f64 = 0.95;

/// One point of a sparsity curve.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PrunePoint {
    /// The scheme.
    pub scheme: Scheme,
    /// The requested share of weights to zero.
    pub level: f64,
    /// The share of weights actually zero.
    pub achieved: f64,
    /// Held-out F1 right after pruning.
    pub f1: f64,
    /// Held-out F1 after masked fine-tuning (when it is on).
    pub f1_tuned: Option<f64>,
}

/// One point of a corruption curve.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct NoisePoint {
    /// Hidden width of the net.
    pub hidden: usize,
    /// Noise σ (`None`: the random 7×7 occlusion, 2×2 on the 8×8 digits).
    pub sigma: Option<f64>,
    /// Held-out F1 on the corrupted images.
    pub f1: f64,
}

enum Phase {
    Train,
    Prune(usize),
    Noise(usize),
    Done,
}

/// The live Capacity Lab run.
pub struct CapacityRun {
    config: CapacityConfig,
    split: Split,
    side: usize,
    dense: Classifier,
    phase: Phase,
    /// The pruned net being fine-tuned, with its point.
    tuning: Option<(Classifier, PrunePoint)>,
    prune_points: Vec<PrunePoint>,
    /// The dense net pruned at [`PAPER_LEVEL`] (global, no fine-tuning).
    paper_point: Option<PrunePoint>,
    /// The net the saliency maps compare with the dense one.
    saliency_net: Option<Classifier>,
    noise_net: Option<Classifier>,
    noise_points: Vec<NoisePoint>,
    /// Held-out scores of the dense net after each epoch.
    history: Vec<(u64, Scores)>,
    work: u64,
}

/// Pruning jobs: (scheme, level) for both schemes and every level.
fn jobs() -> impl Iterator<Item = (Scheme, f64)> {
    [Scheme::Global, Scheme::PerLayer]
        .into_iter()
        .flat_map(|s| LEVELS.iter().map(move |&l| (s, l)))
}

impl CapacityRun {
    /// A run on `data` (its source must be the config's).
    pub fn new(config: CapacityConfig, data: &LabelledImages) -> Result<Self, ConfigError> {
        config.validate()?;
        let split = pair_split(data, config.pair(), config.classifier.seed);
        Ok(Self::fresh(config, split, data.side))
    }

    /// A run at its start on `split`.
    fn fresh(config: CapacityConfig, split: Split, side: usize) -> Self {
        let dense = Classifier::new(config.classifier.clone(), split.train_x.nrows())
            .expect("validated config");
        Self {
            side,
            split,
            dense,
            phase: Phase::Train,
            tuning: None,
            prune_points: Vec::new(),
            paper_point: None,
            saliency_net: None,
            noise_net: None,
            noise_points: Vec::new(),
            history: Vec::new(),
            work: 0,
            config,
        }
    }

    /// Back to the start with the same seed (the split is kept).
    pub fn reset(&mut self) {
        let split = core::mem::take(&mut self.split);
        *self = Self::fresh(self.config.clone(), split, self.side);
    }

    /// The config.
    pub fn config(&self) -> &CapacityConfig {
        &self.config
    }

    /// Total work in epochs: training, the pruning curves (fine-tuning epochs,
    /// or one unit per pruned net without it) and the two corruption nets.
    pub fn total_work(&self) -> u64 {
        let e = self.config.classifier.epochs;
        e + jobs().count() as u64 * self.config.finetune.max(1) + 2 * e.max(1)
    }

    /// Work done, in the units of [`CapacityRun::total_work`].
    pub fn work_done(&self) -> u64 {
        self.work
    }

    /// True once the dense net diverged (nothing after it is run).
    pub fn diverged(&self) -> bool {
        self.dense.diverged()
    }

    /// Does up to `budget` units of work; returns the units done.
    pub fn advance(&mut self, budget: u64) -> u64 {
        let mut done = 0;
        while done < budget {
            let left = budget - done;
            let used = match self.phase {
                Phase::Train => self.train_dense(left),
                Phase::Prune(k) => self.prune_job(k, left),
                Phase::Noise(k) => self.noise_job(k, left),
                Phase::Done => break,
            };
            done += used;
        }
        // Phases whose jobs are all done end now, not on the next call.
        loop {
            match self.phase {
                Phase::Prune(k) if k >= jobs().count() => self.phase = Phase::Noise(0),
                Phase::Noise(k) if k >= 2 => self.phase = Phase::Done,
                _ => break,
            }
        }
        self.work += done;
        if self.is_finished() {
            // A diverged net ends its phase early: the counter still ends full.
            self.work = self.total_work();
        }
        done
    }

    /// True when every phase is done (or the dense net diverged).
    pub fn is_finished(&self) -> bool {
        matches!(self.phase, Phase::Done)
    }

    fn train_dense(&mut self, left: u64) -> u64 {
        let want = self
            .config
            .classifier
            .epochs
            .saturating_sub(self.dense.epochs_done());
        let mut used = 0;
        for _ in 0..want.min(left) {
            if self.dense.train(&self.split, 1) == 0 {
                break;
            }
            used += 1;
            let s = self.dense.scores(&self.split.test_x, &self.split.test_y);
            self.history.push((self.dense.epochs_done(), s));
        }
        if self.dense.diverged() {
            self.phase = Phase::Done;
        } else if self.dense.epochs_done() >= self.config.classifier.epochs {
            let net = self.dense.pruned(PAPER_LEVEL, Scheme::Global);
            self.paper_point = Some(PrunePoint {
                scheme: Scheme::Global,
                level: PAPER_LEVEL,
                achieved: net.sparsity(),
                f1: net.scores(&self.split.test_x, &self.split.test_y).f1,
                f1_tuned: None,
            });
            self.phase = Phase::Prune(0);
        }
        used
    }

    fn prune_job(&mut self, k: usize, left: u64) -> u64 {
        let Some((scheme, level)) = jobs().nth(k) else {
            self.phase = Phase::Noise(0);
            return 0;
        };
        let (mut net, mut point) = self.tuning.take().unwrap_or_else(|| {
            let net = self.dense.pruned(level, scheme);
            let point = PrunePoint {
                scheme,
                level,
                achieved: net.sparsity(),
                f1: net.scores(&self.split.test_x, &self.split.test_y).f1,
                f1_tuned: None,
            };
            (net, point)
        });
        let ft = self.config.finetune;
        let used = if ft == 0 {
            1
        } else {
            let start = net.epochs_done();
            let target = self.config.classifier.epochs + ft;
            net.train(&self.split, target.saturating_sub(start).min(left));
            net.epochs_done() - start
        };
        let finished =
            ft == 0 || net.diverged() || net.epochs_done() >= self.config.classifier.epochs + ft;
        if finished {
            if ft > 0 {
                point.f1_tuned = Some(if net.diverged() {
                    f64::NAN
                } else {
                    net.scores(&self.split.test_x, &self.split.test_y).f1
                });
            }
            if scheme == Scheme::Global && level == SALIENCY_LEVEL {
                self.saliency_net = Some(net);
            }
            self.prune_points.push(point);
            self.phase = Phase::Prune(k + 1);
        } else {
            self.tuning = Some((net, point));
        }
        used.max(1)
    }

    fn noise_job(&mut self, k: usize, left: u64) -> u64 {
        let widths = [self.config.small, self.config.large];
        let Some(&hidden) = widths.get(k) else {
            self.phase = Phase::Done;
            return 0;
        };
        let dim = self.split.train_x.nrows();
        let mut net = self.noise_net.take().unwrap_or_else(|| {
            Classifier::new(
                ClassifierConfig {
                    hidden,
                    ..self.config.classifier.clone()
                },
                dim,
            )
            .expect("validated config")
        });
        let epochs = self.config.classifier.epochs;
        let used = net.train(
            &self.split,
            epochs.saturating_sub(net.epochs_done()).min(left),
        );
        if net.diverged() || net.epochs_done() >= epochs {
            let mut r = rng::stream(self.config.classifier.seed, Purpose::Aux);
            let score = |x: &DMatrix<f64>, sigma| NoisePoint {
                hidden,
                sigma,
                f1: if net.diverged() {
                    f64::NAN
                } else {
                    net.scores(x, &self.split.test_y).f1
                },
            };
            for &sigma in &SIGMAS {
                let x = with_noise(&self.split.test_x, sigma, &mut r);
                self.noise_points.push(score(&x, Some(sigma)));
            }
            let patch = if self.side >= 28 { 7 } else { 2 };
            let x = with_occlusion(&self.split.test_x, self.side, patch, &mut r);
            self.noise_points.push(score(&x, None));
            self.phase = Phase::Noise(k + 1);
        } else {
            self.noise_net = Some(net);
        }
        used.max(1)
    }

    /// The dense classifier.
    pub fn dense(&self) -> &Classifier {
        &self.dense
    }

    /// The split.
    pub fn split(&self) -> &Split {
        &self.split
    }

    /// Held-out scores of the dense net after each epoch.
    pub fn history(&self) -> &[(u64, Scores)] {
        &self.history
    }

    /// The sparsity curves so far.
    pub fn prune_points(&self) -> &[PrunePoint] {
        &self.prune_points
    }

    /// The dense net pruned as the paper's code did (0.95 %), once trained.
    pub fn paper_point(&self) -> Option<PrunePoint> {
        self.paper_point
    }

    /// The corruption curves so far.
    pub fn noise_points(&self) -> &[NoisePoint] {
        &self.noise_points
    }

    /// The 95 %-pruned (global, fine-tuned when on) net, once it exists.
    pub fn saliency_net(&self) -> Option<&Classifier> {
        self.saliency_net.as_ref()
    }

    /// Image side length.
    pub fn side(&self) -> usize {
        self.side
    }
}

impl crate::train::Steps for CapacityRun {
    fn target_steps(&self) -> u64 {
        self.total_work()
    }

    fn steps_done(&self) -> u64 {
        self.work
    }

    fn step(&mut self, count: u64) -> u64 {
        self.advance(count)
    }
}
