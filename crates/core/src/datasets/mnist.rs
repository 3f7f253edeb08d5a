//! MNIST digits of the five pairs the Capacity Lab uses: the compact file
//! `data/mnist-pairs.bin` that `scripts/data/convert_mnist.py` writes, parsed
//! with every check a corrupt file could fail (or the 8×8 digits in the same
//! form, as a fast option).
//! MNIST: Y. LeCun, C. Cortes, C. J. C. Burges, CC BY-SA 3.0.

use super::digits::{Digits, fnv1a32};
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

/// The digit pairs of the paper, easiest first: the ones the file holds.
pub const PAIRS: [(u8, u8); 5] = [(0, 1), (1, 7), (5, 6), (3, 8), (4, 9)];

const MAGIC: &[u8; 4] = b"PLMN";
const HEADER: usize = 4 + 1 + 20 + 4;
const MNIST_SIDE: usize = 28;

/// The most uncompressed pixel bytes [`LabelledImages::from_mnist`] accepts:
/// 64 MiB, about nine times the shipped file's 7 MB (9,009 images), so a
/// larger conversion still loads while a crafted header cannot ask for more.
pub const MAX_MNIST_PIXELS: usize = 64 << 20;

/// Fewest images of each digit of [`PAIRS`] a file must hold: five leave at
/// least one per class on each side of the 80/20 split.
pub const MIN_PER_DIGIT: usize = 5;

/// Square grey images with their digit labels, stored as bytes.
#[derive(Clone, Debug, PartialEq)]
pub struct LabelledImages {
    /// Side length in pixels (28 for MNIST, 8 for the 8×8 digits).
    pub side: usize,
    /// Every image's pixels, row-major, one after the other.
    pub pixels: Vec<u8>,
    /// The byte value of a white pixel (255 for MNIST, 16 for the 8×8 digits).
    pub full: f64,
    /// The digit each shows.
    pub labels: Vec<u8>,
}

impl LabelledImages {
    /// Reads the compact MNIST file; a corrupt or foreign file is an error saying what is wrong.
    ///
    /// The payload is inflated only after the header's image counts are checked
    /// against [`MAX_MNIST_PIXELS`] (and against what the payload could hold),
    /// into one buffer of the declared size: a crafted file cannot make this
    /// allocate more than that, nor inflate past it.
    pub fn from_mnist(bytes: &[u8]) -> Result<Self, crate::InputError> {
        Self::from_mnist_text(bytes).map_err(crate::InputError::of(crate::InputKind::DataFile))
    }

    fn from_mnist_text(bytes: &[u8]) -> Result<Self, String> {
        if bytes.len() < HEADER + 4 || &bytes[..4] != MAGIC {
            return Err("not a protolab MNIST file (it must start with PLMN)".into());
        }
        if bytes[4] != 1 {
            return Err(format!(
                "MNIST file version {} is not supported (expected 1)",
                bytes[4]
            ));
        }
        let counts: Vec<usize> = (0..10)
            .map(|d| usize::from(u16::from_le_bytes([bytes[5 + 2 * d], bytes[6 + 2 * d]])))
            .collect();
        let payload = u32::from_le_bytes([bytes[25], bytes[26], bytes[27], bytes[28]]);
        // Compared as u64: on wasm32 `HEADER + payload + 4` could overflow usize.
        let promised = (HEADER + 4) as u64 + u64::from(payload);
        if bytes.len() as u64 != promised {
            return Err(format!(
                "MNIST file is {} bytes, but its header promises {promised} (truncated or padded)",
                bytes.len()
            ));
        }
        let payload = payload as usize;
        let px = MNIST_SIDE * MNIST_SIDE;
        let total: usize = counts.iter().sum();
        // At most 10 × 65,535 images: this product fits even a 32-bit usize.
        let declared = total * px;
        if declared > MAX_MNIST_PIXELS {
            return Err(format!(
                "MNIST header declares {total} images ({declared} bytes of pixels), more than the {MAX_MNIST_PIXELS} bytes this reader accepts"
            ));
        }
        for (a, b) in PAIRS {
            for digit in [a, b] {
                let have = counts[usize::from(digit)];
                if have < MIN_PER_DIGIT {
                    return Err(format!(
                        "MNIST header declares {have} images of digit {digit}; the pair {a}/{b} needs at least {MIN_PER_DIGIT}"
                    ));
                }
            }
        }
        // Deflate cannot inflate past 1,032 bytes per byte it weighs (258-byte
        // copies at two bits each): a header declaring more is lying, and is
        // refused before the buffer below is made.
        if declared > payload.saturating_mul(1032) {
            return Err(format!(
                "MNIST header declares {total} images ({declared} bytes), more than its {payload}-byte payload can inflate to"
            ));
        }
        // The only large allocation, made once at the declared size (bounded
        // above); one byte of room past it tells "more" from "exactly".
        let mut pixels = alloc::vec![0u8; declared + 1];
        let inflated = miniz_oxide::inflate::decompress_slice_iter_to_slice(
            &mut pixels,
            core::iter::once(&bytes[HEADER..HEADER + payload]),
            true,
            false,
        )
        .map_err(|status| match status {
            miniz_oxide::inflate::TINFLStatus::HasMoreOutput => format!(
                "MNIST payload inflates to more than the {declared} bytes its {total} images need: the file is corrupt"
            ),
            status => {
                format!("MNIST file payload does not inflate ({status:?}): the file is corrupt")
            }
        })?;
        if inflated != declared {
            return Err(format!(
                "MNIST payload holds {inflated} bytes, {total} images need {declared}"
            ));
        }
        pixels.truncate(declared);
        let sum = &bytes[HEADER + payload..];
        if fnv1a32(&pixels) != u32::from_le_bytes([sum[0], sum[1], sum[2], sum[3]]) {
            return Err("MNIST file checksum does not match: the file is corrupt".into());
        }
        let labels = counts
            .iter()
            .enumerate()
            .flat_map(|(digit, &count)| core::iter::repeat_n(digit as u8, count))
            .collect();
        Ok(Self {
            side: MNIST_SIDE,
            pixels,
            full: 255.0,
            labels,
        })
    }

    /// The 8×8 digits (pixels 0–16 scaled to [0, 1]).
    pub fn from_digits(d: &Digits) -> Self {
        Self {
            side: 8,
            pixels: d.images.iter().flatten().copied().collect(),
            full: 16.0,
            labels: d.labels.clone(),
        }
    }

    /// Pixel `p` of image `i`, in [0, 1].
    pub fn pixel(&self, i: usize, p: usize) -> f64 {
        f64::from(self.pixels[i * self.dim() + p]) / self.full
    }

    /// Image `i`, pixels in [0, 1].
    pub fn image(&self, i: usize) -> Vec<f64> {
        (0..self.dim()).map(|p| self.pixel(i, p)).collect()
    }

    /// Input dimension (pixels per image).
    pub fn dim(&self) -> usize {
        self.side * self.side
    }
}
