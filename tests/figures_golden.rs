//! The SVG of every lab figure and experiment figure is the same byte for byte
//! natively (what `protolab figures` writes) and in the browser (the page's
//! SVG export): both draw small states through `catalog::every_figure` and
//! compare them with the same checked-in files, `tests/data/figures/*.svg` —
//! this test natively (`cargo test --test figures_golden`) and in headless
//! Chrome (`wasm-pack test --headless --chrome -- --test figures_golden`).
//! After a deliberate change to a figure, re-bless them with
//! `PROTOLAB_BLESS=1 cargo test --test figures_golden` (docs/figures.md).

use protolab_bindings::catalog::{self, EXPERIMENT_FIGURES, Inputs};
use protolab_bindings::{ABSTRACTION_FIGURES, CAPACITY_FIGURES, LAB_FIGURES, LATENT_FIGURES};

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::*;
#[cfg(target_arch = "wasm32")]
wasm_bindgen_test_configure!(run_in_browser);

const DIGITS: &[u8] = include_bytes!("../data/digits8x8.bin");

/// The checked-in SVGs, by file stem (one per figure of every lab and experiment).
macro_rules! golden {
    ($($stem:literal),* $(,)?) => {
        &[$(($stem, include_str!(concat!("data/figures/", $stem, ".svg")))),*]
    };
}
const GOLDEN: &[(&str, &str)] = golden![
    "prototypes-fit",
    "prototypes-prototypes",
    "prototypes-losses",
    "prototypes-metrics",
    "abstraction-kernels",
    "abstraction-pca",
    "abstraction-curves",
    "latent-field",
    "latent-codes",
    "latent-attractors",
    "latent-curves",
    "capacity-training",
    "capacity-pruning",
    "capacity-noise",
    "capacity-saliency",
    "prototypes-study",
    "prototypes-tau-sweep",
    "prototypes-positions",
    "prototypes-explorer",
    "abstraction-lambda-sweep",
    "latent-trend",
    "capacity-width-sweep",
];

/// Small states of every lab (short runs, small grids; the Capacity Lab on
/// the 8×8 digits) and small experiments made from them.
fn inputs() -> Inputs<'static> {
    Inputs {
        prototypes: "N=6&mask=CSO&steps=120&seed=2".into(),
        abstraction: "D=2&width=16&steps=60&seed=1".into(),
        latent: "epochs=6&grid=6&train=64&k=2".into(),
        capacity: "data=digits&pair=3/8&H=6&epochs=12&finetune=2&small=2&large=8".into(),
        digits: DIGITS,
        mnist: &[],
        ..Inputs::default()
    }
}

/// Draws every figure and compares it with its golden file; natively,
/// `PROTOLAB_BLESS` rewrites the files instead.
fn check_every_figure() {
    let figures = catalog::every_figure(&inputs()).unwrap();
    let stems: Vec<&str> = figures.iter().map(|f| f.0.as_str()).collect();
    let expected: Vec<String> = [
        ("prototypes", &LAB_FIGURES[..]),
        ("abstraction", &ABSTRACTION_FIGURES[..]),
        ("latent", &LATENT_FIGURES[..]),
        ("capacity", &CAPACITY_FIGURES[..]),
    ]
    .iter()
    .flat_map(|(lab, figs)| figs.iter().map(move |f| format!("{lab}-{f}")))
    .chain(EXPERIMENT_FIGURES.iter().map(|s| s.to_string()))
    .collect();
    assert_eq!(
        stems, expected,
        "one SVG per figure of every lab and experiment"
    );
    assert_eq!(stems, GOLDEN.iter().map(|g| g.0).collect::<Vec<_>>());
    #[cfg(not(target_arch = "wasm32"))]
    if std::env::var_os("PROTOLAB_BLESS").is_some() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/figures");
        std::fs::create_dir_all(dir).unwrap();
        for (stem, svg) in &figures {
            std::fs::write(format!("{dir}/{stem}.svg"), svg).unwrap();
        }
        return;
    }
    for ((stem, svg), (_, golden)) in figures.iter().zip(GOLDEN) {
        assert!(svg.contains(&format!("<!-- protolab {}", protolab_bindings::version())));
        if svg != golden {
            let line = svg
                .lines()
                .zip(golden.lines())
                .position(|(a, b)| a != b)
                .unwrap_or(0);
            panic!(
                "{stem}.svg differs from the golden file at line {}: {:?} vs {:?}",
                line + 1,
                svg.lines().nth(line),
                golden.lines().nth(line)
            );
        }
    }
}

#[cfg(not(target_arch = "wasm32"))]
#[test]
fn native_svgs_match_the_golden_files() {
    check_every_figure();
}

#[cfg(target_arch = "wasm32")]
#[wasm_bindgen_test]
fn browser_svgs_match_the_golden_files() {
    check_every_figure();
}
