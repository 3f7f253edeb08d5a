//! Browser tests: drive the bindings the way the page does, in headless Chrome
//! (`wasm-pack test --headless --chrome` at the repo root).
#![cfg(target_arch = "wasm32")]

use protolab_bindings::{Experiment, ExperimentResults, Lab};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[path = "support/browser.rs"]
mod support;
use support::{canvas, get, non_white_pixels, num};

#[path = "cross_platform.rs"]
#[allow(dead_code)]
mod cross_platform;

#[wasm_bindgen_test]
fn wasm_abstraction_numbers_match_native() {
    assert_eq!(
        cross_platform::abstraction_csv(),
        include_str!("data/cross_platform_abstraction.csv")
    );
}

#[wasm_bindgen_test]
fn wasm_numbers_match_native() {
    // The same reference file the native test checks: so wasm == native, bit for bit.
    assert_eq!(
        cross_platform::csv(),
        include_str!("data/cross_platform.csv")
    );
}

#[wasm_bindgen_test]
fn lab_steps_and_reports_finite_consistent_metrics() {
    let mut lab = Lab::new(JsValue::from_str("v=1&N=15&mask=CS&seed=4")).unwrap();
    assert!(lab.issues().is_empty());
    assert_eq!(lab.step(250), 250);
    assert_eq!(lab.step_count(), 250.0);
    let m = lab.metrics();
    for key in ["recon", "nearest", "specialization", "hullEscape", "fit"] {
        assert!(num(&m, key).is_finite(), "{key}");
    }
    assert_eq!(num(&m, "step"), 250.0);
    // Prototypes and data agree with the metrics the core computed.
    let p = lab.prototypes();
    let x: Vec<f64> = js_sys::Float64Array::from(get(&lab.data(), "x")).to_vec();
    assert_eq!((p.len(), x.len()), (15, 15));
    let (lo, hi) = (x[0], x[14]);
    let outside = p.iter().filter(|&&v| v < lo || v > hi).count() as f64 / 15.0;
    assert_eq!(outside, num(&m, "hullEscape"));
    let nearest = x
        .iter()
        .map(|xi| {
            p.iter()
                .map(|pj| (xi - pj).abs())
                .fold(f64::INFINITY, f64::min)
        })
        .sum::<f64>()
        / 15.0;
    assert!((nearest - num(&m, "nearest")).abs() < 1e-12);
    // The same config in the core directly gives the same numbers.
    let mut run =
        protolab_core::Trainer::new(protolab_core::hash::from_hash("N=15&mask=CS&seed=4").0)
            .unwrap();
    run.step(250);
    assert_eq!(run.metrics().unwrap().recon, num(&m, "recon"));
}

#[wasm_bindgen_test]
fn divergence_is_reported_not_plotted() {
    let mut lab = Lab::new(JsValue::from_str("lr=1000000&N=10")).unwrap();
    lab.step(100);
    assert!(lab.metrics().is_null());
    assert!(lab.divergence().unwrap().contains("diverged at step"));
    assert!(lab.is_finished());
}

#[wasm_bindgen_test]
fn bad_hash_values_are_reported_and_replaced() {
    let lab = Lab::new(JsValue::from_str("#v=1&N=abc&lr=-3&mask=CSO&unknown=1")).unwrap();
    let issues = lab.issues();
    assert_eq!(issues.len(), 2, "{issues:?}");
    assert!(issues[0].starts_with("N=") && issues[1].starts_with("lr="));
    assert!(lab.config().contains("&N=20&") && lab.config().contains("mask=CSO"));
}

#[wasm_bindgen_test]
fn hash_round_trips_to_the_identical_run() {
    let mut a = Lab::new(JsValue::from_str(
        "N=11&mask=SO&tauS=0.3&lr=0.02&seed=99&target=sine",
    ))
    .unwrap();
    let mut b = Lab::new(JsValue::from_str(&a.config())).unwrap();
    assert_eq!(a.config(), b.config());
    a.step(120);
    b.step(120);
    assert_eq!(a.prototypes(), b.prototypes());
    // And from a config object with the same keys.
    let obj = js_sys::Object::new();
    js_sys::Reflect::set(&obj, &"N".into(), &11.into()).unwrap();
    js_sys::Reflect::set(&obj, &"mask".into(), &"SO".into()).unwrap();
    let c = Lab::new(obj.into()).unwrap();
    assert!(c.config().contains("N=11&mask=SO"));
}

#[wasm_bindgen_test]
fn every_lab_figure_draws_pixels_and_svg() {
    let mut lab = Lab::new(JsValue::from_str("N=12&mask=C")).unwrap();
    lab.step(100);
    for fig in protolab_bindings::LAB_FIGURES {
        let c = canvas(480, 300);
        assert_eq!(non_white_pixels(&c), 0);
        lab.draw(&c, fig).unwrap();
        let inked = non_white_pixels(&c);
        assert!(inked > 2000, "{fig}: only {inked} pixels drawn");
        let svg = lab.svg(fig, 600, 400).unwrap();
        assert!(svg.starts_with("<svg") && svg.contains("</svg>"), "{fig}");
    }
    assert!(lab.draw(&canvas(100, 100), "nonsense").is_err());
}

#[wasm_bindgen_test]
fn positions_results_restore_with_their_prototypes() {
    let mut exp = Experiment::positions("steps=100&seed=2", 12).unwrap();
    while !exp.is_done() {
        exp.advance(20.0);
    }
    assert_eq!(exp.prototypes().len(), 8 * 12);
    let restored =
        ExperimentResults::restore("positions", &exp.csv(), "", exp.prototypes()).unwrap();
    assert_eq!(restored.run_count(), 8);
    let c = canvas(900, 500);
    restored.draw(&c, "positions").unwrap();
    assert!(non_white_pixels(&c) > 5000);
    assert!(ExperimentResults::restore("positions", &exp.csv(), "", vec![0.0; 5]).is_err());
}

#[wasm_bindgen_test]
fn a_small_study_runs_in_slices_and_reports_findings() {
    let mut exp = Experiment::study_of("steps=150", vec![3, 5], 2, 5, 2).unwrap();
    let mut slices = 0;
    while !exp.is_done() {
        let p = exp.advance(5.0);
        let f = num(&p, "fraction");
        assert!((0.0..=1.0).contains(&f));
        slices += 1;
        assert!(slices < 10_000);
    }
    let results = exp.results();
    let findings: js_sys::Array = results.findings().unchecked_into();
    assert_eq!(findings.length(), 5);
    assert_eq!(get(&findings.get(0), "id").as_string().unwrap(), "F1");
    let table: js_sys::Array = results.table().unchecked_into();
    assert_eq!(table.length(), 16);
    assert_eq!(exp.csv().lines().count(), 1 + 32);
    let c = canvas(600, 400);
    results.draw(&c, "study").unwrap();
    assert!(non_white_pixels(&c) > 2000);
    assert!(results.svg("sweep", 600, 400).unwrap().contains("<svg"));
    // What the page does with the worker's messages: rebuild from CSV, same findings.
    let restored =
        ExperimentResults::restore("study", &exp.csv(), &exp.sweep_csv(), exp.prototypes())
            .unwrap();
    assert_eq!(restored.csv(), results.csv());
    let again: js_sys::Array = restored.findings().unchecked_into();
    assert_eq!(
        js_sys::JSON::stringify(&again).unwrap(),
        js_sys::JSON::stringify(&findings).unwrap()
    );
    assert!(ExperimentResults::restore("study", "garbage", "", vec![]).is_err());
}

#[wasm_bindgen_test]
fn own_points_csv_and_links() {
    let lab = Lab::from_csv("mask=C&seed=3", "x,y\n-0.5,0.25\n0.75,-1\n0.1,0.5\n").unwrap();
    assert!(lab.is_user_data());
    assert_eq!(lab.prototypes().len(), 3, "N follows the data");
    // The link carries the points and opens the same data.
    let again = Lab::new(JsValue::from_str(&lab.config())).unwrap();
    assert!(again.issues().is_empty());
    assert_eq!(
        get(&again.data(), "x")
            .unchecked_into::<js_sys::Float64Array>()
            .to_vec(),
        vec![-0.5, 0.1, 0.75]
    );
    // A malformed file is an error naming the line; nothing is built.
    let err = Lab::from_csv("", "0,1\n0.5,oops\n")
        .err()
        .expect("bad CSV refused");
    let msg = js_sys::Error::from(JsValue::from(err))
        .message()
        .as_string()
        .unwrap();
    assert!(msg.contains("line 2"), "{msg}");
    // A bad pts link falls back to generated data and says so.
    let bad = Lab::new(JsValue::from_str("N=4&pts=0:1,x")).unwrap();
    assert!(!bad.is_user_data() && bad.issues()[0].contains("pts"));
}

#[wasm_bindgen_test]
fn state_json_round_trips_to_identical_metrics() {
    let mut a = Lab::new(JsValue::from_str("N=13&mask=CSO&seed=8")).unwrap();
    a.step(321);
    let json = a.export_state().unwrap();
    let mut b = Lab::import_state(&json).unwrap();
    assert_eq!(b.step_count(), 321.0);
    assert_eq!(
        js_sys::JSON::stringify(&a.metrics()).unwrap(),
        js_sys::JSON::stringify(&b.metrics()).unwrap()
    );
    a.step(100);
    b.step(100);
    assert_eq!(a.prototypes(), b.prototypes());
    assert!(Lab::import_state(&json.replace("protolab-state", "x")).is_err());
}

#[wasm_bindgen_test]
fn clicks_map_to_data_coordinates() {
    let lab = Lab::new(JsValue::from_str("N=10&seed=1")).unwrap();
    // The centre of a 600 x 400 fit figure lies inside the data range, near y = 0.
    let c = lab
        .fit_coords(600, 400, 1.0, 330.0, 210.0)
        .expect("inside the plot");
    let x: Vec<f64> = js_sys::Float64Array::from(get(&lab.data(), "x")).to_vec();
    assert!(
        c[0] > x[0] - 0.3 && c[0] < x[9] + 0.3 && c[1].abs() < 0.5,
        "{c:?}"
    );
    // Farther right is larger x; higher up is larger y.
    let right = lab.fit_coords(600, 400, 1.0, 430.0, 210.0).unwrap();
    let up = lab.fit_coords(600, 400, 1.0, 330.0, 120.0).unwrap();
    assert!(right[0] > c[0] && up[1] > c[1]);
    assert!(
        lab.fit_coords(600, 400, 1.0, 2.0, 2.0).is_none(),
        "the margin is outside the plot"
    );
}

#[wasm_bindgen_test]
fn svg_export_parses_and_holds_the_series() {
    let mut lab = Lab::new(JsValue::from_str("N=10&mask=CSO")).unwrap();
    lab.step(200);
    let parser = web_sys::DomParser::new().unwrap();
    for (fig, legend) in [
        ("losses", "fit MSE"),
        ("metrics", "hull escape"),
        ("fit", "training points"),
    ] {
        let svg = lab.svg(fig, 700, 420).unwrap();
        let doc = parser
            .parse_from_string(&svg, web_sys::SupportedType::ImageSvgXml)
            .unwrap();
        assert_eq!(
            doc.get_elements_by_tag_name("parsererror").length(),
            0,
            "{fig} is well-formed XML"
        );
        assert!(
            doc.get_elements_by_tag_name("polyline").length() >= 1,
            "{fig} has its lines"
        );
        assert!(svg.contains(legend), "{fig} names its series");
    }
}

#[wasm_bindgen_test]
fn browser_study_csv_matches_the_cli_rows() {
    // Same plan as the first rows of the shared reference (written by the CLI's
    // `to_csv`, checked natively by tests/cross_platform.rs).
    let mut exp = Experiment::study_of("N=12&steps=400&seed=3", vec![7, 12], 1, 5, 1).unwrap();
    while !exp.is_done() {
        exp.advance(20.0);
    }
    let reference: Vec<&str> = include_str!("data/cross_platform.csv")
        .lines()
        .take(17)
        .collect();
    assert_eq!(exp.csv().lines().collect::<Vec<_>>(), reference);
}
