//! The run configuration of the Prototype Lab and its validation.
//!
//! Every entry point (URL hash, CLI flags, JSON import) builds a [`Config`] and
//! calls [`Config::validate`], so no hand-edited value can reach the trainer
//! unchecked.

pub use crate::error::ConfigError;
use crate::schema;
use core::fmt;

/// Which structural losses are switched on. The paper's eight masks are the
/// subsets of {coverage, separation, overlap}.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Mask {
    /// Coverage (attractor) loss on.
    pub coverage: bool,
    /// Separation (repulsive) loss on.
    pub separation: bool,
    /// Overlap (repulsive) loss on.
    pub overlap: bool,
}

impl Mask {
    /// The eight masks in the paper's order: `base, C, S, O, CS, CO, SO, CSO`.
    pub const ALL: [Mask; 8] = [
        Mask::new(false, false, false),
        Mask::new(true, false, false),
        Mask::new(false, true, false),
        Mask::new(false, false, true),
        Mask::new(true, true, false),
        Mask::new(true, false, true),
        Mask::new(false, true, true),
        Mask::new(true, true, true),
    ];

    /// A mask from its three switches.
    pub const fn new(coverage: bool, separation: bool, overlap: bool) -> Self {
        Self {
            coverage,
            separation,
            overlap,
        }
    }

    /// The paper's name: `base` or the letters of the active losses (`CSO`, …).
    pub fn name(self) -> &'static str {
        match (self.coverage, self.separation, self.overlap) {
            (false, false, false) => "base",
            (true, false, false) => "C",
            (false, true, false) => "S",
            (false, false, true) => "O",
            (true, true, false) => "CS",
            (true, false, true) => "CO",
            (false, true, true) => "SO",
            (true, true, true) => "CSO",
        }
    }

    /// Parses a mask name (`base`, or any of the letters C, S, O once each, in any order).
    pub fn parse(s: &str) -> Option<Self> {
        if s.eq_ignore_ascii_case("base") || s.is_empty() {
            return Some(Self::new(false, false, false));
        }
        let mut mask = Self::new(false, false, false);
        for c in s.chars() {
            let slot = match c.to_ascii_uppercase() {
                'C' => &mut mask.coverage,
                'S' => &mut mask.separation,
                'O' => &mut mask.overlap,
                _ => return None,
            };
            if *slot {
                return None;
            }
            *slot = true;
        }
        Some(mask)
    }
}

impl fmt::Display for Mask {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The target function of generated data sets (our choice; docs/labs/prototypes.md#data).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Target {
    /// `y ~ U(-1, 1)`: pure memorisation, every neuron is needed.
    Random,
    /// `y = sin(πx)`.
    Sine,
    /// `y = sign(x)` (−1 below zero, +1 from zero up).
    Step,
}

impl Target {
    /// All targets, default first.
    pub const ALL: [Target; 3] = [Target::Random, Target::Sine, Target::Step];

    /// The name used in URLs, CSVs and flags.
    pub fn name(self) -> &'static str {
        match self {
            Target::Random => "random",
            Target::Sine => "sine",
            Target::Step => "step",
        }
    }

    /// Parses a target name.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|t| t.name().eq_ignore_ascii_case(s))
    }
}

/// The unit of τ_C and τ_S.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TauUnits {
    /// τ is used as given (in squared input units).
    Absolute,
    /// τ is a multiple of Δ², the squared mean spacing of the training inputs
    /// (`Δ = (max x − min x) / (N − 1)`), so a kernel means the same thing
    /// relative to the data at every N.
    Spacing,
}

impl TauUnits {
    /// The name used in URLs, CSVs and flags.
    pub fn name(self) -> &'static str {
        match self {
            TauUnits::Absolute => "abs",
            TauUnits::Spacing => "spacing",
        }
    }

    /// Parses a unit name.
    pub fn parse(s: &str) -> Option<Self> {
        [TauUnits::Absolute, TauUnits::Spacing]
            .into_iter()
            .find(|t| t.name().eq_ignore_ascii_case(s))
    }
}

/// Everything that determines a Prototype Lab run. Same config ⇒ same numbers.
#[derive(Clone, Debug, PartialEq)]
pub struct Config {
    /// Data-set size N, which is also the hidden width H.
    pub n: usize,
    /// Target family of the generated data.
    pub target: Target,
    /// Which structural losses are on.
    pub mask: Mask,
    /// Weight of the coverage loss.
    pub lambda_c: f64,
    /// Weight of the separation loss.
    pub lambda_s: f64,
    /// Weight of the overlap loss.
    pub lambda_o: f64,
    /// Temperature of the coverage soft-min.
    pub tau_c: f64,
    /// Temperature of the separation kernel.
    pub tau_s: f64,
    /// Whether τ_C and τ_S are absolute or multiples of the squared data spacing.
    pub tau_units: TauUnits,
    /// Adam learning rate.
    pub lr: f64,
    /// Number of full-batch Adam steps of a run.
    pub steps: u64,
    /// Seed of the data and the initialisation.
    pub seed: u64,
    /// The mask of a second run beside this one on the same data and initial
    /// network (the page's compare mode, docs/labs/prototypes.md#compare);
    /// `None` (link value `off`) when there is none. Training ignores it.
    pub compare: Option<Mask>,
}

impl Default for Config {
    /// The calibrated defaults (our choice; docs/labs/prototypes.md#calibration): the
    /// nominal values, with τ_C = 1·Δ² and τ_S = 0.1·Δ² in units of the squared
    /// mean data spacing — nominal absolute 0.01 / 0.001 at N ≈ 20, scaled
    /// with the data at every other N.
    fn default() -> Self {
        Self {
            n: 20,
            target: Target::Random,
            mask: Mask::new(true, true, true),
            lambda_c: 1.0,
            lambda_s: 1.0,
            lambda_o: 1.0,
            tau_c: 1.0,
            tau_s: 0.1,
            tau_units: TauUnits::Spacing,
            lr: 0.03,
            steps: 3000,
            seed: 0,
            compare: None,
        }
    }
}

impl fmt::Display for Config {
    /// `N=20 mask=CS target=random lamC=1 … seed=0`, the URL's key names.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (k, (key, value)) in schema::pairs(self).iter().enumerate() {
            write!(f, "{}{key}={value}", if k > 0 { " " } else { "" })?;
        }
        Ok(())
    }
}

/// Allowed ranges, shared by validation, the CLI's help and the page's sliders.
pub mod limits {
    /// Smallest and largest N.
    pub const N: (usize, usize) = (1, 500);
    /// Range of each λ.
    pub const LAMBDA: (f64, f64) = (0.0, 1000.0);
    /// Range of each τ.
    pub const TAU: (f64, f64) = (1e-6, 100.0);
    /// Range of the learning rate (absurd values are allowed so divergence can be shown).
    pub const LR: (f64, f64) = (1e-9, 1e6);
    /// Largest number of steps.
    pub const STEPS: u64 = 10_000_000;
}

impl Config {
    /// Checks every field against its setting's range ([`limits`]); the
    /// error names the first bad field.
    pub fn validate(&self) -> Result<(), ConfigError> {
        schema::check(self)
    }

    /// The config of the compare run: this one with the compare mask and no
    /// compare of its own; `None` when compare is off. Same seed and N, so the
    /// same data and initial network (docs/labs/prototypes.md#compare).
    pub fn compare_config(&self) -> Option<Config> {
        self.compare.map(|mask| Config {
            mask,
            compare: None,
            ..self.clone()
        })
    }

    /// The effective coverage weight (0 when the mask switches coverage off).
    pub fn coverage_weight(&self) -> f64 {
        if self.mask.coverage {
            self.lambda_c
        } else {
            0.0
        }
    }

    /// The effective separation weight.
    pub fn separation_weight(&self) -> f64 {
        if self.mask.separation {
            self.lambda_s
        } else {
            0.0
        }
    }

    /// The effective overlap weight.
    pub fn overlap_weight(&self) -> f64 {
        if self.mask.overlap {
            self.lambda_o
        } else {
            0.0
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mask_names_round_trip() {
        for m in Mask::ALL {
            assert_eq!(Mask::parse(m.name()), Some(m));
        }
        assert_eq!(Mask::parse("osc"), Some(Mask::new(true, true, true)));
        assert_eq!(Mask::parse("CC"), None);
        assert_eq!(Mask::parse("X"), None);
    }

    #[test]
    fn defaults_are_valid() {
        assert_eq!(Config::default().validate(), Ok(()));
    }

    #[test]
    fn bad_values_name_their_field() {
        type Spoil = fn(&mut Config);
        let cases: [(&str, Spoil); 9] = [
            ("N", |c| c.n = 0),
            ("N", |c| c.n = 100_000),
            ("lamC", |c| c.lambda_c = -1.0),
            ("lamS", |c| c.lambda_s = f64::NAN),
            ("lamO", |c| c.lambda_o = f64::INFINITY),
            ("tauC", |c| c.tau_c = 0.0),
            ("tauS", |c| c.tau_s = 1e9),
            ("lr", |c| c.lr = -0.1),
            ("steps", |c| c.steps = u64::MAX),
        ];
        for (field, spoil) in cases {
            let mut c = Config::default();
            spoil(&mut c);
            let err = c.validate().unwrap_err();
            assert_eq!(err.field, field, "{err}");
            assert!(err.message.contains("range") || err.message.contains("allowed"));
        }
    }
}
