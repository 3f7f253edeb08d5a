//! The slices of a Capacity Lab run ([`CapacityRun`]): the phase machine
//! that trains, scores, prunes and corrupts, one bounded piece of work at a
//! time, and credits each unit at its last slice.

use super::lab::{LEVELS, NoisePoint, PAPER_LEVEL, PrunePoint, SALIENCY_LEVEL, SIGMAS};
use super::live::CapacityRun;
use super::run::{Classifier, ClassifierConfig, Scheme, with_noise, with_occlusion};
use super::saliency::{self, SaliencyMaps};
use crate::budget::{self, Budget};
use crate::rng::{self, Purpose, Stream};
use alloc::boxed::Box;
use nalgebra::DMatrix;

/// Work units of one Gaussian draw (see [`crate::budget`]).
pub(super) const NORMAL_UNITS: u64 = 50;

pub(super) enum Dense {
    /// Epochs (the one in progress may be partly done).
    Train,
    /// The epoch just trained is scored on the held-out images.
    Score,
    /// After the last epoch: the net pruned as the paper's code did, then scored.
    PaperPrune,
    PaperScore(Box<Classifier>),
}

pub(super) enum Prune {
    Start,
    Score(Box<Classifier>),
    /// Fine-tuning, with the units credited so far.
    Tune(Box<Classifier>, PrunePoint, u64),
    Final(Box<Classifier>, PrunePoint, u64),
}

pub(super) enum Noise {
    Start,
    /// Training, with the units credited so far.
    Train(Box<Classifier>, u64),
    /// Corruption level `i` (`SIGMAS.len()`: the occlusion): its images,
    /// drawn a block of columns per slice up to `done`, then scored.
    Corrupt(Box<Corruption>),
}

pub(super) struct Corruption {
    net: Classifier,
    rng: Stream,
    level: usize,
    images: DMatrix<f64>,
    done: usize,
    credited: u64,
}

pub(super) enum Phase {
    Dense(Dense),
    Prune(usize, Prune),
    /// The saliency maps, a map per slice, then pruning job `k` goes on.
    Saliency(usize, Box<SaliencyMaps>),
    Noise(usize, Noise),
    Done,
}

/// Pruning jobs: (scheme, level) for both schemes and every level.
pub(super) fn jobs() -> impl Iterator<Item = (Scheme, f64)> {
    [Scheme::Global, Scheme::PerLayer]
        .into_iter()
        .flat_map(|s| LEVELS.iter().map(move |&l| (s, l)))
}

impl CapacityRun {
    fn score_units(&self, net: &Classifier) -> u64 {
        self.split.test_x.ncols() as u64 * net.score_units(self.nonzero)
    }

    /// Copying the net and selecting its smallest weights (O(n), a few
    /// passes; see [`Classifier::pruned`]).
    fn prune_units(net: &Classifier) -> u64 {
        40 * net.n_params() as u64
    }

    /// The cost of the next slice when it is one of fixed size (scoring,
    /// pruning, a new net); 0 when it sizes itself to the budget.
    pub(super) fn next_cost(&self) -> u64 {
        match &self.phase {
            Phase::Dense(Dense::Score) => self.score_units(&self.dense),
            Phase::Dense(Dense::PaperPrune) | Phase::Prune(_, Prune::Start) => {
                Self::prune_units(&self.dense)
            }
            Phase::Dense(Dense::PaperScore(net))
            | Phase::Prune(_, Prune::Score(net))
            | Phase::Prune(_, Prune::Final(net, ..)) => self.score_units(net),
            Phase::Saliency(..) => self.map_units(),
            Phase::Noise(k, Noise::Start) => {
                let h = [self.config.small, self.config.large]
                    .get(*k)
                    .copied()
                    .unwrap_or(0);
                let d = self.split.train_x.nrows();
                ((d + 2) * h + 1) as u64 * NORMAL_UNITS
            }
            Phase::Noise(_, Noise::Corrupt(c))
                if c.level >= SIGMAS.len() || c.done >= self.split.test_x.ncols() =>
            {
                self.score_units(&c.net) + self.split.test_x.ncols() as u64
            }
            _ => 0,
        }
    }

    /// One slice of work; returns the units it credits.
    pub(super) fn slice(&mut self, budget: &mut Budget) -> u64 {
        let phase = core::mem::replace(&mut self.phase, Phase::Done);
        let (next, credited) = match phase {
            Phase::Dense(d) => self.dense_slice(d, budget),
            Phase::Prune(k, p) => self.prune_slice(k, p, budget),
            Phase::Noise(k, n) => self.noise_slice(k, n, budget),
            Phase::Saliency(k, mut maps) => {
                budget.charge(self.map_units());
                let picks = saliency::picks(&self.split.test_y);
                let pruned = self.saliency_net.as_ref().expect("set before its maps");
                if maps.add_next(&self.dense, pruned, &self.split.test_x, &picks) {
                    self.saliency = Some(*maps);
                    (Phase::Prune(k, Prune::Start), 0)
                } else {
                    (Phase::Saliency(k, maps), 0)
                }
            }
            Phase::Done => (Phase::Done, 0),
        };
        self.phase = next;
        credited
    }

    fn dense_slice(&mut self, stage: Dense, budget: &mut Budget) -> (Phase, u64) {
        let epochs = self.config.classifier.epochs;
        match stage {
            Dense::Train if self.dense.epochs_done() >= epochs => {
                (Phase::Dense(Dense::PaperPrune), 0)
            }
            Dense::Train => {
                let column = self.dense.column_units(self.nonzero);
                let k = self.dense.train_within(&self.split, 1, budget, column);
                if self.dense.diverged() {
                    (Phase::Done, 0)
                } else if k == 1 {
                    (Phase::Dense(Dense::Score), 0)
                } else {
                    (Phase::Dense(Dense::Train), 0)
                }
            }
            Dense::Score => {
                budget.charge(self.score_units(&self.dense));
                let s = self.dense.scores(&self.split.test_x, &self.split.test_y);
                self.history.push((self.dense.epochs_done(), s));
                if self.dense.epochs_done() >= epochs {
                    // The last epoch is credited once the paper's pruning is scored.
                    (Phase::Dense(Dense::PaperPrune), 0)
                } else {
                    (Phase::Dense(Dense::Train), 1)
                }
            }
            Dense::PaperPrune => {
                budget.charge(Self::prune_units(&self.dense));
                let net = self.dense.pruned(PAPER_LEVEL, Scheme::Global);
                (Phase::Dense(Dense::PaperScore(Box::new(net))), 0)
            }
            Dense::PaperScore(net) => {
                budget.charge(self.score_units(&net));
                self.paper_point = Some(PrunePoint {
                    scheme: Scheme::Global,
                    level: PAPER_LEVEL,
                    achieved: net.sparsity(),
                    f1: net.scores(&self.split.test_x, &self.split.test_y).f1,
                    f1_tuned: None,
                });
                (Phase::Prune(0, Prune::Start), u64::from(epochs > 0))
            }
        }
    }

    fn prune_slice(&mut self, k: usize, stage: Prune, budget: &mut Budget) -> (Phase, u64) {
        let Some((scheme, level)) = jobs().nth(k) else {
            return (Phase::Noise(0, Noise::Start), 0);
        };
        let ft = self.config.finetune;
        let target = self.config.classifier.epochs + ft;
        match stage {
            Prune::Start => {
                budget.charge(Self::prune_units(&self.dense));
                (
                    Phase::Prune(k, Prune::Score(Box::new(self.dense.pruned(level, scheme)))),
                    0,
                )
            }
            Prune::Score(net) => {
                budget.charge(self.score_units(&net));
                let point = PrunePoint {
                    scheme,
                    level,
                    achieved: net.sparsity(),
                    f1: net.scores(&self.split.test_x, &self.split.test_y).f1,
                    f1_tuned: None,
                };
                if ft == 0 {
                    (self.end_prune(k, *net, point), 1)
                } else {
                    (Phase::Prune(k, Prune::Tune(net, point, 0)), 0)
                }
            }
            Prune::Tune(mut net, point, credited) => {
                if !net.diverged() && net.epochs_done() < target {
                    let column = net.column_units(self.nonzero);
                    let done = net.train_within(&self.split, 1, budget, column);
                    if done == 1 && !net.diverged() && net.epochs_done() < target {
                        return (Phase::Prune(k, Prune::Tune(net, point, credited + 1)), 1);
                    }
                    if !net.diverged() && net.epochs_done() < target {
                        return (Phase::Prune(k, Prune::Tune(net, point, credited)), 0);
                    }
                }
                (Phase::Prune(k, Prune::Final(net, point, credited)), 0)
            }
            Prune::Final(net, mut point, credited) => {
                budget.charge(self.score_units(&net));
                point.f1_tuned = Some(if net.diverged() {
                    f64::NAN
                } else {
                    net.scores(&self.split.test_x, &self.split.test_y).f1
                });
                // The job's last unit, and any a diverged net did not train.
                (self.end_prune(k, *net, point), ft - credited)
            }
        }
    }

    /// Records job `k`'s point; the next phase: the saliency maps after the
    /// job whose net they compare, else the next job.
    fn end_prune(&mut self, k: usize, net: Classifier, point: PrunePoint) -> Phase {
        self.prune_points.push(point);
        if jobs().nth(k) == Some((Scheme::Global, SALIENCY_LEVEL)) {
            self.saliency_net = Some(net);
            return Phase::Saliency(k + 1, Box::default());
        }
        Phase::Prune(k + 1, Prune::Start)
    }

    /// One map: a forward pass of every pixel's perturbed image, and a gradient.
    fn map_units(&self) -> u64 {
        let net = self.saliency_net.as_ref().unwrap_or(&self.dense);
        let d = self.split.test_x.nrows() as u64;
        d * net.score_units(self.nonzero + 1.0) + net.n_params() as u64
    }

    fn noise_slice(&mut self, k: usize, stage: Noise, budget: &mut Budget) -> (Phase, u64) {
        let widths = [self.config.small, self.config.large];
        let Some(&hidden) = widths.get(k) else {
            return (Phase::Done, 0);
        };
        let epochs = self.config.classifier.epochs;
        match stage {
            Noise::Start => {
                let net = Classifier::new(
                    ClassifierConfig {
                        hidden,
                        ..self.config.classifier.clone()
                    },
                    self.split.train_x.nrows(),
                )
                .expect("validated config");
                budget.charge(net.n_params() as u64 * NORMAL_UNITS);
                (Phase::Noise(k, Noise::Train(Box::new(net), 0)), 0)
            }
            Noise::Train(mut net, credited) => {
                if !net.diverged() && net.epochs_done() < epochs {
                    let column = net.column_units(self.nonzero);
                    let done = net.train_within(&self.split, 1, budget, column);
                    if done == 1 && !net.diverged() && net.epochs_done() < epochs {
                        return (Phase::Noise(k, Noise::Train(net, credited + 1)), 1);
                    }
                    if !net.diverged() && net.epochs_done() < epochs {
                        return (Phase::Noise(k, Noise::Train(net, credited)), 0);
                    }
                }
                let c = Corruption {
                    net: *net,
                    rng: rng::stream(self.config.classifier.seed, Purpose::Aux),
                    level: 0,
                    images: self.split.test_x.clone(),
                    done: 0,
                    credited,
                };
                (Phase::Noise(k, Noise::Corrupt(Box::new(c))), 0)
            }
            Noise::Corrupt(mut c) => {
                let test = &self.split.test_x;
                let n = test.ncols();
                if let Some(&sigma) = SIGMAS.get(c.level)
                    && c.done < n
                {
                    // Noise drawn column block by column block, in the order
                    // one pass over the whole matrix draws it.
                    let per = test.nrows() as u64 * NORMAL_UNITS;
                    let len = budget::items_within(budget, per, n - c.done);
                    let block =
                        with_noise(&test.columns(c.done, len).clone_owned(), sigma, &mut c.rng);
                    c.images.columns_mut(c.done, len).copy_from(&block);
                    c.done += len;
                    budget.charge(len as u64 * per);
                    return (Phase::Noise(k, Noise::Corrupt(c)), 0);
                }
                let sigma = SIGMAS.get(c.level).copied();
                if sigma.is_none() {
                    let patch = if self.side >= 28 { 7 } else { 2 };
                    c.images = with_occlusion(test, self.side, patch, &mut c.rng);
                }
                budget.charge(self.score_units(&c.net) + n as u64);
                self.noise_points.push(NoisePoint {
                    hidden,
                    sigma,
                    f1: if c.net.diverged() {
                        f64::NAN
                    } else {
                        c.net.scores(&c.images, &self.split.test_y).f1
                    },
                });
                if c.level < SIGMAS.len() {
                    c.level += 1;
                    c.done = 0;
                    (Phase::Noise(k, Noise::Corrupt(c)), 0)
                } else {
                    // The net's last unit, and any a diverged net did not train.
                    (
                        Phase::Noise(k + 1, Noise::Start),
                        epochs.max(1) - c.credited,
                    )
                }
            }
        }
    }
}
