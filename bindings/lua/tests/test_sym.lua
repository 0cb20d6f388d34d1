-- The symmetric layer (nbtls/sym.h) through Lua: hashes and HMAC against
-- the openssl command, HKDF against `openssl kdf`, AEADs against Python
-- `cryptography` (skipped when it is missing), streaming and bad inputs.
local H, nbtls = ...
local hex = H.hex

local exec_ok, write = H.exec_ok, H.write_file

local function capture(cmd)
    local p = assert(io.popen(H.sh .. cmd, "r"))
    local out = p:read("*a")
    local ok = p:close()
    return out, ok
end


local has_openssl = exec_ok("openssl version >/dev/null 2>&1")
local tmp = os.tmpname()

local LENGTHS = { 0, 1, 3, 55, 56, 63, 64, 65, 111, 112, 127, 128, 129, 1000, 70000 }

H.test("hashes = openssl dgst (sha256/384/512, 15 lengths each)", function()
    if not has_openssl then H.skip("no openssl command") end
    for _, alg in ipairs({ "sha256", "sha384", "sha512" }) do
        for _, n in ipairs(LENGTHS) do
            local data = H.random_bytes(n)
            write(tmp, data)
            local out = capture("openssl dgst -" .. alg .. " -binary " .. tmp)
            H.eq(nbtls.hash(alg, data), out, alg .. " of " .. n .. " bytes")
        end
    end
    H.eq(nbtls.sha256("x"), nbtls.hash("SHA-256", "x"), "aliases")
    H.eq(#nbtls.sha384(""), 48, "sha384 length")
    H.eq(#nbtls.sha512(""), 64, "sha512 length")
end)

H.test("HMAC = openssl dgst -mac HMAC (key lengths 1..200)", function()
    if not has_openssl then H.skip("no openssl command") end
    for _, alg in ipairs({ "sha256", "sha384", "sha512" }) do
        for _, kl in ipairs({ 1, 20, 32, 64, 65, 128, 129, 200 }) do
            local key, data = H.random_bytes(kl), H.random_bytes(kl * 3 + 1)
            write(tmp, data)
            local out = capture("openssl dgst -" .. alg .. " -mac HMAC -macopt hexkey:" ..
                                hex(key) .. " -binary " .. tmp)
            H.eq(nbtls.hmac(alg, key, data), out, alg .. " key " .. kl)
        end
    end
end)

H.test("HKDF extract/expand = openssl kdf HKDF", function()
    if not has_openssl then H.skip("no openssl command") end
    local probe = capture("openssl kdf -keylen 16 -kdfopt digest:SHA256 -kdfopt hexkey:00 " ..
                          "HKDF 2>/dev/null")
    if probe == "" then H.skip("openssl kdf not available (OpenSSL < 3)") end
    local function ossl(args)
        local out = capture("openssl kdf " .. args .. " HKDF")
        return H.unhex((out:gsub("[:%s]", "")))
    end
    for i, alg in ipairs({ "sha256", "sha384", "sha512", "sha256" }) do
        local ikm, salt, info = H.random_bytes(22 + i), H.random_bytes(13 * i), H.random_bytes(i * 5)
        local L = ({ 42, 100, 1, 255 })[i]
        local D = alg:upper()
        local prk = nbtls.hkdf_extract(alg, salt, ikm)
        H.eq(prk, ossl(("-keylen %d -kdfopt digest:%s -kdfopt hexkey:%s -kdfopt hexsalt:%s " ..
                        "-kdfopt mode:EXTRACT_ONLY"):format(#prk, D, hex(ikm), hex(salt))),
             alg .. " extract")
        H.eq(nbtls.hkdf_expand(alg, prk, info, L),
             ossl(("-keylen %d -kdfopt digest:%s -kdfopt hexkey:%s -kdfopt hexinfo:%s " ..
                   "-kdfopt mode:EXPAND_ONLY"):format(L, D, hex(prk), hex(info))),
             alg .. " expand " .. L)
    end
end)

H.test("streaming hash: every split point, update chaining, copy mid-stream", function()
    local data = H.random_bytes(300)
    for _, alg in ipairs({ "sha256", "sha384", "sha512" }) do
        local want = nbtls.hash(alg, data)
        for cut = 0, #data, 7 do
            local h = nbtls.hasher(alg)
            h:update(data:sub(1, cut)):update(data:sub(cut + 1))
            H.eq(h:digest(), want, alg .. " split at " .. cut)
        end
        local h = nbtls.hasher(alg):update(data:sub(1, 100))
        local c = h:copy()
        h:update(data:sub(101))
        H.eq(h:digest(), want, "original")
        H.eq(c:update(data:sub(101)):digest(), want, "copy")
        H.eq(h:digest(), nbtls.hash(alg, ""), "digest() resets")
        h:close()
        H.raises("nbtls: the hasher is closed", h.update, h, "x")
    end
end)

-- a Python with `cryptography`: the one on PATH, else Debian's
local py
for _, exe in ipairs({ "python3", "/usr/bin/python3" }) do
    if exec_ok(exe .. " -c 'import cryptography' >/dev/null 2>&1") then
        py = exe
        break
    end
end

H.test("AEADs = Python cryptography (seal both ways, 3 algorithms)", function()
    if not py then H.skip("no python3 with cryptography") end
    local PY = [[
import sys
from cryptography.hazmat.primitives.ciphers.aead import AESGCM, ChaCha20Poly1305
alg, key, nonce, aad, data, op = sys.argv[1:7]
c = (ChaCha20Poly1305 if alg == "chacha20-poly1305" else AESGCM)(bytes.fromhex(key))
f = c.encrypt if op == "seal" else c.decrypt
print(f(bytes.fromhex(nonce), bytes.fromhex(data), bytes.fromhex(aad) or None).hex())
]]
    write(tmp, PY)
    for _, alg in ipairs({ "aes-128-gcm", "aes-256-gcm", "chacha20-poly1305" }) do
        for _, n in ipairs({ 0, 1, 16, 17, 64, 1000 }) do
            local key = H.random_bytes(alg == "aes-128-gcm" and 16 or 32)
            local nonce, aad, pt = H.random_bytes(12), H.random_bytes(n % 20), H.random_bytes(n)
            local a = nbtls.aead(alg, key)
            local sealed = a:seal(nonce, pt, aad)
            H.eq(#sealed, n + 16, "length")
            local cmd = { py, tmp }
            for _, v in ipairs({ alg, hex(key), hex(nonce), hex(aad), hex(pt), "seal" }) do
                cmd[#cmd + 1] = "'" .. v .. "'"
            end
            local theirs = H.unhex((capture(table.concat(cmd, " ")):gsub("%s", "")))
            H.eq(sealed, theirs, alg .. " seal " .. n)
            H.eq(a:open(nonce, sealed, aad), pt, alg .. " open " .. n)
            local ok, err = a:open(nonce, sealed:sub(1, -2) .. string.char((sealed:byte(-1) + 1) % 256), aad)
            H.eq(ok, nil, "tampered tag")
            H.eq(err, "authentication failed", "message")
            H.eq(a:open(nonce, sealed, aad .. "x"), nil, "other aad")
            a:close()
        end
    end
end)

H.test("AEAD without a peer: round trip, aad default, tamper (always runs)", function()
    for _, alg in ipairs({ "aes-128-gcm", "aes-256-gcm", "chacha20-poly1305" }) do
        local a = nbtls.aead(alg, H.random_bytes(alg == "aes-128-gcm" and 16 or 32))
        local nonce = H.random_bytes(12)
        local pt = H.random_bytes(100)
        local sealed = a:seal(nonce, pt)
        H.eq(a:open(nonce, sealed), pt, alg .. " round trip")
        H.eq(a:open(nonce, sealed, ""), pt, alg .. " nil aad = empty aad")
        H.ok(sealed:sub(1, 100) ~= pt, "encrypted")
        H.eq(a:open(nonce, ("\0"):rep(16) .. sealed:sub(17)), nil, alg .. " altered ciphertext")
        H.eq(a:open(H.random_bytes(12), sealed), nil, alg .. " other nonce")
    end
end)

H.test("sym bad inputs raise", function()
    H.raises("nbtls: unknown hash md5 (use sha256, sha384, sha512)", nbtls.hash, "md5", "x")
    H.raises("nbtls: data must be a string, got number", nbtls.sha256, 5)
    H.raises("nbtls: HMAC key must be a string", nbtls.hmac, "sha256", nil, "x")
    H.raises("nbtls: HKDF output length must be an integer in [1, 8160], got 8161",
             nbtls.hkdf_expand, "sha256", ("k"):rep(32), "", 8161)
    H.raises("must be an integer", nbtls.hkdf_expand, "sha256", ("k"):rep(32), "", 0)
    H.raises("nbtls: HKDF PRK must be at least 32 bytes, got 31", nbtls.hkdf_expand, "sha256",
             ("k"):rep(31), "", 10)
    H.raises("nbtls: unknown AEAD aes-128-cbc", nbtls.aead, "aes-128-cbc", ("k"):rep(16))
    H.raises("nbtls: aes-128-gcm key must be 16 bytes, got 32", nbtls.aead, "AES-128-GCM",
             ("k"):rep(32))
    H.raises("nbtls: chacha20-poly1305 key must be 32 bytes, got 16", nbtls.aead,
             "chacha20-poly1305", ("k"):rep(16))
    local a = nbtls.aead("aes-256-gcm", ("k"):rep(32))
    H.raises("nbtls: AEAD nonce must be 12 bytes, got 8", a.seal, a, ("n"):rep(8), "x")
    H.raises("nbtls: plaintext must be a string, got nil", a.seal, a, ("n"):rep(12))
    H.raises("nbtls: associated data must be a string, got number", a.seal, a, ("n"):rep(12),
             "x", 7)
    H.raises("nbtls: AEAD sealed data must be at least 16 bytes (the tag), got 15", a.open, a,
             ("n"):rep(12), ("c"):rep(15))
    a:close()
    a:close()
    H.raises("nbtls: the AEAD is closed", a.seal, a, ("n"):rep(12), "x")
    H.raises("nbtls: expected AEAD", a.seal, "x", ("n"):rep(12), "x")
    -- low level
    local core = nbtls.core
    H.eq(core.nbtls_hash(99, "x"), core.NBTLS_E_UNSUPPORTED, "unknown alg id")
    H.raises("output length must be an integer in [0, 65535]", core.nbtls_hkdf_expand,
             core.NBTLS_SHA256, ("k"):rep(32), "", 70000)
    H.raises("expected 'number' got 'string'", core.nbtls_hkdf_expand,
             core.NBTLS_SHA256, ("k"):rep(32), "", "10")
end)

H.test("TLS 1.3 Expand-Label = HKDF-Expand over the HkdfLabel (RFC 8446 7.1)", function()
    local core = nbtls.core
    local secret = H.random_bytes(32)
    for _, case in ipairs({ { "key", "", 16 }, { "iv", "", 12 }, { "c hs traffic", H.random_bytes(32), 32 } }) do
        local label, ctx, L = case[1], case[2], case[3]
        local full = "tls13 " .. label
        local info = string.char(math.floor(L / 256), L % 256, #full) .. full .. string.char(#ctx) .. ctx
        local rc, out = core.nbtls_tls13_hkdf_expand_label(core.NBTLS_SHA256, secret, label, ctx, L)
        H.eq(rc, 0, "rc")
        H.eq(out, nbtls.hkdf_expand("sha256", secret, info, L), label)
    end
end)

os.remove(tmp)
