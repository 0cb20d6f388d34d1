"""Shared helpers for the nbtls Python tests: the vector files of
tests/vectors (written and cross-checked by the C tests' authors, with their
provenance in each file's header) and small utilities."""

from __future__ import annotations

import os
from typing import Dict, List

import pytest

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
VECTORS = os.path.join(REPO, "tests", "vectors")
HEADER = os.path.join(REPO, "include", "nbtls", "nbtls.h")

Record = Dict[str, str]


def read_records(name: str) -> List[Record]:
    """Parse a tests/vectors file: `key = value` lines, records separated by
    blank lines, '#' comment lines."""
    path = os.path.join(VECTORS, name)
    if not os.path.exists(path):
        pytest.skip(f"{path} not present (run from the source tree)")
    records: List[Record] = []
    cur: Record = {}
    with open(path, encoding="utf-8") as f:
        for raw in f:
            line = raw.strip()
            if line.startswith("#"):
                continue
            if not line:
                if cur:
                    records.append(cur)
                    cur = {}
                continue
            key, _, value = line.partition("=")
            cur[key.strip()] = value.strip()
    if cur:
        records.append(cur)
    return records


def unhex(s: str) -> bytes:
    """Hex (any case, possibly empty) to bytes."""
    return bytes.fromhex(s)


def flip_bit(b: bytes, bit: int) -> bytes:
    """``b`` with one bit flipped."""
    a = bytearray(b)
    a[bit // 8] ^= 1 << (bit % 8)
    return bytes(a)
