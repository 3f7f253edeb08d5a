//! `protolab abstraction run | sweep | merge`: the Abstraction Lab's runs and
//! its λ-sweep of weight decay (docs/labs/abstraction.md#findings).

use super::{SweepFlags, cell, read_parts, run_parallel, take_seeds, write_csv};
use crate::args::Args;
use crate::cli::{out, settings_args, sweep_common, value};
use clap::{ArgMatches, Command};
use protolab_core::abstraction::AbstractionConfig;
use protolab_core::abstraction::sweep::{
    self, PAGE_SEEDS, SweepRow, default_lambdas, parse_csv, rows_to_csv, summarize,
};

/// The lab's commands.
pub fn command() -> Command {
    let settings = settings_args::<AbstractionConfig>;
    super::lab_command::<AbstractionConfig>(
        "abstraction",
        "Abstraction Lab: run, sweep (the λ-sweep of weight decay), merge",
        "One run to its end: PS, CCGP, kernel alignment, shattering, loss",
        "abstraction-run.csv",
    )
    .subcommand(
        Command::new("sweep")
            .about("The λ-sweep: the scores at the end of training against weight decay λ")
            .args([
                out("lambda-sweep.csv"),
                value(
                    "lambdas",
                    "The λ grid [default 0, then 1e-4 … 1, three per decade]",
                ),
                value("seeds", "Seeds per λ, counted from --seed [default 2]"),
            ])
            .args(sweep_common())
            .args(settings()),
    )
    .subcommand(
        Command::new("merge")
            .about("Joins λ-sweep shard CSVs into the one-process CSV and prints the table")
            .args([crate::cli::parts_arg(), out("lambda-sweep.csv")]),
    )
}

/// Runs the matched subcommand.
pub fn dispatch(cmd: &Command, m: &ArgMatches) -> Result<(), String> {
    let (name, args) = super::experiment("abstraction", cmd, m)?;
    match name {
        "run" => sweep_cmd(args, true),
        "sweep" => sweep_cmd(args, false),
        "merge" => merge(args),
        other => Err(format!("unknown command {other:?}")),
    }
}

/// Rows in the one order every process writes them: by λ, then seed.
fn sorted(mut rows: Vec<SweepRow>) -> Vec<SweepRow> {
    rows.sort_by(|a, b| a.lambda.total_cmp(&b.lambda).then(a.seed.cmp(&b.seed)));
    rows
}

/// `run` is the sweep of one λ (the config's) and one seed.
fn sweep_cmd(mut args: Args, single: bool) -> Result<(), String> {
    let path = args.take("out").unwrap_or_default();
    let (lambdas, seeds, flags) = if single {
        (None, 1, SweepFlags::SINGLE)
    } else {
        (
            args.take_list::<f64>("lambdas")?,
            take_seeds(&mut args, PAGE_SEEDS)?,
            SweepFlags::take(&mut args)?,
        )
    };
    let base: AbstractionConfig = args.take_settings()?;
    args.finish()?;
    let lambdas = lambdas.unwrap_or_else(|| {
        if single {
            vec![base.lambda]
        } else {
            default_lambdas()
        }
    });
    let plan = sweep::plan(&base, &lambdas, seeds).map_err(|e| format!("--{e}"))?;
    let indices = flags.indices(plan.len());
    let points = run_parallel(&indices, flags.threads, "λ-sweep", flags.quiet, |k| {
        sweep::run_point(&plan[k]).map_err(|e| e.to_string())
    })?;
    let rows = sorted(points.iter().map(|p| p.row()).collect());
    let grid = lambdas
        .iter()
        .map(f64::to_string)
        .collect::<Vec<_>>()
        .join(",");
    let plan_line = format!("lambdas={grid} seeds={seeds}");
    write_csv(
        &path,
        &base.to_hash(),
        &plan_line,
        &flags.line(),
        &rows_to_csv(&rows),
    )?;
    println!("{} runs → {path}", rows.len());
    if let Some((i, n)) = flags.shard {
        println!(
            "shard {i}/{n} done; join the shards with `protolab abstraction merge PART.csv... --out FILE`"
        );
        return Ok(());
    }
    if single {
        if let Some(p) = points.first() {
            match &p.metrics {
                Some(m) => println!(
                    "λ {}: PS {} CCGP {} alignment {} shattering {} loss {}{}",
                    p.lambda,
                    cell(
                        Some(protolab_core::abstraction::AbstractionMetrics::mean(&m.ps)),
                        3
                    ),
                    cell(
                        Some(protolab_core::abstraction::AbstractionMetrics::mean(
                            &m.ccgp
                        )),
                        3
                    ),
                    cell(Some(m.alignment), 3),
                    cell(Some(m.shattering), 3),
                    cell(m.loss, 5),
                    if m.collapsed {
                        " (collapsed: no geometry to score)"
                    } else {
                        ""
                    }
                ),
                None => return Err("the run diverged".into()),
            }
        }
        return Ok(());
    }
    table(&rows);
    Ok(())
}

/// The lab docs' λ-sweep table: per λ, the mean scores over the seeds that have any.
fn table(rows: &[SweepRow]) {
    println!(
        "\n{:>9}  {:>6}  {:>6}  {:>9}  {:>10}  {:>9}  runs (collapsed, diverged)",
        "λ", "PS", "CCGP", "alignment", "shattering", "loss"
    );
    for l in summarize(rows) {
        let s = l.scores;
        println!(
            "{:>9}  {:>6}  {:>6}  {:>9}  {:>10}  {:>9}  {} ({}, {})",
            format!("{:.2e}", l.lambda),
            cell(s.map(|s| s.ps), 3),
            cell(s.map(|s| s.ccgp), 3),
            cell(s.map(|s| s.alignment), 3),
            cell(s.map(|s| s.shattering), 3),
            cell(s.map(|s| s.loss), 5),
            l.runs,
            l.collapsed,
            l.diverged
        );
    }
}

/// `protolab abstraction merge`.
fn merge(mut args: Args) -> Result<(), String> {
    let path = args.take("out").unwrap_or_default();
    let (parts, provenance) = read_parts(args)?;
    let mut rows = Vec::new();
    for (k, (p, text)) in parts.iter().enumerate() {
        rows.extend(parse_csv(text).map_err(|e| format!("part {} ({p}): {e}", k + 1))?);
    }
    let rows = sorted(rows);
    if let Some(w) = rows
        .windows(2)
        .find(|w| w[0].lambda == w[1].lambda && w[0].seed == w[1].seed)
    {
        return Err(format!(
            "λ {} seed {} appears in two parts",
            w[0].lambda, w[0].seed
        ));
    }
    crate::commands::write_file(&path, &format!("{provenance}{}", rows_to_csv(&rows)))?;
    println!("{} runs from {} parts → {path}", rows.len(), parts.len());
    table(&rows);
    Ok(())
}
