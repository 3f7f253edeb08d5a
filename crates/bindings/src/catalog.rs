//! Every figure of every lab and experiment as SVG, by file name: what
//! `protolab figures` writes and what the golden test compares natively and
//! in the browser (docs/figures.md). Labs are stepped to the end through their
//! handles and drawn through `figure_svg`, the page's own export path, so a
//! figure here is the page's SVG of the same state.

use crate::exports::{LabHandle, Results};
use crate::live::Sliced;
use crate::{
    ABSTRACTION_FIGURES, AbstractionLab, CAPACITY_FIGURES, CapacityLab, ExperimentResults,
    LAB_FIGURES, LATENT_FIGURES, Lab, LambdaSweepResults, LatentLab, LatentTrendResults,
    LatentTrendRun, WidthSweepResults,
};
use protolab_core::abstraction::AbstractionConfig;
use protolab_core::abstraction::sweep::LambdaSweep;
use protolab_core::capacity::sweep::{WidthSweep, rows_to_csv};
use protolab_core::capacity::{CapacityConfig, ClassifierConfig, Source};
use protolab_core::experiments::{self, Plan, RunRecord};
use protolab_core::hash;

/// Size in px of a lab's figure.
pub const LAB_SIZE: (u32, u32) = (900, 450);
/// Size in px of an experiment's figure (two panels side by side, or a grid).
pub const EXPERIMENT_SIZE: (u32, u32) = (1000, 450);

/// The experiment figures' file stems: the Prototype Lab's study, τ-sweep,
/// positions and study explorer (masks [`EXPLORER_MASKS`]), the Abstraction
/// Lab's λ-sweep, the Latent Field Lab's trend, the Capacity Lab's width sweep.
pub const EXPERIMENT_FIGURES: [&str; 7] = [
    "prototypes-study",
    "prototypes-tau-sweep",
    "prototypes-positions",
    "prototypes-explorer",
    "abstraction-lambda-sweep",
    "latent-trend",
    "capacity-width-sweep",
];

/// The study explorer's pair in `prototypes-explorer`: the page's first pair
/// (recon(C) − recon(base)).
pub const EXPLORER_MASKS: (&str, &str) = ("base", "C");

/// What to draw: each lab's link (`""` = its defaults) and, per experiment,
/// its CSV or `None` for a small run made here from that lab's link.
#[derive(Clone, Debug, Default)]
pub struct Inputs<'a> {
    /// Prototype Lab link.
    pub prototypes: String,
    /// Abstraction Lab link.
    pub abstraction: String,
    /// Latent Field Lab link.
    pub latent: String,
    /// Capacity Lab link.
    pub capacity: String,
    /// The study's run CSV and its τ-sweep CSV (`protolab study --out
    /// --sweep-out`; the sweep may be blank).
    pub study: Option<(String, String)>,
    /// The λ-sweep CSV.
    pub lambda: Option<String>,
    /// The latent-field trend CSV.
    pub trend: Option<String>,
    /// The width-sweep CSV.
    pub width: Option<String>,
    /// `data/digits8x8.bin`.
    pub digits: &'a [u8],
    /// `data/mnist-pairs.bin` (only read when the Capacity Lab's link says `data=mnist`).
    pub mnist: &'a [u8],
}

/// One drawn figure: its file stem (`<lab>-<figure>`) and SVG.
pub type Figure = (String, String);

/// Steps a lab handle until its run is finished (or diverged): each call does
/// bounded work, and one that completes no step is still busy measuring.
pub fn run_to_end<H: LabHandle>(lab: &mut H) {
    while !lab.live().is_finished() {
        let taken = lab.bounded_step(u32::MAX);
        if taken == 0 && !lab.live().busy() {
            break; // nothing left to do (a guard; a run always finishes)
        }
    }
}

/// Every figure in `names` of a lab run to the end, at [`LAB_SIZE`]; a
/// link with a bad value (which the page would replace by its default) is
/// an error naming the lab and the value.
pub fn lab_figures<H: LabHandle>(
    id: &str,
    lab: &mut H,
    names: &[&str],
) -> Result<Vec<Figure>, String> {
    if !lab.config_issues().is_empty() {
        // The page would draw the defaults in their place; a file written
        // for a paper must be what was asked for.
        let issues: Vec<&str> = lab
            .config_issues()
            .iter()
            .map(|i| i.trim_end_matches("; using the default"))
            .collect();
        return Err(format!("the {id} link: {}", issues.join("; ")));
    }
    run_to_end(lab);
    names
        .iter()
        .map(|f| {
            let svg = lab.figure_svg(f, LAB_SIZE.0, LAB_SIZE.1)?;
            Ok((format!("{id}-{f}"), svg))
        })
        .collect()
}

/// Every figure of every lab and experiment, in a fixed order (labs as in
/// their `*_FIGURES` lists, then [`EXPERIMENT_FIGURES`]).
pub fn every_figure(inputs: &Inputs) -> Result<Vec<Figure>, String> {
    let mut out = Vec::new();
    let mut lab = Lab::from_hash_str(&inputs.prototypes);
    out.extend(lab_figures("prototypes", &mut lab, &LAB_FIGURES)?);
    let mut lab = AbstractionLab::from_hash_str(&inputs.abstraction);
    out.extend(lab_figures("abstraction", &mut lab, &ABSTRACTION_FIGURES)?);
    let mut lab = LatentLab::from_parts(&inputs.latent, inputs.digits)?;
    out.extend(lab_figures("latent", &mut lab, &LATENT_FIGURES)?);
    let mut lab = CapacityLab::from_parts(&inputs.capacity, capacity_bytes(inputs))?;
    out.extend(lab_figures("capacity", &mut lab, &CAPACITY_FIGURES)?);

    let (w, h) = EXPERIMENT_SIZE;
    let study = match &inputs.study {
        Some((csv, sweep)) => ExperimentResults::from_csv("study", csv, sweep, &[])
            .map_err(|e| format!("the study CSV: {e}"))?,
        None => small_study(&inputs.prototypes)?,
    };
    let positions = small_positions(&inputs.prototypes)?;
    let prototypes = [
        (&study, "study"),
        (&study, "sweep"),
        (&positions, "positions"),
    ];
    for ((results, figure), stem) in prototypes.into_iter().zip(EXPERIMENT_FIGURES) {
        out.push((stem.to_string(), results.figure_svg(figure, w, h)?));
    }
    let lambda = match &inputs.lambda {
        Some(csv) => LambdaSweepResults::from_parts(std::slice::from_ref(csv))
            .map_err(|e| format!("the λ-sweep CSV: {e}"))?,
        None => small_lambda_sweep(&inputs.abstraction)?,
    };
    let (a, b) = EXPLORER_MASKS;
    out.push((
        EXPERIMENT_FIGURES[3].into(),
        study.explorer_svg_string(a, b, w, h)?,
    ));
    out.push((EXPERIMENT_FIGURES[4].into(), lambda.figure_svg("", w, h)?));
    let trend = match &inputs.trend {
        Some(csv) => LatentTrendResults::from_parts(std::slice::from_ref(csv))
            .map_err(|e| format!("the trend CSV: {e}"))?,
        None => small_trend(&inputs.latent, inputs.digits)?,
    };
    out.push((EXPERIMENT_FIGURES[5].into(), trend.figure_svg("", w, h)?));
    let width = match &inputs.width {
        Some(csv) => WidthSweepResults::from_parts(std::slice::from_ref(csv))
            .map_err(|e| format!("the width-sweep CSV: {e}"))?,
        None => small_width_sweep(&inputs.capacity, capacity_bytes(inputs))?,
    };
    out.push((EXPERIMENT_FIGURES[6].into(), width.figure_svg("", w, h)?));
    Ok(out)
}

/// The data file the Capacity Lab's link names.
fn capacity_bytes<'a>(inputs: &Inputs<'a>) -> &'a [u8] {
    match CapacityConfig::from_hash(&inputs.capacity).0.source {
        Source::Mnist => inputs.mnist,
        Source::Digits => inputs.digits,
    }
}

/// Runs every config of `plan` (a run whose config fails is an error).
fn run_plan(plan: &Plan) -> Result<Vec<RunRecord>, String> {
    plan.runs
        .iter()
        .enumerate()
        .map(|(k, c)| experiments::run_one(k, c).map_err(|e| e.to_string()))
        .collect()
}

/// A small study of the link's config: N ∈ {3, 5, 10}, one seed, and a
/// one-seed τ-sweep at N = 10 (the full study is `protolab study`).
fn small_study(link: &str) -> Result<ExperimentResults, String> {
    let base = hash::from_hash(link).0;
    let study = run_plan(&Plan::try_study(&base, &[3, 5, 10], 1).map_err(|e| e.to_string())?)?;
    let taus = experiments::default_taus(base.tau_units);
    let sweep = run_plan(&Plan::try_tau_sweep(&base, 10, &taus, 1).map_err(|e| e.to_string())?)?;
    Ok(ExperimentResults::new("study", study, sweep))
}

/// The positions experiment (every mask) at the link's N and seed.
fn small_positions(link: &str) -> Result<ExperimentResults, String> {
    let base = hash::from_hash(link).0;
    let plan = Plan::try_positions(&base, base.n, base.seed).map_err(|e| e.to_string())?;
    Ok(ExperimentResults::new(
        "positions",
        run_plan(&plan)?,
        Vec::new(),
    ))
}

/// A λ-sweep of the link's config over λ ∈ {0, 0.001, 0.01, 0.1}, one seed.
fn small_lambda_sweep(link: &str) -> Result<LambdaSweepResults, String> {
    let (base, _) = AbstractionConfig::from_hash(link);
    let mut sweep = LambdaSweep::new(&base, &[0.0, 1e-3, 1e-2, 1e-1], 1).map_err(|e| e.message)?;
    sweep.advance(u64::MAX);
    LambdaSweepResults::from_parts(&[sweep.to_csv()])
}

/// A trend of the link's config with one seed, analysed at epochs 50 and 100
/// (and 100 with the trend's weight decay), on the trend's grid.
fn small_trend(link: &str, digits: &[u8]) -> Result<LatentTrendResults, String> {
    let mut run = LatentTrendRun::of_hash(link, digits, (1, &[50, 100], &[100]), 0, 1)?;
    while !run.finished() {
        run.work(u64::MAX);
    }
    LatentTrendResults::from_parts(&[run.csv_text()])
}

/// A width sweep of the link's pair over H ∈ {2, 8, 32}, seed 0.
fn small_width_sweep(link: &str, bytes: &[u8]) -> Result<WidthSweepResults, String> {
    let (config, _) = CapacityConfig::from_hash(link);
    let data = crate::capacity::images(config.source, bytes)?;
    let base = ClassifierConfig {
        seed: 0,
        ..config.classifier.clone()
    };
    let mut sweep =
        WidthSweep::new(&base, &[config.pair()], &[2, 8, 32], &[0]).map_err(|e| e.message)?;
    while !sweep.is_done() {
        sweep.advance(&data, u64::MAX);
    }
    WidthSweepResults::from_parts(&[rows_to_csv(sweep.rows())])
}
