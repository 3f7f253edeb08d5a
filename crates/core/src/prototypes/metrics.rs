//! What the weights say about the data: reconstruction, specialization, hull escape.

use crate::budget::Budget;
use crate::data::Dataset;
use crate::hungarian::Solver;
use crate::objective::LossTerms;
use alloc::vec::Vec;

/// Every metric of a Prototype Lab run at one step. Only built from finite
/// numbers: a diverged run has no `Metrics`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Metrics {
    /// Training steps taken.
    pub step: u64,
    /// `mean_i |x_i − p_σ(i)|` under the optimal one-to-one assignment σ.
    pub recon: f64,
    /// `mean_i min_j |x_i − p_j|`.
    pub nearest: f64,
    /// Distinct nearest-prototype units over N.
    pub specialization: f64,
    /// Fraction of prototypes outside `[min x, max x]`.
    pub hull_escape: f64,
    /// Mean distance to the hull of the escaped prototypes (0 when none escaped).
    pub hull_distance: f64,
    /// Every loss term (all computed, whatever the mask).
    pub loss: LossTerms,
}

impl Metrics {
    /// Fit MSE (the same number as `loss.fit`).
    pub fn fit(&self) -> f64 {
        self.loss.fit
    }
}

/// The prototype-derived metrics of `prototypes` against the inputs of `data`.
/// Returns `None` if a prototype or the data is not finite.
pub fn compute(prototypes: &[f64], data: &Dataset, loss: LossTerms, step: u64) -> Option<Metrics> {
    let mut job = MetricsJob::new(prototypes.to_vec(), data, loss, step)?;
    job.advance(&mut Budget::unlimited());
    job.finish(data)
}

/// [`compute`] in slices: the Hungarian assignment (O(N³) at worst, the bulk
/// of the work at large N) advances row by row within a budget; the result is
/// the same however it is sliced.
#[derive(Clone, Debug)]
pub struct MetricsJob {
    prototypes: Vec<f64>,
    loss: LossTerms,
    step: u64,
    solver: Solver,
    /// Work done before the first slice (the cost table), charged by the first one.
    setup: u64,
}

impl MetricsJob {
    /// The metrics of `prototypes` on `data` to compute; `None` if a prototype,
    /// the data or the loss is not finite.
    pub fn new(prototypes: Vec<f64>, data: &Dataset, loss: LossTerms, step: u64) -> Option<Self> {
        let x = &data.x;
        if x.is_empty() || !prototypes.iter().chain(x).all(|v| v.is_finite()) || !loss.is_finite() {
            return None;
        }
        let solver = Solver::new(x.len(), prototypes.len(), |i, j| {
            (x[i] - prototypes[j]).abs()
        })?;
        Some(Self {
            setup: (x.len() * prototypes.len()) as u64,
            prototypes,
            loss,
            step,
            solver,
        })
    }

    /// Works until the assignment is complete or `budget` is spent; true once complete.
    pub fn advance(&mut self, budget: &mut Budget) -> bool {
        budget.charge(core::mem::take(&mut self.setup));
        self.solver.advance(budget)
    }

    /// `(rows assigned, rows)` of the assignment.
    pub fn progress(&self) -> (usize, usize) {
        (self.solver.rows_done(), self.solver.rows())
    }

    /// The metrics, once [`MetricsJob::advance`] returned true (`None` before).
    /// O(N²): the nearest prototype of every sample.
    pub fn finish(self, data: &Dataset) -> Option<Metrics> {
        if !self.solver.is_done() {
            return None;
        }
        let (x, prototypes) = (&data.x, &self.prototypes);
        let n = x.len() as f64;
        let assignment = self.solver.assignment();
        let recon = assignment
            .iter()
            .enumerate()
            .map(|(i, &j)| (x[i] - prototypes[j]).abs())
            .sum::<f64>()
            / n;

        let mut owned = alloc::vec![false; prototypes.len()];
        let mut nearest = 0.0;
        for &xi in x {
            let (best, dist) = prototypes
                .iter()
                .enumerate()
                .map(|(j, &p)| (j, (xi - p).abs()))
                .fold(
                    (0, f64::INFINITY),
                    |acc, c| if c.1 < acc.1 { c } else { acc },
                );
            owned[best] = true;
            nearest += dist;
        }
        let specialization = owned.iter().filter(|&&o| o).count() as f64 / n;

        let (lo, hi) = data.hull();
        let outside: Vec<f64> = prototypes
            .iter()
            .filter_map(|&p| {
                let d = if p < lo { lo - p } else { p - hi };
                (d > 0.0).then_some(d)
            })
            .collect();
        let hull_escape = outside.len() as f64 / prototypes.len() as f64;
        let hull_distance = if outside.is_empty() {
            0.0
        } else {
            outside.iter().sum::<f64>() / outside.len() as f64
        };

        Some(Metrics {
            step: self.step,
            recon,
            nearest: nearest / n,
            specialization,
            hull_escape,
            hull_distance,
            loss: self.loss,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn data(x: &[f64]) -> Dataset {
        Dataset::from_points(&x.iter().map(|&v| (v, 0.0)).collect::<Vec<_>>()).unwrap()
    }

    #[test]
    fn perfect_prototypes_give_zero_error_and_full_specialization() {
        let d = data(&[-0.5, 0.0, 0.7]);
        let m = compute(&[0.7, -0.5, 0.0], &d, LossTerms::default(), 3).unwrap();
        assert_eq!(
            (m.recon, m.nearest, m.specialization, m.hull_escape),
            (0.0, 0.0, 1.0, 0.0)
        );
        assert_eq!(m.step, 3);
    }

    #[test]
    fn collapsed_and_escaped_prototypes_are_seen() {
        let d = data(&[-1.0, 0.0, 1.0]);
        // Two units on the middle sample, one expelled 2 beyond the right edge.
        let m = compute(&[0.0, 0.0, 3.0], &d, LossTerms::default(), 0).unwrap();
        assert!((m.nearest - 2.0 / 3.0).abs() < 1e-15);
        // One-to-one: the left sample must take a middle unit (1), the right one the far unit (2).
        assert!((m.recon - 1.0).abs() < 1e-15);
        assert!((m.specialization - 1.0 / 3.0).abs() < 1e-15);
        assert!((m.hull_escape - 1.0 / 3.0).abs() < 1e-15);
        assert_eq!(m.hull_distance, 2.0);
    }

    #[test]
    fn non_finite_inputs_give_no_metrics() {
        let d = data(&[0.0, 1.0]);
        assert!(compute(&[0.0, f64::NAN], &d, LossTerms::default(), 0).is_none());
        let bad = LossTerms {
            fit: f64::INFINITY,
            ..LossTerms::default()
        };
        assert!(compute(&[0.0, 1.0], &d, bad, 0).is_none());
    }
}
