-- P-384 (nbtls.p384) against the openssl command: keys openssl generates
-- (scalar and point read from `openssl pkey -text`), openssl signs digests /
-- nbtls verifies and back, ECDH both ways, ecdsa_secp384r1_sha384 messages
-- both ways, the curve order from `openssl ecparam -param_enc explicit`,
-- await slicing and misuse.
local H, nbtls = ...

if not nbtls.p384 then
    H.test("p384", function() H.skip("this nbtls.core has no P-384") end)
    return
end

local exec_ok, read, write, unhex = H.exec_ok, H.read_file, H.write_file, H.unhex
local has_openssl = exec_ok("openssl version >/dev/null 2>&1")
H.test("openssl command available (P-384)", function()
    H.ok(has_openssl, "the openssl command is needed for the differential tests")
end)
if not has_openssl then return end

local dir, f = H.tmpdir("p384")
local q = " 2>>" .. f("openssl.err")
local CASES = tonumber(os.getenv("NBTLS_LUA_OPENSSL_CASES") or "") or 12

local function popen_all(cmd)
    local p = assert(io.popen(H.sh .. cmd .. q))
    local s = p:read("*a")
    p:close()
    return s
end

-- The hex bytes of `text` between the line `from` and the line `to`.
local function hex_field(text, from, to)
    local body = text:match(from .. "%s*\n(.-)\n" .. to)
    assert(body, "no " .. from .. " in openssl output:\n" .. text)
    return unhex((body:gsub("[%s:]", "")))
end

local function left_pad(b, n)
    while #b > n and b:byte(1) == 0 do b = b:sub(2) end
    assert(#b <= n, "value too long")
    return ("\0"):rep(n - #b) .. b
end

-- A P-384 key made by openssl: the PEM file, the 48-byte scalar, the
-- 97-byte point and the SPKI DER (openssl's own encoding).
local function openssl_key(name)
    H.ok(exec_ok("openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-384 -out " ..
                 f(name .. ".pem") .. q), "genpkey P-384")
    local text = popen_all("openssl pkey -in " .. f(name .. ".pem") .. " -text -noout")
    local priv = left_pad(hex_field(text, "priv:", "pub:"), 48)
    local pub = hex_field(text, "pub:", "ASN1 OID")
    H.eq(#pub, 97, "openssl's point length")
    H.ok(exec_ok("openssl pkey -in " .. f(name .. ".pem") .. " -pubout -outform DER -out " ..
                 f(name .. ".spki") .. q), "pubout")
    local spki = read(f(name .. ".spki"))
    H.eq(spki:sub(-97), pub, "SPKI ends with the point")
    return { pem = f(name .. ".pem"), priv = priv, pub = pub, spki = spki }
end

local function compress(pub)
    return string.char(2 + pub:byte(97) % 2) .. pub:sub(2, 49)
end

-- digest lengths (FIPS 186-5 truncation beyond 48 bytes)
local LENS = { 48, 48, 32, 64, 20, 28, 49, 1, 48, 47, 48, 64 }
-- nbtls signs only the digest lengths of supported hashes
local SIGN_LENS = { 48, 48, 32, 64, 20, 28, 48, 20, 48, 28, 48, 64 }

H.test("sizes", function()
    local m = nbtls.p384
    H.eq(m.PRIVATE_LEN, 48, "private")
    H.eq(m.PUBLIC_LEN, 97, "public")
    H.eq(m.PUBLIC_COMPRESSED_LEN, 49, "compressed")
    H.eq(m.SIGNATURE_LEN, 96, "signature")
    H.eq(m.SECRET_LEN, 48, "secret")
    H.eq(m.SCHEME, 0x0503, "scheme")
end)

H.test("openssl keys: nbtls derives the same public point (import, restartable import)", function()
    for i = 1, 4 do
        local k = openssl_key("k" .. i)
        local key = i % 2 == 1 and nbtls.p384.private_key(k.priv)
                    or nbtls.p384.import_private(k.priv):run()
        H.eq(key.curve, "p384", "curve")
        H.eq(key:public_key():to_bytes(), k.pub, "public point " .. i)
        H.eq(key:to_bytes(), k.priv, "scalar round trip " .. i)
        H.eq(nbtls.p384.public_key(compress(k.pub)):to_bytes(), k.pub, "compressed point " .. i)
    end
end)

H.test(string.format("openssl signs digests, nbtls verifies (%d cases)", CASES), function()
    local k = openssl_key("sig")
    local pub = nbtls.p384.public_key(k.pub)
    for i = 1, CASES do
        local d = H.random_bytes(LENS[(i - 1) % #LENS + 1])
        write(f("d.bin"), d)
        os.remove(f("s.der"))
        H.ok(exec_ok("openssl pkeyutl -sign -inkey " .. k.pem .. " -in " .. f("d.bin") .. " -out " ..
                     f("s.der") .. q), "openssl pkeyutl -sign, case " .. i)
        local sig = H.der_to_raw(read(f("s.der")), 48)
        H.eq(pub:verify(d, sig):run(), true, "case " .. i .. " (" .. #d .. "-byte digest)")
        local bad = sig:sub(1, 95) .. string.char((sig:byte(96) + 1) % 256)
        H.eq(pub:verify(d, bad):run(), nil, "case " .. i .. " altered")
        H.eq(pub:verify(H.random_bytes(#d), sig):run(), nil, "case " .. i .. " other digest")
    end
end)

H.test(string.format("nbtls signs digests, openssl verifies (%d cases)", CASES), function()
    local key = nbtls.p384.generate():run()
    local k = openssl_key("prefix") -- openssl's SPKI header for P-384 keys
    write(f("mine.spki"), k.spki:sub(1, -98) .. key:public_key():to_bytes())
    local verify = "openssl pkeyutl -verify -pubin -keyform DER -inkey " .. f("mine.spki") ..
                   " -in " .. f("d.bin") .. " -sigfile " .. f("s.der") .. " >/dev/null" .. q
    for _, n in ipairs({ 1, 47, 49, 65 }) do
        H.raises("invalid argument", key.sign, key, H.random_bytes(n))
        H.raises("invalid argument", key.sign_deterministic, key, H.random_bytes(n))
    end
    for i = 1, CASES do
        local d = H.random_bytes(SIGN_LENS[(i - 1) % #SIGN_LENS + 1])
        write(f("d.bin"), d)
        local sig
        if i % 3 == 0 then
            local co = coroutine.wrap(function() return key:sign(d):await() end)
            repeat sig = co() until sig
        elseif i % 3 == 1 then
            sig = key:sign(d):run()
        else
            sig = key:sign_deterministic(d):run()
            H.eq(key:sign_deterministic(d):run(), sig, "deterministic")
        end
        H.eq(#sig, 96, "signature length")
        write(f("s.der"), H.raw_to_der(sig))
        H.ok(exec_ok(verify), "openssl rejected our signature, case " .. i ..
             " (" .. #d .. "-byte digest)")
        if i <= 3 then -- negative control
            write(f("s.der"), H.raw_to_der(key:sign(H.random_bytes(#d)):run()))
            H.ok(not exec_ok(verify), "openssl accepted a wrong signature, case " .. i)
        end
    end
end)

H.test("ECDH: nbtls and openssl derive the same 48-byte secret (4 cases, both ways)", function()
    for i = 1, 4 do
        local a = openssl_key("a")
        local mine = nbtls.p384.generate():run()
        write(f("b.spki"), a.spki:sub(1, -98) .. mine:public_key():to_bytes())
        os.remove(f("secret.bin"))
        H.ok(exec_ok("openssl pkeyutl -derive -inkey " .. a.pem .. " -peerform DER -peerkey " ..
                     f("b.spki") .. " -out " .. f("secret.bin") .. q), "openssl pkeyutl -derive")
        local theirs = read(f("secret.bin"))
        H.eq(#theirs, 48, "openssl secret length")
        local peer = i % 2 == 0 and compress(a.pub) or a.pub
        H.eq(mine:exchange(peer):run(), theirs, "case " .. i .. ": nbtls with openssl's point")
        H.eq(nbtls.p384.private_key(a.priv):exchange(mine:public_key()):run(), theirs,
             "case " .. i .. ": reverse direction")
    end
end)

H.test("ecdsa_secp384r1_sha384: openssl dgst -sha384 both ways", function()
    local k = openssl_key("m")
    local key = nbtls.p384.private_key(k.priv)
    local pub = nbtls.p384.public_key(k.pub)
    local theirs = "openssl dgst -sha384 -verify " .. f("mp.pem") .. " -signature " .. f("s.der") ..
                   " " .. f("m.bin") .. " >/dev/null" .. q
    H.ok(exec_ok("openssl pkey -in " .. k.pem .. " -pubout -out " .. f("mp.pem") .. q), "pubout")
    for i, len in ipairs({ 0, 1, 511, 512, 513, 3000 }) do
        local msg = H.random_bytes(len) or ""
        write(f("m.bin"), msg)
        os.remove(f("s.der"))
        H.ok(exec_ok("openssl dgst -sha384 -sign " .. k.pem .. " -out " .. f("s.der") .. " " ..
                     f("m.bin") .. q), "openssl dgst -sign")
        local sig = read(f("s.der"))
        H.eq(pub:verify_message(msg, sig):run(), true, "openssl's signature, case " .. i)
        H.eq(pub:verify_message(msg, sig, "ecdsa_secp384r1_sha384"):run(), true, "by name")
        H.eq(pub:verify_message(msg .. "x", sig):run(), nil, "tampered message, case " .. i)
        H.eq(pub:verify_message(msg, sig:sub(1, -2) .. string.char((sig:byte(-1) + 1) % 256)):run(),
             nil, "tampered signature, case " .. i)
        local mine = key:sign_message(msg):run()
        H.ok(#mine <= nbtls.SIGNATURE_MAX_LEN, "DER length " .. #mine)
        write(f("s.der"), mine)
        H.ok(exec_ok(theirs), "openssl rejected our signature, case " .. i)
        write(f("s.der"), key:sign_message(msg .. "x"):run())
        H.ok(not exec_ok(theirs), "openssl accepted another message's signature, case " .. i)
    end
    H.raises("nbtls: sign_message: scheme ecdsa_secp256r1_sha256 (0x0403) does not fit a P-384 key",
             key.sign_message, key, "m", "ecdsa_secp256r1_sha256")
    H.raises("nbtls: verify_message: scheme rsa_pss_rsae_sha384 (0x0805) does not fit a P-384 key",
             pub.verify_message, pub, "m", "sig", "rsa_pss_rsae_sha384")
end)

H.test("await: one slice per unit at budget 1", function()
    local key = nbtls.p384.generate():run()
    local op = key:sign(("d"):rep(48))
    local co = coroutine.create(function() return op:await(1) end)
    local yields, ok, res = 0, nil, nil
    repeat
        ok, res = coroutine.resume(co)
        H.ok(ok, tostring(res))
        if coroutine.status(co) == "suspended" then yields = yields + 1 end
    until coroutine.status(co) == "dead"
    H.eq(#res, 96, "signature")
    H.ok(op:units() > 20, "P-384 sign costs " .. op:units() .. " units")
    H.eq(yields + 1, op:units(), "slices")
end)

H.test("misuse and invalid keys raise", function()
    local text = popen_all("openssl ecparam -name secp384r1 -param_enc explicit -text -noout")
    local n = left_pad(hex_field(text, "Order:", "Cofactor"), 48)
    H.eq(#n, 48, "the order from openssl")
    local function add_small(b, k) -- b + k (k small, no overflow past 48 bytes)
        local out, carry = {}, k
        for i = #b, 1, -1 do
            local v = b:byte(i) + carry
            carry = math.floor(v / 256)
            out[i] = string.char(v % 256)
        end
        return table.concat(out)
    end
    for _, bad in ipairs({ ("\0"):rep(48), n, add_small(n, 1), ("\255"):rep(48) }) do
        H.raises("nbtls: invalid P-384 private key (the scalar must be in [1, n-1])",
                 nbtls.p384.private_key, bad)
        H.raises("invalid P-384 private key", nbtls.p384.import_private, bad)
    end
    local g = nbtls.p384.private_key(("\0"):rep(47) .. "\1"):public_key():to_bytes()
    local neg = nbtls.p384.private_key(add_small(n, -1)):public_key():to_bytes()
    H.eq(neg:sub(1, 49), g:sub(1, 49), "(n-1)G has G's x")
    H.ok(neg ~= g, "(n-1)G = -G")
    H.raises("nbtls: P-384 private key must be 48 bytes, got 32", nbtls.p384.private_key,
             ("\1"):rep(32))
    H.raises("nbtls: P-384 private key must be a string, got nil", nbtls.p384.private_key)
    H.raises("nbtls: P-384 public key must be 97 or 49 bytes, got 65", nbtls.p384.public_key,
             "\4" .. ("\1"):rep(64))
    H.raises("nbtls: invalid P-384 public key", nbtls.p384.public_key,
             g:sub(1, 96) .. string.char((g:byte(97) + 1) % 256))
    H.raises("nbtls: invalid P-384 public key", nbtls.p384.public_key, "\2" .. g:sub(2))
    local key = nbtls.p384.generate():run()
    local pub = key:public_key()
    local ok, err = pub:verify(("d"):rep(48), ("s"):rep(64)):run()
    H.eq(ok, nil, "a 64-byte P-384 signature")
    H.eq(err, "bad signature", "a wrong-length signature is a bad signature")
    H.eq(pub:verify(("d"):rep(48), n .. n):run(), nil, "r = s = n")
    local p256 = nbtls.p256.generate():run()
    H.raises("nbtls: exchange: the peer key is P-256, this key is P-384", key.exchange, key,
             p256:public_key())
    H.raises("nbtls: exchange: the peer key is P-384, this key is P-256", p256.exchange, p256, pub)
    H.raises("nbtls: P-384 public key must be 97 or 49 bytes, got 65", key.exchange, key,
             p256:public_key():to_bytes())
    H.raises("nbtls: P-256 public key must be 65 or 33 bytes, got 97", p256.exchange, p256,
             pub:to_bytes())
    local bad_peer = key:exchange(g:sub(1, 96) .. string.char((g:byte(97) + 1) % 256))
    H.raises("nbtls: exchange: invalid P-384 key or point", bad_peer.run, bad_peer)
    H.eq(tostring(pub), "nbtls.p384 public key", "tostring")
end)

H.rmdir(dir)
