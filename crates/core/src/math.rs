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

/// Square root.
#[inline]
pub fn sqrt(x: f64) -> f64 {
    libm::sqrt(x)
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
    let x = x.max(EXP_NEG_CUTOFF);
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

/// Sum of a slice with four independent accumulators (lets the compiler vectorise;
/// the order is fixed, so results are deterministic).
#[inline]
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
#[inline]
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
}
