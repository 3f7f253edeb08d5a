//! A batch's gradient in slices of columns: what keeps one call from the
//! page short when a batch is large (a Capacity Lab epoch is the whole
//! training set, a Latent Field Lab minibatch may be 1,500 images).

use super::mlp::{Batch, Loss, Mlp, MlpWorkspace};
use nalgebra::DMatrix;

/// [`Mlp::loss_and_grad`] over a batch, a few columns per
/// [`GradPass::advance`]. Every sum of the gradient and the loss runs over
/// the columns in order, so the result has the bits of the whole batch at
/// once, however the columns are sliced.
#[derive(Clone, Debug, Default)]
pub struct GradPass {
    done: usize,
    value: f64,
    input: DMatrix<f64>,
    target: DMatrix<f64>,
}

impl GradPass {
    /// Columns of the batch done so far (0: nothing started).
    pub fn columns_done(&self) -> usize {
        self.done
    }

    /// Adds up to `count` more columns of `batch` (the same batch on every
    /// call of one pass) to `grads`; once the last column is in, adds the
    /// weight decay, returns the loss (as [`Mlp::loss_and_grad`] would) and
    /// starts over. `grads` is cleared by the pass's first call.
    #[allow(clippy::too_many_arguments)]
    pub fn advance(
        &mut self,
        mlp: &Mlp,
        params: &[f64],
        batch: Batch<'_>,
        loss: Loss,
        weight_decay: f64,
        ws: &mut MlpWorkspace,
        grads: &mut [f64],
        count: usize,
    ) -> Option<f64> {
        let columns = batch.input.ncols();
        if self.done == 0 {
            grads.iter_mut().for_each(|g| *g = 0.0);
            self.value = 0.0;
        }
        let end = (self.done + count.max(1)).min(columns);
        if self.done == 0 && end == columns {
            // The whole batch at once: no copy.
            mlp.accumulate(params, batch, columns, loss, ws, grads, &mut self.value);
        } else {
            let len = end - self.done;
            self.input = batch.input.columns(self.done, len).clone_owned();
            self.target = batch.target.columns(self.done, len).clone_owned();
            let part = Batch {
                input: &self.input,
                target: &self.target,
            };
            mlp.accumulate(params, part, columns, loss, ws, grads, &mut self.value);
        }
        self.done = end;
        if end < columns {
            return None;
        }
        mlp.add_weight_decay(params, weight_decay, grads, &mut self.value);
        self.done = 0;
        Some(self.value)
    }
}

impl Mlp {
    /// The gradient of output 0 of layers `range` with respect to the input,
    /// at the point `x`, by back-propagation: O(weights), where the forward
    /// mode of [`Mlp::jacobian_layers`] is O(weights · inputs) (a saliency map
    /// of a 784-pixel image took tens of milliseconds that way).
    pub fn input_gradient(
        &self,
        params: &[f64],
        x: &[f64],
        range: core::ops::Range<usize>,
    ) -> alloc::vec::Vec<f64> {
        let layers = &self.layers[range];
        let (mut pre, mut post) = (alloc::vec::Vec::new(), alloc::vec::Vec::new());
        let mut a = DMatrix::from_column_slice(x.len(), 1, x);
        for (layer, act) in layers {
            let mut z = DMatrix::zeros(0, 0);
            layer.forward(params, &a, &mut z);
            a = z.map(|v| act.apply(v));
            pre.push(z);
            post.push(a.clone());
        }
        let Some(last) = layers.len().checked_sub(1) else {
            return x.iter().map(|_| 0.0).collect();
        };
        let (top, act) = layers[last];
        let mut d: alloc::vec::Vec<f64> = (0..top.outputs)
            .map(|o| {
                if o == 0 {
                    act.derivative(pre[last][o], post[last][o])
                } else {
                    0.0
                }
            })
            .collect();
        for i in (0..=last).rev() {
            let (layer, _) = layers[i];
            let w = &params[layer.offset..layer.bias_offset()];
            let mut down: alloc::vec::Vec<f64> = w
                .chunks_exact(layer.outputs)
                .map(|w_col| crate::math::dot(w_col, &d))
                .collect();
            if i > 0 {
                let act = layers[i - 1].1;
                for (j, v) in down.iter_mut().enumerate() {
                    *v *= act.derivative(pre[i - 1][j], post[i - 1][j]);
                }
            }
            d = down;
        }
        d
    }

    /// Work units of one column through [`Mlp::loss_and_grad`]: a multiply-add
    /// per weight forward, one for its gradient and one back to the layer's
    /// input (see [`crate::budget`]).
    pub fn column_units(&self) -> u64 {
        self.layers
            .iter()
            .map(|(l, _)| 3 * (l.inputs * l.outputs + l.outputs) as u64)
            .sum()
    }

    /// Work units of one column through the layers `range` (forward only).
    pub fn forward_units(&self, range: core::ops::Range<usize>) -> u64 {
        self.layers[range]
            .iter()
            .map(|(l, _)| (l.inputs * l.outputs + 2 * l.outputs) as u64)
            .sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nn::Activation;
    use crate::rng::{self, Purpose};

    #[test]
    fn slices_of_columns_give_the_bits_of_the_whole_batch() {
        for (loss, out) in [
            (Loss::Mse, Activation::Identity),
            (Loss::BinaryCrossEntropy, Activation::Sigmoid),
        ] {
            let mlp = Mlp::new(&[5, 9, 3], Activation::Relu, out);
            let mut r = rng::stream(8, Purpose::Init);
            let params = mlp.init(&mut r, None);
            let input = DMatrix::from_fn(5, 13, |_, _| rng::normal(&mut r));
            let target = DMatrix::from_fn(3, 13, |_, _| rng::unit(&mut r));
            let batch = Batch {
                input: &input,
                target: &target,
            };
            let mut ws = MlpWorkspace::default();
            let mut whole = alloc::vec![0.0; mlp.n_params];
            let value = mlp.loss_and_grad(&params, batch, loss, 0.01, &mut ws, &mut whole);
            for step in [1, 2, 5, 13, 40] {
                let mut pass = GradPass::default();
                let mut grads = alloc::vec![7.0; mlp.n_params];
                let mut calls = 0;
                let got = loop {
                    calls += 1;
                    let before = pass.columns_done();
                    let r =
                        pass.advance(&mlp, &params, batch, loss, 0.01, &mut ws, &mut grads, step);
                    if let Some(v) = r {
                        break v;
                    }
                    assert_eq!(pass.columns_done(), before + step);
                };
                assert_eq!(calls, 13usize.div_ceil(step));
                assert_eq!(got.to_bits(), value.to_bits(), "{loss:?}, {step} at a time");
                assert_eq!(grads, whole, "{loss:?}, {step} at a time");
                assert_eq!(pass.columns_done(), 0, "the pass starts over");
            }
        }
    }

    #[test]
    fn the_input_gradient_is_the_first_row_of_the_jacobian() {
        use crate::nn::Activation::{Relu, Sigmoid};
        let mlp = Mlp::with_activations(&[6, 9, 1], &[Relu, Sigmoid]);
        let mut r = rng::stream(12, Purpose::Init);
        let params = mlp.init(&mut r, Some(0.7));
        for _ in 0..5 {
            let x: alloc::vec::Vec<f64> = (0..6).map(|_| rng::normal(&mut r)).collect();
            let g = mlp.input_gradient(&params, &x, 0..2);
            let j = mlp.jacobian_layers(&params, &x, 0..2);
            assert_eq!(g.len(), 6);
            for (k, v) in g.iter().enumerate() {
                assert!((v - j[(0, k)]).abs() < 1e-14, "{g:?} vs {j}");
            }
        }
    }
}
