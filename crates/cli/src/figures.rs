//! `protolab figures`: every figure of every lab and experiment, written as
//! SVG (the page's drawing code and SVG export, byte for byte) or PNG (that
//! SVG rasterised, no browser). docs/figures.md.

use crate::args::Args;
use clap::{Arg, Command};
use protolab_bindings::catalog::{self, Inputs};
use std::path::{Path, PathBuf};

/// `protolab figures`: its flags and `--help` (clap checks `--out` is given,
/// `--format` is svg or png and `--study-sweep` comes with `--study`).
pub fn command() -> Command {
    let flag = |id: &'static str, name: &'static str, help: &'static str| {
        Arg::new(id).long(id).value_name(name).help(help)
    };
    let link = |id: &'static str, lab: &'static str| {
        flag(id, "LINK", lab)
            .allow_hyphen_values(true)
            .help_heading("Labs (each run to its end at its link; default: its defaults)")
    };
    let csv = |id: &'static str, help: &'static str| {
        flag(id, "CSV", help).help_heading("Experiments (default: small runs at the labs' links)")
    };
    Command::new("figures")
        .about("Every figure of every lab and experiment as SVG (the page's export, byte for byte) or PNG (no browser)")
        .long_about(
            "Every figure of every lab and experiment, drawn by the page's drawing code, as \
             <lab>-<figure>.svg (the page's SVG export of the same state, byte for byte, with \
             the protolab version and config in a comment) or .png (that SVG rasterised at 2x \
             with DejaVu Sans embedded; no browser). The files written are listed on stdout. \
             A bad link value, flag or CSV is an error before anything is written \
             (docs/figures.md).",
        )
        .args([
            flag("out", "DIR", "Directory the figures go to (created if missing)").required(true),
            flag("format", "FORMAT", "svg: the page's SVG export; png: rasterised at 2x")
                .value_parser(["svg", "png"])
                .default_value("svg"),
            link("prototypes", "Prototype Lab link, e.g. 'N=8&steps=3000'"),
            link("abstraction", "Abstraction Lab link, e.g. 'D=3&lam=0.1'"),
            link("latent", "Latent Field Lab link, e.g. 'epochs=20&grid=8'"),
            link("capacity", "Capacity Lab link, e.g. 'data=digits&pair=1/7'"),
            csv("study", "The study's run CSV (`protolab study --out`)"),
            csv(
                "study-sweep",
                "Its τ-sweep CSV (`protolab study --sweep-out`); needs --study",
            )
            .requires("study"),
            csv("lambda", "The λ-sweep CSV (`protolab abstraction sweep --out`)"),
            csv("trend", "The latent-field trend CSV (`protolab latent trend --out`)"),
            csv("width", "The width-sweep CSV (`protolab capacity width --out`)"),
        ])
}

/// What `figures` writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// The SVG documents themselves.
    Svg,
    /// The SVGs rasterised at [`crate::png::SCALE`]× their size.
    Png,
}

impl Format {
    /// `svg` or `png`.
    pub fn parse(s: &str) -> Result<Self, String> {
        match s {
            "svg" => Ok(Self::Svg),
            "png" => Ok(Self::Png),
            other => Err(format!("--format: {other:?} is neither svg nor png")),
        }
    }

    fn extension(self) -> &'static str {
        match self {
            Self::Svg => "svg",
            Self::Png => "png",
        }
    }
}

/// The shipped data files (the labs' images).
const DIGITS: &[u8] = include_bytes!("../../../data/digits8x8.bin");
const MNIST: &[u8] = include_bytes!("../../../data/mnist-pairs.bin");

/// Draws every figure for `inputs` (each lab's link, optional experiment
/// CSVs; the data files are filled in here) and writes `<lab>-<figure>.svg`
/// or `.png` into `out` (created if missing). Returns the files written.
pub fn figures(out: &Path, format: Format, inputs: Inputs) -> Result<Vec<PathBuf>, String> {
    let inputs = Inputs {
        digits: DIGITS,
        mnist: MNIST,
        ..inputs
    };
    let drawn = catalog::every_figure(&inputs)?;
    std::fs::create_dir_all(out).map_err(|e| format!("{}: {e}", out.display()))?;
    let mut written = Vec::with_capacity(drawn.len());
    for (stem, svg) in drawn {
        let path = out.join(format!("{stem}.{}", format.extension()));
        let bytes = match format {
            Format::Svg => svg.into_bytes(),
            Format::Png => crate::png::rasterise(&svg).map_err(|e| format!("{stem}: {e}"))?,
        };
        std::fs::write(&path, bytes).map_err(|e| format!("{}: {e}", path.display()))?;
        written.push(path);
    }
    Ok(written)
}

/// Reads a CSV file named by a flag.
fn read(flag: &str, path: Option<String>) -> Result<Option<String>, String> {
    path.map(|p| std::fs::read_to_string(&p).map_err(|e| format!("--{flag} {p}: {e}")))
        .transpose()
}

/// `protolab figures --out DIR [--format svg|png] [--prototypes LINK]
/// [--abstraction LINK] [--latent LINK] [--capacity LINK] [--study CSV
/// [--study-sweep CSV]] [--lambda CSV] [--trend CSV] [--width CSV]`, as [`command`] matched it.
pub fn run(mut args: Args) -> Result<(), String> {
    // clap has checked the flags (`command`); these are its values.
    let out = args.take("out").ok_or("figures needs --out DIR")?;
    let format = Format::parse(&args.take("format").unwrap_or_else(|| "svg".into()))?;
    let link = |args: &mut Args, key: &str| args.take(key).unwrap_or_default();
    let study = read("study", args.take("study"))?;
    let study_sweep = read("study-sweep", args.take("study-sweep"))?;
    let inputs = Inputs {
        prototypes: link(&mut args, "prototypes"),
        abstraction: link(&mut args, "abstraction"),
        latent: link(&mut args, "latent"),
        capacity: link(&mut args, "capacity"),
        study: study.map(|s| (s, study_sweep.unwrap_or_default())),
        lambda: read("lambda", args.take("lambda"))?,
        trend: read("trend", args.take("trend"))?,
        width: read("width", args.take("width"))?,
        ..Inputs::default()
    };
    let positional = args.finish()?;
    if let Some(p) = positional.first() {
        return Err(format!(
            "figures takes no argument {p:?} (see `protolab help`)"
        ));
    }
    let written = figures(Path::new(&out), format, inputs)?;
    for path in &written {
        println!("{}", path.display());
    }
    eprintln!("{} figures written to {out}", written.len());
    Ok(())
}
