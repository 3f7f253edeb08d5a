//! The width sweep: F1 against the hidden width H for digit pairs and seeds,
//! advanced in slices of training epochs, with its CSV.

use super::data::{LabelledImages, Split, pair_split};
use super::run::{Classifier, ClassifierConfig, Scores};
use crate::error::ConfigError;
use alloc::collections::BTreeMap;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt::Write;

/// One finished run of the sweep.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct WidthRow {
    /// The pair `(a, b)`; b is class 1.
    pub pair: (u8, u8),
    /// Hidden width.
    pub hidden: usize,
    /// Seed of the split and the initialisation.
    pub seed: u64,
    /// Held-out scores (`None`: diverged).
    pub scores: Option<Scores>,
}

/// Every (pair, H, seed) of a grid trained one after the other in slices.
pub struct WidthSweep {
    jobs: Vec<((u8, u8), usize, u64)>,
    base: ClassifierConfig,
    next: usize,
    current: Option<(Split, Classifier)>,
    rows: Vec<WidthRow>,
}

impl WidthSweep {
    /// The grid `pairs × widths × seeds` with the other settings of `base`;
    /// each list's length and the number of runs are checked against
    /// [`limits`](crate::experiments::limits), every width's config validated.
    pub fn new(
        base: &ClassifierConfig,
        pairs: &[(u8, u8)],
        widths: &[usize],
        seeds: &[u64],
    ) -> Result<Self, ConfigError> {
        use crate::limits;
        limits::check_len("pairs", pairs.len(), limits::GRID)?;
        limits::check_len("widths", widths.len(), limits::GRID)?;
        limits::check_len("seeds", seeds.len(), limits::SEEDS)?;
        let groups = pairs.len() * widths.len();
        let mut jobs = Vec::with_capacity(limits::check_runs(
            "width sweep: pairs × widths",
            groups,
            seeds.len() as u64,
        )?);
        for &pair in pairs {
            for &hidden in widths {
                ClassifierConfig {
                    hidden,
                    ..base.clone()
                }
                .validate()?;
                for &seed in seeds {
                    jobs.push((pair, hidden, seed));
                }
            }
        }
        Ok(Self {
            jobs,
            base: base.clone(),
            next: 0,
            current: None,
            rows: Vec::new(),
        })
    }

    /// Keeps runs `index, index + count, …` only (one worker's shard).
    pub fn shard(mut self, index: usize, count: usize) -> Self {
        self.jobs = self
            .jobs
            .into_iter()
            .skip(index)
            .step_by(count.max(1))
            .collect();
        self
    }

    /// Trains at most about `budget` epochs (at least one if anything is left)
    /// on `data`; returns `(runs done, runs in total)`.
    pub fn advance(&mut self, data: &LabelledImages, budget: u64) -> (usize, usize) {
        let mut left = budget.max(1);
        while left > 0 && self.next < self.jobs.len() {
            let (pair, hidden, seed) = self.jobs[self.next];
            let (split, run) = self.current.get_or_insert_with(|| {
                let split = pair_split(data, pair, seed);
                let config = ClassifierConfig {
                    hidden,
                    seed,
                    ..self.base.clone()
                };
                let run = Classifier::new(config, data.dim()).expect("validated config");
                (split, run)
            });
            let want = run
                .config()
                .epochs
                .saturating_sub(run.epochs_done())
                .min(left);
            let taken = run.train(split, want);
            left = left.saturating_sub(taken.max(1));
            if run.diverged() || run.epochs_done() >= run.config().epochs {
                let (split, run) = self.current.take().expect("current run");
                self.rows.push(WidthRow {
                    pair,
                    hidden,
                    seed,
                    scores: (!run.diverged()).then(|| run.scores(&split.test_x, &split.test_y)),
                });
                self.next += 1;
            }
        }
        self.runs()
    }

    /// `(runs done, runs in total)`.
    pub fn runs(&self) -> (usize, usize) {
        (self.rows.len(), self.jobs.len())
    }

    /// Share of the epochs done (runs weighted by width, as their cost is).
    pub fn fraction(&self) -> f64 {
        let cost = |j: &((u8, u8), usize, u64)| (j.1 as u64 * self.base.epochs.max(1)) as f64;
        let total: f64 = self.jobs.iter().map(cost).sum();
        let mut done: f64 = self.jobs[..self.next].iter().map(cost).sum();
        if let Some((_, run)) = &self.current {
            done += (run.config().hidden as u64 * run.epochs_done()) as f64;
        }
        if total > 0.0 { done / total } else { 1.0 }
    }

    /// True when every run is finished.
    pub fn is_done(&self) -> bool {
        self.next >= self.jobs.len()
    }

    /// Finished runs in order.
    pub fn rows(&self) -> &[WidthRow] {
        &self.rows
    }
}

const CSV_HEADER: &str = "pair,H,seed,status,f1,precision,recall,auc";

/// Rows as CSV (`pair` written `a/b`).
pub fn rows_to_csv(rows: &[WidthRow]) -> String {
    let mut s = String::from(CSV_HEADER);
    s.push('\n');
    for r in rows {
        let (a, b) = r.pair;
        let _ = match r.scores {
            Some(m) => writeln!(
                s,
                "{a}/{b},{},{},ok,{},{},{},{}",
                r.hidden, r.seed, m.f1, m.precision, m.recall, m.auc
            ),
            None => writeln!(s, "{a}/{b},{},{},diverged,,,,", r.hidden, r.seed),
        };
    }
    s
}

/// Reads [`rows_to_csv`]'s output back; the error names the line and what is
/// wrong. Values are range-checked: the pair is two different digits, H is a
/// width a classifier may have, scores are in [0, 1].
pub fn parse_csv(text: &str) -> Result<Vec<WidthRow>, crate::InputError> {
    parse_csv_text(text).map_err(crate::InputError::of(crate::InputKind::ResultsCsv))
}

fn parse_csv_text(text: &str) -> Result<Vec<WidthRow>, String> {
    let mut rows = Vec::new();
    for r in crate::csv::rows(text, CSV_HEADER, "a width-sweep CSV")? {
        let (c, bad) = (&r.cells, |what: &str| r.bad(what));
        let pair = c[0]
            .split_once('/')
            .and_then(|(a, b)| Some((a.parse::<u8>().ok()?, b.parse::<u8>().ok()?)))
            .filter(|(a, b)| *a <= 9 && *b <= 9 && a != b)
            .ok_or_else(|| {
                bad(&alloc::format!(
                    "pair {:?} is not two different digits a/b",
                    c[0]
                ))
            })?;
        let hidden = c[1].parse().map_err(|_| bad("H is not a whole number"))?;
        ClassifierConfig {
            hidden,
            ..ClassifierConfig::default()
        }
        .validate()
        .map_err(|e| bad(&alloc::format!("{e}")))?;
        let seed = c[2]
            .parse()
            .map_err(|_| bad("seed is not a whole number"))?;
        let num = |k: usize| r.num(k, crate::csv::FRACTION);
        let scores = match c[3] {
            "ok" => Some(Scores {
                f1: num(4)?,
                precision: num(5)?,
                recall: num(6)?,
                auc: num(7)?,
            }),
            "diverged" => None,
            other => {
                return Err(bad(&alloc::format!(
                    "status {other:?} is not ok or diverged"
                )));
            }
        };
        rows.push(WidthRow {
            pair,
            hidden,
            seed,
            scores,
        });
    }
    Ok(rows)
}

/// Per pair and width, the mean F1 over seeds that did not diverge:
/// `(pair, H, mean F1, runs)`, in the order first seen.
pub fn mean_f1(rows: &[WidthRow]) -> Vec<((u8, u8), usize, f64, usize)> {
    // A map from (pair, H) to its slot keeps this linear in the rows (a search
    // of the slots per row was quadratic in a CSV of many widths); F1s are still
    // summed in row order, so the means are unchanged.
    let mut out: Vec<((u8, u8), usize, f64, usize)> = Vec::new();
    let mut slot: BTreeMap<((u8, u8), usize), usize> = BTreeMap::new();
    for r in rows {
        let Some(s) = r.scores else { continue };
        match slot.get(&(r.pair, r.hidden)) {
            Some(&k) => {
                out[k].2 += s.f1;
                out[k].3 += 1;
            }
            None => {
                slot.insert((r.pair, r.hidden), out.len());
                out.push((r.pair, r.hidden, s.f1, 1));
            }
        }
    }
    for o in &mut out {
        o.2 /= o.3 as f64;
    }
    out
}

/// The F1 a width must exceed to pass (docs/labs/capacity.md#metrics).
pub const PASS_F1: f64 = 0.9;

/// The smallest width whose mean F1 exceeds `threshold`, per pair.
pub fn minimum_width(rows: &[WidthRow], pair: (u8, u8), threshold: f64) -> Option<usize> {
    mean_f1(rows)
        .into_iter()
        .filter(|o| o.0 == pair && o.2 > threshold)
        .map(|o| o.1)
        .min()
}
