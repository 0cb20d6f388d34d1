"""Sign and verify files with PEM keys by TLS 1.3 SignatureScheme, the way a
TLS stack or a signing tool would (the Python twin of examples/c/sign_file.c).

    python examples/python/sign_file.py sign   KEY.pem FILE SIG.der   # P-256/P-384
    python examples/python/sign_file.py verify KEY.pem FILE SIG       # EC or RSA key

The scheme comes from the key: ecdsa_secp256r1_sha256 for P-256,
ecdsa_secp384r1_sha384 for P-384, rsa_pss_rsae_sha256 for RSA (verification
only: nbtls holds no RSA private keys). Signatures are in TLS wire format
(DER for ECDSA), so ``openssl dgst -sha384 -verify pub.pem -signature SIG.der
FILE`` checks ours and ``openssl dgst -sha384 -sign key.pem -out SIG FILE``
makes ones we verify. nbtls hashes the file inside the operation, 512 bytes
per work unit, so hashing a large file is sliced like the ECDSA work; only
the copy of the message the C library makes when the operation starts runs
at once (a memcpy into fresh memory: milliseconds for megabytes).

Without arguments: a demo on generated P-256 and P-384 keys -- a 4 MiB
message is signed and verified with both on an asyncio loop while a ticker
measures the longest time the loop was blocked (the message copies at the
four starts included).
"""

from __future__ import annotations

import asyncio
import sys
import time
from typing import List, Union

import nbtls

EcKey = Union[nbtls.P256PrivateKey, nbtls.P384PrivateKey]
USAGE = """usage: sign_file.py sign   KEY.pem FILE SIG.der   (P-256/P-384 private key)
       sign_file.py verify KEY.pem FILE SIG       (EC or RSA key)
       sign_file.py                               (demo)"""


def scheme_for(key: nbtls.AnyKey) -> nbtls.SignatureScheme:
    """The scheme this tool uses for a key."""
    if isinstance(key, (nbtls.P256PrivateKey, nbtls.P256PublicKey)):
        return nbtls.SignatureScheme.ECDSA_SECP256R1_SHA256
    if isinstance(key, (nbtls.P384PrivateKey, nbtls.P384PublicKey)):
        return nbtls.SignatureScheme.ECDSA_SECP384R1_SHA384
    if isinstance(key, nbtls.RSAPublicKey):
        return nbtls.SignatureScheme.RSA_PSS_RSAE_SHA256
    raise SystemExit(f"{type(key).__name__}: not a signature key")


async def sign(key_pem: str, path: str, out: str) -> None:
    """Sign ``path`` with the private key in ``key_pem``; write the DER signature."""
    with open(key_pem, "rb") as f:
        key = nbtls.load_pem_key(f.read())
    if not isinstance(key, (nbtls.P256PrivateKey, nbtls.P384PrivateKey)):
        raise SystemExit(f"{key_pem}: an EC private key (P-256 or P-384) is needed to sign")
    with open(path, "rb") as f:
        message = f.read()
    scheme = scheme_for(key)
    signature = await key.sign_message(message, scheme)
    with open(out, "wb") as f:
        f.write(signature)
    print(f"signed {path} ({len(message)} bytes) with {scheme.name.lower()}: {len(signature)}-byte signature")


async def verify(key_pem: str, path: str, sig: str) -> int:
    """Verify the signature in ``sig`` over ``path``; 0 if valid, 1 if not."""
    with open(key_pem, "rb") as f:
        key = nbtls.load_pem_key(f.read())
    with open(path, "rb") as f:
        message = f.read()
    with open(sig, "rb") as f:
        signature = f.read()
    scheme = scheme_for(key)
    if isinstance(key, (nbtls.P256PrivateKey, nbtls.P384PrivateKey)):
        pub: Union[nbtls.P256PublicKey, nbtls.P384PublicKey, nbtls.RSAPublicKey] = key.public_key()
    elif isinstance(key, (nbtls.P256PublicKey, nbtls.P384PublicKey, nbtls.RSAPublicKey)):
        pub = key
    else:
        raise SystemExit(f"{key_pem}: not a signature key")
    try:
        await pub.verify_message(message, signature, scheme)
    except nbtls.InvalidSignature:
        print(f"{path}: BAD signature ({scheme.name.lower()})")
        return 1
    print(f"{path}: signature OK ({scheme.name.lower()})")
    return 0


async def ticker(gaps: List[float], stop: asyncio.Event) -> None:
    """Yield to the loop continuously; record the longest gap between turns."""
    last = time.perf_counter()
    while not stop.is_set():
        await asyncio.sleep(0)
        now = time.perf_counter()
        gaps.append(now - last)
        last = now


async def demo() -> None:
    """Sign and verify a 4 MiB message with a P-256 and a P-384 key while a
    ticker runs."""
    message = bytes(range(256)) * (4 * 4096)
    keys: List[EcKey] = [await nbtls.P256PrivateKey.generate(), await nbtls.P384PrivateKey.generate()]
    gaps: List[float] = []
    stop = asyncio.Event()
    tick = asyncio.create_task(ticker(gaps, stop))
    t0 = time.perf_counter()
    signatures = await asyncio.gather(*(k.sign_message(message) for k in keys))
    await asyncio.gather(*(k.public_key().verify_message(message, s) for k, s in zip(keys, signatures)))
    elapsed = time.perf_counter() - t0
    stop.set()
    await tick
    for k, s in zip(keys, signatures):
        print(f"{scheme_for(k).name.lower()}: {len(s)}-byte DER signature over {len(message)} bytes, verified")
    tampered = message[:-1] + bytes([message[-1] ^ 1])
    try:
        await keys[1].public_key().verify_message(tampered, signatures[1])
        raise SystemExit("a tampered message verified")
    except nbtls.InvalidSignature:
        print("tampered message: InvalidSignature, as it should be")
    print(f"{elapsed * 1e3:.1f} ms for 2 signatures + 2 verifications (hashing included); the ticker "
          f"ran {len(gaps)} times, the loop was blocked at most {max(gaps) * 1e3:.2f} ms at a time")


def main(argv: List[str]) -> int:
    if not argv:
        asyncio.run(demo())
        return 0
    if len(argv) == 4 and argv[0] == "sign":
        asyncio.run(sign(argv[1], argv[2], argv[3]))
        return 0
    if len(argv) == 4 and argv[0] == "verify":
        return asyncio.run(verify(argv[1], argv[2], argv[3]))
    print(USAGE, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
