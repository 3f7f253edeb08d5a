//! The lanes' sample windows and their sums in the single run's order.

// The lane loops index several lane arrays with the same `r`.
#![allow(clippy::needless_range_loop)]

use super::{LANES, Lanes, ZERO};

/// Each lane's window `[lo, hi)` of samples.
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct Window {
    pub(super) lo: [usize; LANES],
    pub(super) hi: [usize; LANES],
}

impl Window {
    /// Every lane's window is all `n` samples.
    pub(super) fn whole(n: usize) -> Self {
        Self {
            lo: [0; LANES],
            hi: [n; LANES],
        }
    }

    /// The samples some lane's window holds (empty windows add none).
    pub(super) fn union(&self) -> core::ops::Range<usize> {
        let lanes = || (0..LANES).filter(|&r| self.lo[r] < self.hi[r]);
        let start = lanes().map(|r| self.lo[r]).min().unwrap_or(0);
        let end = lanes().map(|r| self.hi[r]).max().unwrap_or(0);
        start..end
    }

    /// Whether sample `i` is in lane `r`'s window.
    #[inline(always)]
    pub(super) fn holds(&self, i: usize, r: usize) -> bool {
        self.lo[r] <= i && i < self.hi[r]
    }
}

/// Each lane's sum of `term(i, r)` over its window, in [`math::sum`]'s
/// order: four accumulators over the window's whole fours (lane `r`'s
/// accumulator `k` takes the samples `i ≡ lo + k (mod 4)`), combined, then
/// the rest one by one.
#[inline(always)]
pub(super) fn window_sum(win: &Window, term: impl Fn(usize, usize) -> f64) -> Lanes {
    let fours_end: [usize; LANES] = core::array::from_fn(|r| {
        let lo = win.lo[r];
        lo + ((win.hi[r] - lo) & !3)
    });
    let mut acc = [ZERO; 4];
    for i in win.union() {
        let acc = &mut acc[i & 3];
        for r in 0..LANES {
            let v = term(i, r);
            let whole = win.lo[r] <= i && i < fours_end[r];
            acc[r] = if whole { acc[r] + v } else { acc[r] };
        }
    }
    let mut s: Lanes = core::array::from_fn(|r| {
        let a = |k: usize| acc[(win.lo[r] + k) & 3][r];
        (a(0) + a(1)) + (a(2) + a(3))
    });
    for r in 0..LANES {
        for i in fours_end[r]..win.hi[r] {
            s[r] += term(i, r);
        }
    }
    s
}
