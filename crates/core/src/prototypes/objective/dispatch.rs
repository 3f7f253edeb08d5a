//! The objective's hot loops at the widest instruction set the CPU has (see
//! [`crate::isa`]): the same source compiled once per level.

use crate::isa::Isa;

/// An instruction-set level this CPU has (checked when made), to run hot
/// loops at.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Level(Isa);

impl Level {
    /// The widest level this CPU has.
    pub(super) fn detect() -> Self {
        Self(Isa::detect())
    }

    /// `isa` if this CPU has it, else the baseline.
    pub(super) fn new(isa: Isa) -> Self {
        Self(if isa.is_available() {
            isa
        } else {
            Isa::Baseline
        })
    }

    /// The level.
    pub(super) fn isa(self) -> Isa {
        self.0
    }

    /// Runs `body` compiled for this level. `body` must be `#[inline(always)]`
    /// (a closure marked so) for its loops to be compiled at that level.
    #[allow(unsafe_code)]
    #[inline(always)]
    pub(super) fn run<R>(self, body: impl FnOnce() -> R) -> R {
        #[cfg(all(feature = "std", target_arch = "x86_64"))]
        match self.0 {
            // SAFETY: a `Level` only holds a level `Isa::is_available` confirmed.
            Isa::Avx2 => return unsafe { wide::avx2(body) },
            // SAFETY: as above.
            Isa::Avx512 => return unsafe { wide::avx512(body) },
            Isa::Baseline => {}
        }
        body()
    }
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
