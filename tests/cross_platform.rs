//! Native and wasm builds must compute the same numbers for the same config.
//! Both compare against `tests/data/cross_platform.csv`: this test natively, the
//! browser test in `browser.rs` in wasm. Regenerate the file after a deliberate
//! change to the numerics with `PROTOLAB_BLESS=1 cargo test --test cross_platform`.

use protolab_core::experiments::{self, Plan};
use protolab_core::{Config, hash};

/// The configs both platforms run: every mask, two sizes, short runs.
pub fn configs() -> Vec<Config> {
    let base = hash::from_hash("N=12&steps=400&seed=3").0;
    let mut plan = Plan::study(&base, &[7, 12], 1).runs;
    plan.push(hash::from_hash("N=9&mask=CSO&lr=1000000&steps=50").0);
    plan
}

/// The CSV of those runs, wall time left empty.
pub fn csv() -> String {
    let records: Vec<_> = configs()
        .iter()
        .enumerate()
        .map(|(k, c)| experiments::run_one(k, c).unwrap())
        .collect();
    experiments::to_csv(&records)
}

/// The Abstraction Lab's numbers (training, PS, CCGP trials, alignment,
/// shattering) for a short λ-sweep, as CSV.
pub fn abstraction_csv() -> String {
    use protolab_core::abstraction::{AbstractionConfig, sweep::LambdaSweep};
    let (base, _) = AbstractionConfig::from_hash("steps=600&seed=2&D=3");
    let mut sweep = LambdaSweep::new(&base, &[0.0, 0.03, 0.3], 1).unwrap();
    sweep.advance(u64::MAX);
    sweep.to_csv()
}

fn check_or_bless(file: &str, now: &str) {
    let path = format!("{}/tests/data/{file}", env!("CARGO_MANIFEST_DIR"));
    if std::env::var_os("PROTOLAB_BLESS").is_some() {
        std::fs::write(&path, now).unwrap();
    }
    let reference = std::fs::read_to_string(&path).expect("the reference file (bless it once)");
    assert_eq!(
        now, reference,
        "native numbers changed; if deliberate, re-bless (see the module doc)"
    );
}

#[test]
fn native_abstraction_numbers_match_the_shared_reference() {
    check_or_bless("cross_platform_abstraction.csv", &abstraction_csv());
}

#[test]
fn native_numbers_match_the_shared_reference() {
    let now = csv();
    check_or_bless("cross_platform.csv", &now);
    assert!(
        now.contains(",diverged,"),
        "the reference includes a diverging run"
    );
}
