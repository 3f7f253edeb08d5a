//! A feed-forward stack of dense layers with back-propagation: what the
//! Abstraction, Latent Field and Capacity labs are built from.

use super::{Activation, Dense, Layout};
use crate::rng::{self, Stream};
use alloc::vec::Vec;
use nalgebra::DMatrix;

/// The loss of an [`Mlp`]'s output against targets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Loss {
    /// Mean squared error over every output entry.
    Mse,
    /// Binary cross-entropy, mean over the batch; expects a sigmoid output.
    BinaryCrossEntropy,
}

/// A training batch: inputs (`inputs × batch`) and targets (`outputs × batch`).
#[derive(Clone, Copy, Debug)]
pub struct Batch<'a> {
    /// One column per example.
    pub input: &'a DMatrix<f64>,
    /// One column per example.
    pub target: &'a DMatrix<f64>,
}

/// A multi-layer perceptron: dense layers, each followed by an activation.
#[derive(Clone, Debug, PartialEq)]
pub struct Mlp {
    /// The layers in order with the activation applied after each.
    pub layers: Vec<(Dense, Activation)>,
    /// Number of parameters of the whole network.
    pub n_params: usize,
}

/// Buffers an [`Mlp`] reuses between steps (no allocation once shapes settle).
#[derive(Clone, Debug, Default)]
pub struct MlpWorkspace {
    pre: Vec<DMatrix<f64>>,
    post: Vec<DMatrix<f64>>,
    delta: DMatrix<f64>,
    delta_prev: DMatrix<f64>,
}

impl MlpWorkspace {
    /// The activations after layer `i` from the last forward pass
    /// (`width × batch`), if there was one.
    pub fn activations(&self, i: usize) -> Option<&DMatrix<f64>> {
        self.post.get(i)
    }
}

impl Mlp {
    /// A network with the given widths (`widths[0]` inputs, last = outputs),
    /// `hidden` after every layer but the last, `output` after the last.
    pub fn new(widths: &[usize], hidden: Activation, output: Activation) -> Self {
        assert!(
            widths.len() >= 2,
            "an MLP needs an input and an output width"
        );
        let mut layout = Layout::new();
        let last = widths.len() - 2;
        let layers = widths
            .windows(2)
            .enumerate()
            .map(|(i, w)| {
                (
                    layout.dense(w[0], w[1]),
                    if i == last { output } else { hidden },
                )
            })
            .collect();
        Self {
            layers,
            n_params: layout.len(),
        }
    }

    /// A network with one activation per layer (`activations.len()` = layers =
    /// `widths.len() − 1`), e.g. an autoencoder whose code layer is linear.
    pub fn with_activations(widths: &[usize], activations: &[Activation]) -> Self {
        assert_eq!(
            activations.len() + 1,
            widths.len(),
            "one activation per layer"
        );
        let mut mlp = Self::new(widths, Activation::Identity, Activation::Identity);
        for ((_, act), &a) in mlp.layers.iter_mut().zip(activations) {
            *act = a;
        }
        mlp
    }

    /// Runs layers `range` only on `input` (`inputs of the first × batch`),
    /// e.g. the encoder or the decoder half of an autoencoder. Allocates; for
    /// analysis, not the training loop.
    pub fn run_layers(
        &self,
        params: &[f64],
        input: &DMatrix<f64>,
        range: core::ops::Range<usize>,
    ) -> DMatrix<f64> {
        let mut x = input.clone();
        let mut pre = DMatrix::zeros(0, 0);
        for (layer, act) in &self.layers[range] {
            layer.forward(params, &x, &mut pre);
            x = pre.map(|z| act.apply(z));
        }
        x
    }

    /// The Jacobian (`outputs × inputs`) of layers `range` at the point `x`,
    /// by forward-mode differentiation (exact up to rounding; at a ReLU kink
    /// the derivative from the right is used).
    pub fn jacobian_layers(
        &self,
        params: &[f64],
        x: &[f64],
        range: core::ops::Range<usize>,
    ) -> DMatrix<f64> {
        let mut a = DMatrix::from_column_slice(x.len(), 1, x);
        let mut t = DMatrix::<f64>::identity(x.len(), x.len());
        let mut pre = DMatrix::zeros(0, 0);
        for (layer, act) in &self.layers[range] {
            layer.forward(params, &a, &mut pre);
            let post = pre.map(|z| act.apply(z));
            let mut next = layer.weights(params) * &t;
            for (r, mut row) in next.row_iter_mut().enumerate() {
                row *= act.derivative(pre[r], post[r]);
            }
            t = next;
            a = post;
        }
        t
    }

    /// Parameters with weights `~ N(0, std²)` (`std = None`: He, `sqrt(2 / inputs)`)
    /// and zero biases.
    pub fn init(&self, rng: &mut Stream, std: Option<f64>) -> Vec<f64> {
        let mut params = alloc::vec![0.0; self.n_params];
        for (layer, _) in &self.layers {
            let s = std.unwrap_or_else(|| crate::math::sqrt(2.0 / layer.inputs as f64));
            for w in &mut params[layer.offset..layer.bias_offset()] {
                *w = s * rng::normal(rng);
            }
        }
        params
    }

    /// Runs the network on `input` (`inputs × batch`) and returns the output.
    pub fn forward<'w>(
        &self,
        params: &[f64],
        input: &DMatrix<f64>,
        ws: &'w mut MlpWorkspace,
    ) -> &'w DMatrix<f64> {
        ws.pre.resize(self.layers.len(), DMatrix::zeros(0, 0));
        ws.post.resize(self.layers.len(), DMatrix::zeros(0, 0));
        for (i, (layer, act)) in self.layers.iter().enumerate() {
            let (before, after) = ws.post.split_at_mut(i);
            let x = if i == 0 { input } else { &before[i - 1] };
            layer.forward(params, x, &mut ws.pre[i]);
            let post = &mut after[0];
            if post.shape() != ws.pre[i].shape() {
                *post = DMatrix::zeros(ws.pre[i].nrows(), ws.pre[i].ncols());
            }
            for (a, &z) in post.iter_mut().zip(ws.pre[i].iter()) {
                *a = act.apply(z);
            }
        }
        &ws.post[self.layers.len() - 1]
    }

    /// Loss of the network on `batch` plus `weight_decay · Σ‖W‖²`; writes its
    /// gradient into `grads` (overwritten, length `n_params`).
    pub fn loss_and_grad(
        &self,
        params: &[f64],
        batch: Batch<'_>,
        loss: Loss,
        weight_decay: f64,
        ws: &mut MlpWorkspace,
        grads: &mut [f64],
    ) -> f64 {
        grads.iter_mut().for_each(|g| *g = 0.0);
        let mut value = 0.0;
        let columns = batch.input.ncols();
        self.accumulate(params, batch, columns, loss, ws, grads, &mut value);
        self.add_weight_decay(params, weight_decay, grads, &mut value);
        value
    }

    /// Adds the loss terms of the columns in `part` (of a batch of `columns`
    /// columns in all, which the loss is averaged over) to `value` and their
    /// gradient to `grads`. Every sum runs over the columns in order, so
    /// consecutive parts give the bits of the whole batch at once.
    #[allow(clippy::too_many_arguments)] // the arguments of loss_and_grad, plus the running sum
    pub(super) fn accumulate(
        &self,
        params: &[f64],
        part: Batch<'_>,
        columns: usize,
        loss: Loss,
        ws: &mut MlpWorkspace,
        grads: &mut [f64],
        value: &mut f64,
    ) {
        let Batch { input, target } = part;
        self.forward(params, input, ws);
        let last = self.layers.len() - 1;
        let out = &ws.post[last];
        let batch = columns as f64;
        let count = (out.nrows() * columns) as f64;
        ws.delta = out.clone();
        let out_act = self.layers[last].1;
        for ((d, &a), (&y, &z)) in ws
            .delta
            .iter_mut()
            .zip(out.iter())
            .zip(target.iter().zip(ws.pre[last].iter()))
        {
            match loss {
                Loss::Mse => {
                    *value += (a - y) * (a - y) / count;
                    *d = 2.0 * (a - y) / count * out_act.derivative(z, a);
                }
                Loss::BinaryCrossEntropy => {
                    let p = a.clamp(1e-12, 1.0 - 1e-12);
                    *value -=
                        (y * crate::math::ln(p) + (1.0 - y) * crate::math::ln(1.0 - p)) / batch;
                    // With a sigmoid output the chain rule collapses to (a - y) / batch.
                    *d = if out_act == Activation::Sigmoid {
                        (a - y) / batch
                    } else {
                        (p - y) / (p * (1.0 - p)) / batch * out_act.derivative(z, a)
                    };
                }
            }
        }
        for i in (0..self.layers.len()).rev() {
            let (layer, _) = self.layers[i];
            let x = if i == 0 { input } else { &ws.post[i - 1] };
            let d_input = (i > 0).then_some(&mut ws.delta_prev);
            layer.backward(params, x, &ws.delta, grads, d_input);
            if i > 0 {
                let act = self.layers[i - 1].1;
                for ((d, &z), &a) in ws
                    .delta_prev
                    .iter_mut()
                    .zip(ws.pre[i - 1].iter())
                    .zip(ws.post[i - 1].iter())
                {
                    *d *= act.derivative(z, a);
                }
                core::mem::swap(&mut ws.delta, &mut ws.delta_prev);
            }
        }
    }

    /// Adds `weight_decay · Σ‖W‖²` to `value` and its gradient to `grads`
    /// (after the data terms, as [`Mlp::loss_and_grad`] does).
    pub(super) fn add_weight_decay(
        &self,
        params: &[f64],
        weight_decay: f64,
        grads: &mut [f64],
        value: &mut f64,
    ) {
        if weight_decay > 0.0 {
            for (layer, _) in &self.layers {
                for k in layer.offset..layer.bias_offset() {
                    *value += weight_decay * params[k] * params[k];
                    grads[k] += 2.0 * weight_decay * params[k];
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::Purpose;

    #[test]
    fn layer_ranges_compose_and_their_jacobian_matches_differences() {
        use Activation::{Gaussian, Identity, Relu, Sigmoid};
        let mlp = Mlp::with_activations(&[2, 6, 5, 2, 4], &[Sigmoid, Relu, Identity, Gaussian]);
        let params = mlp.init(&mut rng::stream(3, Purpose::Init), Some(0.8));
        let x = [0.3, -0.7];
        let input = DMatrix::from_column_slice(2, 1, &x);
        let whole = mlp.run_layers(&params, &input, 0..4);
        let halves = mlp.run_layers(&params, &mlp.run_layers(&params, &input, 0..2), 2..4);
        assert_eq!(whole, halves);
        let mut ws = MlpWorkspace::default();
        assert_eq!(&whole, mlp.forward(&params, &input, &mut ws));
        let j = mlp.jacobian_layers(&params, &x, 0..4);
        assert_eq!(j.shape(), (4, 2));
        let h = 1e-6;
        for k in 0..2 {
            let mut up = x;
            let mut down = x;
            up[k] += h;
            down[k] -= h;
            let run =
                |p: [f64; 2]| mlp.run_layers(&params, &DMatrix::from_column_slice(2, 1, &p), 0..4);
            let fd = (run(up) - run(down)) / (2.0 * h);
            for r in 0..4 {
                assert!(
                    (fd[r] - j[(r, k)]).abs() < 1e-6,
                    "d out{r}/d x{k}: {} vs {}",
                    fd[r],
                    j[(r, k)]
                );
            }
        }
    }

    /// Compares the gradient of `mlp` at `params` with central differences.
    fn assert_gradient(
        mlp: &Mlp,
        params: &[f64],
        batch: Batch<'_>,
        loss: Loss,
        decay: f64,
        h: f64,
        tol: f64,
    ) {
        let mut ws = MlpWorkspace::default();
        let mut grads = alloc::vec![0.0; mlp.n_params];
        mlp.loss_and_grad(params, batch, loss, decay, &mut ws, &mut grads);
        let mut scratch = grads.clone();
        for (k, &analytic) in grads.iter().enumerate() {
            let mut f = |delta: f64| {
                let mut p = params.to_vec();
                p[k] += delta;
                mlp.loss_and_grad(&p, batch, loss, decay, &mut ws, &mut scratch)
            };
            let numeric = (f(h) - f(-h)) / (2.0 * h);
            assert!(
                (numeric - analytic).abs() < tol * (1.0 + numeric.abs()),
                "param {k}: {numeric} vs {analytic}"
            );
        }
    }

    fn check_gradient(loss: Loss, output: Activation) {
        let mlp = Mlp::new(&[3, 5, 4, 2], Activation::Sigmoid, output);
        let mut rng = rng::stream(11, Purpose::Init);
        let mut params = mlp.init(&mut rng, Some(0.8));
        for p in params.iter_mut() {
            *p += 0.1 * rng::normal(&mut rng);
        }
        let input = DMatrix::from_fn(3, 6, |_, _| rng::normal(&mut rng));
        let target = DMatrix::from_fn(2, 6, |_, _| rng::unit(&mut rng));
        let batch = Batch {
            input: &input,
            target: &target,
        };
        assert_gradient(&mlp, &params, batch, loss, 0.01, 1e-6, 1e-7);
    }

    #[test]
    fn mse_gradient_matches_finite_differences() {
        check_gradient(Loss::Mse, Activation::Identity);
    }

    #[test]
    fn bce_gradient_matches_finite_differences() {
        check_gradient(Loss::BinaryCrossEntropy, Activation::Sigmoid);
    }

    #[test]
    fn relu_network_gradient_matches_finite_differences() {
        let mlp = Mlp::new(&[2, 7, 1], Activation::Relu, Activation::Identity);
        let mut rng = rng::stream(5, Purpose::Init);
        let params = mlp.init(&mut rng, None);
        let input = DMatrix::from_fn(2, 9, |_, _| rng::normal(&mut rng));
        let target = DMatrix::from_fn(1, 9, |_, _| rng::normal(&mut rng));
        let batch = Batch {
            input: &input,
            target: &target,
        };
        assert_gradient(&mlp, &params, batch, Loss::Mse, 0.0, 1e-7, 1e-6);
    }
}
