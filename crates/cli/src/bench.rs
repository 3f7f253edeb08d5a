//! `protolab bench`: training speed and study wall time on this machine.

use crate::args::Args;
use crate::commands::execute;
use protolab_core::experiments::{self, Plan};
use protolab_core::{Config, Mask, Trainer};
use std::time::Instant;

/// Steps/s of one run at size `n`, timed over whole 3000-step runs (reset and
/// repeated until `min_secs` have passed) so every phase of training counts.
fn steps_per_second(n: usize, mask: Mask, min_secs: f64) -> f64 {
    let mut run = Trainer::new(Config {
        n,
        mask,
        ..Config::default()
    })
    .expect("valid config");
    let t0 = Instant::now();
    let mut steps = 0u64;
    while t0.elapsed().as_secs_f64() < min_secs {
        run.reset();
        run.run_to_end();
        steps += run.steps_done();
    }
    steps as f64 / t0.elapsed().as_secs_f64()
}

/// Prints steps/s at N = 10 and N = 100 and the study's wall time.
pub fn bench(args: Args) -> Result<(), String> {
    let quick = args.switch("quick");
    args.finish()?;
    let secs = if quick { 0.5 } else { 2.0 };
    println!(
        "protolab bench ({} logical cores; release build)",
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );
    println!("\nTraining speed, one run on one core (full-batch Adam, 3000-step budget rate):");
    for n in [10, 100] {
        for mask in [
            Mask::parse("CSO").expect("mask"),
            Mask::parse("base").expect("mask"),
        ] {
            let sps = steps_per_second(n, mask, secs);
            println!(
                "  N = {n:>3}, mask {:<4}: {:>9.0} steps/s  ({:.1} µs/step)",
                mask.name(),
                sps,
                1e6 / sps
            );
        }
    }
    let plan = Plan::study(
        &Config::default(),
        &experiments::STUDY_NS,
        experiments::STUDY_SEEDS,
    );
    let all: Vec<usize> = (0..plan.runs.len()).collect();
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mut runs = vec![(1usize, "1 thread")];
    if cores > 1 {
        runs.push((cores, "all cores"));
    }
    if quick {
        runs.retain(|r| r.0 == cores);
    }
    println!(
        "\nThe full study ({} runs x {} steps):",
        plan.runs.len(),
        Config::default().steps
    );
    for (threads, label) in runs {
        let t0 = Instant::now();
        execute(&plan, &all, threads, "bench", true)?;
        println!(
            "  {label:<10} ({threads} threads): {:>6.2} s wall",
            t0.elapsed().as_secs_f64()
        );
    }
    Ok(())
}
