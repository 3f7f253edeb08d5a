//! A dense (fully connected) layer as a view into a flat parameter vector.

use nalgebra::{DMatrix, DMatrixView, DMatrixViewMut, DVectorView};

/// Assigns parameter ranges to layers, in order.
#[derive(Clone, Copy, Debug, Default)]
pub struct Layout {
    len: usize,
}

impl Layout {
    /// An empty layout.
    pub fn new() -> Self {
        Self::default()
    }

    /// Reserves a dense layer `inputs → outputs` and returns its view descriptor.
    pub fn dense(&mut self, inputs: usize, outputs: usize) -> Dense {
        let layer = Dense {
            inputs,
            outputs,
            offset: self.len,
        };
        self.len += layer.len();
        layer
    }

    /// Reserves `count` loose parameters and returns their offset.
    pub fn extra(&mut self, count: usize) -> usize {
        let at = self.len;
        self.len += count;
        at
    }

    /// Total number of parameters reserved so far.
    pub fn len(&self) -> usize {
        self.len
    }

    /// True when nothing was reserved.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
}

/// A dense layer `a = W x + b` whose `W` (`outputs × inputs`, column-major) and
/// `b` (`outputs`) live at `offset` in a flat parameter vector, in that order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Dense {
    /// Input width.
    pub inputs: usize,
    /// Output width.
    pub outputs: usize,
    /// Where `W` starts in the flat vector; `b` follows it.
    pub offset: usize,
}

impl Dense {
    /// Number of parameters (`outputs·inputs + outputs`).
    pub fn len(&self) -> usize {
        self.outputs * (self.inputs + 1)
    }

    /// True for a layer without parameters.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Offset of the bias within the flat vector.
    pub fn bias_offset(&self) -> usize {
        self.offset + self.outputs * self.inputs
    }

    /// `W`, `outputs × inputs`.
    pub fn weights<'a>(&self, params: &'a [f64]) -> DMatrixView<'a, f64> {
        DMatrixView::from_slice(
            &params[self.offset..self.bias_offset()],
            self.outputs,
            self.inputs,
        )
    }

    /// `W`, mutable.
    pub fn weights_mut<'a>(&self, params: &'a mut [f64]) -> DMatrixViewMut<'a, f64> {
        let range = self.offset..self.bias_offset();
        DMatrixViewMut::from_slice(&mut params[range], self.outputs, self.inputs)
    }

    /// `b`, length `outputs`.
    pub fn bias<'a>(&self, params: &'a [f64]) -> DVectorView<'a, f64> {
        let at = self.bias_offset();
        DVectorView::from_slice(&params[at..at + self.outputs], self.outputs)
    }

    /// `out = W · input + b` for a batch: `input` is `inputs × batch`, `out` is
    /// resized to `outputs × batch` only when its shape differs.
    ///
    /// The products are explicit loops with a fixed summation order (no BLAS
    /// kernel that picks FMA at run time), so native and wasm builds compute
    /// the same bits; the inner loops run over contiguous columns and vectorise.
    pub fn forward(&self, params: &[f64], input: &DMatrix<f64>, out: &mut DMatrix<f64>) {
        let batch = input.ncols();
        if out.shape() != (self.outputs, batch) {
            *out = DMatrix::zeros(self.outputs, batch);
        }
        let (w, b) = self.slices(params);
        let x = input.as_slice();
        for (n, col) in out
            .as_mut_slice()
            .chunks_exact_mut(self.outputs)
            .enumerate()
        {
            col.fill(0.0);
            for (i, w_col) in w.chunks_exact(self.outputs).enumerate() {
                let xi = x[n * self.inputs + i];
                // Zero inputs (most MNIST pixels) add nothing: skip them.
                if xi == 0.0 {
                    continue;
                }
                for (o, wv) in col.iter_mut().zip(w_col) {
                    *o += wv * xi;
                }
            }
            for (o, bv) in col.iter_mut().zip(b) {
                *o += bv;
            }
        }
    }

    /// `(W as column-major slice, b)`.
    fn slices<'a>(&self, params: &'a [f64]) -> (&'a [f64], &'a [f64]) {
        let at = self.bias_offset();
        (&params[self.offset..at], &params[at..at + self.outputs])
    }

    /// Back-propagates `d_out` (`outputs × batch`, the loss gradient w.r.t. this
    /// layer's output): adds `d_out · inputᵀ` and the row sums of `d_out` to the
    /// layer's slots in `grads`, and if asked writes `Wᵀ · d_out` to `d_input`.
    /// Fixed summation order, as in [`Dense::forward`].
    pub fn backward(
        &self,
        params: &[f64],
        input: &DMatrix<f64>,
        d_out: &DMatrix<f64>,
        grads: &mut [f64],
        d_input: Option<&mut DMatrix<f64>>,
    ) {
        let at = self.bias_offset();
        let x = input.as_slice();
        let d = d_out.as_slice();
        let (gw, gb) = grads[self.offset..at + self.outputs].split_at_mut(at - self.offset);
        for (i, g_col) in gw.chunks_exact_mut(self.outputs).enumerate() {
            for (n, d_col) in d.chunks_exact(self.outputs).enumerate() {
                let xi = x[n * self.inputs + i];
                if xi == 0.0 {
                    continue;
                }
                for (g, dv) in g_col.iter_mut().zip(d_col) {
                    *g += dv * xi;
                }
            }
        }
        for d_col in d.chunks_exact(self.outputs) {
            for (g, dv) in gb.iter_mut().zip(d_col) {
                *g += dv;
            }
        }
        if let Some(d_input) = d_input {
            if d_input.shape() != input.shape() {
                *d_input = DMatrix::zeros(input.nrows(), input.ncols());
            }
            let (w, _) = self.slices(params);
            let di = d_input.as_mut_slice();
            for (n, d_col) in d.chunks_exact(self.outputs).enumerate() {
                for (i, w_col) in w.chunks_exact(self.outputs).enumerate() {
                    di[n * self.inputs + i] = crate::math::dot(w_col, d_col);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layout_assigns_consecutive_ranges() {
        let mut layout = Layout::new();
        let a = layout.dense(3, 2);
        let b = layout.dense(2, 1);
        assert_eq!((a.offset, a.len(), b.offset, b.len()), (0, 8, 8, 3));
        assert_eq!(layout.len(), 11);
        let params: alloc::vec::Vec<f64> = (0..11).map(f64::from).collect();
        // Column-major: W[1, 0] is the second stored weight.
        assert_eq!(a.weights(&params)[(1, 0)], 1.0);
        assert_eq!(a.bias(&params)[1], 7.0);
    }
}
