//! `protolab bench`: training speed and study wall time on this machine.

use crate::args::Args;
use crate::execute::{execute_measured, pool_size, process_cpu_seconds, thread_cpu_seconds};
use protolab_core::experiments::{self, Plan};
use protolab_core::isa::Isa;
use protolab_core::lockstep::{BATCH, Lockstep};
use protolab_core::{Config, Mask, TauUnits, Trainer};
use std::time::Instant;

/// µs per run-step at `isa`, timed over `min_secs` of stepping in chunks,
/// starting over when the runs end (so small N count every phase of training;
/// N = 500 covers the start of its run): one run, or [`BATCH`] seeds of
/// `config` in lockstep (`protolab_core::lockstep`).
/// Timed in this thread's CPU time where the OS tells it (a busy machine
/// then slows the measurement, not the figure), else in wall time.
fn micros_per_step(config: &Config, isa: Isa, min_secs: f64, batched: bool) -> f64 {
    let seeds = if batched { BATCH as u64 } else { 1 };
    let mut runs: Vec<Trainer> = (0..seeds)
        .map(|k| {
            let mut run = Trainer::new(Config {
                seed: config.seed + k,
                ..config.clone()
            })
            .expect("valid config");
            run.set_isa(isa);
            run
        })
        .collect();
    let mut lockstep = Lockstep::new();
    let clock = || thread_cpu_seconds().unwrap_or_else(wall_seconds);
    let t0 = clock();
    let mut steps = 0u64;
    while clock() - t0 < min_secs {
        if runs.iter().all(Trainer::is_finished) {
            runs.iter_mut().for_each(Trainer::reset);
        }
        let before: u64 = runs.iter().map(Trainer::steps_done).sum();
        lockstep.step(&mut runs, 25);
        steps += runs.iter().map(Trainer::steps_done).sum::<u64>() - before;
    }
    (clock() - t0) * 1e6 / steps.max(1) as f64
}

/// Seconds since the first call (the fallback clock).
fn wall_seconds() -> f64 {
    static START: std::sync::OnceLock<Instant> = std::sync::OnceLock::new();
    START.get_or_init(Instant::now).elapsed().as_secs_f64()
}

/// The CPU's model name (`/proc/cpuinfo` on Linux), or "unknown CPU".
pub fn cpu_model() -> String {
    std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|text| {
            text.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split_once(':'))
                .map(|(_, v)| v.trim().to_string())
        })
        .unwrap_or_else(|| "unknown CPU".into())
}

/// The 1-minute load average (`/proc/loadavg`), to say how busy the machine was.
fn load_average() -> Option<f64> {
    std::fs::read_to_string("/proc/loadavg")
        .ok()?
        .split_whitespace()
        .next()?
        .parse()
        .ok()
}

/// One line of the speed table: µs/run-step at the baseline and the
/// detected level, one run and batched. Returns the detected level's
/// (single, batched).
fn report_speed(label: &str, config: Config, secs: f64) -> (f64, f64) {
    let wide = Isa::detect();
    let base = micros_per_step(&config, Isa::Baseline, secs, false);
    let fast = if wide == Isa::Baseline {
        base
    } else {
        micros_per_step(&config, wide, secs, false)
    };
    let batched = micros_per_step(&config, wide, secs, true);
    println!(
        "  {label:<34} {base:>9.1} {fast:>9.1} {batched:>9.1} {:>8.2}x",
        fast / batched
    );
    (fast, batched)
}

/// How far this machine is from issue #15's targets (docs/speed.md).
fn report_targets(abs_tau: (f64, f64), study: Option<(usize, f64, Option<f64>)>) {
    let (single, batched) = abs_tau;
    println!("\nIssue #15's targets on this machine (docs/speed.md):");
    let verdict = if batched <= 25.0 { "met" } else { "not met" };
    println!(
        "  N = 100, CSO, absolute tau: <= 25 us per run-step, batched: {batched:.1} us\n    \
         ({verdict}: {:.2}x the target; one run alone {single:.1} us). A run's own loops\n    \
         already fill the vector width; lanes of different runs must walk the union of\n    \
         their runs' sample windows (docs/speed.md, Batched training)",
        batched / 25.0
    );
    match study {
        Some((threads, wall, utilisation)) => {
            let verdict = match (threads, utilisation) {
                (2, _) if wall <= 6.0 => "met",
                (2, Some(u)) if u < 0.9 => "not met here: see utilisation and balance above",
                (2, _) => "not met",
                _ => "the target is for 2 cores",
            };
            println!("  the study <= 6 s wall on 2 cores: {wall:.2} s on {threads} ({verdict})");
            if let Some(u) = utilisation {
                let verdict = if u >= 0.9 {
                    "met"
                } else {
                    "not met: other work on the machine, or uneven workers (see balance)"
                };
                println!("  utilisation >= 0.9: {u:.2} ({verdict})");
            }
        }
        None => println!("  the study: not measured"),
    }
    println!(
        "  the study in the browser <= 1.3x native: measured in headless Chromium by\n    \
         ./scripts/bench.sh (tests/e2e/bench.mjs); two builds side by side with\n    \
         tests/e2e/studytime.mjs"
    );
}

/// Prints µs/step at N = 10, 100 and 500 (baseline and detected instruction
/// set), the study's wall time and core utilisation, and the other labs' speed.
pub fn bench(args: Args) -> Result<(), String> {
    let quick = args.switch("quick");
    args.finish()?;
    let secs = if quick { 0.3 } else { 1.5 };
    let cores = pool_size(0);
    let wide = Isa::detect();
    println!(
        "protolab bench: {} ({cores} logical cores; release build)",
        cpu_model()
    );
    if let Some(load) = load_average() {
        println!("load average (1 min) at the start: {load:.2} (other work on the machine)");
    }
    println!(
        "\nTraining on one core, µs per run-step (full-batch Adam; mask CSO and the\n\
         calibrated defaults unless noted). Columns: one run at the portable baseline\n\
         (SSE2), one run at the widest level this CPU has ({w}), {BATCH} seeds in lockstep\n\
         at {w} (batched), and the batched speed against one run at {w} (below 1:\n\
         slower); every run's numbers are identical in all columns.",
        w = wide.name()
    );
    println!(
        "  {:<34} {:>9} {:>9} {:>9} {:>9}",
        "",
        "baseline",
        wide.name(),
        "batched",
        "batched/1"
    );
    let cso = Mask::parse("CSO").ok_or("mask name")?;
    let ns: &[usize] = if quick {
        &[10, 100, 500]
    } else {
        &[10, 20, 50, 100, 200, 500]
    };
    for &n in ns {
        let config = Config {
            n,
            mask: cso,
            ..Config::default()
        };
        let _ = report_speed(&format!("N = {n:>3}"), config, secs);
    }
    let base_mask = Mask::parse("base").ok_or("mask name")?;
    let _ = report_speed(
        "N = 100, mask base",
        Config {
            n: 100,
            mask: base_mask,
            ..Config::default()
        },
        secs,
    );
    let spec_nominal = Config {
        n: 100,
        mask: cso,
        tau_c: 0.01,
        tau_s: 0.001,
        tau_units: TauUnits::Absolute,
        ..Config::default()
    };
    let (abs_tau, abs_tau_batched) =
        report_speed("N = 100, absolute tau 0.01/0.001", spec_nominal, secs);

    let plan = Plan::study(
        &Config::default(),
        &experiments::STUDY_NS,
        experiments::STUDY_SEEDS,
    );
    let all: Vec<usize> = (0..plan.runs.len()).collect();
    let mut pools = vec![1usize];
    if cores > 1 && !quick {
        pools.insert(0, cores);
    } else if cores > 1 {
        pools = vec![cores];
    }
    println!(
        "\nThe full study ({} runs x {} steps, longest first). Utilisation = CPU time /\n\
         (wall x threads), lowered by other work on the machine; balance = CPU time /\n\
         (threads x the busiest worker's CPU time), what the scheduling alone leaves idle:",
        plan.runs.len(),
        Config::default().steps
    );
    let mut study = None;
    for threads in pools {
        let cpu0 = process_cpu_seconds();
        let t0 = Instant::now();
        let (_, workers) = execute_measured(&plan, &all, threads, "bench", true)?;
        let wall = t0.elapsed().as_secs_f64();
        let mut line = format!("  {threads} thread(s): {wall:>6.2} s wall");
        let cpu = process_cpu_seconds().zip(cpu0).map(|(b, a)| b - a);
        let utilisation = cpu.map(|cpu| cpu / (wall * threads as f64));
        if let Some((cpu, use_)) = cpu.zip(utilisation) {
            line += &format!(", {cpu:>6.2} s CPU, utilisation {use_:.2}");
        }
        if study.is_none() {
            study = Some((threads, wall, utilisation));
        }
        let busiest = workers.iter().copied().fold(0.0, f64::max);
        if workers.len() == threads && busiest > 0.0 {
            let total: f64 = workers.iter().sum();
            line += &format!(
                ", balance {:.2} (busiest worker {busiest:.2} s CPU)",
                total / (threads as f64 * busiest)
            );
        }
        println!("{line}");
    }
    report_targets((abs_tau, abs_tau_batched), study);
    abstraction(quick);
    latent(quick)
}

/// The Latent Field Lab: epochs/s at 64 training images and one attractor analysis.
fn latent(quick: bool) -> Result<(), String> {
    use protolab_core::digits::Digits;
    use protolab_core::latent::{LatentConfig, LatentRun};
    let digits = Digits::parse(include_bytes!("../../../data/digits8x8.bin"))?;
    println!("\nLatent Field Lab (64 training images, h = 64, k = 2, minibatch 16):");
    let mut run = LatentRun::new(LatentConfig::default(), &digits).map_err(|e| e.to_string())?;
    let epochs = if quick { 200 } else { 1000 };
    let t0 = Instant::now();
    run.train(epochs);
    println!(
        "  training, one core: {:>7.0} epochs/s",
        epochs as f64 / t0.elapsed().as_secs_f64()
    );
    for grid in [16, 32] {
        let mut config = run.config().clone();
        config.grid = grid;
        let t0 = Instant::now();
        let mut probe = LatentRun::new(config, &digits).map_err(|e| e.to_string())?;
        probe.train(epochs);
        let trained = t0.elapsed();
        let a = probe.analyze();
        println!(
            "  attractor analysis at epoch {epochs}, {} starts: {:.2} s ({} attractors)",
            grid * grid,
            (t0.elapsed() - trained).as_secs_f64(),
            a.attractors.len()
        );
    }
    Ok(())
}

/// The Abstraction Lab: training steps/s (D = 3, width 64, full-batch GD) and
/// the page's λ-sweep (14 λ × 2 seeds × 20,000 steps) on one thread.
fn abstraction(quick: bool) {
    use protolab_core::abstraction::sweep::{LambdaSweep, default_lambdas};
    use protolab_core::abstraction::{AbstractionConfig, AbstractionRun};
    println!("\nAbstraction Lab (D = 3, width 64, full-batch GD):");
    let mut run = AbstractionRun::new(AbstractionConfig::default()).expect("valid config");
    let t0 = Instant::now();
    run.step(if quick { 5_000 } else { 20_000 });
    let sps = run.steps_done() as f64 / t0.elapsed().as_secs_f64();
    println!("  one run, one core: {sps:>9.0} steps/s");
    let t0 = Instant::now();
    let _ = run.metrics();
    println!(
        "  one metric sample (PS, CCGP, alignment, shattering): {:.2} ms",
        t0.elapsed().as_secs_f64() * 1e3
    );
    if !quick {
        let mut sweep = LambdaSweep::new(&AbstractionConfig::default(), &default_lambdas(), 2)
            .expect("valid sweep");
        let t0 = Instant::now();
        sweep.advance(u64::MAX);
        println!(
            "  λ-sweep, {} runs on 1 thread: {:.2} s wall",
            sweep.points().len(),
            t0.elapsed().as_secs_f64()
        );
    }
}
