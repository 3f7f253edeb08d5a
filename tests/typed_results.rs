//! Browser tests: every plain object an export returns has exactly the shape
//! its TypeScript declaration (the `.d.ts` custom sections,
//! `protolab_bindings::TYPESCRIPT`) names — each required field present, no
//! undeclared field, and each value of the declared type (numbers, strings,
//! booleans, `Float64Array`s, string literals, `null` where allowed, nested
//! interfaces and arrays) — so the generated types and the objects the page
//! reads cannot drift apart.
#![cfg(target_arch = "wasm32")]

use protolab_bindings::{
    AbstractionLab, CapacityLab, Experiment, Lab, LambdaSweepResults, LambdaSweepRun, LatentLab,
    TYPESCRIPT, WidthSweepResults, WidthSweepRun,
};
use std::collections::BTreeMap;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const DIGITS: &[u8] = include_bytes!("../data/digits8x8.bin");

/// One declared field: its TypeScript type and whether it may be absent.
struct Field {
    ty: String,
    optional: bool,
}

/// Every `export interface Name { field: Type; … }` of the declarations
/// (one field per line, comments skipped).
fn interfaces() -> BTreeMap<String, BTreeMap<String, Field>> {
    let mut all = BTreeMap::new();
    let text = TYPESCRIPT.join("\n");
    let mut current: Option<(String, BTreeMap<String, Field>)> = None;
    for line in text.lines().map(str::trim) {
        if let Some(rest) = line.strip_prefix("export interface ") {
            let name = rest.trim_end_matches('{').trim().to_string();
            current = Some((name, BTreeMap::new()));
        } else if line == "}" {
            if let Some((name, fields)) = current.take() {
                all.insert(name, fields);
            }
        } else if let Some((_, fields)) = current.as_mut()
            && !line.starts_with("/**")
            && !line.starts_with('*')
            && let Some((key, ty)) = line.trim_end_matches(';').split_once(':')
        {
            let optional = key.ends_with('?');
            let key = key.trim_end_matches('?').trim().to_string();
            let ty = ty.trim().to_string();
            fields.insert(key, Field { ty, optional });
        }
    }
    assert!(all.len() >= 15, "{} interfaces parsed", all.len());
    all
}

/// Asserts that `value` is of the TypeScript type `ty`; `path` names it in failures.
fn assert_type(
    value: &JsValue,
    ty: &str,
    decls: &BTreeMap<String, BTreeMap<String, Field>>,
    path: &str,
) {
    let alternatives: Vec<&str> = ty.split(" | ").map(str::trim).collect();
    if value.is_null() {
        assert!(alternatives.contains(&"null"), "{path} is null, not {ty}");
        return;
    }
    let ty = alternatives
        .iter()
        .copied()
        .filter(|t| *t != "null")
        .collect::<Vec<_>>();
    // A union of string literals (`"global" | "per-layer"`).
    if ty.iter().all(|t| t.starts_with('"')) {
        let s = value
            .as_string()
            .unwrap_or_else(|| panic!("{path} is not a string"));
        assert!(
            ty.contains(&format!("\"{s}\"").as_str()),
            "{path} = {s:?} is not one of {ty:?}"
        );
        return;
    }
    assert_eq!(ty.len(), 1, "{path}: unexpected union {ty:?}");
    let ty = ty[0];
    if let Some(element) = ty.strip_suffix("[]") {
        assert!(js_sys::Array::is_array(value), "{path} is not an array");
        let array: &js_sys::Array = value.unchecked_ref();
        for (k, item) in array.iter().enumerate() {
            assert_type(&item, element, decls, &format!("{path}[{k}]"));
        }
        return;
    }
    match ty {
        "number" => assert!(value.as_f64().is_some(), "{path} is not a number"),
        "string" => assert!(value.as_string().is_some(), "{path} is not a string"),
        "boolean" => assert!(value.as_bool().is_some(), "{path} is not a boolean"),
        "Float64Array" => assert!(
            value.is_instance_of::<js_sys::Float64Array>(),
            "{path} is not a Float64Array"
        ),
        name => {
            let fields = decls
                .get(name)
                .unwrap_or_else(|| panic!("{path}: {name} is not declared"));
            assert!(value.is_object(), "{path} is not an object");
            let keys: Vec<String> = js_sys::Object::keys(value.unchecked_ref::<js_sys::Object>())
                .iter()
                .filter_map(|k| k.as_string())
                .collect();
            for key in &keys {
                assert!(
                    fields.contains_key(key),
                    "{path}.{key} is not declared in {name}"
                );
            }
            for (key, field) in fields {
                if !keys.contains(key) {
                    assert!(field.optional, "{path}.{key} of {name} is missing");
                    continue;
                }
                let v = js_sys::Reflect::get(value, &key.into()).unwrap();
                assert_type(&v, &field.ty, decls, &format!("{path}.{key}"));
            }
        }
    }
}

#[wasm_bindgen_test]
fn the_prototype_lab_and_its_experiments_return_their_declared_shapes() {
    let decls = interfaces();
    let mut lab = Lab::new("N=6&steps=60".into()).unwrap();
    while !lab.is_finished() {
        lab.step(25);
    }
    assert_type(&lab.metrics(), "LabMetrics | null", &decls, "Lab.metrics()");
    assert!(!lab.metrics().is_null());
    assert_type(&lab.data(), "LabData", &decls, "Lab.data()");

    let mut exp = Experiment::study_of("steps=30", vec![3], 2, 5, 1).unwrap();
    while !exp.is_done() {
        assert_type(
            &exp.advance(20.0),
            "Progress",
            &decls,
            "Experiment.advance()",
        );
    }
    let results = exp.results();
    let table = results.table();
    assert!(js_sys::Array::from(&table).length() > 0);
    assert_type(&table, "StudyCell[]", &decls, "ExperimentResults.table()");
    let findings = results.findings();
    assert_eq!(js_sys::Array::from(&findings).length(), 5);
    assert_type(
        &findings,
        "Finding[]",
        &decls,
        "ExperimentResults.findings()",
    );
}

#[wasm_bindgen_test]
fn the_abstraction_lab_and_its_sweep_return_their_declared_shapes() {
    let decls = interfaces();
    let mut lab = AbstractionLab::new("D=2&width=16&steps=30".into()).unwrap();
    // A fresh lab's loss is null: still of the declared type.
    assert_type(
        &lab.metrics(),
        "AbstractionLabMetrics | null",
        &decls,
        "fresh",
    );
    while !lab.is_finished() {
        lab.step(10);
    }
    let m = lab.metrics();
    assert!(!m.is_null());
    assert_type(
        &m,
        "AbstractionLabMetrics | null",
        &decls,
        "AbstractionLab.metrics()",
    );

    let mut run = LambdaSweepRun::shard("lab=abstraction&steps=20&width=8", 1, 0, 1).unwrap();
    while !run.is_done() {
        assert_type(
            &run.advance(10.0),
            "Progress",
            &decls,
            "LambdaSweepRun.advance()",
        );
    }
    let results = LambdaSweepResults::from_csvs(vec![run.csv()]).unwrap();
    let summary: JsValue = results.summary().into();
    assert_type(
        &summary,
        "LambdaSummary[]",
        &decls,
        "LambdaSweepResults.summary()",
    );
}

#[wasm_bindgen_test]
fn the_latent_lab_returns_its_declared_shape_before_and_after_an_analysis() {
    let decls = interfaces();
    let mut lab = LatentLab::new("epochs=6&grid=4&train=64".into(), DIGITS).unwrap();
    let ty = "LatentLabMetrics | null";
    assert_type(
        &lab.metrics(),
        ty,
        &decls,
        "LatentLab.metrics() at the start",
    );
    while !lab.is_finished() {
        lab.step(3);
    }
    let m = lab.metrics();
    assert!(js_sys::Reflect::has(&m, &"analysedAt".into()).unwrap());
    assert_type(&m, ty, &decls, "LatentLab.metrics()");
}

#[wasm_bindgen_test]
fn the_capacity_lab_and_its_width_sweep_return_their_declared_shapes() {
    let decls = interfaces();
    let hash = "lab=capacity&data=digits&pair=0/1&H=4&epochs=8&finetune=1&small=2&large=4";
    let mut lab = CapacityLab::new(hash.into(), DIGITS).unwrap();
    assert_type(&lab.metrics(), "CapacityLabMetrics", &decls, "at the start");
    while !lab.is_finished() {
        lab.step(25);
    }
    let m = lab.metrics();
    assert!(js_sys::Array::from(&js_sys::Reflect::get(&m, &"pruned".into()).unwrap()).length() > 0);
    assert!(
        !js_sys::Reflect::get(&m, &"paperLevel".into())
            .unwrap()
            .is_null()
    );
    assert_type(&m, "CapacityLabMetrics", &decls, "CapacityLab.metrics()");

    let mut run = WidthSweepRun::shard(hash, false, 0, 40, DIGITS).unwrap();
    while !run.is_done() {
        assert_type(
            &run.advance(10.0),
            "Progress",
            &decls,
            "WidthSweepRun.advance()",
        );
    }
    // Two more pairs (one never passing, its minWidth null) beside the run's 0/1.
    let csv = "pair,H,seed,status,f1,precision,recall,auc\n3/8,2,0,ok,0.95,0.9,1,0.99\n4/9,2,0,ok,0.7,0.6,0.9,0.8\n";
    let results = WidthSweepResults::from_csvs(vec![csv.into(), run.csv()]).unwrap();
    let summary: JsValue = results.summary().into();
    assert_type(
        &summary,
        "WidthSummary[]",
        &decls,
        "WidthSweepResults.summary()",
    );
    let minima: JsValue = results.minima().into();
    assert_eq!(js_sys::Array::from(&minima).length(), 3);
    assert_type(
        &minima,
        "WidthMinimum[]",
        &decls,
        "WidthSweepResults.minima()",
    );
}

#[wasm_bindgen_test]
fn the_unit_inspector_and_the_study_explorer_return_their_declared_shapes() {
    let decls = interfaces();
    let mut lab = Lab::new("N=5&steps=40".into()).unwrap();
    while !lab.is_finished() {
        lab.step(25);
    }
    for j in 0..5 {
        let info = lab.unit_info(j);
        assert!(!info.is_undefined(), "unit {j}");
        assert_type(&info, "UnitInfo", &decls, "Lab.unitInfo()");
    }
    assert!(lab.unit_info(5).is_undefined());

    let mut exp = Experiment::study_of("steps=30", vec![3], 2, 5, 1).unwrap();
    while !exp.is_done() {
        exp.advance(20.0);
    }
    let paired = exp.results().paired_differences("base", "CSO").unwrap();
    assert_eq!(js_sys::Array::from(&paired).length(), 1);
    assert_type(
        &paired,
        "PairedDifference[]",
        &decls,
        "ExperimentResults.pairedDifferences()",
    );
}
