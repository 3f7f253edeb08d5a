//! "The page never freezes" (issue #11): every lab's live run advances in
//! calls of bounded work, and the numbers do not depend on how the work is
//! sliced. For each lab: the run taken to its end in one unlimited call gives
//! exactly the samples and final state of the same run taken in many tiny
//! calls, and of the plain (unsliced) core API; and one call at the lab's
//! largest validated setting charges at most the call budget plus one
//! indivisible slice, with the charged work matching the work counted.

use protolab_core::abstraction::{AbstractionConfig, AbstractionRun};
use protolab_core::budget::{Budget, CALL_BUDGET};
use protolab_core::digits::Digits;
use protolab_core::latent::analysis::ITERATION_SLICE;
use protolab_core::latent::{LatentConfig, LatentRun, LatentSample};
use protolab_core::{Live, Trainer, hash, hungarian};

mod support;
use support::paced::drive;

#[test]
fn prototype_samples_do_not_depend_on_the_slicing() {
    let config = hash::from_hash("N=40&mask=CSO&steps=230&seed=5").0;
    let mut whole = Live::new(Trainer::new(config.clone()).unwrap());
    let (a, one) = drive(&mut whole, u64::MAX, u64::MAX, 0);
    assert_eq!(one, 1, "one unlimited call does everything");
    let mut tiny = Live::new(Trainer::new(config.clone()).unwrap());
    let (b, calls) = drive(&mut tiny, 1, 7, u64::MAX);
    assert!(
        calls > 230 + 10 * 40,
        "every step and every Hungarian row is its own call ({calls})"
    );
    assert_eq!(a, b);
    assert_eq!(whole.run().model().params, tiny.run().model().params);
    // The samples are those of the plain API at the scheduled steps.
    let mut plain = Trainer::new(config).unwrap();
    let every = plain.sample_every();
    let mut expected = Vec::new();
    for s in (0..=230).filter(|s| s % every == 0 || *s == 230) {
        plain.step(s - plain.steps_done());
        expected.push(format!("{:?}", plain.metrics().unwrap()));
    }
    assert_eq!(a, expected);
    assert_eq!(a.len(), 11, "steps 0, 25, …, 225 and the last");
}

#[test]
fn a_prototype_call_at_n_500_is_bounded_and_its_hungarian_is_sliced() {
    let run = Trainer::new(hash::from_hash("N=500&steps=3000").0).unwrap();
    assert_eq!(
        run.sample_every(),
        250,
        "the O(N³) sample is taken less often"
    );
    let step = run.step_units();
    // The largest indivisible slices: a step (or starting a sample, which
    // evaluates the loss once), the cost table, one Hungarian row.
    let row = 501 * 501 * hungarian::UNITS_PER_CELL;
    let slice = step.max(500 * 500).max(row) + step;
    let mut live = Live::new(run);
    let mut sampled_rows_per_call = Vec::new();
    for _ in 0..60 {
        let before = live.steps_done();
        let mut b = Budget::call();
        let k = live.advance(25, &mut b, &mut |_| {});
        assert!(b.spent() <= CALL_BUDGET + slice, "{}", b.spent());
        assert_eq!(live.steps_done(), before + k);
        // Steps are charged honestly: never more steps than the budget pays for.
        assert!(k <= CALL_BUDGET / step + 1, "{k} steps in one call");
        if let Some(what) = live.activity().filter(|_| k == 0) {
            sampled_rows_per_call.push(what);
        }
    }
    assert!(
        sampled_rows_per_call.len() >= 3,
        "the first sample's assignment spans several calls: {sampled_rows_per_call:?}"
    );
    assert!(sampled_rows_per_call[0].contains("Hungarian"));
}

#[test]
fn abstraction_samples_do_not_depend_on_the_slicing() {
    for hash in [
        "D=3&steps=160&seed=4",
        "lam=1&steps=120&seed=1",
        "D=2&steps=90&adam=1",
    ] {
        let (config, _) = AbstractionConfig::from_hash(hash);
        let mut whole = Live::new(AbstractionRun::new(config.clone()).unwrap());
        let (a, _) = drive(&mut whole, u64::MAX, u64::MAX, 0);
        let mut tiny = Live::new(AbstractionRun::new(config.clone()).unwrap());
        let (b, calls) = drive(&mut tiny, 1, 3, u64::MAX);
        assert!(
            calls > 160.min(config.steps as usize),
            "{hash}: {calls} calls"
        );
        assert_eq!(a, b, "{hash}");
        let mut plain = AbstractionRun::new(config.clone()).unwrap();
        let every = plain.sample_every();
        let mut expected = Vec::new();
        for s in (0..=config.steps).filter(|s| s % every == 0 || *s == config.steps) {
            plain.step(s - plain.steps_done());
            expected.push(format!("{:?}", plain.metrics().unwrap()));
        }
        assert_eq!(a, expected, "{hash}");
        assert_eq!(
            format!("{:?}", whole.run_mut().metrics()),
            format!("{:?}", tiny.run_mut().metrics())
        );
    }
}

#[test]
fn a_wide_abstraction_sample_is_sliced_and_each_call_is_bounded() {
    let (config, _) = AbstractionConfig::from_hash("D=4&P=16&width=512&steps=40");
    let run = AbstractionRun::new(config.clone()).unwrap();
    let every = run.sample_every();
    assert!(every > 500, "a wide sample is taken every {every} steps");
    let cost = protolab_core::abstraction::cost::SampleCost::of(&config);
    let slice = [cost.draw, cost.condition, cost.fit, cost.factor, cost.score]
        .into_iter()
        .max()
        .unwrap()
        + run.step_units();
    let mut live = Live::new(run);
    let (samples, calls) = drive(&mut live, CALL_BUDGET, 500, slice);
    assert_eq!(samples.len(), 2, "step 0 and the last step");
    assert!(
        calls > 30,
        "two samples of 33 classifiers each take many calls ({calls})"
    );
    let mut plain = AbstractionRun::new(config).unwrap();
    plain.step(40);
    assert_eq!(samples[1], format!("{:?}", plain.metrics().unwrap()));
}

#[test]
fn a_fresh_abstraction_run_has_no_loss_yet() {
    let mut run = AbstractionRun::new(AbstractionConfig::default()).unwrap();
    assert_eq!(run.metrics().unwrap().loss, None);
    run.step(1);
    assert!(run.metrics().unwrap().loss.is_some_and(f64::is_finite));
}

fn digits() -> Digits {
    Digits::parse(include_bytes!("../../../data/digits8x8.bin")).unwrap()
}

#[test]
fn latent_samples_do_not_depend_on_the_slicing() {
    let d = digits();
    let (config, _) =
        LatentConfig::from_hash("epochs=12&grid=5&train=100&batch=7&h=16&seed=3&wd=0.001");
    let mut whole = Live::new(LatentRun::new(config.clone(), &d).unwrap());
    let (a, _) = drive(&mut whole, u64::MAX, u64::MAX, 0);
    let mut tiny = Live::new(LatentRun::new(config.clone(), &d).unwrap());
    let (b, calls) = drive(&mut tiny, 1, 2, u64::MAX);
    assert!(
        calls > 12 * 100,
        "every image of every epoch is its own call ({calls})"
    );
    assert_eq!(a, b);
    assert_eq!(
        format!("{:?}", whole.run().codes()),
        format!("{:?}", tiny.run().codes())
    );
    // The plain API at the scheduled epochs gives the same samples.
    let mut plain = LatentRun::new(config.clone(), &d).unwrap();
    let (every, analyses) = (plain.loss_every(), plain.analysis_every());
    let mut expected = Vec::new();
    for e in 0..=12u64 {
        let analysed = e % analyses == 0 || e == 12;
        if e % every == 0 || analysed {
            plain.train(e - plain.epochs_done());
            let s = LatentSample {
                losses: plain.losses(),
                analysis: analysed.then(|| plain.analyze()),
            };
            expected.push(format!("{s:?}"));
        }
    }
    assert_eq!(a, expected);
    assert_eq!(a.len(), 13);
}

#[test]
fn a_latent_call_at_the_extremes_is_bounded_and_its_epoch_and_analysis_are_sliced() {
    let d = digits();
    let (config, issues) = LatentConfig::from_hash("grid=40&h=128&train=1500&batch=1");
    assert!(issues.is_empty());
    let run = LatentRun::new(config, &d).unwrap();
    let (image, point) = (run.image_units(), run.map_units());
    let block = ITERATION_SLICE / point + 1;
    let mut live = Live::new(run);
    let (mut analysis_calls, mut epoch_calls) = (0, 0);
    for _ in 0..400 {
        let mapped_before = live.job().map_or(0, |j| j.mapped());
        let fraction_before = live.run().epoch_fraction();
        let mut b = Budget::call();
        live.advance(1, &mut b, &mut |_| {});
        assert!(b.spent() <= CALL_BUDGET + CALL_BUDGET / 4, "{}", b.spent());
        if let Some(job) = live.job() {
            // Trajectory iterations in one call: what the budget pays for, plus one block.
            // (A job that ended this call was replaced by the next: count its own.)
            let now = job.mapped();
            let mapped = if now >= mapped_before {
                now - mapped_before
            } else {
                now
            };
            assert!(
                mapped <= CALL_BUDGET / point + block,
                "{mapped} points mapped"
            );
            analysis_calls += 1;
        } else if live.run().mid_epoch() {
            // Minibatch updates (one image each) in one call: what the budget pays for.
            let images = (live.run().epoch_fraction() - fraction_before) * 1500.0;
            assert!(
                images <= (CALL_BUDGET / image + 1) as f64,
                "{images} images"
            );
            epoch_calls += 1;
        }
    }
    assert!(
        analysis_calls > 5,
        "the first analysis spans calls ({analysis_calls})"
    );
    assert!(epoch_calls > 5, "an epoch spans calls ({epoch_calls})");
    assert!(live.activity().is_some());
}
