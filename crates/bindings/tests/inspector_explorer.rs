//! The unit inspector's hit-testing and marks, the compare overlay, and the
//! study explorer's figure (docs/labs/prototypes.md#inspector, #compare,
//! #explorer), natively on the SVG surface the page's canvas shares code with.

use protolab_bindings::{ExperimentResults, Lab, LabHandle, Results};
use protolab_core::experiments::{self, run_one};
use protolab_core::{Config, Mask};

const W: u32 = 640;
const H: u32 = 420;

fn trained(hash: &str, steps: u32) -> Lab {
    let mut lab = Lab::from_hash_str(hash);
    while lab.step_count() < f64::from(steps) {
        lab.step(steps);
    }
    lab
}

#[test]
fn hovering_a_prototype_row_finds_that_unit_and_the_data_row_the_nearest() {
    let lab = trained("N=8&seed=3&mask=C&steps=400", 400);
    let units = lab.units().unwrap();
    // Down the middle of the prototype figure: rows appear top (highest rank) to bottom.
    let mut seen: Vec<usize> = Vec::new();
    for py in 0..H {
        let at = (f64::from(W) / 2.0, f64::from(py));
        if let Some(j) = lab.unit_at_px("prototypes", (W, H, 1.0), at)
            && seen.last() != Some(&j)
        {
            seen.push(j);
        }
    }
    let ranks: Vec<usize> = seen.iter().map(|&j| units.info(j).unwrap().rank).collect();
    // Every unit's row is found once, highest rank at the top; the data row
    // below them gives the unit nearest the pointer's x (one more entry).
    assert!(ranks.len() >= 8, "{ranks:?}");
    assert_eq!(ranks[..8], [7, 6, 5, 4, 3, 2, 1, 0]);
    // Outside the plot area and on figures without units: nothing.
    assert_eq!(lab.unit_at_px("prototypes", (W, H, 1.0), (1.0, 1.0)), None);
    assert_eq!(lab.unit_at_px("losses", (W, H, 1.0), (320.0, 200.0)), None);
    assert_eq!(lab.unit_at_px("fit", (W, H, 1.0), (f64::NAN, 200.0)), None);
}

#[test]
fn hovering_the_fit_figure_at_a_prototype_finds_its_unit() {
    let lab = trained("N=6&seed=1&mask=CS&steps=600", 600);
    let units = lab.units().unwrap();
    let py = f64::from(H) / 2.0;
    // x under each pixel column, from the figure's own axes.
    let columns: Vec<(f64, f64)> = (0..W)
        .filter_map(|px| {
            let c = lab.fit_coords(W, H, 1.0, f64::from(px), py)?;
            Some((f64::from(px), c[0]))
        })
        .collect();
    assert!(columns.len() > W as usize / 2);
    let mut checked = 0;
    for j in 0..units.len() {
        let p = units.info(j).unwrap().centre;
        let gap = (0..units.len())
            .filter(|&k| k != j)
            .map(|k| (units.info(k).unwrap().centre - p).abs())
            .fold(f64::INFINITY, f64::min);
        let Some(&(px, _)) = columns
            .iter()
            .min_by(|a, b| (a.1 - p).abs().total_cmp(&(b.1 - p).abs()))
        else {
            continue;
        };
        // A prototype with a neighbour closer than a few pixels may lose the pixel.
        if gap > 0.05 && columns.first().unwrap().1 < p && p < columns.last().unwrap().1 {
            assert_eq!(
                lab.unit_at_px("fit", (W, H, 1.0), (px, py)),
                Some(j),
                "unit {j} at {p}"
            );
            checked += 1;
        }
    }
    assert!(
        checked >= 3,
        "only {checked} units were far enough apart to check"
    );
}

#[test]
fn a_selected_unit_and_an_overlay_are_drawn_and_bad_ones_refused() {
    let mut lab = trained("N=5&seed=2&mask=CSO&steps=200", 200);
    let plain = lab.svg_string("prototypes", W, H).unwrap();
    let plain_fit = lab.svg_string("fit", W, H).unwrap();
    lab.select(Some(2)).unwrap();
    let info = lab.highlighted().unwrap();
    assert_eq!(info.unit, 2);
    // The partner's green square and the selection band appear.
    let marked = lab.svg_string("prototypes", W, H).unwrap();
    assert!(!plain.contains("#008C46") && marked.contains("#008C46"));
    assert!(marked.contains("#FFD700"));
    assert!(lab.svg_string("fit", W, H).unwrap().contains("#008C46"));
    assert!(!plain_fit.contains("#008C46"));
    // An absurd unit is refused and the selection kept.
    assert!(lab.select(Some(5)).unwrap_err().contains("5 units"));
    assert_eq!(lab.highlighted().unwrap().unit, 2);
    lab.select(None).unwrap();
    assert_eq!(lab.svg_string("prototypes", W, H).unwrap(), plain);

    // The compare overlay: its label in the legend, orange rings, one per prototype.
    let other = trained("N=5&seed=2&mask=base&steps=200", 200);
    lab.overlay(other.prototypes(), "mask base (compare)")
        .unwrap();
    let over = lab.svg_string("prototypes", W, H).unwrap();
    assert!(over.contains("mask base (compare)") && over.contains("mask CSO (this run)"));
    assert!(
        over.matches("#FF7F0E").count() >= 5,
        "{}",
        over.matches("#FF7F0E").count()
    );
    assert!(
        lab.overlay(vec![0.0, f64::NAN], "x")
            .unwrap_err()
            .contains("prototype 1")
    );
    assert!(
        lab.svg_string("prototypes", W, H)
            .unwrap()
            .contains("mask base (compare)")
    );
}

#[test]
fn the_inspector_follows_a_reset() {
    let mut lab = trained("N=4&seed=9&steps=300", 300);
    let trained_units = lab.units().unwrap();
    lab.restart();
    let fresh = lab.units().unwrap();
    // Same step count would be a stale cache; a reset must give the init's units.
    assert_ne!(trained_units.info(0), fresh.info(0));
    let init = Lab::from_hash_str("N=4&seed=9&steps=300").units().unwrap();
    assert_eq!(fresh.info(0), init.info(0));
}

fn small_study() -> ExperimentResults {
    let mut records = Vec::new();
    for mask in ["base", "C", "CS"] {
        for n in [3, 5, 8] {
            for seed in 0..3 {
                let c = Config {
                    n,
                    seed,
                    mask: Mask::parse(mask).unwrap(),
                    steps: 120,
                    ..Config::default()
                };
                records.push(run_one(records.len(), &c).unwrap());
            }
        }
    }
    ExperimentResults::from_csv("study", &experiments::to_csv(&records), "", &[]).unwrap()
}

#[test]
fn the_explorer_draws_a_dot_per_seed_and_names_bad_masks() {
    let study = small_study();
    let rows = study.paired("base", "cs").unwrap();
    assert_eq!(
        rows.iter().map(|r| r.seeds.len()).collect::<Vec<_>>(),
        [3, 3, 3]
    );
    let svg = study.explorer_svg_string("base", "CS", 860, 420).unwrap();
    // 9 dots (3 seeds × 3 N); plotters draws nothing else as a circle here.
    assert_eq!(svg.matches("<circle").count(), 9);
    assert!(svg.contains("recon(CS) − recon(base)"));
    assert!(
        study
            .paired("base", "X")
            .unwrap_err()
            .contains("\"X\" is not a mask")
    );
    // A pair the study never ran says so instead of an empty chart.
    let none = study.explorer_svg_string("base", "SO", 860, 420).unwrap();
    assert!(none.contains("No seed has finished runs of both base and SO"));
    // Results that are not a study have no pairs.
    let sweep = ExperimentResults::from_csv("sweep", &study.csv_text(), "", &[]).unwrap();
    assert!(
        sweep
            .paired("base", "C")
            .unwrap()
            .iter()
            .all(|r| r.seeds.is_empty())
    );
}
