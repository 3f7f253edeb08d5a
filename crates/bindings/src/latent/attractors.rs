//! The Latent Field Lab's attractor gallery (decoded attractors beside their
//! nearest training and held-out digits) and its curves over training.

use super::LatentLab;
use crate::figures::{self, DrawResult, Lines, err};
use plotters::coord::Shift;
use plotters::prelude::*;
use protolab_core::nalgebra::DMatrix;

impl LatentLab {
    pub(super) fn attractors<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        s: f64,
    ) -> DrawResult {
        let Some(a) = &self.analysis else {
            return figures::message(area, "no analysis yet", s);
        };
        if a.attractors.is_empty() {
            return figures::message(area, "no trajectory converged: no attractors", s);
        }
        let shown = a.attractors.len().min(8);
        let (title, body) = area.split_vertically((22.0 * s) as u32);
        title
            .draw_text(
                &format!(
                    "{} attractors at epoch {} ({} shown): decoded | nearest training | nearest held-out;  memorised {:.0}% (our definition)",
                    a.attractors.len(),
                    a.epoch,
                    shown,
                    100.0 * a.memorised_fraction
                ),
                &figures::sans(12.0 * s).color(&BLACK),
                ((6.0 * s) as i32, (4.0 * s) as i32),
            )
            .map_err(err)?;
        let cols = if shown > 4 {
            body.split_evenly((2, 4))
        } else {
            body.split_evenly((1, shown))
        };
        for (panel, at) in cols.iter().zip(&a.attractors) {
            let label_h = (30.0 * s) as u32;
            let (images, labels) =
                panel.split_vertically(panel.dim_in_pixel().1.saturating_sub(label_h));
            let shown = [
                at.image.clone(),
                self.digits.unit_pixels(at.nearest_train.0).to_vec(),
                self.digits.unit_pixels(at.nearest_held.0).to_vec(),
            ];
            for (cell, img) in images.split_evenly((1, 3)).iter().zip(shown) {
                let m = DMatrix::from_row_slice(8, 8, &img);
                figures::heatmap(cell, "", &m, figures::Palette::Grey, s)?;
            }
            let eig = at
                .eigenvalues
                .iter()
                .map(|(re, im)| {
                    if *im == 0.0 {
                        format!("{re:.2}")
                    } else {
                        format!("{re:.2}±{:.2}i", im.abs())
                    }
                })
                .collect::<Vec<_>>()
                .join(", ");
            let color = if at.memorised {
                RGBColor(200, 0, 0)
            } else {
                BLACK
            };
            let style = figures::sans(9.5 * s).color(&color);
            labels
                .draw_text(
                    &format!(
                        "n={} {}  d {:.2} / {:.2}",
                        at.count,
                        if at.memorised { "memorised" } else { "" },
                        at.nearest_train.1,
                        at.nearest_held.1
                    ),
                    &style,
                    ((2.0 * s) as i32, (3.0 * s) as i32),
                )
                .map_err(err)?;
            labels
                .draw_text(
                    &format!("eig: {eig}"),
                    &style,
                    ((2.0 * s) as i32, (15.0 * s) as i32),
                )
                .map_err(err)?;
        }
        Ok(())
    }

    pub(super) fn curves<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        s: f64,
    ) -> DrawResult {
        let analysed: Vec<(f64, (usize, f64))> = self
            .history
            .iter()
            .filter_map(|(l, a)| a.map(|a| (l.epoch as f64, a)))
            .collect();
        let panels = area.split_evenly((1, 3));
        let count = Lines {
            title: "Attractors",
            x_desc: "epoch",
            y_desc: "count",
            series: vec![(
                "attractors".into(),
                0,
                analysed.iter().map(|(e, a)| (*e, a.0 as f64)).collect(),
            )],
            ..Default::default()
        };
        let memorised = Lines {
            title: "Memorised fraction (our definition)",
            x_desc: "epoch",
            y_desc: "share of attractors",
            series: vec![(
                "memorised".into(),
                3,
                analysed.iter().map(|(e, a)| (*e, a.1)).collect(),
            )],
            y_range: Some((-0.05, 1.05)),
            ..Default::default()
        };
        let losses = Lines {
            title: "Reconstruction MSE",
            x_desc: "epoch",
            y_desc: "MSE (log)",
            log_y: true,
            series: vec![
                (
                    "training".into(),
                    1,
                    self.history
                        .iter()
                        .map(|(l, _)| (l.epoch as f64, l.train))
                        .collect(),
                ),
                (
                    "held-out sample".into(),
                    2,
                    self.history
                        .iter()
                        .map(|(l, _)| (l.epoch as f64, l.held))
                        .collect(),
                ),
            ],
            ..Default::default()
        };
        figures::draw_lines(&panels[0], &count, s)?;
        figures::draw_lines(&panels[1], &memorised, s)?;
        figures::draw_lines(&panels[2], &losses, s)
    }
}
