//! The labs' commands (`protolab <lab> <experiment>`) and what they share:
//! running a plan's jobs in parallel with progress on stderr, provenance on
//! every CSV, and joining shard CSVs.

pub mod abstraction;
pub mod capacity;
pub mod latent;

use crate::args::Args;
use crate::cli::{out, settings_args};
use crate::commands::{parse_shard, read_file, write_file};
use clap::{ArgMatches, Command};
use protolab_core::csv;
use protolab_core::limits;
use protolab_core::schema::Schema;
use rayon::prelude::*;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

/// `protolab completions SHELL`: the completion script of the whole tree.
/// The 8×8 digits file (the Latent Field Lab's data, the Capacity Lab's small set).
pub const DIGITS: &[u8] = include_bytes!("../../../../data/digits8x8.bin");

/// A lab's command with its `run` subcommand (one run at the lab's settings,
/// flags from its table, written to `run_out`); the lab adds its experiments
/// and `merge`.
pub fn lab_command<S: Schema>(
    name: &'static str,
    about: &'static str,
    run_about: &'static str,
    run_out: &'static str,
) -> Command {
    Command::new(name)
        .about(about)
        .subcommand_required(true)
        .subcommand(
            Command::new("run")
                .about(run_about)
                .arg(out(run_out))
                .args(settings_args::<S>()),
        )
}

pub fn completions(shell: &str) -> Result<(), String> {
    use clap_complete::Shell;
    let shell = match shell {
        "bash" => Shell::Bash,
        "zsh" => Shell::Zsh,
        "fish" => Shell::Fish,
        other => return Err(format!("completions: {other:?} is not bash, zsh or fish")),
    };
    let mut cmd = crate::cli::tree();
    clap_complete::generate(shell, &mut cmd, "protolab", &mut std::io::stdout());
    Ok(())
}

/// A sweep's shared flags: `--shard i/n` (`None`: every run), `--threads`
/// (bounded by the core's limits) and `--quiet`.
pub struct SweepFlags {
    /// This process's shard `(i, n)`.
    pub shard: Option<(usize, usize)>,
    /// Worker threads (0 = one per core).
    pub threads: usize,
    /// No progress on stderr.
    pub quiet: bool,
}

impl SweepFlags {
    /// One run in this thread, silently: what each lab's `run` uses.
    pub const SINGLE: Self = Self {
        shard: None,
        threads: 1,
        quiet: true,
    };

    /// Takes `--shard`, `--threads` and `--quiet` from `args`.
    pub fn take(args: &mut Args) -> Result<Self, String> {
        Ok(Self {
            shard: args.take("shard").map(|s| parse_shard(&s)).transpose()?,
            threads: crate::execute::take_threads(args)?,
            quiet: args.switch("quiet"),
        })
    }

    /// The indices of a plan of `total` runs this process does.
    pub fn indices(&self, total: usize) -> Vec<usize> {
        match self.shard {
            Some((i, n)) => (i..total).step_by(n).collect(),
            None => (0..total).collect(),
        }
    }

    /// The shard as a provenance line (`# shard: i/n`), which `merge` drops.
    pub fn line(&self) -> String {
        self.shard
            .map(|(i, n)| format!("# shard: {i}/{n}\n"))
            .unwrap_or_default()
    }
}

/// Runs `job` on each index on a pool of `threads` (0 = all cores), printing a
/// line per finished run on stderr unless `quiet`; results in index order.
pub fn run_parallel<T: Send>(
    indices: &[usize],
    threads: usize,
    label: &str,
    quiet: bool,
    job: impl Fn(usize) -> Result<T, String> + Sync,
) -> Result<Vec<T>, String> {
    limits::check_len("threads", threads, limits::THREADS).map_err(|e| format!("--{e}"))?;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(|e| format!("cannot start {threads} threads: {e}"))?;
    let done = AtomicUsize::new(0);
    let start = Instant::now();
    let total = indices.len();
    pool.install(|| {
        indices
            .par_iter()
            .map(|&k| {
                let out = job(k).map_err(|e| format!("run {k}: {e}"))?;
                let finished = done.fetch_add(1, Ordering::Relaxed) + 1;
                if !quiet {
                    eprintln!(
                        "{label}: run {k} done ({finished}/{total}, {:.0} %, {:.1} s)",
                        100.0 * finished as f64 / total.max(1) as f64,
                        start.elapsed().as_secs_f64()
                    );
                }
                Ok(out)
            })
            .collect()
    })
}

/// Writes a CSV with its provenance lines first: the version, the config's
/// link, the plan (and the shard, if any).
pub fn write_csv(
    path: &str,
    link: &str,
    plan: &str,
    shard: &str,
    body: &str,
) -> Result<(), String> {
    write_file(
        path,
        &format!("{}{shard}{body}", csv::provenance(link, plan)),
    )
}

/// Shard CSVs read for `merge`: the texts, and the provenance the joined file
/// carries (the first part's, without its shard line). Parts made by different
/// configs or plans are refused: their rows would not be one sweep's.
pub fn read_parts(args: Args) -> Result<(Vec<(String, String)>, String), String> {
    let parts = args.finish()?;
    if parts.is_empty() {
        return Err("merge: name the shard CSVs to join".into());
    }
    let texts = parts
        .iter()
        .map(|p| Ok((p.clone(), read_file(p)?)))
        .collect::<Result<Vec<_>, String>>()?;
    let head = |t: &str| -> Vec<String> {
        csv::comments(t)
            .into_iter()
            .filter(|l| !l.starts_with("# shard:"))
            .map(str::to_string)
            .collect()
    };
    let first = head(&texts[0].1);
    for (path, text) in &texts[1..] {
        let this = head(text);
        let line = |h: &[String], tag: &str| h.iter().find(|l| l.starts_with(tag)).cloned();
        for tag in ["# config:", "# plan:"] {
            if line(&this, tag).is_some()
                && line(&first, tag).is_some()
                && line(&this, tag) != line(&first, tag)
            {
                return Err(format!(
                    "{path}: its {} line differs from {}'s: not shards of one sweep",
                    tag.trim_start_matches("# ").trim_end_matches(':'),
                    texts[0].0
                ));
            }
        }
    }
    let mut provenance = String::new();
    for l in first {
        provenance.push_str(&l);
        provenance.push('\n');
    }
    Ok((texts, provenance))
}

/// A count flag checked against the core's bound for seeds.
pub fn take_seeds(args: &mut Args, default: u64) -> Result<u64, String> {
    let seeds = args.take_parsed("seeds")?.unwrap_or(default);
    limits::check_count("seeds", seeds, limits::SEEDS).map_err(|e| format!("--{e}"))?;
    Ok(seeds)
}

/// `f64` cells as the tables print them (`—` for a missing value).
pub fn cell(v: Option<f64>, digits: usize) -> String {
    match v {
        Some(x) if x.is_finite() => format!("{x:.digits$}"),
        _ => "—".into(),
    }
}

/// The experiment a lab's command names and its flags: `lab` names the lab
/// in the error when none is given.
pub fn experiment<'a>(
    lab: &str,
    cmd: &Command,
    m: &'a ArgMatches,
) -> Result<(&'a str, Args), String> {
    let (name, sub) = m
        .subcommand()
        .ok_or_else(|| format!("{lab}: name an experiment"))?;
    let sc = cmd.find_subcommand(name).ok_or("unknown command")?;
    Ok((name, crate::cli::to_args(sc, sub)))
}
