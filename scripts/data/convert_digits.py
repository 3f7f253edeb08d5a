#!/usr/bin/env python3
"""Converts the UCI 8x8 optical digits (the copy inside scikit-learn's wheel,
sklearn/datasets/data/digits.csv.gz) into data/digits8x8.bin, the compact file
the app loads. Run once; the output is committed.

    pip download --no-deps scikit-learn -d /tmp/skl
    python3 scripts/data/convert_digits.py /tmp/skl/scikit_learn-*.whl

Format (little endian): b"PLD8", version u8 = 1, count u16, then per image its
label u8 (0-9) and 64 pixels u8 (0-16, row-major), then an FNV-1a 32-bit checksum
of every byte before it. Data: Alpaydin & Kaynak (1998), UCI ML Repository, CC BY 4.0.
"""
import csv
import gzip
import io
import struct
import sys
import zipfile

MEMBER = "sklearn/datasets/data/digits.csv.gz"


def fnv1a32(data: bytes) -> int:
    h = 0x811C9DC5
    for b in data:
        h = ((h ^ b) * 0x01000193) & 0xFFFFFFFF
    return h


def main(wheel: str, out: str = "data/digits8x8.bin") -> None:
    with zipfile.ZipFile(wheel) as z:
        text = gzip.decompress(z.read(MEMBER)).decode("ascii")
    body = bytearray(b"PLD8" + bytes([1]))
    rows = [r for r in csv.reader(io.StringIO(text)) if r]
    body += struct.pack("<H", len(rows))
    for r in rows:
        values = [int(float(v)) for v in r]
        pixels, label = values[:64], values[64]
        assert len(values) == 65 and 0 <= label <= 9 and all(0 <= p <= 16 for p in pixels), r
        body += bytes([label] + pixels)
    body += struct.pack("<I", fnv1a32(bytes(body)))
    with open(out, "wb") as f:
        f.write(body)
    print(f"{out}: {len(rows)} images, {len(body)} bytes")


if __name__ == "__main__":
    main(*sys.argv[1:])
