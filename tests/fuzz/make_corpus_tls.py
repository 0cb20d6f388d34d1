#!/usr/bin/env python3
"""Write the seed corpus of tests/fuzz/corpus/fuzz_tls/ from RFC 8448's
section 3 trace (tests/vectors/tls13_rfc8448_simple.txt) and section 5's
HelloRetryRequest (tls13_rfc8448_hrr.txt). The first byte of
each seed is the fuzz target's mode (see fuzz_tls.c)."""
import os

HERE = os.path.dirname(os.path.abspath(__file__))
VEC = os.path.join(HERE, "..", "vectors", "tls13_rfc8448_simple.txt")

v = {}
for path in (VEC, VEC.replace("_simple", "_hrr")):
    for line in open(path):
        if line.startswith("#") or not line.strip():
            continue
        name, hexs = line.split()
        v[name] = bytes.fromhex(hexs)

seeds = {
    "plain_hellos": b"\x00" + v["client_hello_record"] + v["server_hello_record"],
    "plain_ccs_sh": b"\x00" + bytes.fromhex("140303000101") + v["server_hello_record"],
    "protected_flight": b"\x01" + v["server_flight_record"],
    "protected_ccs_flight": b"\x01" + bytes.fromhex("140303000101") + v["server_flight_record"],
    "server_hello": b"\x02" + v["server_hello"][4:],
    "hrr": b"\x02" + bytes.fromhex("0303cf21ad74e59a6111be1d8c021e65b891c2a211167abb8c5e079e09e2c8a8339c00130100000c002b0002030400330002 0017".replace(" ", "")),
    "rfc8448_hrr": b"\x02" + v["hello_retry_request"][4:],
    "rfc8448_hrr_record": b"\x00" + bytes.fromhex("16030300b0") + v["hello_retry_request"],
    "flight_chunks7": b"\x03\x07" + v["server_flight"],
    "flight_chunks1": b"\x03\x01" + v["server_flight"][:200],
    "sh_whole": b"\x03\xff" + v["server_hello"] + v["ticket"],
}
d = os.path.join(HERE, "corpus", "fuzz_tls")
os.makedirs(d, exist_ok=True)
for name, data in seeds.items():
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)
