//! The command tree's front door: `--help` per command, suggestions for
//! typos, values checked by the core, completions, and merges refused.

mod common;
use common::{ok, protolab, scratch, text};

#[test]
fn every_command_has_help() {
    let dir = scratch("help");
    for path in [
        &["prototype", "run"][..],
        &["prototype", "study"],
        &["prototype", "sweep"],
        &["prototype", "positions"],
        &["prototype", "merge"],
        &["abstraction", "run"],
        &["abstraction", "sweep"],
        &["abstraction", "merge"],
        &["latent", "run"],
        &["latent", "trend"],
        &["latent", "merge"],
        &["capacity", "run"],
        &["capacity", "width"],
        &["capacity", "pruning"],
        &["capacity", "noise"],
        &["capacity", "merge"],
        &["study"],
        &["run"],
        &["completions"],
        &["figures"],
    ] {
        let out = ok(&[path, &["--help"][..]].concat(), &dir);
        assert!(
            out.contains(&format!("Usage: protolab {}", path.join(" "))),
            "{path:?}: {out}"
        );
    }
    let out = ok(&["abstraction", "sweep", "--help"], &dir);
    assert!(
        out.contains("--lam <VALUE>") && out.contains("0..=10"),
        "{out}"
    );
    assert!(out.contains("--shard <i/n>"), "{out}");
    let out = ok(&["figures", "--help"], &dir);
    assert!(
        out.contains("--out <DIR>") && out.contains("[possible values: svg, png]"),
        "{out}"
    );
    assert!(ok(&["--version"], &dir).contains(env!("CARGO_PKG_VERSION")));
}

#[test]
fn typos_get_a_suggestion_and_bad_values_name_flag_and_range() {
    let dir = scratch("typos");
    for (args, needles) in [
        (
            &["prototype", "run", "--lamCC", "1"][..],
            &["unknown flag --lamCC", "did you mean --lamC?"][..],
        ),
        (&["run", "--stepz", "1"], &["did you mean --steps?"]),
        (&["abstraction", "swep"], &["did you mean sweep?"]),
        (
            &["abstraction", "sweep", "--lam", "99"],
            &["--lam", "99", "[0, 10]"],
        ),
        (
            &["abstraction", "sweep", "--seeds", "0"],
            &["--seeds: 0 is outside"],
        ),
        (
            &["abstraction", "sweep", "--lambdas", "0.1,0.1"],
            &["--lambdas", "twice"],
        ),
        (
            &["abstraction", "sweep", "--lambdas", "0,x"],
            &["--lambdas", "\"x\""],
        ),
        (&["abstraction", "sweep", "--shard", "3/3"], &["--shard"]),
        (&["abstraction", "merge"], &["name the shard CSVs"]),
        (
            &["abstraction", "merge", "nope.csv"],
            &["cannot read nope.csv"],
        ),
    ] {
        let o = protolab(args, &dir);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", text(&o));
        for n in needles {
            assert!(text(&o).contains(n), "{args:?} lacks {n:?}: {}", text(&o));
        }
        assert!(!text(&o).contains("panicked"), "{args:?}: {}", text(&o));
    }
}

#[test]
fn completions_print_a_script() {
    let dir = scratch("completions");
    let bash = ok(&["completions", "bash"], &dir);
    assert!(
        bash.contains("complete") && bash.contains("protolab"),
        "{bash}"
    );
    assert!(bash.contains("abstraction") && bash.contains("--lamC"));
    assert!(bash.contains("figures") && bash.contains("--study-sweep"));
    for shell in ["zsh", "fish"] {
        assert!(ok(&["completions", shell], &dir).contains("protolab"));
    }
    assert_eq!(
        protolab(&["completions", "tcsh"], &dir).status.code(),
        Some(2)
    );
}

#[test]
fn parts_of_different_configs_are_not_merged() {
    let dir = scratch("mixed");
    for (steps, out) in [("50", "a.csv"), ("60", "b.csv")] {
        let args = [
            "abstraction",
            "sweep",
            "--lambdas",
            "0",
            "--seeds",
            "1",
            "--quiet",
        ];
        ok(
            &[&args[..], &["--steps", steps, "--out", out]].concat(),
            &dir,
        );
    }
    let o = protolab(
        &["abstraction", "merge", "a.csv", "b.csv", "--out", "m.csv"],
        &dir,
    );
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(
        text(&o).contains("b.csv: its config line differs"),
        "{}",
        text(&o)
    );
}
