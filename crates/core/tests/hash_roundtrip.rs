//! Every lab's link round-trips, the way the page writes it: a random valid
//! config → the core's hash → every key and value encoded as the page's
//! `URLSearchParams` does → read back gives the identical config and no issue.
//! And no hash, however hostile, panics a reader or yields an invalid config.

use proptest::prelude::*;
use protolab_core::abstraction::AbstractionConfig;
use protolab_core::capacity::{CapacityConfig, ClassifierConfig, PAIRS, Source};
use protolab_core::hash::{self, HashIssue, encode};
use protolab_core::latent::LatentConfig;
use protolab_core::{Config, Mask, Target, TauUnits};

/// The hash as the page writes it: `URLSearchParams.toString()` of its pairs,
/// with page-only keys mixed in (ignored by every reader).
fn as_page_writes(h: &str) -> String {
    let mut parts: Vec<String> = h
        .split('&')
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap();
            format!("{}={}", encode(k), encode(v))
        })
        .collect();
    parts.push("speed=100".into());
    parts.push(format!("show={}", encode("fit,prototypes")));
    parts.join("&")
}

/// Finite numbers in `[lo, hi]` across many scales, as a user might type them.
fn real(lo: f64, hi: f64) -> impl Strategy<Value = f64> {
    prop_oneof![
        lo..=hi,
        Just(lo),
        Just(hi),
        (-9i32..=3).prop_map(move |e| 10f64.powi(e).clamp(lo, hi)),
    ]
}

fn prototype_config() -> impl Strategy<Value = Config> {
    (
        1usize..=500,
        0usize..8,
        0usize..3,
        [real(0.0, 1000.0), real(0.0, 1000.0), real(0.0, 1000.0)],
        [real(1e-6, 100.0), real(1e-6, 100.0)],
        any::<bool>(),
        real(1e-9, 1e6),
        0u64..=10_000_000,
        (any::<u64>(), 0usize..=8),
    )
        .prop_map(
            |(n, m, t, [lc, ls, lo], [tc, ts], abs, lr, steps, (seed, cmp))| Config {
                n,
                mask: Mask::ALL[m],
                target: Target::ALL[t],
                lambda_c: lc,
                lambda_s: ls,
                lambda_o: lo,
                tau_c: tc,
                tau_s: ts,
                tau_units: if abs {
                    TauUnits::Absolute
                } else {
                    TauUnits::Spacing
                },
                lr,
                steps,
                seed,
                // 0 = off, else one of the eight masks.
                compare: cmp.checked_sub(1).map(|k| Mask::ALL[k]),
            },
        )
}

fn abstraction_config() -> impl Strategy<Value = AbstractionConfig> {
    (
        2usize..=4,
        0usize..=16,
        1usize..=512,
        real(0.0, 10.0),
        real(1e-9, 10.0),
        0u64..=1_000_000,
        any::<bool>(),
        real(0.0, 10.0),
        any::<u64>(),
    )
        .prop_map(
            |(d, readouts, width, lambda, lr, steps, adam, noise, seed)| AbstractionConfig {
                d,
                readouts,
                width,
                lambda,
                lr,
                steps,
                adam,
                noise,
                seed,
            },
        )
}

fn latent_config() -> impl Strategy<Value = LatentConfig> {
    (
        64usize..=1500,
        real(0.0, 1.0),
        2usize..=128,
        1usize..=2,
        0u64..=100_000,
        real(1e-7, 1.0),
        1usize..=1500,
        2usize..=40,
        any::<u64>(),
    )
        .prop_map(
            |(train, weight_decay, hidden, k, epochs, lr, batch, grid, seed)| LatentConfig {
                train,
                weight_decay,
                hidden,
                k,
                epochs,
                lr,
                batch,
                grid,
                seed,
            },
        )
}

fn capacity_config() -> impl Strategy<Value = CapacityConfig> {
    (
        any::<bool>(),
        0usize..PAIRS.len(),
        1usize..=128,
        real(1e-7, 10.0),
        0u64..=5000,
        any::<u64>(),
        0u64..=500,
        1usize..=128,
        1usize..=128,
    )
        .prop_map(
            |(mnist, pair, hidden, lr, epochs, seed, finetune, small, large)| CapacityConfig {
                source: if mnist { Source::Mnist } else { Source::Digits },
                pair,
                classifier: ClassifierConfig {
                    hidden,
                    lr,
                    epochs,
                    seed,
                },
                finetune,
                small,
                large,
            },
        )
}

/// Asserts that `config` is valid and survives the page's encoding.
fn round_trips<C: PartialEq + std::fmt::Debug>(
    config: &C,
    validate: impl Fn(&C) -> Result<(), protolab_core::ConfigError>,
    to_hash: impl Fn(&C) -> String,
    from_hash: impl Fn(&str) -> (C, Vec<HashIssue>),
) -> Result<(), TestCaseError> {
    prop_assert_eq!(validate(config), Ok(()));
    let plain = to_hash(config);
    prop_assert!(plain.starts_with("v=1&lab="), "{}", plain);
    for h in [plain.clone(), as_page_writes(&plain), format!("#{plain}")] {
        let (back, issues) = from_hash(&h);
        prop_assert!(issues.is_empty(), "{h}: {issues:?}");
        prop_assert_eq!(&back, config, "{}", h);
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn prototype_links_round_trip(c in prototype_config()) {
        round_trips(&c, Config::validate, hash::to_hash, hash::from_hash)?;
    }

    #[test]
    fn prototype_points_round_trip(points in prop::collection::vec((-1e3f64..1e3, -1e3f64..1e3), 1..60)) {
        let data = protolab_core::Dataset::from_points(&points).expect("finite points within the limits");
        let plain = format!("v=1&lab=prototypes&N={}&{}", points.len(), hash::points_to_hash(&data));
        for h in [plain.clone(), as_page_writes(&plain)] {
            prop_assert_eq!(hash::points_from_hash(&h), Some(Ok(data.clone())));
        }
    }

    #[test]
    fn abstraction_links_round_trip(c in abstraction_config()) {
        round_trips(&c, AbstractionConfig::validate, AbstractionConfig::to_hash, AbstractionConfig::from_hash)?;
    }

    #[test]
    fn latent_links_round_trip(c in latent_config()) {
        round_trips(&c, LatentConfig::validate, LatentConfig::to_hash, LatentConfig::from_hash)?;
    }

    #[test]
    fn capacity_links_round_trip(c in capacity_config()) {
        round_trips(&c, CapacityConfig::validate, CapacityConfig::to_hash, CapacityConfig::from_hash)?;
    }

    /// Hostile hashes: random text, and real keys with random values. No
    /// reader panics, and every reader returns a config that validates.
    #[test]
    fn hostile_hashes_never_panic_and_always_validate(
        junk in "\\PC{0,200}",
        key in prop::sample::select(vec![
            "v", "N", "mask", "target", "lamC", "tauS", "tauUnits", "lr", "steps", "seed", "pts", "compare",
            "D", "P", "width", "lam", "adam", "noise", "train", "wd", "h", "k", "epochs",
            "batch", "grid", "data", "pair", "H", "finetune", "small", "large",
        ]),
        value in prop_oneof![
            "\\PC{0,40}",
            Just("NaN".to_string()), Just("-inf".to_string()), Just("1e999".to_string()),
            Just("18446744073709551616".to_string()), Just("-0".to_string()), Just("%".to_string()),
            Just("%FF%FE".to_string()), Just("4%2F".to_string()),
        ],
    ) {
        for h in [junk.clone(), format!("{key}={value}"), format!("v=1&{key}={}&{junk}", encode(&value))] {
            let (c, _) = hash::from_hash(&h);
            prop_assert_eq!(c.validate(), Ok(()));
            let _ = hash::points_from_hash(&h);
            prop_assert_eq!(AbstractionConfig::from_hash(&h).0.validate(), Ok(()));
            prop_assert_eq!(LatentConfig::from_hash(&h).0.validate(), Ok(()));
            prop_assert_eq!(CapacityConfig::from_hash(&h).0.validate(), Ok(()));
        }
    }
}

/// The two broken links of issue #11, as the page wrote them.
#[test]
fn the_page_s_encoded_links_open() {
    let (c, issues) = CapacityConfig::from_hash("v=1&lab=capacity&pair=0%2F1&data=mnist");
    assert!(issues.is_empty(), "{issues:?}");
    assert_eq!(c.pair(), (0, 1));
    let h = "v=1&lab=prototypes&N=3&lr=0.01&pts=-0.5%3A0.25%2C0%3A0.5%2C0.5%3A-0.1";
    let (c, issues) = hash::from_hash(h);
    assert!(issues.is_empty(), "{issues:?}");
    assert_eq!(c.lr, 0.01);
    let data = hash::points_from_hash(h).unwrap().unwrap();
    assert_eq!(data.x, [-0.5, 0.0, 0.5]);
}

/// Every lab names an unknown schema version in its issues.
#[test]
fn every_lab_checks_the_schema_version() {
    let h = "v=9&seed=3";
    let named = |issues: Vec<HashIssue>| {
        issues
            .iter()
            .any(|i| i.key == "v" && i.message.contains("v=\"9\""))
    };
    assert!(named(hash::from_hash(h).1));
    assert!(named(AbstractionConfig::from_hash(h).1));
    assert!(named(LatentConfig::from_hash(h).1));
    assert!(named(CapacityConfig::from_hash(h).1));
    assert_eq!(LatentConfig::from_hash(h).0.seed, 3);
}
