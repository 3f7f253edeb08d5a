//! Training data: generated 1-D data sets and user-supplied points.

use crate::config::Target;
use crate::math;
use crate::rng::{self, Purpose};
use alloc::string::String;
use alloc::vec::Vec;

/// A 1-D regression data set, sorted by `x`.
#[derive(Clone, Debug, PartialEq)]
pub struct Dataset {
    /// Inputs, ascending.
    pub x: Vec<f64>,
    /// Targets, `y[i]` belongs to `x[i]`.
    pub y: Vec<f64>,
}

/// Largest magnitude accepted for a user-supplied coordinate.
pub const MAX_ABS_COORD: f64 = 1e3;

impl Dataset {
    /// `n` inputs `x ~ U(-1, 1)` (sorted) with targets from `target`, drawn from
    /// the data stream of `seed`.
    pub fn generate(target: Target, n: usize, seed: u64) -> Self {
        let mut rng = rng::stream(seed, Purpose::Data);
        let mut x: Vec<f64> = (0..n).map(|_| rng::uniform(&mut rng, -1.0, 1.0)).collect();
        crate::sort::sort_f64(&mut x);
        let y = x
            .iter()
            .map(|&xi| match target {
                Target::Random => rng::uniform(&mut rng, -1.0, 1.0),
                Target::Sine => math::sin(core::f64::consts::PI * xi),
                Target::Step => {
                    if xi < 0.0 {
                        -1.0
                    } else {
                        1.0
                    }
                }
            })
            .collect();
        Self { x, y }
    }

    /// A data set from user points (any order). Rejects an empty set, non-finite
    /// coordinates and coordinates beyond ±[`MAX_ABS_COORD`], naming the point.
    pub fn from_points(points: &[(f64, f64)]) -> Result<Self, crate::InputError> {
        Self::from_points_text(points).map_err(crate::InputError::of(crate::InputKind::Points))
    }

    fn from_points_text(points: &[(f64, f64)]) -> Result<Self, String> {
        if points.is_empty() {
            return Err("the data set is empty: add at least one point".into());
        }
        for (i, &(x, y)) in points.iter().enumerate() {
            if !(x.is_finite() && y.is_finite()) {
                return Err(alloc::format!(
                    "point {}: ({x}, {y}) is not a finite number",
                    i + 1
                ));
            }
            if x.abs() > MAX_ABS_COORD || y.abs() > MAX_ABS_COORD {
                return Err(alloc::format!(
                    "point {}: ({x}, {y}) is beyond ±{MAX_ABS_COORD}",
                    i + 1
                ));
            }
        }
        let mut sorted = points.to_vec();
        crate::sort::sort_by(&mut sorted, |a, b| a.0.total_cmp(&b.0));
        Ok(Self {
            x: sorted.iter().map(|p| p.0).collect(),
            y: sorted.iter().map(|p| p.1).collect(),
        })
    }

    /// Number of points.
    pub fn len(&self) -> usize {
        self.x.len()
    }

    /// True when there are no points.
    pub fn is_empty(&self) -> bool {
        self.x.is_empty()
    }

    /// Mean spacing of the inputs, `(max x − min x) / (N − 1)`; 1 when there are
    /// fewer than two distinct inputs (so τ in spacing units stays usable).
    pub fn mean_spacing(&self) -> f64 {
        let (lo, hi) = self.hull();
        let spacing = (hi - lo) / (self.len().max(2) - 1) as f64;
        if spacing > 0.0 { spacing } else { 1.0 }
    }

    /// The convex hull of the inputs, `[min x, max x]`.
    pub fn hull(&self) -> (f64, f64) {
        (self.x[0], self.x[self.x.len() - 1])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_data_is_sorted_in_range_and_seeded() {
        for target in Target::ALL {
            let d = Dataset::generate(target, 50, 3);
            assert_eq!(d.len(), 50);
            assert!(d.x.windows(2).all(|w| w[0] <= w[1]));
            assert!(d.x.iter().chain(&d.y).all(|v| (-1.0..=1.0).contains(v)));
            assert_eq!(d, Dataset::generate(target, 50, 3));
            assert_ne!(d, Dataset::generate(target, 50, 4));
        }
    }

    #[test]
    fn user_points_are_checked_and_sorted() {
        let d = Dataset::from_points(&[(0.5, 1.0), (-0.5, 2.0)]).unwrap();
        assert_eq!(d.x, [-0.5, 0.5]);
        assert_eq!(d.y, [2.0, 1.0]);
        assert!(Dataset::from_points(&[]).is_err());
        let e = Dataset::from_points(&[(0.0, 0.0), (f64::NAN, 1.0)]).unwrap_err();
        assert!(e.message.starts_with("point 2"), "{e}");
        assert!(Dataset::from_points(&[(1e9, 0.0)]).is_err());
    }
}

/// Reads user points from CSV text: one `x,y` per line (comma, semicolon, tab or
/// spaces between), an optional header line, blank lines and `#` comments
/// skipped. Errors name the line and the problem; nothing is returned unless
/// every line is good.
pub fn parse_points_csv(text: &str) -> Result<Vec<(f64, f64)>, crate::InputError> {
    parse_points_csv_text(text).map_err(crate::InputError::of(crate::InputKind::PointsCsv))
}

fn parse_points_csv_text(text: &str) -> Result<Vec<(f64, f64)>, String> {
    let mut points = Vec::new();
    for (k, raw) in text.lines().enumerate() {
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let fields: Vec<&str> = line
            .split([',', ';', '\t', ' '])
            .map(str::trim)
            .filter(|f| !f.is_empty())
            .collect();
        let n = k + 1;
        if points.is_empty()
            && fields.iter().any(|f| f.parse::<f64>().is_err())
            && fields.len() == 2
        {
            // A header such as `x,y` before the first point.
            if fields
                .iter()
                .all(|f| f.chars().all(|c| c.is_alphabetic() || c == '_'))
            {
                continue;
            }
        }
        if fields.len() != 2 {
            return Err(alloc::format!(
                "line {n}: expected two numbers \"x,y\", found {} field(s): {}",
                fields.len(),
                quote(line)
            ));
        }
        let num = |f: &str, what: &str| -> Result<f64, String> {
            match f.parse::<f64>() {
                Ok(v) if v.is_finite() && v.abs() <= MAX_ABS_COORD => Ok(v),
                Ok(v) if v.is_finite() => Err(alloc::format!(
                    "line {n}: {what} = {} is beyond ±{MAX_ABS_COORD}",
                    quote(f)
                )),
                Ok(_) => Err(alloc::format!(
                    "line {n}: {what} = {} is not a finite number",
                    quote(f)
                )),
                Err(_) => Err(alloc::format!(
                    "line {n}: {what} = {} is not a number",
                    quote(f)
                )),
            }
        };
        points.push((num(fields[0], "x")?, num(fields[1], "y")?));
        if points.len() > crate::config::limits::N.1 {
            return Err(alloc::format!(
                "line {n}: more than {} points (the largest N)",
                crate::config::limits::N.1
            ));
        }
    }
    if points.is_empty() {
        return Err("no points found: expected lines of \"x,y\"".into());
    }
    Ok(points)
}

/// Longest excerpt of the input an error message quotes, in characters.
const QUOTE_CHARS: usize = 40;

/// `text` quoted for an error message and cut short (after escaping, which
/// can make one character ten): a message must stay readable even when the
/// "CSV" is a megabyte of binary on one line, or a number has 300 digits.
fn quote(text: &str) -> String {
    let quoted = alloc::format!("{text:?}");
    match quoted.char_indices().nth(QUOTE_CHARS) {
        Some((cut, _)) => alloc::format!("{}…", &quoted[..cut]),
        None => quoted,
    }
}

#[cfg(test)]
mod csv_tests {
    use super::*;

    #[test]
    fn reads_points_with_header_comments_and_separators() {
        let p = parse_points_csv("x,y\n# note\n0.5, 1\n\n-0.25;2e-1\n0.1\t-3\n").unwrap();
        assert_eq!(p, [(0.5, 1.0), (-0.25, 0.2), (0.1, -3.0)]);
    }

    #[test]
    fn names_the_bad_line() {
        for (text, needle) in [
            ("0,1\n2,abc\n", "line 2: y"),
            ("0,1\n1,2,3\n", "line 2: expected two numbers"),
            ("0,NaN\n", "line 1: y"),
            ("1e9,0\n", "line 1: x = \"1e9\" is beyond ±1000"),
            ("\n# only a comment\n", "no points"),
            ("0,1\n2,inf\n", "line 2: y = \"inf\" is not a finite number"),
            ("0,1\n2,zz\n", "line 2: y = \"zz\" is not a number"),
        ] {
            let e = parse_points_csv(text).unwrap_err();
            assert!(e.message.contains(needle), "{text:?}: {e}");
        }
    }

    #[test]
    fn a_long_bad_line_is_quoted_short() {
        let junk = "x".repeat(1_000_000);
        let digits = "9".repeat(400);
        let binary: String = (0..1000u32)
            .filter_map(char::from_u32)
            .filter(|c| !matches!(c, '\n' | '\t' | ' ' | ',' | ';'))
            .collect();
        for text in [
            alloc::format!("0,1\n{junk}\n"),
            alloc::format!("0,1\n1,{junk}\n"),
            alloc::format!("0,1\n{digits},1\n"),
            alloc::format!("0,1\n{binary}\n"),
        ] {
            let e = parse_points_csv(&text).unwrap_err();
            assert!(e.message.starts_with("line 2:"), "{e}");
            assert!(
                e.message.chars().count() < 150,
                "{} characters",
                e.message.chars().count()
            );
            assert!(e.message.contains('…'), "{e}");
        }
    }
}
