//! The Capacity Lab's figures on any backend: training curves, pruning,
//! noise, saliency maps, and the width sweep's F1 against H.

use super::experiments::PASS;
use super::{CapacityLab, WidthSweepResults};
use crate::figures::{self, DrawResult, Lines, Palette, err};
use plotters::coord::Shift;
use plotters::prelude::*;
use protolab_core::capacity::saliency::PERTURBATION;
use protolab_core::capacity::sweep;
use protolab_core::capacity::{PAIRS, Scheme};
use protolab_core::nalgebra::DMatrix;

/// Figures a capacity lab draws.
pub const CAPACITY_FIGURES: [&str; 4] = ["training", "pruning", "noise", "saliency"];

impl CapacityLab {
    fn training<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>, s: f64) -> DrawResult {
        let h = self.live.history();
        let series = |label: &str, c, f: fn(&protolab_core::capacity::Scores) -> f64| {
            (
                label.to_string(),
                c,
                h.iter().map(|(e, m)| (*e as f64, f(m))).collect(),
            )
        };
        let (a, b) = self.live.config().pair();
        let title = format!(
            "Dense net, H = {}: held-out scores of {a} vs {b} while training",
            self.live.config().classifier.hidden
        );
        figures::draw_lines(
            area,
            &Lines {
                title: &title,
                x_desc: "epoch (full-batch GD step)",
                y_desc: "score",
                series: vec![
                    series("F1", 3, |m| m.f1),
                    series("precision", 1, |m| m.precision),
                    series("recall", 2, |m| m.recall),
                    series("ROC-AUC", 4, |m| m.auc),
                ],
                y_range: Some((-0.02, 1.02)),
                legend: Some(SeriesLabelPosition::LowerRight),
                ..Default::default()
            },
            s,
        )
    }

    fn pruning<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>, s: f64) -> DrawResult {
        let pts = self.live.prune_points();
        let curve = |scheme: Scheme, tuned: bool| -> Vec<(f64, f64)> {
            let dense = self
                .live
                .history()
                .last()
                .map(|(_, m)| (0.0, m.f1))
                .into_iter();
            dense
                .chain(pts.iter().filter(|p| p.scheme == scheme).filter_map(|p| {
                    let f = if tuned { p.f1_tuned? } else { p.f1 };
                    Some((p.achieved, f))
                }))
                .collect()
        };
        let mut series = vec![
            ("global".to_string(), 1, curve(Scheme::Global, false)),
            ("per layer".to_string(), 2, curve(Scheme::PerLayer, false)),
        ];
        if self.live.config().finetune > 0 {
            let ft = self.live.config().finetune;
            series.push((
                format!("global + {ft} epochs fine-tuning"),
                3,
                curve(Scheme::Global, true),
            ));
            series.push((
                format!("per layer + {ft} epochs fine-tuning"),
                4,
                curve(Scheme::PerLayer, true),
            ));
        }
        if let Some(p) = self.live.paper_point() {
            series.push((
                format!(
                    "what the paper's code pruned: {:.2} % → F1 {:.3}",
                    100.0 * p.achieved,
                    p.f1
                ),
                0,
                vec![(p.achieved, p.f1)],
            ));
        }
        figures::draw_lines(
            area,
            &Lines {
                title: "Magnitude pruning: held-out F1 against the sparsity actually achieved",
                x_desc: "share of weights that are zero",
                y_desc: "F1",
                series,
                y_range: Some((-0.02, 1.02)),
                legend: Some(SeriesLabelPosition::LowerLeft),
                ..Default::default()
            },
            s,
        )
    }

    fn noise<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>, s: f64) -> DrawResult {
        let pts = self.live.noise_points();
        let c = self.live.config();
        let patch = if self.live.side() >= 28 {
            "7×7"
        } else {
            "2×2"
        };
        let series = [c.small, c.large]
            .iter()
            .enumerate()
            .map(|(k, &h)| {
                let occlusion = pts
                    .iter()
                    .find(|p| p.hidden == h && p.sigma.is_none())
                    .map_or("…".to_string(), |p| format!("{:.2}", p.f1));
                (
                    format!("H = {h} (random {patch} occlusion: F1 {occlusion})"),
                    [1, 3][k],
                    pts.iter()
                        .filter(|p| p.hidden == h)
                        .filter_map(|p| Some((p.sigma?, p.f1)))
                        .collect(),
                )
            })
            .collect();
        figures::draw_lines(
            area,
            &Lines {
                title: "F1 on held-out images with Gaussian noise σ (clipped to [0, 1])",
                x_desc: "noise σ",
                y_desc: "F1",
                series,
                y_range: Some((-0.02, 1.02)),
                legend: Some(SeriesLabelPosition::LowerLeft),
                ..Default::default()
            },
            s,
        )
    }

    fn saliency<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>, s: f64) -> DrawResult {
        let Some(pruned) = self.live.saliency_net() else {
            return figures::message(
                area,
                "the saliency maps appear once the 95 % pruned net exists",
                s,
            );
        };
        // The maps are computed once, a slice at a time, by the run.
        let Some(maps) = self.live.saliency_maps() else {
            return figures::message(area, "computing the saliency maps…", s);
        };
        let split = self.live.split();
        let side = self.live.side();
        let (title, body) = area.split_vertically((20.0 * s) as u32);
        title
            .draw_text(
                &format!(
                    "Saliency (blue < 0 < red): dense vs {:.0} % pruned; gradient ∂p/∂x and perturbation (Δ = {PERTURBATION})",
                    100.0 * pruned.sparsity()
                ),
                &figures::sans(12.0 * s).color(&BLACK),
                ((6.0 * s) as i32, (3.0 * s) as i32),
            )
            .map_err(err)?;
        let heads = [
            "image",
            "dense: gradient",
            "pruned: gradient",
            "dense: perturbation",
            "pruned: perturbation",
        ];
        let cells = body.split_evenly((maps.dense.len(), 5));
        for (r, (d, p)) in maps.dense.iter().zip(&maps.pruned).enumerate() {
            let x: Vec<f64> = split.test_x.column(d.image).iter().copied().collect();
            let maps = [
                (x.as_slice(), Palette::Grey),
                (d.gradient.as_slice(), Palette::Diverging),
                (p.gradient.as_slice(), Palette::Diverging),
                (d.perturbation.as_slice(), Palette::Diverging),
                (p.perturbation.as_slice(), Palette::Diverging),
            ];
            for (c, (values, palette)) in maps.into_iter().enumerate() {
                let m = DMatrix::from_row_slice(side, side, values);
                let head = if r == 0 { heads[c] } else { "" };
                figures::heatmap(&cells[r * 5 + c], head, &m, palette, s)?;
            }
        }
        Ok(())
    }

    /// Draws one of [`CAPACITY_FIGURES`] on any backend.
    pub fn figure<DB: DrawingBackend>(
        &self,
        figure: &str,
        area: &DrawingArea<DB, Shift>,
        s: f64,
    ) -> DrawResult {
        area.fill(&WHITE).map_err(err)?;
        match figure {
            "training" => self.training(area, s),
            _ if self.live.diverged() => {
                figures::message(area, "the dense net diverged: lower the learning rate", s)
            }
            "pruning" => self.pruning(area, s),
            "noise" => self.noise(area, s),
            "saliency" => self.saliency(area, s),
            other => Err(format!(
                "unknown figure {other:?}; the capacity lab draws {}",
                CAPACITY_FIGURES.join(", ")
            )),
        }
    }
}

impl WidthSweepResults {
    /// Draws F1 against H per pair.
    pub fn figure<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>, s: f64) -> DrawResult {
        if self.rows.is_empty() {
            area.fill(&WHITE).map_err(err)?;
            return figures::message(area, "no finished runs yet", s);
        }
        let means = sweep::mean_f1(&self.rows);
        let mut series: Vec<figures::Series> = PAIRS
            .iter()
            .enumerate()
            .filter(|(_, p)| means.iter().any(|m| m.0 == **p))
            .map(|(k, &(a, b))| {
                let min = sweep::minimum_width(&self.rows, (a, b), PASS)
                    .map_or("never".to_string(), |h| format!("from H = {h}"));
                (
                    format!("{a}/{b}: F1 > {PASS} {min}"),
                    k + 1,
                    means
                        .iter()
                        .filter(|m| m.0 == (a, b))
                        .map(|m| ((m.1 as f64).log2(), m.2))
                        .collect(),
                )
            })
            .collect();
        series.push((format!("F1 = {PASS}"), 0, vec![(1.0, PASS), (6.0, PASS)]));
        figures::draw_lines(
            area,
            &Lines {
                title: "Held-out F1 against hidden width H (mean over seeds 0, 42, 78)",
                x_desc: "hidden width H (log scale)",
                y_desc: "F1",
                series,
                // x is log₂ H: whole values are labelled with their width.
                x_label: Some(|v| {
                    if (v - v.round()).abs() < 1e-9 {
                        format!("{}", 2f64.powf(v.round()))
                    } else {
                        String::new()
                    }
                }),
                legend: Some(SeriesLabelPosition::LowerRight),
                ..Default::default()
            },
            s,
        )
    }
}
