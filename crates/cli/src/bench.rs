//! `protolab bench`: training speed and study wall time on this machine.

use crate::args::Args;
use crate::execute::execute;
use protolab_core::experiments::{self, Plan};
use protolab_core::{Config, Mask, TauUnits, Trainer};
use std::time::Instant;

/// Steps/s of one run, timed over whole runs (reset and repeated until
/// `min_secs` have passed) so every phase of training counts.
fn steps_per_second(config: Config, min_secs: f64) -> f64 {
    let mut run = Trainer::new(config).expect("valid config");
    let t0 = Instant::now();
    let mut steps = 0u64;
    while t0.elapsed().as_secs_f64() < min_secs {
        run.reset();
        run.run_to_end();
        steps += run.steps_done();
    }
    steps as f64 / t0.elapsed().as_secs_f64()
}

fn report_speed(label: &str, config: Config, secs: f64) {
    let sps = steps_per_second(config, secs);
    println!(
        "  {label:<50} {sps:>9.0} steps/s  ({:>6.1} µs/step)",
        1e6 / sps
    );
}

/// Prints steps/s at N = 10 and N = 100 and the study's wall time.
pub fn bench(args: Args) -> Result<(), String> {
    let quick = args.switch("quick");
    args.finish()?;
    let secs = if quick { 0.5 } else { 2.0 };
    // A pool per core, up to the core's thread limit (a very wide machine
    // benchmarks the largest pool the CLI would start).
    let cores = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(protolab_core::experiments::limits::THREADS.1 as usize);
    println!("protolab bench ({cores} logical cores; release build)");
    println!(
        "\nTraining speed, one run on one core (full-batch Adam, default config unless noted):"
    );
    for n in [10, 100] {
        for mask in ["CSO", "base"] {
            let mask = Mask::parse(mask).ok_or("mask name")?;
            report_speed(
                &format!("N = {n:>3}, mask {mask}"),
                Config {
                    n,
                    mask,
                    ..Config::default()
                },
                secs,
            );
        }
    }
    let spec_nominal = Config {
        n: 100,
        tau_c: 0.01,
        tau_s: 0.001,
        tau_units: TauUnits::Absolute,
        ..Config::default()
    };
    report_speed(
        "N = 100, mask CSO, nominal absolute tau 0.01/0.001",
        spec_nominal,
        secs,
    );

    let plan = Plan::study(
        &Config::default(),
        &experiments::STUDY_NS,
        experiments::STUDY_SEEDS,
    );
    let all: Vec<usize> = (0..plan.runs.len()).collect();
    let mut pools = vec![(1usize, "1 thread")];
    if cores > 1 {
        pools.push((cores, "all cores"));
    }
    if quick {
        pools.retain(|p| p.0 == cores);
    }
    println!(
        "\nThe full study ({} runs x {} steps):",
        plan.runs.len(),
        Config::default().steps
    );
    for (threads, label) in pools {
        let t0 = Instant::now();
        execute(&plan, &all, threads, "bench", true)?;
        println!(
            "  {label:<10} ({threads} threads): {:>6.2} s wall",
            t0.elapsed().as_secs_f64()
        );
    }
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
