//! Stable sorts compiled once.
//!
//! The standard library's `sort_by` is compiled anew for every element type
//! and comparator: 5–9 KB of wasm per call site, ~85 KB over the labs' twenty
//! sorts of rows, prototypes and scores, none of them in a training loop.
//! [`sort_by`] sorts the positions instead, with the comparator behind a
//! `dyn`, so the sorting is one function for all of them, and then moves the
//! elements into that order.
//!
//! The result is exactly `v.sort_by(cmp)`'s: a stable sort's output is fixed
//! by the comparator (every caller's is a total order), whatever the algorithm.

use alloc::vec::Vec;
use core::cmp::Ordering;

/// Sorts `v` stably by `cmp`: the same order as `v.sort_by(cmp)`.
pub fn sort_by<T>(v: &mut [T], mut cmp: impl FnMut(&T, &T) -> Ordering) {
    let swaps = sorting_swaps(v.len(), &mut |a, b| cmp(&v[a], &v[b]));
    for (i, k) in swaps {
        v.swap(i, k);
    }
}

/// Sorts `v` stably by `key`: the same order as `v.sort_by_key(key)`.
pub fn sort_by_key<T, K: Ord>(v: &mut [T], mut key: impl FnMut(&T) -> K) {
    sort_by(v, |a, b| key(a).cmp(&key(b)));
}

/// Sorts `v` by [`f64::total_cmp`].
pub fn sort_f64(v: &mut [f64]) {
    sort_by(v, f64::total_cmp);
}

/// The swaps, in turn, that put `n` elements in the stable order of `cmp`
/// (which compares the elements at two original positions).
fn sorting_swaps(n: usize, cmp: &mut dyn FnMut(usize, usize) -> Ordering) -> Vec<(usize, usize)> {
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| cmp(a, b));
    // Bring the element of order[i] to position i, for i = 0, 1, …: `at[k]`
    // is the element now at position k, `pos[e]` where element e is now.
    let mut at: Vec<usize> = (0..n).collect();
    let mut pos: Vec<usize> = (0..n).collect();
    let mut swaps = Vec::new();
    for (i, &e) in order.iter().enumerate() {
        let k = pos[e];
        if k != i {
            swaps.push((i, k));
            let displaced = at[i];
            at[k] = displaced;
            pos[displaced] = k;
            at[i] = e;
            pos[e] = i;
        }
    }
    swaps
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec;

    /// A small deterministic generator (no dependency on the core's RNG).
    fn lcg(state: &mut u64) -> u64 {
        *state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        *state >> 33
    }

    #[test]
    fn same_order_as_the_standard_stable_sort() {
        let mut s = 7;
        for n in [0, 1, 2, 3, 5, 17, 20, 64, 100, 1000] {
            // Few distinct keys, so stability matters; the payload tells equal keys apart.
            let v: Vec<(u64, usize)> = (0..n).map(|i| (lcg(&mut s) % 7, i)).collect();
            let mut ours = v.clone();
            let mut std = v.clone();
            sort_by(&mut ours, |a, b| a.0.cmp(&b.0));
            std.sort_by_key(|a| a.0);
            assert_eq!(ours, std, "n = {n}");
            let mut ours = v.clone();
            let mut std = v;
            sort_by_key(&mut ours, |a| core::cmp::Reverse(a.0));
            std.sort_by_key(|a| core::cmp::Reverse(a.0));
            assert_eq!(ours, std, "n = {n}, by key");
        }
    }

    #[test]
    fn floats_as_total_cmp_orders_them() {
        let mut v = vec![
            3.0,
            -0.0,
            f64::NAN,
            0.0,
            -1.5,
            f64::INFINITY,
            0.0,
            f64::NEG_INFINITY,
        ];
        let mut std = v.clone();
        sort_f64(&mut v);
        std.sort_by(f64::total_cmp);
        assert_eq!(
            v.iter().map(|x| x.to_bits()).collect::<Vec<_>>(),
            std.iter().map(|x| x.to_bits()).collect::<Vec<_>>()
        );
    }
}
