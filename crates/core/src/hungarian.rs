//! Optimal one-to-one assignment (the Hungarian method, O(n²·m)), in one go
//! or row by row within a work budget.

use crate::budget::Budget;
use alloc::vec::Vec;

/// Units charged per cell visited by the augmenting-path search (a compare,
/// a subtraction and an update of the potentials, with branches that do not
/// vectorise), so a unit of the solver takes about as long as one of the
/// other labs' (see [`crate::budget`]; measured).
pub const UNITS_PER_CELL: u64 = 5;

/// Assigns each of `rows` rows a distinct column out of `cols >= rows`,
/// minimising the summed `cost(row, col)`. Returns the column of each row, or
/// `None` if `rows > cols` or a cost is not finite.
///
/// Shortest-augmenting-path form with row and column potentials.
pub fn assign(rows: usize, cols: usize, cost: impl Fn(usize, usize) -> f64) -> Option<Vec<usize>> {
    let mut solver = Solver::new(rows, cols, cost)?;
    solver.advance(&mut Budget::unlimited());
    Some(solver.assignment())
}

/// The Hungarian method stopped between rows: [`Solver::advance`] adds rows
/// to the assignment until a budget is spent, and the result is the same as
/// [`assign`]'s however the rows are sliced.
#[derive(Clone, Debug)]
pub struct Solver {
    rows: usize,
    cols: usize,
    table: Vec<f64>,
    // 1-based indices; column 0 is the virtual start of each augmenting path.
    u: Vec<f64>,
    v: Vec<f64>,
    owner: Vec<usize>,
    way: Vec<usize>,
    min_slack: Vec<f64>,
    used: Vec<bool>,
    /// The next row to add (1-based).
    next: usize,
}

impl Solver {
    /// A solver for `rows × cols` costs, none assigned yet; `None` if
    /// `rows > cols` or a cost is not finite.
    pub fn new(rows: usize, cols: usize, cost: impl Fn(usize, usize) -> f64) -> Option<Self> {
        if rows > cols {
            return None;
        }
        // Check every cost once: a NaN would make the search below never terminate.
        let mut table = alloc::vec![0.0; rows * cols];
        for i in 0..rows {
            for j in 0..cols {
                let c = cost(i, j);
                if !c.is_finite() {
                    return None;
                }
                table[i * cols + j] = c;
            }
        }
        Some(Self {
            rows,
            cols,
            table,
            u: alloc::vec![0.0; rows + 1],
            v: alloc::vec![0.0; cols + 1],
            owner: alloc::vec![0usize; cols + 1],
            way: alloc::vec![0usize; cols + 1],
            min_slack: alloc::vec![0.0; cols + 1],
            used: alloc::vec![false; cols + 1],
            next: 1,
        })
    }

    /// Rows assigned so far.
    pub fn rows_done(&self) -> usize {
        self.next - 1
    }

    /// Rows in all.
    pub fn rows(&self) -> usize {
        self.rows
    }

    /// True once every row is assigned.
    pub fn is_done(&self) -> bool {
        self.next > self.rows
    }

    /// Adds rows until every row is assigned or `budget` is spent (a row is
    /// never split); charges [`UNITS_PER_CELL`] per cell its search visits.
    /// Returns true once done.
    pub fn advance(&mut self, budget: &mut Budget) -> bool {
        while !self.is_done() && !budget.is_spent() {
            let cells = self.add_row(self.next);
            budget.charge(cells.saturating_mul(UNITS_PER_CELL));
            self.next += 1;
        }
        self.is_done()
    }

    /// The augmenting-path search for row `i`; returns the cells it visited.
    fn add_row(&mut self, i: usize) -> u64 {
        let cols = self.cols;
        let (u, v, owner, way) = (&mut self.u, &mut self.v, &mut self.owner, &mut self.way);
        let (min_slack, used, table) = (&mut self.min_slack, &mut self.used, &self.table);
        let mut visited = 0u64;
        owner[0] = i;
        let mut j0 = 0;
        min_slack.iter_mut().for_each(|m| *m = f64::INFINITY);
        used.iter_mut().for_each(|u| *u = false);
        loop {
            used[j0] = true;
            let i0 = owner[j0];
            let mut delta = f64::INFINITY;
            let mut j1 = 0;
            for j in 1..=cols {
                if !used[j] {
                    let slack = table[(i0 - 1) * cols + (j - 1)] - u[i0] - v[j];
                    if slack < min_slack[j] {
                        min_slack[j] = slack;
                        way[j] = j0;
                    }
                    if min_slack[j] < delta {
                        delta = min_slack[j];
                        j1 = j;
                    }
                }
            }
            for j in 0..=cols {
                if used[j] {
                    u[owner[j]] += delta;
                    v[j] -= delta;
                } else {
                    min_slack[j] -= delta;
                }
            }
            visited += cols as u64 + 1;
            j0 = j1;
            if owner[j0] == 0 {
                break;
            }
        }
        loop {
            let j1 = way[j0];
            owner[j0] = owner[j1];
            j0 = j1;
            if j0 == 0 {
                break;
            }
        }
        visited
    }

    /// The column of each row (meaningful once [`Solver::is_done`]).
    pub fn assignment(&self) -> Vec<usize> {
        let mut result = alloc::vec![0usize; self.rows];
        for j in 1..=self.cols {
            if self.owner[j] != 0 {
                result[self.owner[j] - 1] = j - 1;
            }
        }
        result
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::{self, Purpose};

    fn brute_force(n: usize, cost: &[f64]) -> f64 {
        fn go(row: usize, n: usize, used: &mut [bool], cost: &[f64]) -> f64 {
            if row == n {
                return 0.0;
            }
            let mut best = f64::INFINITY;
            for j in 0..n {
                if !used[j] {
                    used[j] = true;
                    best = best.min(cost[row * n + j] + go(row + 1, n, used, cost));
                    used[j] = false;
                }
            }
            best
        }
        go(0, n, &mut alloc::vec![false; n], cost)
    }

    #[test]
    fn matches_brute_force_up_to_seven() {
        let mut rng = rng::stream(99, Purpose::Aux);
        for n in 1..=7 {
            for trial in 0..40 {
                // Mix integer costs (many ties) with continuous ones.
                let cost: Vec<f64> = (0..n * n)
                    .map(|_| {
                        let u = rng::unit(&mut rng);
                        if trial % 2 == 0 {
                            (u * 5.0) as u32 as f64
                        } else {
                            u
                        }
                    })
                    .collect();
                let a = assign(n, n, |i, j| cost[i * n + j]).unwrap();
                let mut seen = a.clone();
                seen.sort_unstable();
                seen.dedup();
                assert_eq!(seen.len(), n, "not a permutation: {a:?}");
                let total: f64 = a.iter().enumerate().map(|(i, &j)| cost[i * n + j]).sum();
                assert!(
                    (total - brute_force(n, &cost)).abs() < 1e-12,
                    "n={n} trial={trial}"
                );
            }
        }
    }

    #[test]
    fn rectangular_and_bad_inputs() {
        let a = assign(2, 3, |i, j| if i == j + 1 { 0.0 } else { 1.0 }).unwrap();
        assert_eq!(a[1], 0);
        assert!(assign(3, 2, |_, _| 0.0).is_none());
        assert!(assign(2, 2, |i, _| if i == 1 { f64::NAN } else { 0.0 }).is_none());
        assert_eq!(assign(0, 0, |_, _| 0.0), Some(Vec::new()));
    }

    #[test]
    fn row_slices_give_the_same_assignment_and_respect_the_budget() {
        let mut rng = rng::stream(5, Purpose::Aux);
        let n = 60;
        let x: Vec<f64> = (0..n).map(|_| rng::unit(&mut rng)).collect();
        let p: Vec<f64> = (0..n).map(|_| 2.0 * rng::unit(&mut rng) - 0.5).collect();
        let cost = |i: usize, j: usize| (x[i] - p[j]).abs();
        let whole = assign(n, n, cost).unwrap();
        let mut s = Solver::new(n, n, cost).unwrap();
        let mut calls = 0;
        // One row's search visits at most (cols + 1)² cells.
        let row_max = ((n as u64 + 1) * (n as u64 + 1)) * UNITS_PER_CELL;
        while !s.is_done() {
            let before = s.rows_done();
            let mut b = Budget::new(1);
            s.advance(&mut b);
            assert_eq!(s.rows_done(), before + 1, "a tiny budget adds one row");
            assert!(b.spent() <= 1 + row_max);
            calls += 1;
        }
        assert_eq!(calls, n);
        assert_eq!(s.assignment(), whole);
    }
}
