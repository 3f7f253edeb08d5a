//! What every lab's results CSVs share: the table reader (header, cells,
//! errors naming the line) and the range checks of values read from them.

use alloc::string::String;
use alloc::vec::Vec;

/// The data lines of a CSV whose first non-blank line must be `header`, each as
/// `(1-based line number, cells)` with exactly as many cells as the header.
/// Errors name the line; `what` names the kind of file in them.
pub fn table_rows<'a>(
    text: &'a str,
    header: &str,
    what: &str,
) -> Result<Vec<(usize, Vec<&'a str>)>, String> {
    let mut lines = text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty());
    match lines.next() {
        Some((_, h)) if h.trim() == header => {}
        Some((i, h)) => {
            return Err(alloc::format!(
                "line {}: unexpected header {h:?}; expected {what}'s header {header}",
                i + 1
            ));
        }
        None => {
            return Err(alloc::format!(
                "line 1: the file is empty; expected {what}'s header {header}"
            ));
        }
    }
    let width = header.split(',').count();
    lines
        .map(|(i, l)| {
            let cells: Vec<&str> = l.split(',').map(str::trim).collect();
            if cells.len() == width {
                Ok((i + 1, cells))
            } else {
                Err(alloc::format!(
                    "line {}: {} columns, expected {width}",
                    i + 1,
                    cells.len()
                ))
            }
        })
        .collect()
}

/// `Ok` when `value` is finite and in `[lo, hi]`; otherwise an error naming the
/// line, the column and the value (`line 7: hull_escape = 1.5 is not in [0, 1]`).
pub fn check_value(
    line: usize,
    name: &str,
    value: f64,
    (lo, hi): (f64, f64),
) -> Result<(), String> {
    if !value.is_finite() {
        Err(alloc::format!(
            "line {line}: {name} = {value} is not a finite number"
        ))
    } else if value < lo || value > hi {
        Err(if hi == f64::MAX {
            alloc::format!("line {line}: {name} = {value} is below {lo}")
        } else {
            alloc::format!("line {line}: {name} = {value} is not in [{lo}, {hi}]")
        })
    } else {
        Ok(())
    }
}

/// Any finite value at or above zero (errors, distances, times, losses).
pub const NON_NEGATIVE: (f64, f64) = (0.0, f64::MAX);
/// Fractions and shares.
pub const FRACTION: (f64, f64) = (0.0, 1.0);
