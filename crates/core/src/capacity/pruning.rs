//! What really pruning does, and how the nets cope with noise
//! (docs/labs/capacity.md#findings): a plan of whole Capacity runs — cases
//! (pair, H) × seeds — their sparsity and corruption points as CSV rows (one
//! reader, range checked) and the lab docs' tables.

use super::config::{CapacityConfig, PAIR_NAMES};
use super::data::{LabelledImages, PAIRS};
use super::live::CapacityRun;
use super::run::Scheme;
use crate::error::ConfigError;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt::Write;

/// A case of the plan: a digit pair and the dense net's width H.
pub type Case = ((u8, u8), usize);

/// The lab docs' cases: a hard pair at H = 64 and an easy one at H = 16.
pub const CASES: [Case; 2] = [((4, 9), 64), ((0, 1), 16)];

/// Reads `a/b:H,…` (e.g. `4/9:64,0/1:16`); each pair must be one of the lab's.
pub fn parse_cases(text: &str) -> Result<Vec<Case>, ConfigError> {
    let bad = |what: String| ConfigError {
        field: "cases",
        message: what,
    };
    text.split(',')
        .map(|c| {
            let (pair, h) = c
                .trim()
                .split_once(':')
                .ok_or_else(|| bad(alloc::format!("{c:?} is not a/b:H (e.g. 4/9:64)")))?;
            let k = PAIR_NAMES.iter().position(|p| *p == pair).ok_or_else(|| {
                bad(alloc::format!(
                    "pair {pair:?} is not one of {}",
                    PAIR_NAMES.join(", ")
                ))
            })?;
            let h = h
                .parse()
                .map_err(|_| bad(alloc::format!("H {h:?} is not a whole number")))?;
            Ok((PAIRS[k], h))
        })
        .collect()
}

/// One config per (case, seed), in that order: `base` with the case's pair and
/// width and the seed; every config validated, sizes bounded.
pub fn plan(
    base: &CapacityConfig,
    cases: &[Case],
    seeds: &[u64],
) -> Result<Vec<CapacityConfig>, ConfigError> {
    use crate::limits;
    limits::check_len("cases", cases.len(), limits::GRID)?;
    limits::check_len("seeds", seeds.len(), limits::SEEDS)?;
    limits::check_runs("cases × seeds", cases.len(), seeds.len() as u64)?;
    let mut out = Vec::new();
    for &(pair, hidden) in cases {
        let k = PAIRS.iter().position(|&p| p == pair).ok_or(ConfigError {
            field: "cases",
            message: alloc::format!("pair {}/{} is not one of the lab's", pair.0, pair.1),
        })?;
        for &seed in seeds {
            let mut c = base.clone();
            c.pair = k;
            c.classifier.hidden = hidden;
            c.classifier.seed = seed;
            c.validate()?;
            out.push(c);
        }
    }
    Ok(out)
}

/// One point of a finished run: what the CSVs hold.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct CaseRow {
    /// The pair.
    pub pair: (u8, u8),
    /// Width of the dense net.
    pub hidden: usize,
    /// Seed of split and initialisation.
    pub seed: u64,
    /// What this row measures: `dense`, `paper`, `global`, `per-layer`
    /// (sparsity), `noise`, `occlusion` (corruption), or `diverged`.
    pub kind: &'static str,
    /// Pruning level requested, or noise σ (0 for dense, occlusion, diverged).
    pub level: f64,
    /// Share of weights zero (pruning), or the corrupted net's width.
    pub achieved: f64,
    /// Held-out F1.
    pub f1: f64,
    /// F1 after masked fine-tuning (pruning with fine-tuning on).
    pub f1_tuned: Option<f64>,
}

const KINDS: [&str; 7] = [
    "dense",
    "paper",
    "global",
    "per-layer",
    "noise",
    "occlusion",
    "diverged",
];

/// Trains `config`'s whole run on `data` (its source's images) and returns
/// its rows: dense F1, the paper's pruning, both sparsity curves and the
/// corruption curves (or one `diverged` row).
pub fn run_case(
    config: &CapacityConfig,
    data: &LabelledImages,
) -> Result<Vec<CaseRow>, ConfigError> {
    let mut run = CapacityRun::new(config.clone(), data)?;
    while !run.is_finished() {
        run.advance(1_000);
    }
    let row = |kind, level, achieved, f1, f1_tuned| CaseRow {
        pair: config.pair(),
        hidden: config.classifier.hidden,
        seed: config.classifier.seed,
        kind,
        level,
        achieved,
        f1,
        f1_tuned,
    };
    let dense = run.history().last().map(|h| h.1.f1);
    let (Some(dense), false) = (dense, run.diverged()) else {
        return Ok(alloc::vec![row("diverged", 0.0, 0.0, f64::NAN, None)]);
    };
    let mut rows = alloc::vec![row("dense", 0.0, 0.0, dense, None)];
    if let Some(p) = run.paper_point() {
        rows.push(row("paper", p.level, p.achieved, p.f1, p.f1_tuned));
    }
    for p in run.prune_points() {
        let kind = match p.scheme {
            Scheme::Global => "global",
            Scheme::PerLayer => "per-layer",
        };
        rows.push(row(kind, p.level, p.achieved, p.f1, p.f1_tuned));
    }
    for n in run.noise_points() {
        let (kind, level) = n.sigma.map_or(("occlusion", 0.0), |s| ("noise", s));
        rows.push(row(kind, level, n.hidden as f64, n.f1, None));
    }
    Ok(rows)
}

const CSV_HEADER: &str = "pair,H,seed,kind,level,achieved,f1,f1_tuned";

/// Rows as CSV; `sparsity` keeps the pruning rows (dense, paper, global,
/// per-layer), otherwise the corruption rows (noise, occlusion); diverged
/// runs appear in both.
pub fn rows_to_csv(rows: &[CaseRow], sparsity: bool) -> String {
    let mut s = String::from(CSV_HEADER);
    s.push('\n');
    for r in rows.iter().filter(|r| keep(r.kind, sparsity)) {
        let (a, b) = r.pair;
        let f = |v: f64| {
            if v.is_finite() {
                alloc::format!("{v}")
            } else {
                String::new()
            }
        };
        let _ = writeln!(
            s,
            "{a}/{b},{},{},{},{},{},{},{}",
            r.hidden,
            r.seed,
            r.kind,
            r.level,
            r.achieved,
            f(r.f1),
            r.f1_tuned.map_or(String::new(), f)
        );
    }
    s
}

fn keep(kind: &str, sparsity: bool) -> bool {
    kind == "diverged" || matches!(kind, "noise" | "occlusion") != sparsity
}

/// Reads [`rows_to_csv`]'s output back (comment lines skipped); the error
/// names the line. Pairs must be the lab's, levels and scores in [0, 1]
/// (σ up to 10), widths whole.
pub fn parse_csv(text: &str) -> Result<Vec<CaseRow>, crate::InputError> {
    parse_csv_text(text).map_err(crate::InputError::of(crate::InputKind::ResultsCsv))
}

fn parse_csv_text(text: &str) -> Result<Vec<CaseRow>, String> {
    use crate::csv::FRACTION;
    let mut rows = Vec::new();
    for r in crate::csv::rows(text, CSV_HEADER, "a pruning or noise CSV")? {
        let (c, bad) = (&r.cells, |what: &str| r.bad(what));
        let num = |k: usize, range: (f64, f64)| r.num(k, range);
        let k = PAIR_NAMES
            .iter()
            .position(|p| *p == c[0])
            .ok_or_else(|| bad(&alloc::format!("pair {:?} is not one of the lab's", c[0])))?;
        let hidden: usize = c[1].parse().map_err(|_| bad("H is not a whole number"))?;
        let seed = c[2]
            .parse()
            .map_err(|_| bad("seed is not a whole number"))?;
        let kind = *KINDS.iter().find(|k| **k == c[3]).ok_or_else(|| {
            bad(&alloc::format!(
                "kind {:?} is not one of {}",
                c[3],
                KINDS.join(", ")
            ))
        })?;
        let diverged = kind == "diverged";
        let level = num(
            4,
            if kind == "noise" {
                (0.0, 10.0)
            } else {
                FRACTION
            },
        )?;
        let achieved = num(
            5,
            if matches!(kind, "noise" | "occlusion") {
                (1.0, 4096.0)
            } else {
                FRACTION
            },
        )
        .or_else(|e| if diverged { Ok(0.0) } else { Err(e) })?;
        let f1 = if diverged {
            f64::NAN
        } else {
            num(6, FRACTION)?
        };
        let f1_tuned = if c[7].is_empty() {
            None
        } else {
            Some(num(7, FRACTION)?)
        };
        rows.push(CaseRow {
            pair: PAIRS[k],
            hidden,
            seed,
            kind,
            level,
            achieved,
            f1,
            f1_tuned,
        });
    }
    Ok(rows)
}

/// Rows in the one order every process writes them: by pair, H and seed,
/// each run's rows in their own order (the sort is stable).
pub fn sort_rows(rows: &mut [CaseRow]) {
    crate::sort::sort_by(rows, |a, b| {
        a.pair
            .cmp(&b.pair)
            .then(a.hidden.cmp(&b.hidden))
            .then(a.seed.cmp(&b.seed))
    });
}

/// The lab docs' table: per case, kind and level (and width, for corruption),
/// the mean over seeds of the achieved sparsity, F1 and tuned F1.
pub fn table(rows: &[CaseRow], sparsity: bool) -> String {
    // (pair, H, kind, level bits, net width bits for the corruption rows).
    type Key<'a> = ((u8, u8), usize, &'a str, u64, u64);
    let mut keys: Vec<Key> = Vec::new();
    let key = |r: &CaseRow| {
        (
            r.pair,
            r.hidden,
            r.kind,
            r.level.to_bits(),
            r.achieved.to_bits() * u64::from(!sparsity),
        )
    };
    for r in rows.iter().filter(|r| keep(r.kind, sparsity)) {
        if !keys.contains(&key(r)) {
            keys.push(key(r));
        }
    }
    let mut s = String::from(if sparsity {
        "pair  H     kind       level  achieved     F1  tuned F1  seeds\n"
    } else {
        "pair  H     kind       sigma  net H        F1            seeds\n"
    });
    for k in keys {
        let at: Vec<&CaseRow> = rows
            .iter()
            .filter(|r| key(r) == k && r.f1.is_finite())
            .collect();
        let n = at.len().max(1) as f64;
        let mean = |f: &dyn Fn(&CaseRow) -> f64| at.iter().map(|r| f(r)).sum::<f64>() / n;
        let tuned: Vec<f64> = at.iter().filter_map(|r| r.f1_tuned).collect();
        let tuned = if tuned.is_empty() {
            String::from("—")
        } else {
            alloc::format!("{:.3}", tuned.iter().sum::<f64>() / tuned.len() as f64)
        };
        let (level, achieved) = (f64::from_bits(k.3), mean(&|r| r.achieved));
        // Sparsity rows: the share of weights zero; corruption rows: the net's width.
        let achieved = if sparsity {
            alloc::format!("{achieved:.4}")
        } else {
            alloc::format!("{achieved:.0}")
        };
        let _ = writeln!(
            s,
            "{}/{}   {:<4}  {:<9}  {:>5.3}  {:>8}  {:>5}  {:>8}  {}",
            k.0.0,
            k.0.1,
            k.1,
            k.2,
            level,
            achieved,
            if at.is_empty() {
                String::from("—")
            } else {
                alloc::format!("{:.3}", mean(&|r| r.f1))
            },
            if sparsity { tuned } else { String::new() },
            at.len()
        );
    }
    s
}
