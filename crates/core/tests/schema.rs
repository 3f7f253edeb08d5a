//! Every lab's table of settings is sound, checked by one test over all four
//! labs: unique keys, defaults inside their ranges, every value written the
//! way it is read, and each range's ends accepted while just beyond is not.

use protolab_core::Config;
use protolab_core::abstraction::AbstractionConfig;
use protolab_core::capacity::{CapacityConfig, PAIR_NAMES, PAIRS};
use protolab_core::latent::LatentConfig;
use protolab_core::schema::{self, Kind, Schema, Value};

fn sound<S: Schema + PartialEq + std::fmt::Debug>() {
    let lab = S::LAB;
    let keys: Vec<&str> = S::SETTINGS.iter().map(|s| s.key).collect();
    let mut unique = keys.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(
        unique.len(),
        keys.len(),
        "{lab}: duplicate keys in {keys:?}"
    );
    assert!(
        !keys.contains(&"v") && !keys.contains(&"lab"),
        "{lab}: reserved key"
    );
    for v in S::VIEW_KEYS {
        assert!(keys.contains(v), "{lab}: view key {v} is not a setting");
    }
    let d = S::default();
    assert_eq!(schema::check(&d), Ok(()), "{lab}: defaults");
    for s in S::SETTINGS {
        assert!(
            !s.label.is_empty() && !s.help.is_empty(),
            "{lab}.{}: label and help",
            s.key
        );
        // What is written reads back to the same value.
        let v = d.get(s.key);
        assert_eq!(s.parse(&s.format(v)), Some(v), "{lab}.{}", s.key);
        let mut c = d.clone();
        assert!(c.set(s.key, v));
        assert_eq!(c, d, "{lab}.{}: set(get) changed the config", s.key);
        // The range's ends are accepted, and just beyond them is not.
        let (ends, beyond): (Vec<Value>, Vec<Value>) = match s.kind {
            Kind::Int { min, max } => (
                vec![Value::Int(min), Value::Int(max)],
                [min.checked_sub(1), max.checked_add(1)]
                    .into_iter()
                    .flatten()
                    .map(Value::Int)
                    .collect(),
            ),
            Kind::Real { min, max, .. } => (
                vec![Value::Real(min), Value::Real(max)],
                vec![
                    Value::Real(min - min.abs().max(1e-12)),
                    Value::Real(max * 2.0),
                    Value::Real(f64::NAN),
                ],
            ),
            Kind::Choice(names) => (
                (0..names.len()).map(Value::Choice).collect(),
                vec![Value::Choice(names.len())],
            ),
        };
        for v in ends {
            assert_eq!(s.check(v), Ok(()), "{lab}.{} = {v:?}", s.key);
        }
        for v in beyond {
            let e = s
                .check(v)
                .expect_err(&format!("{lab}.{} = {v:?} accepted", s.key));
            assert_eq!(e.field, s.key);
        }
    }
}

#[test]
fn every_lab_s_settings_are_sound() {
    sound::<Config>();
    sound::<AbstractionConfig>();
    sound::<LatentConfig>();
    sound::<CapacityConfig>();
}

/// The Prototype Lab's compare is a view: the precomputed results must not
/// look stale when it is on (docs/labs/README.md#precomputed-results). It is
/// the only view key, and a compare link's other settings are the defaults.
#[test]
fn compare_is_a_view_and_nothing_else_is() {
    assert_eq!(Config::VIEW_KEYS, ["compare"]);
    for keys in [
        AbstractionConfig::VIEW_KEYS,
        LatentConfig::VIEW_KEYS,
        CapacityConfig::VIEW_KEYS,
    ] {
        assert!(keys.is_empty());
    }
    let (c, issues) = protolab_core::prototypes::links::from_hash("v=1&lab=prototypes&compare=C");
    assert!(issues.is_empty(), "{issues:?}");
    assert!(c.compare.is_some());
    let differing: Vec<&str> = Config::SETTINGS
        .iter()
        .map(|s| s.key)
        .filter(|k| c.get(k) != Config::default().get(k))
        .collect();
    assert_eq!(differing, ["compare"]);
}

#[test]
fn pair_names_follow_the_pairs() {
    let names: Vec<String> = PAIRS.iter().map(|(a, b)| format!("{a}/{b}")).collect();
    assert_eq!(names, PAIR_NAMES);
}

#[test]
fn command_line_settings_are_read_strictly() {
    let c: Config = schema::read_strict([("N", "31"), ("mask", "SC"), ("lr", "0.01")]).unwrap();
    assert_eq!((c.n, c.mask.name(), c.lr), (31, "CS", 0.01));
    let e = schema::read_strict::<Config>([("N", "0")]).unwrap_err();
    assert_eq!(e.field, "N");
    let e = schema::read_strict::<LatentConfig>([("grid", "abc")]).unwrap_err();
    assert!(e.message.contains("whole number in [2, 40]"), "{e}");
    assert!(schema::read_strict::<CapacityConfig>([("colour", "red")]).is_err());
}
