"""Key import from DER/PEM, against keys serialized by pyca/cryptography."""

from __future__ import annotations

import pytest
from cryptography.hazmat.primitives import serialization as ser
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, x25519

import nbtls

PUB = (ser.Encoding.X962, ser.PublicFormat.UncompressedPoint)


def test_p256_all_formats() -> None:
    for _ in range(10):
        ck = ec.generate_private_key(ec.SECP256R1())
        d = ck.private_numbers().private_value.to_bytes(32, "big")
        q = ck.public_key().public_bytes(*PUB)
        for enc in (ser.Encoding.DER, ser.Encoding.PEM):
            for fmt in (ser.PrivateFormat.PKCS8, ser.PrivateFormat.TraditionalOpenSSL):
                blob = ck.private_bytes(enc, fmt, ser.NoEncryption())
                k = nbtls.load_der_key(blob) if enc == ser.Encoding.DER else nbtls.load_pem_key(blob.decode())
                assert isinstance(k, nbtls.P256PrivateKey)
                assert k.private_bytes() == d and k.public_key().to_bytes() == q
            spki = ck.public_key().public_bytes(enc, ser.PublicFormat.SubjectPublicKeyInfo)
            p = nbtls.load_der_key(spki) if enc == ser.Encoding.DER else nbtls.load_pem_key(spki)
            assert isinstance(p, nbtls.P256PublicKey) and p.to_bytes() == q


def test_p384_all_formats() -> None:
    for _ in range(4):
        ck = ec.generate_private_key(ec.SECP384R1())
        d = ck.private_numbers().private_value.to_bytes(48, "big")
        q = ck.public_key().public_bytes(*PUB)
        for enc in (ser.Encoding.DER, ser.Encoding.PEM):
            for fmt in (ser.PrivateFormat.PKCS8, ser.PrivateFormat.TraditionalOpenSSL):
                blob = ck.private_bytes(enc, fmt, ser.NoEncryption())
                k = nbtls.load_der_key(blob) if enc == ser.Encoding.DER else nbtls.load_pem_key(blob.decode())
                assert isinstance(k, nbtls.P384PrivateKey)
                assert k.private_bytes() == d and k.public_key().to_bytes() == q
            spki = ck.public_key().public_bytes(enc, ser.PublicFormat.SubjectPublicKeyInfo)
            p = nbtls.load_der_key(spki) if enc == ser.Encoding.DER else nbtls.load_pem_key(spki)
            assert isinstance(p, nbtls.P384PublicKey) and p.to_bytes() == q


def test_x25519_formats() -> None:
    ck = x25519.X25519PrivateKey.generate()
    der = ck.private_bytes(ser.Encoding.DER, ser.PrivateFormat.PKCS8, ser.NoEncryption())
    k = nbtls.load_der_key(der)
    assert isinstance(k, nbtls.X25519PrivateKey)
    assert k.public_key().to_bytes() == ck.public_key().public_bytes_raw()
    pem = ck.public_key().public_bytes(ser.Encoding.PEM, ser.PublicFormat.SubjectPublicKeyInfo)
    p = nbtls.load_pem_key(pem)
    assert isinstance(p, nbtls.X25519PublicKey) and p == k.public_key()


def test_load_errors() -> None:
    ck = ec.generate_private_key(ec.SECP256R1())
    der = ck.private_bytes(ser.Encoding.DER, ser.PrivateFormat.PKCS8, ser.NoEncryption())
    for bad in (b"", der[:-1], der + b"\x00", b"\x30\x03\x02\x01\x00"):
        with pytest.raises(nbtls.InvalidKey) as ei:
            nbtls.load_der_key(bad)
        assert str(ei.value).startswith("DER key import: ")
    with pytest.raises(nbtls.InvalidKey, match="PEM key import"):
        nbtls.load_pem_key("no key here")
    ed = ed25519.Ed25519PrivateKey.generate().private_bytes(ser.Encoding.DER, ser.PrivateFormat.PKCS8, ser.NoEncryption())
    with pytest.raises(nbtls.Unsupported):
        nbtls.load_der_key(ed)
    p521 = ec.generate_private_key(ec.SECP521R1()).public_key().public_bytes(
        ser.Encoding.DER, ser.PublicFormat.SubjectPublicKeyInfo)
    with pytest.raises(nbtls.Unsupported):
        nbtls.load_der_key(p521)
    with pytest.raises(TypeError):
        nbtls.load_der_key("text")  # type: ignore[arg-type]
