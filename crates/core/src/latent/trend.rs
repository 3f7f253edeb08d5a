//! The latent-field trend (docs/labs/latent-field.md#findings): attractors
//! multiply and are memorised as training goes on; weight decay leaves few.
//! A plan of runs (seeds × {no decay, decay}), each analysed at checkpoints,
//! its CSV (written by the CLI, read back range-checked) and its table.

use super::run::{LatentConfig, LatentRun};
use crate::digits::Digits;
use crate::error::ConfigError;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt::Write;

/// Seeds of the lab docs' table (counted from the config's seed).
pub const SEEDS: u64 = 3;
/// Checkpoints (epochs) of the runs without weight decay.
pub const PLAIN_EPOCHS: [u64; 5] = [100, 500, 1000, 2000, 5000];
/// Checkpoints of the runs with weight decay.
pub const DECAYED_EPOCHS: [u64; 2] = [2000, 5000];
/// The weight decay of the decayed runs.
pub const DECAY: f64 = 1e-3;
/// Trajectory starts per side of the lab docs' table (24 × 24).
pub const GRID: usize = 24;

/// One run of the plan: its config (epochs = its last checkpoint) and checkpoints.
#[derive(Clone, Debug, PartialEq)]
pub struct TrendJob {
    /// The run's config.
    pub config: LatentConfig,
    /// Epochs at which it is analysed, ascending.
    pub checkpoints: Vec<u64>,
}

/// The plan: for each of `seeds` seeds from `base.seed`, a run at `base`'s
/// weight decay analysed at `plain`, then one at `decay` analysed at
/// `decayed` (either list may be empty). Lists must ascend without repeats;
/// every config is validated (so a checkpoint beyond the epoch limit is an
/// error naming `epochs`).
pub fn plan(
    base: &LatentConfig,
    seeds: u64,
    plain: &[u64],
    decayed: &[u64],
    decay: f64,
) -> Result<Vec<TrendJob>, ConfigError> {
    use crate::limits;
    limits::check_count("seeds", seeds, limits::SEEDS)?;
    for (field, list) in [("epochs", plain), ("decayed-epochs", decayed)] {
        limits::check_len(field, list.len(), (0, limits::GRID.1))?;
        if let Some(w) = list.windows(2).find(|w| w[0] >= w[1]) {
            return Err(ConfigError {
                field,
                message: alloc::format!("checkpoints must ascend: {} then {}", w[0], w[1]),
            });
        }
    }
    limits::check_runs("trend: seeds × 2", 2, seeds)?;
    let mut jobs = Vec::new();
    for k in 0..seeds {
        for (wd, list) in [(base.weight_decay, plain), (decay, decayed)] {
            let Some(&last) = list.last() else { continue };
            let config = LatentConfig {
                weight_decay: wd,
                epochs: last,
                seed: base.seed.wrapping_add(k),
                ..base.clone()
            };
            config.validate()?;
            jobs.push(TrendJob {
                config,
                checkpoints: list.to_vec(),
            });
        }
    }
    Ok(jobs)
}

/// One checkpoint of one run.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TrendRow {
    /// Seed of the run.
    pub seed: u64,
    /// Its weight decay.
    pub weight_decay: f64,
    /// Epochs trained.
    pub epoch: u64,
    /// `None` if the run diverged before this checkpoint; else the analysis.
    pub found: Option<Found>,
}

/// What the analysis found at a checkpoint.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Found {
    /// Attractors of the latent map.
    pub attractors: usize,
    /// Share of them that decode to a training image.
    pub memorised: f64,
    /// Share of the trajectory starts that converged.
    pub converged: f64,
    /// Reconstruction error on the training images.
    pub train_mse: f64,
    /// Reconstruction error on held-out images.
    pub held_mse: f64,
}

impl Found {
    /// The analysis of `run` now, or `None` when it diverged.
    pub fn of(run: &LatentRun) -> Option<Self> {
        (!run.diverged()).then(|| {
            let a = run.analyze();
            let l = run.losses();
            Found {
                attractors: a.attractors.len(),
                memorised: a.memorised_fraction,
                converged: a.converged_share,
                train_mse: l.train,
                held_mse: l.held,
            }
        })
    }
}

impl TrendJob {
    /// The row of this job at checkpoint `epoch`, from its run there.
    pub fn row(&self, epoch: u64, run: &LatentRun) -> TrendRow {
        TrendRow {
            seed: self.config.seed,
            weight_decay: self.config.weight_decay,
            epoch,
            found: Found::of(run),
        }
    }
}

/// Trains `job` on `digits`, analysing it at every checkpoint.
pub fn run_job(job: &TrendJob, digits: &Digits) -> Result<Vec<TrendRow>, ConfigError> {
    let mut run = LatentRun::new(job.config.clone(), digits)?;
    let mut rows = Vec::new();
    for &epoch in &job.checkpoints {
        run.train(epoch.saturating_sub(run.epochs_done()));
        rows.push(job.row(epoch, &run));
    }
    Ok(rows)
}

const CSV_HEADER: &str =
    "weight_decay,seed,epoch,status,attractors,memorised,converged,train_mse,held_mse";

/// Rows as CSV (status `ok`, or `diverged` with empty cells).
pub fn rows_to_csv(rows: &[TrendRow]) -> String {
    let mut s = String::from(CSV_HEADER);
    s.push('\n');
    for r in rows {
        let _ = match r.found {
            Some(f) => writeln!(
                s,
                "{},{},{},ok,{},{},{},{},{}",
                r.weight_decay,
                r.seed,
                r.epoch,
                f.attractors,
                f.memorised,
                f.converged,
                f.train_mse,
                f.held_mse
            ),
            None => writeln!(s, "{},{},{},diverged,,,,,", r.weight_decay, r.seed, r.epoch),
        };
    }
    s
}

/// Reads [`rows_to_csv`]'s output back (comment lines skipped); the error
/// names the line and column. Shares are in [0, 1], errors finite and ≥ 0,
/// the weight decay and epoch within the lab's settings.
pub fn parse_csv(text: &str) -> Result<Vec<TrendRow>, crate::InputError> {
    parse_csv_text(text).map_err(crate::InputError::of(crate::InputKind::ResultsCsv))
}

fn parse_csv_text(text: &str) -> Result<Vec<TrendRow>, String> {
    use crate::csv::{FRACTION, NON_NEGATIVE};
    let mut rows = Vec::new();
    for r in crate::csv::rows(text, CSV_HEADER, "a latent-trend CSV")? {
        let (c, bad) = (&r.cells, |what: &str| r.bad(what));
        let num = |k: usize, range: (f64, f64)| r.num(k, range);
        let whole = |k: usize| r.whole::<u64>(k);
        let weight_decay = num(0, (0.0, 1.0))?;
        let (seed, epoch) = (whole(1)?, whole(2)?);
        if epoch > 100_000 {
            return Err(bad(&alloc::format!(
                "epoch {epoch} is beyond the lab's 100000"
            )));
        }
        let found = match c[3] {
            "ok" => Some(Found {
                attractors: usize::try_from(whole(4)?)
                    .ok()
                    .filter(|&a| a <= 40 * 40)
                    .ok_or_else(|| bad("attractors: more than the starts"))?,
                memorised: num(5, FRACTION)?,
                converged: num(6, FRACTION)?,
                train_mse: num(7, NON_NEGATIVE)?,
                held_mse: num(8, NON_NEGATIVE)?,
            }),
            "diverged" => None,
            other => {
                return Err(bad(&alloc::format!(
                    "status {other:?} is not ok or diverged"
                )));
            }
        };
        rows.push(TrendRow {
            seed,
            weight_decay,
            epoch,
            found,
        });
    }
    Ok(rows)
}

/// Rows in the one order every process writes them: by weight decay, seed, epoch.
pub fn sort_rows(rows: &mut [TrendRow]) {
    crate::sort::sort_by(rows, |a, b| {
        a.weight_decay
            .total_cmp(&b.weight_decay)
            .then(a.seed.cmp(&b.seed))
            .then(a.epoch.cmp(&b.epoch))
    });
}

/// One line of the trend's table: a weight decay and epoch, over its seeds.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TrendSummary {
    /// The weight decay.
    pub weight_decay: f64,
    /// The checkpoint (epochs trained).
    pub epoch: u64,
    /// Runs at this checkpoint.
    pub runs: usize,
    /// Of them, diverged before it.
    pub diverged: usize,
    /// Means over the runs that did not diverge (`None` when all did).
    pub mean: Option<TrendMeans>,
}

/// Means of [`Found`] over a checkpoint's runs.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TrendMeans {
    /// Mean attractor count.
    pub attractors: f64,
    /// Mean memorised share.
    pub memorised: f64,
    /// Mean converged share.
    pub converged: f64,
    /// Mean training reconstruction error.
    pub train_mse: f64,
    /// Mean held-out reconstruction error.
    pub held_mse: f64,
}

/// Per weight decay and epoch (ascending), the means over the seeds that did
/// not diverge; attractor counts are averaged as reals.
pub fn summarize(rows: &[TrendRow]) -> Vec<TrendSummary> {
    let mut sorted = rows.to_vec();
    crate::sort::sort_by(&mut sorted, |a, b| {
        a.weight_decay
            .total_cmp(&b.weight_decay)
            .then(a.epoch.cmp(&b.epoch))
            .then(a.seed.cmp(&b.seed))
    });
    sorted
        .chunk_by(|a, b| a.weight_decay == b.weight_decay && a.epoch == b.epoch)
        .map(|group| {
            let ok: Vec<Found> = group.iter().filter_map(|r| r.found).collect();
            let n = ok.len() as f64;
            let mean = |f: fn(&Found) -> f64| ok.iter().map(f).sum::<f64>() / n;
            TrendSummary {
                weight_decay: group[0].weight_decay,
                epoch: group[0].epoch,
                runs: group.len(),
                diverged: group.len() - ok.len(),
                mean: (!ok.is_empty()).then(|| TrendMeans {
                    attractors: mean(|f| f.attractors as f64),
                    memorised: mean(|f| f.memorised),
                    converged: mean(|f| f.converged),
                    train_mse: mean(|f| f.train_mse),
                    held_mse: mean(|f| f.held_mse),
                }),
            }
        })
        .collect()
}

/// The lab docs' table: per weight decay and epoch, the means over the seeds
/// that did not diverge (attractors, memorised, converged, MSEs), and how many.
pub fn table(rows: &[TrendRow]) -> String {
    let mut s = String::from(
        "weight decay   epoch  attractors  memorised  converged  train MSE   held MSE  runs (diverged)\n",
    );
    for g in summarize(rows) {
        let _ = match g.mean {
            None => writeln!(
                s,
                "{:>12}  {:>6}  {:>10}  {:>9}  {:>9}  {:>9}  {:>9}  {} ({})",
                g.weight_decay, g.epoch, "—", "—", "—", "—", "—", g.runs, g.diverged
            ),
            Some(m) => writeln!(
                s,
                "{:>12}  {:>6}  {:>10.2}  {:>9.2}  {:>9.2}  {:>9.4}  {:>9.4}  {} ({})",
                g.weight_decay,
                g.epoch,
                m.attractors,
                m.memorised,
                m.converged,
                m.train_mse,
                m.held_mse,
                g.runs,
                g.diverged
            ),
        };
    }
    s
}
