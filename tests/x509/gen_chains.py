#!/usr/bin/env python3
"""Certificate chains for the differential X.509 test (test_differential.py).

Generated at test time with Python `cryptography` into a directory:
  OUT/cases.json          the manifest (one entry per case, see Case below)
  OUT/<case>/trust.pem    the trust anchors
  OUT/<case>/untrusted.pem  untrusted intermediates, in a deliberately unhelpful order
  OUT/<case>/leaf.pem     (or leaf.der)

Every case carries the verdict the rules demand, written from the RFCs and the
Web PKI rules (RFC 5280 path validation, RFC 6125/9525 name matching, the
CA/Browser Forum's algorithm rules), with the rule cited in `why`; it is never
taken from an implementation's output. `detail` lists the nbtls detail names
("|"-separated) that fit a rejection (informational; the verdict must match).

Deterministic where possible: fixed names, serials and dates, EC keys derived
from the key's name; RSA keys and ECDSA signatures are random.

Usage: gen_chains.py OUTDIR
"""

from __future__ import annotations

import datetime
import hashlib
import ipaddress
import json
import os
import sys
from dataclasses import asdict, dataclass, field

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID, ObjectIdentifier


def utc(y: int, m: int = 1, d: int = 1) -> datetime.datetime:
    return datetime.datetime(y, m, d, tzinfo=datetime.timezone.utc)


# Validation time of every case: 2026-01-01T00:00:00Z.
NOW = utc(2026)
NOW_UNIX = int(NOW.timestamp())
CA_VALIDITY = (utc(2020), utc(2036))
LEAF_VALIDITY = (utc(2025), utc(2027))

OID_UNKNOWN = ObjectIdentifier("1.3.6.1.4.1.55555.1.1")  # private arc, never standard


@dataclass
class Case:
    name: str
    expect: str  # "valid" or "rejected"
    why: str  # the rule, with its reference
    # nbtls detail names acceptable on rejection, "|"-separated (informational)
    detail: str = ""
    trust: list[str] = field(default_factory=list)  # file names inside the case dir
    untrusted: list[str] = field(default_factory=list)
    leaf: str = "leaf.pem"
    hostname: str | None = None
    ip: str | None = None
    purpose: str = "server"
    time: int = NOW_UNIX


class Key:
    """A named key: EC keys are derived from the name (deterministic)."""

    def __init__(self, name: str, kind: str):
        self.name, self.kind = name, kind
        if kind == "rsa2048":
            self.priv = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        else:
            curve = {"p256": ec.SECP256R1(), "p384": ec.SECP384R1()}[kind]
            order = {"p256": int("ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551", 16),
                     "p384": int("ffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf"
                                 "581a0db248b0a77aecec196accc52973", 16)}[kind]
            seed = int.from_bytes(hashlib.sha512(b"nbtls-x509-test/" + name.encode()).digest(), "big")
            self.priv = ec.derive_private_key(seed % (order - 1) + 1, curve)
        self.pub = self.priv.public_key()

    def default_hash(self) -> hashes.HashAlgorithm:
        return hashes.SHA384() if self.kind == "p384" else hashes.SHA256()


def name(cn: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.ORGANIZATION_NAME, "nbtls test"),
                      x509.NameAttribute(NameOID.COMMON_NAME, cn)])


class Cert:
    def __init__(self, c: x509.Certificate, key: Key, der: bytes | None = None):
        self.c, self.key = c, key
        self.der = der if der is not None else c.public_bytes(serialization.Encoding.DER)

    @property
    def subject(self) -> x509.Name:
        return self.c.subject

    def pem(self) -> bytes:
        return _pem(self.der)


def _pem(der: bytes) -> bytes:
    import base64
    b = base64.b64encode(der).decode()
    lines = [b[i:i + 64] for i in range(0, len(b), 64)]
    return ("-----BEGIN CERTIFICATE-----\n" + "\n".join(lines)
            + "\n-----END CERTIFICATE-----\n").encode()


_serial = [0x1000]


def make(subject: x509.Name, key: Key, issuer: Cert | None, issuer_key: Key | None = None, *,
         ca: bool, pathlen: int | None = None, validity=None, san: list | None = None,
         eku: list | None = None, ku: dict | None = None, bc: bool | None = True,
         nc: x509.NameConstraints | None = None, extra: list | None = None,
         hash_alg: hashes.HashAlgorithm | None = None) -> Cert:
    """One certificate. issuer None = self-signed. bc None = no basicConstraints."""
    _serial[0] += 1
    nb, na = validity or (CA_VALIDITY if ca else LEAF_VALIDITY)
    ikey = issuer_key or (issuer.key if issuer else key)
    b = (x509.CertificateBuilder()
         .subject_name(subject)
         .issuer_name(issuer.subject if issuer else subject)
         .public_key(key.pub)
         .serial_number(_serial[0])
         .not_valid_before(nb)
         .not_valid_after(na))
    if bc is not None:
        b = b.add_extension(x509.BasicConstraints(ca=ca, path_length=pathlen if ca else None),
                            critical=True)
    if ku is None:
        ku = {"key_cert_sign": True, "crl_sign": True} if ca else {"digital_signature": True}
    if ku:
        flags = dict(digital_signature=False, content_commitment=False, key_encipherment=False,
                     data_encipherment=False, key_agreement=False, key_cert_sign=False,
                     crl_sign=False, encipher_only=False, decipher_only=False)
        flags.update(ku)
        b = b.add_extension(x509.KeyUsage(**flags), critical=True)
    b = b.add_extension(x509.SubjectKeyIdentifier.from_public_key(key.pub), critical=False)
    b = b.add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ikey.pub),
                        critical=False)
    if not ca and eku is None:
        eku = [ExtendedKeyUsageOID.SERVER_AUTH]
    if eku:
        b = b.add_extension(x509.ExtendedKeyUsage(eku), critical=False)
    if san:
        b = b.add_extension(x509.SubjectAlternativeName(san), critical=False)
    if nc is not None:
        b = b.add_extension(nc, critical=True)
    for ext, crit in extra or []:
        b = b.add_extension(ext, critical=crit)
    c = b.sign(ikey.priv, hash_alg or ikey.default_hash())
    return Cert(c, key)


# --- DER surgery, for signatures cryptography refuses to make and for tampering.

def _der_len(n: int) -> bytes:
    if n < 0x80:
        return bytes([n])
    b = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(b)]) + b


def _tlv(tag: int, body: bytes) -> bytes:
    return bytes([tag]) + _der_len(len(body)) + body


def _split_cert(der: bytes) -> tuple[bytes, bytes, bytes]:
    """(tbs TLV, signatureAlgorithm TLV, signatureValue TLV) of a Certificate."""
    def read(buf: bytes, i: int) -> tuple[int, int]:  # (start of value, end of TLV)
        n = buf[i + 1]
        if n < 0x80:
            return i + 2, i + 2 + n
        k = n & 0x7F
        ln = int.from_bytes(buf[i + 2:i + 2 + k], "big")
        return i + 2 + k, i + 2 + k + ln

    body, end = read(der, 0)
    assert end == len(der)
    parts, i = [], body
    while i < end:
        _, e = read(der, i)
        parts.append(der[i:e])
        i = e
    assert len(parts) == 3
    return parts[0], parts[1], parts[2]


SHA256_RSA = bytes.fromhex("300d06092a864886f70d01010b0500")
SHA1_RSA = bytes.fromhex("300d06092a864886f70d0101050500")
# RSASSA-PSS, SHA-256, MGF1 with SHA-256, salt 32 (RFC 4055 section 3.1)
PSS_SHA256 = bytes.fromhex(
    "304106092a864886f70d01010a3034a00f300d06096086480165030402010500"
    "a11c301a06092a864886f70d010108300d06096086480165030402010500a203020120")


def _children(tlv: bytes) -> list[bytes]:
    """The TLVs inside a constructed TLV."""
    n = tlv[1]
    i = 2 if n < 0x80 else 2 + (n & 0x7F)
    out = []
    while i < len(tlv):
        m = tlv[i + 1]
        hdr = 2 if m < 0x80 else 2 + (m & 0x7F)
        ln = m if m < 0x80 else int.from_bytes(tlv[i + 2:i + hdr], "big")
        out.append(tlv[i:i + hdr + ln])
        i += hdr + ln
    return out


def resign_rsa(cert: Cert, issuer_key: Key, alg: str) -> Cert:
    """The same certificate signed by the RSA issuer_key with another algorithm
    ("sha1": sha1WithRSAEncryption, "pss": RSASSA-PSS SHA-256), which older or
    newer `cryptography` releases will not make themselves."""
    tbs, _, _ = _split_cert(cert.der)
    kids = _children(tbs)
    assert kids[0][0] == 0xA0 and kids[2] == SHA256_RSA  # [0] version, serial, signature
    algid = {"sha1": SHA1_RSA, "pss": PSS_SHA256}[alg]
    kids[2] = algid
    tbs = _tlv(0x30, b"".join(kids))
    if alg == "sha1":
        sig = issuer_key.priv.sign(tbs, padding.PKCS1v15(), hashes.SHA1())
    else:
        sig = issuer_key.priv.sign(tbs, padding.PSS(mgf=padding.MGF1(hashes.SHA256()),
                                                    salt_length=32), hashes.SHA256())
    der = _tlv(0x30, tbs + algid + _tlv(0x03, b"\x00" + sig))
    return Cert(x509.load_der_x509_certificate(der), cert.key, der)


def tamper(cert: Cert, old: bytes, new: bytes) -> Cert:
    """Replace bytes inside the signed part (same length: the DER stays valid)."""
    assert len(old) == len(new) and cert.der.count(old) == 1
    der = cert.der.replace(old, new)
    return Cert(x509.load_der_x509_certificate(der), cert.key, der)


# --- The cases.

def build(out: str) -> list[Case]:
    k = {n: Key(n, kind) for n, kind in [
        ("root-rsa", "rsa2048"), ("root-p256", "p256"), ("root-p384", "p384"),
        ("int-rsa", "rsa2048"), ("int-p256", "p256"), ("int-p384", "p384"),
        ("int2", "p256"), ("int3", "p256"), ("int4", "p256"), ("int-other", "p256"),
        ("root-old", "p256"), ("root-new", "p384"), ("root-other", "p256"),
        ("leaf", "p256"), ("leaf-rsa", "rsa2048"), ("leaf-p384", "p384")]}

    root_rsa = make(name("Test Root RSA"), k["root-rsa"], None, ca=True)
    root_p256 = make(name("Test Root P-256"), k["root-p256"], None, ca=True)
    root_p384 = make(name("Test Root P-384"), k["root-p384"], None, ca=True)
    root_other = make(name("Some Other Root"), k["root-other"], None, ca=True)

    def inter(cn: str, key: str, issuer: Cert, **kw) -> Cert:
        return make(name(cn), k[key], issuer, ca=True, **kw)

    def leaf(issuer: Cert, key: str = "leaf", cn: str = "www.example.com",
             san: list | None = None, **kw) -> Cert:
        if san is None:
            san = [x509.DNSName("www.example.com")]
        return make(name(cn), k[key], issuer, ca=False, san=san, **kw)

    int_p256 = inter("Test Intermediate P-256", "int-p256", root_p256)
    int_rsa = inter("Test Intermediate RSA", "int-rsa", root_rsa)
    int_p384 = inter("Test Intermediate P-384", "int-p384", root_p384)

    cases: list[Case] = []
    files: dict[str, dict[str, bytes]] = {}

    def add(c: Case, trust: list[Cert], untrusted: list[Cert], lf: Cert, der_leaf=False):
        d: dict[str, bytes] = {"trust.pem": b"".join(x.pem() for x in trust)}
        c.trust = ["trust.pem"]
        if untrusted:
            d["untrusted.pem"] = b"".join(x.pem() for x in untrusted)
            c.untrusted = ["untrusted.pem"]
        if der_leaf:
            c.leaf = "leaf.der"
            d["leaf.der"] = lf.der
        else:
            d["leaf.pem"] = lf.pem()
        if c.hostname is None and c.ip is None and c.purpose == "server":
            c.hostname = "www.example.com"
        assert c.name not in files
        files[c.name] = d
        cases.append(c)

    ok = "RFC 5280 6.1: every link verifies, all in validity, CA constraints met"
    # --- Good chains over every key type, 0 to 4 intermediates.
    add(Case("ok_rsa_root_p256_leaf", "valid", ok), [root_rsa], [int_rsa], leaf(int_rsa))
    add(Case("ok_p256_chain", "valid", ok), [root_p256], [int_p256], leaf(int_p256))
    add(Case("ok_p384_chain_p384_leaf", "valid", ok), [root_p384], [int_p384],
        leaf(int_p384, key="leaf-p384"))
    add(Case("ok_rsa_leaf_under_p256", "valid", ok), [root_p256], [int_p256],
        leaf(int_p256, key="leaf-rsa"))
    add(Case("ok_leaf_signed_by_root", "valid", ok), [root_p256], [], leaf(root_p256))
    add(Case("ok_der_leaf", "valid", ok + " (leaf given as DER)"), [root_p256], [int_p256],
        leaf(int_p256), der_leaf=True)
    pss_int = resign_rsa(inter("Test Intermediate PSS", "int-p256", root_rsa), k["root-rsa"],
                         "pss")
    add(Case("ok_rsa_pss_signed_intermediate", "valid",
             ok + "; RSASSA-PSS with SHA-256 (RFC 4055) is an accepted algorithm"),
        [root_rsa], [pss_int], leaf(pss_int))
    i1 = inter("Chain Int 1", "int-p256", root_rsa)
    i2 = inter("Chain Int 2", "int2", i1)
    i3 = inter("Chain Int 3", "int3", i2)
    i4 = inter("Chain Int 4", "int4", i3)
    add(Case("ok_2_intermediates", "valid", ok), [root_rsa], [i2, i1], leaf(i2))
    add(Case("ok_3_intermediates", "valid", ok), [root_rsa], [i3, i1, i2], leaf(i3))
    add(Case("ok_4_intermediates", "valid", ok + "; intermediates in shuffled order"),
        [root_rsa], [i2, i4, i1, i3], leaf(i4))
    add(Case("ok_with_unrelated_untrusted", "valid", ok + "; extra unrelated certs ignored"),
        [root_p256], [int_rsa, root_other, int_p256, int_p384], leaf(int_p256))
    add(Case("ok_trusted_intermediate_anchor", "valid",
             "RFC 5280 6.1.1(d): a trust anchor is a name and key; it need not be self-signed "
             "(Web PKI verifiers accept an intermediate in the trust store)"),
        [int_p256], [], leaf(int_p256))
    add(Case("ok_unknown_noncritical_extension", "valid",
             "RFC 5280 4.2: a non-critical extension that is not recognised may be ignored"),
        [root_p256], [int_p256],
        leaf(int_p256, extra=[(x509.UnrecognizedExtension(OID_UNKNOWN, b"\x05\x00"), False)]))

    # --- Missing or wrong anchors.
    add(Case("missing_intermediate", "rejected",
             "RFC 5280 6.1: no path from the leaf to an anchor", "unknown_issuer"),
        [root_p256], [], leaf(int_p256))
    add(Case("wrong_root", "rejected", "RFC 5280 6.1: no path to the given anchor",
             "unknown_issuer"), [root_other], [int_p256], leaf(int_p256))
    add(Case("root_only_in_untrusted", "rejected",
             "a self-signed root among untrusted certs is not an anchor", "unknown_issuer"),
        [root_other], [int_p256, root_p256], leaf(int_p256))

    # --- Cross-signed roots and backtracking.
    root_old = make(name("Old Root"), k["root-old"], None, ca=True)
    root_new = make(name("New Root"), k["root-new"], None, ca=True)
    cross_expired = make(root_new.subject, k["root-new"], root_old, ca=True,
                         validity=(utc(2015), utc(2025)))
    cross_valid = make(root_new.subject, k["root-new"], root_old, ca=True)
    int_x = inter("Intermediate under New Root", "int-p256", root_new)
    lx = leaf(int_x)
    add(Case("cross_new_root_trusted", "valid",
             ok + "; the path ending at the trusted new root avoids the expired cross-sign"),
        [root_new], [cross_expired, int_x], lx)
    add(Case("cross_both_roots_trusted_expired_cross", "valid",
             ok + "; a valid path exists (int -> new root); the expired cross-sign path must be "
             "backtracked from"), [root_old, root_new], [cross_expired, int_x], lx)
    add(Case("cross_old_root_only_expired_cross", "rejected",
             "RFC 5280 6.1.3(a)(2): the only path goes through an expired cross-certificate",
             "expired"), [root_old], [cross_expired, int_x], lx)
    add(Case("cross_old_root_only_valid_cross", "valid",
             ok + "; path leaf -> int -> cross-signed new root -> old root"),
        [root_old], [int_x, cross_valid], lx)
    add(Case("cross_two_crosses_one_expired", "valid",
             ok + "; two cross-certificates for the same key, the expired one offered first"),
        [root_old], [cross_expired, int_x, cross_valid], lx)
    # Same subject, expired and valid intermediates (reissued CA).
    int_dup_old = inter("Reissued Intermediate", "int-p256", root_p256,
                        validity=(utc(2018), utc(2024)))
    int_dup_new = inter("Reissued Intermediate", "int-p256", root_p256)
    add(Case("reissued_intermediate_expired_first", "valid",
             ok + "; the expired copy of the intermediate is offered first"),
        [root_p256], [int_dup_old, int_dup_new], leaf(int_dup_new))
    # Same subject name, different key: only the second one signed the leaf.
    int_samename_wrongkey = inter("Test Intermediate P-256", "int-other", root_p256)
    add(Case("same_name_wrong_key_first", "valid",
             ok + "; a candidate issuer with the right name but the wrong key comes first"),
        [root_p256], [int_samename_wrongkey, int_p256], leaf(int_p256))

    # --- Validity.
    add(Case("leaf_expired", "rejected", "RFC 5280 6.1.3(a)(2)", "expired"),
        [root_p256], [int_p256], leaf(int_p256, validity=(utc(2024), utc(2025, 6))))
    add(Case("leaf_not_yet_valid", "rejected", "RFC 5280 6.1.3(a)(2)", "not_yet_valid"),
        [root_p256], [int_p256], leaf(int_p256, validity=(utc(2026, 6), utc(2027, 6))))
    add(Case("intermediate_expired", "rejected", "RFC 5280 6.1.3(a)(2)", "expired"),
        [root_p256], [int_dup_old], leaf(int_dup_old))
    int_future = inter("Future Intermediate", "int2", root_p256,
                       validity=(utc(2026, 3), utc(2030)))
    add(Case("intermediate_not_yet_valid", "rejected", "RFC 5280 6.1.3(a)(2)", "not_yet_valid"),
        [root_p256], [int_future], leaf(int_future))
    add(Case("leaf_notafter_exact", "valid",
             "RFC 5280 4.1.2.5: validity is notBefore through notAfter, inclusive"),
        [root_p256], [int_p256], leaf(int_p256, validity=(utc(2025), NOW)))
    add(Case("leaf_notbefore_exact", "valid",
             "RFC 5280 4.1.2.5: validity is notBefore through notAfter, inclusive"),
        [root_p256], [int_p256], leaf(int_p256, validity=(NOW, utc(2027))))

    # --- EKU and purpose.
    add(Case("eku_client_only_for_server", "rejected",
             "RFC 5280 4.2.1.12 / CABF: a server certificate's EKU must include serverAuth",
             "usage"), [root_p256], [int_p256],
        leaf(int_p256, eku=[ExtendedKeyUsageOID.CLIENT_AUTH]))
    add(Case("eku_server_for_client_purpose", "rejected",
             "RFC 5280 4.2.1.12: a client certificate's EKU must include clientAuth", "usage",
             purpose="client"), [root_p256], [int_p256], leaf(int_p256))
    add(Case("eku_client_for_client_purpose", "valid", ok + "; clientAuth for client purpose",
             purpose="client"), [root_p256], [int_p256],
        leaf(int_p256, eku=[ExtendedKeyUsageOID.CLIENT_AUTH]))
    add(Case("eku_server_and_client", "valid", ok + "; EKU lists serverAuth among others"),
        [root_p256], [int_p256],
        leaf(int_p256, eku=[ExtendedKeyUsageOID.CLIENT_AUTH, ExtendedKeyUsageOID.SERVER_AUTH]))

    # --- CA constraints.
    int_not_ca = make(name("Not A CA"), k["int2"], root_p256, ca=False, san=None,
                      eku=[], ku={"key_cert_sign": True})
    add(Case("intermediate_ca_false", "rejected",
             "RFC 5280 6.1.4(k): an intermediate must have basicConstraints cA=TRUE",
             "constraints"), [root_p256], [int_not_ca], leaf(int_not_ca))
    int_no_bc = inter("No BasicConstraints", "int2", root_p256, bc=None)
    add(Case("intermediate_no_basic_constraints", "rejected",
             "RFC 5280 6.1.4(k): basicConstraints must be present with cA=TRUE", "constraints"),
        [root_p256], [int_no_bc], leaf(int_no_bc))
    pl0 = inter("PathLen 0", "int-p256", root_p256, pathlen=0)
    pl0_sub = inter("Under PathLen 0", "int2", pl0)
    add(Case("pathlen_exceeded", "rejected",
             "RFC 5280 6.1.4(l)/(m): pathLenConstraint 0 allows no further intermediate",
             "constraints"), [root_p256], [pl0, pl0_sub], leaf(pl0_sub))
    add(Case("pathlen0_leaf_ok", "valid", ok + "; pathLen 0 allows the end-entity"),
        [root_p256], [pl0], leaf(pl0))
    pl1 = inter("PathLen 1", "int-p256", root_p256, pathlen=1)
    pl1_sub = inter("Under PathLen 1", "int2", pl1)
    pl1_sub2 = inter("Under Under PathLen 1", "int3", pl1_sub)
    add(Case("pathlen1_one_below_ok", "valid", ok + "; pathLen 1 allows one more intermediate"),
        [root_p256], [pl1, pl1_sub], leaf(pl1_sub))
    add(Case("pathlen1_two_below", "rejected",
             "RFC 5280 6.1.4(l)/(m): pathLen 1 allows only one further intermediate",
             "constraints"), [root_p256], [pl1_sub2, pl1, pl1_sub], leaf(pl1_sub2))
    int_no_certsign = inter("No keyCertSign", "int2", root_p256,
                            ku={"digital_signature": True, "crl_sign": True})
    add(Case("intermediate_ku_without_keycertsign", "rejected",
             "RFC 5280 6.1.4(n): an issuer's keyUsage, when present, must assert keyCertSign",
             "usage"), [root_p256], [int_no_certsign], leaf(int_no_certsign))

    # --- Name constraints.
    def nc(permitted=None, excluded=None):
        return x509.NameConstraints(permitted_subtrees=permitted, excluded_subtrees=excluded)

    nc_perm = inter("NC permits example.com", "int2", root_p256,
                    nc=nc(permitted=[x509.DNSName("example.com")]))
    add(Case("nc_dns_permitted_ok", "valid", ok + "; www.example.com is within example.com "
             "(RFC 5280 4.2.1.10)"), [root_p256], [nc_perm], leaf(nc_perm))
    add(Case("nc_dns_permitted_violation", "rejected",
             "RFC 5280 4.2.1.10: www.example.org is outside permitted example.com",
             "name_constraints|constraints", hostname="www.example.org"), [root_p256], [nc_perm],
        leaf(nc_perm, san=[x509.DNSName("www.example.org")]))
    add(Case("nc_dns_permitted_other_san_violates", "rejected",
             "RFC 5280 6.1.3(b): every SAN of the leaf must be within the permitted subtrees, "
             "not only the one asked for", "name_constraints|constraints"), [root_p256], [nc_perm],
        leaf(nc_perm, san=[x509.DNSName("www.example.com"), x509.DNSName("evil.example.net")]))
    add(Case("nc_dns_suffix_not_label", "rejected",
             "RFC 5280 4.2.1.10: the constraint example.com does not match notexample.com "
             "(whole labels only)", "name_constraints|constraints", hostname="www.notexample.com"),
        [root_p256], [nc_perm], leaf(nc_perm, san=[x509.DNSName("www.notexample.com")]))
    nc_excl = inter("NC excludes bad.example.com", "int2", root_p256,
                    nc=nc(excluded=[x509.DNSName("bad.example.com")]))
    add(Case("nc_dns_excluded_violation", "rejected",
             "RFC 5280 4.2.1.10: x.bad.example.com is within excluded bad.example.com",
             "name_constraints|constraints", hostname="x.bad.example.com"), [root_p256], [nc_excl],
        leaf(nc_excl, san=[x509.DNSName("x.bad.example.com")]))
    add(Case("nc_dns_excluded_ok", "valid", ok + "; good.example.com is outside the excluded "
             "subtree", hostname="good.example.com"), [root_p256], [nc_excl],
        leaf(nc_excl, san=[x509.DNSName("good.example.com")]))
    nc_ip = inter("NC permits 192.0.2.0/24", "int2", root_p256,
                  nc=nc(permitted=[x509.IPAddress(ipaddress.ip_network("192.0.2.0/24"))]))
    add(Case("nc_ip_permitted_ok", "valid", ok + "; 192.0.2.10 within 192.0.2.0/24",
             ip="192.0.2.10"), [root_p256], [nc_ip],
        leaf(nc_ip, san=[x509.IPAddress(ipaddress.ip_address("192.0.2.10"))]))
    add(Case("nc_ip_permitted_violation", "rejected",
             "RFC 5280 4.2.1.10: 198.51.100.1 outside permitted 192.0.2.0/24", "name_constraints|constraints",
             ip="198.51.100.1"), [root_p256], [nc_ip],
        leaf(nc_ip, san=[x509.IPAddress(ipaddress.ip_address("198.51.100.1"))]))
    nc_ip_ex = inter("NC excludes 192.0.2.0/24", "int2", root_p256,
                     nc=nc(excluded=[x509.IPAddress(ipaddress.ip_network("192.0.2.0/24"))]))
    add(Case("nc_ip_excluded_violation", "rejected",
             "RFC 5280 4.2.1.10: 192.0.2.7 within excluded 192.0.2.0/24", "name_constraints|constraints",
             ip="192.0.2.7"), [root_p256], [nc_ip_ex],
        leaf(nc_ip_ex, san=[x509.IPAddress(ipaddress.ip_address("192.0.2.7"))]))
    nc_root_path = inter("NC on a higher intermediate", "int-p256", root_p256,
                         nc=nc(permitted=[x509.DNSName("example.com")]))
    nc_lower = inter("Below NC", "int3", nc_root_path)
    add(Case("nc_inherited_two_levels_violation", "rejected",
             "RFC 5280 6.1.4(g): constraints of a higher CA apply to all certificates below",
             "name_constraints|constraints", hostname="www.example.org"), [root_p256], [nc_lower, nc_root_path],
        leaf(nc_lower, san=[x509.DNSName("www.example.org")]))

    # --- Host names and IP addresses (RFC 6125 / RFC 9525).
    add(Case("hostname_mismatch", "rejected", "RFC 9525 6.3: no SAN dNSName matches",
             "name_mismatch", hostname="other.example.com"), [root_p256], [int_p256],
        leaf(int_p256))
    add(Case("hostname_case_insensitive", "valid",
             "RFC 9525 6.3 / RFC 4343: DNS names compare case-insensitively",
             hostname="WWW.Example.COM"), [root_p256], [int_p256], leaf(int_p256))
    wild = [x509.DNSName("*.example.com")]
    add(Case("wildcard_one_label", "valid",
             "RFC 9525 6.3: *.example.com matches exactly one leftmost label",
             hostname="a.example.com"), [root_p256], [int_p256], leaf(int_p256, san=wild))
    add(Case("wildcard_two_labels", "rejected",
             "RFC 9525 6.3: the wildcard matches one label only, not a.b.", "name_mismatch",
             hostname="a.b.example.com"), [root_p256], [int_p256], leaf(int_p256, san=wild))
    add(Case("wildcard_vs_apex", "rejected",
             "RFC 9525 6.3: *.example.com does not match example.com", "name_mismatch",
             hostname="example.com"), [root_p256], [int_p256], leaf(int_p256, san=wild))
    add(Case("wildcard_partial_label", "rejected",
             "RFC 9525 6.3: only a whole leftmost label '*' is a wildcard; f*.example.com is not",
             "name_mismatch", hostname="foo.example.com"), [root_p256], [int_p256],
        leaf(int_p256, san=[x509.DNSName("f*.example.com")]))
    add(Case("wildcard_not_leftmost", "rejected",
             "RFC 9525 6.3: a wildcard only in the leftmost label", "name_mismatch",
             hostname="www.a.example.com"), [root_p256], [int_p256],
        leaf(int_p256, san=[x509.DNSName("www.*.example.com")]))
    ipsan = [x509.IPAddress(ipaddress.ip_address("192.0.2.1")),
             x509.IPAddress(ipaddress.ip_address("2001:db8::1"))]
    add(Case("ip_san_matches_ipv4", "valid", "RFC 9525 6.2: IP reference vs iPAddress SAN",
             ip="192.0.2.1"), [root_p256], [int_p256], leaf(int_p256, san=ipsan))
    add(Case("ip_san_matches_ipv6", "valid",
             "RFC 9525 6.2: compared as 16 octets, whatever the text form",
             ip="2001:db8:0:0::1"), [root_p256], [int_p256], leaf(int_p256, san=ipsan))
    add(Case("ip_san_mismatch", "rejected", "RFC 9525 6.2: no iPAddress SAN equals it",
             "name_mismatch", ip="192.0.2.2"), [root_p256], [int_p256],
        leaf(int_p256, san=ipsan))
    add(Case("ip_vs_dns_san_text", "rejected",
             "RFC 9525 6.2: an IP reference matches iPAddress SANs only, never a dNSName "
             "holding the same text", "name_mismatch", ip="192.0.2.1"),
        [root_p256], [int_p256], leaf(int_p256, san=[x509.DNSName("192.0.2.1")]))
    add(Case("dns_vs_ip_san_only", "rejected",
             "RFC 9525 6.3: a DNS reference needs a dNSName SAN", "name_mismatch"),
        [root_p256], [int_p256], leaf(int_p256, cn="IP-only leaf", san=ipsan))
    add(Case("cn_only_no_san", "rejected",
             "RFC 9525 6.3 (no CN fallback) / CABF: names only from the SAN", "name_mismatch"),
        [root_p256], [int_p256], leaf(int_p256, cn="www.example.com", san=[]))

    # --- Algorithms, extensions, signatures.
    int_sha1 = resign_rsa(inter("SHA-1 Intermediate", "int-p256", root_rsa), k["root-rsa"],
                          "sha1")
    add(Case("sha1_signed_intermediate", "rejected",
             "CABF BR 7.1.3.2 / RFC 9155 spirit: SHA-1 signatures are not accepted",
             "weak_algorithm|unsupported_alg|bad_signature"), [root_rsa], [int_sha1],
        leaf(int_sha1))
    crit = [(x509.UnrecognizedExtension(OID_UNKNOWN, b"\x05\x00"), True)]
    add(Case("leaf_unknown_critical_extension", "rejected",
             "RFC 5280 4.2: an unrecognised critical extension must be rejected",
             "critical_ext|unsupported_critical_extension"), [root_p256], [int_p256],
        leaf(int_p256, extra=crit))
    int_crit = inter("Critical Unknown Int", "int2", root_p256, extra=crit)
    add(Case("intermediate_unknown_critical_extension", "rejected",
             "RFC 5280 4.2: an unrecognised critical extension must be rejected",
             "critical_ext|unsupported_critical_extension"), [root_p256], [int_crit], leaf(int_crit))
    lt = tamper(leaf(int_p256, cn="tamper-me"), b"tamper-me", b"tamper-mf")
    add(Case("leaf_tampered_tbs", "rejected",
             "RFC 5280 6.1.3(a)(1): the signature does not verify over the changed TBS",
             "bad_signature"), [root_p256], [int_p256], lt)
    it = tamper(inter("Tamper Intermediate", "int2", root_rsa), b"Tamper Intermediate",
                b"Tamper Intermediatf")
    add(Case("intermediate_tampered_tbs_rsa", "rejected",
             "RFC 5280 6.1.3(a)(1): the signature does not verify", "bad_signature"),
        [root_rsa], [it], leaf(it))

    os.makedirs(out, exist_ok=True)
    for c in cases:
        d = os.path.join(out, c.name)
        os.makedirs(d, exist_ok=True)
        for fn, data in files[c.name].items():
            with open(os.path.join(d, fn), "wb") as f:
                f.write(data)
    with open(os.path.join(out, "cases.json"), "w") as f:
        json.dump([asdict(c) for c in cases], f, indent=1)
    return cases


def main() -> int:
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    cases = build(sys.argv[1])
    print(f"gen_chains: {len(cases)} cases in {sys.argv[1]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
