//! Crafted data files: a zlib bomb and lying headers cannot make the MNIST
//! reader allocate past what its header may declare, and a file missing the
//! digits the labs pair is refused. (The fuzz suite is `fuzz_inputs.rs`.)

mod support;

use protolab_core::capacity::LabelledImages;
use protolab_core::capacity::data::{MAX_MNIST_PIXELS, MIN_PER_DIGIT};
use protolab_core::digits::Digits;
use support::files::{mnist_file, pair_counts, small_digits, small_mnist, zeros_zlib};
use support::peak_alloc::largest_allocation;

const BOMB: usize = 256 << 20;

#[test]
fn the_crafted_files_are_what_they_claim() {
    let z = zeros_zlib(1 + 258 * 10);
    assert_eq!(
        miniz_oxide::inflate::decompress_to_vec_zlib(&z).unwrap(),
        vec![0u8; 1 + 258 * 10]
    );
    let d = LabelledImages::from_mnist(&small_mnist(6, 1)).unwrap();
    assert_eq!(d.labels.len(), 6 * 9);
    assert_eq!(Digits::parse(&small_digits(5, 1)).unwrap().len(), 50);
}

#[test]
fn a_zlib_bomb_stops_at_the_size_the_header_declares() {
    // 45 images declared (35 KB); the payload inflates to 256 MiB.
    let file = mnist_file(pair_counts(5), &zeros_zlib(BOMB), 0);
    assert!(file.len() < 2 << 20, "{} bytes", file.len());
    let (r, largest) = largest_allocation(|| LabelledImages::from_mnist(&file));
    let e = r.unwrap_err();
    assert!(
        e.message.contains("inflates to more than the 35280 bytes"),
        "{e}"
    );
    assert!(largest < 1 << 20, "asked for a block of {largest} bytes");
}

#[test]
fn a_header_declaring_more_than_the_cap_is_refused_before_inflating() {
    let file = mnist_file([u16::MAX; 10], &zeros_zlib(BOMB), 0);
    let (r, largest) = largest_allocation(|| LabelledImages::from_mnist(&file));
    let e = r.unwrap_err();
    assert!(e.message.contains("declares 655350 images"), "{e}");
    assert!(e.message.contains(&MAX_MNIST_PIXELS.to_string()), "{e}");
    assert!(largest < 1 << 20, "asked for a block of {largest} bytes");
}

#[test]
fn at_the_cap_inflation_is_bounded_by_the_cap() {
    // 9 digits × 9,500 images = 67,032,000 bytes: just under 64 MiB, accepted
    // as a declaration, but the bomb inflates to four times that.
    let file = mnist_file(pair_counts(9_500), &zeros_zlib(BOMB), 0);
    let (r, largest) = largest_allocation(|| LabelledImages::from_mnist(&file));
    let e = r.unwrap_err();
    assert!(e.message.contains("inflates to more than"), "{e}");
    assert!(largest <= MAX_MNIST_PIXELS + 1, "asked for {largest} bytes");
}

#[test]
fn a_header_declaring_more_than_its_payload_could_hold_is_refused() {
    let tiny = zeros_zlib(1);
    let file = mnist_file(pair_counts(5), &tiny, 0);
    let (r, largest) = largest_allocation(|| LabelledImages::from_mnist(&file));
    let e = r.unwrap_err();
    let needle = format!("more than its {}-byte payload can inflate to", tiny.len());
    assert!(e.message.contains(&needle), "{e}");
    assert!(largest < 4096, "asked for a block of {largest} bytes");
}

#[test]
fn an_honest_payload_that_is_too_short_is_named() {
    let pixels = vec![7u8; 40 * 784];
    let payload = miniz_oxide::deflate::compress_to_vec_zlib(&pixels, 1);
    let e = LabelledImages::from_mnist(&mnist_file(pair_counts(5), &payload, 0)).unwrap_err();
    assert!(
        e.message
            .contains("holds 31360 bytes, 45 images need 35280"),
        "{e}"
    );
}

#[test]
fn files_missing_a_paired_digit_are_refused() {
    let mut counts = pair_counts(6);
    counts[7] = (MIN_PER_DIGIT - 1) as u16;
    let total: usize = counts.iter().map(|&c| usize::from(c)).sum();
    let pixels = vec![0u8; total * 784];
    let payload = miniz_oxide::deflate::compress_to_vec_zlib(&pixels, 1);
    let file = mnist_file(counts, &payload, protolab_core::digits::fnv1a32(&pixels));
    let e = LabelledImages::from_mnist(&file).unwrap_err();
    assert!(
        e.message.contains("4 images of digit 7") && e.message.contains("1/7"),
        "{e}"
    );

    let e = Digits::parse(&small_digits(MIN_PER_DIGIT - 1, 3)).unwrap_err();
    assert!(e.message.contains("4 images of digit 0"), "{e}");
}
