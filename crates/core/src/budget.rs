//! Work budgets: how much one call from the page's animation loop may do.
//!
//! Time cannot be measured in the core (no clocks, and a shared machine makes
//! timings noisy), so work is counted instead: code that does a slice of work
//! charges its cost in *units* — about one multiply-add of the core's inner
//! loops each, calibrated per lab so that a unit takes roughly the same time
//! everywhere — and stops before the next slice once the budget is spent.
//! A call therefore does at most its budget plus a slice or two (see `Live::advance`).

/// Units one call from the page's animation loop may spend: about 3 ms
/// natively where the core's loops are built at opt-level 3, twice that in
/// the release build of the bindings (opt-level "s", which the core's code
/// inlined there shares — measured), so ~5–10 ms in wasm on the reference
/// 2-core machine and a frame keeps its rate.
pub const CALL_BUDGET: u64 = 6_000_000;

/// Units of work allowed and spent by one call.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Budget {
    limit: u64,
    spent: u64,
}

impl Budget {
    /// A budget of `limit` units.
    pub const fn new(limit: u64) -> Self {
        Self { limit, spent: 0 }
    }

    /// What one call from the animation loop may do ([`CALL_BUDGET`]).
    pub const fn call() -> Self {
        Self::new(CALL_BUDGET)
    }

    /// No limit: runs work to its end (what the CLI and the experiments use).
    pub const fn unlimited() -> Self {
        Self::new(u64::MAX)
    }

    /// Records `units` of work done.
    pub fn charge(&mut self, units: u64) {
        self.spent = self.spent.saturating_add(units);
    }

    /// True once the work charged reaches the limit: start no further slice.
    pub fn is_spent(&self) -> bool {
        self.spent >= self.limit
    }

    /// Whether a slice of `cost` units may start: it fits in what is left, or
    /// nothing was charged yet (so every call makes progress). Large slices
    /// use it so a call does at most the larger of its budget and one slice.
    pub fn fits(&self, cost: u64) -> bool {
        self.spent == 0 || cost <= self.left()
    }

    /// Units left before the limit (0 once spent).
    pub fn left(&self) -> u64 {
        self.limit.saturating_sub(self.spent)
    }

    /// Units charged so far.
    pub fn spent(&self) -> u64 {
        self.spent
    }

    /// The limit.
    pub fn limit(&self) -> u64 {
        self.limit
    }
}

/// How many of `n` items of `cost` units each fit in what is left of
/// `budget`: at least one (so every call makes progress), at most `n`.
pub fn items_within(budget: &Budget, cost: u64, n: usize) -> usize {
    let fit = budget.left() / cost.max(1);
    usize::try_from(fit)
        .unwrap_or(usize::MAX)
        .clamp(1, n.max(1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_budget_is_spent_once_its_limit_is_charged() {
        let mut b = Budget::new(10);
        assert!(!b.is_spent() && b.left() == 10);
        b.charge(4);
        assert_eq!((b.spent(), b.left()), (4, 6));
        assert_eq!(items_within(&b, 2, 100), 3);
        assert_eq!(items_within(&b, 100, 5), 1, "at least one item");
        b.charge(7);
        assert!(b.is_spent() && b.left() == 0);
        let mut u = Budget::unlimited();
        u.charge(u64::MAX);
        u.charge(1);
        assert_eq!(u.spent(), u64::MAX);
        assert_eq!(items_within(&Budget::unlimited(), 1, 7), 7);
        let mut f = Budget::new(10);
        assert!(f.fits(50), "a fresh budget takes any slice");
        f.charge(4);
        assert!(f.fits(6) && !f.fits(7));
    }
}
