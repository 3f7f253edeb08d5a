//! The shipped 8×8 digits file parses, and corrupt copies are refused clearly.

use protolab_core::digits::{Digits, fnv1a32};

const FILE: &[u8] = include_bytes!("../../../data/digits8x8.bin");

/// Rewrites the checksum so a deliberately edited body reaches the value checks.
fn resealed(mut bytes: Vec<u8>) -> Vec<u8> {
    let n = bytes.len() - 4;
    let sum = fnv1a32(&bytes[..n]).to_le_bytes();
    bytes[n..].copy_from_slice(&sum);
    bytes
}

#[test]
fn the_shipped_file_holds_the_uci_test_set() {
    let d = Digits::parse(FILE).unwrap();
    assert_eq!(d.len(), 1797);
    let mut per = [0usize; 10];
    for &l in &d.labels {
        per[usize::from(l)] += 1;
    }
    assert!(per.iter().all(|&c| (174..=183).contains(&c)), "{per:?}");
    // The first image is a 0 (as in scikit-learn's copy), pixels scaled to [0, 1].
    assert_eq!(d.labels[0], 0);
    assert_eq!(d.unit_pixels(0)[2], 5.0 / 16.0);
    let (train, held) = d.split(64, 3);
    assert_eq!((train.len(), held.len()), (64, 1733));
    let mut all: Vec<usize> = train.iter().chain(&held).copied().collect();
    all.sort_unstable();
    assert!(all.iter().enumerate().all(|(i, &k)| i == k), "a partition");
    assert_eq!(d.split(64, 3), (train, held), "seeded");
    assert_ne!(d.split(64, 4).0, d.split(64, 3).0);
}

#[test]
fn corrupt_files_are_refused_with_the_reason() {
    let err = |b: &[u8]| Digits::parse(b).unwrap_err();
    assert!(err(b"hello").message.contains("PLD8"));
    assert!(err(&FILE[..FILE.len() - 10]).message.contains("truncated"));
    let mut flipped = FILE.to_vec();
    flipped[500] ^= 1;
    assert!(err(&flipped).message.contains("checksum"));
    let mut version = FILE.to_vec();
    version[4] = 9;
    assert!(err(&version).message.contains("version 9"));
    let mut pixel = FILE.to_vec();
    pixel[7 + 65 * 3 + 10] = 17;
    assert!(
        err(&resealed(pixel))
            .message
            .contains("image 3: pixel value 17")
    );
    let mut label = FILE.to_vec();
    label[7 + 65 * 2] = 12;
    assert!(err(&resealed(label)).message.contains("image 2: label 12"));
}
