//! The Capacity Lab's live run: train one classifier, then prune it at every
//! level under both schemes (optionally fine-tuning each), then train a small
//! and a large net for the corruption curves.
//!
//! The run counts its work in *units* (an epoch of any net; one unit for a
//! pruned net without fine-tuning or a corruption net without epochs), and
//! does it in *slices* that fit a work budget: part of an epoch, scoring one
//! net on the held-out images, pruning one net, one corruption level. A
//! unit's last slice credits it, so the counter reaches its total only when
//! everything is done, and the results are the same however the slices fall
//! into calls.

use super::data::{LabelledImages, Split, pair_split};
use super::lab::{
    CapacityConfig, LEVELS, NoisePoint, PAPER_LEVEL, PrunePoint, SALIENCY_LEVEL, SIGMAS,
};
use super::run::{Classifier, ClassifierConfig, Scheme, Scores, with_noise, with_occlusion};
use crate::budget::{self, Budget};
use crate::config::ConfigError;
use crate::live::Paced;
use crate::rng::{self, Purpose, Stream};
use alloc::boxed::Box;
use alloc::string::String;
use alloc::vec::Vec;
use nalgebra::DMatrix;

/// Work units of one Gaussian draw (see [`crate::budget`]).
const NORMAL_UNITS: u64 = 50;

enum Dense {
    /// Epochs (the one in progress may be partly done).
    Train,
    /// The epoch just trained is scored on the held-out images.
    Score,
    /// After the last epoch: the net pruned as the paper's code did, then scored.
    PaperPrune,
    PaperScore(Box<Classifier>),
}

enum Prune {
    Start,
    Score(Box<Classifier>),
    /// Fine-tuning, with the units credited so far.
    Tune(Box<Classifier>, PrunePoint, u64),
    Final(Box<Classifier>, PrunePoint, u64),
}

enum Noise {
    Start,
    /// Training, with the units credited so far.
    Train(Box<Classifier>, u64),
    /// Corruption level `i` (`SIGMAS.len()`: the occlusion): its images,
    /// drawn a block of columns per slice up to `done`, then scored.
    Corrupt(Box<Corruption>),
}

struct Corruption {
    net: Classifier,
    rng: Stream,
    level: usize,
    images: DMatrix<f64>,
    done: usize,
    credited: u64,
}

enum Phase {
    Dense(Dense),
    Prune(usize, Prune),
    Noise(usize, Noise),
    Done,
}

/// The live Capacity Lab run.
pub struct CapacityRun {
    config: CapacityConfig,
    split: Split,
    side: usize,
    /// Mean non-zero pixels of a training image (zero pixels cost nothing).
    nonzero: f64,
    dense: Classifier,
    phase: Phase,
    prune_points: Vec<PrunePoint>,
    /// The dense net pruned at [`PAPER_LEVEL`] (global, no fine-tuning).
    paper_point: Option<PrunePoint>,
    /// The net the saliency maps compare with the dense one.
    saliency_net: Option<Classifier>,
    noise_points: Vec<NoisePoint>,
    /// Held-out scores of the dense net after each epoch.
    history: Vec<(u64, Scores)>,
    work: u64,
    /// Slices were done since the last unit was credited.
    uncredited: bool,
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
        let x = &split.train_x;
        let nonzero = x.iter().filter(|&&v| v != 0.0).count() as f64 / x.ncols().max(1) as f64;
        Self {
            side,
            nonzero,
            split,
            dense,
            phase: Phase::Dense(Dense::Train),
            prune_points: Vec::new(),
            paper_point: None,
            saliency_net: None,
            noise_points: Vec::new(),
            history: Vec::new(),
            work: 0,
            uncredited: false,
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

    /// Total work in units: training, the pruning curves (fine-tuning epochs,
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

    /// Does up to `units` units of work; returns the units done.
    pub fn advance(&mut self, units: u64) -> u64 {
        self.advance_within(units, &mut Budget::unlimited())
    }

    /// [`CapacityRun::advance`] within a work budget: stops once `budget` is
    /// spent, even inside a unit, which the next call resumes.
    pub fn advance_within(&mut self, units: u64, budget: &mut Budget) -> u64 {
        let mut done = 0;
        while done < units
            && !self.is_finished()
            && !budget.is_spent()
            && budget.fits(self.next_cost())
        {
            let credited = self.slice(budget);
            self.uncredited = credited == 0;
            done += credited;
        }
        // Phases whose jobs are all done end now, not on the next call.
        loop {
            self.phase = match self.phase {
                Phase::Prune(k, Prune::Start) if k >= jobs().count() => {
                    Phase::Noise(0, Noise::Start)
                }
                Phase::Noise(k, Noise::Start) if k >= 2 => Phase::Done,
                _ => break,
            };
        }
        self.work += done;
        if self.is_finished() {
            // A diverged net ends the run early: the counter still ends full.
            self.uncredited = false;
            self.work = self.total_work();
        }
        done
    }

    /// True when every phase is done (or the dense net diverged).
    pub fn is_finished(&self) -> bool {
        matches!(self.phase, Phase::Done)
    }

    /// True while a unit is partly done.
    pub fn mid_unit(&self) -> bool {
        self.uncredited
    }

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
    fn next_cost(&self) -> u64 {
        match &self.phase {
            Phase::Dense(Dense::Score) => self.score_units(&self.dense),
            Phase::Dense(Dense::PaperPrune) | Phase::Prune(_, Prune::Start) => {
                Self::prune_units(&self.dense)
            }
            Phase::Dense(Dense::PaperScore(net))
            | Phase::Prune(_, Prune::Score(net))
            | Phase::Prune(_, Prune::Final(net, ..)) => self.score_units(net),
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
    fn slice(&mut self, budget: &mut Budget) -> u64 {
        let phase = core::mem::replace(&mut self.phase, Phase::Done);
        let (next, credited) = match phase {
            Phase::Dense(d) => self.dense_slice(d, budget),
            Phase::Prune(k, p) => self.prune_slice(k, p, budget),
            Phase::Noise(k, n) => self.noise_slice(k, n, budget),
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
                    self.end_prune(k, *net, point);
                    (Phase::Prune(k + 1, Prune::Start), 1)
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
                self.end_prune(k, *net, point);
                // The job's last unit, and any a diverged net did not train.
                (Phase::Prune(k + 1, Prune::Start), ft - credited)
            }
        }
    }

    fn end_prune(&mut self, k: usize, net: Classifier, point: PrunePoint) {
        if jobs().nth(k) == Some((Scheme::Global, SALIENCY_LEVEL)) {
            self.saliency_net = Some(net);
        }
        self.prune_points.push(point);
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

    /// What the run is doing, for a status line.
    pub fn activity(&self) -> Option<String> {
        if !self.uncredited {
            return None;
        }
        Some(String::from(match &self.phase {
            Phase::Dense(Dense::Train) => "training the dense net",
            Phase::Dense(Dense::Score) => "scoring the dense net",
            Phase::Dense(_) => "pruning as the paper's code did",
            Phase::Prune(_, Prune::Tune(..)) => "fine-tuning a pruned net",
            Phase::Prune(..) => "pruning and scoring",
            Phase::Noise(_, Noise::Corrupt(..)) => "scoring noisy and occluded images",
            Phase::Noise(..) => "training a corruption net",
            Phase::Done => return None,
        }))
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

/// The run records its own results: it has no samples to schedule.
impl Paced for CapacityRun {
    type Sample = ();
    type Job = ();

    fn step_within(&mut self, count: u64, budget: &mut Budget) -> u64 {
        self.advance_within(count, budget)
    }

    fn mid_step(&self) -> bool {
        self.mid_unit()
    }

    fn stopped(&self) -> bool {
        self.diverged()
    }

    fn sample_due(&self, _step: u64) -> bool {
        false
    }

    fn next_sample(&self, _step: u64) -> u64 {
        u64::MAX
    }

    fn start_sample(&mut self, _budget: &mut Budget) -> Option<()> {
        None
    }

    fn work_on(&mut self, _job: &mut (), _budget: &mut Budget) -> bool {
        true
    }

    fn finish(&mut self, _job: ()) -> Option<()> {
        None
    }

    fn activity(&self, _job: Option<&()>) -> Option<String> {
        CapacityRun::activity(self)
    }
}
