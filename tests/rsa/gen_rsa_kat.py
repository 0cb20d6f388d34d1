#!/usr/bin/env python3
"""Write tests/vectors/rsa_kat.txt: RSA known-answer vectors for
tests/rsa/test_rsa_kat.c, made with the openssl command alone.

Run once and committed (the C test needs neither python3 nor openssl):

    python3 tests/rsa/gen_rsa_kat.py > tests/vectors/rsa_kat.txt

Keys: fresh 2048-, 3072- and 4096-bit RSA keys, e = 65537 (`openssl genpkey`);
only their SubjectPublicKeyInfo DER is written. For each key and each of
SHA-256/384/512, a message is hashed (`openssl dgst`) and signed
(`openssl pkeyutl -sign -pkeyopt digest:...`) with RSASSA-PKCS1-v1_5 and with
RSASSA-PSS (MGF1 with the same hash, salt length = hash length), and each
valid signature is checked with `openssl pkeyutl -verify`. Then, from them,
signatures that must not verify:
  sig-bitflip     the valid signature with its last bit flipped
  sig-topflip     its first byte xor 0x01 (s changes in its top bits)
  digest-bitflip  the valid signature over a digest with one bit flipped
  other-padding   a PSS signature checked as PKCS#1 v1.5 and vice versa
  s-zero, s-one   s = 0, s = 1
  s-n, s-n-minus-1, s-max   s = n, s = n - 1, s = 2^(8k) - 1 (>= n)
  pss-salt0       PSS signed by openssl with a 0-byte salt (nbtls requires
                  salt length = hash length, as TLS 1.3 does)
  pss-saltmax     PSS with the largest salt openssl allows
  pkcs1-no-digestinfo  PKCS#1 v1.5 padding of the bare digest (no
                  DigestInfo; `openssl pkeyutl -sign` without digest:)
Each record: key (a name), padding (pkcs1|pss), hash (sha256|sha384|sha512),
digest (hex), sig (hex, the modulus length), result (valid|invalid), case.
"""
import os
import subprocess
import sys
import tempfile

BITS = (2048, 3072, 4096)
HASHES = ("sha256", "sha384", "sha512")


def run(args, data=None):
    return subprocess.run(["openssl"] + args, input=data, check=True,
                          capture_output=True).stdout


def main():
    version = run(["version"]).decode().strip()
    tmp = tempfile.mkdtemp()
    out = sys.stdout
    out.write(
        "# RSA known-answer vectors (RSASSA-PKCS1-v1_5, RSASSA-PSS) for\n"
        "# tests/rsa/test_rsa_kat.c, made once with the openssl command ("
        + version + ")\n"
        "# by tests/rsa/gen_rsa_kat.py (see its docstring for every case):\n"
        "# fresh 2048/3072/4096-bit keys, e = 65537 (public keys only here),\n"
        "# SHA-256/384/512, PSS with MGF1 of the same hash and salt = hash\n"
        "# length; each valid signature verified by `openssl pkeyutl\n"
        "# -verify`; then corrupted signatures that must be rejected.\n"
        "# Format: `key = value` lines (hex unless said otherwise); a blank\n"
        "# line ends a record; '#' starts a comment line. A record with\n"
        "# `name` and `spki` (SubjectPublicKeyInfo DER) defines a key; the\n"
        "# others use it by name.\n\n")
    for bits in BITS:
        name = f"rsa{bits}"
        priv = os.path.join(tmp, name + ".pem")
        pub = os.path.join(tmp, name + ".pub.pem")
        run(["genpkey", "-algorithm", "RSA", "-pkeyopt",
             f"rsa_keygen_bits:{bits}", "-out", priv])
        run(["pkey", "-in", priv, "-pubout", "-out", pub])
        spki = run(["pkey", "-in", priv, "-pubout", "-outform", "DER"])
        mod_line = run(["rsa", "-pubin", "-in", pub, "-noout",
                        "-modulus"]).decode().strip()
        n = int(mod_line.split("=", 1)[1], 16)
        k = (bits + 7) // 8
        out.write(f"name = {name}\nbits = {bits}\nspki = {spki.hex()}\n\n")

        def rec(pad, h, digest, sig, result, case):
            assert len(sig) == k
            out.write(f"key = {name}\npadding = {pad}\nhash = {h}\n"
                      f"digest = {digest.hex()}\nsig = {sig.hex()}\n"
                      f"result = {result}\ncase = {case}\n\n")

        def sign(h, digest, pad, salt=None):
            dig = os.path.join(tmp, "digest.bin")
            with open(dig, "wb") as f:
                f.write(digest)
            opts = ["-pkeyopt", f"digest:{h}"]
            if pad == "pss":
                opts += ["-pkeyopt", "rsa_padding_mode:pss",
                         "-pkeyopt", f"rsa_pss_saltlen:{salt}",
                         "-pkeyopt", f"rsa_mgf1_md:{h}"]
            elif pad == "pkcs1":
                opts += ["-pkeyopt", "rsa_padding_mode:pkcs1"]
            return run(["pkeyutl", "-sign", "-inkey", priv, "-in", dig] + opts)

        def openssl_verifies(h, digest, pad, sig):
            dig = os.path.join(tmp, "digest.bin")
            sf = os.path.join(tmp, "sig.bin")
            with open(dig, "wb") as f:
                f.write(digest)
            with open(sf, "wb") as f:
                f.write(sig)
            opts = ["-pkeyopt", f"digest:{h}"]
            if pad == "pss":
                opts += ["-pkeyopt", "rsa_padding_mode:pss",
                         "-pkeyopt", "rsa_pss_saltlen:digest",
                         "-pkeyopt", f"rsa_mgf1_md:{h}"]
            r = subprocess.run(["openssl", "pkeyutl", "-verify", "-pubin",
                                "-inkey", pub, "-in", dig, "-sigfile", sf]
                               + opts, capture_output=True)
            return r.returncode == 0

        for h in HASHES:
            msg = f"nbtls RSA known-answer vector: {name} {h}\n".encode()
            digest = run(["dgst", "-" + h, "-binary"], msg)
            for pad in ("pkcs1", "pss"):
                sig = sign(h, digest, pad, salt="digest")
                assert openssl_verifies(h, digest, pad, sig), (name, h, pad)
                rec(pad, h, digest, sig, "valid", "valid")
                bad = bytearray(sig)
                bad[-1] ^= 1
                rec(pad, h, digest, bytes(bad), "invalid", "sig-bitflip")
                bad = bytearray(sig)
                bad[0] ^= 1
                rec(pad, h, digest, bytes(bad), "invalid", "sig-topflip")
                d2 = bytearray(digest)
                d2[len(d2) // 2] ^= 0x10
                rec(pad, h, bytes(d2), sig, "invalid", "digest-bitflip")
                other = "pss" if pad == "pkcs1" else "pkcs1"
                rec(other, h, digest, sig, "invalid", "other-padding")
            # Out-of-range and degenerate s, for both paddings (SHA-256 only).
            if h == "sha256":
                for pad in ("pkcs1", "pss"):
                    for case, s in (("s-zero", 0), ("s-one", 1), ("s-n", n),
                                    ("s-n-minus-1", n - 1),
                                    ("s-max", (1 << (8 * k)) - 1)):
                        rec(pad, h, digest, s.to_bytes(k, "big"), "invalid",
                            case)
            # PSS with other salt lengths: valid PSS, not TLS 1.3's.
            for case, salt in (("pss-salt0", "0"), ("pss-saltmax", "max")):
                sig = sign(h, digest, "pss", salt=salt)
                rec("pss", h, digest, sig, "invalid", case)
            # PKCS#1 v1.5 padding of the bare digest (no DigestInfo).
            dig = os.path.join(tmp, "digest.bin")
            with open(dig, "wb") as f:
                f.write(digest)
            sig = run(["pkeyutl", "-sign", "-inkey", priv, "-in", dig,
                       "-pkeyopt", "rsa_padding_mode:pkcs1"])
            rec("pkcs1", h, digest, sig, "invalid", "pkcs1-no-digestinfo")
    for f in os.listdir(tmp):
        os.remove(os.path.join(tmp, f))
    os.rmdir(tmp)


if __name__ == "__main__":
    main()
