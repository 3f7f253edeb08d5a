//! The Latent Field Lab's figures on any backend: the vector field with live
//! trajectories and the latent codes (the attractor gallery and the curves
//! over training are in `attractors.rs`).

use super::LatentLab;
use crate::figures::{self, DrawResult, Glyph, digit_color, draw_legend, err, font};
use plotters::coord::Shift;
use plotters::prelude::*;
use protolab_core::latent::run::EXTENT;
use protolab_core::nalgebra::DMatrix;

/// Figures a latent lab draws.
pub const LATENT_FIGURES: [&str; 4] = ["field", "codes", "attractors", "curves"];

/// Arrows per side of the field figure.
const ARROWS: usize = 21;
/// Live trajectories drawn on the field, and their length.
const PATHS: usize = 12;
const PATH_STEPS: usize = 60;

/// Dark blue (slow) to yellow (fast): the arrows' colour by |V| relative to the largest.
fn speed_color(t: f64) -> RGBColor {
    let t = t.clamp(0.0, 1.0);
    let lerp = |a: f64, b: f64| (a + (b - a) * t) as u8;
    RGBColor(lerp(40.0, 250.0), lerp(40.0, 200.0), lerp(140.0, 30.0))
}

impl LatentLab {
    fn field<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>, s: f64) -> DrawResult {
        let k = self.live.config().k;
        let mut chart = figures::square_chart(
            area,
            "Latent vector field V(z) = E(D(z)) − z (colour: |V|) and trajectories",
            EXTENT,
            ("z₁", if k == 1 { "V(z)" } else { "z₂" }),
            s,
        )?;
        if k == 1 {
            let z = DMatrix::from_fn(1, 200, |_, j| -EXTENT + 2.0 * EXTENT * j as f64 / 199.0);
            let v = self.live.field(&z);
            let pts = (0..200).map(|j| (z[j], v[j].clamp(-EXTENT, EXTENT)));
            chart
                .draw_series(LineSeries::new(pts, BLUE.stroke_width((1.5 * s) as u32)))
                .map_err(err)?;
            chart
                .draw_series(LineSeries::new(
                    [(-EXTENT, 0.0), (EXTENT, 0.0)],
                    BLACK.mix(0.4),
                ))
                .map_err(err)?;
        } else {
            let at = |i: usize| -EXTENT + 2.0 * EXTENT * (i as f64 + 0.5) / ARROWS as f64;
            let z = DMatrix::from_fn(2, ARROWS * ARROWS, |r, j| {
                at(if r == 0 { j % ARROWS } else { j / ARROWS })
            });
            let v = self.live.field(&z);
            let norms: Vec<f64> = v.column_iter().map(|c| c.norm()).collect();
            let top = norms
                .iter()
                .copied()
                .filter(|n| n.is_finite())
                .fold(1e-12, f64::max);
            let cell = 2.0 * EXTENT / ARROWS as f64;
            for j in 0..z.ncols() {
                if !norms[j].is_finite() {
                    continue;
                }
                // Arrows point along V, their length scaled to at most 0.9 of a cell.
                let len = 0.9 * cell * (norms[j] / top).sqrt();
                let (dx, dy) = (
                    v[(0, j)] / norms[j].max(1e-12),
                    v[(1, j)] / norms[j].max(1e-12),
                );
                let (x0, y0) = (z[(0, j)] - 0.5 * len * dx, z[(1, j)] - 0.5 * len * dy);
                let (x1, y1) = (x0 + len * dx, y0 + len * dy);
                let head = 0.3 * len;
                let c = speed_color(norms[j] / top);
                let style = c.stroke_width((1.2 * s).max(1.0) as u32);
                let left = (x1 - head * (dx - 0.5 * dy), y1 - head * (dy + 0.5 * dx));
                let right = (x1 - head * (dx + 0.5 * dy), y1 - head * (dy - 0.5 * dx));
                chart
                    .draw_series([
                        PathElement::new(vec![(x0, y0), (x1, y1)], style),
                        PathElement::new(vec![left, (x1, y1), right], style),
                    ])
                    .map_err(err)?;
            }
            let ring = DMatrix::from_fn(2, PATHS, |r, j| {
                let a = std::f64::consts::TAU * j as f64 / PATHS as f64;
                0.8 * EXTENT * if r == 0 { a.cos() } else { a.sin() }
            });
            for path in self.live.paths(&ring, PATH_STEPS) {
                let pts: Vec<(f64, f64)> = path
                    .iter()
                    .map(|p| (p[0].clamp(-EXTENT, EXTENT), p[1].clamp(-EXTENT, EXTENT)))
                    .collect();
                chart
                    .draw_series(LineSeries::new(
                        pts.clone(),
                        RED.mix(0.7).stroke_width((1.2 * s) as u32),
                    ))
                    .map_err(err)?;
                chart
                    .draw_series(
                        pts.first()
                            .map(|&p| Circle::new(p, (2.0 * s) as u32, RED.filled())),
                    )
                    .map_err(err)?;
            }
        }
        self.mark_attractors(&mut chart, s)
    }

    fn mark_attractors<DB: DrawingBackend>(
        &self,
        chart: &mut ChartContext<
            DB,
            Cartesian2d<
                plotters::coord::types::RangedCoordf64,
                plotters::coord::types::RangedCoordf64,
            >,
        >,
        s: f64,
    ) -> DrawResult {
        let Some(a) = &self.analysis else {
            return Ok(());
        };
        let k = self.live.config().k;
        let xr = chart.plotting_area().get_x_range();
        let yr = chart.plotting_area().get_y_range();
        let inside = |p: &(f64, f64)| (xr.start..=xr.end).contains(&p.0);
        let (y0, y1) = (yr.start, yr.end);
        chart
            .draw_series(
                a.attractors
                    .iter()
                    .filter(|at| {
                        let p = (at.center[0], if k == 1 { 0.0 } else { at.center[1] });
                        inside(&p) && (y0..=y1).contains(&p.1)
                    })
                    .map(|at| {
                        let p = (at.center[0], if k == 1 { 0.0 } else { at.center[1] });
                        let c = if at.memorised {
                            RGBColor(200, 0, 0)
                        } else {
                            BLACK
                        };
                        Cross::new(p, (5.0 * s) as u32, c.stroke_width((2.5 * s) as u32))
                    }),
            )
            .map_err(err)?;
        Ok(())
    }

    fn codes<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>, s: f64) -> DrawResult {
        let (train, held) = self.live.codes();
        let (train_idx, held_idx) = self.live.split();
        let k = self.live.config().k;
        let y = |m: &DMatrix<f64>, j: usize, label: u8| {
            if k == 1 {
                f64::from(label) - 4.5
            } else {
                m[(1, j)]
            }
        };
        let attractor_coords = self
            .analysis
            .iter()
            .flat_map(|a| a.attractors.iter().flat_map(|at| at.center.iter().copied()));
        let span = train
            .iter()
            .chain(held.iter())
            .copied()
            .chain(attractor_coords)
            .filter(|v| v.is_finite())
            .fold(1.0f64, |a, v| a.max(v.abs()))
            .max(if k == 1 { 5.0 } else { 1.0 })
            * 1.1;
        let mut chart = figures::square_chart(
            area,
            "Latent codes: training (filled) and held-out sample (rings), by digit",
            span,
            ("z₁", if k == 1 { "digit (spread)" } else { "z₂" }),
            s,
        )?;
        let labels = &self.digits.labels;
        // Held-out rings first, training dots on top.
        for (codes, idx, radius, filled) in [
            (&held, held_idx, 2.5, false),
            (&train, train_idx, 3.5, true),
        ] {
            chart
                .draw_series(
                    (0..codes.ncols())
                        .filter(|&j| codes[(0, j)].is_finite())
                        .map(|j| {
                            let l = labels[idx[j]];
                            let c = digit_color(l);
                            let style = if filled {
                                c.filled()
                            } else {
                                c.stroke_width(1)
                            };
                            Circle::new((codes[(0, j)], y(codes, j, l)), (radius * s) as u32, style)
                        }),
                )
                .map_err(err)?;
        }
        let legend: Vec<(String, Glyph)> = (0..10u8)
            .map(|d| {
                let color = digit_color(d);
                (
                    d.to_string(),
                    Glyph::Dot {
                        color,
                        radius: 4,
                        dx: 0,
                    },
                )
            })
            .collect();
        draw_legend(
            &chart.plotting_area().strip_coord_spec(),
            &legend,
            &SeriesLabelPosition::UpperRight,
            &font(1.0, 9.0 * s),
        )?;
        if k == 2 {
            self.mark_attractors(&mut chart, s)?;
        }
        Ok(())
    }

    /// Draws one of [`LATENT_FIGURES`] on any backend.
    pub fn figure<DB: DrawingBackend>(
        &self,
        figure: &str,
        area: &DrawingArea<DB, Shift>,
        s: f64,
    ) -> DrawResult {
        area.fill(&WHITE).map_err(err)?;
        match (figure, self.live.divergence()) {
            ("field" | "codes" | "attractors", Some(why)) => {
                figures::message(area, &format!("diverged: {why}"), s)
            }
            ("field", None) => self.field(area, s),
            ("codes", None) => self.codes(area, s),
            ("attractors", None) => self.attractors(area, s),
            ("curves", _) => self.curves(area, s),
            (other, _) => Err(format!(
                "unknown figure {other:?}; the latent field lab draws {}",
                LATENT_FIGURES.join(", ")
            )),
        }
    }
}
