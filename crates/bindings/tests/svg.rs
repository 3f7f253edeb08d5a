//! Figures render to well-formed SVG natively too (the export path).

use protolab_bindings::{ExperimentResults, Lab};
use protolab_core::experiments::{self, Plan};
use protolab_core::hash;

fn sweep_results() -> ExperimentResults {
    let base = hash::from_hash("steps=200").0;
    let plan = Plan::tau_sweep(&base, 10, &experiments::default_taus(base.tau_units), 2);
    let records = (0..plan.runs.len())
        .map(|k| experiments::run_one(k, &plan.runs[k]).unwrap())
        .collect();
    ExperimentResults::new("sweep", records, Vec::new())
}

/// Every opened element is closed, there is one root, and nothing follows it.
fn assert_well_formed(svg: &str) {
    assert!(
        svg.starts_with("<svg") && svg.trim_end().ends_with("</svg>"),
        "{}",
        &svg[..svg.len().min(200)]
    );
    assert_eq!(svg.matches("<svg").count(), 1, "one root element");
    assert_eq!(svg.matches("<text").count(), svg.matches("</text>").count());
}

#[test]
fn sweep_figure_has_both_panels() {
    let svg = sweep_results().svg("sweep", 860, 420).unwrap();
    assert_well_formed(&svg);
    assert!(svg.contains("hull escape") && svg.contains("recon (Hungarian, log)"));
    assert!(
        svg.matches("<polyline").count() >= 4,
        "two series in each panel"
    );
}

/// Every SVG says which build and which config drew it; results (which may
/// join several configs) the build only. `version()` is the page footer's.
#[test]
fn svgs_carry_the_version_and_the_config() {
    let version = protolab_core::VERSION;
    assert_eq!(protolab_bindings::version(), version);
    let mut lab = Lab::from_hash_str("N=8&mask=CS&steps=30&seed=5");
    lab.step(30);
    let svg = lab
        .svg_string(protolab_bindings::LAB_FIGURES[0], 640, 400)
        .unwrap();
    assert_well_formed(&svg);
    let comment = format!("<!-- protolab {version}; config: v=1&lab=prototypes&N=8");
    assert!(svg.contains(&comment), "{}", &svg[..300]);
    assert!(svg.contains("&seed=5"));
    let results = sweep_results().svg("sweep", 860, 420).unwrap();
    assert_well_formed(&results);
    assert!(results.contains(&format!("<!-- protolab {version} -->")));
    let latent = protolab_bindings::LatentLab::from_parts("epochs=2&grid=4", DIGITS)
        .unwrap()
        .svg(protolab_bindings::LATENT_FIGURES[0], 600, 400)
        .unwrap();
    assert!(
        latent.contains("config: v=1&lab=latent-field"),
        "{}",
        &latent[..300]
    );
}

#[test]
fn lab_figures_export_as_svg() {
    let mut lab = Lab::from_hash_str("N=8&mask=CS&steps=300");
    lab.step(300);
    for fig in protolab_bindings::LAB_FIGURES {
        let svg = lab.svg_string(fig, 640, 400).unwrap();
        assert_well_formed(&svg);
        assert!(
            svg.contains("<polyline") || svg.contains("<circle"),
            "{fig} has marks"
        );
    }
}

#[test]
fn lambda_sweep_figure_draws_every_series_and_skips_diverged_runs() {
    use protolab_bindings::LambdaSweepResults;
    let csv = "lambda,seed,status,ps_mean,ccgp_mean,alignment,shattering,loss\n\
               0,0,ok,0.01,0.5,0.6,1,0.0\n\
               0.01,0,ok,0.5,1,0.97,0.98,0.03\n\
               0.1,0,ok,0.99,1,1,0.71,0.2\n\
               1,0,diverged,,,,,\n";
    let results = LambdaSweepResults::from_parts(&[csv.to_string()]).unwrap();
    let svg = results.svg(860, 420).unwrap();
    assert_well_formed(&svg);
    for label in [
        "PS (mean over latents)",
        "CCGP (mean)",
        "alignment with K_Y",
        "PS at λ = 0",
    ] {
        assert!(svg.contains(label), "{label}");
    }
    // Four metric lines over the two finite λ > 0 points, two λ = 0 references.
    assert!(svg.matches("<polyline").count() >= 6);
    let err = LambdaSweepResults::from_parts(&[csv.to_string(), "lambda\n".into()])
        .err()
        .unwrap();
    assert!(err.starts_with("part 2"), "{err}");
}

const DIGITS: &[u8] = include_bytes!("../../../data/digits8x8.bin");

#[test]
fn latent_figures_export_as_svg() {
    use protolab_bindings::{LATENT_FIGURES, LatentLab};
    for k in [2, 1] {
        let mut lab = LatentLab::from_parts(&format!("epochs=40&grid=6&k={k}"), DIGITS).unwrap();
        // A call does bounded work and returns 0 while busy: step until finished.
        while !lab.is_finished() {
            lab.step(10);
        }
        assert_eq!(lab.step_count(), 40.0);
        for fig in LATENT_FIGURES {
            let svg = lab.svg(fig, 900, 420).unwrap();
            assert_well_formed(&svg);
            assert!(svg.len() > 2000, "k={k} {fig}");
        }
        assert!(
            lab.svg("attractors", 900, 300)
                .unwrap()
                .contains("attractors at epoch 40")
        );
    }
    assert_eq!(
        LatentLab::from_parts("k=3&train=9", DIGITS)
            .unwrap()
            .issues()
            .len(),
        2
    );
    let mut corrupt = DIGITS.to_vec();
    corrupt[100] ^= 4;
    let e = LatentLab::from_parts("", &corrupt).err().unwrap();
    assert!(e.contains("digits data") && e.contains("checksum"), "{e}");
}

#[test]
fn capacity_figures_and_width_sweep_export_as_svg() {
    use protolab_bindings::{CAPACITY_FIGURES, CapacityLab, WidthSweepResults};
    let mut lab = CapacityLab::from_parts(
        "data=digits&pair=3/8&H=8&epochs=40&finetune=3&large=12",
        DIGITS,
    )
    .unwrap();
    while !lab.is_finished() {
        lab.step(50);
    }
    for fig in CAPACITY_FIGURES {
        let svg = lab.svg(fig, 1000, 420).unwrap();
        assert_well_formed(&svg);
        assert!(svg.len() > 3000, "{fig}");
    }
    assert!(
        lab.svg("saliency", 1000, 600)
            .unwrap()
            .contains("95 % pruned")
    );
    let e = CapacityLab::from_parts("data=mnist", DIGITS).err().unwrap();
    assert!(e.contains("MNIST data") && e.contains("PLMN"), "{e}");
    let csv = "pair,H,seed,status,f1,precision,recall,auc\n0/1,2,0,ok,0.95,0.9,1,0.99\n0/1,8,0,ok,0.99,1,0.98,1\n4/9,2,0,ok,0.7,0.6,0.9,0.8\n4/9,8,0,diverged,,,,\n";
    let results = WidthSweepResults::from_parts(&[csv.to_string()]).unwrap();
    let svg = results.svg(900, 420).unwrap();
    assert_well_formed(&svg);
    assert!(
        svg.contains("0/1: F1 &gt; 0.9 from H = 2") || svg.contains("0/1: F1 > 0.9 from H = 2"),
        "legend names the minimum width"
    );
    assert!(svg.contains("4/9: F1 &gt; 0.9 never") || svg.contains("4/9: F1 > 0.9 never"));
}
