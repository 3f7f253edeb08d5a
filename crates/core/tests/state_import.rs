//! Hostile state JSON: every way a hand-edited or crafted state file could make
//! an imported run unsafe (or silently a different run) is refused, naming the
//! field. (Round trips are in `state.rs`'s unit tests; the fuzz suite is
//! `fuzz_inputs.rs`.)

use protolab_core::{Config, Trainer};
use serde_json::{Value, json};

fn run(n: usize, steps: u64, taken: u64) -> Trainer {
    let mut r = Trainer::new(Config {
        n,
        steps,
        seed: 5,
        ..Config::default()
    })
    .unwrap();
    assert_eq!(r.step(taken), taken);
    r
}

fn state(r: &Trainer) -> Value {
    serde_json::from_str(&r.export_state().unwrap()).unwrap()
}

/// Imports `v` with `edit` applied; the error, which must name `field`.
fn refused(v: &Value, field: &str, edit: impl FnOnce(&mut Value)) -> String {
    let mut v = v.clone();
    edit(&mut v);
    let e = Trainer::import_state(&v.to_string()).expect_err(field);
    assert!(e.message.starts_with(field), "expected {field}: {e}");
    assert_eq!(e.kind, protolab_core::InputKind::State);
    e.message
}

#[test]
fn a_step_beyond_the_runs_steps_is_refused() {
    let v = state(&run(4, 50, 20));
    for step in [json!(51), json!(u64::MAX - 1), json!(u64::MAX)] {
        let e = refused(&v, "step", |v| v["step"] = step);
        assert!(e.contains("beyond the run's 50 steps"), "{e}");
    }
    // Not a whole number at all: the parser says so.
    let e = refused(&v, "not a protolab state file", |v| v["step"] = json!(-1));
    assert!(e.contains("step") || e.contains("invalid value"), "{e}");
}

#[test]
fn a_run_stepped_past_its_count_exports_with_the_count_raised() {
    let mut a = run(3, 10, 10);
    a.step(5); // "keep training"
    let mut b = Trainer::import_state(&a.export_state().unwrap()).unwrap();
    assert_eq!((b.steps_done(), b.config().steps), (15, 15));
    a.step(4);
    b.step(4);
    assert_eq!(a.model().params, b.model().params);
}

#[test]
fn an_initial_loss_that_is_not_this_runs_is_refused() {
    let r = run(4, 50, 20);
    let v = state(&r);
    let true_loss = r.initial_loss().unwrap();
    // 1e300 would switch the blow-up check off; the others are plain lies.
    for bad in [1e300, -1e300, 0.0, -true_loss, true_loss * (1.0 + 1e-6)] {
        let e = refused(&v, "initial_loss", |v| v["initial_loss"] = json!(bad));
        assert!(e.contains("initial weights"), "{e}");
    }
    // Absent after a step: filled in with the loss the trainer saw.
    let mut v2 = v.clone();
    v2["initial_loss"] = Value::Null;
    let b = Trainer::import_state(&v2.to_string()).unwrap();
    assert_eq!(b.initial_loss(), Some(true_loss));
    // At step 0 it is not recorded yet, and stays so.
    let fresh = Trainer::import_state(&run(4, 50, 0).export_state().unwrap()).unwrap();
    assert_eq!(fresh.initial_loss(), None);
}

#[test]
fn arrays_of_the_wrong_length_are_refused() {
    let v = state(&run(4, 50, 20)); // 3·4 + 1 = 13 parameters
    for field in ["params", "adam.m", "adam.v"] {
        let e = refused(&v, field, |v| {
            let slot = match field.split_once('.') {
                Some((a, b)) => &mut v[a][b],
                None => &mut v[field],
            };
            slot.as_array_mut().unwrap().push(json!(0.5));
        });
        assert!(e.contains("expected 13") && e.contains("found 14"), "{e}");
    }
    let e = refused(&v, "data", |v| {
        v["y"].as_array_mut().unwrap().push(json!(0.5))
    });
    assert!(e.contains("4 inputs but 5 targets"), "{e}");
    // One more point in both: the config's N no longer matches.
    let e = refused(&v, "config", |v| {
        v["x"].as_array_mut().unwrap().push(json!(0.99));
        v["y"].as_array_mut().unwrap().push(json!(0.5));
    });
    assert!(e.contains("N=4 but the data hold 5 points"), "{e}");
    refused(&v, "data", |v| v["x"].as_array_mut().unwrap().reverse());
}

#[test]
fn non_finite_or_out_of_range_numbers_are_refused() {
    let text = run(4, 50, 20).export_state().unwrap();
    // JSON has no NaN; an overflowing literal is the closest a file can get.
    for field in ["\"params\": [", "\"x\": [", "\"m\": [", "\"v\": ["] {
        let spoilt = text.replacen(field, &format!("{field}1e999, "), 1);
        let e = Trainer::import_state(&spoilt).unwrap_err();
        assert!(e.message.contains("not a protolab state file"), "{e}");
    }
    let v = state(&run(4, 50, 20));
    refused(&v, "data", |v| v["y"][0] = json!(1e9));
    refused(&v, "adam", |v| v["adam"]["v"][0] = json!(-1.0));
    refused(&v, "adam", |v| v["adam"]["beta1_t"] = json!(1.5));
    refused(&v, "not a protolab state file", |v| {
        v["params"][0] = Value::Null
    });
}

#[test]
fn beta_powers_must_match_the_step() {
    let v = state(&run(4, 50, 20));
    let e = refused(&v, "adam.beta1_t", |v| v["adam"]["beta1_t"] = json!(1e-300));
    assert!(e.contains("does not match step 20"), "{e}");
    refused(&v, "adam.beta2_t", |v| v["adam"]["beta2_t"] = json!(1.0));
    let v0 = state(&run(4, 50, 0));
    refused(&v0, "adam.beta1_t", |v| v["adam"]["beta1_t"] = json!(0.9));
}

#[test]
fn a_long_run_whose_beta_power_is_subnormal_round_trips() {
    // The running product 0.9ᵗ sticks at a few subnormal units after ~7,070
    // steps while 0.9^7100 is 0: the β-power check must compare what a step
    // uses (1 − βᵗ, here exactly 1), not the powers themselves.
    let mut a = run(2, 8_000, 7_100);
    let b1 = a.optimizer().moments().2;
    assert!(b1 > 0.0 && b1 < f64::MIN_POSITIVE, "{b1:e}");
    let mut b = Trainer::import_state(&a.export_state().unwrap()).unwrap();
    a.step(10);
    b.step(10);
    assert_eq!(a.model().params, b.model().params);
}

#[test]
fn weights_whose_loss_already_blew_up_are_refused() {
    let v = state(&run(4, 50, 20));
    let last = 12; // the readout bias
    let e = refused(&v, "params", |v| v["params"][last] = json!(1e150));
    assert!(e.contains("diverged") && e.contains("loss grew"), "{e}");
    let e = refused(&v, "params", |v| v["params"][last] = json!(1e200));
    assert!(
        e.contains("diverged") && e.contains("not a finite number"),
        "{e}"
    );
}

#[test]
fn a_config_that_does_not_validate_is_refused() {
    let v = state(&run(4, 50, 20));
    let hash = v["config"].as_str().unwrap().to_string();
    for (from, to) in [
        ("lr=0.03", "lr=1e99"),
        ("steps=50", "steps=18446744073709551615"),
        ("N=4", "N=0"),
        ("tauC=1", "tauC=NaN"),
    ] {
        assert!(hash.contains(from), "{hash}");
        let e = refused(&v, "config", |v| {
            v["config"] = json!(hash.replace(from, to))
        });
        assert!(e.contains(to.split('=').next().unwrap()), "{e}");
    }
}

#[test]
fn a_state_at_step_0_holds_the_seeds_start() {
    let v = state(&run(4, 50, 0));
    assert!(Trainer::import_state(&v.to_string()).is_ok());
    // Other weights at step 0 would make the first step record another
    // reference loss than the seed's: found by the fuzz suite.
    let e = refused(&v, "params", |v| v["params"][0] = json!(-1.0));
    assert!(e.contains("initial ones"), "{e}");
    refused(&v, "adam", |v| v["adam"]["m"][2] = json!(0.5));
    refused(&v, "adam", |v| v["adam"]["v"][2] = json!(0.5));
}
