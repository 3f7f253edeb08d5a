//! Axis ranges plotters can always draw.
//!
//! plotters' key-point loops assume a sane range: on a log axis from 0 (a
//! subnormal divided by the padding) or to infinity (1e308 times the padding)
//! they multiply a tick by 10 forever, and on a linear axis that is infinite or
//! narrower than the rounding of its own endpoints they divide the tick spacing
//! forever. So every range handed to a chart is made finite, positive on log
//! axes, at most [`LOG_DECADES`] decades tall and wide enough to tick; points
//! outside it are drawn on its edge rather than thrown at the backend.

/// Smallest value a log axis reaches down to (well clear of subnormals).
const LOG_FLOOR: f64 = 1e-300;
/// Largest value a log axis reaches up to (padding it stays finite).
const LOG_CEIL: f64 = 1e300;
/// Most decades a log axis spans; smaller values sit on its lower edge.
pub const LOG_DECADES: i32 = 30;
/// Largest magnitude a linear axis reaches (its width stays finite).
const LINEAR_LIMIT: f64 = 1e300;
/// Narrowest linear range, relative to its magnitude, whose ticks plotters
/// can still place (its spacing loop needs the endpoints to differ by far
/// more than their rounding).
const LINEAR_MIN_WIDTH: f64 = 1e-9;

/// One axis of a chart: its range, and whether it is logarithmic.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Axis {
    /// Lower end (> 0 on a log axis).
    pub lo: f64,
    /// Upper end (> `lo`).
    pub hi: f64,
    /// Log scale.
    pub log: bool,
}

impl Axis {
    /// True when `v` can be placed on this kind of axis at all (finite, and
    /// positive on a log axis); other values are left out, not plotted.
    pub fn accepts(log: bool, v: f64) -> bool {
        v.is_finite() && (!log || v > 0.0)
    }

    /// The padded range of `values` (those the axis [`accepts`](Self::accepts)).
    pub fn fit(values: impl IntoIterator<Item = f64>, log: bool) -> Self {
        let (mut lo, mut hi) = values
            .into_iter()
            .filter(|&v| Self::accepts(log, v))
            .map(|v| Self::limit(log, v))
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| {
                (a.min(v), b.max(v))
            });
        if !lo.is_finite() {
            (lo, hi) = (if log { 1e-3 } else { 0.0 }, 1.0);
        }
        if log {
            lo = lo.max(hi / 10f64.powi(LOG_DECADES));
            if hi <= lo {
                // One value: a decade above it, or below it at the ceiling.
                if lo * 10.0 <= LOG_CEIL {
                    hi = lo * 10.0;
                } else {
                    lo = hi / 10.0;
                }
            }
            Self {
                lo: lo / 1.5,
                hi: hi * 1.5,
                log,
            }
        } else {
            if hi <= lo {
                hi = lo + 1.0;
            }
            let min_width = LINEAR_MIN_WIDTH * lo.abs().max(hi.abs());
            if hi - lo < min_width {
                let mid = lo / 2.0 + hi / 2.0;
                (lo, hi) = (mid - min_width, mid + min_width);
            }
            let pad = 0.05 * (hi - lo);
            Self {
                lo: lo - pad,
                hi: hi + pad,
                log,
            }
        }
    }

    /// A range the caller fixed (e.g. headroom for a legend), if it is one
    /// plotters can draw; otherwise the fitted range of `values`.
    pub fn fixed_or_fit(
        fixed: Option<(f64, f64)>,
        values: impl IntoIterator<Item = f64>,
        log: bool,
    ) -> Self {
        match fixed {
            Some((lo, hi)) if Self::drawable(lo, hi, log) => Self { lo, hi, log },
            _ => Self::fit(values, log),
        }
    }

    /// `v` within the axis (points beyond it are drawn on its edge).
    pub fn clamp(&self, v: f64) -> f64 {
        v.clamp(self.lo, self.hi)
    }

    /// True when plotters can tick `[lo, hi]`: finite, ordered, positive and
    /// at most [`LOG_DECADES`] (+1 for padding) decades on a log axis, within
    /// the magnitude limit and wide enough relative to it on a linear one.
    pub fn drawable(lo: f64, hi: f64, log: bool) -> bool {
        if !(Self::accepts(log, lo) && Self::accepts(log, hi) && lo < hi) {
            return false;
        }
        if log {
            lo >= LOG_FLOOR / 1.5
                && hi <= LOG_CEIL * 1.5
                && (hi / lo).log10() <= f64::from(LOG_DECADES) + 1.0
        } else {
            let size = lo.abs().max(hi.abs());
            size <= 1.2 * LINEAR_LIMIT && hi - lo >= LINEAR_MIN_WIDTH * size
        }
    }

    fn limit(log: bool, v: f64) -> f64 {
        if log {
            v.clamp(LOG_FLOOR, LOG_CEIL)
        } else {
            v.clamp(-LINEAR_LIMIT, LINEAR_LIMIT)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sane(a: Axis) {
        assert!(Axis::drawable(a.lo, a.hi, a.log), "{a:?}");
    }

    #[test]
    fn degenerate_values_give_drawable_ranges() {
        let hostile = [
            4.9e-324,
            1e-310,
            0.0,
            -1.0,
            1e308,
            f64::MAX,
            f64::MIN,
            f64::INFINITY,
            f64::NAN,
            1.0,
            1e300 + 1e285,
        ];
        for &a in &hostile {
            for &b in &hostile {
                for log in [false, true] {
                    sane(Axis::fit([a, b], log));
                    sane(Axis::fixed_or_fit(Some((a, b)), [b, a], log));
                }
            }
        }
        // Ordinary data keeps the previous padding exactly.
        assert_eq!(
            Axis::fit([0.01, 0.5], true),
            Axis {
                lo: 0.01 / 1.5,
                hi: 0.75,
                log: true
            }
        );
        let a = Axis::fit([0.0, 1.0], false);
        assert_eq!((a.lo, a.hi), (-0.05, 1.05));
        assert_eq!(
            Axis::fixed_or_fit(Some((-0.05, 1.5)), [3.0], false),
            Axis {
                lo: -0.05,
                hi: 1.5,
                log: false
            }
        );
        // 600 decades of data: the top 30 are shown, the rest sit on the edge.
        let tall = Axis::fit([1e-300, 1e300], true);
        assert_eq!(tall.clamp(1e-300), tall.lo);
    }
}
