//! `protolab`: the paper's experiments from the command line.

mod args;
mod bench;
mod commands;
mod execute;

use args::Args;

const HELP: &str = "\
protolab — explainable specialization in minimal MLPs (Prototype Lab, command line)

USAGE
  protolab study  [--out study.csv] [--sweep-out FILE] [--no-sweep] [--shard i/n]
                  [--threads K] [--seeds 10] [--ns 3,5,10,20,50,100] [CONFIG]
      The 480-run study (8 masks x N x seeds) on all cores, one CSV row per run,
      a mean ± sd table per mask and N, and the findings F1-F5 (F5 from a tau-sweep
      run alongside unless --no-sweep). With --shard i/n (0 <= i < n) only every
      n-th run from i is done and only the CSV is written: join with `merge`.
  protolab sweep  [--out sweep.csv] [--N 50] [--seeds 5] [--taus 1e-4,...,1] [CONFIG]
      Separation-only mask over a log grid of tauS: hull escape and recon vs tauS.
  protolab merge  PART.csv... [--out study.csv] [--sweep sweep.csv]
      Joins shard CSVs into the result of one run and prints table and findings.
  protolab run    [CONFIG] [--every K]
      One run; prints metrics every K steps and at the end.
  protolab positions [--N 100] [--seed 0] [--out positions.csv] [--runs-out FILE] [CONFIG]
      Final prototype positions of every mask (the paper's N = 100 figure);
      --runs-out also writes the eight runs' CSV (as `study` writes them).
  protolab config [CONFIG]
      Prints `protolab <version>` and the config's link (what the page's data/results
      manifest records as the settings the shipped results were made at).
  protolab bench  [--quick]
      Training steps/s at N = 10 and N = 100, study wall time on 1 core and all cores.

Counts are bounded (protolab_core::experiments::limits): --seeds and
--sweep-seeds 1..10000, at most 256 values in --ns or --taus, 250000 runs per
plan, --threads 0..256 (0 = all cores), --shard i/n with n <= 100000.

CONFIG flags (same names as the page's URL):
  --N 20 --mask CSO --target random|sine|step --lamC 1 --lamS 1 --lamO 1
  --tauC 0.01 --tauS 0.001 --lr 0.03 --steps 3000 --seed 0
";

/// Piping into `head` closes stdout early; that ends the program quietly
/// (exit 0) instead of with println!'s panic. Every other panic keeps its report.
fn quiet_on_broken_pipe() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let text = info
            .payload()
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| info.payload().downcast_ref::<&str>().copied())
            .unwrap_or("");
        if text.contains("Broken pipe") {
            std::process::exit(0);
        }
        default(info);
    }));
}

fn main() {
    quiet_on_broken_pipe();
    let argv: Vec<String> = std::env::args().skip(1).collect();
    let Some(command) = argv.first().cloned() else {
        print!("{HELP}");
        return;
    };
    let result = Args::parse(&argv[1..]).and_then(|args| match command.as_str() {
        "study" => commands::study(args),
        "sweep" => commands::sweep(args),
        "merge" => commands::merge(args),
        "run" => commands::run(args),
        "positions" => commands::positions(args),
        "config" => commands::config(args),
        "bench" => bench::bench(args),
        "help" | "--help" | "-h" => {
            print!("{HELP}");
            Ok(())
        }
        other => Err(format!("unknown command {other:?} (see `protolab help`)")),
    });
    if let Err(e) = result {
        eprintln!("error: {e}");
        std::process::exit(2);
    }
}
