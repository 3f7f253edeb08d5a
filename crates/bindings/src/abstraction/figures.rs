//! The Abstraction Lab's figures on any backend: the kernels, the PCA of the
//! condition means, the curves over training, and the λ-sweep's summary.

use super::{AbstractionLab, LambdaSweepResults};
use crate::figures::{self, DrawResult, Lines, color};
use plotters::coord::Shift;
use plotters::prelude::*;
use protolab_core::abstraction::sweep::{self, SweepScores};
use protolab_core::abstraction::{AbstractionMetrics, geometry};

/// What the figures say instead of plotting a collapsed layer's rounding noise.
const COLLAPSED: &str = "collapsed: the hidden layer no longer varies across conditions";

/// Figures an abstraction lab draws.
pub const ABSTRACTION_FIGURES: [&str; 3] = ["kernels", "pca", "curves"];

impl AbstractionLab {
    fn kernels<DB: DrawingBackend>(&mut self, area: &DrawingArea<DB, Shift>, s: f64) -> DrawResult {
        let h = self.live.run_mut().hidden();
        let task = self.live.task();
        let centred =
            |x: &protolab_core::nalgebra::DMatrix<f64>| geometry::centre(&geometry::gram(x));
        let mats = [
            ("hidden Gram H Hᵀ (centred)", centred(&h)),
            (
                "output kernel K_Y (centred)",
                centred(&task.targets.transpose()),
            ),
            (
                "input kernel K_X (centred)",
                centred(&task.inputs.transpose()),
            ),
        ];
        for (i, (panel, (title, k))) in area.split_evenly((1, 3)).iter().zip(mats).enumerate() {
            if i == 0 && self.collapsed() {
                figures::message(panel, "hidden layer collapsed", s)?;
            } else {
                figures::heatmap(panel, title, &k, figures::Palette::Diverging, s)?;
            }
        }
        Ok(())
    }

    fn pca<DB: DrawingBackend>(&mut self, area: &DrawingArea<DB, Shift>, s: f64) -> DrawResult {
        let p = geometry::pca(&self.live.run_mut().hidden(), 2);
        let conds = p.nrows();
        let span = p.iter().fold(1e-9f64, |m, v| m.max(v.abs())) * 1.2;
        let mut chart = figures::square_chart(
            area,
            "PCA of the condition means (edges join conditions one latent apart)",
            span,
            ("PC 1", "PC 2"),
            s,
        )?;
        let d = self.live.config().d;
        for a in 0..conds {
            for i in 0..d {
                let b = a ^ (1 << i);
                if a < b {
                    let line = [(p[(a, 0)], p[(a, 1)]), (p[(b, 0)], p[(b, 1)])];
                    chart
                        .draw_series(LineSeries::new(
                            line,
                            color(i + 1).stroke_width((1.5 * s) as u32),
                        ))
                        .map_err(figures::err)?;
                }
            }
        }
        chart
            .draw_series((0..conds).map(|c| {
                let label: String = (0..d)
                    .map(|i| {
                        if geometry::latent(c, i) > 0.0 {
                            '+'
                        } else {
                            '−'
                        }
                    })
                    .collect();
                EmptyElement::at((p[(c, 0)], p[(c, 1)]))
                    + Circle::new((0, 0), (4.0 * s) as u32, BLACK.filled())
                    + Text::new(
                        label,
                        ((6.0 * s) as i32, (-10.0 * s) as i32),
                        figures::sans(10.0 * s),
                    )
            }))
            .map_err(figures::err)?;
        Ok(())
    }

    fn curves<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>, s: f64) -> DrawResult {
        let series = |label: &str, c: usize, f: fn(&AbstractionMetrics) -> f64| {
            (
                label.to_string(),
                c,
                self.history.iter().map(|m| (m.step as f64, f(m))).collect(),
            )
        };
        // Once collapsed the scores are NaN (gaps); the title says from when.
        let title = match self.history.iter().find(|m| m.collapsed) {
            Some(m) if self.collapsed() => format!(
                "Collapsed by step {}: the hidden layer no longer varies",
                m.step
            ),
            _ => "Abstraction of the hidden layer over training".to_string(),
        };
        let lines = Lines {
            title: &title,
            x_desc: "step",
            y_desc: "score",
            log_x: false,
            log_y: false,
            series: vec![
                series("PS (mean over latents)", 1, |m| {
                    AbstractionMetrics::mean(&m.ps)
                }),
                series("CCGP (mean)", 2, |m| AbstractionMetrics::mean(&m.ccgp)),
                series("alignment with K_Y", 3, |m| m.alignment),
                series("shattering dim.", 4, |m| m.shattering),
            ],
            ..Default::default()
        };
        figures::draw_lines(area, &lines, s)
    }

    /// Draws one of [`ABSTRACTION_FIGURES`] on any backend.
    pub fn figure<DB: DrawingBackend>(
        &mut self,
        figure: &str,
        area: &DrawingArea<DB, Shift>,
        s: f64,
    ) -> DrawResult {
        area.fill(&WHITE).map_err(figures::err)?;
        let diverged = self.live.divergence();
        match figure {
            "kernels" | "pca" if diverged.is_some() => figures::message(
                area,
                &format!("diverged: {}", diverged.unwrap_or_default()),
                s,
            ),
            "pca" if self.collapsed() => figures::message(area, COLLAPSED, s),
            "kernels" => self.kernels(area, s),
            "pca" => self.pca(area, s),
            "curves" => self.curves(area, s),
            other => Err(format!(
                "unknown figure {other:?}; the abstraction lab draws {}",
                ABSTRACTION_FIGURES.join(", ")
            )),
        }
    }
}

impl LambdaSweepResults {
    fn lines(&self) -> Lines<'static> {
        let summary = sweep::summarize(&self.rows);
        let positive: Vec<(f64, SweepScores)> = summary
            .iter()
            .filter(|l| l.lambda > 0.0)
            .filter_map(|l| l.scores.map(|s| (l.lambda, s)))
            .collect();
        let series = |label: &str, c: usize, f: fn(&SweepScores) -> f64| {
            (
                label.to_string(),
                c,
                positive.iter().map(|(l, s)| (*l, f(s))).collect(),
            )
        };
        let mut all = vec![
            series("PS (mean over latents)", 1, |s| s.ps),
            series("CCGP (mean)", 2, |s| s.ccgp),
            series("alignment with K_Y", 3, |s| s.alignment),
            series("shattering dim.", 4, |s| s.shattering),
        ];
        // λ = 0 has no place on a log axis: its PS and CCGP are flat reference lines.
        let zero = summary
            .iter()
            .find(|l| l.lambda == 0.0)
            .and_then(|z| z.scores);
        if let (Some(z), Some(a), Some(b)) = (zero, positive.first(), positive.last()) {
            all.push(("PS at λ = 0".into(), 0, vec![(a.0, z.ps), (b.0, z.ps)]));
            all.push((
                "CCGP at λ = 0".into(),
                6,
                vec![(a.0, z.ccgp), (b.0, z.ccgp)],
            ));
        }
        Lines {
            title: "λ-sweep: the hidden layer at the end of training (mean over seeds; collapsed runs have no point)",
            x_desc: "weight decay λ (log)",
            y_desc: "score",
            log_x: true,
            series: all,
            // Headroom above 1 keeps the legend off the curves.
            y_range: Some((-0.05, 1.5)),
            legend: Some(SeriesLabelPosition::UpperRight),
            ..Default::default()
        }
    }

    /// Draws the sweep figure on any backend.
    pub fn figure<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>, s: f64) -> DrawResult {
        if self.rows.is_empty() {
            area.fill(&WHITE).map_err(figures::err)?;
            return figures::message(area, "no finished runs yet", s);
        }
        figures::draw_lines(area, &self.lines(), s)
    }
}
