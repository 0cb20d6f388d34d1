#!/usr/bin/env python3
"""Write the seed corpus tests/fuzz/corpus/fuzz_p384/ (see fuzz_p384.c:
first byte even = SEC1 point for ECDH, odd = signature || digest) from the
RFC 6979 A.2.6 vectors of tests/p384 (already cross-checked), plus points
made with Python `cryptography` and hand-made invalid encodings. Rerun after
changing the vectors."""
import hashlib
import os
import sys

from cryptography.hazmat.primitives import serialization as s
from cryptography.hazmat.primitives.asymmetric import ec

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from testlib import records  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "corpus", "fuzz_p384")
VEC = os.path.join(HERE, "..", "p384", "p384_rfc6979.txt")
P = 2**384 - 2**128 - 2**96 + 2**32 - 1
HASH = {"SHA-1": hashlib.sha1, "SHA-224": hashlib.sha224,
        "SHA-256": hashlib.sha256, "SHA-384": hashlib.sha384,
        "SHA-512": hashlib.sha512}


def write(name, data):
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, name), "wb") as f:
        f.write(data)


recs = records(VEC)
key = recs[0]
U = bytes.fromhex("04" + key["Ux"] + key["Uy"])
for i, r in enumerate(recs[1:]):
    dg = HASH[r["hash"]](r["msg"].encode()).digest()
    write("sig%02d" % i, b"\x01" + bytes.fromhex(r["r"] + r["s"]) + dg)
k = ec.derive_private_key(7, ec.SECP384R1()).public_key()
for form, name in ((s.PublicFormat.UncompressedPoint, "u"),
                   (s.PublicFormat.CompressedPoint, "c")):
    write("point_7G_" + name, b"\x00" + k.public_bytes(s.Encoding.X962, form))
write("point_U", b"\x00" + U)
write("point_U_c", b"\x00" + bytes([2 | (U[-1] & 1)]) + U[1:49])
write("point_offcurve", b"\x00" + U[:-1] + bytes([U[-1] ^ 1]))
write("point_x_p", b"\x00" + b"\x02" + P.to_bytes(48, "big"))
write("point_inf", b"\x00\x00")
write("point_zero", b"\x00\x04" + bytes(96))
