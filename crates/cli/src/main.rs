//! `protolab`: the paper's experiments from the command line.

mod args;
mod bench;
mod cli;
mod commands;
mod execute;
mod figures;
mod labs;
mod png;

/// The overview `protolab`, `protolab help` and `protolab --help` print; each
/// command's own `--help` lists its flags (built from the labs' settings).
const HELP: &str = "\
protolab — explainable specialization in minimal MLPs (every lab, command line)

USAGE
  protolab <lab> <experiment> [FLAGS] [SETTINGS]     (protolab <lab> <experiment> --help)

  prototype    run | study | sweep | positions | merge
  abstraction  run | sweep | merge                   (sweep: the λ-sweep of weight decay)
  latent       run | trend | merge                   (trend: attractors against training)
  capacity     run | width | pruning | noise | merge (width: the width sweep of the pairs)
  completions  bash | zsh | fish                     (a shell completion script)
  figures      --out DIR [--format svg|png]          (every figure; protolab figures --help)

  Every sweep takes --shard i/n (writes only its rows), --out FILE, --threads K,
  --quiet; `protolab <lab> merge PART.csv... --out FILE` joins the shards into the
  one-process CSV and prints the table. Results go to CSV (starting with `#` lines:
  the protolab version, the config's link and the plan), tables to stdout,
  progress to stderr. A bad flag or value exits with status 2 and names it.

  protolab figures --out DIR [--format svg|png] [--prototypes LINK] [--abstraction LINK]
                   [--latent LINK] [--capacity LINK] [--study CSV [--study-sweep CSV]]
                   [--lambda CSV] [--width CSV]
  writes every figure of every lab (run to the end at its link; default: its
  defaults) and experiment (from the CSVs, else small runs) as <lab>-<figure>.svg,
  the page's SVG export byte for byte, or .png (rasterised, no browser).

The Prototype Lab's commands also keep their old top-level names:
  protolab study  [--out study.csv] [--sweep-out FILE] [--no-sweep] [--shard i/n]
                  [--threads K] [--seeds 10] [--ns 3,5,10,20,50,100] [CONFIG]
      The 480-run study (8 masks x N x seeds) on all cores, one CSV row per run,
      a mean ± sd table per mask and N, and the findings F1-F5 (F5 from a tau-sweep
      run alongside unless --no-sweep). With --shard i/n (0 <= i < n) only every
      n-th run from i is done and only the CSV is written: join with `merge`.
  protolab sweep  [--out sweep.csv] [--N 50] [--seeds 5] [--taus 1e-4,...,1] [--shard i/n]
                  [CONFIG]
      Separation-only mask over a log grid of tauS: hull escape and recon vs tauS.
  protolab merge  PART.csv... [--out study.csv] [--sweep sweep.csv] [--tau-sweep]
      Joins shard CSVs into the result of one run and prints table and findings
      (with --tau-sweep: τ-sweep shards, its table and F5).
  protolab run    [CONFIG] [--every K]
      One run; prints metrics every K steps and at the end.
  protolab positions [--N 100] [--seed 0] [--out positions.csv] [--runs-out FILE] [CONFIG]
      Final prototype positions of every mask (the paper's N = 100 figure);
      --runs-out also writes the eight runs' CSV (as `study` writes them).
  protolab config [CONFIG]
      Prints `protolab <version>` and the config's link (what the page's data/results
      manifest records as the settings the shipped results were made at).
  protolab bench  [--quick]
      µs per run-step at N = 10 … 500 at the baseline and the widest instruction set,
      the study's wall time, CPU time and core utilisation, and the CPU model.

Counts are bounded (protolab_core::limits): --seeds and --sweep-seeds
1..10000, at most 256 values in --ns, --taus, --lambdas, --widths, 250000 runs
per plan, --threads 0..256 (0 = all cores), --shard i/n with n <= 100000.

CONFIG flags (same names as the page's URL), e.g. for the Prototype Lab:
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

/// Runs the matched command.
fn dispatch(root: &clap::Command, m: &clap::ArgMatches) -> Result<(), String> {
    let Some((name, sub)) = m.subcommand() else {
        print!("{HELP}");
        return Ok(());
    };
    let cmd = root
        .find_subcommand(name)
        .ok_or_else(|| format!("unknown command {name:?}"))?;
    let args = || cli::to_args(cmd, sub);
    match name {
        "study" => commands::study(args()),
        "sweep" => commands::sweep(args()),
        "merge" => commands::merge(args()),
        "run" => commands::run(args()),
        "positions" => commands::positions(args()),
        "config" => commands::config(args()),
        "bench" => bench::bench(args()),
        "figures" => figures::run(args()),
        "prototype" => dispatch(cmd, sub),
        "abstraction" => labs::abstraction::dispatch(cmd, sub),
        "latent" => labs::latent::dispatch(cmd, sub),
        "capacity" => labs::capacity::dispatch(cmd, sub),
        "completions" => {
            let shell = sub.get_one::<String>("shell").map(String::as_str);
            labs::completions(shell.unwrap_or("bash"))
        }
        other => Err(format!("unknown command {other:?} (see `protolab help`)")),
    }
}

fn main() {
    quiet_on_broken_pipe();
    let argv: Vec<String> = std::env::args().collect();
    if argv.len() == 1 || matches!(argv[1].as_str(), "help" | "--help" | "-h") && argv.len() == 2 {
        print!("{HELP}");
        return;
    }
    let root = cli::tree();
    let result = match root.clone().try_get_matches_from(&argv) {
        Ok(m) => dispatch(&root, &m),
        Err(e) if !e.use_stderr() => {
            // --help and --version: clap's text on stdout, exit 0.
            print!("{}", e.render());
            return;
        }
        Err(e) => Err(cli::explain(&e)),
    };
    if let Err(e) = result {
        eprintln!("error: {e}");
        std::process::exit(2);
    }
}
