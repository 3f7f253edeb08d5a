//! The core used the way the front end uses it: build a run from a config, step it, read it.

use protolab_core::{Config, Trainer};

#[test]
fn a_default_run_steps_and_reports_finite_metrics() {
    let mut run = Trainer::new(Config::default()).unwrap();
    assert_eq!(run.step(50), 50);
    let m = run.metrics().unwrap();
    assert_eq!(m.step, 50);
    assert!(m.recon.is_finite() && m.loss.total.is_finite());
}
