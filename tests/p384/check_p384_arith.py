#!/usr/bin/env python3
"""Check every line printed by p384_arith_dump (argv[1]) with Python
integers: field ops mod p (inverse by pow(a, -1, p), square root candidate
a^((p+1)/4)), scalar ops mod n, bits2int, k P and u1 G + u2 P by a textbook
affine double-and-add. p, n, b, G are the FIPS 186-5 values, checked against
the `openssl ecparam` output by tools/gen_p384_consts.py --check; here p and
n are also compared with the constants the C code prints."""
import subprocess
import sys

P = 2**384 - 2**128 - 2**96 + 2**32 - 1
N = int("ffffffffffffffffffffffffffffffffffffffffffffffffc7634d81"
        "f4372ddf581a0db248b0a77aecec196accc52973", 16)
B = int("b3312fa7e23ee7e4988e056be3f82d19181d9c6efe8141120314088f"
        "5013875ac656398d8a2ed19d2a85c8edd3ec2aef", 16)
G = (int("aa87ca22be8b05378eb1c71ef320ad746e1d3b628ba79b9859f741e0"
         "82542a385502f25dbf55296c3a545e3872760ab7", 16),
     int("3617de4a96262c6f5d9e98bf9292dc29f8f41dbd289a147ce9da3113"
         "b5f0b8c00a60b1ce1d7e819d7a431d7c90ea0e5f", 16))


def add(a, b):
    if a is None:
        return b
    if b is None:
        return a
    if a[0] == b[0]:
        if (a[1] + b[1]) % P == 0:
            return None
        lam = (3 * a[0] * a[0] - 3) * pow(2 * a[1], -1, P) % P
    else:
        lam = (b[1] - a[1]) * pow(b[0] - a[0], -1, P) % P
    x = (lam * lam - a[0] - b[0]) % P
    return (x, (lam * (a[0] - x) - a[1]) % P)


def mul(k, pt):
    r = None
    while k:
        if k & 1:
            r = add(r, pt)
        pt = add(pt, pt)
        k >>= 1
    return r


def enc(pt):
    return 0 if pt is None else (pt[0] << 384) | pt[1]


out = subprocess.run([sys.argv[1]], capture_output=True, text=True)
sys.stderr.write(out.stderr)
passed = failed = 0
for line in out.stdout.splitlines():
    lhs, _, rhs = line.partition(" = ")
    f = lhs.split()
    op, args = f[0], f[1:]
    if op == "consts":
        ok = int(args[0], 16) == P and int(args[1], 16) == N
    elif op == "digest":
        ln = int(args[0])
        h = bytes.fromhex(args[1]) if len(args) > 1 else b""
        assert len(h) == ln
        e = int.from_bytes(h[:48], "big") if ln >= 48 else int.from_bytes(h, "big")
        ok = int(rhs, 16) == e % N
    else:
        v = [int(a, 16) for a in args]
        got = int(rhs, 16)
        a, b = v[0], v[1] if len(v) > 1 else 0
        want = {
            "fmul": lambda: a * b % P, "fsqr": lambda: a * a % P,
            "fadd": lambda: (a + b) % P, "fsub": lambda: (a - b) % P,
            "fneg": lambda: -a % P,
            "finv": lambda: pow(a, -1, P) if a else 0,
            "fsqrt": lambda: pow(a, (P + 1) // 4, P),
            "smul": lambda: a * b % N, "sadd": lambda: (a + b) % N,
            "sinv": lambda: pow(a, -1, N) if a else 0,
            "mul": lambda: enc(mul(a, mul(b, G))),
            "comb": lambda: enc(mul(a % N, G)),
            "dual": lambda: enc(add(mul(a, G), mul(b, mul(v[2], G)))),
        }[op]()
        ok = got == want
    if ok:
        passed += 1
    else:
        failed += 1
        print("FAIL:", line[:200], file=sys.stderr)
if out.returncode != 0:
    failed += 1
print("%d passed, %d failed" % (passed, failed))
sys.exit(1 if failed or passed < 300 else 0)
