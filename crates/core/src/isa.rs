//! Which vector instructions the hot loops run with, chosen at run time.
//!
//! The portable build targets baseline x86-64 (SSE2: two f64 lanes). The
//! Prototype Lab's objective is also compiled for AVX2 (four lanes) and
//! AVX-512 (eight) and picks the widest the CPU has. Only the width changes:
//! every element sees the same IEEE operations in the same order (no FMA is
//! enabled, and the reductions keep their explicit accumulators), so every
//! level gives the same bits — tested in `crates/core/tests/isa.rs`, and
//! the golden files pass on whichever level the test machine picks.

/// An instruction-set level for the hot loops.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Isa {
    /// The build's own target (SSE2 on x86-64, simd128 in wasm).
    #[default]
    Baseline,
    /// x86-64 with AVX2.
    Avx2,
    /// x86-64 with AVX-512F.
    Avx512,
}

impl Isa {
    /// Every level, narrowest first.
    pub const ALL: [Isa; 3] = [Isa::Baseline, Isa::Avx2, Isa::Avx512];

    /// The widest level this CPU runs (always [`Isa::Baseline`] without the
    /// `std` feature, which detection needs, or off x86-64).
    pub fn detect() -> Isa {
        Self::ALL
            .into_iter()
            .rev()
            .find(|isa| isa.is_available())
            .unwrap_or_default()
    }

    /// Whether this CPU (and this build) can run the level.
    pub fn is_available(self) -> bool {
        match self {
            Isa::Baseline => true,
            #[cfg(all(feature = "std", target_arch = "x86_64"))]
            Isa::Avx2 => std::is_x86_feature_detected!("avx2"),
            #[cfg(all(feature = "std", target_arch = "x86_64"))]
            Isa::Avx512 => std::is_x86_feature_detected!("avx512f"),
            #[cfg(not(all(feature = "std", target_arch = "x86_64")))]
            _ => false,
        }
    }

    /// `"baseline"`, `"avx2"` or `"avx512"`.
    pub fn name(self) -> &'static str {
        match self {
            Isa::Baseline => "baseline",
            Isa::Avx2 => "avx2",
            Isa::Avx512 => "avx512",
        }
    }
}
