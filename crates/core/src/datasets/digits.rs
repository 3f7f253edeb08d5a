//! The UCI 8×8 optical digits (1,797 images, pixels 0–16) in the compact file
//! `data/digits8x8.bin` that `scripts/data/convert_digits.py` writes: parsing
//! with every check a corrupt file could fail, and seeded train/held-out splits.
//! Data: Alpaydin & Kaynak (1998), UCI ML Repository, CC BY 4.0.

use crate::rng::{self, Purpose};
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

const MAGIC: &[u8; 4] = b"PLD8";
const VERSION: u8 = 1;
const HEADER: usize = 4 + 1 + 2;
const RECORD: usize = 1 + 64;

/// Fewest images of each digit a file must hold: five leave at least one per
/// class on each side of an 80/20 split.
pub const MIN_PER_DIGIT: usize = 5;

/// Images with their labels.
#[derive(Clone, Debug, PartialEq)]
pub struct Digits {
    /// Pixels 0–16, row-major, one image each.
    pub images: Vec<[u8; 64]>,
    /// The digit each image shows (0–9).
    pub labels: Vec<u8>,
}

/// FNV-1a, 32 bits: the file's checksum.
pub fn fnv1a32(bytes: &[u8]) -> u32 {
    bytes.iter().fold(0x811C_9DC5u32, |h, &b| {
        (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
    })
}

impl Digits {
    /// Reads the compact file; a corrupt or foreign file is an error saying what is wrong.
    pub fn parse(bytes: &[u8]) -> Result<Self, crate::InputError> {
        Self::parse_text(bytes).map_err(crate::InputError::of(crate::InputKind::DataFile))
    }

    fn parse_text(bytes: &[u8]) -> Result<Self, String> {
        if bytes.len() < HEADER + 4 || &bytes[..4] != MAGIC {
            return Err("not a protolab digits file (it must start with PLD8)".into());
        }
        if bytes[4] != VERSION {
            return Err(format!(
                "digits file version {} is not supported (expected {VERSION})",
                bytes[4]
            ));
        }
        let count = usize::from(u16::from_le_bytes([bytes[5], bytes[6]]));
        let expected = HEADER + count * RECORD + 4;
        if bytes.len() != expected {
            return Err(format!(
                "digits file is {} bytes, but its header promises {count} images ({expected} bytes): truncated or padded",
                bytes.len()
            ));
        }
        let (body, sum) = bytes.split_at(expected - 4);
        let stored = u32::from_le_bytes([sum[0], sum[1], sum[2], sum[3]]);
        if fnv1a32(body) != stored {
            return Err("digits file checksum does not match: the file is corrupt".into());
        }
        let mut images = Vec::with_capacity(count);
        let mut labels = Vec::with_capacity(count);
        for (k, rec) in body[HEADER..].chunks_exact(RECORD).enumerate() {
            if rec[0] > 9 {
                return Err(format!("image {k}: label {} is not a digit", rec[0]));
            }
            if let Some(p) = rec[1..].iter().find(|&&p| p > 16) {
                return Err(format!("image {k}: pixel value {p} is above 16"));
            }
            labels.push(rec[0]);
            images.push(rec[1..].try_into().expect("64 pixels"));
        }
        // The labs pair digits and split them per class; a class that is
        // missing (or nearly) would leave a side of a split empty.
        for digit in 0..10u8 {
            let have = labels.iter().filter(|&&l| l == digit).count();
            if have < MIN_PER_DIGIT {
                return Err(format!(
                    "digits file holds {have} images of digit {digit}; at least {MIN_PER_DIGIT} are needed"
                ));
            }
        }
        Ok(Self { images, labels })
    }

    /// Number of images.
    pub fn len(&self) -> usize {
        self.images.len()
    }

    /// True when there are none.
    pub fn is_empty(&self) -> bool {
        self.images.is_empty()
    }

    /// Image `i` with pixels scaled to [0, 1].
    pub fn unit_pixels(&self, i: usize) -> [f64; 64] {
        core::array::from_fn(|p| f64::from(self.images[i][p]) / 16.0)
    }

    /// A seeded split: `train` indices for training, the rest held out (both
    /// in shuffled order). `train` is clamped to the number of images.
    pub fn split(&self, train: usize, seed: u64) -> (Vec<usize>, Vec<usize>) {
        let mut order: Vec<usize> = (0..self.len()).collect();
        let mut r = rng::stream(seed, Purpose::Data);
        for k in (1..order.len()).rev() {
            let j = rng::below(&mut r, k as u64 + 1) as usize;
            order.swap(k, j);
        }
        let held = order.split_off(train.min(order.len()));
        (order, held)
    }
}
