//! The Capacity Lab's binary tasks: class-balanced digit pairs with a seeded
//! stratified 80/20 split, from the images of [`crate::datasets::mnist`].

pub use crate::datasets::mnist::{LabelledImages, MAX_MNIST_PIXELS, MIN_PER_DIGIT, PAIRS};
use crate::rng::{self, Purpose};
use alloc::vec::Vec;
use nalgebra::DMatrix;

/// A binary task: images as columns, labels 0 (first digit) or 1 (second).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Split {
    /// Training images (`d × n`).
    pub train_x: DMatrix<f64>,
    /// Training labels.
    pub train_y: Vec<f64>,
    /// Held-out images (`d × m`).
    pub test_x: DMatrix<f64>,
    /// Held-out labels.
    pub test_y: Vec<f64>,
    /// Data-set indices of the held-out images, in column order.
    pub test_idx: Vec<usize>,
}

/// The pair `(a, b)` class-balanced (the larger class cut to the smaller's
/// size at random) and split 80/20 within each class, all seeded.
pub fn pair_split(data: &LabelledImages, (a, b): (u8, u8), seed: u64) -> Split {
    let mut r = rng::stream(seed, Purpose::Data);
    let mut class = |digit: u8| {
        let mut idx: Vec<usize> = (0..data.labels.len())
            .filter(|&i| data.labels[i] == digit)
            .collect();
        for k in (1..idx.len()).rev() {
            idx.swap(k, rng::below(&mut r, k as u64 + 1) as usize);
        }
        idx
    };
    let (mut ia, mut ib) = (class(a), class(b));
    let n = ia.len().min(ib.len());
    ia.truncate(n);
    ib.truncate(n);
    let cut = (n * 4).div_ceil(5);
    let pick = |parts: [(&[usize], f64); 2]| {
        let idx: Vec<(usize, f64)> = parts
            .iter()
            .flat_map(|(ids, y)| ids.iter().map(move |&i| (i, *y)))
            .collect();
        let x = DMatrix::from_fn(data.dim(), idx.len(), |p, j| data.pixel(idx[j].0, p));
        (x, idx)
    };
    let (train_x, train) = pick([(&ia[..cut], 0.0), (&ib[..cut], 1.0)]);
    let (test_x, test) = pick([(&ia[cut..], 0.0), (&ib[cut..], 1.0)]);
    Split {
        train_x,
        train_y: train.iter().map(|t| t.1).collect(),
        test_x,
        test_y: test.iter().map(|t| t.1).collect(),
        test_idx: test.iter().map(|t| t.0).collect(),
    }
}
