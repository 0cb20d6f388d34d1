"""nbtls.x509: certificates, trust stores and verify(), on chains minted at
test time with ``cryptography`` (the policy is C's; these tests check that the
binding passes everything through and reports C's verdict and detail)."""

from __future__ import annotations

import asyncio
import datetime as dt
import gc
import ipaddress
import weakref
from typing import Any, List, Optional, Sequence, Tuple

import pytest
from cryptography import x509 as cx
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

import nbtls
from nbtls import x509 as nx

UTC = dt.timezone.utc
NOW = dt.datetime(2026, 6, 1, tzinfo=UTC)
DAY = dt.timedelta(days=1)

PrivateKey = Any  # a cryptography EC or RSA private key


def _name(cn: str) -> cx.Name:
    return cx.Name([cx.NameAttribute(NameOID.ORGANIZATION_NAME, "nbtls test"), cx.NameAttribute(NameOID.COMMON_NAME, cn)])


def _mint(
    subject: str,
    key: PrivateKey,
    issuer: Optional[Tuple[str, PrivateKey]] = None,
    *,
    ca: bool = False,
    path_len: Optional[int] = None,
    dns: Sequence[str] = (),
    ips: Sequence[str] = (),
    not_before: dt.datetime = NOW - 30 * DAY,
    not_after: dt.datetime = NOW + 30 * DAY,
    eku: Optional[List[cx.ObjectIdentifier]] = None,
    serial: int = 0x1234,
) -> bytes:
    iname, ikey = issuer if issuer is not None else (subject, key)
    b = (
        cx.CertificateBuilder()
        .subject_name(_name(subject))
        .issuer_name(_name(iname))
        .public_key(key.public_key())
        .serial_number(serial)
        .not_valid_before(not_before)
        .not_valid_after(not_after)
        .add_extension(cx.BasicConstraints(ca=ca, path_length=path_len if ca else None), critical=True)
        .add_extension(cx.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(cx.AuthorityKeyIdentifier.from_issuer_public_key(ikey.public_key()), critical=False)
    )
    if ca:
        b = b.add_extension(
            cx.KeyUsage(False, False, False, False, False, True, True, False, False), critical=True
        )
    else:
        b = b.add_extension(
            cx.KeyUsage(True, False, False, False, False, False, False, False, False), critical=True
        )
        b = b.add_extension(cx.ExtendedKeyUsage(eku if eku is not None else [ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
    sans: List[cx.GeneralName] = [cx.DNSName(d) for d in dns] + [cx.IPAddress(ipaddress.ip_address(i)) for i in ips]
    if sans:
        b = b.add_extension(cx.SubjectAlternativeName(sans), critical=False)
    return b.sign(ikey, hashes.SHA256()).public_bytes(serialization.Encoding.DER)


class Pki:
    """An RSA-2048 root, a P-256 intermediate and P-256 leaves."""

    def __init__(self) -> None:
        self.root_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.int_key = ec.generate_private_key(ec.SECP256R1())
        self.leaf_key = ec.generate_private_key(ec.SECP256R1())
        self.root = _mint("Test Root", self.root_key, ca=True)
        self.inter = _mint("Test Int", self.int_key, ("Test Root", self.root_key), ca=True, path_len=0)

    def leaf(self, **kw: Any) -> bytes:
        return _mint("leaf", self.leaf_key, ("Test Int", self.int_key), **kw)

    def chain(self, **kw: Any) -> List[nx.Certificate]:
        return [nx.Certificate.from_der(self.leaf(**kw)), nx.Certificate.from_der(self.inter)]

    def trust(self) -> nx.TrustStore:
        return nx.TrustStore.from_der(self.root)


@pytest.fixture(scope="module")
def pki() -> Pki:
    return Pki()


def _pem(der: bytes) -> str:
    return cx.load_der_x509_certificate(der).public_bytes(serialization.Encoding.PEM).decode()


# ---- Certificate getters ------------------------------------------------------


def test_getters_match_cryptography(pki: Pki) -> None:
    der = pki.leaf(dns=["www.example.com", "*.example.org"], ips=["192.0.2.7", "2001:db8::1"], serial=0x0102030405)
    ref = cx.load_der_x509_certificate(der)
    c = nx.Certificate.from_der(der)
    assert c.der == der
    assert c.fingerprint_sha256 == ref.fingerprint(hashes.SHA256())
    assert c.version == 3
    assert c.serial == 0x0102030405 and c.serial_bytes == bytes.fromhex("0102030405")
    assert c.subject == ref.subject.rfc4514_string() == "CN=leaf,O=nbtls test"
    assert c.issuer == ref.issuer.rfc4514_string() == "CN=Test Int,O=nbtls test"
    assert c.subject_der == ref.subject.public_bytes() and c.issuer_der == ref.issuer.public_bytes()
    assert c.not_before == ref.not_valid_before_utc and c.not_before.tzinfo is not None
    assert c.not_after == ref.not_valid_after_utc
    assert c.not_after_timestamp == int(ref.not_valid_after_utc.timestamp())
    assert c.san_dns_names == ["www.example.com", "*.example.org"]
    assert c.san_ip_addresses == [ipaddress.IPv4Address("192.0.2.7"), ipaddress.IPv6Address("2001:db8::1")]
    assert not c.is_ca and c.path_length is None
    assert c.key_usage == nx.KeyUsage.DIGITAL_SIGNATURE
    assert c.extended_key_usage == nx.ExtendedKeyUsage.SERVER_AUTH
    ski = ref.extensions.get_extension_for_class(cx.SubjectKeyIdentifier).value.digest
    aki = ref.extensions.get_extension_for_class(cx.AuthorityKeyIdentifier).value.key_identifier
    assert c.subject_key_identifier == ski and c.authority_key_identifier == aki
    assert c.signature_scheme == nbtls.SignatureScheme.ECDSA_SECP256R1_SHA256
    assert c.unknown_critical_extensions == []
    assert c.spki_der == ref.public_key().public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    pub = c.public_key()
    assert isinstance(pub, nbtls.P256PublicKey)
    assert pub.to_bytes() == pki.leaf_key.public_key().public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
    assert c == nx.Certificate.from_der(der) and hash(c) == hash(nx.Certificate.from_der(der))
    assert "CN=leaf" in repr(c)


def test_ca_getters_and_rsa_key(pki: Pki) -> None:
    root = nx.Certificate.from_der(pki.root)
    assert root.is_ca and root.path_length is None
    assert root.key_usage == nx.KeyUsage.KEY_CERT_SIGN | nx.KeyUsage.CRL_SIGN
    assert root.extended_key_usage is None and root.san_dns_names == [] and root.san_ip_addresses == []
    assert root.signature_scheme == nbtls.SignatureScheme.RSA_PKCS1_SHA256
    assert isinstance(root.public_key(), nbtls.RSAPublicKey)
    inter = nx.Certificate.from_der(pki.inter)
    assert inter.is_ca and inter.path_length == 0


def test_pem_bundle(pki: Pki) -> None:
    bundle = "junk before\n" + _pem(pki.leaf()) + "text between\n" + _pem(pki.inter) + _pem(pki.root)
    certs = nx.Certificate.load_pem_bundle(bundle)
    assert [c.subject for c in certs] == ["CN=leaf,O=nbtls test", "CN=Test Int,O=nbtls test", "CN=Test Root,O=nbtls test"]
    assert nx.Certificate.load_pem_bundle(bundle.encode()) == certs
    assert nx.Certificate.from_pem(bundle) == certs[0]
    assert nx.Certificate.load_pem_bundle("no certificates here") == []
    with pytest.raises(nbtls.CertificateError, match="no CERTIFICATE"):
        nx.Certificate.from_pem("no certificates here")


def test_malformed_is_certificate_error(pki: Pki) -> None:
    with pytest.raises(nbtls.CertificateError) as ei:
        nx.Certificate.from_der(pki.root + b"\0")  # trailing data
    e = ei.value
    assert isinstance(e, nbtls.Error) and e.code == -11
    assert e.detail == nx.VerifyDetail.MALFORMED and e.detail_name == "malformed" and e.detail_reason
    with pytest.raises(nbtls.CertificateError):
        nx.Certificate.from_der(pki.root[:-1])
    bad_pem = "-----BEGIN CERTIFICATE-----\nnot base64!\n-----END CERTIFICATE-----\n"
    with pytest.raises(nbtls.CertificateError):
        nx.Certificate.load_pem_bundle(bad_pem)
    with pytest.raises(TypeError):
        nx.Certificate.from_der("text")  # type: ignore[arg-type]


# ---- Trust stores ------------------------------------------------------------------


def test_trust_store_sources(pki: Pki, tmp_path: Any) -> None:
    t = nx.TrustStore()
    assert len(t) == 0
    t.add(nx.Certificate.from_der(pki.root))
    t.add(nx.Certificate.from_der(pki.root))  # not twice
    assert len(t) == 1
    assert t.add_data(_pem(pki.root) + _pem(pki.inter)) == 2 and len(t) == 2
    assert len(nx.TrustStore.from_pem(_pem(pki.root))) == 1
    assert len(nx.TrustStore.from_certificates([nx.Certificate.from_der(pki.inter)])) == 1
    (tmp_path / "a.pem").write_text(_pem(pki.root))
    (tmp_path / "b.der").write_bytes(pki.inter)
    (tmp_path / "junk.txt").write_text("not a certificate")
    assert len(nx.TrustStore.from_file(tmp_path / "a.pem")) == 1
    assert len(nx.TrustStore.from_file(str(tmp_path / "b.der"))) == 1
    assert len(nx.TrustStore.from_dir(tmp_path)) == 2
    with pytest.raises(nbtls.InvalidArgument):
        nx.TrustStore.from_file(tmp_path / "missing.pem")
    with pytest.raises(nbtls.CertificateError):  # all or nothing
        t.add_data(_pem(pki.root) + "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n")
    assert len(t) == 2


def test_trust_store_system(pki: Pki, tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "bundle.pem").write_text(_pem(pki.root) + _pem(pki.inter))
    monkeypatch.setenv("SSL_CERT_FILE", str(tmp_path / "bundle.pem"))
    monkeypatch.delenv("SSL_CERT_DIR", raising=False)
    t = nx.TrustStore.load_system()
    assert len(t) == 2
    nx.verify(pki.chain(dns=["a.example"]), t, "a.example", now=NOW).run()


def test_trust_store_frozen_after_verify(pki: Pki) -> None:
    t = pki.trust()
    nx.verify(pki.chain(), t, now=NOW).run()
    with pytest.raises(nbtls.BadState, match="cannot be modified"):
        t.add(nx.Certificate.from_der(pki.inter))
    with pytest.raises(nbtls.BadState):
        t.add_data(pki.inter)
    assert len(t) == 1 and "frozen" in repr(t)


# ---- verify --------------------------------------------------------------------------


def _detail(op_factory: Any) -> nbtls.CertificateError:
    with pytest.raises(nbtls.CertificateError) as ei:
        op_factory().run()
    return ei.value


def test_verify_valid_chain_sync_and_async(pki: Pki) -> None:
    chain = pki.chain(dns=["www.example.com"])
    op = nx.verify(chain, pki.trust(), "www.example.com", now=NOW)
    assert isinstance(op, nbtls.Operation)
    assert op.run() is None and op.done and op.closed
    assert op.detail == nx.VerifyDetail.OK and op.signatures >= 2

    async def main() -> None:
        await nx.verify(chain, pki.trust(), hostname="WWW.Example.COM", now=NOW)
        # intermediates in any order, extra certificates ignored
        await nx.verify([chain[0], nx.Certificate.from_der(pki.root), chain[1]], pki.trust(), now=int(NOW.timestamp()))

    asyncio.run(main())


def test_verify_expired_and_not_yet_valid(pki: Pki) -> None:
    e = _detail(lambda: nx.verify(pki.chain(not_after=NOW - DAY), pki.trust(), now=NOW))
    assert e.detail == nx.VerifyDetail.EXPIRED and e.detail_name == "expired"
    assert e.code == nbtls.CertificateError(-11, "").code and "expired" in str(e)
    e = _detail(lambda: nx.verify(pki.chain(not_before=NOW + DAY), pki.trust(), now=NOW))
    assert e.detail == nx.VerifyDetail.NOT_YET_VALID and e.detail_name == "not_yet_valid"
    # the same chain at a time it is valid
    nx.verify(pki.chain(not_before=NOW + DAY), pki.trust(), now=NOW + 2 * DAY).run()


def test_verify_wrong_host(pki: Pki) -> None:
    chain = pki.chain(dns=["www.example.com"])
    e = _detail(lambda: nx.verify(chain, pki.trust(), "www.example.org", now=NOW))
    assert e.detail == nx.VerifyDetail.NAME_MISMATCH and e.detail_name == "name_mismatch"
    assert e.detail_reason and e.detail_reason in str(e)
    # no CN fallback: the CN is "leaf"
    e = _detail(lambda: nx.verify(pki.chain(), pki.trust(), "leaf", now=NOW))
    assert e.detail == nx.VerifyDetail.NAME_MISMATCH


def test_verify_unknown_issuer(pki: Pki) -> None:
    other = Pki()
    e = _detail(lambda: nx.verify(pki.chain(), other.trust(), now=NOW))
    assert e.detail == nx.VerifyDetail.UNKNOWN_ISSUER and e.detail_name == "unknown_issuer"
    # the intermediate missing from the chain
    e = _detail(lambda: nx.verify(pki.chain()[:1], pki.trust(), now=NOW))
    assert e.detail == nx.VerifyDetail.UNKNOWN_ISSUER
    # an empty store
    e = _detail(lambda: nx.verify(pki.chain(), nx.TrustStore(), now=NOW))
    assert e.detail == nx.VerifyDetail.UNKNOWN_ISSUER


def test_verify_wildcard(pki: Pki) -> None:
    chain = pki.chain(dns=["*.example.com"])
    nx.verify(chain, pki.trust(), "www.example.com", now=NOW).run()
    nx.verify(chain, pki.trust(), "API.EXAMPLE.COM", now=NOW).run()
    for bad in ("example.com", "a.b.example.com", "www.example.org"):
        e = _detail(lambda: nx.verify(chain, pki.trust(), bad, now=NOW))
        assert e.detail == nx.VerifyDetail.NAME_MISMATCH, bad


def test_verify_ip_san(pki: Pki) -> None:
    chain = pki.chain(dns=["192.0.2.1"], ips=["192.0.2.7", "2001:db8::1"])
    nx.verify(chain, pki.trust(), ip="192.0.2.7", now=NOW).run()
    nx.verify(chain, pki.trust(), ip=ipaddress.IPv6Address("2001:db8::1"), now=NOW).run()
    nx.verify(chain, pki.trust(), ip="2001:0db8:0:0::1", now=NOW).run()  # normalised by ipaddress
    e = _detail(lambda: nx.verify(chain, pki.trust(), ip="192.0.2.8", now=NOW))
    assert e.detail == nx.VerifyDetail.NAME_MISMATCH
    # an IP literal never matches a dNSName holding the same text
    e = _detail(lambda: nx.verify(chain, pki.trust(), ip="192.0.2.1", now=NOW))
    assert e.detail == nx.VerifyDetail.NAME_MISMATCH
    with pytest.raises(ValueError):
        nx.verify(chain, pki.trust(), ip="not an ip", now=NOW)


def test_verify_purpose(pki: Pki) -> None:
    chain = pki.chain(eku=[ExtendedKeyUsageOID.CLIENT_AUTH])
    nx.verify(chain, pki.trust(), now=NOW, purpose="client").run()
    e = _detail(lambda: nx.verify(chain, pki.trust(), now=NOW, purpose="server"))
    assert e.detail == nx.VerifyDetail.USAGE
    with pytest.raises(nbtls.InvalidArgument, match="purpose"):
        nx.verify(chain, pki.trust(), purpose="email")


def test_verify_limits(pki: Pki) -> None:
    e = _detail(lambda: nx.verify(pki.chain(), pki.trust(), now=NOW, max_signatures=1))
    assert e.detail == nx.VerifyDetail.TOO_COSTLY
    with pytest.raises(nbtls.InvalidArgument):
        nx.verify(pki.chain(), pki.trust(), now=NOW, max_depth=65)


def test_verify_argument_errors(pki: Pki) -> None:
    with pytest.raises(nbtls.InvalidArgument, match="empty"):
        nx.verify([], pki.trust())
    with pytest.raises(nbtls.InvalidArgument, match="not both"):
        nx.verify(pki.chain(), pki.trust(), "a.example", ip="192.0.2.1")
    with pytest.raises(nbtls.InvalidArgument, match="empty"):
        nx.verify(pki.chain(dns=["a.example"]), pki.trust(), "", now=NOW)
    with pytest.raises(nbtls.InvalidArgument, match="NUL"):
        nx.verify(pki.chain(dns=["a.example"]), pki.trust(), "a.example\0.evil", now=NOW)
    with pytest.raises(TypeError):
        nx.verify([pki.leaf()], pki.trust())  # type: ignore[list-item]
    with pytest.raises(ValueError, match="aware"):
        nx.verify(pki.chain(), pki.trust(), now=dt.datetime(2026, 1, 1))


def test_verify_now_default_is_current_time(pki: Pki) -> None:
    today = dt.datetime.now(UTC)
    leaf = _mint("leaf", pki.leaf_key, ("Test Int", pki.int_key), not_before=today - DAY, not_after=today + DAY)
    root = _mint("Test Root", pki.root_key, ca=True, not_before=today - DAY, not_after=today + DAY)
    inter = _mint("Test Int", pki.int_key, ("Test Root", pki.root_key), ca=True, not_before=today - DAY, not_after=today + DAY)
    nx.verify([nx.Certificate.from_der(leaf), nx.Certificate.from_der(inter)], nx.TrustStore.from_der(root)).run()


# ---- restart and cancellation ---------------------------------------------------------


def _outcome(op: nx.VerifyOperation, budget: int) -> Tuple[str, int, int]:
    try:
        while op.poll(budget) != nbtls.Status.DONE:
            pass
        return ("ok", 0, op.signatures)
    except nbtls.CertificateError as e:
        return (e.detail_name, e.detail, op.signatures)


@pytest.mark.parametrize("case", ["valid", "expired", "name", "unknown"])
def test_restart_equivalence(pki: Pki, case: str) -> None:
    other = Pki()

    def make() -> nx.VerifyOperation:
        if case == "valid":
            return nx.verify(pki.chain(dns=["a.example"]), pki.trust(), "a.example", now=NOW)
        if case == "expired":
            return nx.verify(pki.chain(not_after=NOW - DAY), pki.trust(), now=NOW)
        if case == "name":
            return nx.verify(pki.chain(dns=["a.example"]), pki.trust(), "b.example", now=NOW)
        return nx.verify(pki.chain(), other.trust(), now=NOW)

    results = {b: _outcome(make(), b) for b in (0, 1, 7)}
    assert len(set(results.values())) == 1, results
    one = make()
    _outcome(one, 1)
    if case == "valid":
        assert one.polls > 10  # really sliced
    # awaited (the asyncio driver's slices) gives the same outcome
    async def main() -> Tuple[str, int]:
        try:
            await make().drive(slice_time=1e-6)
            return ("ok", 0)
        except nbtls.CertificateError as e:
            return (e.detail_name, e.detail)

    assert asyncio.run(main()) == results[0][:2]
    # the error is raised again, with its detail, by result()
    op = make()
    _outcome(op, 0)
    if case != "valid":
        with pytest.raises(nbtls.CertificateError) as ei:
            op.result()
        assert ei.value.detail_name == results[0][0]


def test_cancel_midway_frees_everything(pki: Pki) -> None:
    trust = pki.trust()
    chain = pki.chain(dns=["a.example"])
    refs = [weakref.ref(trust)] + [weakref.ref(c) for c in chain]
    total = nx.verify(chain, trust, "a.example", now=NOW)
    _outcome(total, 1)
    for stop in range(1, total.polls, max(1, total.polls // 16)):
        op = nx.verify(chain, trust, "a.example", now=NOW)
        for _ in range(stop):
            assert op.poll(1) == nbtls.Status.IN_PROGRESS
        op.close()
        assert op.closed and not op.done and op.detail is None
        with pytest.raises(nbtls.BadState, match="cancelled"):
            op.result()

    async def main() -> None:
        op = nx.verify(chain, trust, "a.example", now=NOW)
        task = asyncio.create_task(op.drive(slice_time=1e-9))
        for _ in range(3):
            await asyncio.sleep(0)
        assert not op.done and not op.closed and op.polls >= 1
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        assert op.closed and not op.done

    asyncio.run(main())
    # nothing keeps the certificates or the store alive once the ops are gone
    del trust, chain, total, op
    gc.collect()
    assert all(r() is None for r in refs)


def test_chain_outlives_caller_references(pki: Pki) -> None:
    # verify() keeps what the C op points at alive
    op = nx.verify(pki.chain(dns=["a.example"]), pki.trust(), "a.example", now=NOW)
    gc.collect()
    op.run()
