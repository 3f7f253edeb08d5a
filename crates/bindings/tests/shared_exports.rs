//! The exported methods every lab handle shares are written once
//! (`lab_exports!` over the `LabHandle` trait): one test runs the same
//! promises against all four labs — `reset()` returns to the first step with
//! the same config and replays the same run, `issues()` names bad keys, and
//! `svg()` of an unknown figure is an error naming the lab's figures.

use protolab_bindings::{
    ABSTRACTION_FIGURES, AbstractionLab, CAPACITY_FIGURES, CapacityLab, LAB_FIGURES,
    LATENT_FIGURES, Lab, LabHandle, LatentLab,
};

const DIGITS: &[u8] = include_bytes!("../../../data/digits8x8.bin");

/// Runs the shared promises on `$lab` (made by `$make(hash)`), whose config
/// `$hash` finishes quickly, drawing `$figure` (one of `$figures`) to compare
/// a run with its replay after `reset()`.
macro_rules! check_shared {
    ($make:expr, $hash:expr, $figures:expr, $figure:expr) => {{
        let make = $make;
        let mut lab = make($hash);
        assert!(lab.issues().is_empty(), "{:?}", lab.issues());
        assert_eq!(lab.step_count(), 0.0);
        let config = lab.config();
        let mut calls = 0;
        while !lab.is_finished() {
            lab.step(7);
            calls += 1;
            assert!(calls < 100_000, "{} never finishes", $hash);
        }
        let steps = lab.step_count();
        assert!(steps > 0.0);
        assert_eq!(lab.divergence(), None);
        assert!(!lab.is_busy() && lab.activity().is_none());
        let first = lab.svg($figure, 700, 400).unwrap();

        lab.reset();
        assert_eq!(
            lab.step_count(),
            0.0,
            "{}: reset returns to the start",
            $hash
        );
        assert!(!lab.is_finished());
        assert_eq!(lab.config(), config, "reset keeps the config and seed");
        while !lab.is_finished() {
            lab.step(7);
        }
        assert_eq!(lab.step_count(), steps);
        assert_eq!(
            lab.svg($figure, 700, 400).unwrap(),
            first,
            "{}: the replay after reset draws the same {}",
            $hash,
            $figure
        );

        // The exported `svg` wraps this message in a JS `Error` (wasm only).
        let err = LabHandle::figure_svg(&mut lab, "no-such-figure", 700, 400)
            .err()
            .expect("refused");
        assert!(err.contains("no-such-figure"), "{err}");
        for name in $figures {
            assert!(err.contains(name), "{err} names {name}");
        }
        let bad = make(&format!("{}&seed=-3", $hash));
        assert!(
            bad.issues().iter().any(|i| i.contains("seed")),
            "{:?}",
            bad.issues()
        );
    }};
}

#[test]
fn every_lab_shares_reset_issues_and_figure_errors() {
    check_shared!(Lab::from_hash_str, "N=6&steps=60", LAB_FIGURES, "losses");
    check_shared!(
        AbstractionLab::from_hash_str,
        "D=2&width=16&steps=30",
        ABSTRACTION_FIGURES,
        "curves"
    );
    check_shared!(
        |h: &str| LatentLab::from_parts(h, DIGITS).unwrap(),
        "epochs=4&grid=4&train=64",
        LATENT_FIGURES,
        "curves"
    );
    check_shared!(
        |h: &str| CapacityLab::from_parts(h, DIGITS).unwrap(),
        "data=digits&pair=3/8&H=4&epochs=6&finetune=0&small=2&large=4",
        CAPACITY_FIGURES,
        "training"
    );
}

#[test]
fn a_lab_on_your_points_names_bad_settings_like_a_link() {
    let points = [(-0.5, 0.2), (0.0, -0.1), (0.5, 0.4)];
    let lab = Lab::with_points("lr=-1&seed=x&steps=50", &points).unwrap();
    let issues = lab.issues();
    assert!(
        issues.iter().any(|i| i.contains("lr")) && issues.iter().any(|i| i.contains("seed")),
        "{issues:?}"
    );
    assert!(
        Lab::with_points("steps=50", &points)
            .unwrap()
            .issues()
            .is_empty()
    );
}
