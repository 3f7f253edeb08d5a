//! The command tree (clap): every lab's commands, their flags, `--help` per
//! command, suggestions for typos and shell completions. A lab's config flags
//! are built at run time from its table of settings (`Schema::SETTINGS`), so a
//! new setting needs no change here; their values are validated by the core
//! (`schema::read_strict`, through `Args::take_settings`), not by clap.

use crate::args::Args;
use clap::parser::ValueSource;
use clap::{Arg, ArgAction, ArgMatches, Command};
use protolab_core::schema::{Kind, Schema};

/// The settings flags of lab `S`, one per row of its table: `--key VALUE`
/// with the row's help, range, unit and default.
pub fn settings_args<S: Schema>() -> Vec<Arg> {
    let defaults = S::default();
    S::SETTINGS
        .iter()
        .map(|s| {
            let range = match s.kind {
                Kind::Int { min, max } if max == u64::MAX => format!("whole number ≥ {min}"),
                Kind::Int { min, max } => format!("{min}..={max}"),
                Kind::Real { min, max, .. } => format!("{min}..={max}"),
                Kind::Choice(names) => names.join("|"),
            };
            let unit = if s.unit.is_empty() {
                String::new()
            } else {
                format!(" {}", s.unit)
            };
            let default = s.format(defaults.get(s.key));
            Arg::new(s.key)
                .long(s.key)
                .value_name("VALUE")
                .allow_hyphen_values(true)
                .help_heading("Settings (the page's link keys)")
                .help(format!(
                    "{} [{range}{unit}; default {default}]",
                    s.help.trim_end_matches('.')
                ))
        })
        .collect()
}

/// A flag that takes a value.
pub fn value(id: &'static str, help: &'static str) -> Arg {
    Arg::new(id)
        .long(id)
        .value_name("VALUE")
        .allow_hyphen_values(true)
        .help(help)
}

/// A flag that takes no value.
pub fn switch(id: &'static str, help: &'static str) -> Arg {
    Arg::new(id).long(id).action(ArgAction::SetTrue).help(help)
}

/// The CSV parts a `merge` joins.
pub fn parts_arg() -> Arg {
    Arg::new("parts")
        .value_name("PART.csv")
        .num_args(0..)
        .action(ArgAction::Append)
        .help("Shard CSVs to join, in any order")
}

/// `--out FILE` with its default.
pub fn out(default: &'static str) -> Arg {
    value("out", "Where the CSV goes").default_value(default)
}

/// The flags every sweep shares: shard, threads, quiet.
pub fn sweep_common() -> Vec<Arg> {
    vec![
        value(
            "shard",
            "Only runs i, i+n, … (0 <= i < n): writes just those rows; join with `merge`",
        )
        .value_name("i/n"),
        value(
            "threads",
            "Worker threads (0 = one per core; at most 256) [default 0]",
        ),
        switch("quiet", "No progress on stderr"),
    ]
}

fn prototype_commands() -> Vec<Command> {
    use protolab_core::Config;
    let study = Command::new("study")
        .about("The 480-run study (8 masks × N × seeds), its table and findings F1-F5")
        .args([
            value("out", "Where the study CSV goes [default study.csv]"),
            value(
                "sweep-out",
                "Where the τ-sweep CSV run beside it goes [default: <out>-sweep.csv]",
            ),
            switch("no-sweep", "Skip the τ-sweep (and so F5)"),
            value("seeds", "Seeds per mask and N [default 10]"),
            value("ns", "The list of N [default 3,5,10,20,50,100]"),
            value("sweep-N", "N of the τ-sweep [default 50]"),
            value("sweep-seeds", "Seeds per τ of the τ-sweep [default 5]"),
            value(
                "taus",
                "The τ_S grid of the τ-sweep [default: a log grid for the τ units]",
            ),
        ])
        .args(sweep_common())
        .args(settings_args::<Config>());
    let sweep = Command::new("sweep")
        .about("Separation-only mask over a log grid of τ_S: hull escape and recon vs τ_S, F5")
        .args([
            value("out", "Where the CSV goes [default sweep.csv]"),
            value("seeds", "Seeds per τ [default 5]"),
            value("taus", "The τ_S grid [default: a log grid for the τ units]"),
            value("sweep-N", "N of the sweep (same as --N) [default 50]"),
            value("sweep-seeds", "Seeds per τ (same as --seeds)"),
        ])
        .args(sweep_common())
        .args(settings_args::<Config>());
    let merge = Command::new("merge")
        .about("Joins study shard CSVs into the one-process CSV; prints table and findings")
        .args([
            parts_arg(),
            value("out", "Where the joined CSV goes [default study.csv]"),
            value("sweep", "A τ-sweep CSV, for F5"),
            switch(
                "tau-sweep",
                "The parts are τ-sweep shards: print its table and F5 [default out sweep.csv]",
            ),
        ]);
    let run = Command::new("run")
        .about("One run; prints its metrics every K steps and at the end")
        .arg(value(
            "every",
            "Print metrics every K steps [default: only at the end]",
        ))
        .args(settings_args::<Config>());
    let positions = Command::new("positions")
        .about("Final prototype positions of every mask (the paper's N = 100 figure)")
        .args([
            value("out", "Where the CSV goes [default positions.csv]"),
            value(
                "runs-out",
                "Also write the eight runs' CSV here (as `study` writes them)",
            ),
        ])
        .args(settings_args::<Config>());
    let config = Command::new("config")
        .about("Prints `protolab <version>` and the config's link (what data/results/manifest.json records)")
        .args(settings_args::<Config>());
    vec![run, study, sweep, positions, merge, config]
}

/// The whole tree.
pub fn tree() -> Command {
    let mut root = Command::new("protolab")
        .version(protolab_core::VERSION)
        .about("protolab — the labs' experiments from the command line")
        .after_help(
            "Every lab: `protolab <lab> <experiment> --help`. Results go to CSV (with the \
             protolab version and config link as `#` lines), tables to stdout, progress \
             to stderr; a bad flag or value exits with status 2. Every figure as SVG or \
             PNG: `protolab figures --out DIR`.",
        )
        .disable_help_subcommand(false)
        .subcommand_required(false);
    for c in prototype_commands() {
        root = root.subcommand(c);
    }
    root.subcommand(
        Command::new("bench")
            .about("µs per run-step at N = 10 … 500 per instruction set, the study's wall time, CPU time and core utilisation, and the CPU model")
            .arg(switch("quick", "A short measurement")),
    )
    .subcommand(
        Command::new("prototype")
            .about("Prototype Lab: run, study, sweep, positions, merge, config")
            .subcommand_required(true)
            .subcommands(prototype_commands()),
    )
    .subcommand(crate::labs::abstraction::command())
    .subcommand(crate::labs::latent::command())
    .subcommand(crate::labs::capacity::command())
    .subcommand(crate::figures::command())
    .subcommand(
        Command::new("completions")
            .about("Prints a shell completion script")
            .arg(
                Arg::new("shell")
                    .required(true)
                    .value_parser(["bash", "zsh", "fish"])
                    .help("bash, zsh or fish"),
            ),
    )
}

/// The matched flags as the hand-written commands' [`Args`]: only values given
/// on the command line (defaults stay the commands' own), switches, positionals.
pub fn to_args(cmd: &Command, m: &ArgMatches) -> Args {
    let mut flags = Vec::new();
    let mut switches = Vec::new();
    let mut positional = Vec::new();
    for arg in cmd.get_arguments() {
        let id = arg.get_id().as_str();
        if id == "help" || id == "version" {
            continue;
        }
        if matches!(arg.get_action(), ArgAction::SetTrue) {
            if m.get_flag(id) {
                switches.push(id.to_string());
            }
        } else if arg.is_positional() {
            if let Some(v) = m.get_many::<String>(id) {
                positional.extend(v.cloned());
            }
        } else if let Some(v) = m.get_one::<String>(id).filter(|_| {
            let source = m.value_source(id);
            source == Some(ValueSource::CommandLine)
                || (source == Some(ValueSource::DefaultValue) && id == "out")
        }) {
            flags.push((id.to_string(), v.clone()));
        }
    }
    Args::from_parts(flags, switches, positional)
}

/// A clap error in the house style: `unknown flag --typo`, with clap's
/// suggestion (`did you mean --lamC?`) when it has one; help and version text
/// as clap prints them.
pub fn explain(e: &clap::Error) -> String {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    let ctx = |k| match e.get(k) {
        Some(ContextValue::String(s)) => Some(s.clone()),
        Some(ContextValue::Strings(v)) => v.first().cloned(),
        _ => None,
    };
    let suggestion = ctx(ContextKind::SuggestedArg)
        .or_else(|| ctx(ContextKind::SuggestedSubcommand))
        .map(|s| format!("; did you mean {s}?"))
        .unwrap_or_default();
    match e.kind() {
        ErrorKind::UnknownArgument => format!(
            "unknown flag {}{suggestion} (see `--help`)",
            ctx(ContextKind::InvalidArg).unwrap_or_default()
        ),
        ErrorKind::InvalidSubcommand => format!(
            "unknown command {:?}{suggestion} (see `protolab help`)",
            ctx(ContextKind::InvalidSubcommand).unwrap_or_default()
        ),
        _ => {
            let text = e.render().to_string();
            text.trim()
                .strip_prefix("error: ")
                .unwrap_or(text.trim())
                .to_string()
        }
    }
}
