//! Every instruction-set level of the objective (`protolab_core::isa`) gives
//! the same numbers bit for bit: whole runs, every mask, several N, both τ
//! units, and a diverging run.

use protolab_core::isa::Isa;
use protolab_core::{Config, Mask, TauUnits, Trainer};

/// Parameters, loss terms and metrics of `config` run to the end at `isa`, as bits.
fn fingerprint(config: &Config, isa: Isa) -> (Vec<u64>, [u64; 5], String) {
    let mut run = Trainer::new(config.clone()).unwrap();
    run.set_isa(isa);
    assert_eq!(
        run.isa(),
        if isa.is_available() {
            isa
        } else {
            Isa::Baseline
        }
    );
    run.run_to_end();
    let params = run.model().params.iter().map(|v| v.to_bits()).collect();
    let loss = run.last_loss().to_bits();
    (params, loss, format!("{:?}", run.outcome()))
}

fn configs() -> Vec<Config> {
    let mut out = Vec::new();
    for (n, steps) in [(3, 300), (17, 300), (64, 150), (100, 60)] {
        for mask in Mask::ALL {
            for tau_units in [TauUnits::Spacing, TauUnits::Absolute] {
                let (tau_c, tau_s) = match tau_units {
                    TauUnits::Spacing => (1.0, 0.1),
                    TauUnits::Absolute => (0.01, 0.001),
                };
                out.push(Config {
                    n,
                    mask,
                    steps,
                    seed: n as u64,
                    tau_units,
                    tau_c,
                    tau_s,
                    ..Config::default()
                });
            }
        }
    }
    // A run that diverges: the step and reason must agree too.
    out.push(Config {
        n: 9,
        lr: 1e6,
        steps: 50,
        mask: Mask::parse("CSO").unwrap(),
        ..Config::default()
    });
    out
}

#[test]
fn every_instruction_set_gives_the_same_bits() {
    let available: Vec<Isa> = Isa::ALL.into_iter().filter(|i| i.is_available()).collect();
    eprintln!("levels on this CPU: {available:?}");
    for config in configs() {
        let reference = fingerprint(&config, Isa::Baseline);
        for &isa in &available[1..] {
            assert_eq!(fingerprint(&config, isa), reference, "{config} at {isa:?}");
        }
    }
}

#[test]
fn an_unavailable_level_falls_back_to_the_baseline() {
    let mut run = Trainer::new(Config::default()).unwrap();
    for isa in Isa::ALL {
        run.set_isa(isa);
        assert!(run.isa().is_available());
        assert!(run.isa() == isa || run.isa() == Isa::Baseline);
    }
    assert!(Isa::detect().is_available());
}
