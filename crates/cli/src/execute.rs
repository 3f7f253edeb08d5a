//! Running a plan's runs on a pool of threads with a progress bar, and the
//! bounded `--threads` flag that sizes the pool.

use crate::args::Args;
use protolab_core::experiments::{self, Plan, RunRecord, limits};
use rayon::prelude::*;
use std::io::Write;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

/// `--threads K` (0 = one per core), bounded by the core's limits: a typo such
/// as `--threads 100000` would otherwise start that many threads.
pub fn take_threads(args: &mut Args) -> Result<usize, String> {
    let threads: usize = args.take_parsed("threads")?.unwrap_or(0);
    limits::check_len("threads", threads, limits::THREADS).map_err(|e| format!("--{e}"))?;
    Ok(threads)
}

/// Runs `indices` of `plan` on a pool of `threads` (0 = all cores), largest runs
/// first, with a progress bar on stderr. Records come back sorted by index.
/// A pool larger than the core's limit is refused, whoever asks for it.
pub fn execute(
    plan: &Plan,
    indices: &[usize],
    threads: usize,
    label: &str,
    quiet: bool,
) -> Result<Vec<RunRecord>, String> {
    limits::check_len("threads", threads, limits::THREADS).map_err(|e| format!("--{e}"))?;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(|e| format!("cannot start {threads} threads: {e}"))?;
    let mut order = indices.to_vec();
    order.sort_by(|&a, &b| plan.cost(b).total_cmp(&plan.cost(a)));
    let total_cost: f64 = order.iter().map(|&k| plan.cost(k)).sum();
    let done = AtomicUsize::new(0);
    let cost_done = Mutex::new((0.0f64, Instant::now()));
    let start = Instant::now();
    let mut records = pool.install(|| {
        order
            .par_iter()
            .map(|&k| {
                let t0 = Instant::now();
                let mut r =
                    experiments::run_one(k, &plan.runs[k]).map_err(|e| format!("run {k}: {e}"))?;
                r.wall_ms = Some(t0.elapsed().as_secs_f64() * 1e3);
                let finished = done.fetch_add(1, Ordering::Relaxed) + 1;
                let mut guard = cost_done.lock().expect("progress lock");
                guard.0 += plan.cost(k);
                if !quiet && (guard.1.elapsed().as_millis() > 200 || finished == order.len()) {
                    guard.1 = Instant::now();
                    progress_bar(
                        label,
                        guard.0 / total_cost,
                        finished,
                        order.len(),
                        start.elapsed().as_secs_f64(),
                    );
                }
                Ok(r)
            })
            .collect::<Result<Vec<_>, String>>()
    })?;
    if !quiet {
        eprintln!();
    }
    records.sort_by_key(|r| r.index);
    Ok(records)
}

fn progress_bar(label: &str, fraction: f64, done: usize, total: usize, secs: f64) {
    let width = 30;
    let filled = ((fraction * width as f64).round() as usize).min(width);
    eprint!(
        "\r{label:<6} [{}{}] {:>5.1}%  {done}/{total} runs  {secs:.1} s",
        "#".repeat(filled),
        ".".repeat(width - filled),
        100.0 * fraction
    );
    let _ = std::io::stderr().flush();
}
