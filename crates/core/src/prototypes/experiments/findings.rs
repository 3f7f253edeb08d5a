//! The findings F1–F5 (docs/labs/prototypes.md#findings), judged by criteria fixed in code and printed
//! beside each verdict (README, "How the findings are judged").

use super::groups::Pairing;
use super::runner::RunRecord;
use super::summary::{CellStats, MeanSd, summarize};
use crate::config::Mask;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt::Write;

/// How a finding fared.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// The criterion holds everywhere it is checked.
    Reproduces,
    /// It holds in some but not all comparisons.
    Partly,
    /// It does not hold.
    DoesNotReproduce,
    /// The data needed (e.g. the τ-sweep) is missing.
    NotTested,
}

impl Verdict {
    /// A short label.
    pub fn label(self) -> &'static str {
        match self {
            Verdict::Reproduces => "reproduces",
            Verdict::Partly => "partly reproduces",
            Verdict::DoesNotReproduce => "does not reproduce",
            Verdict::NotTested => "not tested",
        }
    }
}

/// One finding: the paper's claim, our verdict and the numbers behind it.
#[derive(Clone, Debug, PartialEq)]
pub struct Finding {
    /// `F1` … `F5`.
    pub id: &'static str,
    /// The claim as the paper states it.
    pub claim: &'static str,
    /// The criterion applied.
    pub criterion: &'static str,
    /// The verdict.
    pub verdict: Verdict,
    /// The numbers, one line each.
    pub detail: Vec<String>,
}

fn cell<'a>(cells: &'a [CellStats], mask: &str, n: usize) -> Option<&'a CellStats> {
    let m = Mask::parse(mask)?;
    cells.iter().find(|c| c.mask == m && c.n == n)
}

fn verdict_of(hits: usize, total: usize) -> Verdict {
    match (hits, total) {
        (_, 0) => Verdict::NotTested,
        (h, t) if h == t => Verdict::Reproduces,
        (0, _) => Verdict::DoesNotReproduce,
        _ => Verdict::Partly,
    }
}

/// Pairs of masks that differ only by one loss: (without, with).
const WITH_S: [(&str, &str); 4] = [("base", "S"), ("C", "CS"), ("O", "SO"), ("CO", "CSO")];
const WITH_O: [(&str, &str); 4] = [("base", "O"), ("C", "CO"), ("S", "SO"), ("CS", "CSO")];

/// Per-seed differences `recon(with) − recon(without)` at size `n` (runs paired
/// by seed: same data, same initial network), over seeds where both finished.
/// O(n log n) in the runs; [`findings`] indexes them once for all its pairs.
pub fn paired_recon_difference(
    records: &[RunRecord],
    without: Mask,
    with: Mask,
    n: usize,
) -> MeanSd {
    Pairing::new(records).recon_difference(without, with, n)
}

/// Judges F1–F5 on the study's records and, for F5, the τ-sweep's records.
pub fn findings(study: &[RunRecord], sweep: &[RunRecord]) -> Vec<Finding> {
    let cells = summarize(study);
    let pairing = Pairing::new(study);
    let mut ns: Vec<usize> = cells.iter().map(|c| c.n).collect();
    crate::sort::sort_by(&mut ns, usize::cmp);
    ns.dedup();
    alloc::vec![
        f1(&cells, &pairing, &ns),
        f2(&cells, &ns),
        f3(&pairing, &ns),
        f4(&cells, &ns),
        f5(sweep)
    ]
}

/// "beyond noise" when a paired mean difference exceeds two standard errors.
fn noise_label(d: MeanSd) -> &'static str {
    if d.count < 2 {
        "too few seeds to judge noise"
    } else if d.mean.abs() > 2.0 * d.se() {
        "beyond 2 SE"
    } else {
        "within 2 SE (noise)"
    }
}

fn f1(cells: &[CellStats], pairing: &Pairing, ns: &[usize]) -> Finding {
    let mut detail = Vec::new();
    let mut hits = 0;
    let mut total = 0;
    for &n in ns {
        let at_n: Vec<&CellStats> = cells
            .iter()
            .filter(|c| c.n == n && c.recon.count > 0)
            .collect();
        let best = |cov: bool| {
            at_n.iter()
                .filter(|c| c.mask.coverage == cov)
                .min_by(|a, b| a.recon.mean.total_cmp(&b.recon.mean))
                .copied()
        };
        if let (Some(c), Some(f)) = (best(true), best(false)) {
            total += 1;
            let ok = c.recon.mean < f.recon.mean;
            hits += ok as usize;
            let d = pairing.recon_difference(c.mask, f.mask, n);
            detail.push(alloc::format!(
                "N={n:>3}: best with coverage {} {:.4}, best without {} {:.4} ({:.2}x; paired diff {:+.4} ± {:.4} SE, {}) {}",
                c.mask,
                c.recon.mean,
                f.mask,
                f.recon.mean,
                f.recon.mean / c.recon.mean.max(1e-12),
                d.mean,
                d.se(),
                noise_label(d),
                if ok { "✓" } else { "✗" }
            ));
        }
    }
    Finding {
        id: "F1",
        claim: "coverage gives the lowest mean reconstruction error at every N",
        criterion: "at each N, the mask with the lowest mean Hungarian recon has coverage on",
        verdict: verdict_of(hits, total),
        detail,
    }
}

fn f2(cells: &[CellStats], ns: &[usize]) -> Finding {
    let mut detail = Vec::new();
    let (mut hits, mut total, mut pair_hits, mut pair_total) = (0, 0, 0, 0);
    for &n in ns {
        for (without, with) in [("base", "C"), ("S", "CS"), ("O", "CO"), ("SO", "CSO")] {
            if let (Some(a), Some(b)) = (cell(cells, without, n), cell(cells, with, n)) {
                let up = b.specialization.mean > a.specialization.mean;
                pair_total += 1;
                pair_hits += up as usize;
                if without == "base" {
                    total += 1;
                    hits += up as usize;
                    detail.push(alloc::format!(
                        "N={n:>3}: specialization base {:.3} → C {:.3} {}",
                        a.specialization.mean,
                        b.specialization.mean,
                        if up { "✓" } else { "✗" }
                    ));
                }
            }
        }
    }
    detail.push(alloc::format!(
        "adding coverage raises specialization in {pair_hits}/{pair_total} (mask, N) pairs"
    ));
    Finding {
        id: "F2",
        claim: "coverage raises the specialization ratio over the baseline",
        criterion: "mean specialization of C above base at each N",
        verdict: verdict_of(hits, total),
        detail,
    }
}

fn f3(pairing: &Pairing, ns: &[usize]) -> Finding {
    let (mut better, mut worse, mut unclear) = (0, 0, 0);
    let mut detail = Vec::new();
    for &n in ns {
        let mut row = Vec::new();
        for (without, with) in WITH_S {
            let (Some(a), Some(b)) = (Mask::parse(without), Mask::parse(with)) else {
                continue;
            };
            let d = pairing.recon_difference(a, b, n);
            if d.count < 2 {
                continue;
            }
            let sign = if d.mean < -2.0 * d.se() {
                better += 1;
                "↓"
            } else if d.mean > 2.0 * d.se() {
                worse += 1;
                "↑"
            } else {
                unclear += 1;
                "≈"
            };
            row.push(alloc::format!("{without}→{with} {:+.4} {sign}", d.mean));
        }
        if !row.is_empty() {
            detail.push(alloc::format!("N={n:>3}: {}", row.join("  ")));
        }
    }
    let verdict = match (better, worse) {
        (0, 0) if unclear == 0 => Verdict::NotTested,
        (b, w) if b > 0 && w > 0 => Verdict::Reproduces,
        _ => Verdict::DoesNotReproduce,
    };
    detail.push(alloc::format!(
        "adding separation: recon lower in {better} (↓), higher in {worse} (↑), within noise in {unclear} (≈) (mask, N) pairs"
    ));
    Finding {
        id: "F3",
        claim: "separation has mixed effects",
        criterion: "adding S lowers recon beyond 2 paired SE in some (mask, N) pairs and raises it beyond 2 SE in others",
        verdict,
        detail,
    }
}

fn f4(cells: &[CellStats], ns: &[usize]) -> Finding {
    let (mut hits, mut total) = (0, 0);
    let (mut fit_on, mut fit_off, mut esc_on, mut esc_off, mut k) = (0.0, 0.0, 0.0, 0.0, 0.0);
    let mut detail = Vec::new();
    for &n in ns {
        let mut row_hits = 0;
        let mut row_total = 0;
        for (without, with) in WITH_O {
            if let (Some(a), Some(b)) = (cell(cells, without, n), cell(cells, with, n)) {
                row_total += 1;
                row_hits += (b.recon.mean > a.recon.mean) as usize;
                fit_on += b.fit.mean;
                fit_off += a.fit.mean;
                esc_on += b.hull_escape.mean;
                esc_off += a.hull_escape.mean;
                k += 1.0;
            }
        }
        hits += row_hits;
        total += row_total;
        if row_total > 0 {
            detail.push(alloc::format!(
                "N={n:>3}: overlap raises recon in {row_hits}/{row_total} mask pairs"
            ));
        }
    }
    if k > 0.0 {
        let (fit_on, fit_off, esc_on, esc_off) = (fit_on / k, fit_off / k, esc_on / k, esc_off / k);
        // "Comparable" fit: within a factor 1.5 of each other (our threshold).
        let comparable = fit_on <= 1.5 * fit_off + 1e-4 && fit_off <= 1.5 * fit_on + 1e-4;
        detail.push(alloc::format!(
            "sub-claim 'fits comparably' (fit MSE within 1.5x): {} — mean fit MSE with overlap {fit_on:.5}, without {fit_off:.5}",
            if comparable { "seen" } else { "NOT seen" }
        ));
        detail.push(alloc::format!(
            "sub-claim 'prototypes pushed outside the hull': {} — mean hull escape with overlap {esc_on:.3}, without {esc_off:.3}",
            if esc_on > esc_off { "seen" } else { "NOT seen" }
        ));
    }
    Finding {
        id: "F4",
        claim: "overlap is harmful: higher recon at comparable fit, prototypes pushed outside the hull",
        criterion: "adding O raises mean recon in every (mask, N) pair; fit and hull escape reported beside",
        verdict: verdict_of(hits, total),
        detail,
    }
}

fn f5(sweep: &[RunRecord]) -> Finding {
    let tc = super::tau_curve(sweep);
    let curve: Vec<(f64, MeanSd)> = tc.points.iter().map(|p| (p.tau, p.hull_escape)).collect();
    let reference = tc.reference.map(|r| r.hull_escape).unwrap_or_default();
    let units = match tc.units {
        crate::config::TauUnits::Absolute => "",
        crate::config::TauUnits::Spacing => " Δ²",
    };
    let mut detail: Vec<String> = curve
        .iter()
        .map(|(t, e)| {
            alloc::format!(
                "tauS={t:.2e}{units}: hull escape {:.3} ± {:.3}",
                e.mean,
                e.sd
            )
        })
        .collect();
    let verdict = if curve.len() < 2 || reference.count == 0 {
        Verdict::NotTested
    } else {
        let low = curve[0].1.mean;
        let high = curve.iter().map(|c| c.1.mean).fold(0.0, f64::max);
        detail.push(alloc::format!(
            "no separation (base, same N and seeds): {:.3}; smallest tauS {low:.3}; highest on the grid {high:.3}",
            reference.mean
        ));
        match (low <= reference.mean + 0.05, high >= reference.mean + 0.2) {
            (true, true) => Verdict::Reproduces,
            (false, false) => Verdict::DoesNotReproduce,
            _ => Verdict::Partly,
        }
    };
    Finding {
        id: "F5",
        claim: "separation alone expels prototypes only at large tauS",
        criterion: "S-mask hull escape within 0.05 of the no-separation baseline at the smallest tauS, and >= 0.2 above it somewhere on the grid",
        verdict,
        detail,
    }
}

/// The findings as text: one block per finding.
pub fn findings_text(findings: &[Finding]) -> String {
    let mut s = String::new();
    for f in findings {
        let _ = writeln!(
            s,
            "{} — {}: {}",
            f.id,
            f.claim,
            f.verdict.label().to_uppercase()
        );
        let _ = writeln!(s, "    criterion: {}", f.criterion);
        for d in &f.detail {
            let _ = writeln!(s, "    {d}");
        }
    }
    s
}
