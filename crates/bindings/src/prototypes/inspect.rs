//! The live Prototype Lab's unit inspector and compare overlay
//! (docs/labs/prototypes.md#inspector, docs/labs/prototypes.md#compare): which
//! unit is under the pointer (hit-testing on the figures' own axes, so the
//! page does no chart math), what the core says about it, and the marks the
//! figures draw for it and for a second run's prototypes.

use super::Lab;
use super::figures::{PROTOTYPES_TITLE, fit_chart, positions_chart};
use crate::figures::Surface;
use plotters::coord::ReverseCoordTranslate;
use plotters::prelude::*;
use protolab_core::prototypes::units::{UnitInfo, Units};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;

/// A second run's prototypes drawn over this run's, with its legend label.
#[derive(Clone, Debug, Default)]
pub struct Overlay {
    /// The other run's prototypes (drawn sorted, as this run's are).
    pub prototypes: Vec<f64>,
    /// Its legend label, e.g. `mask C (compare)`.
    pub label: String,
}

/// What the page asked the figures to mark, and the inspector's units of the
/// current state (one Hungarian assignment per state, not per frame).
#[derive(Debug, Default)]
pub struct Marks {
    /// The compare run's prototypes, when compare is on.
    pub overlay: Option<Overlay>,
    /// The unit the inspector selected.
    pub highlight: Option<usize>,
    /// Bumped on every reset, so a cached state of step `k` is not reused
    /// for a later, different state of the same step count.
    pub generation: u64,
    cache: RefCell<Option<(u64, u64, Rc<Units>)>>,
}

impl Lab {
    /// The inspector's units of the current state (`None` once diverged).
    pub fn units(&self) -> Option<Rc<Units>> {
        if self.live.divergence().is_some() {
            return None;
        }
        let key = (self.live.steps_done(), self.marks.generation);
        if let Some((step, generation, units)) = self.marks.cache.borrow().as_ref()
            && (*step, *generation) == key
        {
            return Some(units.clone());
        }
        let units = Rc::new(Units::of(self.live.model(), self.live.data())?);
        *self.marks.cache.borrow_mut() = Some((key.0, key.1, units.clone()));
        Some(units)
    }

    /// Selects unit `unit` for the figures' marks (`None` clears); an index
    /// beyond the units is refused with a message and changes nothing.
    pub fn select(&mut self, unit: Option<usize>) -> Result<(), String> {
        let h = self.live.model().width();
        match unit {
            Some(j) if j >= h => Err(format!(
                "unit {j} does not exist: this run has {h} units (0 … {})",
                h.saturating_sub(1)
            )),
            _ => {
                self.marks.highlight = unit;
                Ok(())
            }
        }
    }

    /// Sets the compare overlay (see `setOverlay`); a prototype that is not
    /// finite is refused with a message and changes nothing.
    pub fn overlay(&mut self, prototypes: Vec<f64>, label: &str) -> Result<(), String> {
        if let Some(k) = prototypes.iter().position(|p| !p.is_finite()) {
            return Err(format!(
                "overlay prototype {k} is {}, not a finite position",
                prototypes[k]
            ));
        }
        self.marks.overlay = Some(Overlay {
            prototypes,
            label: label.chars().take(80).collect(),
        });
        Ok(())
    }

    /// The selected unit's info, if a unit is selected and the run has units.
    pub fn highlighted(&self) -> Option<UnitInfo> {
        self.units()?.info(self.marks.highlight?)
    }

    /// The unit under pixel `(px, py)` of `figure` (`fit` or `prototypes`)
    /// drawn at `width × height` with scale `s`: on the fit figure the unit
    /// whose prototype is nearest the pointer's x; on the prototype figure the
    /// unit of the pointer's row, or on the data row the nearest prototype.
    /// `None` outside the plot area, on other figures, or without units.
    pub fn unit_at_px(
        &self,
        figure: &str,
        (width, height, s): (u32, u32, f64),
        (px, py): (f64, f64),
    ) -> Option<usize> {
        if !(px.is_finite() && py.is_finite()) {
            return None;
        }
        let units = self.units()?;
        let mut sink = String::new();
        let root = Surface::Svg(SVGBackend::with_string(
            &mut sink,
            (width.max(1), height.max(1)),
        ));
        let area = root.into_drawing_area();
        let pixel = (px.round() as i32, py.round() as i32);
        match figure {
            "fit" => {
                let chart = fit_chart(&area, self.live.data(), s).ok()?;
                let (x, _) = chart.as_coord_spec().reverse_translate(pixel)?;
                units.nearest_unit(x)
            }
            "prototypes" => {
                let chart =
                    positions_chart(&area, self.live.data(), units.len(), PROTOTYPES_TITLE, s)
                        .ok()?;
                let (x, y) = chart.as_coord_spec().reverse_translate(pixel)?;
                if y >= 0.0 {
                    units.unit_of_rank(y.floor() as usize)
                } else {
                    units.nearest_unit(x)
                }
            }
            _ => None,
        }
    }
}

#[wasm_bindgen]
impl Lab {
    /// The unit under pixel `(px, py)` of figure `figure` (`fit` or
    /// `prototypes`) drawn on a canvas of `width × height` pixels at scale
    /// `scale` (devicePixelRatio), or `undefined` (outside the plot area,
    /// another figure, a diverged run).
    #[wasm_bindgen(js_name = unitAt)]
    pub fn unit_at(
        &self,
        figure: &str,
        width: u32,
        height: u32,
        scale: f64,
        px: f64,
        py: f64,
    ) -> Option<u32> {
        let s = if scale.is_finite() && scale > 0.0 {
            scale.min(8.0)
        } else {
            1.0
        };
        self.unit_at_px(figure, (width, height, s), (px, py))
            .map(|j| j as u32)
    }

    /// What the inspector shows about unit `unit` (its centre, width, output
    /// weight, nearest sample, the samples it is nearest to, its Hungarian
    /// partner), or `undefined` when there is no such unit or the run diverged.
    #[wasm_bindgen(js_name = unitInfo, unchecked_return_type = "UnitInfo | undefined")]
    pub fn unit_info(&self, unit: u32) -> JsValue {
        self.units()
            .and_then(|u| u.info(unit as usize))
            .map_or(JsValue::UNDEFINED, |i| {
                super::types::unit_info(&i, self.live.data())
            })
    }

    /// The unit whose prototype has rank `rank` (0 = leftmost: the bottom row
    /// of the prototype figure), for keyboard stepping; `undefined` beyond.
    #[wasm_bindgen(js_name = unitOfRank)]
    pub fn unit_of_rank(&self, rank: u32) -> Option<u32> {
        self.units()?.unit_of_rank(rank as usize).map(|j| j as u32)
    }

    /// Number of hidden units (= N).
    #[wasm_bindgen(js_name = unitCount)]
    pub fn unit_count(&self) -> u32 {
        self.live.model().width() as u32
    }

    /// Marks unit `unit` in the fit and prototype figures (`undefined`
    /// clears). An index beyond the units is refused with a message.
    #[wasm_bindgen(js_name = setHighlight)]
    pub fn set_highlight(&mut self, unit: Option<u32>) -> Result<(), JsError> {
        self.select(unit.map(|j| j as usize))
            .map_err(|e| JsError::new(&e))
    }

    /// The highlighted unit, if any.
    pub fn highlight(&self) -> Option<u32> {
        self.marks.highlight.map(|j| j as u32)
    }

    /// Draws `prototypes` (a second run's, e.g. the compare run's) over this
    /// run's in the prototype figure, labelled `label` in its legend. Values
    /// that are not finite are refused with a message.
    #[wasm_bindgen(js_name = setOverlay)]
    pub fn set_overlay(&mut self, prototypes: Vec<f64>, label: &str) -> Result<(), JsError> {
        self.overlay(prototypes, label)
            .map_err(|e| JsError::new(&e))
    }

    /// Removes the overlay.
    #[wasm_bindgen(js_name = clearOverlay)]
    pub fn clear_overlay(&mut self) {
        self.marks.overlay = None;
    }
}
