//! The Capacity Lab (docs/labs/capacity.md) on the shipped MNIST file: data checks, exact
//! pruning, saliency against differences, and the measured width trend.

use protolab_core::capacity::sweep::{WidthSweep, minimum_width, parse_csv, rows_to_csv};
use protolab_core::capacity::{Classifier, ClassifierConfig, LabelledImages, Scheme, pair_split};
use protolab_core::digits::Digits;

const MNIST: &[u8] = include_bytes!("../../../data/mnist-pairs.bin");

fn mnist() -> LabelledImages {
    LabelledImages::from_mnist(MNIST).unwrap()
}

fn sweep(
    pairs: &[(u8, u8)],
    widths: &[usize],
    seeds: &[u64],
) -> Vec<protolab_core::capacity::sweep::WidthRow> {
    let data = mnist();
    let mut s = WidthSweep::new(&ClassifierConfig::default(), pairs, widths, seeds).unwrap();
    while !s.is_done() {
        s.advance(&data, 500);
    }
    s.rows().to_vec()
}

#[test]
fn the_shipped_mnist_file_parses_and_corrupt_copies_are_refused() {
    let d = mnist();
    assert_eq!((d.side, d.labels.len()), (28, 9009));
    let count = |k: u8| d.labels.iter().filter(|&&l| l == k).count();
    assert_eq!(
        [count(0), count(1), count(2), count(4), count(9)],
        [1001, 1127, 0, 980, 978]
    );
    assert!(
        d.image(0).iter().all(|v| (0.0..=1.0).contains(v)) && d.image(0).iter().any(|&v| v > 0.9)
    );
    let err = |b: &[u8]| LabelledImages::from_mnist(b).unwrap_err();
    assert!(err(b"nonsense").message.contains("PLMN"));
    assert!(err(&MNIST[..MNIST.len() - 7]).message.contains("truncated"));
    let mut flipped = MNIST.to_vec();
    flipped[5000] ^= 0x40;
    let e = err(&flipped);
    assert!(
        e.message.contains("corrupt") || e.message.contains("inflate"),
        "{e}"
    );
    let mut sum = MNIST.to_vec();
    let n = sum.len();
    sum[n - 1] ^= 1;
    assert!(err(&sum).message.contains("checksum"));
}

#[test]
fn pairs_are_balanced_and_split_80_20_per_class_with_a_seed() {
    let d = mnist();
    let s = pair_split(&d, (4, 9), 42);
    // 978 nines limit the fours; 80 % of 978 rounds up to 783 per class.
    assert_eq!((s.train_y.len(), s.test_y.len()), (2 * 783, 2 * 195));
    assert_eq!(s.train_y.iter().filter(|&&y| y == 1.0).count(), 783);
    assert_eq!(s.test_y.iter().filter(|&&y| y == 1.0).count(), 195);
    assert!(
        s.test_idx
            .iter()
            .all(|&i| d.labels[i] == 4 || d.labels[i] == 9)
    );
    assert_eq!(pair_split(&d, (4, 9), 42), s);
    assert_ne!(pair_split(&d, (4, 9), 0).test_idx, s.test_idx);
}

fn small_classifier() -> (Classifier, protolab_core::capacity::Split) {
    let digits = Digits::parse(include_bytes!("../../../data/digits8x8.bin")).unwrap();
    let data = LabelledImages::from_digits(&digits);
    let split = pair_split(&data, (3, 8), 0);
    let mut c = Classifier::new(
        ClassifierConfig {
            hidden: 12,
            epochs: 200,
            ..ClassifierConfig::default()
        },
        data.dim(),
    )
    .unwrap();
    c.train(&split, 200);
    (c, split)
}

#[test]
fn pruning_zeroes_exactly_the_requested_share_per_scheme() {
    let (c, split) = small_classifier();
    // 64·12 first-layer and 12 second-layer weights.
    let (n1, n2) = (64 * 12, 12);
    for level in [0.1, 0.5, 0.95, 0.99] {
        let g = c.pruned(level, Scheme::Global);
        let want = (level * (n1 + n2) as f64).round() / (n1 + n2) as f64;
        assert_eq!(g.sparsity(), want, "global {level}");
        let p = c.pruned(level, Scheme::PerLayer);
        let l = p.layer_sparsity();
        assert_eq!(
            l[0],
            (level * n1 as f64).round() / n1 as f64,
            "layer 1 at {level}"
        );
        assert_eq!(
            l[1],
            (level * n2 as f64).round() / n2 as f64,
            "layer 2 at {level}"
        );
        // Masked fine-tuning keeps the pruned weights at zero.
        let mut tuned = g.clone();
        tuned.train(&split, 20);
        assert_eq!(tuned.sparsity(), g.sparsity());
    }
    // Global pruning removes the smallest weights of the whole net first.
    let g = c.pruned(0.5, Scheme::Global);
    assert!(g.layer_sparsity()[0] != c.pruned(0.5, Scheme::PerLayer).layer_sparsity()[0]);
}

#[test]
fn saliency_gradient_matches_differences() {
    let (c, split) = small_classifier();
    let x: Vec<f64> = split.test_x.column(3).iter().copied().collect();
    let g = c.saliency_gradient(&x);
    let fd = c.saliency_perturbation(&x, 1e-6);
    assert_eq!(g.len(), 64);
    for (p, (a, b)) in g.iter().zip(&fd).enumerate() {
        assert!(
            (a - b).abs() < 1e-5,
            "pixel {p}: gradient {a} vs difference {b}"
        );
    }
    assert!(g.iter().any(|v| v.abs() > 1e-3), "the map is not flat");
}

/// Small scale of the paper's trend on MNIST (seed 0, H ∈ {2, 8}): 0/1 passes
/// F1 > 0.9 at H = 8 (0.99; 0.89 at H = 2); 4/9 passes at neither (0.77, 0.87).
/// The full sweep, printed by the ignored test below, finds 2 and 48 over three seeds.
#[test]
fn easy_pairs_need_narrower_networks() {
    let rows = sweep(&[(0, 1), (4, 9)], &[2, 8], &[0]);
    let easy = minimum_width(&rows, (0, 1), 0.9).unwrap_or(usize::MAX);
    let hard = minimum_width(&rows, (4, 9), 0.9).unwrap_or(usize::MAX);
    println!("{}", rows_to_csv(&rows));
    assert!(easy < hard, "0/1 needs H = {easy}, 4/9 needs {hard}");
    assert_eq!(parse_csv(&rows_to_csv(&rows)).unwrap(), rows);
}

/// The CLI runs the width sweep one run at a time, in parallel
/// (`protolab capacity width`; the lab docs' table: docs/labs/capacity.md#findings):
/// each one-run sweep gives the row the whole sliced sweep gives.
#[test]
fn one_run_sweeps_equal_the_whole_sweep() {
    let digits = Digits::parse(include_bytes!("../../../data/digits8x8.bin")).unwrap();
    let data = LabelledImages::from_digits(&digits);
    let base = ClassifierConfig {
        epochs: 20,
        ..ClassifierConfig::default()
    };
    let (pairs, widths, seeds) = ([(0, 1), (3, 8)], [2, 6], [0, 42]);
    let mut whole = WidthSweep::new(&base, &pairs, &widths, &seeds).unwrap();
    while !whole.is_done() {
        whole.advance(&data, 37);
    }
    let mut one_by_one = Vec::new();
    for &p in &pairs {
        for &h in &widths {
            for &s in &seeds {
                let mut one = WidthSweep::new(&base, &[p], &[h], &[s]).unwrap();
                one.advance(&data, u64::MAX);
                assert!(one.is_done());
                one_by_one.push(one.rows()[0]);
            }
        }
    }
    assert_eq!(one_by_one, whole.rows());
}

#[test]
fn the_live_run_trains_prunes_and_corrupts_in_slices() {
    use protolab_core::capacity::{CapacityConfig, CapacityRun};
    let digits = Digits::parse(include_bytes!("../../../data/digits8x8.bin")).unwrap();
    let data = LabelledImages::from_digits(&digits);
    let (config, issues) =
        CapacityConfig::from_hash("data=digits&pair=3/8&H=8&epochs=60&finetune=5&large=16");
    assert!(issues.is_empty(), "{issues:?}");
    assert_eq!(CapacityConfig::from_hash(&config.to_hash()).0, config);
    let mut run = CapacityRun::new(config, &data).unwrap();
    let total = run.total_work();
    assert_eq!(total, 60 + 22 * 5 + 120);
    let mut calls = 0;
    while !run.is_finished() {
        run.advance(7);
        calls += 1;
        assert!(calls < 1000);
    }
    assert_eq!(run.work_done(), total);
    assert_eq!(run.history().len(), 60);
    let points = run.prune_points();
    assert_eq!(points.len(), 22);
    assert!(
        points
            .iter()
            .all(|p| p.f1_tuned.is_some() && (p.achieved - p.level).abs() < 0.01)
    );
    assert_eq!(run.noise_points().len(), 14);
    // What the paper's code really pruned (0.95 %): nearly nothing changes.
    let paper = run.paper_point().unwrap();
    let dense_f1 = run.history().last().unwrap().1.f1;
    assert!(
        (paper.achieved - 0.0095).abs() < 0.002,
        "{}",
        paper.achieved
    );
    assert!(
        (paper.f1 - dense_f1).abs() < 0.05,
        "{} vs {dense_f1}",
        paper.f1
    );
    let sal = run.saliency_net().unwrap();
    assert!((sal.sparsity() - 0.95).abs() < 0.01);
    let (bad, issues) = CapacityConfig::from_hash("pair=2/3&H=0&data=cifar");
    assert_eq!(issues.len(), 3);
    assert_eq!(bad, CapacityConfig::default());
}

/// What really pruning does and how the nets cope with noise, as
/// `protolab capacity pruning | noise` run it (the lab docs' tables:
/// docs/labs/capacity.md#findings), on a tiny plan of the 8×8 digits.
#[test]
fn the_pruning_plan_runs_and_its_csv_reads_back() {
    use protolab_core::capacity::CapacityConfig;
    use protolab_core::capacity::pruning::{self, CASES, parse_cases, parse_csv, rows_to_csv};
    let digits = Digits::parse(include_bytes!("../../../data/digits8x8.bin")).unwrap();
    let data = LabelledImages::from_digits(&digits);
    let (base, issues) =
        CapacityConfig::from_hash("data=digits&epochs=30&finetune=2&small=2&large=6");
    assert!(issues.is_empty());
    assert_eq!(parse_cases("4/9:64,0/1:16").unwrap(), CASES);
    assert_eq!(parse_cases("2/3:8").unwrap_err().field, "cases");
    assert!(parse_cases("4/9").is_err());
    let plan = pruning::plan(&base, &[((3, 8), 6)], &[0, 1]).unwrap();
    assert_eq!(plan.len(), 2);
    assert!(pruning::plan(&base, &[((3, 8), 0)], &[0]).is_err());
    let rows = pruning::run_case(&plan[1], &data).unwrap();
    let kinds = |k: &str| rows.iter().filter(|r| r.kind == k).count();
    assert_eq!(
        (
            kinds("dense"),
            kinds("paper"),
            kinds("global"),
            kinds("per-layer")
        ),
        (1, 1, 11, 11)
    );
    assert_eq!(kinds("noise") + kinds("occlusion"), 14);
    assert!(
        rows.iter()
            .all(|r| r.seed == 1 && r.pair == (3, 8) && r.hidden == 6)
    );
    // The paper's code pruned 0.95 %, not 95 %: its F1 is the dense one's.
    let (dense, paper) = (rows[0].f1, rows[1]);
    assert!((paper.achieved - 0.0095).abs() < 0.01, "{paper:?}");
    assert!((paper.f1 - dense).abs() < 0.05, "{} vs {dense}", paper.f1);
    for sparsity in [true, false] {
        let csv = rows_to_csv(&rows, sparsity);
        let back = parse_csv(&csv).unwrap();
        assert_eq!(back.len(), if sparsity { 24 } else { 14 });
        assert_eq!(rows_to_csv(&back, sparsity), csv);
        assert!(pruning::table(&back, sparsity).lines().count() == back.len() + 1);
    }
    let csv = rows_to_csv(&rows, true);
    assert!(
        parse_csv(&csv.replace("global", "sideways"))
            .unwrap_err()
            .message
            .contains("kind")
    );
}
