//! `protolab figures`: one SVG per figure of every lab and experiment, each
//! well-formed XML stamped with its provenance; PNGs that are PNGs of twice
//! the SVG's size; bad flags and files are clear errors.

use protolab_bindings::catalog::{EXPERIMENT_FIGURES, LAB_SIZE};
use protolab_bindings::{ABSTRACTION_FIGURES, CAPACITY_FIGURES, LAB_FIGURES, LATENT_FIGURES};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Small runs of every lab, so the test is quick.
const LINKS: [&str; 8] = [
    "--prototypes",
    "N=5&steps=80",
    "--abstraction",
    "D=2&width=16&steps=40",
    "--latent",
    "epochs=4&grid=4&train=64",
    "--capacity",
    "data=digits&pair=1/7&H=4&epochs=8&finetune=1&small=2&large=4",
];

fn protolab(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_protolab"))
        .args(args)
        .output()
        .expect("run protolab")
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("protolab-figures-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Every file stem the bindings' figure lists name.
fn expected_stems() -> Vec<String> {
    let labs: [(&str, &[&str]); 4] = [
        ("prototypes", &LAB_FIGURES),
        ("abstraction", &ABSTRACTION_FIGURES),
        ("latent", &LATENT_FIGURES),
        ("capacity", &CAPACITY_FIGURES),
    ];
    let mut stems: Vec<String> = labs
        .iter()
        .flat_map(|(lab, figs)| figs.iter().map(move |f| format!("{lab}-{f}")))
        .chain(EXPERIMENT_FIGURES.iter().map(|s| s.to_string()))
        .collect();
    stems.sort();
    stems
}

/// The files in `dir` with extension `ext`, by stem (sorted).
fn files(dir: &Path, ext: &str) -> Vec<(String, PathBuf)> {
    let mut out: Vec<(String, PathBuf)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == ext))
        .map(|p| (p.file_stem().unwrap().to_string_lossy().into_owned(), p))
        .collect();
    out.sort();
    out
}

#[test]
fn svg_writes_one_well_formed_stamped_file_per_figure() {
    let dir = scratch("svg");
    let out = dir.to_str().unwrap();
    let o = protolab(&[&["figures", "--out", out, "--format", "svg"], &LINKS[..]].concat());
    assert!(o.status.success(), "{}", stderr(&o));
    let svgs = files(&dir, "svg");
    let stems: Vec<String> = svgs.iter().map(|f| f.0.clone()).collect();
    assert_eq!(stems, expected_stems());
    for (stem, path) in &svgs {
        let text = std::fs::read_to_string(path).unwrap();
        let doc = roxmltree::Document::parse(&text).unwrap_or_else(|e| panic!("{stem}: {e}"));
        assert_eq!(doc.root_element().tag_name().name(), "svg", "{stem}");
        assert!(
            doc.descendants().any(|n| n.has_tag_name("text")),
            "{stem} has text"
        );
        // The provenance comment comes right after the <svg> tag: the version,
        // and a lab's link (results may join several configs: none).
        let first = doc.root_element().first_child().unwrap();
        let first = if first.is_text() {
            first.next_sibling().unwrap()
        } else {
            first
        };
        assert!(first.is_comment(), "{stem}: the provenance comes first");
        let comment = first.text().unwrap().trim();
        let version = format!("protolab {}", env!("CARGO_PKG_VERSION"));
        if EXPERIMENT_FIGURES.contains(&stem.as_str()) {
            assert_eq!(comment, version, "{stem}");
        } else {
            let lab = stem.split('-').next().unwrap();
            let lab = if lab == "latent" { "latent-field" } else { lab };
            assert!(
                comment.starts_with(&format!("{version}; config: v=1&lab={lab}&")),
                "{stem}: {comment}"
            );
        }
    }
    // A lab's figure names its link, with the values given.
    let fit = std::fs::read_to_string(dir.join("prototypes-fit.svg")).unwrap();
    assert!(
        fit.contains("; config: v=1&lab=prototypes&N=5&") && fit.contains("&steps=80"),
        "{}",
        &fit[..300]
    );
    // The files listed on stdout are the files written.
    assert_eq!(
        String::from_utf8_lossy(&o.stdout).lines().count(),
        svgs.len()
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn png_writes_real_pngs_of_twice_the_svg_size() {
    let dir = scratch("png");
    let out = dir.to_str().unwrap();
    let o = protolab(&[&["figures", "--out", out, "--format", "png"], &LINKS[..]].concat());
    assert!(o.status.success(), "{}", stderr(&o));
    let pngs = files(&dir, "png");
    let stems: Vec<String> = pngs.iter().map(|f| f.0.clone()).collect();
    assert_eq!(stems, expected_stems());
    for (stem, path) in &pngs {
        let png = std::fs::read(path).unwrap();
        assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n", "{stem}: PNG signature");
        assert_eq!(&png[12..16], b"IHDR", "{stem}");
        let w = u32::from_be_bytes(png[16..20].try_into().unwrap());
        let h = u32::from_be_bytes(png[20..24].try_into().unwrap());
        if stem.starts_with("prototypes-") && LAB_FIGURES.iter().any(|f| stem.ends_with(f)) {
            assert_eq!((w, h), (2 * LAB_SIZE.0, 2 * LAB_SIZE.1), "{stem}");
        }
        assert!(w >= 200 && h >= 200, "{stem}: {w}×{h}");
        // Not blank: a drawn figure compresses to more than a white page.
        assert!(png.len() > 10_000, "{stem}: {} bytes", png.len());
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn bad_flags_and_files_are_clear_errors() {
    let dir = scratch("bad");
    let out = dir.to_str().unwrap();
    let cases: [(&[&str], &str); 6] = [
        (
            &["figures", "--out", out, "--prototypes", "N=many"],
            "the prototypes link: N",
        ),
        (&["figures"], "--out <DIR>"),
        (
            &["figures", "--out", out, "--format", "gif"],
            "invalid value 'gif' for '--format <FORMAT>'",
        ),
        (
            &["figures", "--out", out, "--study", "/nonexistent/study.csv"],
            "--study /nonexistent/study.csv",
        ),
        (
            &["figures", "--out", out, "--colour", "red"],
            "unknown flag --colour",
        ),
        (
            &["figures", "--out", out, "--study-sweep", "x.csv"],
            "--study <CSV>",
        ),
    ];
    for (args, message) in cases {
        let o = protolab(args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(stderr(&o).contains(message), "{args:?}: {}", stderr(&o));
    }
    // A malformed CSV names itself and its problem; nothing is written.
    std::fs::create_dir_all(&dir).unwrap();
    let csv = dir.join("width.csv");
    std::fs::write(
        &csv,
        "pair,H,seed,status,f1,precision,recall,auc\n0/1,two,0,ok,1,1,1,1\n",
    )
    .unwrap();
    let o = protolab(
        &[
            &["figures", "--out", out, "--width", csv.to_str().unwrap()],
            &LINKS[..],
        ]
        .concat(),
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("the width-sweep CSV"), "{}", stderr(&o));
    assert!(files(&dir, "svg").is_empty());
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn the_svg_text_metric_is_the_embedded_fonts() {
    use protolab_bindings::metric;
    use skrifa::instance::{LocationRef, Size};
    use skrifa::{FontRef, MetadataProvider};
    // The layout's widths are DejaVu Sans's, the font the PNGs are set in:
    // at an em of 2048 px (plotters' size 2048 × 1.24) a width is in font units.
    let font = FontRef::new(dejavu::sans::regular()).unwrap();
    let metrics = font.metrics(Size::unscaled(), LocationRef::default());
    assert_eq!(metrics.units_per_em, 2048);
    let advances = font.glyph_metrics(Size::unscaled(), LocationRef::default());
    let size = 2048.0 * 1.24;
    let labels = "τλσŷ²₁₂×−—…→∂ᵀΔ±";
    for c in (' '..='~').chain(labels.chars()) {
        let glyph = font
            .charmap()
            .map(c)
            .unwrap_or_else(|| panic!("{c:?} in DejaVu Sans"));
        let advance = advances.advance_width(glyph).unwrap();
        assert_eq!(
            metric::text_size(&c.to_string(), size).0 as f32,
            advance,
            "{c:?}"
        );
    }
    let line = metrics.ascent - metrics.descent;
    assert_eq!(metric::text_size("x", size).1 as f32, line);
}
