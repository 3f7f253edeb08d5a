//! Batched training (`protolab_core::lockstep`) gives every run exactly the
//! numbers of the run on its own: parameters, loss terms, step counts,
//! divergences and metrics, bit for bit. Every mask, N from 1 to 100, both τ
//! units, lanes with different temperatures, weights, learning rates and
//! step counts, runs that diverge mid-batch, batches that are not full, and
//! incompatible runs in one call. Runs natively (at every instruction-set
//! level the CPU has) and in headless Chrome (`wasm-pack test`).

use protolab_core::isa::Isa;
use protolab_core::lockstep::{BATCH, Lockstep};
use protolab_core::{Config, Mask, TauUnits, Trainer};

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

/// Everything a run's numbers are, as bits and text.
fn fingerprint(run: &mut Trainer) -> (Vec<u64>, [u64; 5], u64, String) {
    let params = run.model().params.iter().map(|v| v.to_bits()).collect();
    let loss = run.last_loss().to_bits();
    (
        params,
        loss,
        run.steps_done(),
        format!("{:?}", run.outcome()),
    )
}

fn trainers(configs: &[Config], isa: Isa) -> Vec<Trainer> {
    configs
        .iter()
        .map(|c| {
            let mut run = Trainer::new(c.clone()).unwrap();
            run.set_isa(isa);
            run
        })
        .collect()
}

/// Runs `configs` to the end one by one and in lockstep; compares every run.
fn assert_same_to_the_end(configs: &[Config], isa: Isa) {
    let mut alone = trainers(configs, isa);
    for run in &mut alone {
        run.run_to_end();
    }
    let mut together = trainers(configs, isa);
    Lockstep::new().run_to_end(&mut together);
    for ((a, b), c) in alone.iter_mut().zip(&mut together).zip(configs) {
        assert_eq!(fingerprint(b), fingerprint(a), "{c} at {isa:?}");
    }
}

fn levels() -> Vec<Isa> {
    Isa::ALL.into_iter().filter(|i| i.is_available()).collect()
}

fn seeds(base: Config, count: u64) -> Vec<Config> {
    (0..count)
        .map(|seed| Config {
            seed,
            ..base.clone()
        })
        .collect()
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn every_mask_and_size_gives_each_run_its_own_bits() {
    // More seeds than a batch holds, so one batch is full and one is not.
    let count = BATCH as u64 + 3;
    for (n, steps) in [(1, 40), (2, 60), (5, 120), (17, 120), (64, 40), (100, 12)] {
        for mask in Mask::ALL {
            for tau_units in [TauUnits::Spacing, TauUnits::Absolute] {
                let (tau_c, tau_s) = match tau_units {
                    TauUnits::Spacing => (1.0, 0.1),
                    TauUnits::Absolute => (0.01, 0.001),
                };
                let base = Config {
                    n,
                    mask,
                    steps,
                    tau_units,
                    tau_c,
                    tau_s,
                    ..Config::default()
                };
                for isa in levels() {
                    assert_same_to_the_end(&seeds(base.clone(), count), isa);
                }
            }
        }
    }
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn lanes_may_differ_in_everything_but_shape() {
    // A τ-sweep's lanes, weights, learning rates (one diverges at the first
    // step, one at step 117) and step counts; then runs that cannot share a
    // batch in one call.
    let base = Config {
        n: 23,
        steps: 150,
        mask: Mask::parse("CSO").unwrap(),
        ..Config::default()
    };
    let mut configs = Vec::new();
    for (k, tau) in [0.03, 0.1, 0.3, 1.0, 3.0, 10.0].into_iter().enumerate() {
        configs.push(Config {
            tau_c: tau,
            tau_s: tau / 10.0,
            lambda_o: 0.5 * k as f64,
            steps: 100 + 10 * k as u64,
            seed: k as u64,
            ..base.clone()
        });
    }
    configs.push(Config {
        lr: 1e6,
        ..base.clone()
    });
    configs.push(Config {
        lr: 2000.0,
        seed: 1,
        ..base.clone()
    });
    configs.push(Config {
        n: 7,
        ..base.clone()
    });
    configs.push(Config {
        mask: Mask::parse("O").unwrap(),
        ..base.clone()
    });
    configs.push(Config {
        steps: 0,
        ..base.clone()
    });
    for isa in levels() {
        assert_same_to_the_end(&configs, isa);
    }
    // The cases meant above do happen: runs leave the batch at different
    // steps, one diverges at the first step and one later.
    let mut runs = trainers(&configs, Isa::detect());
    Lockstep::new().run_to_end(&mut runs);
    let diverged: Vec<u64> = runs
        .iter()
        .filter_map(|r| r.divergence())
        .map(|d| d.step)
        .collect();
    assert!(
        diverged.contains(&1) && diverged.iter().any(|&s| s > 1),
        "{diverged:?}"
    );
    let mut ends: Vec<u64> = runs.iter().map(Trainer::steps_done).collect();
    ends.dedup();
    assert!(ends.len() > 3, "{ends:?}");
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn stepping_in_slices_with_metrics_between_matches_the_single_runs() {
    let configs = seeds(
        Config {
            n: 30,
            steps: 200,
            ..Config::default()
        },
        5,
    );
    let isa = Isa::detect();
    let mut alone = trainers(&configs, isa);
    let mut together = trainers(&configs, isa);
    let mut lockstep = Lockstep::new();
    for slice in 0..6 {
        for run in &mut alone {
            run.step(7);
        }
        lockstep.step(&mut together, 7);
        for (k, (a, b)) in alone.iter_mut().zip(&mut together).enumerate() {
            // Metrics evaluate the objective too, between the batch's steps.
            assert_eq!(fingerprint(b), fingerprint(a), "run {k}, slice {slice}");
        }
    }
}
