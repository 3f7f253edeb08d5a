//! What the Latent Field Lab measures of its autoencoder — the attractor
//! analysis and the reconstruction losses — as jobs done in slices (a block of
//! trajectory starts for one iteration, one attractor, a block of images), so
//! a call from the page stays short even at 40 × 40 starts and width 128. The
//! jobs run the same arithmetic as [`LatentRun::analyze`] and
//! [`LatentRun::losses`], which are these jobs run to their end.

use super::field::{self, Attractor, Iteration};
use super::run::{
    CLUSTER_RADIUS, DECODER, HELD_SAMPLE, LatentRun, MAX_ITERATIONS, MEMORISED_RATIO, TOLERANCE,
};
use crate::budget::{self, Budget};
use crate::live::{self, Paced};
use alloc::string::String;
use alloc::vec::Vec;
use nalgebra::DMatrix;

/// Attractor analyses per run (one every `epochs / ANALYSES` epochs, and at the end).
pub const ANALYSES: u64 = 25;
/// Loss samples per run (each runs the network on the training images and the
/// held-out sample, so not after every epoch).
pub const LOSS_SAMPLES: u64 = 200;
/// Work units of one slice of the trajectory iteration: a block of starts is
/// sized so one iteration of it costs about this much (≈ 0.5 ms natively).
pub const ITERATION_SLICE: u64 = 1_000_000;

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

/// The losses of a run, a block of images at a time.
pub struct LossesJob {
    epoch: u64,
    /// Reconstructions of the training images, then of the held-out sample.
    train: DMatrix<f64>,
    held: DMatrix<f64>,
    next: usize,
}

impl LossesJob {
    fn new(run: &LatentRun) -> Self {
        let m = HELD_SAMPLE.min(run.held_idx.len());
        Self {
            epoch: run.epoch,
            train: DMatrix::zeros(64, run.train_x.ncols()),
            held: DMatrix::zeros(64, m),
            next: 0,
        }
    }

    fn is_done(&self) -> bool {
        self.next >= self.train.ncols() + self.held.ncols()
    }

    /// Reconstructs images until all are done or `budget` is spent.
    fn advance(&mut self, run: &LatentRun, budget: &mut Budget) -> bool {
        let column = run.mlp.forward_units(0..6);
        let n = self.train.ncols();
        while !self.is_done() && !budget.is_spent() {
            let (x, out, at) = if self.next < n {
                (&run.train_x, &mut self.train, self.next)
            } else {
                (&run.held_x, &mut self.held, self.next - n)
            };
            let len = budget::items_within(budget, column, out.ncols() - at);
            let part = x.columns(at, len).clone_owned();
            let r = run.mlp.run_layers(&run.params, &part, 0..6);
            out.columns_mut(at, len).copy_from(&r);
            budget.charge(len as u64 * column);
            self.next += len;
        }
        self.is_done()
    }

    fn finish(self, run: &LatentRun) -> LatentLosses {
        let m = self.held.ncols();
        let mse =
            |r: DMatrix<f64>, x: &DMatrix<f64>| (r - x).norm_squared() / (x.len().max(1)) as f64;
        LatentLosses {
            epoch: self.epoch,
            train: mse(self.train, &run.train_x),
            held: mse(self.held, &run.held_x.columns(0, m).clone_owned()),
        }
    }
}

enum Stage {
    Iterate(Iteration),
    Cluster(Vec<field::Trajectory>),
    Describe(Vec<Attractor>),
}

/// The attractor analysis of a run, in slices.
pub struct AnalysisJob {
    epoch: u64,
    stage: Stage,
    converged_share: f64,
    described: Vec<AttractorInfo>,
    /// Points mapped by the trajectory iteration so far.
    mapped: u64,
}

impl AnalysisJob {
    fn new(run: &LatentRun) -> Self {
        let point = run.map_units();
        let block = (ITERATION_SLICE / point.max(1)).max(1) as usize;
        Self {
            epoch: run.epoch,
            stage: Stage::Iterate(Iteration::new(
                run.starts(),
                TOLERANCE,
                MAX_ITERATIONS,
                block,
            )),
            converged_share: 0.0,
            described: Vec::new(),
            mapped: 0,
        }
    }

    /// Works slice by slice until the analysis is complete or `budget` is
    /// spent; true once complete.
    fn advance(&mut self, run: &LatentRun, budget: &mut Budget) -> bool {
        let point = run.map_units();
        // Decoding, two nearest-image searches over 64 pixels, the Jacobian.
        let m = run.train_idx.len().min(run.held_idx.len());
        let describe = run.mlp.forward_units(DECODER)
            + 2 * 64 * (run.train_x.ncols() + m) as u64
            + 2 * run.mlp.forward_units(0..6);
        loop {
            if budget.is_spent() {
                return false;
            }
            match &mut self.stage {
                Stage::Iterate(it) => {
                    if it.is_done() {
                        let it =
                            core::mem::replace(it, Iteration::new(DMatrix::zeros(0, 0), 0.0, 0, 1));
                        self.mapped = it.mapped();
                        self.stage = Stage::Cluster(it.finish());
                    } else {
                        let mapped = it.step(&mut |z: &DMatrix<f64>| run.map(z));
                        self.mapped = it.mapped();
                        budget.charge(mapped.max(1) as u64 * point);
                    }
                }
                Stage::Cluster(trajectories) => {
                    let ends: Vec<Vec<f64>> = trajectories
                        .iter()
                        .filter(|t| t.converged)
                        .map(|t| t.end.clone())
                        .collect();
                    self.converged_share = ends.len() as f64 / trajectories.len().max(1) as f64;
                    let mut found = field::cluster(&ends, CLUSTER_RADIUS);
                    budget.charge((ends.len() * found.len().max(1)) as u64 * 4);
                    // Described one per slice, in order.
                    found.reverse();
                    self.stage = Stage::Describe(found);
                }
                Stage::Describe(left) => match left.pop() {
                    Some(a) => {
                        self.described.push(run.describe(a));
                        budget.charge(describe);
                    }
                    None => return true,
                },
            }
        }
    }

    fn finish(self) -> Analysis {
        let attractors = self.described;
        let memorised = attractors.iter().filter(|a| a.memorised).count();
        Analysis {
            epoch: self.epoch,
            memorised_fraction: memorised as f64 / attractors.len().max(1) as f64,
            attractors,
            converged_share: self.converged_share,
        }
    }

    /// Points mapped by the trajectory iteration so far.
    pub fn mapped(&self) -> u64 {
        self.mapped
    }

    fn percent(&self) -> u32 {
        match &self.stage {
            Stage::Iterate(it) => {
                let (done, all) = it.progress();
                live::percent(done, all)
            }
            _ => 100,
        }
    }
}

/// One sample of a live run: its losses, and its attractors when an analysis
/// was due.
#[derive(Clone, Debug, PartialEq)]
pub struct LatentSample {
    /// The losses.
    pub losses: LatentLosses,
    /// The attractor analysis, at the epochs it is due.
    pub analysis: Option<Analysis>,
}

/// A sample in progress: the analysis (when due), then the losses.
pub struct SampleJob {
    analysis: Option<AnalysisJob>,
    analysed: Option<Analysis>,
    losses: LossesJob,
}

impl SampleJob {
    /// Points mapped by the trajectory iteration so far (0 without an analysis).
    pub fn mapped(&self) -> u64 {
        self.analysis.as_ref().map_or(0, AnalysisJob::mapped)
    }
}

impl LatentRun {
    /// Iterates `f` from every start, clusters the end points into attractors
    /// and describes each (eigenvalues, decoded image, nearest images).
    pub fn analyze(&self) -> Analysis {
        let mut job = AnalysisJob::new(self);
        job.advance(self, &mut Budget::unlimited());
        job.finish()
    }

    /// Reconstruction errors on the training images and on a held-out sample
    /// of [`HELD_SAMPLE`] images (the first of the shuffled held-out set).
    pub fn losses(&self) -> LatentLosses {
        let mut job = LossesJob::new(self);
        job.advance(self, &mut Budget::unlimited());
        job.finish(self)
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

    /// Epochs between attractor analyses of a live run.
    pub fn analysis_every(&self) -> u64 {
        (self.config.epochs / ANALYSES).max(1)
    }

    /// Epochs between loss samples of a live run.
    pub fn loss_every(&self) -> u64 {
        (self.config.epochs / LOSS_SAMPLES).max(1)
    }

    fn analysis_due(&self, epoch: u64) -> bool {
        epoch.is_multiple_of(self.analysis_every()) || epoch == self.config.epochs
    }
}

impl Paced for LatentRun {
    type Sample = LatentSample;
    type Job = SampleJob;

    fn step_within(&mut self, count: u64, budget: &mut Budget) -> u64 {
        self.train_within(count, budget)
    }

    fn mid_step(&self) -> bool {
        self.mid_epoch()
    }

    fn divergence_of_run(&self) -> Option<crate::guard::Divergence> {
        self.guard.divergence()
    }

    fn sample_due(&self, epoch: u64) -> bool {
        epoch.is_multiple_of(self.loss_every()) || self.analysis_due(epoch)
    }

    fn next_sample(&self, epoch: u64) -> u64 {
        let end = self.config.epochs;
        live::next_multiple_or_end(epoch, self.loss_every(), end).min(live::next_multiple_or_end(
            epoch,
            self.analysis_every(),
            end,
        ))
    }

    fn start_sample(&mut self, _budget: &mut Budget) -> Option<SampleJob> {
        if self.guard.tripped() {
            return None;
        }
        Some(SampleJob {
            analysis: self
                .analysis_due(self.epoch)
                .then(|| AnalysisJob::new(self)),
            analysed: None,
            losses: LossesJob::new(self),
        })
    }

    fn work_on(&mut self, job: &mut SampleJob, budget: &mut Budget) -> bool {
        if let Some(a) = job.analysis.as_mut() {
            if !a.advance(self, budget) {
                return false;
            }
            job.analysed = job.analysis.take().map(AnalysisJob::finish);
        }
        job.losses.advance(self, budget)
    }

    fn finish(&mut self, job: SampleJob) -> Option<LatentSample> {
        Some(LatentSample {
            losses: job.losses.finish(self),
            analysis: job.analysed,
        })
    }

    fn activity(&self, job: Option<&SampleJob>) -> Option<String> {
        match job {
            Some(SampleJob {
                analysis: Some(a), ..
            }) => Some(alloc::format!("analysing attractors {} %", a.percent())),
            Some(_) => Some(String::from("measuring the losses")),
            None if self.mid_epoch() => Some(alloc::format!(
                "training epoch {}: {} %",
                self.epoch + 1,
                (100.0 * self.epoch_fraction()) as u32
            )),
            None => None,
        }
    }
}
