#!/usr/bin/env python3
"""Write tests/vectors/x25519.txt: RFC 7748 vectors checked against Python
`cryptography` (OpenSSL's X25519), small-order u coordinates rebuilt from
the curve equation, and non-canonical / high-bit inputs computed by
`cryptography`.

Every RFC value below is quoted from RFC 7748 (sections 5.2 and 6.1) and is
asserted equal to what `cryptography` computes before anything is written;
the small-order points are derived here (x-only doubling on
v^2 = u^3 + A u^2 + u, A = 486662) and each is checked to give the all-zero
output in `cryptography` (which refuses it). Run:
    python3 tests/x25519/gen_x25519_vectors.py > tests/vectors/x25519.txt
and, to re-check a committed file (ctest x25519_vectors_crosscheck):
    python3 tests/x25519/gen_x25519_vectors.py --check tests/vectors/x25519.txt
"""
import os
import sys

try:
    from cryptography.hazmat.primitives.asymmetric.x25519 import (
        X25519PrivateKey, X25519PublicKey)
except ImportError:
    print("SKIP: Python `cryptography` is not installed")
    sys.exit(77)

P = 2**255 - 19
A = 486662


def x25519(k: bytes, u: bytes) -> bytes:
    return X25519PrivateKey.from_private_bytes(k).exchange(
        X25519PublicKey.from_public_bytes(u))


def refuses(u: bytes) -> bool:
    k = X25519PrivateKey.generate()
    try:
        k.exchange(X25519PublicKey.from_public_bytes(u))
    except ValueError:
        return True
    return False


def le(n: int) -> bytes:
    return n.to_bytes(32, "little")


def sqrt(a: int):
    """A square root mod p (p = 5 mod 8), or None."""
    a %= P
    r = pow(a, (P + 3) // 8, P)
    if r * r % P != a:
        r = r * pow(2, (P - 1) // 4, P) % P
    return r if r * r % P == a else None


def roots_quadratic(b: int, c: int):
    """Roots of x^2 + b x + c over F_p."""
    d = sqrt(b * b - 4 * c)
    if d is None:
        return []
    inv2 = pow(2, P - 2, P)
    return sorted({(-b + d) * inv2 % P, (-b - d) * inv2 % P})


def small_order_u():
    """u of every point of order 1, 2, 4, 8 on the curve or its twist.
    x-only doubling: u(2P) = (u^2 - 1)^2 / (4 u (u^2 + A u + 1)).
      order 2: u = 0 (u^2 + A u + 1 has no root: A^2 - 4 is no square);
      order 4: u(2P) = 0, so u = 1 or u = -1;
      order 8: u(2P) = +-1, the palindromic quartic
        u^4 -+ 4u^3 - (2 +- 4A) u^2 -+ 4u + 1 = 0; with w = u + 1/u:
        w^2 -+ 4w - (4 +- 4A) = 0, then u^2 - w u + 1 = 0."""
    out = {0, 1, P - 1}
    assert roots_quadratic(A, 1) == []
    for s in (1, -1):
        for w in roots_quadratic(-4 * s, -(4 + 4 * A * s)):
            for u in roots_quadratic(-w, 1):
                out.add(u)
    for u in list(out):
        # check: doubling three times reaches infinity (denominator 0)
        x = u
        for _ in range(3):
            den = 4 * x * (x * x + A * x + 1) % P
            if den == 0:
                break
            x = (x * x - 1) ** 2 * pow(den, P - 2, P) % P
        else:
            raise AssertionError("not of small order: %d" % u)
    return sorted(out)


RFC_5_2 = [  # (scalar, input u, output u), RFC 7748 section 5.2
    ("a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4",
     "e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c",
     "c3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552"),
    ("4b66e9d4d1b4673c5ad22691957d6af5c11b6421e0ea01d42ca4169e7918ba0d",
     "e5210f12786811d3f4b7959d0538ae2c31dbe7106fc03c3efc4cd549c715a493",
     "95cbde9476e8907d7aade45cb4b873f88b595a68799fa152e6f8f7647aac7957"),
]
RFC_ITER = [  # RFC 7748 section 5.2, k = u = 9 iterated
    (1, "422c8e7a6227d7bca1350b3e2bb7279f7897b87bb6854b783c60e80311ae3079"),
    (1000, "684cf59ba83309552800ef566f2f4d3c1c3887c49360e3875f2eb94d99532c51"),
    (1000000,
     "7c3911e0ab2586fd864497297e575e6f3bc601c0883c30df5f4dd2d24f665424"),
]
# Iteration counts above this are computed only with NBTLS_SLOW_TESTS=1 set
# (1,000,000 X25519 calls take about a minute).
SLOW_ITER = 1000


def slow_ok():
    return os.environ.get("NBTLS_SLOW_TESTS") == "1"
RFC_6_1 = {  # RFC 7748 section 6.1
    "a": "77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a",
    "A": "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a",
    "b": "5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb",
    "B": "de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f",
    "K": "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742",
}


def main():
    w = sys.stdout.write
    h = bytes.fromhex
    nine = le(9)
    w("# X25519 vectors (RFC 7748). Written by tests/x25519/gen_x25519_vectors.py;\n"
      "# every value was checked against Python `cryptography` (OpenSSL).\n"
      "# Lines:\n"
      "#   x <k> <u> <out>   X25519(k, u) = out (hex, little-endian strings)\n"
      "#   iter <n> <out>    k = u = 9, n times: (k, u) = (X25519(k, u), k)\n"
      "#   zero <u>          small-order u: X25519(k, u) = 0 for every k\n\n")
    w("# RFC 7748 section 5.2\n")
    for k, u, o in RFC_5_2:
        assert x25519(h(k), h(u)).hex() == o
        w("x %s %s %s\n" % (k, u, o))
    w("# RFC 7748 section 5.2, iterated\n")
    k, u = nine, nine
    done = 0
    for n, o in RFC_ITER:
        if n > SLOW_ITER and not slow_ok():
            w("iter %d %s\n" % (n, o))  # from the RFC text; checked when slow
            continue
        while done < n:
            k, u = x25519(k, u), k
            done += 1
        assert k.hex() == o
        w("iter %d %s\n" % (n, o))
    w("# RFC 7748 section 6.1 (Alice a/A, Bob b/B, shared K)\n")
    v = {n: h(x) for n, x in RFC_6_1.items()}
    assert x25519(v["a"], nine) == v["A"] and x25519(v["b"], nine) == v["B"]
    assert x25519(v["a"], v["B"]) == v["K"] == x25519(v["b"], v["A"])
    w("x %s %s %s\n" % (RFC_6_1["a"], nine.hex(), RFC_6_1["A"]))
    w("x %s %s %s\n" % (RFC_6_1["b"], nine.hex(), RFC_6_1["B"]))
    w("x %s %s %s\n" % (RFC_6_1["a"], RFC_6_1["B"], RFC_6_1["K"]))
    w("x %s %s %s\n" % (RFC_6_1["b"], RFC_6_1["A"], RFC_6_1["K"]))

    w("# Small-order points (orders 1, 2, 4, 8 on the curve and its twist),\n"
      "# derived from the curve equation; their encodings + p where below\n"
      "# 2^255; and all of these with the ignored top bit set.\n")
    lows = small_order_u()
    assert len(lows) == 5, lows
    encs = []
    for u in lows:
        encs.append(le(u))
        if u + P < 2**255:
            encs.append(le(u + P))
    for e in list(encs):
        encs.append(e[:31] + bytes([e[31] | 0x80]))
    for e in encs:
        assert refuses(e), e.hex()
        w("zero %s\n" % e.hex())

    w("# Non-canonical u (p <= u < 2^255) and set top bits, computed by\n"
      "# `cryptography` (u is reduced mod p / the bit is ignored)\n")
    rnd = os.urandom
    cases = [le(P + 9), le(2**255 - 1), le(P + 2), le(P + 100)]
    for _ in range(4):
        cases.append(rnd(31) + bytes([rnd(1)[0] | 0x80]))
    for u in cases:
        k = rnd(32)
        o = x25519(k, u)
        low = u[:31] + bytes([u[31] & 0x7f])
        assert o == x25519(k, low)
        val = int.from_bytes(low, "little")
        if val >= P:
            assert o == x25519(k, le(val - P))
        w("x %s %s %s\n" % (k.hex(), u.hex(), o.hex()))


def check(path):
    passed = failed = 0
    for line in open(path):
        f = line.split()
        if not f or f[0].startswith("#"):
            continue
        try:
            if f[0] == "x":
                ok = x25519(bytes.fromhex(f[1]), bytes.fromhex(f[2])).hex() == f[3]
            elif f[0] == "iter" and int(f[1]) > SLOW_ITER and not slow_ok():
                print("skipped (set NBTLS_SLOW_TESTS=1): " + line.strip())
                continue
            elif f[0] == "iter":
                k = u = le(9)
                for _ in range(int(f[1])):
                    k, u = x25519(k, u), k
                ok = k.hex() == f[2]
            elif f[0] == "zero":
                ok = refuses(bytes.fromhex(f[1]))
            else:
                ok = False
        except ValueError:
            ok = False
        if ok:
            passed += 1
        else:
            failed += 1
            print("MISMATCH: " + line.strip())
    print("%d passed, %d failed" % (passed, failed))
    return 0 if failed == 0 and passed > 0 else 1


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--check":
        sys.exit(check(sys.argv[2]))
    main()
