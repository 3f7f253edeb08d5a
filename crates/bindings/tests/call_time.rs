//! How long one call from the page's animation loop takes at the validated
//! extremes of every lab, measured natively. A measurement for people, not a
//! test: it asserts nothing about time (the machine is shared). Run it with
//! `cargo test --release -p protolab-bindings --test call_time -- --ignored --nocapture`.
//!
//! Besides wall time it reports the thread's CPU time per call (Linux
//! `/proc/thread-self/schedstat`), which leaves out the time the thread waited
//! for a core — on a busy shared machine the wall-clock maximum mostly
//! measures the other processes.

use protolab_bindings::{AbstractionLab, CapacityLab, Lab, LatentLab};
use std::time::{Duration, Instant};

const DIGITS: &[u8] = include_bytes!("../../../data/digits8x8.bin");
const MNIST: &[u8] = include_bytes!("../../../data/mnist-pairs.bin");

/// CPU time of this thread so far, in ns (0 where the kernel does not say).
fn cpu_ns() -> u64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse().ok())
        .unwrap_or(0)
}

/// Calls `step` (one page call) until `finished` or `wall` has passed; prints
/// the slowest call by wall time, by CPU time, the 99th percentile of CPU
/// time, the mean, the calls made and the steps they completed.
fn measure(name: &str, wall: Duration, mut step: impl FnMut() -> u32, finished: impl Fn() -> bool) {
    let start = Instant::now();
    let (mut calls, mut steps, mut worst) = (0u32, 0u64, Duration::ZERO);
    let mut cpu = Vec::new();
    while start.elapsed() < wall && !finished() {
        let (t, c) = (Instant::now(), cpu_ns());
        steps += u64::from(step());
        cpu.push(cpu_ns() - c);
        worst = worst.max(t.elapsed());
        calls += 1;
    }
    cpu.sort_unstable();
    let ms = |ns: u64| ns as f64 / 1e6;
    let p99 = cpu.get(cpu.len() * 99 / 100).copied().unwrap_or(0);
    let mean = cpu.iter().sum::<u64>() / u64::from(calls.max(1));
    println!(
        "{name:52} wall max {:6.1} ms | cpu max {:6.1} p99 {:6.1} mean {:5.1} ms | calls {calls:6} steps {steps}{}",
        worst.as_secs_f64() * 1e3,
        ms(cpu.last().copied().unwrap_or(0)),
        ms(p99),
        ms(mean),
        if finished() { " (finished)" } else { "" }
    );
}

#[test]
#[ignore = "a measurement, run by hand"]
fn slowest_call_at_the_extremes() {
    let wall = Duration::from_secs(
        std::env::var("WALL_SECS")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(20),
    );
    for hash in ["N=500&steps=3000", "N=20"] {
        let lab = std::cell::RefCell::new(Lab::from_hash_str(hash));
        measure(
            &format!("prototypes {hash} (step(25))"),
            wall,
            || lab.borrow_mut().step(25),
            || lab.borrow().is_finished(),
        );
    }
    for hash in ["D=4&P=16&width=512", "D=3"] {
        let lab = std::cell::RefCell::new(AbstractionLab::from_hash_str(hash));
        measure(
            &format!("abstraction {hash} (step(500))"),
            wall,
            || lab.borrow_mut().step(500),
            || lab.borrow().is_finished(),
        );
    }
    for hash in ["grid=40&h=128&train=1500&batch=1", "", "grid=40&k=1&h=128"] {
        let lab = std::cell::RefCell::new(LatentLab::from_parts(hash, DIGITS).unwrap());
        measure(
            &format!("latent {hash} (step(1))"),
            wall,
            || lab.borrow_mut().step(1),
            || lab.borrow().is_finished(),
        );
    }
    for hash in ["H=128&large=128&data=mnist", ""] {
        let lab = std::cell::RefCell::new(CapacityLab::from_parts(hash, MNIST).unwrap());
        measure(
            &format!("capacity {hash} (step(1))"),
            wall,
            || lab.borrow_mut().step(1),
            || lab.borrow().is_finished(),
        );
    }
}
