#!/usr/bin/env python3
"""RSA signatures made at test time by Python `cryptography` (OpenSSL) for
tests/rsa/test_rsa_verify.c. One line per signature:
    <SPKI DER hex> <pkcs1|pss> <256|384|512> <digest hex> <signature hex>
Keys: 2048 and 4096 bits with e = 65537, 2048 bits with e = 3, and
a 2056-bit modulus (not a multiple of 32 bits) and a
3073-bit one (emLen = k - 1 for PSS). PSS uses MGF1 with the same hash and a
salt as long as the hash. Prints SKIP without `cryptography`."""
import os
import sys

try:
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import padding, rsa, utils
except ImportError:
    print("SKIP")
    sys.exit(0)

H = {256: hashes.SHA256(), 384: hashes.SHA384(), 512: hashes.SHA512()}
for bits, e in ((2048, 65537), (4096, 65537), (2048, 3),
                (2056, 65537), (3073, 65537)):
    k = rsa.generate_private_key(public_exponent=e, key_size=bits)
    spki = k.public_key().public_bytes(
        serialization.Encoding.DER,
        serialization.PublicFormat.SubjectPublicKeyInfo).hex()
    for hb, h in H.items():
        for pad in ("pkcs1", "pss"):
            digest = os.urandom(hb // 8)
            if pad == "pkcs1":
                p = padding.PKCS1v15()
            else:
                p = padding.PSS(mgf=padding.MGF1(h), salt_length=hb // 8)
            sig = k.sign(digest, p, utils.Prehashed(h))
            print(spki, pad, hb, digest.hex(), sig.hex())
