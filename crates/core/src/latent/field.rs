//! Trajectories of a map `f: ℝᵏ → ℝᵏ` (k = 1 or 2), their end points clustered
//! into attractors, and the local linearisation at each attractor.

use alloc::vec::Vec;
use nalgebra::DMatrix;

/// Where a trajectory ended.
#[derive(Clone, Debug, PartialEq)]
pub struct Trajectory {
    /// The last point.
    pub end: Vec<f64>,
    /// Iterations taken.
    pub steps: usize,
    /// True when the last move was below the tolerance (not cut at `max_steps`).
    pub converged: bool,
}

/// Iterates `f` on many points at once (one per column of `starts`, `k × m`;
/// `f` maps such a batch to its image, each column independently) until each
/// point moves less than `tol` or `max_steps` iterations pass; a point whose
/// image is not finite stops there (not converged). Returns one trajectory per
/// start, in order.
pub fn iterate_all(
    f: &mut impl FnMut(&DMatrix<f64>) -> DMatrix<f64>,
    starts: &DMatrix<f64>,
    tol: f64,
    max_steps: usize,
) -> Vec<Trajectory> {
    let mut it = Iteration::new(starts.clone(), tol, max_steps, starts.ncols());
    while !it.is_done() {
        it.step(f);
    }
    it.finish()
}

/// [`iterate_all`] in slices: the starts are taken in blocks of `block`
/// columns, each block iterated to its end one [`Iteration::step`] at a time.
/// Since `f` maps each column on its own, every trajectory is the same as in
/// one batch, whatever the block size.
#[derive(Clone, Debug)]
pub struct Iteration {
    starts: DMatrix<f64>,
    tol: f64,
    max_steps: usize,
    block: usize,
    /// The first start not yet in a block.
    next: usize,
    /// The current block's points still moving, and their start indices.
    z: DMatrix<f64>,
    active: Vec<usize>,
    /// Iterations the current block has taken.
    steps: usize,
    done: Vec<Option<Trajectory>>,
    mapped: u64,
}

impl Iteration {
    /// Trajectories from the columns of `starts`, `block` starts at a time.
    pub fn new(starts: DMatrix<f64>, tol: f64, max_steps: usize, block: usize) -> Self {
        Self {
            done: alloc::vec![None; starts.ncols()],
            z: DMatrix::zeros(starts.nrows(), 0),
            starts,
            tol,
            max_steps,
            block: block.max(1),
            next: 0,
            active: Vec::new(),
            steps: 0,
            mapped: 0,
        }
    }

    /// True once every trajectory has ended.
    pub fn is_done(&self) -> bool {
        self.active.is_empty() && self.next >= self.starts.ncols()
    }

    /// Points mapped by `f` so far (the work done: one per point and iteration).
    pub fn mapped(&self) -> u64 {
        self.mapped
    }

    /// Trajectories ended so far, and in all.
    pub fn progress(&self) -> (usize, usize) {
        (self.done.iter().flatten().count(), self.done.len())
    }

    /// The number of points the next [`Iteration::step`] maps (at most `block`).
    pub fn next_size(&self) -> usize {
        if self.active.is_empty() {
            self.block
                .min(self.starts.ncols() - self.next.min(self.starts.ncols()))
        } else {
            self.active.len()
        }
    }

    /// One iteration of the current block (starting the next block first if
    /// there is none); returns the points mapped.
    pub fn step(&mut self, f: &mut impl FnMut(&DMatrix<f64>) -> DMatrix<f64>) -> usize {
        if self.active.is_empty() {
            if self.next >= self.starts.ncols() {
                return 0;
            }
            let len = self.block.min(self.starts.ncols() - self.next);
            self.z = self.starts.columns(self.next, len).clone_owned();
            self.active = (self.next..self.next + len).collect();
            self.next += len;
            self.steps = 0;
        }
        if self.steps >= self.max_steps {
            self.cut_block();
            return 0;
        }
        self.steps += 1;
        let steps = self.steps;
        let next = f(&self.z);
        let mut keep = Vec::new();
        for (j, &id) in self.active.iter().enumerate() {
            let (now, then) = (self.z.column(j), next.column(j));
            let finish = |end: &[f64], converged| Trajectory {
                end: end.to_vec(),
                steps,
                converged,
            };
            if then.iter().any(|v| !v.is_finite()) {
                self.done[id] = Some(finish(now.as_slice(), false));
            } else if (then - now).norm() < self.tol {
                self.done[id] = Some(finish(then.as_slice(), true));
            } else {
                keep.push(j);
            }
        }
        let mapped = self.active.len();
        self.mapped += mapped as u64;
        self.z = next.select_columns(keep.iter());
        self.active = keep.iter().map(|&j| self.active[j]).collect();
        if self.steps >= self.max_steps {
            self.cut_block();
        }
        mapped
    }

    /// Ends the block's points still moving after `max_steps` iterations.
    fn cut_block(&mut self) {
        for (j, &id) in self.active.iter().enumerate() {
            self.done[id] = Some(Trajectory {
                end: self.z.column(j).iter().copied().collect(),
                steps: self.max_steps,
                converged: false,
            });
        }
        self.active.clear();
    }

    /// One trajectory per start, in order (once done).
    pub fn finish(self) -> Vec<Trajectory> {
        self.done
            .into_iter()
            .map(|t| t.expect("every start ends"))
            .collect()
    }
}

fn distance(a: &[f64], b: &[f64]) -> f64 {
    crate::math::sqrt(a.iter().zip(b).map(|(x, y)| (x - y) * (x - y)).sum())
}

/// An attractor: the mean of the end points that gathered there.
#[derive(Clone, Debug, PartialEq)]
pub struct Attractor {
    /// Its position.
    pub center: Vec<f64>,
    /// How many trajectories ended there.
    pub count: usize,
}

/// Groups the end points of converged trajectories: a point joins the first
/// attractor whose centre is within `radius`, else starts a new one; sorted by
/// count, largest first. (Greedy single pass, our choice: the end points of a
/// converged iteration sit within the tolerance of their fixed point, far
/// closer than any two fixed points we care to tell apart.)
pub fn cluster(ends: &[Vec<f64>], radius: f64) -> Vec<Attractor> {
    let mut out: Vec<(Vec<f64>, usize)> = Vec::new();
    for p in ends {
        match out
            .iter_mut()
            .find(|(c, n)| distance(&scaled(c, *n), p) < radius)
        {
            Some((sum, n)) => {
                for (s, v) in sum.iter_mut().zip(p) {
                    *s += v;
                }
                *n += 1;
            }
            None => out.push((p.clone(), 1)),
        }
    }
    let mut attractors: Vec<Attractor> = out
        .into_iter()
        .map(|(sum, n)| Attractor {
            center: scaled(&sum, n),
            count: n,
        })
        .collect();
    crate::sort::sort_by_key(&mut attractors, |a| core::cmp::Reverse(a.count));
    attractors
}

fn scaled(sum: &[f64], n: usize) -> Vec<f64> {
    sum.iter().map(|s| s / n as f64).collect()
}

/// The Jacobian of `f` at `z` by central differences (`k × k`, row-major).
pub fn jacobian_fd(f: &mut impl FnMut(&[f64]) -> Vec<f64>, z: &[f64], h: f64) -> Vec<f64> {
    let k = z.len();
    let mut j = alloc::vec![0.0; k * k];
    for c in 0..k {
        let mut up = z.to_vec();
        let mut down = z.to_vec();
        up[c] += h;
        down[c] -= h;
        let (fu, fd) = (f(&up), f(&down));
        for r in 0..k {
            j[r * k + c] = (fu[r] - fd[r]) / (2.0 * h);
        }
    }
    j
}

/// Eigenvalues `(re, im)` of a 1×1 or 2×2 row-major matrix.
pub fn eigenvalues(j: &[f64]) -> Vec<(f64, f64)> {
    match j.len() {
        1 => alloc::vec![(j[0], 0.0)],
        4 => {
            let (a, b, c, d) = (j[0], j[1], j[2], j[3]);
            let half_trace = 0.5 * (a + d);
            let disc = half_trace * half_trace - (a * d - b * c);
            if disc >= 0.0 {
                let r = crate::math::sqrt(disc);
                alloc::vec![(half_trace + r, 0.0), (half_trace - r, 0.0)]
            } else {
                let r = crate::math::sqrt(-disc);
                alloc::vec![(half_trace, r), (half_trace, -r)]
            }
        }
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Moves halfway to the nearer of two fixed points: a contraction with
    /// known attractors, basins split by their perpendicular bisector, and
    /// Jacobian ½·I at each.
    fn two_wells(z: &[f64]) -> Vec<f64> {
        let wells = [[2.0, 2.0], [-3.0, 1.0]];
        let d = |w: &[f64; 2]| (z[0] - w[0]).powi(2) + (z[1] - w[1]).powi(2);
        let w = if d(&wells[0]) <= d(&wells[1]) {
            wells[0]
        } else {
            wells[1]
        };
        alloc::vec![z[0] + 0.5 * (w[0] - z[0]), z[1] + 0.5 * (w[1] - z[1])]
    }

    #[test]
    fn a_hand_built_contraction_has_its_two_attractors() {
        let mut f = |z: &[f64]| two_wells(z);
        let starts = DMatrix::from_fn(2, 400, |r, n| {
            let i = if r == 0 { n / 20 } else { n % 20 };
            -8.0 + 16.0 * (i as f64 + 0.5) / 20.0
        });
        let mut batch = |z: &DMatrix<f64>| {
            DMatrix::from_fn(2, z.ncols(), |r, j| two_wells(z.column(j).as_slice())[r])
        };
        let mut ends = Vec::new();
        for t in iterate_all(&mut batch, &starts, 1e-5, 500) {
            assert!(t.converged && t.steps < 40, "{t:?}");
            ends.push(t.end);
        }
        let found = cluster(&ends, 0.1);
        assert_eq!(found.len(), 2);
        assert_eq!(found.iter().map(|a| a.count).sum::<usize>(), 400);
        // Each start lands in the well nearer to it: count the basins directly.
        let nearer_first = (0..400)
            .filter(|&n| {
                let (i, k) = (n / 20, n % 20);
                let z = [
                    -8.0 + 16.0 * (i as f64 + 0.5) / 20.0,
                    -8.0 + 16.0 * (k as f64 + 0.5) / 20.0,
                ];
                (z[0] - 2.0f64).powi(2) + (z[1] - 2.0f64).powi(2)
                    <= (z[0] + 3.0f64).powi(2) + (z[1] - 1.0f64).powi(2)
            })
            .count();
        let at_first = found
            .iter()
            .find(|a| (a.center[0] - 2.0).abs() < 1e-4)
            .unwrap();
        assert_eq!(at_first.count, nearer_first);
        assert!((at_first.center[1] - 2.0).abs() < 1e-4);
        for a in &found {
            let j = jacobian_fd(&mut f, &a.center, 1e-4);
            assert!((j[0] - 0.5).abs() < 1e-9 && j[1].abs() < 1e-9 && (j[3] - 0.5).abs() < 1e-9);
            for (re, im) in eigenvalues(&j) {
                assert!((re - 0.5).abs() < 1e-9 && im == 0.0);
            }
        }
    }

    #[test]
    fn eigenvalues_of_rotations_and_lines() {
        let e = eigenvalues(&[0.0, -2.0, 2.0, 0.0]);
        assert_eq!(e, alloc::vec![(0.0, 2.0), (0.0, -2.0)]);
        assert_eq!(
            eigenvalues(&[3.0, 1.0, 0.0, 2.0]),
            alloc::vec![(3.0, 0.0), (2.0, 0.0)]
        );
        assert_eq!(eigenvalues(&[0.7]), alloc::vec![(0.7, 0.0)]);
        // An iteration that leaves the finite numbers stops, unconverged;
        // one that never settles is cut at max_steps.
        let starts = DMatrix::from_row_slice(1, 2, &[1e10, 0.3]);
        let t = iterate_all(
            &mut |z: &DMatrix<f64>| z.map(|v| if v > 1.0 { v * 1e300 } else { 1.0 - v }),
            &starts,
            1e-5,
            10,
        );
        assert!(!t[0].converged && t[0].end[0] == 1e10 && t[0].steps == 1);
        assert!(!t[1].converged && t[1].steps == 10);
    }

    #[test]
    fn blocks_of_starts_give_the_trajectories_of_one_batch() {
        let starts = DMatrix::from_fn(2, 50, |r, n| -8.0 + 0.3 * (n * (r + 2)) as f64 % 16.0);
        let mut batch = |z: &DMatrix<f64>| {
            DMatrix::from_fn(2, z.ncols(), |r, j| two_wells(z.column(j).as_slice())[r])
        };
        let whole = iterate_all(&mut batch, &starts, 1e-9, 30);
        for block in [1, 7, 50, 80] {
            let mut it = Iteration::new(starts.clone(), 1e-9, 30, block);
            let mut calls = 0;
            while !it.is_done() {
                let size = it.next_size();
                let mapped = it.step(&mut batch);
                assert!(mapped <= block.min(size));
                calls += 1;
            }
            assert!(calls >= 50usize.div_ceil(block));
            let mapped = it.mapped();
            let t = it.finish();
            assert_eq!(t, whole, "block {block}");
            assert_eq!(mapped, t.iter().map(|t| t.steps as u64).sum::<u64>());
        }
    }
}
