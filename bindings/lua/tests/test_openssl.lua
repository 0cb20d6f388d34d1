-- Differential tests against the `openssl` command (an independent
-- implementation), through temporary files:
--   openssl signs, nbtls verifies;  nbtls signs, openssl verifies;
--   public keys derived by both agree; ECDH secrets agree both ways.
-- DER <-> raw conversions: H.der_to_raw / H.raw_to_der (harness.lua);
-- P-256 SPKI, PKCS#8 and SEC1
-- ECPrivateKey DER have fixed bytes around the 65/32-byte values.
local H, nbtls = ...
local unhex, hex = H.unhex, H.hex

local CASES = tonumber(os.getenv("NBTLS_LUA_OPENSSL_CASES") or "") or 12

local SPKI_PREFIX = unhex("3059301306072a8648ce3d020106082a8648ce3d030107034200")
local PKCS8_PREFIX = unhex("308187020100301306072a8648ce3d020106082a8648ce3d030107046d306b0201010420")
local PKCS8_MID = unhex("a144034200")
local SEC1_PREFIX = unhex("30770201010420")
local SEC1_MID = unhex("a00a06082a8648ce3d030107a144034200")

local exec_ok, read, write = H.exec_ok, H.read_file, H.write_file

local function raw_to_der(sig) return H.raw_to_der(sig) end
local function der_to_raw(der) return H.der_to_raw(der, 32) end

-- private scalar and public point from openssl's key DER (SEC1 or PKCS#8)
local function parse_private_der(der)
    if #der == 138 and der:sub(1, #PKCS8_PREFIX) == PKCS8_PREFIX then
        local p = #PKCS8_PREFIX
        assert(der:sub(p + 33, p + 37) == PKCS8_MID, "PKCS#8: layout")
        return der:sub(p + 1, p + 32), der:sub(p + 38)
    elseif #der == 121 and der:sub(1, #SEC1_PREFIX) == SEC1_PREFIX then
        local p = #SEC1_PREFIX
        assert(der:sub(p + 33, p + 32 + #SEC1_MID) == SEC1_MID, "SEC1: layout")
        return der:sub(p + 1, p + 32), der:sub(p + 33 + #SEC1_MID)
    end
    error("unexpected private key DER (" .. #der .. " bytes): " .. hex(der:sub(1, 40)))
end

local has_openssl = exec_ok("openssl version >/dev/null 2>&1")
H.test("openssl command available", function()
    H.ok(has_openssl, "the openssl command is needed for the differential tests")
end)
if not has_openssl then return end

local dir, f = H.tmpdir("openssl")
local ossl_err = " 2>>" .. f("openssl.err")

-- digest lengths to cycle through (truncation rule beyond 32 bytes)
local LENS = { 32, 32, 20, 28, 48, 64, 33, 1, 32, 31, 32, 64 }
-- nbtls signs only the digest lengths of supported hashes
local SIGN_LENS = { 32, 32, 20, 28, 48, 64, 32, 20, 32, 28, 32, 64 }

H.test("DER helpers round-trip", function()
    for _ = 1, 50 do
        local raw = H.random_bytes(64)
        if _ % 5 == 0 then raw = ("\0"):rep(3) .. raw:sub(4) end
        H.eq(der_to_raw(raw_to_der(raw)), raw, "raw -> DER -> raw")
    end
end)

H.test("openssl key: nbtls derives the same public point", function()
    for i = 1, 3 do
        H.ok(exec_ok("openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 " ..
                     "-outform DER -out " .. f("ok" .. i .. ".der") .. ossl_err), "genpkey")
        local priv, pub = parse_private_der(read(f("ok" .. i .. ".der")))
        H.eq(nbtls.p256.private_key(priv):public_key():to_bytes(), pub, "public point " .. i)
    end
end)

H.test(string.format("openssl signs, nbtls verifies (%d cases)", CASES), function()
    H.ok(exec_ok("openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 " ..
                 "-outform DER -out " .. f("ossl.der") .. ossl_err), "genpkey")
    local _, pubbytes = parse_private_der(read(f("ossl.der")))
    local pub = nbtls.p256.public_key(pubbytes)
    for i = 1, CASES do
        local d = H.random_bytes(LENS[(i - 1) % #LENS + 1])
        write(f("d.bin"), d)
        os.remove(f("s.der"))
        H.ok(exec_ok("openssl pkeyutl -sign -keyform DER -inkey " .. f("ossl.der") ..
                     " -in " .. f("d.bin") .. " -out " .. f("s.der") .. ossl_err),
             "openssl pkeyutl -sign, case " .. i)
        local sig = der_to_raw(read(f("s.der")))
        H.eq(pub:verify(d, sig):run(), true, "case " .. i .. " (" .. #d .. "-byte digest)")
        local bad = sig:sub(1, 63) .. string.char((sig:byte(64) + 1) % 256)
        H.eq(pub:verify(d, bad):run(), nil, "case " .. i .. " altered")
    end
end)

H.test(string.format("nbtls signs, openssl verifies (%d cases)", CASES), function()
    local key = nbtls.p256.generate():run()
    local pub = key:public_key():to_bytes()
    write(f("pub.der"), SPKI_PREFIX .. pub)
    -- openssl reads our key as PKCS#8 and agrees on its public point
    write(f("mine.der"), PKCS8_PREFIX .. key:to_bytes() .. PKCS8_MID .. pub)
    H.ok(exec_ok("openssl pkey -inform DER -in " .. f("mine.der") ..
                 " -pubout -outform DER -out " .. f("mine_pub.der") .. ossl_err),
         "openssl pkey reads our PKCS#8")
    H.eq(read(f("mine_pub.der")), SPKI_PREFIX .. pub, "openssl's public point for our key")
    local verify = "openssl pkeyutl -verify -pubin -keyform DER -inkey " .. f("pub.der") ..
                   " -in " .. f("d.bin") .. " -sigfile " .. f("s.der") .. " >/dev/null" ..
                   ossl_err
    for _, n in ipairs({ 1, 31, 33, 49, 65 }) do
        H.raises("invalid argument", key.sign, key, H.random_bytes(n))
        H.raises("invalid argument", key.sign_deterministic, key, H.random_bytes(n))
    end
    for i = 1, CASES do
        local d = H.random_bytes(SIGN_LENS[(i - 1) % #SIGN_LENS + 1])
        write(f("d.bin"), d)
        local sig
        if i % 3 == 0 then
            -- await in a coroutine, as a gateway would
            local co = coroutine.wrap(function() return key:sign(d):await() end)
            repeat sig = co() until sig
        else
            sig = key:sign(d):run()
        end
        write(f("s.der"), raw_to_der(sig))
        H.ok(exec_ok(verify), "openssl rejected our signature, case " .. i ..
             " (" .. #d .. "-byte digest)")
        -- the check can fail: a signature over another digest is refused
        if i <= 3 then
            write(f("s.der"), raw_to_der(key:sign(H.random_bytes(#d)):run()))
            H.ok(not exec_ok(verify), "openssl accepted a wrong signature, case " .. i)
        end
    end
end)

H.test("ECDH: nbtls and openssl derive the same secret (4 cases, both ways)", function()
    for i = 1, 4 do
        H.ok(exec_ok("openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 " ..
                     "-outform DER -out " .. f("a.der") .. ossl_err), "genpkey")
        local _, apub = parse_private_der(read(f("a.der")))
        local mine = nbtls.p256.generate():run()
        local mypub = mine:public_key():to_bytes()
        write(f("b_pub.der"), SPKI_PREFIX .. mypub)
        os.remove(f("secret.bin"))
        H.ok(exec_ok("openssl pkeyutl -derive -keyform DER -inkey " .. f("a.der") ..
                     " -peerform DER -peerkey " .. f("b_pub.der") .. " -out " ..
                     f("secret.bin") .. ossl_err), "openssl pkeyutl -derive")
        local theirs = read(f("secret.bin"))
        H.eq(#theirs, 32, "openssl secret length")
        H.eq(mine:exchange(apub):run(), theirs, "case " .. i .. ": nbtls with openssl's point")
        -- and openssl's private key imported into nbtls, with our point
        local apriv = parse_private_der(read(f("a.der")))
        H.eq(nbtls.p256.private_key(apriv):exchange(mine:public_key()):run(), theirs,
             "case " .. i .. ": reverse direction")
    end
end)

H.rmdir(dir)
