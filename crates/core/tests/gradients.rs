//! The analytic gradient of every loss term, and of the total, against central
//! finite differences at several random points.

use protolab_core::rng::{self, Purpose};
use protolab_core::{Dataset, GaussianMlp, LossTerms, Objective, Target, Weights};

/// A network with moderately wide units (so responses overlap and every term
/// has a non-trivial gradient) at a random point.
fn random_point(n: usize, seed: u64) -> (GaussianMlp, Dataset) {
    let data = Dataset::generate(Target::Random, n, seed);
    let mut model = GaussianMlp::init(n, seed);
    let mut r = rng::stream(seed, Purpose::Aux);
    for j in 0..n {
        let w = rng::sign(&mut r) * rng::uniform(&mut r, 0.8, 4.0);
        let p = rng::uniform(&mut r, -1.2, 1.2);
        model.params[j] = w;
        model.params[n + j] = -w * p;
        model.params[2 * n + j] = rng::normal(&mut r);
    }
    model.params[3 * n] = rng::normal(&mut r) * 0.3;
    (model, data)
}

fn gradient(model: &GaussianMlp, data: &Dataset, w: &Weights) -> Vec<f64> {
    let mut g = vec![0.0; model.params.len()];
    Objective::new(data.len(), model.width()).evaluate(model, data, w, false, Some(&mut g));
    g
}

fn terms(model: &GaussianMlp, data: &Dataset, w: &Weights) -> LossTerms {
    Objective::new(data.len(), model.width()).evaluate(model, data, w, true, None)
}

fn weights(c: f64, s: f64, o: f64, tau_c: f64, tau_s: f64) -> Weights {
    Weights {
        coverage: c,
        separation: s,
        overlap: o,
        tau_c,
        tau_s,
    }
}

/// Compares `analytic` with the central difference of `value` in every parameter.
fn check(
    model: &GaussianMlp,
    data: &Dataset,
    analytic: &[f64],
    value: impl Fn(&GaussianMlp) -> f64,
    what: &str,
) {
    assert_eq!(analytic.len(), model.params.len());
    for (k, &ana) in analytic.iter().enumerate() {
        let h = 1e-6 * (1.0 + model.params[k].abs());
        let mut plus = model.clone();
        plus.params[k] += h;
        let mut minus = model.clone();
        minus.params[k] -= h;
        let numeric = (value(&plus) - value(&minus)) / (2.0 * h);
        let err = (numeric - ana).abs() / (1.0 + numeric.abs());
        assert!(
            err < 2e-6,
            "{what}, n={}, param {k}: numeric {numeric} vs analytic {ana}",
            data.len()
        );
    }
}

const TAUS: [(f64, f64); 2] = [(0.05, 0.02), (0.01, 0.001)];

#[test]
fn fit_gradient() {
    for (n, seed) in [(3, 1), (6, 2), (11, 3)] {
        let (m, d) = random_point(n, seed);
        let w = weights(0.0, 0.0, 0.0, 0.01, 0.001);
        check(
            &m,
            &d,
            &gradient(&m, &d, &w),
            |m| terms(m, &d, &w).fit,
            "fit",
        );
    }
}

/// Each structural term's gradient is (gradient with only that term on) − (fit gradient).
fn check_term(pick: fn(&LossTerms) -> f64, on: fn(f64, f64) -> Weights, what: &str) {
    for (tau_c, tau_s) in TAUS {
        for (n, seed) in [(3, 4), (7, 5), (12, 6)] {
            let (m, d) = random_point(n, seed);
            let fit_only = gradient(&m, &d, &weights(0.0, 0.0, 0.0, tau_c, tau_s));
            let with = gradient(&m, &d, &on(tau_c, tau_s));
            let term: Vec<f64> = with.iter().zip(&fit_only).map(|(a, b)| a - b).collect();
            let w = on(tau_c, tau_s);
            check(&m, &d, &term, |m| pick(&terms(m, &d, &w)), what);
        }
    }
}

#[test]
fn coverage_gradient() {
    check_term(
        |t| t.coverage,
        |tc, ts| weights(1.0, 0.0, 0.0, tc, ts),
        "coverage",
    );
}

#[test]
fn separation_gradient() {
    check_term(
        |t| t.separation,
        |tc, ts| weights(0.0, 1.0, 0.0, tc, ts),
        "separation",
    );
}

#[test]
fn overlap_gradient() {
    check_term(
        |t| t.overlap,
        |tc, ts| weights(0.0, 0.0, 1.0, tc, ts),
        "overlap",
    );
}

#[test]
fn total_gradient_with_every_term_weighted() {
    for (tau_c, tau_s) in TAUS {
        for (n, seed) in [(4, 7), (9, 8), (15, 9)] {
            let (m, d) = random_point(n, seed);
            let w = weights(0.7, 1.3, 2.1, tau_c, tau_s);
            check(
                &m,
                &d,
                &gradient(&m, &d, &w),
                |m| terms(m, &d, &w).total,
                "total",
            );
        }
    }
}

#[test]
fn total_is_the_weighted_sum_of_the_terms() {
    let (m, d) = random_point(8, 10);
    let w = weights(0.5, 2.0, 3.0, 0.03, 0.01);
    let t = terms(&m, &d, &w);
    let expect = t.fit + 0.5 * t.coverage + 2.0 * t.separation + 3.0 * t.overlap;
    assert!((t.total - expect).abs() < 1e-12 * (1.0 + expect.abs()));
    assert!(t.coverage > 0.0 && t.separation > 0.0 && t.overlap > 0.0);
}

/// A trained-looking point: narrow units (|w| ~ N/2) on N = 60 samples, where
/// the response, coverage and separation windows really cut.
fn narrow_point(n: usize, seed: u64) -> (GaussianMlp, Dataset) {
    let (mut m, d) = random_point(n, seed);
    let mut r = rng::stream(seed, Purpose::Aux);
    for j in 0..n {
        let w = rng::sign(&mut r) * rng::uniform(&mut r, 0.3, 0.7) * n as f64;
        let p = rng::uniform(&mut r, -1.1, 1.1);
        m.params[j] = w;
        m.params[n + j] = -w * p;
    }
    (m, d)
}

#[test]
fn windowed_terms_match_the_spec_formulas_on_narrow_units() {
    for seed in [12, 13] {
        let (m, d) = narrow_point(60, seed);
        spec_check(&m, &d, 0.002, 0.0005);
        spec_check(&m, &d, 0.0003, 0.00005);
    }
}

#[test]
fn windowed_gradient_on_narrow_units() {
    let (m, d) = narrow_point(40, 14);
    let w = weights(0.7, 1.3, 2.1, 0.002, 0.0005);
    check(
        &m,
        &d,
        &gradient(&m, &d, &w),
        |m| terms(m, &d, &w).total,
        "total (narrow)",
    );
}

/// The loss terms against a direct transcription of docs/labs/prototypes.md#losses (no shifts, no fusion).
#[test]
fn terms_match_the_spec_formulas() {
    let (m, d) = random_point(9, 11);
    spec_check(&m, &d, 0.05, 0.02);
}

fn spec_check(m: &GaussianMlp, d: &Dataset, tau_c: f64, tau_s: f64) {
    let t = terms(m, d, &weights(1.0, 1.0, 1.0, tau_c, tau_s));
    let p = m.prototypes();
    let (n, h) = (d.len() as f64, p.len() as f64);
    let mut fit = 0.0;
    let mut cov = 0.0;
    let mut ovl = 0.0;
    for (i, &x) in d.x.iter().enumerate() {
        fit += (m.predict(x) - d.y[i]).powi(2) / n;
        let soft: f64 = p
            .iter()
            .map(|pj| (-(x - pj).powi(2) / tau_c).exp())
            .sum::<f64>()
            / h;
        cov += -tau_c * soft.ln() / n;
        let r = m.responses(x);
        let s: f64 = r.iter().sum();
        ovl += (s * s - r.iter().map(|v| v * v).sum::<f64>()) / n;
    }
    let mut sep = 0.0;
    for (j, pj) in p.iter().enumerate() {
        for (k, pk) in p.iter().enumerate() {
            if j != k {
                sep += (-(pj - pk).powi(2) / tau_s).exp() / h;
            }
        }
    }
    for (got, want, what) in [
        (t.fit, fit, "fit"),
        (t.coverage, cov, "coverage"),
        (t.separation, sep, "separation"),
        (t.overlap, ovl, "overlap"),
    ] {
        assert!(
            (got - want).abs() < 1e-11 * (1.0 + want.abs()),
            "{what}: {got} vs {want} (N = {})",
            d.len()
        );
    }
}
