//! The one divergence guard every lab's training uses: a step is refused
//! when its loss is not finite or has blown up against the run's start, and a
//! run stops when an update leaves a parameter non-finite. Adam normalises its
//! steps, so parameters stay finite long after a run has blown up: a guard
//! that only waited for NaN would let such a run be plotted as data.

use core::fmt;

/// A total loss this many times its starting value (plus one) counts as divergence.
///
/// Adam normalises its steps, so even an absurd learning rate keeps parameters
/// finite for a long time: waiting for NaN alone would let a blown-up run be
/// plotted as if it were data.
pub const BLOW_UP_FACTOR: f64 = 1e6;

/// Why a run was stopped.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum DivergenceReason {
    /// The loss became NaN or infinite.
    NonFiniteLoss,
    /// A parameter became NaN or infinite after an update.
    NonFiniteParameters,
    /// Parameters are finite but a prototype or metric is not (e.g. `w²` overflowed).
    NonFiniteMetrics,
    /// The loss grew past [`BLOW_UP_FACTOR`] × (initial + 1).
    LossBlowUp {
        /// The loss that tripped the check.
        loss: f64,
        /// The loss before the first step.
        initial: f64,
    },
}

/// A run that stopped because it diverged.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Divergence {
    /// The step at which it was detected (steps completed before it).
    pub step: u64,
    /// What was seen.
    pub reason: DivergenceReason,
}

impl fmt::Display for DivergenceReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            DivergenceReason::NonFiniteLoss => f.write_str("the loss is not a finite number"),
            DivergenceReason::NonFiniteParameters => {
                f.write_str("a parameter is not a finite number")
            }
            DivergenceReason::NonFiniteMetrics => {
                f.write_str("a prototype or metric is not a finite number")
            }
            DivergenceReason::LossBlowUp { loss, initial } => {
                write!(f, "the loss grew from {initial:.3e} to {loss:.3e}")
            }
        }
    }
}

impl fmt::Display for Divergence {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "diverged at step {}: {} — lower the learning rate",
            self.step, self.reason
        )
    }
}

/// Why a step whose loss is `loss` must not be taken, given the run's start
/// loss `start`: a non-finite loss, or one past [`BLOW_UP_FACTOR`] × (|start| + 1).
pub fn judge_loss(loss: f64, start: f64) -> Option<DivergenceReason> {
    if !loss.is_finite() {
        Some(DivergenceReason::NonFiniteLoss)
    } else if loss > BLOW_UP_FACTOR * (start.abs() + 1.0) {
        Some(DivergenceReason::LossBlowUp {
            loss,
            initial: start,
        })
    } else {
        None
    }
}

/// A run's guard: remembers the start loss (the first one it judges) and
/// records the first divergence.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Guard {
    start: Option<f64>,
    divergence: Option<Divergence>,
}

impl Guard {
    /// A guard for a run that has not taken a step.
    pub const fn new() -> Self {
        Self {
            start: None,
            divergence: None,
        }
    }

    /// The start loss, once a step was judged.
    pub fn start(&self) -> Option<f64> {
        self.start
    }

    /// The divergence, once one was seen.
    pub fn divergence(&self) -> Option<Divergence> {
        self.divergence
    }

    /// True once the run diverged.
    pub fn tripped(&self) -> bool {
        self.divergence.is_some()
    }

    /// Judges the loss of the step about to be taken after `step` steps; the
    /// first loss judged is the start. False (and the divergence recorded)
    /// when the step must not be taken.
    pub fn allows(&mut self, step: u64, loss: f64) -> bool {
        let start = *self.start.get_or_insert(loss);
        self.record(step, judge_loss(loss, start))
    }

    /// Judges the parameters after an update; false (and the divergence
    /// recorded) when one is not finite.
    pub fn allows_params(&mut self, step: u64, params: &[f64]) -> bool {
        let bad = !crate::nn::all_finite(params);
        self.record(step, bad.then_some(DivergenceReason::NonFiniteParameters))
    }

    fn record(&mut self, step: u64, reason: Option<DivergenceReason>) -> bool {
        if let Some(reason) = reason {
            self.divergence.get_or_insert(Divergence { step, reason });
        }
        self.divergence.is_none()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_guard_trips_on_nan_blow_up_and_bad_parameters_only() {
        let mut g = Guard::new();
        assert!(g.allows(0, 2.0) && g.allows(1, 1e6) && g.start() == Some(2.0));
        assert!(!g.allows(2, 3.1e6));
        assert!(matches!(
            g.divergence(),
            Some(Divergence {
                step: 2,
                reason: DivergenceReason::LossBlowUp { .. }
            })
        ));
        // The first divergence is the one kept.
        assert!(!g.allows(3, f64::NAN));
        assert_eq!(g.divergence().unwrap().step, 2);
        let mut g = Guard::new();
        assert!(!g.allows(0, f64::INFINITY));
        let mut g = Guard::new();
        assert!(g.allows_params(4, &[1.0, -2.0]));
        assert!(!g.allows_params(5, &[1.0, f64::NAN]));
        assert_eq!(
            g.divergence().unwrap().reason,
            DivergenceReason::NonFiniteParameters
        );
    }
}
