"""Shared by the Python checks and generators of tests/: the reader of the
vector files (`key = value` lines, records split by blank lines, '#'
comments), the "N passed, N failed" counter the ctests print, and textbook
affine short-Weierstrass arithmetic (an independent reference for the C
code: double-and-add with Python integers). Scripts outside tests/ put
tests/ on sys.path first (see tests/p384/check_p384_vectors.py)."""
import sys
from typing import Dict, List, NoReturn, Optional, Tuple


def records(path: str) -> List[Dict[str, str]]:
    """The records of a vector file, each a dict; a key without a value
    (`key =`) maps to ""."""
    recs: List[Dict[str, str]] = []
    cur: Dict[str, str] = {}
    with open(path) as f:
        for line in f:
            line = line.strip()
            if line.startswith("#"):
                continue
            if not line:
                if cur:
                    recs.append(cur)
                cur = {}
                continue
            k, _, v = line.partition("=")
            cur[k.strip()] = v.strip()
    if cur:
        recs.append(cur)
    return recs


class Checks:
    """check(cond, what) counts; a failure prints `what` to stderr."""

    def __init__(self) -> None:
        self.passed = 0
        self.failed = 0

    def __call__(self, cond: bool, what: str) -> None:
        if cond:
            self.passed += 1
        else:
            self.failed += 1
            print("FAIL:", what, file=sys.stderr)

    def finish(self, prefix: str = "") -> NoReturn:
        """Print "N passed, N failed"; exit 1 on a failure or no check."""
        print("%s%d passed, %d failed" % (prefix, self.passed, self.failed))
        sys.exit(1 if self.failed or not self.passed else 0)


Point = Optional[Tuple[int, int]]  # None: the point at infinity


class Curve:
    """y^2 = x^3 + a x + b over GF(p), affine points."""

    def __init__(self, p: int, a: int) -> None:
        self.p = p
        self.a = a % p

    def add(self, P: Point, Q: Point) -> Point:
        p = self.p
        if P is None:
            return Q
        if Q is None:
            return P
        if P[0] == Q[0] and (P[1] + Q[1]) % p == 0:
            return None
        if P == Q:
            lam = (3 * P[0] * P[0] + self.a) * pow(2 * P[1], -1, p) % p
        else:
            lam = (Q[1] - P[1]) * pow(Q[0] - P[0], -1, p) % p
        x = (lam * lam - P[0] - Q[0]) % p
        return (x, (lam * (P[0] - x) - P[1]) % p)

    def mul(self, k: int, P: Point) -> Point:
        R: Point = None
        while k:
            if k & 1:
                R = self.add(R, P)
            P = self.add(P, P)
            k >>= 1
        return R

    def neg(self, P: Point) -> Point:
        return None if P is None else (P[0], (self.p - P[1]) % self.p)
