//! Optimal one-to-one assignment (the Hungarian method, O(n²·m)).

use alloc::vec::Vec;

/// Assigns each of `rows` rows a distinct column out of `cols >= rows`,
/// minimising the summed `cost(row, col)`. Returns the column of each row, or
/// `None` if `rows > cols` or a cost is not finite.
///
/// Shortest-augmenting-path form with row and column potentials.
pub fn assign(rows: usize, cols: usize, cost: impl Fn(usize, usize) -> f64) -> Option<Vec<usize>> {
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
    // 1-based indices; column 0 is the virtual start of each augmenting path.
    let mut u = alloc::vec![0.0; rows + 1];
    let mut v = alloc::vec![0.0; cols + 1];
    let mut owner = alloc::vec![0usize; cols + 1];
    let mut way = alloc::vec![0usize; cols + 1];
    let mut min_slack = alloc::vec![0.0; cols + 1];
    let mut used = alloc::vec![false; cols + 1];
    for i in 1..=rows {
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
    }
    let mut result = alloc::vec![0usize; rows];
    for j in 1..=cols {
        if owner[j] != 0 {
            result[owner[j] - 1] = j - 1;
        }
    }
    Some(result)
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
}
