//! The wasm build's hand-written SIMD math gives the portable code's bits:
//! `math::exp_neg_in_place` (`f64x2` intrinsics in wasm, blocks natively)
//! against the scalar `math::exp_neg`, and `math::sqrt` (`f64x2.sqrt` in wasm)
//! against `libm`'s software square root. Runs natively (`cargo test`) and in
//! headless Chrome (`wasm-pack test --headless --chrome`); the end-to-end runs
//! are compared across platforms in cross_platform.rs and browser.rs.

use protolab_core::math;

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

/// Every regime of the exponential: the cutoff and either side of it, NaN,
/// ±∞, ±0, subnormal and positive arguments, and a sweep of ordinary ones.
fn arguments() -> Vec<f64> {
    let mut xs: Vec<f64> = (0..1999).map(|k| -0.1777 * k as f64 + 2.5).collect();
    xs.extend([
        math::EXP_NEG_CUTOFF,
        math::EXP_NEG_CUTOFF - 1e-9,
        math::EXP_NEG_CUTOFF + 1e-9,
        -0.0,
        0.0,
        5e-324,
        -5e-324,
        f64::NAN,
        -f64::NAN,
        f64::NEG_INFINITY,
        f64::INFINITY,
        -708.5,
        700.0,
        -1e300,
    ]);
    xs
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn exp_neg_in_place_equals_the_scalar_exp_neg_bit_for_bit() {
    let xs = arguments();
    // Every length up to two blocks and a few more, and every start (so odd
    // tails and the pairs' alignment all occur).
    for start in 0..3 {
        for len in (0..40).chain([xs.len() - start]) {
            let mut fast = xs[start..start + len].to_vec();
            math::exp_neg_in_place(&mut fast);
            for (f, &x) in fast.iter().zip(&xs[start..start + len]) {
                let want = math::exp_neg(x);
                assert!(
                    f.to_bits() == want.to_bits() || (f.is_nan() && want.is_nan()),
                    "exp_neg({x:e}): {f:e} vs {want:e} (start {start}, len {len})"
                );
            }
        }
    }
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn sqrt_equals_libm_bit_for_bit() {
    let mut xs: Vec<f64> = (0..5000)
        .map(|k| 1.37f64.powi(k % 600 - 300) * (1.0 + k as f64 * 1e-3))
        .collect();
    xs.extend([
        0.0,
        -0.0,
        5e-324,
        2.2e-308,
        f64::MAX,
        f64::INFINITY,
        1.0,
        2.0,
        0.25,
    ]);
    for &x in &xs {
        let (got, want) = (math::sqrt(x), libm::sqrt(x));
        assert_eq!(got.to_bits(), want.to_bits(), "sqrt({x:e})");
    }
    for x in [-1.0, f64::NEG_INFINITY, f64::NAN] {
        assert!(math::sqrt(x).is_nan(), "sqrt({x}) is NaN");
    }
}
