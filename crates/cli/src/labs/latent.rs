//! `protolab latent run | trend | merge`: the Latent Field Lab's runs and its
//! trend table (docs/labs/latent-field.md#findings).

use super::{DIGITS, SweepFlags, read_parts, run_parallel, take_seeds, write_csv};
use crate::args::Args;
use crate::cli::{out, parts_arg, settings_args, sweep_common, value};
use clap::{ArgMatches, Command};
use protolab_core::digits::Digits;
use protolab_core::latent::LatentConfig;
use protolab_core::latent::trend::{self, parse_csv, rows_to_csv, sort_rows};

/// The lab's commands.
pub fn command() -> Command {
    let settings = settings_args::<LatentConfig>;
    super::lab_command::<LatentConfig>(
        "latent",
        "Latent Field Lab: run, trend (attractors against training), merge",
        "One run to --epochs, analysed at the end: attractors, memorised, MSE",
        "latent-run.csv",
    )
        .subcommand(
            Command::new("trend")
                .about("Attractors, memorised share and errors at checkpoints, with and without weight decay")
                .args([
                    out("latent-trend.csv"),
                    value("seeds", "Seeds, counted from --seed [default 3]"),
                    value("checkpoints", "Epochs analysed at --wd [default 100,500,1000,2000,5000]"),
                    value("decayed-checkpoints", "Epochs analysed with weight decay [default 2000,5000]"),
                    value("decay", "Weight decay of the decayed runs [default 0.001]"),
                ])
                .args(sweep_common())
                .args(settings()),
        )
        .subcommand(
            Command::new("merge")
                .about("Joins trend shard CSVs into the one-process CSV and prints the table")
                .args([parts_arg(), out("latent-trend.csv")]),
        )
}

/// Runs the matched subcommand.
pub fn dispatch(cmd: &Command, m: &ArgMatches) -> Result<(), String> {
    let (name, args) = super::experiment("latent", cmd, m)?;
    match name {
        "run" => trend_cmd(args, true),
        "trend" => trend_cmd(args, false),
        "merge" => merge(args),
        other => Err(format!("unknown command {other:?}")),
    }
}

/// `run` is the trend of one run (the config) with one checkpoint, its epochs.
fn trend_cmd(mut args: Args, single: bool) -> Result<(), String> {
    let path = args.take("out").unwrap_or_default();
    let grid_given = args.has("grid");
    let (seeds, plain, decayed, decay, flags) = if single {
        let flags = SweepFlags::SINGLE;
        (1, None, Some(vec![]), 0.0, flags)
    } else {
        (
            take_seeds(&mut args, trend::SEEDS)?,
            args.take_list::<u64>("checkpoints")?,
            args.take_list::<u64>("decayed-checkpoints")?,
            args.take_parsed::<f64>("decay")?.unwrap_or(trend::DECAY),
            SweepFlags::take(&mut args)?,
        )
    };
    let mut base: LatentConfig = args.take_settings()?;
    args.finish()?;
    if !single && !grid_given {
        base.grid = trend::GRID;
    }
    let plain = plain.unwrap_or_else(|| {
        if single {
            vec![base.epochs]
        } else {
            trend::PLAIN_EPOCHS.to_vec()
        }
    });
    let decayed = decayed.unwrap_or_else(|| trend::DECAYED_EPOCHS.to_vec());
    let rename = |e: protolab_core::ConfigError| match e.field {
        "epochs" if !single => format!("--checkpoints: {}", e.message),
        "wd" if !single => format!("--decay or --wd: {}", e.message),
        _ => format!("--{e}"),
    };
    let plan = trend::plan(&base, seeds, &plain, &decayed, decay).map_err(rename)?;
    let digits = Digits::parse(DIGITS).map_err(|e| e.to_string())?;
    let indices = flags.indices(plan.len());
    let parts = run_parallel(&indices, flags.threads, "trend", flags.quiet, |k| {
        trend::run_job(&plan[k], &digits).map_err(|e| e.to_string())
    })?;
    let mut rows: Vec<_> = parts.into_iter().flatten().collect();
    sort_rows(&mut rows);
    let list = |v: &[u64]| v.iter().map(u64::to_string).collect::<Vec<_>>().join(",");
    let plan_line = format!(
        "seeds={seeds} checkpoints={} decayed-checkpoints={} decay={decay}",
        list(&plain),
        list(&decayed)
    );
    write_csv(
        &path,
        &base.to_hash(),
        &plan_line,
        &flags.line(),
        &rows_to_csv(&rows),
    )?;
    println!(
        "{} runs, {} checkpoints → {path}",
        indices.len(),
        rows.len()
    );
    if let Some((i, n)) = flags.shard {
        println!(
            "shard {i}/{n} done; join the shards with `protolab latent merge PART.csv... --out FILE`"
        );
        return Ok(());
    }
    if single && rows.iter().any(|r| r.found.is_none()) {
        return Err("the run diverged".into());
    }
    print!("\n{}", trend::table(&rows));
    Ok(())
}

/// `protolab latent merge`.
fn merge(mut args: Args) -> Result<(), String> {
    let path = args.take("out").unwrap_or_default();
    let (parts, provenance) = read_parts(args)?;
    let mut rows = Vec::new();
    for (k, (p, text)) in parts.iter().enumerate() {
        rows.extend(parse_csv(text).map_err(|e| format!("part {} ({p}): {e}", k + 1))?);
    }
    sort_rows(&mut rows);
    if let Some(w) = rows.windows(2).find(|w| {
        (w[0].weight_decay, w[0].seed, w[0].epoch) == (w[1].weight_decay, w[1].seed, w[1].epoch)
    }) {
        return Err(format!(
            "weight decay {} seed {} epoch {} appears in two parts",
            w[0].weight_decay, w[0].seed, w[0].epoch
        ));
    }
    crate::commands::write_file(&path, &format!("{provenance}{}", rows_to_csv(&rows)))?;
    println!(
        "{} checkpoints from {} parts → {path}",
        rows.len(),
        parts.len()
    );
    print!("\n{}", trend::table(&rows));
    Ok(())
}
