//! What every lab's results CSVs share: the table reader (header, cells,
//! errors naming the line), the range checks of values read from them, and
//! the provenance comment lines (`# protolab <version>`, `# config: <link>`)
//! the CLI writes first and every reader skips (docs/ARCHITECTURE.md#provenance).

use alloc::string::String;
use alloc::vec::Vec;

/// The data lines of a CSV whose first non-blank, non-comment line must be
/// `header`, each as `(1-based line number, cells)` with exactly as many cells
/// as the header. Lines starting with `#` (provenance, see [`provenance`]) are
/// skipped wherever they are, so files with and without them read the same.
/// Errors name the line; `what` names the kind of file in them.
pub fn table_rows<'a>(
    text: &'a str,
    header: &str,
    what: &str,
) -> Result<Vec<(usize, Vec<&'a str>)>, String> {
    let mut lines = text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty() && !is_comment(l));
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

/// One data line of a results CSV with what every reader asks of its cells:
/// a number in a range, a whole number, an error naming the line and column.
/// The labs' readers share it instead of each writing the same closures.
pub struct Row<'a> {
    /// 1-based line number in the file.
    pub line: usize,
    /// The cells, trimmed, as many as the header's columns.
    pub cells: Vec<&'a str>,
    header: &'a str,
}

impl Row<'_> {
    /// An error about this line.
    pub fn bad(&self, what: &str) -> String {
        alloc::format!("line {}: {what}", self.line)
    }

    /// The name of column `k` (from the header).
    pub fn name(&self, k: usize) -> &str {
        self.header.split(',').nth(k).unwrap_or("?")
    }

    /// Cell `k` as a finite number in `range`; the error names line and column.
    pub fn num(&self, k: usize, range: (f64, f64)) -> Result<f64, String> {
        let v = self.cells[k].parse::<f64>().map_err(|_| {
            self.bad(&alloc::format!(
                "{}: {:?} is not a number",
                self.name(k),
                self.cells[k]
            ))
        })?;
        check_value(self.line, self.name(k), v, range)?;
        Ok(v)
    }

    /// Cell `k` as a whole number (of type `T`); the error names line and column.
    pub fn whole<T: core::str::FromStr>(&self, k: usize) -> Result<T, String> {
        self.cells[k].parse().map_err(|_| {
            self.bad(&alloc::format!(
                "{}: {:?} is not a whole number",
                self.name(k),
                self.cells[k]
            ))
        })
    }
}

/// [`table_rows`] as [`Row`]s.
pub fn rows<'a>(text: &'a str, header: &'a str, what: &str) -> Result<Vec<Row<'a>>, String> {
    Ok(table_rows(text, header, what)?
        .into_iter()
        .map(|(line, cells)| Row {
            line,
            cells,
            header,
        })
        .collect())
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

/// True for a comment line (`# …`), which readers skip.
pub fn is_comment(line: &str) -> bool {
    line.trim_start().starts_with('#')
}

/// The provenance lines a results CSV starts with: the protolab version, the
/// link of the config that made it (`v=1&lab=…`, every setting) and the plan
/// (seeds, grid, shard), each a `#` comment line ending in a newline.
pub fn provenance(config_link: &str, plan: &str) -> String {
    let mut s = alloc::format!("# protolab {}\n# config: {config_link}\n", crate::VERSION);
    if !plan.is_empty() {
        s.push_str("# plan: ");
        s.push_str(plan.trim());
        s.push('\n');
    }
    s
}

/// The comment lines of a CSV (its provenance), in order, without their newlines.
pub fn comments(text: &str) -> Vec<&str> {
    text.lines().filter(|l| is_comment(l)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn provenance_lines_are_skipped_by_the_reader() {
        let head = provenance("v=1&lab=x&N=3", "seeds=2 shard=0/2");
        assert!(head.starts_with(&alloc::format!("# protolab {}\n", crate::VERSION)));
        assert_eq!(comments(&head).len(), 3);
        let body = "a,b\n1,2\n# late comment\n3,4\n";
        let with = alloc::format!("{head}{body}");
        let rows = table_rows(&with, "a,b", "a test CSV").unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[1].1, ["3", "4"]);
        // Line numbers still count the comment lines (they name the file's lines).
        assert_eq!(rows[0].0, 5);
        let plain = table_rows(body, "a,b", "a test CSV").unwrap();
        assert_eq!(
            plain.iter().map(|r| &r.1).collect::<Vec<_>>(),
            rows.iter().map(|r| &r.1).collect::<Vec<_>>()
        );
        assert!(
            table_rows("# only a comment\n", "a,b", "a test CSV")
                .unwrap_err()
                .contains("empty")
        );
    }
}
