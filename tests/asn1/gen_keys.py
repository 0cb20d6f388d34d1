#!/usr/bin/env python3
"""Generate keys at test time, in every format nbtls imports, with their
raw values, for tests/asn1/test_key_import.c. Independent implementations:
Python `cryptography` and the `openssl` command (when present).

Usage: gen_keys.py DIR  — writes the files into DIR and prints a manifest,
one line per file:
    <file> <expect> <type> <priv-hex or -> <pub-hex or ->
where <expect> is "ok" or an nbtls error name (UNSUPPORTED, BAD_KEY) and
<type> is p256, p384, x25519, rsa or -. Public keys: P-256 (P-384) as 65-byte
(97-byte) uncompressed SEC1, X25519 as the 32-byte u, RSA as PKCS#1 RSAPublicKey DER. Prints SKIP and exits 0 without
`cryptography`."""
import os
import shutil
import subprocess
import sys

try:
    from cryptography.hazmat.primitives import serialization as s
    from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa, x25519
except ImportError:
    print("SKIP")
    sys.exit(0)

D = sys.argv[1]
E = s.Encoding
PF = s.PrivateFormat
PUB = s.PublicFormat
NOENC = s.NoEncryption()


def write(name, data):
    with open(os.path.join(D, name), "wb") as f:
        f.write(data)


def raw(key):
    """(type, priv hex or -, pub hex) from a cryptography key."""
    if isinstance(key, rsa.RSAPublicKey):
        return "rsa", "-", key.public_bytes(E.DER, PUB.PKCS1).hex()
    if isinstance(key, (x25519.X25519PrivateKey, x25519.X25519PublicKey)):
        pub = key if isinstance(key, x25519.X25519PublicKey) else key.public_key()
        priv = "-"
        if isinstance(key, x25519.X25519PrivateKey):
            priv = key.private_bytes(E.Raw, PF.Raw, NOENC).hex()
        return "x25519", priv, pub.public_bytes(E.Raw, PUB.Raw).hex()
    pub = key if isinstance(key, ec.EllipticCurvePublicKey) else key.public_key()
    priv = "-"
    size, t = (48, "p384") if pub.curve.name == "secp384r1" else (32, "p256")
    if isinstance(key, ec.EllipticCurvePrivateKey):
        priv = key.private_numbers().private_value.to_bytes(size, "big").hex()
    return t, priv, pub.public_bytes(E.X962, PUB.UncompressedPoint).hex()


def line(name, expect, key):
    t, priv, pub = raw(key) if key is not None else ("-", "-", "-")
    print(name, expect, t, priv, pub)


def private_all(tag, key, sec1):
    """Every private and public format of one key, PEM and DER."""
    for enc, ext in ((E.PEM, "pem"), (E.DER, "der")):
        write("%s_pkcs8.%s" % (tag, ext), key.private_bytes(enc, PF.PKCS8, NOENC))
        line("%s_pkcs8.%s" % (tag, ext), "ok", key)
        if sec1:
            write("%s_sec1.%s" % (tag, ext),
                  key.private_bytes(enc, PF.TraditionalOpenSSL, NOENC))
            line("%s_sec1.%s" % (tag, ext), "ok", key)
        write("%s_spki.%s" % (tag, ext),
              key.public_key().public_bytes(enc, PUB.SubjectPublicKeyInfo))
        line("%s_spki.%s" % (tag, ext), "ok", key.public_key())


for i in range(4):
    private_all("p256_%d" % i, ec.generate_private_key(ec.SECP256R1()), True)
    private_all("p384_%d" % i, ec.generate_private_key(ec.SECP384R1()), True)
    private_all("x25519_%d" % i, x25519.X25519PrivateKey.generate(), False)

# Compressed point in an SPKI: the AlgorithmIdentifier of the uncompressed
# SPKI, a 34-byte BIT STRING; checked by loading it back with cryptography.
k = ec.generate_private_key(ec.SECP256R1())
full = k.public_key().public_bytes(E.DER, PUB.SubjectPublicKeyInfo)
assert full[:2] == b"\x30\x59" and full[2:4] == b"\x30\x13"
comp = (b"\x30\x39" + full[2:23] + b"\x03\x22\x00" +
        k.public_key().public_bytes(E.X962, PUB.CompressedPoint))
assert s.load_der_public_key(comp).public_numbers() == k.public_key().public_numbers()
write("p256_spki_compressed.der", comp)
line("p256_spki_compressed.der", "ok", k.public_key())

# The same for P-384 (SPKI 30 76 30 10 ..., BIT STRING 03 62 00 || point)
k = ec.generate_private_key(ec.SECP384R1())
full = k.public_key().public_bytes(E.DER, PUB.SubjectPublicKeyInfo)
assert full[:2] == b"\x30\x76" and full[2:4] == b"\x30\x10"
comp = (b"\x30\x46" + full[2:20] + b"\x03\x32\x00" +
        k.public_key().public_bytes(E.X962, PUB.CompressedPoint))
assert s.load_der_public_key(comp).public_numbers() == k.public_key().public_numbers()
write("p384_spki_compressed.der", comp)
line("p384_spki_compressed.der", "ok", k.public_key())

# A PKCS#8 whose AlgorithmIdentifier names P-256 around a P-384 ECPrivateKey
# (whose [0] names secp384r1): the curves disagree, BAD_KEY.


def der_len(n):
    return bytes([n]) if n < 128 else bytes([0x81, n]) if n < 256 else bytes([0x82, n >> 8, n & 255])


def tlv(tag, body):
    return bytes([tag]) + der_len(len(body)) + body


sec1 = k.private_bytes(E.DER, PF.TraditionalOpenSSL, NOENC)
assert b"\x06\x05\x2b\x81\x04\x00\x22" in sec1
alg256 = tlv(0x30, tlv(0x06, bytes.fromhex("2a8648ce3d0201")) +
             tlv(0x06, bytes.fromhex("2a8648ce3d030107")))
write("p384_in_p256_pkcs8.der", tlv(0x30, b"\x02\x01\x00" + alg256 + tlv(0x04, sec1)))
line("p384_in_p256_pkcs8.der", "BAD_KEY", None)

# Unsupported: P-521, Ed25519, RSA (PKCS#8, SPKI, PKCS#1), encrypted PKCS#8
k = ec.generate_private_key(ec.SECP521R1())
for enc, ext in ((E.PEM, "pem"), (E.DER, "der")):
    write("p521_pkcs8." + ext, k.private_bytes(enc, PF.PKCS8, NOENC))
    line("p521_pkcs8." + ext, "UNSUPPORTED", None)
    write("p521_sec1." + ext, k.private_bytes(enc, PF.TraditionalOpenSSL, NOENC))
    line("p521_sec1." + ext, "UNSUPPORTED", None)
    write("p521_spki." + ext, k.public_key().public_bytes(enc, PUB.SubjectPublicKeyInfo))
    line("p521_spki." + ext, "UNSUPPORTED", None)
k = ed25519.Ed25519PrivateKey.generate()
write("ed25519_pkcs8.pem", k.private_bytes(E.PEM, PF.PKCS8, NOENC))
line("ed25519_pkcs8.pem", "UNSUPPORTED", None)
write("ed25519_spki.der", k.public_key().public_bytes(E.DER, PUB.SubjectPublicKeyInfo))
line("ed25519_spki.der", "UNSUPPORTED", None)
k = rsa.generate_private_key(public_exponent=65537, key_size=2048)
write("rsa_pkcs8.pem", k.private_bytes(E.PEM, PF.PKCS8, NOENC))
line("rsa_pkcs8.pem", "UNSUPPORTED", None)
write("rsa_pkcs1.pem", k.private_bytes(E.PEM, PF.TraditionalOpenSSL, NOENC))
line("rsa_pkcs1.pem", "UNSUPPORTED", None)
write("rsa_pkcs1.der", k.private_bytes(E.DER, PF.TraditionalOpenSSL, NOENC))
line("rsa_pkcs1.der", "UNSUPPORTED", None)
for enc, ext in ((E.PEM, "pem"), (E.DER, "der")):
    write("rsa_spki." + ext, k.public_key().public_bytes(enc, PUB.SubjectPublicKeyInfo))
    line("rsa_spki." + ext, "ok", k.public_key())
    write("rsa_pub_pkcs1." + ext, k.public_key().public_bytes(enc, PUB.PKCS1))
    line("rsa_pub_pkcs1." + ext, "ok", k.public_key())
k = rsa.generate_private_key(public_exponent=65537, key_size=1024)
write("rsa1024_spki.der", k.public_key().public_bytes(E.DER, PUB.SubjectPublicKeyInfo))
line("rsa1024_spki.der", "UNSUPPORTED", None)
k = ec.generate_private_key(ec.SECP256R1())
write("p256_encrypted.pem",
      k.private_bytes(E.PEM, PF.PKCS8, s.BestAvailableEncryption(b"pw")))
line("p256_encrypted.pem", "UNSUPPORTED", None)
write("p256_encrypted.der",
      k.private_bytes(E.DER, PF.PKCS8, s.BestAvailableEncryption(b"pw")))
line("p256_encrypted.der", "UNSUPPORTED", None)

# The openssl command's own encoders, values read back by cryptography
OPENSSL = shutil.which("openssl")


def ossl(*args):
    return subprocess.run(["openssl"] + list(args), cwd=D, check=True,
                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def load_priv(name):
    data = open(os.path.join(D, name), "rb").read()
    if name.endswith(".pem"):
        return s.load_pem_private_key(data, None)
    return s.load_der_private_key(data, None)


if OPENSSL:
    ossl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256",
         "-out", "o_p256_pkcs8.pem")
    line("o_p256_pkcs8.pem", "ok", load_priv("o_p256_pkcs8.pem"))
    ossl("ecparam", "-name", "prime256v1", "-genkey", "-out", "o_p256_ecparam.pem")
    line("o_p256_ecparam.pem", "ok", load_priv("o_p256_ecparam.pem"))
    ossl("ec", "-in", "o_p256_pkcs8.pem", "-no_public", "-out", "o_p256_sec1_nopub.pem")
    line("o_p256_sec1_nopub.pem", "ok", load_priv("o_p256_pkcs8.pem"))
    ossl("ec", "-in", "o_p256_pkcs8.pem", "-conv_form", "compressed",
         "-outform", "DER", "-out", "o_p256_sec1_compressed.der")
    line("o_p256_sec1_compressed.der", "ok", load_priv("o_p256_pkcs8.pem"))
    ossl("ec", "-in", "o_p256_pkcs8.pem", "-outform", "DER", "-out", "o_p256_sec1.der")
    line("o_p256_sec1.der", "ok", load_priv("o_p256_pkcs8.pem"))
    ossl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-384",
         "-out", "o_p384_pkcs8.pem")
    line("o_p384_pkcs8.pem", "ok", load_priv("o_p384_pkcs8.pem"))
    ossl("ecparam", "-name", "secp384r1", "-genkey", "-out", "o_p384_ecparam.pem")
    line("o_p384_ecparam.pem", "ok", load_priv("o_p384_ecparam.pem"))
    ossl("ec", "-in", "o_p384_pkcs8.pem", "-no_public", "-out", "o_p384_sec1_nopub.pem")
    line("o_p384_sec1_nopub.pem", "ok", load_priv("o_p384_pkcs8.pem"))
    ossl("ec", "-in", "o_p384_pkcs8.pem", "-conv_form", "compressed",
         "-outform", "DER", "-out", "o_p384_sec1_compressed.der")
    line("o_p384_sec1_compressed.der", "ok", load_priv("o_p384_pkcs8.pem"))
    ossl("pkey", "-in", "o_p384_pkcs8.pem", "-pubout", "-outform", "DER",
         "-out", "o_p384_spki.der")
    line("o_p384_spki.der", "ok", load_priv("o_p384_pkcs8.pem").public_key())
    ossl("genpkey", "-algorithm", "X25519", "-out", "o_x25519_pkcs8.pem")
    line("o_x25519_pkcs8.pem", "ok", load_priv("o_x25519_pkcs8.pem"))
    ossl("pkey", "-in", "o_x25519_pkcs8.pem", "-pubout", "-outform", "DER",
         "-out", "o_x25519_spki.der")
    line("o_x25519_spki.der", "ok", load_priv("o_x25519_pkcs8.pem").public_key())
