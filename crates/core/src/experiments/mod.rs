//! The paper's experiments as plans of runs, a runner that advances them in
//! slices (so a browser can show progress and cancel), the CSV the CLI and the
//! page share, and the summary and findings report.

mod csv;
mod plan;
mod report;
mod runner;

pub use csv::{CSV_HEADER, MergeError, merge_csv, parse_csv, to_csv, to_csv_row};
pub use plan::{Plan, PlanKind, STUDY_NS, STUDY_SEEDS, default_taus};
pub use report::{
    CellStats, Finding, MeanSd, Verdict, findings, findings_text, paired_recon_difference,
    summarize, summary_table,
};
pub use runner::{Progress, RunRecord, Runner, run_one};
