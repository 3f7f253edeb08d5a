//! Bounds on the sizes that reach an experiment from outside: seed counts, lists
//! of N, τ and λ, thread and shard counts, and run indices read from CSVs.
//!
//! One place for the CLI's flags, the bindings' constructors and the CSV readers
//! to check against, so that `--seeds 50000000` is a message naming the flag
//! instead of a 32 GB allocation, and `--threads 100000` a message instead of a
//! hundred thousand threads. The bounds are generous: far above anything the
//! paper or the page asks for, far below what would exhaust a machine.

use crate::error::ConfigError;

/// Seeds per cell of a study, per τ of a τ-sweep, per λ of a λ-sweep, or per
/// width of a width sweep: `1 ..= 10_000`.
pub const SEEDS: (u64, u64) = (1, 10_000);
/// Values in one grid (the study's list of N, a sweep's τ_S or λ, a width
/// sweep's widths or pairs): `1 ..= 256`.
pub const GRID: (u64, u64) = (1, 256);
/// Runs in one plan, and so the largest run index a CSV may hold plus one.
/// 80,000-run studies (8 masks × 10 sizes × 1,000 seeds) fit with room to spare.
pub const RUNS: usize = 250_000;
/// Worker threads of the CLI (0 means one per core).
pub const THREADS: (u64, u64) = (0, 256);
/// Shards one plan may be split into.
pub const SHARDS: (u64, u64) = (1, 100_000);

/// `Ok` when the count `value` lies in `[lo, hi]`; otherwise an error naming
/// `field` (the flag or argument the count came from) and the allowed range.
pub fn check_count(
    field: &'static str,
    value: u64,
    (lo, hi): (u64, u64),
) -> Result<(), ConfigError> {
    if (lo..=hi).contains(&value) {
        Ok(())
    } else {
        Err(ConfigError {
            field,
            message: alloc::format!("{value} is outside the allowed range [{lo}, {hi}]"),
        })
    }
}

/// [`check_count`] for a length (`usize`), saturating on exotic targets.
pub fn check_len(field: &'static str, len: usize, range: (u64, u64)) -> Result<(), ConfigError> {
    check_count(field, u64::try_from(len).unwrap_or(u64::MAX), range)
}

/// Shard `index` of `count`: `count` within [`SHARDS`] and `index < count`.
pub fn check_shard(index: u64, count: u64) -> Result<(), ConfigError> {
    check_count("shard", count, SHARDS)?;
    if index < count {
        Ok(())
    } else {
        Err(ConfigError {
            field: "shard",
            message: alloc::format!("{index}/{count}: need 0 <= index < count"),
        })
    }
}

/// `Ok` when a plan of `groups × seeds` runs (computed without overflow) stays
/// within [`RUNS`]; the error spells the product out.
pub fn check_runs(what: &str, groups: usize, seeds: u64) -> Result<usize, ConfigError> {
    let runs = u64::try_from(groups)
        .ok()
        .and_then(|g| g.checked_mul(seeds))
        .and_then(|r| usize::try_from(r).ok())
        .filter(|&r| r <= RUNS);
    runs.ok_or_else(|| ConfigError {
        field: "runs",
        message: alloc::format!(
            "{what}: {groups} × {seeds} seeds is more than the allowed {RUNS} runs"
        ),
    })
}

/// The first value that appears twice in `values` (grids are short: at most
/// [`GRID`] values, so the quadratic scan is bounded).
pub fn first_duplicate<T: PartialEq + Copy>(values: &[T]) -> Option<T> {
    values
        .iter()
        .enumerate()
        .find(|(k, v)| values[..*k].contains(v))
        .map(|(_, v)| *v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_outside_their_range_name_the_field() {
        assert!(check_count("seeds", 10, SEEDS).is_ok());
        let e = check_count("seeds", 50_000_000, SEEDS).unwrap_err();
        assert_eq!(e.field, "seeds");
        assert!(
            e.message.contains("50000000") && e.message.contains("10000"),
            "{e}"
        );
        assert!(check_count("seeds", 0, SEEDS).is_err());
        assert!(check_len("ns", 0, GRID).is_err());
        assert!(check_shard(3, 3).is_err() && check_shard(0, 0).is_err());
        assert!(check_shard(2, 3).is_ok());
        assert!(check_shard(0, u64::MAX).is_err());
    }

    #[test]
    fn run_counts_never_overflow() {
        assert_eq!(check_runs("study", 48, 10).unwrap(), 480);
        let e = check_runs("study", 48, u64::MAX).unwrap_err();
        assert_eq!(e.field, "runs");
        assert!(check_runs("study", usize::MAX, 2).is_err());
        assert!(check_runs("study", 8, (RUNS / 8 + 1) as u64).is_err());
        assert_eq!(first_duplicate(&[3, 5, 3]), Some(3));
        assert_eq!(first_duplicate(&[0.1, 0.2]), None);
    }
}
