//! Browser tests of the Abstraction, Latent Field and Capacity labs: drive
//! their bindings the way the page does, in headless Chrome (`wasm-pack test
//! --headless --chrome` at the repo root). The Prototype Lab's are in browser.rs.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[path = "support/browser.rs"]
mod support;
use support::{canvas, get, non_white_pixels, num};

#[wasm_bindgen_test]
fn abstraction_lab_steps_and_draws() {
    use protolab_bindings::{ABSTRACTION_FIGURES, AbstractionLab};
    let mut lab =
        AbstractionLab::new("lab=abstraction&D=3&lam=0.1&steps=3000&seed=1".into()).unwrap();
    assert!(lab.issues().is_empty());
    // A call does a bounded amount of work: step until finished, as the page does.
    while !lab.is_finished() {
        lab.step(500);
    }
    assert_eq!(lab.step_count(), 3000.0);
    let m = lab.metrics();
    let ps: Vec<f64> = js_sys::Float64Array::from(get(&m, "ps")).to_vec();
    assert_eq!(ps.len(), 3);
    assert!(ps.iter().all(|v| v.is_finite()) && num(&m, "alignment").is_finite());
    for fig in ABSTRACTION_FIGURES {
        let c = canvas(720, 320);
        lab.draw(&c, fig).unwrap();
        assert!(non_white_pixels(&c) > 2000, "{fig}");
        assert!(lab.svg(fig, 720, 320).unwrap().contains("</svg>"));
    }
    assert!(lab.config().starts_with("v=1&lab=abstraction&D=3"));
    // Before the first step there is no loss: null, not NaN.
    let mut fresh = AbstractionLab::new("".into()).unwrap();
    assert!(get(&fresh.metrics(), "loss").is_null());
    let bad = AbstractionLab::new("D=12".into()).unwrap();
    assert_eq!(bad.issues().len(), 1);
    // The same constructor takes a plain object, as the Prototype Lab's does.
    let obj = js_sys::Object::new();
    js_sys::Reflect::set(&obj, &"D".into(), &2.into()).unwrap();
    js_sys::Reflect::set(&obj, &"adam".into(), &true.into()).unwrap();
    let from_obj = AbstractionLab::new(obj.into()).unwrap();
    assert!(from_obj.config().contains("D=2") && from_obj.config().contains("adam=1"));
}

#[wasm_bindgen_test]
fn abstraction_lab_reports_divergence_instead_of_plotting() {
    use protolab_bindings::AbstractionLab;
    let mut lab = AbstractionLab::new("lr=10&lam=0&steps=2000".into()).unwrap();
    while !lab.is_finished() {
        lab.step(2000);
    }
    assert!(lab.step_count() < 2000.0);
    let why = lab.divergence().unwrap();
    assert!(
        why.contains("diverged at step") && why.contains("too large"),
        "{why}"
    );
    assert!(lab.metrics().is_null());
    assert!(lab.svg("kernels", 600, 300).unwrap().contains("diverged"));
    // Strong decay: the layer collapses, and the figures say so instead of plotting noise.
    let mut strong = AbstractionLab::new("lam=1".into()).unwrap();
    while !strong.is_finished() {
        strong.step(5000);
    }
    assert!(get(&strong.metrics(), "collapsed").as_bool().unwrap());
    assert!(strong.svg("pca", 600, 300).unwrap().contains("collapsed"));
    assert!(
        strong
            .svg("curves", 600, 300)
            .unwrap()
            .contains("Collapsed by step")
    );
}

#[wasm_bindgen_test]
fn lambda_sweep_shards_merge_and_draw() {
    use protolab_bindings::{LambdaSweepResults, LambdaSweepRun};
    let hash = "lab=abstraction&steps=150&seed=3";
    let mut parts = Vec::new();
    for k in 0..2 {
        let mut run = LambdaSweepRun::shard(hash, 1, k, 2).unwrap();
        let mut calls = 0;
        while !run.is_done() {
            let p = run.advance(5.0);
            assert!((0.0..=1.0).contains(&num(&p, "fraction")));
            calls += 1;
        }
        assert!(calls >= 1);
        parts.push(run.csv());
    }
    let results = LambdaSweepResults::from_csvs(parts).unwrap();
    assert_eq!(results.csv().lines().count(), 1 + 14);
    assert_eq!(results.summary().length(), 14);
    let c = canvas(720, 360);
    results.draw(&c).unwrap();
    assert!(non_white_pixels(&c) > 2000);
    assert!(results.svg(720, 360).unwrap().contains("PS at λ = 0"));
    assert!(LambdaSweepResults::from_csvs(vec!["nonsense".into()]).is_err());
    assert!(LambdaSweepRun::shard(hash, 1, 2, 2).is_err());
}

#[wasm_bindgen_test]
fn latent_lab_trains_analyses_and_draws() {
    use protolab_bindings::{LATENT_FIGURES, LatentLab};
    const DIGITS: &[u8] = include_bytes!("../data/digits8x8.bin");
    let mut lab =
        LatentLab::new("lab=latent-field&epochs=30&grid=6&seed=2".into(), DIGITS).unwrap();
    assert!(lab.issues().is_empty());
    while !lab.is_finished() {
        lab.step(7);
    }
    assert!(lab.is_finished() && lab.step_count() == 30.0);
    let m = lab.metrics();
    assert!(num(&m, "attractors") >= 1.0 && num(&m, "analysedAt") == 30.0);
    assert!(num(&m, "train").is_finite() && num(&m, "held").is_finite());
    for fig in LATENT_FIGURES {
        let c = canvas(900, 320);
        lab.draw(&c, fig).unwrap();
        assert!(non_white_pixels(&c) > 2000, "{fig}");
    }
    lab.reset();
    assert_eq!(lab.step_count(), 0.0);
    let mut corrupt = DIGITS.to_vec();
    corrupt[1000] ^= 1;
    assert!(LatentLab::new("".into(), &corrupt).is_err());
}

#[wasm_bindgen_test]
fn capacity_lab_runs_its_phases_and_a_small_width_sweep_merges() {
    use protolab_bindings::{CAPACITY_FIGURES, CapacityLab, WidthSweepResults, WidthSweepRun};
    const DIGITS: &[u8] = include_bytes!("../data/digits8x8.bin");
    let hash = "lab=capacity&data=digits&pair=0/1&H=4&epochs=30&finetune=2&large=8";
    let mut lab = CapacityLab::new(hash.into(), DIGITS).unwrap();
    assert!(lab.issues().is_empty());
    while !lab.is_finished() {
        lab.step(25);
    }
    assert!(lab.is_finished() && lab.step_count() == lab.total_steps());
    let m = lab.metrics();
    assert!(num(&m, "f1") > 0.5);
    assert_eq!(js_sys::Array::from(&get(&m, "pruned")).length(), 22);
    for fig in CAPACITY_FIGURES {
        let c = canvas(900, 420);
        lab.draw(&c, fig).unwrap();
        assert!(non_white_pixels(&c) > 2000, "{fig}");
    }
    lab.reset();
    assert_eq!(lab.step_count(), 0.0);
    let parts: Vec<String> = (0..2)
        .map(|k| {
            let mut run = WidthSweepRun::shard(hash, false, k, 2, DIGITS).unwrap();
            while !run.is_done() {
                run.advance(10.0);
            }
            run.csv()
        })
        .collect();
    let results = WidthSweepResults::from_csvs(parts).unwrap();
    assert_eq!(results.csv().lines().count(), 1 + 33);
    assert_eq!(results.minima().length(), 1);
    assert!(CapacityLab::new("data=mnist".into(), DIGITS).is_err());
}
