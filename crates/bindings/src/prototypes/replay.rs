//! What the page's replay needs from the Prototype Lab's experiment results
//! (docs/labs/README.md#precomputed-results): the runs behind a study cell or
//! behind the point of a figure a click landed nearest to — each with the
//! exact link of its config, so the live lab replays that very run — and the
//! positions results rebuilt from the CLI's two files that ship in data/results.

use super::results::ExperimentResults;
use crate::figures::{Placed, draw_lines_placed, surface};
use protolab_core::experiments::{self, RunRecord};
use protolab_core::{Mask, csv};
use wasm_bindgen::prelude::*;

/// The TypeScript of the replay results.
pub const TYPESCRIPT: &str = r#"
/** One run of an experiment, with the link that replays it in the live lab. */
export interface RunRow {
  mask: string;
  N: number;
  seed: number;
  tauS: number;
  /** "ok" or "diverged". */
  status: string;
  /** Final metrics (null when the run diverged). */
  recon: number | null;
  specialization: number | null;
  hullEscape: number | null;
  /** The run's whole config as a link (`v=1&lab=prototypes&…`). */
  link: string;
}

/** What `ExperimentResults.runsAt` found under a click: the point's label and its runs (one per seed). */
export interface Replay {
  label: string;
  runs: RunRow[];
}
"#;

#[wasm_bindgen(typescript_custom_section)]
const TYPESCRIPT_SECTION: &str = TYPESCRIPT;

/// The positions CSV's header (`protolab positions --out`).
pub const POSITIONS_HEADER: &str = "mask,unit,prototype,outside_hull";

/// How far (in the figure's pixels) a click may be from a point and still pick it.
const PICK_RADIUS: f64 = 28.0;

impl ExperimentResults {
    /// The runs of the study cell (`mask`, `n`), in seed order.
    pub fn cell_runs(&self, mask: &str, n: usize) -> Vec<&RunRecord> {
        self.main
            .iter()
            .filter(|r| r.config.mask.name() == mask && r.config.n == n)
            .collect()
    }

    /// The runs behind the point of `figure` (drawn at `w × h`) nearest to the
    /// pixel (`x`, `y`), with the point's label; `None` when no point is within
    /// a few pixels. Positions: the panel under the click (one run each).
    pub fn runs_at(
        &self,
        figure: &str,
        (w, h): (u32, u32),
        (x, y): (f64, f64),
    ) -> Result<Option<(String, Vec<&RunRecord>)>, String> {
        if !(x.is_finite() && y.is_finite()) {
            return Err(format!("({x}, {y}) is not a point of the figure"));
        }
        match figure {
            "study" => {
                let lines =
                    super::results::study_lines(&experiments::summarize(self.study_records()));
                let placed = place(w, h, |area| draw_lines_placed(area, &lines, 1.0))?;
                Ok(nearest(&placed, (x, y)).map(|p| {
                    let mask = Mask::ALL[p.series].name();
                    let n = lines.series[p.series].2[p.point].0 as usize;
                    (format!("{mask}, N = {n}"), self.cell_runs(mask, n))
                }))
            }
            "sweep" => {
                let [escape, recon] = self.sweep_lines();
                let placed = place(w, h, |area| {
                    let halves = area.split_evenly((1, 2));
                    let mut all = draw_lines_placed(&halves[0], &escape, 1.0)?;
                    all.extend(draw_lines_placed(&halves[1], &recon, 1.0)?);
                    Ok(all)
                })?;
                let curve = experiments::tau_curve(self.sweep_records());
                Ok(nearest(&placed, (x, y)).map(|p| {
                    let runs: Vec<&RunRecord> = if p.series == 0 {
                        let tau = curve.points[p.point].tau;
                        self.sweep_records()
                            .iter()
                            .filter(|r| r.config.mask.separation && r.config.tau_s == tau)
                            .collect()
                    } else {
                        self.sweep_records()
                            .iter()
                            .filter(|r| r.config.mask == Mask::ALL[0])
                            .collect()
                    };
                    let label = if p.series == 0 {
                        format!("S, τS = {}", curve.points[p.point].tau)
                    } else {
                        "no separation (base)".to_string()
                    };
                    (label, runs)
                }))
            }
            "positions" => {
                let (cols, rows) = (4.0, 2.0);
                let (w, h) = (f64::from(w.clamp(100, 4000)), f64::from(h.clamp(100, 4000)));
                if !(0.0..w).contains(&x) || !(0.0..h).contains(&y) {
                    return Ok(None);
                }
                let k = (y * rows / h) as usize * cols as usize + (x * cols / w) as usize;
                Ok(self
                    .main
                    .get(k)
                    .map(|r| (format!("{}, N = {}", r.config.mask, r.config.n), vec![r])))
            }
            other => Err(format!(
                "unknown figure {other:?}; experiments draw study, sweep, positions"
            )),
        }
    }

    /// Positions results from the CLI's runs CSV and positions CSV
    /// (`protolab positions --runs-out R --out P`): each finished run's N
    /// prototypes must be there, under its mask, units 0 … N−1 in order.
    pub fn from_positions_csv(runs_csv: &str, positions_csv: &str) -> Result<Self, String> {
        let runs = experiments::parse_csv(runs_csv).map_err(|e| e.to_string())?;
        let rows = csv::table_rows(positions_csv, POSITIONS_HEADER, "the positions CSV")
            .map_err(|e| format!("positions: {e}"))?;
        let mut prototypes = Vec::new();
        for r in runs.iter().filter(|r| r.outcome.is_ok()) {
            let mask = r.config.mask.name();
            let mine: Vec<&(usize, Vec<&str>)> =
                rows.iter().filter(|(_, c)| c[0] == mask).collect();
            if mine.len() != r.config.n {
                return Err(format!(
                    "positions: mask {mask} has {} prototypes, its run has N = {}",
                    mine.len(),
                    r.config.n
                ));
            }
            for (j, (line, cells)) in mine.into_iter().enumerate() {
                if cells[1].parse::<usize>().ok() != Some(j) {
                    return Err(format!(
                        "positions: line {line}: unit {:?}, expected {j}",
                        cells[1]
                    ));
                }
                let p: f64 = cells[2]
                    .parse()
                    .map_err(|_| format!("positions: line {line}: cannot read {:?}", cells[2]))?;
                prototypes.push(p);
            }
        }
        Self::from_csv("positions", runs_csv, "", &prototypes)
    }
}

/// Lays the figure out as the page's canvas did at `w × h` (the size the page
/// showed it at; [`surface::layout`]) and returns where the points landed.
fn place(
    w: u32,
    h: u32,
    f: impl FnOnce(
        &plotters::prelude::DrawingArea<crate::figures::Surface, plotters::coord::Shift>,
    ) -> Result<Vec<Placed>, String>,
) -> Result<Vec<Placed>, String> {
    let mut placed = Vec::new();
    surface::layout(w, h, |area| {
        placed = f(area)?;
        Ok(())
    })?;
    Ok(placed)
}

/// The placed point nearest to `(x, y)`, if within [`PICK_RADIUS`].
fn nearest(placed: &[Placed], (x, y): (f64, f64)) -> Option<Placed> {
    let d = |p: &Placed| (f64::from(p.pixel.0) - x).hypot(f64::from(p.pixel.1) - y);
    placed
        .iter()
        .filter(|p| d(p) <= PICK_RADIUS)
        .min_by(|a, b| d(a).total_cmp(&d(b)))
        .copied()
}

/// A run as a `RunRow` object.
fn row(r: &RunRecord) -> JsValue {
    let m = r.outcome.as_ref().ok();
    let opt = |v: Option<f64>| v.map_or(JsValue::NULL, JsValue::from);
    crate::js::Obj::new()
        .set("mask", r.config.mask.name())
        .set("N", r.config.n as f64)
        .set("seed", r.config.seed as f64)
        .set("tauS", r.config.tau_s)
        .set("status", if m.is_some() { "ok" } else { "diverged" })
        .set("recon", opt(m.map(|m| m.recon)))
        .set("specialization", opt(m.map(|m| m.specialization)))
        .set("hullEscape", opt(m.map(|m| m.hull_escape)))
        .set("link", protolab_core::hash::to_hash(&r.config))
        .done()
}

fn rows(runs: &[&RunRecord]) -> js_sys::Array {
    runs.iter().map(|r| row(r)).collect()
}

#[wasm_bindgen]
impl ExperimentResults {
    /// The runs of the study cell (`mask`, `N`), each with its replay link.
    #[wasm_bindgen(js_name = cellRuns, unchecked_return_type = "RunRow[]")]
    pub fn cell_runs_js(&self, mask: &str, n: usize) -> JsValue {
        rows(&self.cell_runs(mask, n)).into()
    }

    /// The runs behind the point of `figure` (as drawn at `width × height`)
    /// nearest to the pixel (`x`, `y`) of that drawing, or `undefined` when the
    /// click is not near a point.
    #[wasm_bindgen(js_name = runsAt, unchecked_return_type = "Replay | undefined")]
    pub fn runs_at_js(
        &self,
        figure: &str,
        width: u32,
        height: u32,
        x: f64,
        y: f64,
    ) -> Result<JsValue, JsError> {
        let found = self
            .runs_at(figure, (width, height), (x, y))
            .map_err(|e| JsError::new(&e))?;
        Ok(found.map_or(JsValue::UNDEFINED, |(label, runs)| {
            crate::js::Obj::new()
                .set("label", label)
                .set("runs", rows(&runs))
                .done()
        }))
    }

    /// Positions results from the shipped runs CSV and positions CSV; see
    /// [`ExperimentResults::from_positions_csv`].
    #[wasm_bindgen(js_name = restorePositions)]
    pub fn restore_positions(
        runs_csv: &str,
        positions_csv: &str,
    ) -> Result<ExperimentResults, JsError> {
        ExperimentResults::from_positions_csv(runs_csv, positions_csv).map_err(|e| JsError::new(&e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use protolab_core::Config;
    use protolab_core::experiments::{Plan, run_one};

    fn run_plan(plan: &Plan) -> Vec<RunRecord> {
        plan.runs
            .iter()
            .enumerate()
            .map(|(k, c)| run_one(k, c).unwrap())
            .collect()
    }

    fn small_study() -> ExperimentResults {
        let base = Config {
            steps: 30,
            ..Config::default()
        };
        let study = run_plan(&Plan::study(&base, &[3, 5], 2));
        let sweep = run_plan(&Plan::tau_sweep(&base, 5, &[0.01, 1.0], 2));
        ExperimentResults::new("study", study, sweep)
    }

    /// A study cell holds its seeds' runs, and each run's link reads back to
    /// exactly the config that ran (what the page's replay relies on).
    #[test]
    fn cell_runs_carry_links_to_their_exact_configs() {
        let r = small_study();
        let runs = r.cell_runs("CS", 5);
        assert_eq!(
            runs.iter().map(|r| r.config.seed).collect::<Vec<_>>(),
            [0, 1]
        );
        for run in runs {
            let (back, issues) =
                protolab_core::hash::from_hash(&protolab_core::hash::to_hash(&run.config));
            assert!(issues.is_empty(), "{issues:?}");
            assert_eq!(back, run.config);
        }
        assert!(r.cell_runs("CS", 7).is_empty());
    }

    /// A click near a drawn point of the study figure picks that point's
    /// (mask, N) cell; a click in the empty margin picks nothing; the
    /// τ-sweep's points pick their τ's seeds.
    #[test]
    fn clicks_map_to_the_nearest_point_and_its_runs() {
        let r = small_study();
        let size = (860, 460);
        let lines = super::super::results::study_lines(&experiments::summarize(&r.main));
        let placed = place(size.0, size.1, |a| draw_lines_placed(a, &lines, 1.0)).unwrap();
        assert_eq!(placed.len(), 16, "8 masks × 2 sizes");
        for p in &placed {
            let at = (f64::from(p.pixel.0) + 2.0, f64::from(p.pixel.1) - 1.0);
            let (label, runs) = r.runs_at("study", size, at).unwrap().unwrap();
            assert!(
                runs.iter()
                    .all(|run| run.config.n == lines.series[p.series].2[p.point].0 as usize),
                "{label}"
            );
            // Points of different masks may coincide; the picked runs are one cell's.
            assert_eq!(runs.len(), 2, "{label}");
        }
        assert!(r.runs_at("study", size, (2.0, 2.0)).unwrap().is_none());
        let e = r.runs_at("study", size, (f64::NAN, 1.0)).err().unwrap();
        assert!(e.contains("not a point"), "{e}");
        let sweep_points = place(860, 420, |a| {
            let halves = a.split_evenly((1, 2));
            draw_lines_placed(&halves[0], &r.sweep_lines()[0], 1.0)
        })
        .unwrap();
        let first = sweep_points
            .iter()
            .find(|p| p.series == 0 && p.point == 1)
            .unwrap();
        let (label, runs) = r
            .runs_at(
                "sweep",
                (860, 420),
                (f64::from(first.pixel.0), f64::from(first.pixel.1)),
            )
            .unwrap()
            .unwrap();
        assert!(label.contains('1'), "{label}");
        assert_eq!(runs.len(), 2);
        assert!(
            runs.iter()
                .all(|run| run.config.tau_s == 1.0 && run.config.mask.name() == "S")
        );
    }

    /// The positions figure is a 2 × 4 grid: a click picks the run of its panel.
    #[test]
    fn positions_clicks_pick_their_panel() {
        let base = Config {
            steps: 20,
            ..Config::default()
        };
        let r =
            ExperimentResults::new("positions", run_plan(&Plan::positions(&base, 4, 0)), vec![]);
        let pick = |x, y| {
            r.runs_at("positions", (1200, 620), (x, y))
                .unwrap()
                .map(|(_, v)| v[0].config.mask.name())
        };
        assert_eq!(pick(10.0, 10.0), Some("base"));
        assert_eq!(pick(1190.0, 610.0), Some("CSO"));
        assert_eq!(pick(310.0, 10.0), Some("C"));
        assert_eq!(pick(10.0, 320.0), Some("CS"));
        assert_eq!(pick(-1.0, 10.0), None);
    }

    /// The CLI's two positions files rebuild the same results as the runs
    /// themselves; a missing or misplaced prototype is an error naming it.
    #[test]
    fn positions_files_rebuild_the_runs() {
        let base = Config {
            steps: 20,
            ..Config::default()
        };
        let records = run_plan(&Plan::positions(&base, 3, 1));
        let runs_csv = experiments::to_csv(&records);
        let mut positions = format!("{POSITIONS_HEADER}\n");
        for r in &records {
            for (j, p) in r.prototypes.iter().enumerate() {
                positions.push_str(&format!("{},{j},{p},0\n", r.config.mask));
            }
        }
        let back = ExperimentResults::from_positions_csv(&runs_csv, &positions).unwrap();
        for (a, b) in back.main.iter().zip(&records) {
            assert_eq!(a.prototypes, b.prototypes);
            assert_eq!(a.outcome, b.outcome);
        }
        let short: String = positions
            .lines()
            .take(3)
            .map(|l| format!("{l}\n"))
            .collect();
        let e = ExperimentResults::from_positions_csv(&runs_csv, &short)
            .err()
            .unwrap();
        assert!(e.contains("mask base has 2 prototypes"), "{e}");
        let swapped = positions.replacen(",0,", ",1,", 1);
        let e = ExperimentResults::from_positions_csv(&runs_csv, &swapped)
            .err()
            .unwrap();
        assert!(e.contains("unit"), "{e}");
    }
}
