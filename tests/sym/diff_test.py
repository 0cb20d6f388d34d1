#!/usr/bin/env python3
"""Differential test of the symmetric layer against Python `cryptography`
(an independent implementation) on random inputs at test time.

Usage: diff_test.py PATH/TO/sym_tool [seed]
Boundary lengths (0, 1, 15, 16, 17, 63, 64, 65, 127, 128, 129, block
multiples up to a few KB) and random ones; every implementation the tool
reports (accelerated, portable, portable with 32-bit Poly1305, AVX2 without
AVX-512VL, vector ChaCha20 with 32-bit Poly1305, SSE2 ChaCha20) must match.
Exit 77 (ctest: skipped) if `cryptography` is not installed.
"""
import os, random, subprocess, sys

try:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM, ChaCha20Poly1305
    from cryptography.hazmat.primitives import hashes, hmac
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF
    from cryptography.exceptions import InvalidTag
except ImportError:
    print("python cryptography not installed: skipped")
    sys.exit(77)

tool = sys.argv[1]
seed = int(sys.argv[2]) if len(sys.argv) > 2 else int.from_bytes(os.urandom(4), "big")
print("seed", seed)
rng = random.Random(seed)
rb = lambda n: bytes(rng.getrandbits(8) for _ in range(n))
hx = lambda b: b.hex() if b else "-"

LENS = [0, 1, 15, 16, 17, 31, 32, 33, 63, 64, 65, 127, 128, 129, 255, 256,
        257, 511, 512, 513, 1024, 2048, 4096, 4097, 5000]
AEADS = {1: (16, AESGCM), 2: (32, AESGCM), 3: (32, ChaCha20Poly1305)}
HASHES = {1: hashes.SHA256, 2: hashes.SHA384, 3: hashes.SHA512}

reqs = []  # (request line, expected output or None for FAIL, nimpl)
for alg, (kl, cls) in AEADS.items():
    for ln in LENS + [rng.randrange(0, 3000) for _ in range(6)]:
        key, nonce = rb(kl), rb(12)
        aad = rb(rng.choice([0, 1, 5, 13, 16, 17, 64, 100]))
        pt = rb(ln)
        ct = cls(key).encrypt(nonce, pt, aad or None)
        reqs.append(("seal %d %s %s %s %s" % (alg, hx(key), hx(nonce), hx(aad), hx(pt)), ct, 6))
        reqs.append(("open %d %s %s %s %s" % (alg, hx(key), hx(nonce), hx(aad), hx(ct)), pt, 6))
        # a random corruption must be refused by both sides
        bad = bytearray(ct)
        bad[rng.randrange(len(bad))] ^= 1 << rng.randrange(8)
        try:
            cls(key).decrypt(nonce, bytes(bad), aad or None)
            raise SystemExit("cryptography accepted a corrupted message?")
        except InvalidTag:
            pass
        reqs.append(("open %d %s %s %s %s" % (alg, hx(key), hx(nonce), hx(aad), hx(bytes(bad))), None, 6))

for alg, h in HASHES.items():
    for ln in LENS + [111, 112, 113, 239, 240, 241] + [rng.randrange(0, 3000) for _ in range(5)]:
        m = rb(ln)
        d = hashes.Hash(h()); d.update(m)
        reqs.append(("hash %d %s" % (alg, hx(m)), d.finalize(), 2))
    for kl in [0, 1, 32, 63, 64, 65, 127, 128, 129, 200]:
        k, m = rb(kl), rb(rng.randrange(0, 300))
        mac = hmac.HMAC(k, h()); mac.update(m)
        reqs.append(("hmac %d %s %s" % (alg, hx(k), hx(m)), mac.finalize(), 2))
    for _ in range(6):
        salt, ikm, info = rb(rng.choice([0, 16, 32, 100])), rb(rng.randrange(1, 80)), rb(rng.randrange(0, 60))
        L = rng.randrange(1, 255 * h.digest_size // 40)
        okm = HKDF(h(), L, salt or None, info).derive(ikm)
        reqs.append(("hkdf %d %s %s %s %s" % (alg, hx(salt), hx(ikm), hx(info), L.to_bytes(4, "big").hex()), okm, 2))

inp = "".join(r[0] + "\n" for r in reqs)
res = subprocess.run([tool], input=inp.encode(), stdout=subprocess.PIPE, check=True)
lines = res.stdout.decode().splitlines()
pos, bad = 0, 0
for req, want, nimpl in reqs:
    got = lines[pos:pos + nimpl]
    assert lines[pos + nimpl] == "end", (req[:60], lines[pos:pos + nimpl + 1])
    pos += nimpl + 1
    for impl, g in enumerate(got):
        exp = "%d %s" % (impl, "FAIL" if want is None else hx(want))
        if g != exp:
            bad += 1
            print("MISMATCH impl %d: %s...\n  got  %s...\n  want %s..." % (impl, req[:80], g[:80], exp[:80]))
print("%d requests, %d comparisons, %d mismatches" % (len(reqs), sum(r[2] for r in reqs), bad))
sys.exit(1 if bad else 0)
