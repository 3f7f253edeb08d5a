//! Compare mode and the study explorer (docs/labs/prototypes.md#compare,
//! docs/labs/prototypes.md#explorer): the second run starts from the same
//! data and network whatever its mask, `compare=` links read and write, and
//! the explorer's paired differences are the ones F1–F3 judge by.

use protolab_core::experiments::{paired_differences, paired_recon_difference, run_one};
use protolab_core::{Config, Mask, Trainer, hash};

fn mask(name: &str) -> Mask {
    Mask::parse(name).unwrap()
}

#[test]
fn data_and_initial_network_depend_on_seed_and_n_only() {
    for (n, seed) in [(1, 0), (7, 3), (40, 12345)] {
        let base = Config {
            n,
            seed,
            mask: mask("base"),
            ..Config::default()
        };
        let reference = Trainer::new(base.clone()).unwrap();
        for m in Mask::ALL {
            let other = Trainer::new(Config {
                mask: m,
                ..base.clone()
            })
            .unwrap();
            assert_eq!(other.data(), reference.data(), "data, mask {m}");
            assert_eq!(other.model(), reference.model(), "init, mask {m}");
        }
    }
}

#[test]
fn the_compare_run_is_the_same_config_with_the_other_mask() {
    let (c, issues) = hash::from_hash("v=1&lab=prototypes&N=9&mask=CS&seed=4&compare=O");
    assert!(issues.is_empty(), "{issues:?}");
    assert_eq!(c.compare, Some(mask("O")));
    let second = c.compare_config().unwrap();
    assert_eq!(second.mask, mask("O"));
    assert_eq!(second.compare, None);
    assert_eq!(
        Config {
            mask: c.mask,
            compare: c.compare,
            ..second.clone()
        },
        c
    );
    // Compare changes nothing about the first run's training.
    let mut with = Trainer::new(c.clone()).unwrap();
    let mut without = Trainer::new(Config {
        compare: None,
        ..c.clone()
    })
    .unwrap();
    with.step(50);
    without.step(50);
    assert_eq!(with.model(), without.model());
    // Both runs start alike, and their masks make them differ.
    let mut other = Trainer::new(second).unwrap();
    assert_eq!(
        other.model(),
        &Trainer::new(c.clone()).unwrap().model().clone()
    );
    other.step(50);
    assert_ne!(other.model(), with.model());
}

#[test]
fn compare_links_read_old_spellings_and_report_bad_values() {
    let read = |h: &str| hash::from_hash(h);
    // Old links (no compare=) and an explicit off are the same.
    assert_eq!(read("v=1&N=5").0.compare, None);
    assert_eq!(read("v=1&N=5&compare=off").0.compare, None);
    assert_eq!(read("v=1&N=5&compare=").0.compare, None);
    // Mask letters in any order, as mask= takes them.
    assert_eq!(read("v=1&compare=os").0.compare, Some(mask("SO")));
    assert_eq!(read("v=1&compare=base").0.compare, Some(mask("base")));
    let (c, issues) = read("v=1&N=5&compare=XYZ");
    assert_eq!(c.compare, None);
    assert_eq!(issues.len(), 1);
    assert_eq!(issues[0].key, "compare");
    // Written only as the table says: off by default, the mask's name otherwise.
    assert!(hash::to_hash(&Config::default()).ends_with("&compare=off"));
    let c = Config {
        compare: Some(mask("CSO")),
        ..Config::default()
    };
    assert_eq!(read(&hash::to_hash(&c)), (c, Vec::new()));
}

/// A small real study: two masks and base, N ∈ {3, 5}, four seeds.
fn small_study() -> Vec<protolab_core::experiments::RunRecord> {
    let mut records = Vec::new();
    for name in ["base", "C", "S"] {
        for n in [3, 5] {
            for seed in 0..4 {
                let c = Config {
                    n,
                    seed,
                    mask: mask(name),
                    steps: 150,
                    ..Config::default()
                };
                records.push(run_one(records.len(), &c).unwrap());
            }
        }
    }
    records
}

#[test]
fn explorer_pairs_each_seed_and_agrees_with_the_findings_statistic() {
    let records = small_study();
    let recon = |name: &str, n: usize, seed: u64| {
        records
            .iter()
            .find(|r| r.config.mask == mask(name) && r.config.n == n && r.config.seed == seed)
            .map(|r| r.outcome.as_ref().unwrap().recon)
            .unwrap()
    };
    let rows = paired_differences(&records, mask("base"), mask("C"));
    assert_eq!(rows.iter().map(|r| r.n).collect::<Vec<_>>(), [3, 5]);
    for row in &rows {
        assert_eq!(row.seeds.len(), 4);
        for &(seed, d) in &row.seeds {
            assert_eq!(d, recon("C", row.n, seed) - recon("base", row.n, seed));
        }
        // The very statistic the findings use for a fixed pair.
        assert_eq!(
            row.stat,
            paired_recon_difference(&records, mask("base"), mask("C"), row.n)
        );
        assert!(row.stat.mean.is_finite() && row.stat.se() >= 0.0);
    }
    // Swapping the pair flips every difference.
    let swapped = paired_differences(&records, mask("C"), mask("base"));
    for (a, b) in rows.iter().zip(&swapped) {
        for (x, y) in a.seeds.iter().zip(&b.seeds) {
            assert_eq!((x.0, x.1), (y.0, -y.1));
        }
    }
    // A mask the study did not run: every N listed, no seeds.
    let none = paired_differences(&records, mask("base"), mask("CSO"));
    assert!(none.len() == 2 && none.iter().all(|r| r.seeds.is_empty() && r.stat.count == 0));
}

#[test]
fn a_diverged_run_drops_only_its_seed() {
    let mut records = small_study();
    let victim = records
        .iter_mut()
        .find(|r| r.config.mask == mask("S") && r.config.n == 5 && r.config.seed == 2)
        .unwrap();
    victim.outcome = Err(protolab_core::Divergence {
        step: 7,
        reason: protolab_core::DivergenceReason::NonFiniteLoss,
    });
    let rows = paired_differences(&records, mask("base"), mask("S"));
    assert_eq!(rows[0].seeds.len(), 4);
    let seeds: Vec<u64> = rows[1].seeds.iter().map(|s| s.0).collect();
    assert_eq!(seeds, [0, 1, 3]);
    assert!(rows.iter().all(|r| r.seeds.iter().all(|s| s.1.is_finite())));
}
