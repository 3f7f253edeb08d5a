//! Figures fed degenerate values (subnormals, 1e308, ranges over hundreds of
//! decades) still finish drawing. plotters' key-point loops never end on an
//! infinite or zero-width range, so each draw runs in a thread and the test
//! fails after a generous wait instead of hanging the suite.

use protolab_bindings::{ExperimentResults, LambdaSweepResults};
use protolab_core::experiments::RunRecord;
use protolab_core::{Config, DivergenceReason, LossTerms, Mask, Metrics, TauUnits};
use std::sync::mpsc;
use std::time::Duration;

/// Runs `draw` in a thread; its SVG, or a failure if it has not returned
/// after a minute (drawing these figures takes milliseconds).
fn finishes<F: FnOnce() -> String + Send + 'static>(what: &str, draw: F) -> String {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(draw());
    });
    match rx.recv_timeout(Duration::from_secs(60)) {
        Ok(svg) => svg,
        Err(mpsc::RecvTimeoutError::Timeout) => panic!("drawing {what} did not finish"),
        Err(mpsc::RecvTimeoutError::Disconnected) => panic!("drawing {what} panicked"),
    }
}

fn record(index: usize, mask: Mask, n: usize, tau_s: f64, value: f64) -> RunRecord {
    RunRecord {
        index,
        config: Config {
            mask,
            n,
            tau_s,
            tau_units: TauUnits::Absolute,
            ..Config::default()
        },
        steps: 3000,
        outcome: Ok(Metrics {
            step: 3000,
            recon: value,
            nearest: value,
            specialization: 1.0,
            hull_escape: value,
            hull_distance: value,
            loss: LossTerms::default(),
        }),
        prototypes: Vec::new(),
        wall_ms: None,
    }
}

/// Values that broke the axes: the smallest subnormal, the largest finite
/// values, zero, negatives, infinities, NaN, and spans of hundreds of decades.
const HOSTILE: [f64; 12] = [
    4.9e-324,
    1e-310,
    1e-300,
    1e308,
    f64::MAX,
    0.0,
    -1.0,
    f64::INFINITY,
    f64::NEG_INFINITY,
    f64::NAN,
    1.0,
    1e-30,
];

#[test]
fn log_axes_of_extreme_values_finish_drawing() {
    for (k, &a) in HOSTILE.iter().enumerate() {
        for &b in &HOSTILE[k..] {
            // The study figure: recon (log) against N (log), two cells.
            let study: Vec<RunRecord> = [(3, a), (5, b)]
                .iter()
                .enumerate()
                .map(|(i, &(n, v))| record(i, Mask::ALL[1], n, 0.1, v))
                .collect();
            // The τ-sweep: τ_S on a log x axis (records built natively may
            // carry any τ), recon on a log y axis.
            let sweep: Vec<RunRecord> = [(a, b), (b, a), (1.0, a)]
                .iter()
                .enumerate()
                .map(|(i, &(t, v))| record(i, Mask::new(false, true, false), 10, t, v))
                .chain([record(9, Mask::ALL[0], 10, 0.1, b)])
                .collect();
            let svg = finishes(&format!("study of {a:e}, {b:e}"), move || {
                ExperimentResults::new("study", study, Vec::new())
                    .svg("study", 640, 400)
                    .unwrap()
            });
            assert!(svg.trim_end().ends_with("</svg>"));
            let svg = finishes(&format!("τ-sweep of {a:e}, {b:e}"), move || {
                ExperimentResults::new("sweep", sweep, Vec::new())
                    .svg("sweep", 860, 420)
                    .unwrap()
            });
            assert!(svg.trim_end().ends_with("</svg>"));
            assert!(!svg.contains("NaN"), "no NaN reaches the SVG");
        }
    }
}

#[test]
fn a_subnormal_lambda_that_passes_the_csv_check_still_draws() {
    // λ = 4.9e-324 is a valid (positive, in-range) weight decay, and so reaches
    // the log x axis of the λ-sweep figure.
    let csv = "lambda,seed,status,ps_mean,ccgp_mean,alignment,shattering,loss\n\
               4.9e-324,0,ok,0.5,0.6,0.7,0.8,0.1\n\
               1e-320,0,ok,0.5,0.6,0.7,0.8,0.1\n\
               10,0,ok,1,1,1,0.9,1e308\n";
    let results = LambdaSweepResults::from_parts(&[csv.to_string()]).unwrap();
    let svg = finishes("the λ-sweep", move || results.svg(860, 420).unwrap());
    assert!(svg.contains("PS (mean over latents)"));
    assert!(svg.matches("<polyline").count() >= 4);
}

#[test]
fn divergence_only_sweeps_draw_empty_axes() {
    let mut r = record(0, Mask::new(false, true, false), 10, 0.1, 0.0);
    r.outcome = Err(protolab_core::Divergence {
        step: 1,
        reason: DivergenceReason::NonFiniteLoss,
    });
    let svg = finishes("a sweep of diverged runs", move || {
        ExperimentResults::new("sweep", vec![r], Vec::new())
            .svg("sweep", 860, 420)
            .unwrap()
    });
    assert!(svg.trim_end().ends_with("</svg>"));
}
