#!/usr/bin/env python3
"""Write the seed corpora of tests/fuzz/corpus/<target>/ from the vector
files of tests/vectors (so the seeds are the interesting, already
cross-checked encodings). Rerun after changing the vectors."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import testlib  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
VEC = os.path.join(HERE, "..", "vectors")


def records(name):
    return testlib.records(os.path.join(VEC, name))


def write(target, name, data):
    d = os.path.join(HERE, "corpus", target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


points = records("p256_points.txt")
for i, r in enumerate(points):
    enc = bytes.fromhex(r.get("sec1", ""))
    for t in ("fuzz_key_import", "fuzz_ecdh_peer"):
        write(t, "point%02d" % i, enc)
prm = records("p256_params.txt")[0]
n = int(prm["n"], 16)
rfc = records("p256_rfc6979.txt")
for name, v in (("scalar_x", int(rfc[0]["x"], 16)), ("scalar_1", 1),
                ("scalar_n-1", n - 1), ("scalar_n", n), ("scalar_0", 0),
                ("scalar_max", 2**256 - 1)):
    write("fuzz_key_import", name, v.to_bytes(32, "big") + b"\x03")
for i, r in enumerate(rfc[1:]):
    sig = bytes.fromhex(r["r"] + r["s"])
    write("fuzz_verify", "rfc6979_%02d" % i, sig + bytes.fromhex(r["digest"]))
    s = int(r["s"], 16)
    write("fuzz_verify", "rfc6979_%02d_neg_s" % i,
          sig[:32] + (n - s).to_bytes(32, "big") + bytes.fromhex(r["digest"]))
write("fuzz_verify", "r_zero", b"\0" * 32 + b"\1" * 32 + b"\x55" * 32)
write("fuzz_verify", "r_n", n.to_bytes(32, "big") + b"\1" * 32 + b"\x55" * 32)

# fuzz_sig_der: DER ECDSA signatures (RFC 6979 A.2.5 r, s re-encoded by
# pyca/cryptography, an independent encoder), plus the degenerate forms.
from cryptography.hazmat.primitives.asymmetric.utils import \
    encode_dss_signature  # noqa: E402

for i, r in enumerate(rfc[1:5]):
    rv, sv = int(r["r"], 16), int(r["s"], 16)
    write("fuzz_sig_der", "rfc6979_%02d" % i, encode_dss_signature(rv, sv))
write("fuzz_sig_der", "p384_sized",
      encode_dss_signature(2**383 + 12345, 2**380 + 1))
write("fuzz_sig_der", "zero_zero", encode_dss_signature(0, 0))
write("fuzz_sig_der", "empty_seq", bytes([0x30, 0]))
print("corpus written")
