//! Data files made in the tests: small valid MNIST-pairs and digits files, and
//! a zlib stream that inflates to far more than it weighs (a "zip bomb").
#![allow(dead_code)] // each test binary uses its own subset

use protolab_core::capacity::PAIRS;
use protolab_core::digits::fnv1a32;

/// An MNIST-pairs file (format of `scripts/data/convert_mnist.py`) from its
/// parts; `checksum` is stored as given.
pub fn mnist_file(counts: [u16; 10], payload: &[u8], checksum: u32) -> Vec<u8> {
    let mut f = b"PLMN\x01".to_vec();
    for c in counts {
        f.extend(c.to_le_bytes());
    }
    f.extend((payload.len() as u32).to_le_bytes());
    f.extend(payload);
    f.extend(checksum.to_le_bytes());
    f
}

/// `per_digit` images of each digit the pairs use, other digits absent.
pub fn pair_counts(per_digit: u16) -> [u16; 10] {
    let mut counts = [0; 10];
    for (a, b) in PAIRS {
        counts[usize::from(a)] = per_digit;
        counts[usize::from(b)] = per_digit;
    }
    counts
}

/// Pseudo-random bytes (a fixed LCG: the tests need variety, not quality).
pub fn noise(len: usize, seed: u64) -> Vec<u8> {
    let mut s = seed.wrapping_mul(6_364_136_223_846_793_005) | 1;
    (0..len)
        .map(|_| {
            s = s
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (s >> 56) as u8
        })
        .collect()
}

/// A small, valid MNIST-pairs file: `per_digit` noise images of each pair digit.
pub fn small_mnist(per_digit: u16, seed: u64) -> Vec<u8> {
    let counts = pair_counts(per_digit);
    let total: usize = counts.iter().map(|&c| usize::from(c)).sum();
    let pixels = noise(total * 784, seed);
    let payload = miniz_oxide::deflate::compress_to_vec_zlib(&pixels, 6);
    mnist_file(counts, &payload, fnv1a32(&pixels))
}

/// A valid digits file (format of `scripts/data/convert_digits.py`):
/// `per_digit` images of each digit 0–9, pixels 0–16.
pub fn small_digits(per_digit: usize, seed: u64) -> Vec<u8> {
    let count = (10 * per_digit) as u16;
    let mut f = b"PLD8\x01".to_vec();
    f.extend(count.to_le_bytes());
    let pixels = noise(64 * usize::from(count), seed);
    for (k, img) in pixels.chunks(64).enumerate() {
        f.push((k % 10) as u8);
        f.extend(img.iter().map(|p| p % 17));
    }
    let sum = fnv1a32(&f);
    f.extend(sum.to_le_bytes());
    f
}

/// Deflate's bits, least significant first within each byte.
struct Bits {
    out: Vec<u8>,
    used: u32,
}

impl Bits {
    fn put(&mut self, value: u32, n: u32) {
        for k in 0..n {
            if self.used.is_multiple_of(8) {
                self.out.push(0);
            }
            let last = self.out.len() - 1;
            self.out[last] |= (((value >> k) & 1) as u8) << (self.used % 8);
            self.used += 1;
        }
    }

    /// A Huffman code goes in most significant bit first.
    fn code(&mut self, code: u32, n: u32) {
        for k in (0..n).rev() {
            self.put((code >> k) & 1, 1);
        }
    }
}

/// A zlib stream that inflates to `1 + 258·k` zero bytes, at least `len`:
/// one fixed-Huffman block of a literal 0 and then copies of 258 bytes at
/// distance 1, 13 bits each, so 256 MiB weigh ~1.7 MB (ratio ~160:1).
pub fn zeros_zlib(len: usize) -> Vec<u8> {
    let copies = len.saturating_sub(1).div_ceil(258);
    let mut b = Bits {
        out: vec![0x78, 0x01],
        used: 16,
    };
    b.put(1, 1); // BFINAL: the last block
    b.put(1, 2); // BTYPE 01: fixed Huffman codes
    b.code(0x30, 8); // literal 0
    for _ in 0..copies {
        b.code(0xC5, 8); // length 258 (symbol 285)
        b.code(0, 5); // distance 1
    }
    b.code(0, 7); // end of block
    let total = (1 + 258 * copies) as u64;
    // Adler-32 of zeros: a stays 1, b adds a once per byte.
    let adler = ((total % 65_521) << 16 | 1) as u32;
    b.out.extend(adler.to_be_bytes());
    b.out
}
