//! Scalar math and the fast exponential the training loop is built on.
//!
//! Everything goes through the pure-Rust `libm`, with or without `std`, so the
//! native and the wasm builds compute bit-identical numbers for the same seed.
//!
//! The hot loop of the Prototype Lab evaluates ~2.5·10⁴ exponentials per step at
//! N = 100, all of them of non-positive arguments (Gaussian responses, soft-min
//! weights, separation kernels). [`exp_neg`] is branch-free so the compiler can
//! vectorise the loops that call it, and accurate to about one ulp.

/// Natural logarithm.
#[inline]
pub fn ln(x: f64) -> f64 {
    libm::log(x)
}

/// Square root, correctly rounded (IEEE 754), so the same bits everywhere (a
/// NaN's payload aside, which wasm leaves open).
///
/// `libm` uses the CPU's instruction natively (`sqrtsd`) but, on stable Rust,
/// a software square root in the wasm build: 11 % of the study's time in V8
/// (`perf`, docs/speed.md). WebAssembly's `f64.sqrt` is the same correctly rounded
/// operation, so the wasm build uses it (`f64.sqrt` itself is not yet stable in
/// `core::arch`; the lane of `f64x2.sqrt` is the same operation).
#[inline]
pub fn sqrt(x: f64) -> f64 {
    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
    {
        use core::arch::wasm32::{f64x2_extract_lane, f64x2_splat, f64x2_sqrt};
        f64x2_extract_lane::<0>(f64x2_sqrt(f64x2_splat(x)))
    }
    #[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
    {
        libm::sqrt(x)
    }
}

/// Reference exponential; used for tests and cold code.
#[inline]
pub fn exp(x: f64) -> f64 {
    libm::exp(x)
}

/// Cosine.
#[inline]
pub fn cos(x: f64) -> f64 {
    libm::cos(x)
}

/// Sine.
#[inline]
pub fn sin(x: f64) -> f64 {
    libm::sin(x)
}

/// `x.max(floor)` for a non-NaN, non-zero `floor`, bit for bit, written as a
/// compare and a select.
///
/// Rust's `f64::max` ignores a NaN operand, which WebAssembly's `f64x2.max` does
/// not, so in the wasm build LLVM cannot vectorise it: every element left the
/// vector for a call to a scalar `fmax` (seen in the disassembly of the page's
/// module). This form is exactly wasm's `f64x2.pmax(floor, x)` (`floor < x ? x :
/// floor`): a NaN `x` gets `floor`, as `max` gives, and `x == floor` gives the
/// same value (not ±0, so the same bits). Natively it is a compare and a blend.
/// See docs/speed.md, "The browser".
#[inline(always)]
pub fn at_least(x: f64, floor: f64) -> f64 {
    if floor < x { x } else { floor }
}

/// `m.min(v)` for a running minimum `m` that is never NaN, bit for bit, as a
/// compare and a select: wasm's `f64x2.pmin(m, v)` (see [`at_least`]).
///
/// A NaN `v` keeps `m`, as `min` does; `m` only ever takes a `v` that compared
/// below it, so it stays non-NaN if it starts so (e.g. at +∞).
#[inline(always)]
pub fn running_min(m: f64, v: f64) -> f64 {
    if v < m { v } else { m }
}

const LOG2_E: f64 = core::f64::consts::LOG2_E;
// ln 2 split so that n·LN2_HI is exact for |n| < 2¹¹ (Cody–Waite reduction).
const LN2_HI: f64 = 0.693_147_180_369_123_8;
const LN2_LO: f64 = 1.908_214_929_270_587_7e-10;
// Adding 1.5·2⁵² rounds to an integer and leaves it in the low mantissa bits.
const ROUND_MAGIC: f64 = 6_755_399_441_055_744.0;
/// Taylor coefficients of e^r, highest degree (1/12!) first.
const TAYLOR: [f64; 13] = [
    1.0 / 479_001_600.0,
    1.0 / 39_916_800.0,
    1.0 / 3_628_800.0,
    1.0 / 362_880.0,
    1.0 / 40_320.0,
    1.0 / 5_040.0,
    1.0 / 720.0,
    1.0 / 120.0,
    1.0 / 24.0,
    1.0 / 6.0,
    1.0 / 2.0,
    1.0,
    1.0,
];

/// Below this `exp_neg` returns exactly 0.
///
/// e^−350 ≈ 10⁻¹⁵², far below anything the sums it enters can resolve; cutting
/// there keeps every product of two responses a normal number. Subnormal
/// intermediates cost ~100 cycles each on x86 and made N = 100 steps 3× slower.
pub const EXP_NEG_CUTOFF: f64 = -350.0;

/// `e^x` for `x <= 0` (positive inputs up to ~709 also work), branch-free.
///
/// Returns exactly 0 below [`EXP_NEG_CUTOFF`] (and for NaN and −∞). Elsewhere
/// the relative error is about 1 ulp (tested against the reference [`exp`]).
#[inline(always)]
pub fn exp_neg(x: f64) -> f64 {
    let keep = x >= EXP_NEG_CUTOFF;
    let x = at_least(x, EXP_NEG_CUTOFF);
    let t = x * LOG2_E + ROUND_MAGIC;
    let n = t - ROUND_MAGIC;
    let r = (x - n * LN2_HI) - n * LN2_LO;
    // Taylor series of e^r on |r| <= ln2/2, degree 12: truncation error < 2e-16.
    // Horner over a constant array; the loop is fully unrolled.
    let mut p = TAYLOR[0];
    for &c in &TAYLOR[1..] {
        p = p * r + c;
    }
    // 2^n built from the integer sitting in t's low mantissa bits.
    let scale = f64::from_bits(1.0f64.to_bits().wrapping_add(t.to_bits() << 52));
    if keep { p * scale } else { 0.0 }
}

/// Elements per block of [`exp_neg_in_place`]: enough independent Horner
/// chains in flight to hide the multiply-add latency (see there).
pub const EXP_BLOCK: usize = 16;

/// [`exp_neg`] of every element of a block, bit for bit the same numbers.
///
/// The degree-12 Horner chain of one exponential is ~25 dependent operations.
/// Written coefficient-outer over a block, the chains of the block's elements
/// are interleaved in program order instead of relying on the out-of-order
/// window to overlap loop iterations. Measured on an AMD EPYC (docs/speed.md, "Native training")
/// it gains little (~4 % at N = 100); the instruction-set dispatch of
/// [`crate::isa`] is what doubled the speed. Each element still sees exactly
/// the operations of [`exp_neg`], in order.
#[inline(always)]
pub fn exp_neg_block<const B: usize>(x: &mut [f64; B]) {
    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
    wasm_simd::exp_neg_slice(x);
    #[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
    interleaved_block(x);
}

/// [`exp_neg_block`]'s portable form: the block's chains interleaved.
#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
#[inline(always)]
fn interleaved_block<const B: usize>(x: &mut [f64; B]) {
    let arg = *x;
    let mut t = [0.0; B];
    let mut r = [0.0; B];
    for k in 0..B {
        let xk = at_least(arg[k], EXP_NEG_CUTOFF);
        t[k] = xk * LOG2_E + ROUND_MAGIC;
        let n = t[k] - ROUND_MAGIC;
        r[k] = (xk - n * LN2_HI) - n * LN2_LO;
    }
    let mut p = [TAYLOR[0]; B];
    for &c in &TAYLOR[1..] {
        for k in 0..B {
            p[k] = p[k] * r[k] + c;
        }
    }
    for k in 0..B {
        let scale = f64::from_bits(1.0f64.to_bits().wrapping_add(t[k].to_bits() << 52));
        let v = p[k] * scale;
        // The cutoff test as a select on the argument (NaN and −∞ give 0).
        x[k] = if arg[k] >= EXP_NEG_CUTOFF { v } else { 0.0 };
    }
}

/// [`exp_neg_block`] written with WebAssembly's 128-bit intrinsics
/// (math/wasm_simd.rs).
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
mod wasm_simd;

/// Replaces every element `v` of `xs` by [`exp_neg`]`(v)` (bit for bit), in
/// blocks of [`EXP_BLOCK`] (see [`exp_neg_block`]) and the rest one by one.
#[inline(always)]
pub fn exp_neg_in_place(xs: &mut [f64]) {
    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
    wasm_simd::exp_neg_slice(xs);
    #[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
    in_blocks(xs);
}

/// [`exp_neg_in_place`]'s portable form.
#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
#[inline(always)]
fn in_blocks(xs: &mut [f64]) {
    let mut blocks = xs.chunks_exact_mut(EXP_BLOCK);
    for b in &mut blocks {
        let b: &mut [f64; EXP_BLOCK] = b.try_into().expect("a whole block");
        exp_neg_block(b);
    }
    for v in blocks.into_remainder() {
        *v = exp_neg(*v);
    }
}

/// Sum of a slice with four independent accumulators (lets the compiler vectorise;
/// the order is fixed, so results are deterministic).
#[inline(always)]
pub fn sum(a: &[f64]) -> f64 {
    let mut acc = [0.0; 4];
    let chunks = a.chunks_exact(4);
    let tail = chunks.remainder();
    for c in chunks {
        for l in 0..4 {
            acc[l] += c[l];
        }
    }
    let mut s = (acc[0] + acc[1]) + (acc[2] + acc[3]);
    for v in tail {
        s += v;
    }
    s
}

/// Dot product of two equal-length slices, four accumulators as in [`sum`].
#[inline(always)]
pub fn dot(a: &[f64], b: &[f64]) -> f64 {
    debug_assert_eq!(a.len(), b.len());
    let mut acc = [0.0; 4];
    let ca = a.chunks_exact(4);
    let cb = b.chunks_exact(4);
    let (ta, tb) = (ca.remainder(), cb.remainder());
    for (x, y) in ca.zip(cb) {
        for l in 0..4 {
            acc[l] += x[l] * y[l];
        }
    }
    let mut s = (acc[0] + acc[1]) + (acc[2] + acc[3]);
    for (x, y) in ta.iter().zip(tb) {
        s += x * y;
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exp_neg_matches_reference_to_a_few_ulp() {
        let mut worst = 0.0f64;
        let mut x = EXP_NEG_CUTOFF;
        while x <= 5.0 {
            let (fast, reference) = (exp_neg(x), exp(x));
            worst = worst.max(((fast - reference) / reference).abs());
            x += 0.001_37;
        }
        assert!(worst < 1e-15, "worst relative error {worst}");
    }

    #[test]
    fn blocked_exp_neg_equals_the_scalar_one_bit_for_bit() {
        // Every regime: the cutoff, NaN, −∞, tiny and positive arguments, and
        // lengths that leave a partial block.
        let mut xs: alloc::vec::Vec<f64> = (0..997).map(|k| -0.37 * k as f64 + 3.0).collect();
        xs.extend([
            EXP_NEG_CUTOFF,
            EXP_NEG_CUTOFF - 1e-9,
            -0.0,
            1e-300,
            f64::NAN,
        ]);
        xs.extend([f64::NEG_INFINITY, -708.5, 700.0]);
        for len in [0, 1, EXP_BLOCK - 1, EXP_BLOCK, EXP_BLOCK + 3, xs.len()] {
            let mut fast = xs[..len].to_vec();
            exp_neg_in_place(&mut fast);
            for (f, &x) in fast.iter().zip(&xs[..len]) {
                assert_eq!(f.to_bits(), exp_neg(x).to_bits(), "exp_neg({x})");
            }
        }
    }

    #[test]
    fn exp_neg_is_zero_below_the_cutoff() {
        for x in [
            EXP_NEG_CUTOFF - 1e-9,
            -708.5,
            -1e4,
            f64::NEG_INFINITY,
            f64::NAN,
        ] {
            assert_eq!(exp_neg(x), 0.0, "{x}");
        }
        assert!(exp_neg(EXP_NEG_CUTOFF) > 0.0);
        assert_eq!(exp_neg(0.0), 1.0);
    }

    #[test]
    fn selects_equal_f64_max_and_min_bit_for_bit() {
        // Every kind of operand the training loops can see: NaN, ±∞, ±0,
        // subnormals, the cutoff itself and values either side of it.
        let vals = [
            f64::NAN,
            -f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            0.0,
            -0.0,
            5e-324,
            -5e-324,
            1.0,
            -1.0,
            EXP_NEG_CUTOFF,
            EXP_NEG_CUTOFF - 1e-9,
            EXP_NEG_CUTOFF + 1e-9,
            -708.5,
            f64::MAX,
            f64::MIN,
        ];
        for &x in &vals {
            let want = x.max(EXP_NEG_CUTOFF);
            assert_eq!(
                at_least(x, EXP_NEG_CUTOFF).to_bits(),
                want.to_bits(),
                "max({x})"
            );
        }
        // A running minimum starts at +∞ and only sees squares (never −0).
        for &m in vals.iter().filter(|m| !m.is_nan() && **m != 0.0) {
            for &v in &vals {
                let want = m.min(v);
                assert_eq!(running_min(m, v).to_bits(), want.to_bits(), "min({m}, {v})");
            }
        }
        assert_eq!(running_min(0.0, 0.0).to_bits(), 0.0f64.to_bits());
    }
}
