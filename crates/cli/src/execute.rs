//! Running a plan's runs on a pool of threads with a progress bar, and the
//! bounded `--threads` flag that sizes the pool.
//!
//! Scheduling is greedy list scheduling, longest first: the runs are sorted by
//! cost (steps · N², [`Plan::cost`]) and every worker, when free, takes the next
//! run of that one shared order. No worker idles while a run is left, and the
//! runs still going at the end are the shortest ones, so the cores stay busy to
//! the end (README, "Speed", core utilisation).

use crate::args::Args;
use protolab_core::experiments::{self, Plan, RunRecord, limits};
use std::io::Write;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Instant;

/// `--threads K` (0 = one per core), bounded by the core's limits: a typo such
/// as `--threads 100000` would otherwise start that many threads.
pub fn take_threads(args: &mut Args) -> Result<usize, String> {
    let threads: usize = args.take_parsed("threads")?.unwrap_or(0);
    limits::check_len("threads", threads, limits::THREADS).map_err(|e| format!("--{e}"))?;
    Ok(threads)
}

/// The pool size `--threads K` asks for: K, or one per core for 0.
pub fn pool_size(threads: usize) -> usize {
    if threads > 0 {
        threads
    } else {
        std::thread::available_parallelism()
            .map_or(1, |n| n.get())
            .min(limits::THREADS.1 as usize)
    }
}

/// Runs `indices` of `plan` on a pool of `threads` (0 = all cores), longest
/// runs first, with a progress bar on stderr. Records come back sorted by index.
/// A pool larger than the core's limit is refused, whoever asks for it.
pub fn execute(
    plan: &Plan,
    indices: &[usize],
    threads: usize,
    label: &str,
    quiet: bool,
) -> Result<Vec<RunRecord>, String> {
    execute_measured(plan, indices, threads, label, quiet).map(|(records, _)| records)
}

/// [`execute`], also returning each worker's CPU time in seconds (empty where
/// the OS does not tell it).
pub fn execute_measured(
    plan: &Plan,
    indices: &[usize],
    threads: usize,
    label: &str,
    quiet: bool,
) -> Result<(Vec<RunRecord>, Vec<f64>), String> {
    limits::check_len("threads", threads, limits::THREADS).map_err(|e| format!("--{e}"))?;
    let order = longest_first(plan, indices);
    let total_cost: f64 = order.iter().map(|&k| plan.cost(k)).sum();
    let done = AtomicUsize::new(0);
    let cost_done = Mutex::new((0.0f64, Instant::now()));
    let start = Instant::now();
    let (mut records, worker_cpu) = run_pool(&order, pool_size(threads), |k| {
        let t0 = Instant::now();
        let mut r = experiments::run_one(k, &plan.runs[k]).map_err(|e| format!("run {k}: {e}"))?;
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
    })?;
    if !quiet {
        eprintln!();
    }
    records.sort_by_key(|r| r.index);
    Ok((records, worker_cpu))
}

/// `indices` sorted by decreasing cost, ties by index (the core's
/// [`experiments::longest_first`], which the page's workers follow too).
pub fn longest_first(plan: &Plan, indices: &[usize]) -> Vec<usize> {
    let mut order = indices.to_vec();
    experiments::longest_first(&mut order, |&k| plan.cost(k));
    order
}

/// Calls `job(k)` for every `k` of `order` on `threads` workers; each free
/// worker takes the next `k` of `order`. Results come back in no fixed order,
/// with each worker's CPU time in seconds (empty where the OS does not tell it).
/// The first error stops the workers from taking new jobs and is returned.
pub fn run_pool<T, F>(order: &[usize], threads: usize, job: F) -> Result<(Vec<T>, Vec<f64>), String>
where
    T: Send,
    F: Fn(usize) -> Result<T, String> + Sync,
{
    let next = AtomicUsize::new(0);
    let failed = AtomicBool::new(false);
    let first_error = Mutex::new(None);
    let results = Mutex::new(Vec::with_capacity(order.len()));
    let cpu = Mutex::new(Vec::new());
    let worker = || {
        let cpu0 = thread_cpu_seconds();
        let mut mine = Vec::new();
        while !failed.load(Ordering::Relaxed) {
            let Some(&k) = order.get(next.fetch_add(1, Ordering::Relaxed)) else {
                break;
            };
            match job(k) {
                Ok(r) => mine.push(r),
                Err(e) => {
                    failed.store(true, Ordering::Relaxed);
                    first_error.lock().expect("error lock").get_or_insert(e);
                }
            }
        }
        results.lock().expect("results lock").append(&mut mine);
        if let Some((a, b)) = cpu0.zip(thread_cpu_seconds()) {
            cpu.lock().expect("cpu lock").push(b - a);
        }
    };
    let workers = threads.clamp(1, order.len().max(1));
    std::thread::scope(|s| {
        for t in 1..workers {
            std::thread::Builder::new()
                .name(format!("protolab-worker-{t}"))
                .spawn_scoped(s, worker)
                .map_err(|e| format!("cannot start {threads} threads: {e}"))?;
        }
        // The calling thread is the first worker.
        worker();
        Ok::<(), String>(())
    })?;
    match first_error.into_inner().expect("error lock") {
        Some(e) => Err(e),
        None => Ok((
            results.into_inner().expect("results lock"),
            cpu.into_inner().expect("cpu lock"),
        )),
    }
}

/// CPU time the calling thread has been running, in seconds, where the OS
/// tells it (`/proc/thread-self/schedstat` on Linux, in nanoseconds). Unlike
/// wall time it does not count time the thread waited for a busy core.
pub fn thread_cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: f64 = stat.split_whitespace().next()?.parse().ok()?;
    Some(ns * 1e-9)
}

/// CPU time (user + system) this process has used so far, in seconds, where
/// the OS tells it (`/proc/self/stat` on Linux; ticks of 1/100 s there).
pub fn process_cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name (which may hold spaces) in parentheses:
    // state is field 3, utime 14 and stime 15.
    let rest = &stat[stat.rfind(')')? + 1..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |i: usize| fields.get(i - 3)?.parse::<f64>().ok();
    Some((ticks(14)? + ticks(15)?) / 100.0)
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

#[cfg(test)]
mod tests {
    use super::*;
    use protolab_core::Config;

    #[test]
    fn runs_start_longest_first_from_one_shared_order() {
        let plan = Plan::study(&Config::default(), &[3, 20, 5, 50], 3);
        let all: Vec<usize> = (0..plan.runs.len()).collect();
        let order = longest_first(&plan, &all);
        assert!(order.windows(2).all(|w| plan.cost(w[0]) >= plan.cost(w[1])));
        assert_eq!(plan.runs[order[0]].n, 50);
        assert_eq!(plan.runs[*order.last().unwrap()].n, 3);
        for threads in [1, 2, 3] {
            let started = Mutex::new(Vec::new());
            let (out, cpu) = run_pool(&order, threads, |k| {
                started.lock().unwrap().push(k);
                Ok(k)
            })
            .unwrap();
            if cfg!(target_os = "linux") {
                assert_eq!(cpu.len(), threads, "one CPU time per worker");
            }
            // Every run once, and (shared counter) started in exactly that order.
            assert_eq!(*started.lock().unwrap(), order, "{threads} threads");
            let mut out = out;
            out.sort_unstable();
            assert_eq!(out, all);
        }
    }

    #[test]
    fn an_error_stops_the_pool_and_is_returned() {
        let order: Vec<usize> = (0..50).collect();
        for threads in [1, 2] {
            let calls = AtomicUsize::new(0);
            let e = run_pool(&order, threads, |k| {
                calls.fetch_add(1, Ordering::Relaxed);
                if k == 3 {
                    Err(format!("run {k} failed"))
                } else {
                    Ok(k)
                }
            })
            .unwrap_err();
            assert_eq!(e, "run 3 failed");
            if threads == 1 {
                // One worker stops right after the failing run.
                assert_eq!(calls.load(Ordering::Relaxed), 4);
            }
        }
    }

    #[test]
    fn parallel_records_equal_the_sequential_ones() {
        let plan = Plan::study(
            &Config {
                steps: 40,
                ..Config::default()
            },
            &[4, 9],
            2,
        );
        let all: Vec<usize> = (0..plan.runs.len()).collect();
        let strip = |mut rs: Vec<RunRecord>| {
            rs.iter_mut().for_each(|r| r.wall_ms = None);
            rs
        };
        let parallel = strip(execute(&plan, &all, 2, "test", true).unwrap());
        let sequential: Vec<RunRecord> = all
            .iter()
            .map(|&k| experiments::run_one(k, &plan.runs[k]).unwrap())
            .collect();
        assert_eq!(parallel, sequential);
    }

    #[test]
    fn cpu_time_is_read_on_linux() {
        if cfg!(target_os = "linux") {
            let t = process_cpu_seconds().expect("/proc/self/stat");
            assert!(t.is_finite() && t >= 0.0);
            let a = thread_cpu_seconds().expect("/proc/thread-self/schedstat");
            // Busy for a few scheduler ticks (the kernel accounts per tick).
            let (mut x, t0) = (0u64, Instant::now());
            while t0.elapsed().as_millis() < 100 {
                x = std::hint::black_box(x.wrapping_mul(31).wrapping_add(1));
            }
            let b = thread_cpu_seconds().unwrap();
            assert!(b > a, "busy work must take CPU time ({x})");
        }
    }
}
