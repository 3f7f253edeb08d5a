//! The saliency maps the Capacity Lab shows: where the dense and the
//! 95 %-pruned net look, for two held-out images of each class. Computed once,
//! a map per slice of the live run, since the nets no longer change by then.

use super::run::Classifier;
use alloc::vec::Vec;
use nalgebra::DMatrix;

/// Move of one pixel in the perturbation saliency (our choice).
pub const PERTURBATION: f64 = 0.1;

/// The held-out images the maps are of: the first two of each class (columns
/// of the held-out set, class 0 first).
pub fn picks(test_y: &[f64]) -> Vec<usize> {
    let first_two = |label: f64| {
        (0..test_y.len())
            .filter(move |&j| test_y[j] == label)
            .take(2)
    };
    first_two(0.0).chain(first_two(1.0)).collect()
}

/// The maps of one image under one net.
#[derive(Clone, Debug, PartialEq)]
pub struct SaliencyMap {
    /// Column of the image in the held-out set.
    pub image: usize,
    /// `∂P(class 1)/∂x` per pixel.
    pub gradient: Vec<f64>,
    /// The change of P(class 1) per pixel moved by [`PERTURBATION`], over the move.
    pub perturbation: Vec<f64>,
}

impl SaliencyMap {
    /// The maps of held-out image `image` (a column of `test_x`) under `net`.
    pub fn of(net: &Classifier, test_x: &DMatrix<f64>, image: usize) -> Self {
        let x: Vec<f64> = test_x.column(image).iter().copied().collect();
        Self {
            image,
            gradient: net.saliency_gradient(&x),
            perturbation: net.saliency_perturbation(&x, PERTURBATION),
        }
    }
}

/// The maps of every picked image under the dense and the pruned net.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SaliencyMaps {
    /// Under the dense net, in the order of [`picks`].
    pub dense: Vec<SaliencyMap>,
    /// Under the 95 %-pruned net.
    pub pruned: Vec<SaliencyMap>,
}

impl SaliencyMaps {
    /// Adds the next map (dense and pruned alternately, image by image);
    /// true once every picked image has both.
    pub fn add_next(
        &mut self,
        dense: &Classifier,
        pruned: &Classifier,
        test_x: &DMatrix<f64>,
        picks: &[usize],
    ) -> bool {
        if self.dense.len() <= self.pruned.len() {
            if let Some(&j) = picks.get(self.dense.len()) {
                self.dense.push(SaliencyMap::of(dense, test_x, j));
            }
        } else if let Some(&j) = picks.get(self.pruned.len()) {
            self.pruned.push(SaliencyMap::of(pruned, test_x, j));
        }
        self.pruned.len() >= picks.len()
    }
}
