//! The Capacity Lab's live run: train one classifier, then prune it at every
//! level under both schemes (optionally fine-tuning each), then train a small
//! and a large net for the corruption curves.
//!
//! The run counts its work in *units* (an epoch of any net; one unit for a
//! pruned net without fine-tuning or a corruption net without epochs), and
//! does it in *slices* that fit a work budget (`phases.rs`): part of an epoch,
//! scoring one net on the held-out images, pruning one net, one corruption
//! level, one saliency map. A unit's last slice credits it, so the counter
//! reaches its total only when everything is done, and the results are the
//! same however the slices fall into calls.

use super::data::{LabelledImages, Split, pair_split};
use super::lab::{CapacityConfig, NoisePoint, PrunePoint};
use super::phases::{Dense, Noise, Phase, Prune, jobs};
use super::run::{Classifier, Scores};
use super::saliency::SaliencyMaps;
use crate::budget::Budget;
use crate::error::ConfigError;
use crate::live::Paced;
use alloc::string::String;
use alloc::vec::Vec;

/// The live Capacity Lab run.
pub struct CapacityRun {
    pub(super) config: CapacityConfig,
    pub(super) split: Split,
    pub(super) side: usize,
    /// Mean non-zero pixels of a training image (zero pixels cost nothing).
    pub(super) nonzero: f64,
    pub(super) dense: Classifier,
    pub(super) phase: Phase,
    pub(super) prune_points: Vec<PrunePoint>,
    /// The dense net pruned at [`PAPER_LEVEL`] (global, no fine-tuning).
    pub(super) paper_point: Option<PrunePoint>,
    /// The net the saliency maps compare with the dense one.
    pub(super) saliency_net: Option<Classifier>,
    pub(super) noise_points: Vec<NoisePoint>,
    /// Held-out scores of the dense net after each epoch.
    pub(super) history: Vec<(u64, Scores)>,
    pub(super) work: u64,
    /// Slices were done since the last unit was credited.
    pub(super) uncredited: bool,
    /// Saliency maps of the dense and the 95 %-pruned net, once computed.
    pub(super) saliency: Option<SaliencyMaps>,
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
            saliency: None,
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
            Phase::Saliency(..) => "computing the saliency maps",
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

    /// The saliency maps of the dense and the 95 %-pruned net, once computed
    /// (a few slices after that net exists).
    pub fn saliency_maps(&self) -> Option<&SaliencyMaps> {
        self.saliency.as_ref()
    }

    /// Image side length.
    pub fn side(&self) -> usize {
        self.side
    }
}

impl crate::live::Steps for CapacityRun {
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

    fn divergence_of_run(&self) -> Option<crate::guard::Divergence> {
        self.dense.divergence()
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
