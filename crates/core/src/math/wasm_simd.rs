//! [`exp_neg_block`](super::exp_neg_block) written with WebAssembly's 128-bit
//! intrinsics.
//!
//! LLVM vectorised the portable form only in part for wasm: the cutoff clamp
//! left the vector for a compare and a branch per lane (seen in the machine
//! code V8 generated), and the constants were re-read from the stack. Here every
//! pair of elements goes through `f64x2` operations, each the IEEE operation
//! the scalar form does (no fused multiply-add exists in simd128), so the bits
//! are the same (tests/math_bits.rs in the browser; cross_platform.rs and
//! browser.rs compare whole runs with the native numbers).

use super::{EXP_BLOCK, EXP_NEG_CUTOFF, LN2_HI, LN2_LO, LOG2_E, ROUND_MAGIC, TAYLOR};
use core::arch::wasm32::*;

/// Every element of `xs`: blocks of eight vectors, then pairs, then an odd
/// last element by the scalar form.
#[inline(always)]
pub(super) fn exp_neg_slice(xs: &mut [f64]) {
    const V: usize = EXP_BLOCK / 2;
    let mut blocks = xs.chunks_exact_mut(2 * V);
    for b in &mut blocks {
        exp_neg_vectors::<V>(b);
    }
    let mut pairs = blocks.into_remainder().chunks_exact_mut(2);
    for pair in &mut pairs {
        exp_neg_vectors::<1>(pair);
    }
    for v in pairs.into_remainder() {
        *v = super::exp_neg(*v);
    }
}

/// The exponentials of `x`'s `2·V` elements as `V` vectors, coefficient by
/// coefficient, so the vectors' chains are interleaved in program order (as in
/// the portable `exp_neg_block`; Chromium's V8 left one lone chain
/// latency-bound, docs/speed.md).
#[inline(always)]
fn exp_neg_vectors<const V: usize>(x: &mut [f64]) {
    let cutoff = f64x2_splat(EXP_NEG_CUTOFF);
    let (log2_e, round) = (f64x2_splat(LOG2_E), f64x2_splat(ROUND_MAGIC));
    let (ln2_hi, ln2_lo) = (f64x2_splat(LN2_HI), f64x2_splat(LN2_LO));
    let one = i64x2_splat(1.0f64.to_bits() as i64);
    let arg: [v128; V] = core::array::from_fn(|k| f64x2(x[2 * k], x[2 * k + 1]));
    let mut t = [f64x2_splat(0.0); V];
    let mut r = [f64x2_splat(0.0); V];
    for k in 0..V {
        // at_least(arg, cutoff): `cutoff < arg ? arg : cutoff`.
        let xk = f64x2_pmax(cutoff, arg[k]);
        t[k] = f64x2_add(f64x2_mul(xk, log2_e), round);
        let n = f64x2_sub(t[k], round);
        r[k] = f64x2_sub(f64x2_sub(xk, f64x2_mul(n, ln2_hi)), f64x2_mul(n, ln2_lo));
    }
    let mut p = [f64x2_splat(TAYLOR[0]); V];
    for &c in &TAYLOR[1..] {
        let c = f64x2_splat(c);
        for k in 0..V {
            p[k] = f64x2_add(f64x2_mul(p[k], r[k]), c);
        }
    }
    for k in 0..V {
        let v = f64x2_mul(p[k], i64x2_add(one, i64x2_shl(t[k], 52)));
        // The cutoff test on the argument (NaN and −∞ give 0).
        let v = v128_and(v, f64x2_ge(arg[k], cutoff));
        x[2 * k] = f64x2_extract_lane::<0>(v);
        x[2 * k + 1] = f64x2_extract_lane::<1>(v);
    }
}
