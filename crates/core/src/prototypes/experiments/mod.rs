//! The paper's experiments as plans of runs, a runner that advances them in
//! slices (so a browser can show progress and cancel), the CSV the CLI and the
//! page share, and the summary and findings report.

mod csv;
mod explorer;
mod findings;
mod groups;
/// The bounds on sizes from outside (shared by every lab; kept here for old paths).
pub use crate::limits;
mod plan;
mod runner;
mod summary;
mod tau_curve;

pub use csv::{CSV_HEADER, MergeError, merge_csv, parse_csv, table_rows, to_csv, to_csv_row};
pub use explorer::{PairedAtN, paired_differences};
pub use findings::{Finding, Verdict, findings, findings_text, paired_recon_difference};
pub use groups::by_tau;
pub use plan::{
    POSITIONS_N, Plan, PlanKind, STUDY_NS, STUDY_SEEDS, SWEEP_N, SWEEP_SEEDS, default_taus,
    longest_first,
};
pub use runner::{Progress, RunRecord, Runner, run_one};
pub use summary::{CellStats, MeanSd, summarize, summary_table};
pub use tau_curve::{TauCurve, TauPoint, tau_curve};
