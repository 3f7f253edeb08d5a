//! The fixed text metric of every SVG we write: the advance widths of DejaVu
//! Sans 2.37 (the font the SVG names first, and the one the CLI embeds to
//! rasterise PNGs), so where a figure's layout depends on text size (legend
//! boxes, axis label alignment, caption heights) the SVG is the same byte for
//! byte natively and in the browser (docs/figures.md, "Same SVG everywhere").
//! plotters would otherwise measure with the page's DOM on wasm and with a
//! crude per-character guess natively.

/// The family written into every SVG `<text>`: DejaVu Sans (whose widths
/// [`text_size`] uses), then the reader's sans-serif.
pub const FAMILY: &str = "DejaVu Sans, sans-serif";

/// Font units per em of DejaVu Sans.
const UNITS_PER_EM: f64 = 2048.0;
/// Ascender + descender of DejaVu Sans (1901 + 483 units): a line's height.
const LINE_UNITS: f64 = 2384.0;
/// Width of a character neither table names (DejaVu's digits and most
/// lower-case letters are about this wide).
const OTHER_UNITS: u16 = 1303;

/// Advance widths (font units) of the printable ASCII characters, ' ' to '~'.
const ASCII: [u16; 95] = [
    651, 821, 942, 1716, 1303, 1946, 1597, 563, 799, 799, 1024, 1716, 651, 739, 651, 690, 1303,
    1303, 1303, 1303, 1303, 1303, 1303, 1303, 1303, 1303, 690, 690, 1716, 1716, 1716, 1087, 2048,
    1401, 1405, 1430, 1577, 1294, 1178, 1587, 1540, 604, 604, 1343, 1141, 1767, 1532, 1612, 1235,
    1612, 1423, 1300, 1251, 1499, 1401, 2025, 1403, 1251, 1403, 799, 690, 799, 1716, 1024, 1024,
    1255, 1300, 1126, 1300, 1260, 721, 1300, 1298, 569, 569, 1186, 569, 1995, 1298, 1253, 1300,
    1300, 842, 1067, 803, 1298, 1212, 1675, 1212, 1212, 1075, 1303, 690, 1303, 1716,
];

/// Advance widths (font units) of the other characters our labels use
/// (Greek letters, sub- and superscripts, arrows, dashes), sorted by code point.
const EXTRA: [(char, u16); 43] = [
    ('\u{b0}', 1024),   // °
    ('\u{b1}', 1716),   // ±
    ('\u{b2}', 821),    // ²
    ('\u{b3}', 821),    // ³
    ('\u{b7}', 651),    // ·
    ('\u{d7}', 1716),   // ×
    ('\u{e9}', 1260),   // é
    ('\u{177}', 1212),  // ŷ
    ('\u{394}', 1401),  // Δ
    ('\u{3a3}', 1294),  // Σ
    ('\u{3b1}', 1350),  // α
    ('\u{3b2}', 1307),  // β
    ('\u{3b3}', 1212),  // γ
    ('\u{3b4}', 1253),  // δ
    ('\u{3b5}', 1107),  // ε
    ('\u{3b7}', 1298),  // η
    ('\u{3b8}', 1253),  // θ
    ('\u{3bb}', 1212),  // λ
    ('\u{3bc}', 1303),  // μ
    ('\u{3c0}', 1233),  // π
    ('\u{3c1}', 1300),  // ρ
    ('\u{3c3}', 1298),  // σ
    ('\u{3c4}', 1233),  // τ
    ('\u{3c6}', 1351),  // φ
    ('\u{3c8}', 1351),  // ψ
    ('\u{3c9}', 1715),  // ω
    ('\u{1d40}', 788),  // ᵀ
    ('\u{2013}', 1024), // –
    ('\u{2014}', 2048), // —
    ('\u{2026}', 2048), // …
    ('\u{2080}', 821),  // ₀
    ('\u{2081}', 821),  // ₁
    ('\u{2082}', 821),  // ₂
    ('\u{2192}', 1716), // →
    ('\u{2202}', 1059), // ∂
    ('\u{2212}', 1716), // −
    ('\u{221a}', 1305), // √
    ('\u{221e}', 1706), // ∞
    ('\u{2248}', 1716), // ≈
    ('\u{2264}', 1716), // ≤
    ('\u{2265}', 1716), // ≥
    ('\u{25c6}', 1575), // ◆
    ('\u{25cf}', 1787), // ●
];

/// Advance width of `c` in font units.
fn advance(c: char) -> u16 {
    match c {
        ' '..='~' => ASCII[c as usize - 32],
        _ => EXTRA
            .binary_search_by_key(&c, |e| e.0)
            .map_or(OTHER_UNITS, |i| EXTRA[i].1),
    }
}

/// The size in px of `text` set at plotters' font size `size`: plotters'
/// SVG backend writes `font-size` as `size / 1.24`, so that is the em the
/// widths are scaled by; the height is one line (ascender + descender).
pub fn text_size(text: &str, size: f64) -> (u32, u32) {
    let em = size / 1.24;
    let units: u32 = text.chars().map(|c| u32::from(advance(c))).sum();
    let w = f64::from(units) * em / UNITS_PER_EM;
    let h = LINE_UNITS * em / UNITS_PER_EM;
    (w.round() as u32, h.round() as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_add_up_and_scale_with_the_size() {
        // "ab": 1255 + 1300 units at a 12.4 px plotters size (10 px em).
        assert_eq!(text_size("ab", 12.4), (12, 12));
        let (w1, _) = text_size("recon (Hungarian)", 10.0);
        let (w2, _) = text_size("recon (Hungarian)", 20.0);
        assert!(w2 >= 2 * w1 - 1 && w2 <= 2 * w1 + 1, "{w1} {w2}");
        assert!(text_size("WWW", 12.0).0 > text_size("iii", 12.0).0);
        assert_eq!(text_size("", 12.0).0, 0);
    }

    #[test]
    fn extra_table_is_sorted_for_binary_search() {
        assert!(EXTRA.windows(2).all(|w| w[0].0 < w[1].0));
        assert_eq!(advance('τ'), 1233);
        assert_eq!(advance('\u{4e00}'), OTHER_UNITS);
    }
}
