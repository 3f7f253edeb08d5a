//! The objective's hot loops at the widest instruction set the CPU has (see
//! [`crate::isa`]): the same source compiled once per level.

use crate::isa::Isa;

/// Runs `body` compiled for `isa`. `body` must be `#[inline(always)]` (a
/// closure marked so) for its loops to be compiled at that level.
///
/// # Safety
/// `isa` must be available on this CPU ([`Isa::is_available`]).
#[allow(unsafe_code)]
#[inline(always)]
pub(super) unsafe fn at_level<R>(isa: Isa, body: impl FnOnce() -> R) -> R {
    #[cfg(all(feature = "std", target_arch = "x86_64"))]
    match isa {
        // SAFETY: the caller guarantees the level is available.
        Isa::Avx2 => return unsafe { wide::avx2(body) },
        // SAFETY: as above.
        Isa::Avx512 => return unsafe { wide::avx512(body) },
        Isa::Baseline => {}
    }
    let _ = isa;
    body()
}

#[cfg(all(feature = "std", target_arch = "x86_64"))]
mod wide {
    /// `body` compiled with AVX2 (no FMA: the numbers stay the same).
    #[target_feature(enable = "avx2")]
    pub(super) fn avx2<R>(body: impl FnOnce() -> R) -> R {
        body()
    }

    /// `body` compiled with AVX-512F.
    #[target_feature(enable = "avx512f")]
    pub(super) fn avx512<R>(body: impl FnOnce() -> R) -> R {
        body()
    }
}
