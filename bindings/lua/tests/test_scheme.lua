-- Message-level signatures with TLS 1.3 SignatureSchemes (key:sign_message,
-- pub:verify_message: nbtls_sign_start / nbtls_verify_start) against the
-- openssl command: ECDSA P-256 (DER, ecdsa_secp256r1_sha256) both ways; RSA
-- PKCS#1 v1.5 and PSS (rsae, SHA-256/384/512) signatures openssl makes at
-- test time; tampering; schemes that do not fit the key; bad arguments.
local H, nbtls = ...

if not nbtls.core.nbtls_sign_start then
    H.test("signature schemes", function() H.skip("this nbtls.core has no nbtls_sign_start") end)
    return
end

local exec_ok, read, write = H.exec_ok, H.read_file, H.write_file
local has_openssl = exec_ok("openssl version >/dev/null 2>&1")
H.test("openssl command available (schemes)", function()
    H.ok(has_openssl, "the openssl command is needed for the differential tests")
end)
if not has_openssl then return end

local dir, f = H.tmpdir("scheme")
local q = " 2>>" .. f("openssl.err")

-- message lengths around nbtls' 512-byte hashing unit and the hash blocks
local LENS = { 0, 1, 55, 64, 511, 512, 513, 1500 }

local function flip_last(s)
    return s:sub(1, -2) .. string.char((s:byte(-1) + 1) % 256)
end

H.test("scheme table = the header's code points (RFC 8446 4.2.3)", function()
    local want = {
        rsa_pkcs1_sha256 = 0x0401, rsa_pkcs1_sha384 = 0x0501, rsa_pkcs1_sha512 = 0x0601,
        ecdsa_secp256r1_sha256 = 0x0403, ecdsa_secp384r1_sha384 = 0x0503,
        rsa_pss_rsae_sha256 = 0x0804, rsa_pss_rsae_sha384 = 0x0805, rsa_pss_rsae_sha512 = 0x0806,
    }
    local n = 0
    for name, code in pairs(nbtls.schemes) do
        H.eq(code, want[name], name)
        n = n + 1
    end
    H.eq(n, 8, "number of schemes")
    H.eq(nbtls.SIGNATURE_MAX_LEN, 512, "NBTLS_SIGNATURE_MAX_LEN (RSA-4096)")
end)

H.test("P-256: openssl signs (dgst -sha256, DER), nbtls verifies", function()
    H.ok(exec_ok("openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out " ..
                 f("k.pem") .. q), "genpkey")
    H.ok(exec_ok("openssl pkey -in " .. f("k.pem") .. " -pubout -out " .. f("p.pem") .. q), "pubout")
    local pub = nbtls.load_key(read(f("p.pem")))
    local priv = nbtls.load_key(read(f("k.pem")))
    for i, len in ipairs(LENS) do
        local msg = H.random_bytes(len) or ""
        write(f("m.bin"), msg)
        os.remove(f("s.der"))
        H.ok(exec_ok("openssl dgst -sha256 -sign " .. f("k.pem") .. " -out " .. f("s.der") .. " " ..
                     f("m.bin") .. q), "openssl dgst -sign")
        local sig = read(f("s.der"))
        H.eq(sig:byte(1), 0x30, "a DER SEQUENCE")
        local what = "case " .. i .. " (" .. len .. " bytes)"
        H.eq(pub:verify_message(msg, sig):run(), true, what)
        H.eq(pub:verify_message(msg, sig, "ecdsa_secp256r1_sha256"):run(), true, what .. " by name")
        H.eq(pub:verify_message(msg, sig, 0x0403):run(), true, what .. " by number")
        H.eq(priv:verify_message(msg, sig):run(), true, what .. " with the private key")
        local ok, err = pub:verify_message(msg .. "x", sig):run()
        H.eq(ok, nil, what .. ": tampered message")
        H.eq(err, "bad signature", "message")
        H.eq(pub:verify_message(msg, flip_last(sig)):run(), nil, what .. ": tampered signature")
        H.eq(pub:verify_message(msg, sig .. "\0"):run(), nil, what .. ": trailing byte")
        H.eq(pub:verify_message(msg, ""):run(), nil, what .. ": empty signature")
    end
end)

H.test("P-256: nbtls signs (DER), openssl verifies", function()
    -- openssl's key loaded into nbtls, and a key nbtls generated
    H.ok(exec_ok("openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out " ..
                 f("k2.pem") .. q), "genpkey")
    H.ok(exec_ok("openssl pkey -in " .. f("k2.pem") .. " -pubout -out " .. f("p2.pem") .. q),
         "pubout")
    local mine = nbtls.p256.generate():run()
    write(f("p3.der"), H.unhex("3059301306072a8648ce3d020106082a8648ce3d030107034200") ..
                       mine:public_key():to_bytes())
    H.ok(exec_ok("openssl pkey -pubin -inform DER -in " .. f("p3.der") .. " -out " .. f("p3.pem") ..
                 q), "openssl reads our public key")
    local keys = { { nbtls.load_key(read(f("k2.pem"))), f("p2.pem") }, { mine, f("p3.pem") } }
    for k, kp in ipairs(keys) do
        local key, pubfile = kp[1], kp[2]
        local verify = "openssl dgst -sha256 -verify " .. pubfile .. " -signature " .. f("s.der") ..
                       " " .. f("m.bin") .. " >/dev/null" .. q
        for i, len in ipairs(LENS) do
            local msg = H.random_bytes(len) or ""
            write(f("m.bin"), msg)
            local sig
            if i % 2 == 0 then
                local co = coroutine.wrap(function() return key:sign_message(msg):await() end)
                repeat sig = co() until sig
            else
                sig = key:sign_message(msg, "ecdsa_secp256r1_sha256"):run()
            end
            H.ok(#sig >= 8 and #sig <= 72, "DER length " .. #sig)
            write(f("s.der"), sig)
            local what = "key " .. k .. ", case " .. i .. " (" .. len .. " bytes)"
            H.ok(exec_ok(verify), "openssl rejected our signature, " .. what)
            H.eq(key:public_key():verify_message(msg, sig):run(), true, what .. " (nbtls)")
            if i <= 2 then -- negative controls: the check can fail
                write(f("s.der"), flip_last(sig))
                H.ok(not exec_ok(verify), "openssl accepted a tampered signature, " .. what)
                write(f("s.der"), key:sign_message(msg .. "x"):run())
                H.ok(not exec_ok(verify), "openssl accepted another message's signature, " .. what)
            end
        end
    end
end)

H.test("sign_message / verify_message yield inside a coroutine (hashing is restartable)", function()
    local key = nbtls.p256.generate():run()
    local msg = ("m"):rep(512 * 30)
    local op = key:sign_message(msg)
    local yields = 0
    local co = coroutine.create(function() return op:await(1) end)
    local ok, sig
    repeat
        ok, sig = coroutine.resume(co)
        H.ok(ok, tostring(sig))
        if coroutine.status(co) == "suspended" then yields = yields + 1 end
    until coroutine.status(co) == "dead"
    -- budget 1: one unit per slice; the 30 hashing units come on top of ECDSA's
    H.eq(yields + 1, op:units(), "one slice per unit")
    local short = key:sign_message(msg:sub(1, 512))
    short:run()
    H.ok(op:units() - short:units() >= 29, "hashing units: " .. short:units() .. " -> " .. op:units())
    H.eq(key:verify_message(msg, sig):run(), true, "verifies")
end)

H.test("scheme ops abandoned mid-hash, mid-ECDSA or mid-RSA are collected (ASan: no leak)", function()
    local keys = { nbtls.p256.generate():run() }
    if nbtls.p384 then keys[2] = nbtls.p384.generate():run() end
    H.ok(exec_ok("openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out " ..
                 f("gc.pem") .. q), "genpkey RSA")
    write(f("m.bin"), "gc")
    H.ok(exec_ok("openssl dgst -sha256 -sign " .. f("gc.pem") .. " -out " .. f("gc.sig") .. " " ..
                 f("m.bin") .. q), "openssl dgst -sign")
    H.ok(exec_ok("openssl pkey -in " .. f("gc.pem") .. " -pubout -out " .. f("gcp.pem") .. q), "pubout")
    local rsa = nbtls.load_key(read(f("gcp.pem")))
    local rsa_sig = read(f("gc.sig"))
    local msg = ("m"):rep(2048) -- 4 hashing units
    local weak = setmetatable({}, { __mode = "k" })
    local n = 0
    for _, key in ipairs(keys) do
        local sig = key:sign_message("x"):run()
        for _, budget in ipairs({ 1, 3, 4, 5, 40 }) do -- inside the hash, at the switch, in ECDSA
            for _, op in ipairs({ key:sign_message(msg), key:verify_message(msg, sig) }) do
                H.eq(op:poll(budget), "in_progress", "still running after " .. budget .. " units")
                weak[op._h], n = true, n + 1
            end
        end
    end
    for _, budget in ipairs({ 1, 4, 5, 60 }) do
        local op = rsa:verify_message(msg, rsa_sig, "rsa_pkcs1_sha256")
        H.eq(op:poll(budget), "in_progress", "RSA still running after " .. budget .. " units")
        weak[op._h], n = true, n + 1
    end
    collectgarbage("collect")
    collectgarbage("collect")
    H.eq(next(weak), nil, "handles left after collection (" .. n .. " abandoned ops)")
    H.eq(rsa:verify_message("gc", rsa_sig, "rsa_pkcs1_sha256"):run(), true, "the RSA signature")
end)

H.test("RSA: openssl signs (PKCS#1 v1.5, PSS; SHA-256/384/512), nbtls verifies", function()
    local n = 0
    for _, bits in ipairs({ 2048, 3072 }) do
        H.ok(exec_ok("openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:" .. bits .. " -out " ..
                     f("r.pem") .. q), "genpkey RSA " .. bits)
        H.ok(exec_ok("openssl pkey -in " .. f("r.pem") .. " -pubout -out " .. f("rp.pem") .. q),
             "pubout")
        local pub = nbtls.load_key(read(f("rp.pem")))
        H.eq(pub.curve, "rsa", "an RSA key")
        local all = {}
        for _, hash in ipairs({ "sha256", "sha384", "sha512" }) do
            all[#all + 1] = { "rsa_pkcs1_" .. hash, hash, "" }
            all[#all + 1] = { "rsa_pss_rsae_" .. hash, hash,
                              " -sigopt rsa_padding_mode:pss -sigopt rsa_pss_saltlen:digest" }
        end
        for i, c in ipairs(all) do
            local scheme, hash, opts = c[1], c[2], c[3]
            local msg = H.random_bytes(LENS[i % #LENS + 1]) or ""
            write(f("m.bin"), msg)
            os.remove(f("s.bin"))
            H.ok(exec_ok("openssl dgst -" .. hash .. " -sign " .. f("r.pem") .. opts .. " -out " ..
                         f("s.bin") .. " " .. f("m.bin") .. q), "openssl dgst -sign " .. scheme)
            local sig = read(f("s.bin"))
            H.eq(#sig, bits / 8, "signature length")
            local what = bits .. " " .. scheme
            H.eq(pub:verify_message(msg, sig, scheme):run(), true, what)
            H.eq(pub:verify_message(msg, sig, nbtls.schemes[scheme]):run(), true, what .. " (number)")
            local ok, err = pub:verify_message(msg .. "!", sig, scheme):run()
            H.eq(ok, nil, what .. ": tampered message")
            H.eq(err, "bad signature", "message")
            H.eq(pub:verify_message(msg, flip_last(sig), scheme):run(), nil, what .. ": tampered")
            H.eq(pub:verify_message(msg, sig:sub(2), scheme):run(), nil, what .. ": short signature")
            for _, other in ipairs(all) do
                if other[1] ~= scheme then
                    H.eq(pub:verify_message(msg, sig, other[1]):run(), nil,
                         what .. " verified as " .. other[1])
                end
            end
            n = n + 1
        end
        -- PSS with a salt other than the hash length is refused (TLS 1.3)
        write(f("m.bin"), "salt")
        H.ok(exec_ok("openssl dgst -sha256 -sign " .. f("r.pem") .. " -sigopt rsa_padding_mode:pss " ..
                     "-sigopt rsa_pss_saltlen:max -out " .. f("s.bin") .. " " .. f("m.bin") .. q),
             "openssl PSS max salt")
        H.eq(pub:verify_message("salt", read(f("s.bin")), "rsa_pss_rsae_sha256"):run(), nil,
             "PSS with the maximum salt length")
        H.raises("nbtls: verify_message: an RSA key needs a signature scheme", pub.verify_message,
                 pub, "m", read(f("s.bin")))
        H.raises("nbtls: verify_message: scheme ecdsa_secp256r1_sha256 (0x0403) does not fit an RSA key",
                 pub.verify_message, pub, "m", read(f("s.bin")), "ecdsa_secp256r1_sha256")
    end
    H.eq(n, 12, "cases")
end)

H.test("schemes that do not fit the key, unsupported schemes, bad arguments raise", function()
    local key = nbtls.p256.generate():run()
    local pub = key:public_key()
    local sig = key:sign_message("m"):run()
    for _, s in ipairs({ "ecdsa_secp384r1_sha384", "rsa_pss_rsae_sha256", "rsa_pkcs1_sha256" }) do
        local label = string.format("%s (0x%04x)", s, nbtls.schemes[s])
        H.raises("nbtls: verify_message: scheme " .. label .. " does not fit a P-256 key",
                 pub.verify_message, pub, "m", sig, s)
        H.raises("nbtls: sign_message: scheme " .. label .. " does not fit a P-256 key",
                 key.sign_message, key, "m", s)
    end
    -- The names of schemes nbtls does not implement come from the C
    -- library's registry table (nbtls_sig_name).
    local iana = { [0x0201] = "rsa_pkcs1_sha1", [0x0603] = "ecdsa_secp521r1_sha512",
                   [0x0807] = "ed25519", [0x0808] = "ed448", [0x0809] = "rsa_pss_pss_sha256" }
    for _, code in ipairs({ 0, 0x0201, 0x0603, 0x0807, 0x0808, 0x0809, 0xffff }) do
        H.eq(nbtls.scheme_name(code), iana[code], "scheme_name")
        local label = iana[code] and string.format("%s (0x%04x)", iana[code], code)
                      or string.format("0x%04x", code)
        H.raises("nbtls: verify_message: unsupported signature scheme " .. label,
                 pub.verify_message, pub, "m", sig, code)
        H.raises("nbtls: sign_message: unsupported signature scheme " .. label,
                 key.sign_message, key, "m", code)
    end
    H.raises("nbtls: unknown signature scheme ed25519 (use ecdsa_secp256r1_sha256, ",
             key.sign_message, key, "m", "ed25519")
    for _, bad in ipairs({ -1, 0x10000, 1.5, 0 / 0, 2 ^ 53 }) do
        H.raises("nbtls: signature scheme must be a name or an integer in [0, 65535], got",
                 key.sign_message, key, "m", bad)
    end
    H.raises("nbtls: signature scheme must be a name or an integer in [0, 65535], got table",
             pub.verify_message, pub, "m", sig, {})
    H.raises("nbtls: message must be a string, got nil", key.sign_message, key)
    H.raises("nbtls: signature must be a string, got number", pub.verify_message, pub, "m", 5)
    H.raises("nbtls: expected public key (call it with ':')", pub.verify_message, "m", sig)
    H.eq(key:sign_message("m", "ECDSA_SECP256R1_SHA256"):run():byte(1), 0x30, "names in any case")
    local x = nbtls.x25519.generate():run()
    H.raises("nbtls: sign: X25519 keys do not sign", x.sign_message, x, "m")
    H.raises("nbtls: verify_message: an X25519 key needs a signature scheme",
             x:public_key().verify_message, x:public_key(), "m", sig)
    H.raises("does not fit an X25519 key", x.verify_message, x, "m", sig, "ecdsa_secp256r1_sha256")
    pub:close()
    H.raises("nbtls: the public key is closed", pub.verify_message, pub, "m", sig)
end)

H.rmdir(dir)
