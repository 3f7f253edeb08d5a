//! What every lab's live run offers a page that animates it: training and
//! measuring in calls of bounded work ([`Budget`]), with a schedule of metric
//! samples that depends on step counts only — so the same config gives the
//! same numbers however the work is sliced into calls.

use crate::budget::Budget;
use alloc::string::String;

/// A live run is measured every this many steps at least (what the page's
/// curves show; our choice), and at its last step.
pub const SAMPLE_EVERY: u64 = 25;

/// A run that trains in steps towards a configured count: what every lab's run
/// offers a host that animates it.
pub trait Steps {
    /// Steps the config asks for.
    fn target_steps(&self) -> u64;
    /// Steps taken so far.
    fn steps_done(&self) -> u64;
    /// Takes up to `count` steps (fewer once the run diverges); returns how many.
    fn step(&mut self, count: u64) -> u64;
}

/// A run that can train and measure within a work budget, resuming partly
/// done work on the next call.
pub trait Paced: Steps {
    /// One metric sample.
    type Sample;
    /// A measurement in progress.
    type Job;

    /// Takes up to `count` steps, charging their work to `budget`, and stops
    /// once it is spent; a step left half done (part of an epoch) is resumed by
    /// the next call. Returns the steps completed.
    fn step_within(&mut self, count: u64, budget: &mut Budget) -> u64;

    /// True while a step is partly done.
    fn mid_step(&self) -> bool {
        false
    }

    /// True once the run diverged: it takes no further step.
    fn stopped(&self) -> bool {
        self.divergence_of_run().is_some()
    }

    /// How the run diverged (the shared [`crate::guard`]'s typed reason), if it did.
    fn divergence_of_run(&self) -> Option<crate::guard::Divergence>;

    /// Whether the state after `step` steps is measured.
    fn sample_due(&self, step: u64) -> bool;

    /// The first step after `step` whose state is measured (`u64::MAX`: none).
    fn next_sample(&self, step: u64) -> u64;

    /// Starts measuring the current state, charging what starting costs;
    /// `None` when there is nothing to measure (a diverged run).
    fn start_sample(&mut self, budget: &mut Budget) -> Option<Self::Job>;

    /// Works on `job` until it is complete or `budget` is spent; true once complete.
    fn work_on(&mut self, job: &mut Self::Job, budget: &mut Budget) -> bool;

    /// The sample of a complete job (`None` if the measurement found the run
    /// diverged).
    fn finish(&mut self, job: Self::Job) -> Option<Self::Sample>;

    /// What a call is busy with when it completes no step, for a status line
    /// ("analysing attractors 40 %"), given the job in progress.
    fn activity(&self, job: Option<&Self::Job>) -> Option<String>;
}

/// A run with its measurement in progress: what a page steps.
///
/// Training waits while a sample is being measured, so a measurement sees the
/// state of the step it was due at.
pub struct Live<R: Paced> {
    run: R,
    job: Option<R::Job>,
    /// The step whose sample was last started (each step is measured once).
    sampled: Option<u64>,
}

impl<R: Paced> Live<R> {
    /// A run, not yet measured (the first [`Live::advance`] measures step 0).
    pub fn new(run: R) -> Self {
        Self {
            run,
            job: None,
            sampled: None,
        }
    }

    /// The run.
    pub fn run(&self) -> &R {
        &self.run
    }

    /// The measurement in progress, if any.
    pub fn job(&self) -> Option<&R::Job> {
        self.job.as_ref()
    }

    /// The run, mutable: call [`Live::restart`] after resetting it.
    pub fn run_mut(&mut self) -> &mut R {
        &mut self.run
    }

    /// Forgets the measurement in progress and which steps were measured
    /// (after the run was reset or replaced).
    pub fn restart(&mut self) {
        self.job = None;
        self.sampled = None;
    }

    /// True while work is under way that has not completed a step: part of a
    /// step, or a measurement. A call may then return 0 steps and still make
    /// progress.
    pub fn busy(&self) -> bool {
        self.job.is_some() || self.run.mid_step()
    }

    /// True when the configured steps are taken (or the run diverged) and
    /// nothing is left to measure.
    pub fn is_finished(&self) -> bool {
        !self.busy() && (self.run.stopped() || self.run.steps_done() >= self.run.target_steps())
    }

    /// What the run is busy with, for a status line.
    pub fn activity(&self) -> Option<String> {
        self.run.activity(self.job.as_ref())
    }

    /// Finishes the measurement in progress, then takes up to `max_steps`
    /// steps, measuring every step the schedule names on the way (each
    /// complete sample goes to `out`), and stops once `budget` is spent.
    /// Returns the steps completed: 0 only while a measurement or a long step
    /// is still under way ([`Live::busy`]), when `max_steps` is 0, or when the
    /// run diverged. It does not stop at the run's target on its own (a host
    /// may train past it): cap `max_steps` at `target_steps() - steps_done()`
    /// to end there, as the bindings' `step(n)` does. A call charges at most
    /// its budget plus two indivisible slices (large slices start only if
    /// they fit, see [`Budget::fits`]).
    pub fn advance(
        &mut self,
        max_steps: u64,
        budget: &mut Budget,
        out: &mut impl FnMut(R::Sample),
    ) -> u64 {
        let mut taken = 0;
        loop {
            if let Some(job) = self.job.as_mut() {
                if !self.run.work_on(job, budget) {
                    break;
                }
                if let Some(job) = self.job.take()
                    && let Some(sample) = self.run.finish(job)
                {
                    out(sample);
                }
            }
            let done = self.run.steps_done();
            if self.sampled != Some(done) && !self.run.mid_step() && self.run.sample_due(done) {
                self.sampled = Some(done);
                self.job = self.run.start_sample(budget);
                continue;
            }
            if taken >= max_steps {
                break;
            }
            let spent = budget.is_spent();
            if spent && (taken > 0 || self.busy()) {
                break;
            }
            // Stop at the next measured step: it is measured before training on.
            let stop = self.run.next_sample(done).max(done + 1);
            let want = (max_steps - taken).min(stop - done);
            let k = if spent {
                // A measurement took the whole budget and ended: one slice
                // more, so that a call returns 0 steps only while work is
                // still under way (the page's loop reads 0 and not busy as
                // "nothing to do").
                let mut one = Budget::new(1);
                let k = self.run.step_within(want, &mut one);
                budget.charge(one.spent());
                k
            } else {
                self.run.step_within(want, budget)
            };
            taken += k;
            if k == 0 {
                // Finished, diverged, or the budget is spent (or too small for
                // the next slice) inside a step, which the next call resumes.
                break;
            }
        }
        taken
    }
}

impl<R: Paced> core::ops::Deref for Live<R> {
    type Target = R;

    fn deref(&self) -> &R {
        &self.run
    }
}

/// The first multiple of `every` after `step`, or `end` if that comes first
/// (and lies after `step`): the usual schedule of samples.
pub fn next_multiple_or_end(step: u64, every: u64, end: u64) -> u64 {
    let every = every.max(1);
    let next = (step / every + 1).saturating_mul(every);
    if step < end { next.min(end) } else { next }
}

/// A share as a whole percentage for status lines.
pub fn percent(done: usize, total: usize) -> u32 {
    (100 * done / total.max(1)).min(100) as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn samples_follow_multiples_and_the_end() {
        assert_eq!(next_multiple_or_end(0, 25, 3000), 25);
        assert_eq!(next_multiple_or_end(24, 25, 3000), 25);
        assert_eq!(next_multiple_or_end(25, 25, 3000), 50);
        assert_eq!(next_multiple_or_end(2990, 25, 3010), 3000);
        assert_eq!(next_multiple_or_end(3000, 25, 3010), 3010);
        assert_eq!(next_multiple_or_end(3010, 25, 3010), 3025, "past the end");
        assert_eq!(percent(1, 3), 33);
    }
}
