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
