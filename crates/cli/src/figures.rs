//! `protolab figures`: every figure of every lab and experiment, written as
//! SVG (the page's drawing code and SVG export, byte for byte) or PNG (that
//! SVG rasterised, no browser). docs/figures.md.

use crate::args::Args;
use protolab_bindings::catalog::{self, Inputs};
use std::path::{Path, PathBuf};

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
/// [--study-sweep CSV]] [--lambda CSV] [--width CSV]`.
pub fn run(mut args: Args) -> Result<(), String> {
    let out = args.take("out").ok_or("figures needs --out DIR")?;
    let format = Format::parse(&args.take("format").unwrap_or_else(|| "svg".into()))?;
    let link = |args: &mut Args, key: &str| args.take(key).unwrap_or_default();
    let (study, study_sweep) = (args.take("study"), args.take("study-sweep"));
    if study.is_none() && study_sweep.is_some() {
        return Err("--study-sweep needs --study (the study's run CSV)".into());
    }
    let study = read("study", study)?;
    let study_sweep = read("study-sweep", study_sweep)?;
    let inputs = Inputs {
        prototypes: link(&mut args, "prototypes"),
        abstraction: link(&mut args, "abstraction"),
        latent: link(&mut args, "latent"),
        capacity: link(&mut args, "capacity"),
        study: study.map(|s| (s, study_sweep.unwrap_or_default())),
        lambda: read("lambda", args.take("lambda"))?,
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
