//! `protolab capacity run | width | pruning | noise | merge`: the Capacity
//! Lab's runs, its width sweep and what pruning and noise do
//! (docs/labs/capacity.md#findings).

use super::{DIGITS, SweepFlags, read_parts, run_parallel, write_csv};
use crate::args::Args;
use crate::cli::{out, parts_arg, settings_args, sweep_common, value};
use clap::{ArgMatches, Command};
use protolab_core::capacity::pruning::{self, CaseRow};
use protolab_core::capacity::sweep::{self, PASS_F1, WidthRow, WidthSweep, mean_f1, minimum_width};
use protolab_core::capacity::{CapacityConfig, LabelledImages, PAIRS, SEEDS, Source, WIDTHS};
use protolab_core::digits::Digits;

const MNIST: &[u8] = include_bytes!("../../../../data/mnist-pairs.bin");

fn images(source: Source) -> Result<LabelledImages, String> {
    match source {
        Source::Mnist => LabelledImages::from_mnist(MNIST).map_err(|e| e.to_string()),
        Source::Digits => Ok(LabelledImages::from_digits(
            &Digits::parse(DIGITS).map_err(|e| e.to_string())?,
        )),
    }
}

/// The lab's commands.
pub fn command() -> Command {
    let settings = settings_args::<CapacityConfig>;
    let cases = || {
        [
            value("cases", "Cases a/b:H [default 4/9:64,0/1:16]"),
            value(
                "seeds",
                "Seeds of split and initialisation [default: --seed]",
            ),
        ]
    };
    super::lab_command::<CapacityConfig>(
        "capacity",
        "Capacity Lab: run, width (the width sweep), pruning, noise, merge",
        "One whole run (dense, pruned, corrupted): its sparsity rows",
        "capacity-run.csv",
    )
        .subcommand(
            Command::new("width")
                .about("The width sweep: F1 against hidden width H for the digit pairs")
                .args([
                    out("width-sweep.csv"),
                    value("pairs", "Digit pairs [default 0/1,1/7,5/6,3/8,4/9]"),
                    value("widths", "Widths H [default 2,4,6,8,10,12,16,24,32,48,64]"),
                    value("seeds", "Seeds [default 0,42,78]"),
                ])
                .args(sweep_common())
                .args(settings()),
        )
        .subcommand(
            Command::new("pruning")
                .about("What really pruning does: F1 against sparsity, both schemes, and the paper's 0.95 %")
                .arg(out("pruning.csv"))
                .args(cases())
                .args(sweep_common())
                .args(settings()),
        )
        .subcommand(
            Command::new("noise")
                .about("F1 of the small and large nets on noisy and occluded images")
                .arg(out("noise.csv"))
                .args(cases())
                .args(sweep_common())
                .args(settings()),
        )
        .subcommand(
            Command::new("merge")
                .about("Joins width, pruning or noise shard CSVs into the one-process CSV")
                .args([parts_arg(), out("width-sweep.csv")]),
        )
}

/// Runs the matched subcommand.
pub fn dispatch(cmd: &Command, m: &ArgMatches) -> Result<(), String> {
    let (name, args) = super::experiment("capacity", cmd, m)?;
    match name {
        "width" => width(args),
        "run" => cases_cmd(args, Some(true), true),
        "pruning" => cases_cmd(args, Some(true), false),
        "noise" => cases_cmd(args, Some(false), false),
        "merge" => merge(args),
        other => Err(format!("unknown command {other:?}")),
    }
}

fn pairs_of(text: Option<String>) -> Result<Vec<(u8, u8)>, String> {
    let Some(text) = text else {
        return Ok(PAIRS.to_vec());
    };
    text.split(',')
        .map(|p| {
            let k = protolab_core::capacity::PAIR_NAMES
                .iter()
                .position(|n| *n == p.trim())
                .ok_or_else(|| format!("--pairs: {p:?} is not one of 0/1, 1/7, 5/6, 3/8, 4/9"))?;
            Ok(PAIRS[k])
        })
        .collect()
}

fn sort_width(rows: &mut [WidthRow]) {
    rows.sort_by(|a, b| {
        a.pair
            .cmp(&b.pair)
            .then(a.hidden.cmp(&b.hidden))
            .then(a.seed.cmp(&b.seed))
    });
}

/// `protolab capacity width`.
fn width(mut args: Args) -> Result<(), String> {
    let path = args.take("out").unwrap_or_default();
    let pairs = pairs_of(args.take("pairs"))?;
    let widths = args
        .take_list::<usize>("widths")?
        .unwrap_or_else(|| WIDTHS.to_vec());
    let seeds = args
        .take_list::<u64>("seeds")?
        .unwrap_or_else(|| SEEDS.to_vec());
    let flags = SweepFlags::take(&mut args)?;
    let base: CapacityConfig = args.take_settings()?;
    args.finish()?;
    // The whole grid is checked (sizes, every width's config) before any run.
    WidthSweep::new(&base.classifier, &pairs, &widths, &seeds).map_err(|e| match e.field {
        "H" | "hidden" => format!("--widths: {}", e.message),
        _ => format!("--{e}"),
    })?;
    let mut jobs: Vec<((u8, u8), usize, u64)> = Vec::new();
    for &p in &pairs {
        for &h in &widths {
            jobs.extend(seeds.iter().map(|&s| (p, h, s)));
        }
    }
    let data = images(base.source)?;
    let indices = flags.indices(jobs.len());
    let mut rows = run_parallel(&indices, flags.threads, "width", flags.quiet, |k| {
        let (p, h, s) = jobs[k];
        let mut one =
            WidthSweep::new(&base.classifier, &[p], &[h], &[s]).map_err(|e| e.to_string())?;
        while !one.is_done() {
            one.advance(&data, u64::MAX);
        }
        Ok(one.rows()[0])
    })?;
    sort_width(&mut rows);
    let list = |v: Vec<String>| v.join(",");
    let plan_line = format!(
        "pairs={} widths={} seeds={}",
        list(pairs.iter().map(|(a, b)| format!("{a}/{b}")).collect()),
        list(widths.iter().map(usize::to_string).collect()),
        list(seeds.iter().map(u64::to_string).collect())
    );
    write_csv(
        &path,
        &base.to_hash(),
        &plan_line,
        &flags.line(),
        &sweep::rows_to_csv(&rows),
    )?;
    println!("{} runs → {path}", rows.len());
    if let Some((i, n)) = flags.shard {
        println!(
            "shard {i}/{n} done; join the shards with `protolab capacity merge PART.csv... --out FILE`"
        );
        return Ok(());
    }
    width_table(&rows);
    Ok(())
}

/// The lab docs' width table: mean F1 per pair and H, and the minimum width passing.
fn width_table(rows: &[WidthRow]) {
    println!("\npair  H     mean F1  runs");
    for (pair, h, f1, n) in mean_f1(rows) {
        println!("{}/{}   {h:<4}  {f1:>7.3}  {n}", pair.0, pair.1);
    }
    let mut pairs: Vec<(u8, u8)> = rows.iter().map(|r| r.pair).collect();
    pairs.dedup();
    println!("\nminimum width with mean F1 > {PASS_F1}:");
    for pair in pairs {
        let w = minimum_width(rows, pair, PASS_F1).map_or("none".into(), |w| w.to_string());
        println!("  {}/{}: {w}", pair.0, pair.1);
    }
}

/// `run`, `pruning` (sparsity rows) and `noise` (corruption rows).
fn cases_cmd(mut args: Args, sparsity: Option<bool>, single: bool) -> Result<(), String> {
    let sparsity = sparsity.unwrap_or(true);
    let path = args.take("out").unwrap_or_default();
    let (cases, seeds, flags) = if single {
        (None, None, SweepFlags::SINGLE)
    } else {
        let cases = args
            .take("cases")
            .map(|c| pruning::parse_cases(&c).map_err(|e| format!("--{e}")))
            .transpose()?;
        (
            cases,
            args.take_list::<u64>("seeds")?,
            SweepFlags::take(&mut args)?,
        )
    };
    let base: CapacityConfig = args.take_settings()?;
    args.finish()?;
    let cases = cases.unwrap_or_else(|| {
        if single {
            vec![(base.pair(), base.classifier.hidden)]
        } else {
            pruning::CASES.to_vec()
        }
    });
    let seeds = seeds.unwrap_or_else(|| vec![base.classifier.seed]);
    let plan = pruning::plan(&base, &cases, &seeds).map_err(|e| format!("--{e}"))?;
    let data = images(base.source)?;
    let indices = flags.indices(plan.len());
    let parts = run_parallel(&indices, flags.threads, "capacity", flags.quiet, |k| {
        pruning::run_case(&plan[k], &data).map_err(|e| e.to_string())
    })?;
    let mut rows: Vec<CaseRow> = parts.into_iter().flatten().collect();
    pruning::sort_rows(&mut rows);
    let plan_line = format!(
        "cases={} seeds={}",
        cases
            .iter()
            .map(|((a, b), h)| format!("{a}/{b}:{h}"))
            .collect::<Vec<_>>()
            .join(","),
        seeds
            .iter()
            .map(u64::to_string)
            .collect::<Vec<_>>()
            .join(",")
    );
    write_csv(
        &path,
        &base.to_hash(),
        &plan_line,
        &flags.line(),
        &pruning::rows_to_csv(&rows, sparsity),
    )?;
    println!("{} runs → {path}", indices.len());
    if let Some((i, n)) = flags.shard {
        println!(
            "shard {i}/{n} done; join the shards with `protolab capacity merge PART.csv... --out FILE`"
        );
        return Ok(());
    }
    if rows.iter().any(|r| r.kind == "diverged") && single {
        return Err("the run diverged".into());
    }
    print!("\n{}", pruning::table(&rows, sparsity));
    Ok(())
}

/// `protolab capacity merge`: width-sweep, pruning or noise parts (by header).
fn merge(mut args: Args) -> Result<(), String> {
    let path = args.take("out").unwrap_or_default();
    let (parts, provenance) = read_parts(args)?;
    let width_csv = parts[0]
        .1
        .lines()
        .any(|l| l.starts_with("pair,H,seed,status"));
    if width_csv {
        let mut rows = Vec::new();
        for (k, (p, text)) in parts.iter().enumerate() {
            rows.extend(sweep::parse_csv(text).map_err(|e| format!("part {} ({p}): {e}", k + 1))?);
        }
        sort_width(&mut rows);
        if let Some(w) = rows
            .windows(2)
            .find(|w| (w[0].pair, w[0].hidden, w[0].seed) == (w[1].pair, w[1].hidden, w[1].seed))
        {
            return Err(format!(
                "pair {:?} H {} seed {} appears in two parts",
                w[0].pair, w[0].hidden, w[0].seed
            ));
        }
        crate::commands::write_file(&path, &format!("{provenance}{}", sweep::rows_to_csv(&rows)))?;
        println!("{} runs from {} parts → {path}", rows.len(), parts.len());
        width_table(&rows);
        return Ok(());
    }
    let mut rows = Vec::new();
    let mut runs = std::collections::BTreeMap::new();
    for (k, (p, text)) in parts.iter().enumerate() {
        for r in pruning::parse_csv(text).map_err(|e| format!("part {} ({p}): {e}", k + 1))? {
            if *runs.entry((r.pair, r.hidden, r.seed)).or_insert(k) != k {
                return Err(format!(
                    "pair {:?} H {} seed {} appears in two parts",
                    r.pair, r.hidden, r.seed
                ));
            }
            rows.push(r);
        }
    }
    pruning::sort_rows(&mut rows);
    let sparsity = !rows.iter().any(|r| matches!(r.kind, "noise" | "occlusion"));
    crate::commands::write_file(
        &path,
        &format!("{provenance}{}", pruning::rows_to_csv(&rows, sparsity)),
    )?;
    println!("{} runs from {} parts → {path}", runs.len(), parts.len());
    print!("\n{}", pruning::table(&rows, sparsity));
    Ok(())
}
