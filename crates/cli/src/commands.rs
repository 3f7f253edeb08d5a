//! The experiment commands: study, sweep, merge, run, positions, config.

use crate::args::Args;
use crate::execute::{execute, take_threads};
use protolab_core::experiments::{self, Plan, RunRecord, limits};
use protolab_core::{Config, ConfigError, Dataset, Trainer};
use std::time::Instant;

/// Writes `text` to `path`, naming the file in the error.
pub fn write_file(path: &str, text: &str) -> Result<(), String> {
    std::fs::write(path, text).map_err(|e| format!("cannot write {path}: {e}"))
}

/// Reads `path`, naming the file in the error.
pub fn read_file(path: &str) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("cannot read {path}: {e}"))
}

/// The provenance lines of a Prototype Lab CSV: version, the config's link,
/// the plan and the shard (which `merge` drops).
fn provenance(base: &Config, plan: &str, shard: Option<(usize, usize)>) -> String {
    let shard = shard.map_or(String::new(), |(i, n)| format!("# shard: {i}/{n}\n"));
    format!(
        "{}{shard}",
        protolab_core::csv::provenance(&protolab_core::prototypes::links::to_hash(base), plan)
    )
}

fn list<T: ToString>(v: &[T]) -> String {
    v.iter().map(T::to_string).collect::<Vec<_>>().join(",")
}

/// `--shard i/n`: two whole numbers with 0 <= i < n, n within the core's limits.
pub fn parse_shard(s: &str) -> Result<(usize, usize), String> {
    let bad = || format!("--shard: {s:?} is not i/n with 0 <= i < n");
    let (i, n) = s.split_once('/').ok_or_else(bad)?;
    let (i, n): (usize, usize) = (i.parse().map_err(|_| bad())?, n.parse().map_err(|_| bad())?);
    if n == 0 || i >= n {
        return Err(bad());
    }
    limits::check_shard(i as u64, n as u64).map_err(|e| format!("--{e}"))?;
    Ok((i, n))
}

/// A plan's error as the flag it came from: `rename` maps the core's field
/// names (`seeds`, `N`, `tauS`, …) to this command's flags.
fn flag_error(e: ConfigError, rename: &[(&str, &str)]) -> String {
    let flag = rename
        .iter()
        .find(|(field, _)| *field == e.field)
        .map_or(e.field, |(_, flag)| *flag);
    format!("--{flag}: {}", e.message)
}

fn report(study: &[RunRecord], sweep: &[RunRecord]) {
    let cells = experiments::summarize(study);
    println!(
        "\nSummary (mean ± sd over seeds; runs column shows total!diverged when any diverged)\n"
    );
    print!("{}", experiments::summary_table(&cells));
    println!("\nFindings F1-F5 (docs/labs/prototypes.md#findings) at these settings\n");
    print!(
        "{}",
        experiments::findings_text(&experiments::findings(study, sweep))
    );
}

/// Settings of the τ-sweep run beside the study and by `protolab sweep`.
struct SweepSettings {
    n: usize,
    seeds: u64,
    taus: Vec<f64>,
}

impl SweepSettings {
    /// Reads `--sweep-N`, `--sweep-seeds` and `--taus` (empty = the default grid
    /// for the config's τ units, filled in by `plan`).
    fn take(args: &mut Args) -> Result<Self, String> {
        Ok(Self {
            n: args.take_parsed("sweep-N")?.unwrap_or(experiments::SWEEP_N),
            seeds: args
                .take_parsed("sweep-seeds")?
                .unwrap_or(experiments::SWEEP_SEEDS),
            taus: args.take_list("taus")?.unwrap_or_default(),
        })
    }

    /// The plan line of the sweep's CSV.
    fn describe(&self, base: &Config) -> String {
        let taus = if self.taus.is_empty() {
            experiments::default_taus(base.tau_units)
        } else {
            self.taus.clone()
        };
        format!("N={} seeds={} taus={}", self.n, self.seeds, list(&taus))
    }

    /// The sweep's plan, its sizes checked; `n_flag` and `seeds_flag` name the
    /// flags the errors point at (`--sweep-N` beside a study, `--N` alone).
    fn plan(&self, base: &Config, n_flag: &str, seeds_flag: &str) -> Result<Plan, String> {
        let taus = if self.taus.is_empty() {
            experiments::default_taus(base.tau_units)
        } else {
            self.taus.clone()
        };
        Plan::try_tau_sweep(base, self.n, &taus, self.seeds).map_err(|e| {
            flag_error(
                e,
                &[
                    ("N", n_flag),
                    ("seeds", seeds_flag),
                    ("runs", seeds_flag),
                    ("tauS", "taus"),
                ],
            )
        })
    }
}

/// `protolab study`.
pub fn study(mut args: Args) -> Result<(), String> {
    let out = args.take("out").unwrap_or_else(|| "study.csv".into());
    let sweep_out = args.take("sweep-out");
    let threads = take_threads(&mut args)?;
    let seeds = args
        .take_parsed("seeds")?
        .unwrap_or(experiments::STUDY_SEEDS);
    let ns = args
        .take_list("ns")?
        .unwrap_or_else(|| experiments::STUDY_NS.to_vec());
    let shard = args.take("shard").map(|s| parse_shard(&s)).transpose()?;
    let sweep = SweepSettings::take(&mut args)?;
    let base = args.take_config()?;
    let (quiet, no_sweep) = (args.switch("quiet"), args.switch("no-sweep"));
    args.finish()?;

    let plan = Plan::try_study(&base, &ns, seeds)
        .map_err(|e| flag_error(e, &[("N", "ns"), ("runs", "seeds")]))?;
    // The sweep's sizes are checked before the study spends any time.
    let sweep_plan = if no_sweep || shard.is_some() {
        None
    } else {
        Some(sweep.plan(&base, "sweep-N", "sweep-seeds")?)
    };
    let indices = match shard {
        Some((i, n)) => plan.shard(i, n),
        None => (0..plan.runs.len()).collect(),
    };
    let t0 = Instant::now();
    let records = execute(&plan, &indices, threads, "study", quiet)?;
    let study_secs = t0.elapsed().as_secs_f64();
    let head = provenance(&base, &format!("ns={} seeds={seeds}", list(&ns)), shard);
    write_file(&out, &(head + &experiments::to_csv(&records)))?;
    println!("{} runs in {study_secs:.1} s → {out}", records.len());
    if let Some((i, n)) = shard {
        println!(
            "shard {i}/{n} done; join the shards with `protolab merge PART.csv... --out study.csv`"
        );
        return Ok(());
    }
    let sweep_records = if let Some(plan) = sweep_plan {
        let all: Vec<usize> = (0..plan.runs.len()).collect();
        let records = execute(&plan, &all, threads, "sweep", quiet)?;
        let path = sweep_out.unwrap_or_else(|| sibling(&out, "-sweep"));
        let head = provenance(&base, &sweep.describe(&base), None);
        write_file(&path, &(head + &experiments::to_csv(&records)))?;
        println!(
            "tau-sweep: {} runs (mask S, N = {}) → {path}",
            records.len(),
            sweep.n
        );
        records
    } else {
        Vec::new()
    };
    report(&records, &sweep_records);
    Ok(())
}

/// `study.csv` + `-sweep` → `study-sweep.csv`.
fn sibling(path: &str, suffix: &str) -> String {
    match path.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() && !ext.contains('/') => {
            format!("{stem}{suffix}.{ext}")
        }
        _ => format!("{path}{suffix}"),
    }
}

fn sweep_table(records: &[RunRecord]) {
    println!(
        "\n{:>10}  {:>15}  {:>15}  {:>17}  diverged",
        "tauS", "hull escape", "hull distance", "recon"
    );
    let curve = experiments::tau_curve(records);
    let labelled = curve
        .points
        .iter()
        .map(|p| (format!("{:.2e}", p.tau), p))
        .chain(curve.reference.iter().map(|p| ("no sep.".to_string(), p)));
    for (label, p) in labelled {
        let (e, d, r) = (p.hull_escape, p.hull_distance, p.recon);
        println!(
            "{label:>10}  {:>6.3} ± {:<6.3}  {:>6.3} ± {:<6.3}  {:>7.4} ± {:<7.4}  {}",
            e.mean, e.sd, d.mean, d.sd, r.mean, r.sd, p.diverged
        );
    }
}

/// `protolab sweep`.
pub fn sweep(mut args: Args) -> Result<(), String> {
    let out = args.take("out").unwrap_or_else(|| "sweep.csv".into());
    let threads = take_threads(&mut args)?;
    let mut settings = SweepSettings::take(&mut args)?;
    if let Some(n) = args.take_parsed("N")? {
        settings.n = n;
    }
    if let Some(s) = args.take_parsed("seeds")? {
        settings.seeds = s;
    }
    let shard = args.take("shard").map(|s| parse_shard(&s)).transpose()?;
    let base = args.take_config()?;
    let quiet = args.switch("quiet");
    args.finish()?;
    let plan = settings.plan(&base, "N", "seeds")?;
    let indices = match shard {
        Some((i, n)) => plan.shard(i, n),
        None => (0..plan.runs.len()).collect(),
    };
    let records = execute(&plan, &indices, threads, "sweep", quiet)?;
    let head = provenance(&base, &settings.describe(&base), shard);
    write_file(&out, &(head + &experiments::to_csv(&records)))?;
    if let Some((i, n)) = shard {
        println!(
            "{} runs → {out}\nshard {i}/{n} done; join the shards with `protolab merge --tau-sweep PART.csv... --out sweep.csv`",
            records.len()
        );
        return Ok(());
    }
    println!(
        "{} runs (mask S, N = {}, {} seeds) → {out}",
        records.len(),
        settings.n,
        settings.seeds
    );
    sweep_table(&records);
    let f5 = experiments::findings(&[], &records)
        .pop()
        .expect("findings end with F5");
    print!("\n{}", experiments::findings_text(&[f5]));
    Ok(())
}

/// `protolab merge`.
pub fn merge(mut args: Args) -> Result<(), String> {
    // `--tau-sweep`: the parts are τ-sweep shards (table and F5, not the study report).
    let tau = args.switch("tau-sweep");
    let default_out = if tau { "sweep.csv" } else { "study.csv" };
    let out = args.take("out").unwrap_or_else(|| default_out.into());
    let sweep_path = args.take("sweep");
    let parts = args.finish()?;
    if parts.is_empty() {
        return Err("merge: name the shard CSVs to join".into());
    }
    let texts = parts
        .iter()
        .map(|p| read_file(p))
        .collect::<Result<Vec<_>, _>>()?;
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    let records = experiments::merge_csv(&refs)?;
    // The joined file keeps the first part's provenance, without its shard.
    let head: String = protolab_core::csv::comments(refs[0])
        .into_iter()
        .filter(|l| !l.starts_with("# shard:"))
        .map(|l| format!("{l}\n"))
        .collect();
    write_file(&out, &(head + &experiments::to_csv(&records)))?;
    println!("{} runs from {} parts → {out}", records.len(), parts.len());
    if tau {
        sweep_table(&records);
        let f5 = experiments::findings(&[], &records)
            .pop()
            .expect("findings end with F5");
        print!("\n{}", experiments::findings_text(&[f5]));
        return Ok(());
    }
    let sweep = match sweep_path {
        Some(p) => experiments::parse_csv(&read_file(&p)?).map_err(|e| format!("{p}: {e}"))?,
        None => Vec::new(),
    };
    report(&records, &sweep);
    Ok(())
}

fn metrics_line(run: &mut Trainer) -> String {
    match run.outcome() {
        Ok(m) => format!(
            "step {:>7}  fit {:.3e}  recon {:.4}  nearest {:.4}  spec {:.3}  escape {:.3} (dist {:.3})  L_cov {:.3e}  L_sep {:.3e}  L_ovl {:.3e}  total {:.4e}",
            m.step,
            m.loss.fit,
            m.recon,
            m.nearest,
            m.specialization,
            m.hull_escape,
            m.hull_distance,
            m.loss.coverage,
            m.loss.separation,
            m.loss.overlap,
            m.loss.total
        ),
        Err(d) => format!("{d}"),
    }
}

/// `protolab run`.
pub fn run(mut args: Args) -> Result<(), String> {
    let every: u64 = args.take_parsed("every")?.unwrap_or(0);
    let config = args.take_config()?;
    args.finish()?;
    let mut run = Trainer::new(config.clone()).map_err(|e| e.to_string())?;
    println!("{config}");
    while !run.is_finished() {
        let chunk = if every > 0 { every } else { config.steps };
        run.step(chunk.min(config.steps - run.steps_done()));
        if every > 0 || run.is_finished() {
            println!("{}", metrics_line(&mut run));
        }
    }
    if config.steps == 0 {
        println!("{}", metrics_line(&mut run));
    }
    if run.divergence().is_some() {
        return Err("the run diverged".into());
    }
    Ok(())
}

/// `protolab positions`.
pub fn positions(mut args: Args) -> Result<(), String> {
    let out = args.take("out").unwrap_or_else(|| "positions.csv".into());
    let runs_out = args.take("runs-out");
    // The figure's size is N = 100 unless `--N` is given (any value, including
    // the config's default 20, which used to be mistaken for "not given").
    let n_given = args.has("N");
    let mut base = args.take_config()?;
    if !n_given {
        base.n = experiments::POSITIONS_N;
    }
    args.finish()?;
    let plan = Plan::try_positions(&base, base.n, base.seed).map_err(|e| format!("--{e}"))?;
    let all: Vec<usize> = (0..plan.runs.len()).collect();
    let records = execute(&plan, &all, 0, "runs", true)?;
    let data = Dataset::generate(base.target, base.n, base.seed);
    let (lo, hi) = data.hull();
    let mut csv = String::from("mask,unit,prototype,outside_hull\n");
    println!(
        "N = {}, seed {}: hull [{lo:.4}, {hi:.4}]",
        base.n, base.seed
    );
    for r in &records {
        for (j, p) in r.prototypes.iter().enumerate() {
            csv.push_str(&format!(
                "{},{j},{p},{}\n",
                r.config.mask,
                (*p < lo || *p > hi) as u8
            ));
        }
        match &r.outcome {
            Ok(m) => println!(
                "{:<5} escaped {:>3}/{}  recon {:.4}  range [{:.3}, {:.3}]",
                r.config.mask.name(),
                (m.hull_escape * base.n as f64).round(),
                base.n,
                m.recon,
                r.prototypes.iter().copied().fold(f64::INFINITY, f64::min),
                r.prototypes
                    .iter()
                    .copied()
                    .fold(f64::NEG_INFINITY, f64::max)
            ),
            Err(d) => println!("{:<5} {d}", r.config.mask.name()),
        }
    }
    let head = provenance(&base, &format!("N={} seed={}", base.n, base.seed), None);
    write_file(&out, &(head.clone() + &csv))?;
    println!("→ {out}");
    if let Some(path) = runs_out {
        // The same provenance as the positions: the runs' config, plan and version.
        write_file(&path, &(head + &experiments::to_csv(&records)))?;
        println!("runs → {path}");
    }
    Ok(())
}

/// `protolab config`: the version and the config's link, for provenance
/// (scripts/precompute.sh writes them into data/results/manifest.json).
pub fn config(mut args: Args) -> Result<(), String> {
    let config = args.take_config()?;
    args.finish()?;
    println!("protolab {}", env!("CARGO_PKG_VERSION"));
    println!("{}", protolab_core::hash::to_hash(&config));
    Ok(())
}
