//! Seeded, platform-independent random streams.
//!
//! Every run owns its generators, made from the run's `u64` seed, so a seed in a
//! URL or a CSV row reproduces the run bit for bit on any machine (Xoshiro256++
//! gives the same sequence on 32-bit wasm and 64-bit native, unlike `SmallRng`).

use rand::{Rng, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;

/// The generator type used throughout the core.
pub type Stream = Xoshiro256PlusPlus;

/// Which independent stream of a seed to draw from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Purpose {
    /// Training inputs and targets.
    Data,
    /// Network initialisation.
    Init,
    /// Anything else a lab needs (noise trials, shuffles).
    Aux,
}

/// A stream for `purpose`, independent of the other purposes of the same seed
/// (separated by Xoshiro's 2¹²⁸-step jumps).
pub fn stream(seed: u64, purpose: Purpose) -> Stream {
    let mut rng = Stream::seed_from_u64(seed);
    let jumps = match purpose {
        Purpose::Data => 0,
        Purpose::Init => 1,
        Purpose::Aux => 2,
    };
    for _ in 0..jumps {
        rng.jump();
    }
    rng
}

/// A uniform draw from `[lo, hi)`.
pub fn uniform(rng: &mut Stream, lo: f64, hi: f64) -> f64 {
    lo + (hi - lo) * unit(rng)
}

/// A uniform draw from `[0, 1)` with 53 random bits.
pub fn unit(rng: &mut Stream) -> f64 {
    (rng.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
}

/// A standard normal draw (Box–Muller; uses two uniforms).
pub fn normal(rng: &mut Stream) -> f64 {
    // 1 - unit() lies in (0, 1], so the logarithm is finite.
    let u1 = 1.0 - unit(rng);
    let u2 = unit(rng);
    crate::math::sqrt(-2.0 * crate::math::ln(u1)) * crate::math::cos(core::f64::consts::TAU * u2)
}

/// A uniform draw from `0..n` (`n > 0`; multiply-shift, bias below n / 2⁶⁴).
pub fn below(rng: &mut Stream, n: u64) -> u64 {
    ((u128::from(rng.next_u64()) * u128::from(n)) >> 64) as u64
}

/// A fair coin: `+1.0` or `-1.0`.
pub fn sign(rng: &mut Stream) -> f64 {
    if rng.next_u64() >> 63 == 0 { 1.0 } else { -1.0 }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streams_are_reproducible_and_distinct() {
        let a: [u64; 4] = core::array::from_fn(|_| stream(7, Purpose::Data).next_u64());
        assert!(a.iter().all(|&v| v == a[0]));
        assert_ne!(
            stream(7, Purpose::Data).next_u64(),
            stream(7, Purpose::Init).next_u64()
        );
        assert_ne!(
            stream(7, Purpose::Data).next_u64(),
            stream(8, Purpose::Data).next_u64()
        );
    }

    #[test]
    fn normal_has_unit_moments() {
        let mut rng = stream(1, Purpose::Aux);
        let n = 200_000;
        let draws: alloc::vec::Vec<f64> = (0..n).map(|_| normal(&mut rng)).collect();
        let mean = draws.iter().sum::<f64>() / n as f64;
        let var = draws.iter().map(|d| (d - mean) * (d - mean)).sum::<f64>() / n as f64;
        assert!(
            mean.abs() < 0.01 && (var - 1.0).abs() < 0.02,
            "{mean} {var}"
        );
    }
}
