#!/usr/bin/env python3
"""Recompute tests/vectors/tls13_rfc8448_simple.txt with Python
`cryptography` (an implementation independent of nbtls): every secret of
the key schedule from the two X25519 private keys and the messages, every
traffic key and IV, both Finished values, every protected record (opened,
and the client's sealed again). Exit 77 (skipped) without `cryptography`."""
import hashlib
import hmac
import os
import sys

try:
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric.x25519 import (
        X25519PrivateKey, X25519PublicKey)
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM
    from cryptography.hazmat.primitives.kdf.hkdf import HKDFExpand
    from cryptography.hazmat.primitives.serialization import (Encoding,
                                                              PublicFormat)
except ImportError:
    sys.exit(77)

HERE = os.path.dirname(os.path.abspath(__file__))
v = {}
for line in open(os.path.join(HERE, "..", "vectors",
                              "tls13_rfc8448_simple.txt")):
    if line.startswith("#") or not line.strip():
        continue
    name, hexs = line.split()
    v[name] = bytes.fromhex(hexs)

failures = 0


def check(cond, what):
    global failures
    if not cond:
        failures += 1
        print("MISMATCH:", what)


def extract(salt, ikm):
    return hmac.new(salt or bytes(32), ikm, hashlib.sha256).digest()


def expand_label(secret, label, context, n):
    lab = b"tls13 " + label
    info = n.to_bytes(2, "big") + bytes([len(lab)]) + lab + \
        bytes([len(context)]) + context
    return HKDFExpand(hashes.SHA256(), n, info).derive(secret)


def derive(secret, label, transcript):
    return expand_label(secret, label, hashlib.sha256(transcript).digest(), 32)


def pub(priv):
    return X25519PrivateKey.from_private_bytes(priv).public_key().public_bytes(
        Encoding.Raw, PublicFormat.Raw)


check(pub(v["client_private"]) == v["client_public"], "client public key")
check(pub(v["server_private"]) == v["server_public"], "server public key")
shared = X25519PrivateKey.from_private_bytes(v["client_private"]).exchange(
    X25519PublicKey.from_public_bytes(v["server_public"]))
check(shared == v["shared_secret"], "shared secret")
check(v["client_hello_record"][5:] == v["client_hello"], "ClientHello record")
check(v["server_hello_record"][5:] == v["server_hello"], "ServerHello record")

ch_sh = v["client_hello"] + v["server_hello"]
ch_sf = ch_sh + v["server_flight"]
early = extract(b"", bytes(32))
check(early == v["early_secret"], "early secret")
d1 = derive(early, b"derived", b"")
check(d1 == v["derived_for_handshake"], "derived (handshake)")
hs = extract(d1, shared)
check(hs == v["handshake_secret"], "handshake secret")
check(hashlib.sha256(ch_sh).digest() == v["hash_ch_sh"], "hash CH..SH")
c_hs = derive(hs, b"c hs traffic", ch_sh)
s_hs = derive(hs, b"s hs traffic", ch_sh)
check(c_hs == v["client_hs_traffic"], "c hs traffic")
check(s_hs == v["server_hs_traffic"], "s hs traffic")
d2 = derive(hs, b"derived", b"")
check(d2 == v["derived_for_master"], "derived (master)")
master = extract(d2, bytes(32))
check(master == v["master_secret"], "master secret")
check(hashlib.sha256(ch_sf).digest() == v["hash_ch_sf"], "hash CH..SF")
c_ap = derive(master, b"c ap traffic", ch_sf)
s_ap = derive(master, b"s ap traffic", ch_sf)
check(c_ap == v["client_ap_traffic"], "c ap traffic")
check(s_ap == v["server_ap_traffic"], "s ap traffic")
check(derive(master, b"exp master", ch_sf) == v["exporter_master"], "exporter")

keys = {}
for who, sec in (("server_hs", s_hs), ("client_hs", c_hs),
                 ("server_ap", s_ap), ("client_ap", c_ap)):
    k = expand_label(sec, b"key", b"", 16)
    iv = expand_label(sec, b"iv", b"", 12)
    check(k == v[who + "_key"], who + " key")
    check(iv == v[who + "_iv"], who + " iv")
    keys[who] = (k, iv)

for who, sec in (("server", s_hs), ("client", c_hs)):
    fk = expand_label(sec, b"finished", b"", 32)
    check(fk == v[who + "_finished_key"], who + " finished key")
hash_before_sfin = hashlib.sha256(ch_sh + v["server_flight"][:-36]).digest()
check(hmac.new(v["server_finished_key"], hash_before_sfin,
               hashlib.sha256).digest() == v["server_verify_data"],
      "server verify_data")
check(v["server_flight"][-32:] == v["server_verify_data"], "server Finished")
check(hmac.new(v["client_finished_key"], v["hash_ch_sf"],
               hashlib.sha256).digest() == v["client_verify_data"],
      "client verify_data")
cfin = bytes.fromhex("14000020") + v["client_verify_data"]
check(hashlib.sha256(ch_sf + cfin).digest() == v["hash_ch_cf"], "hash CH..CF")
check(derive(master, b"res master", ch_sf + cfin) == v["resumption_master"],
      "resumption master secret")


def nonce(iv, seq):
    return bytes(a ^ b for a, b in zip(iv, seq.to_bytes(12, "big")))


def seal(who, seq, inner, rec):
    k, iv = keys[who]
    hdr = bytes([23, 3, 3]) + (len(inner) + 16).to_bytes(2, "big")
    check(hdr + AESGCM(k).encrypt(nonce(iv, seq), inner, hdr) == rec,
          "sealed record (%s, %d)" % (who, seq))


def opened(who, seq, rec, inner):
    k, iv = keys[who]
    check(AESGCM(k).decrypt(nonce(iv, seq), rec[5:], rec[:5]) == inner,
          "opened record (%s, %d)" % (who, seq))


opened("server_hs", 0, v["server_flight_record"], v["server_flight"] + b"\x16")
seal("client_hs", 0, cfin + b"\x16", v["client_finished_record"])
opened("server_ap", 0, v["ticket_record"], v["ticket"] + b"\x16")
seal("client_ap", 0, v["app_data"] + b"\x17", v["client_app_record"])
opened("server_ap", 1, v["server_app_record"], v["app_data"] + b"\x17")
seal("client_ap", 1, b"\x01\x00\x15", v["client_alert_record"])
opened("server_ap", 2, v["server_alert_record"], b"\x01\x00\x15")

print("RFC 8448 section 3 vectors: %d mismatches" % failures)
sys.exit(1 if failures else 0)
