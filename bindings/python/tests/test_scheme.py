"""Message-level signatures with TLS 1.3 SignatureSchemes (nbtls_sign_start /
nbtls_verify_start) against pyca/cryptography: ECDSA P-256 (DER) both ways,
RSA PKCS#1 v1.5 and PSS verification of signatures cryptography makes at test
time, tampering, and schemes that do not fit the key."""

from __future__ import annotations

import asyncio
import os
from typing import Callable, Dict, List, Tuple, Union

import pytest
from cryptography.exceptions import InvalidSignature as CryptoInvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives import serialization as ser
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa, utils

import nbtls
from nbtls import SignatureScheme as S
from nbtls import _lowlevel as ll

N_CASES = int(os.environ.get("NBTLS_PY_DIFF_CASES", "200")) // 4
UNCOMPRESSED = (ser.Encoding.X962, ser.PublicFormat.UncompressedPoint)
# Message lengths around the 512-byte hashing unit and the hash block sizes.
LENGTHS = [0, 1, 55, 56, 64, 111, 128, 511, 512, 513, 1024, 3000]


def _p256_pair() -> Tuple[ec.EllipticCurvePrivateKey, nbtls.P256PrivateKey]:
    ck = ec.generate_private_key(ec.SECP256R1())
    return ck, nbtls.P256PrivateKey.from_bytes(ck.private_numbers().private_value.to_bytes(32, "big"))


def _msg(i: int) -> bytes:
    return os.urandom(LENGTHS[i % len(LENGTHS)])


def test_scheme_constants_are_the_headers() -> None:
    want = {
        "RSA_PKCS1_SHA256": 0x0401, "RSA_PKCS1_SHA384": 0x0501, "RSA_PKCS1_SHA512": 0x0601,
        "ECDSA_SECP256R1_SHA256": 0x0403, "ECDSA_SECP384R1_SHA384": 0x0503,
        "RSA_PSS_RSAE_SHA256": 0x0804, "RSA_PSS_RSAE_SHA384": 0x0805, "RSA_PSS_RSAE_SHA512": 0x0806,
    }  # RFC 8446 section 4.2.3
    assert {s.name: int(s) for s in S} == want
    for name, value in want.items():
        assert getattr(ll, "SIG_" + name) == value
    assert nbtls.SIGNATURE_MAX_LEN == ll.SIGNATURE_MAX_LEN == 512  # RSA-4096


def test_p256_sign_here_verify_there() -> None:
    for i in range(N_CASES):
        ck, key = _p256_pair()
        msg = _msg(i)
        scheme = S.ECDSA_SECP256R1_SHA256 if i % 2 else 0x0403  # enum or plain int
        der = key.sign_message(msg, scheme).run() if i % 3 else key.sign_message(msg).run()
        assert 8 <= len(der) <= 72 <= nbtls.SIGNATURE_MAX_LEN
        ck.public_key().verify(der, msg, ec.ECDSA(hashes.SHA256()))
        # the peer's check can fail: another message is refused there
        with pytest.raises(CryptoInvalidSignature):
            ck.public_key().verify(der, msg + b"\0", ec.ECDSA(hashes.SHA256()))
        # strict DER: re-encoding gives the same bytes
        r, s = utils.decode_dss_signature(der)
        assert utils.encode_dss_signature(r, s) == der


def test_p256_sign_await_and_poll() -> None:
    ck, key = _p256_pair()

    async def main() -> List[bytes]:
        return list(await asyncio.gather(*(key.sign_message(bytes([i]) * 700) for i in range(8))))

    for i, der in enumerate(asyncio.run(main())):
        ck.public_key().verify(der, bytes([i]) * 700, ec.ECDSA(hashes.SHA256()))
    # the message is hashed in the op's polls: 512 bytes per work unit
    short = key.sign_message(b"m" * 512)
    long = key.sign_message(b"m" * 512 * 40)
    for op in (short, long):
        while op.poll(1) != nbtls.Status.DONE:
            pass
    assert long.units - short.units >= 39, (short.units, long.units)
    ck.public_key().verify(long.result(), b"m" * 512 * 40, ec.ECDSA(hashes.SHA256()))


def test_p256_sign_there_verify_here() -> None:
    for i in range(N_CASES):
        ck = ec.generate_private_key(ec.SECP256R1())
        pub = nbtls.P256PublicKey.from_bytes(ck.public_key().public_bytes(*UNCOMPRESSED))
        msg = _msg(i)
        der = ck.sign(msg, ec.ECDSA(hashes.SHA256()))
        pub.verify_message(msg, der, S.ECDSA_SECP256R1_SHA256).run()
        pub.verify_message(msg, bytearray(der)).run()  # default scheme, bytes-like
        with pytest.raises(nbtls.InvalidSignature):
            pub.verify_message(msg + b"x", der).run()  # tampered message
        bad = bytearray(der)
        bad[-1 - i % 8] ^= 1 << (i % 8)  # a bit of s
        with pytest.raises(nbtls.InvalidSignature) as ei:
            pub.verify_message(msg, bytes(bad)).run()
        assert ei.value.code == ll.E_BAD_SIGNATURE
        assert str(ei.value) == f"verify (ecdsa_secp256r1_sha256): {ll.strerror(ll.E_BAD_SIGNATURE)}"
        # another key's public key refuses it
        with pytest.raises(nbtls.InvalidSignature):
            _p256_pair()[1].public_key().verify_message(msg, der).run()


def test_p256_verify_await() -> None:
    ck, _ = _p256_pair()
    pub = nbtls.P256PublicKey.from_bytes(ck.public_key().public_bytes(*UNCOMPRESSED))
    msgs = [os.urandom(n) for n in (0, 600, 5000)]
    sigs = [ck.sign(m, ec.ECDSA(hashes.SHA256())) for m in msgs]

    async def main() -> None:
        await asyncio.gather(*(pub.verify_message(m, s) for m, s in zip(msgs, sigs)))
        with pytest.raises(nbtls.InvalidSignature):
            await pub.verify_message(msgs[1], sigs[0])

    asyncio.run(main())


def _der_variants(der: bytes) -> Dict[str, bytes]:
    """Malformed or non-canonical encodings of a valid signature."""
    r, s = utils.decode_dss_signature(der)
    rb = r.to_bytes((r.bit_length() + 8) // 8, "big")  # minimal, with a 0 if the top bit is set
    sb = s.to_bytes((s.bit_length() + 8) // 8, "big")

    def seq(body: bytes) -> bytes:
        return b"\x30" + bytes([len(body)]) + body

    def integer(v: bytes) -> bytes:
        return b"\x02" + bytes([len(v)]) + v

    return {
        "padded r": seq(integer(b"\0" + rb) + integer(sb)),
        "long-form length": b"\x30\x81" + bytes([len(der) - 2]) + der[2:],
        "trailing byte": der + b"\0",
        "truncated": der[:-1],
        "r, s swapped": seq(integer(sb) + integer(rb)),
        "negative s": seq(integer(rb) + integer(sb[1:] if sb[0] == 0 else b"\xff" + sb)),
        "raw r || s": r.to_bytes(32, "big") + s.to_bytes(32, "big"),
        "empty": b"",
        "only r": seq(integer(rb)),
    }


def test_p256_malformed_signatures() -> None:
    ck, _ = _p256_pair()
    pub = nbtls.P256PublicKey.from_bytes(ck.public_key().public_bytes(*UNCOMPRESSED))
    msg = b"malformed"
    der = ck.sign(msg, ec.ECDSA(hashes.SHA256()))
    pub.verify_message(msg, der).run()
    for name, bad in _der_variants(der).items():
        with pytest.raises(nbtls.InvalidSignature):
            pub.verify_message(msg, bad).run()
            pytest.fail(f"{name} verified")
    # r or s out of range: 0 and n
    n = 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551
    r, s = utils.decode_dss_signature(der)
    for rr, ss in ((0, s), (r, 0), (n, s), (r, n), (r + n, s)):
        with pytest.raises(nbtls.InvalidSignature):
            pub.verify_message(msg, utils.encode_dss_signature(rr, ss)).run()


RSA_SCHEMES: Dict[S, Tuple[str, Callable[[], hashes.HashAlgorithm]]] = {
    S.RSA_PKCS1_SHA256: ("pkcs1", hashes.SHA256),
    S.RSA_PKCS1_SHA384: ("pkcs1", hashes.SHA384),
    S.RSA_PKCS1_SHA512: ("pkcs1", hashes.SHA512),
    S.RSA_PSS_RSAE_SHA256: ("pss", hashes.SHA256),
    S.RSA_PSS_RSAE_SHA384: ("pss", hashes.SHA384),
    S.RSA_PSS_RSAE_SHA512: ("pss", hashes.SHA512),
}


def _rsa_sign(k: rsa.RSAPrivateKey, scheme: S, msg: bytes, salt: Union[int, padding._MaxLength, padding._DigestLength] = padding.PSS.DIGEST_LENGTH) -> bytes:
    kind, h = RSA_SCHEMES[scheme]
    pad: padding.AsymmetricPadding = padding.PKCS1v15() if kind == "pkcs1" else padding.PSS(mgf=padding.MGF1(h()), salt_length=salt)
    return k.sign(msg, pad, h())


@pytest.fixture(scope="module", params=[2048, 3072])
def rsa_key(request: pytest.FixtureRequest) -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=request.param)


def test_rsa_verify_against_cryptography(rsa_key: rsa.RSAPrivateKey) -> None:
    pub = nbtls.load_der_key(rsa_key.public_key().public_bytes(ser.Encoding.DER, ser.PublicFormat.SubjectPublicKeyInfo))
    assert isinstance(pub, nbtls.RSAPublicKey)
    for i, scheme in enumerate(RSA_SCHEMES):
        for msg in (b"", os.urandom(1 + 300 * i)):
            sig = _rsa_sign(rsa_key, scheme, msg)
            pub.verify_message(msg, sig, scheme).run()
            pub.verify_message(msg, sig, int(scheme)).run()
            with pytest.raises(nbtls.InvalidSignature):
                pub.verify_message(msg + b"!", sig, scheme).run()
            bad = bytearray(sig)
            bad[(7 * i) % len(sig)] ^= 0x10
            with pytest.raises(nbtls.InvalidSignature):
                pub.verify_message(msg, bytes(bad), scheme).run()
            with pytest.raises(nbtls.InvalidSignature):  # wrong length: a bad signature too
                pub.verify_message(msg, sig[:-1], scheme).run()
            # the same signature under every other RSA scheme is refused
            for other in RSA_SCHEMES:
                if other != scheme:
                    with pytest.raises(nbtls.InvalidSignature):
                        pub.verify_message(msg, sig, other).run()

    async def main() -> None:
        sig = _rsa_sign(rsa_key, S.RSA_PSS_RSAE_SHA256, b"await")
        await pub.verify_message(b"await", sig, S.RSA_PSS_RSAE_SHA256)

    asyncio.run(main())


def test_rsa_pss_salt_must_be_the_hash_length(rsa_key: rsa.RSAPrivateKey) -> None:
    # TLS 1.3 (RFC 8446 4.2.3): the PSS salt is as long as the digest.
    pub = nbtls.load_der_key(rsa_key.public_key().public_bytes(ser.Encoding.DER, ser.PublicFormat.PKCS1))
    assert isinstance(pub, nbtls.RSAPublicKey)
    for salt in (0, 20, padding.PSS.MAX_LENGTH):
        sig = _rsa_sign(rsa_key, S.RSA_PSS_RSAE_SHA256, b"salt", salt)
        with pytest.raises(nbtls.InvalidSignature):
            pub.verify_message(b"salt", sig, S.RSA_PSS_RSAE_SHA256).run()
    pub.verify_message(b"salt", _rsa_sign(rsa_key, S.RSA_PSS_RSAE_SHA256, b"salt", 32), S.RSA_PSS_RSAE_SHA256).run()


def test_scheme_not_fitting_the_key(rsa_key: rsa.RSAPrivateKey) -> None:
    _, key = _p256_pair()
    pub = key.public_key()
    rsa_pub = nbtls.load_der_key(rsa_key.public_key().public_bytes(ser.Encoding.DER, ser.PublicFormat.PKCS1))
    assert isinstance(rsa_pub, nbtls.RSAPublicKey)
    der = key.sign_message(b"m").run()
    # ECDSA on another curve, RSA with an EC key, ECDSA with an RSA key: InvalidKey at once
    for scheme in (S.ECDSA_SECP384R1_SHA384, *RSA_SCHEMES):
        with pytest.raises(nbtls.InvalidKey) as ei:
            pub.verify_message(b"m", der, scheme)
        assert ei.value.code == ll.E_BAD_KEY
        assert str(ei.value) == f"verify ({scheme.name.lower()}): {ll.strerror(ll.E_BAD_KEY)}"
        with pytest.raises(nbtls.InvalidKey):
            key.sign_message(b"m", scheme)
    for scheme in (S.ECDSA_SECP256R1_SHA256, S.ECDSA_SECP384R1_SHA384):
        with pytest.raises(nbtls.InvalidKey):
            rsa_pub.verify_message(b"m", der, scheme)
    # signing needs the private part (C: NBTLS_E_BAD_KEY)
    with pytest.raises(nbtls.InvalidKey):
        ll.sign_start(pub._key, S.ECDSA_SECP256R1_SHA256, b"m")


@pytest.mark.parametrize("code", [0x0000, 0x0201, 0x0603, 0x0807, 0x0808, 0x0809, 0x080A, 0x080B, 0xFFFF])
def test_unsupported_schemes(code: int) -> None:
    # sha1 schemes, secp521r1, ed25519/ed448, rsa_pss_pss_*: not implemented
    _, key = _p256_pair()
    with pytest.raises(nbtls.Unsupported) as ei:
        key.public_key().verify_message(b"m", b"\x30\x06\x02\x01\x01\x02\x01\x01", code)
    assert ei.value.code == ll.E_UNSUPPORTED
    # The name comes from the C library's registry table (nbtls_sig_name).
    names = {0x0201: "rsa_pkcs1_sha1", 0x0603: "ecdsa_secp521r1_sha512", 0x0807: "ed25519", 0x0808: "ed448",
             0x0809: "rsa_pss_pss_sha256", 0x080A: "rsa_pss_pss_sha384", 0x080B: "rsa_pss_pss_sha512"}
    name = names.get(code, f"0x{code:04x}")
    assert str(ei.value) == f"verify ({name}): {ll.strerror(ll.E_UNSUPPORTED)}"
    assert ll.sig_name(code) == names.get(code) and not ll.sig_supported(code)
    with pytest.raises(nbtls.Unsupported):
        key.sign_message(b"m", code)


def test_scheme_names_come_from_c() -> None:
    for s in S:
        assert ll.sig_name(int(s)) == s.name.lower()
        assert ll.sig_from_name(s.name.lower()) == int(s)
        assert ll.sig_supported(int(s))
    with pytest.raises(nbtls.Unsupported):
        ll.sig_from_name("ECDSA_SECP256R1_SHA256")


def test_scheme_argument_types() -> None:
    _, key = _p256_pair()
    for bad in (-1, 0x10000, 1 << 40):
        with pytest.raises(nbtls.InvalidArgument, match="a signature scheme is a 16-bit code point"):
            key.sign_message(b"m", bad)
    with pytest.raises(TypeError, match="signature scheme must be a SignatureScheme or an int, not str"):
        key.sign_message(b"m", "ecdsa_secp256r1_sha256")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="not bool"):
        key.sign_message(b"m", True)
    with pytest.raises(TypeError, match="message must be bytes, not str"):
        key.sign_message("text")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="signature must be bytes, not NoneType"):
        key.public_key().verify_message(b"m", None)  # type: ignore[arg-type]
    assert repr(S(0x0804)) == "<SignatureScheme.RSA_PSS_RSAE_SHA256: 2052>"
