#!/usr/bin/env python3
"""Cross-check tests/p384/p384_rfc6979.txt against independent
implementations: U = xG and every (r, s) equals Python `cryptography`'s
deterministic (RFC 6979) ECDSA of H(msg); the openssl command verifies each
signature. Exit 77 (skipped) without `cryptography`."""
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile

try:
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec, utils
except ImportError:
    print("SKIP: Python `cryptography` is not installed")
    sys.exit(77)

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from testlib import Checks, records  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
HASHES = {"SHA-1": (hashlib.sha1, hashes.SHA1()),
          "SHA-224": (hashlib.sha224, hashes.SHA224()),
          "SHA-256": (hashlib.sha256, hashes.SHA256()),
          "SHA-384": (hashlib.sha384, hashes.SHA384()),
          "SHA-512": (hashlib.sha512, hashes.SHA512())}


check = Checks()
recs = records(os.path.join(HERE, "p384_rfc6979.txt"))
key = recs[0]
x = int(key["x"], 16)
ck = ec.derive_private_key(x, ec.SECP384R1())
pn = ck.public_key().public_numbers()
check(pn.x == int(key["Ux"], 16) and pn.y == int(key["Uy"], 16), "U = xG")
pem = ck.public_key().public_bytes(serialization.Encoding.PEM,
                                   serialization.PublicFormat.SubjectPublicKeyInfo)
have_openssl = shutil.which("openssl") is not None
tmp = tempfile.mkdtemp()
with open(os.path.join(tmp, "pub.pem"), "wb") as f:
    f.write(pem)
for rec in recs[1:]:
    hfun, hobj = HASHES[rec["hash"]]
    msg = rec["msg"].encode()
    r, s = int(rec["r"], 16), int(rec["s"], 16)
    der = ck.sign(hfun(msg).digest(),
                  ec.ECDSA(utils.Prehashed(hobj), deterministic_signing=True))
    check(utils.decode_dss_signature(der) == (r, s),
          "cryptography RFC 6979 %s %s" % (rec["hash"], rec["msg"]))
    if have_openssl:
        sig = os.path.join(tmp, "sig")
        dat = os.path.join(tmp, "msg")
        with open(sig, "wb") as f:
            f.write(utils.encode_dss_signature(r, s))
        with open(dat, "wb") as f:
            f.write(msg)
        alg = "-" + rec["hash"].replace("-", "").lower()
        p = subprocess.run(["openssl", "dgst", alg, "-verify",
                            os.path.join(tmp, "pub.pem"), "-signature", sig, dat],
                           capture_output=True)
        check(p.returncode == 0, "openssl verifies %s %s" % (rec["hash"], rec["msg"]))
shutil.rmtree(tmp)
check.finish()
