-- RSA signature verification (keys and signatures made by the openssl
-- command): PSS and PKCS#1 v1.5, SHA-256/384/512, 2048 and 3072 bits;
-- tampering gives nil, "bad signature"; misuse raises.
local H, nbtls = ...

if not (nbtls.core.nbtls_rsa_verify_start and nbtls.load_key) then
    H.test("rsa", function() H.skip("this nbtls.core has no RSA verification") end)
    return
end

local exec_ok, read, write = H.exec_ok, H.read_file, H.write_file

H.test("RSA: openssl signs (PSS, PKCS#1 v1.5; SHA-256/384/512), nbtls verifies", function()
    if not exec_ok("openssl version >/dev/null 2>&1") then H.skip("no openssl command") end
    local t = os.tmpname()
    local q = " 2>/dev/null"
    local n = 0
    for _, bits in ipairs({ 2048, 3072 }) do
        H.ok(exec_ok("openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:" .. bits ..
                     " -out " .. t .. ".key" .. q), "genpkey RSA " .. bits)
        H.ok(exec_ok("openssl pkey -in " .. t .. ".key -pubout -out " .. t .. ".pub" .. q), "pubout")
        local pub = nbtls.load_key(read(t .. ".pub"))
        H.eq(pub.curve, "rsa", "an RSA public key")
        H.raises("nbtls: load_key: unsupported key", nbtls.load_key, read(t .. ".key"))
        for _, hash in ipairs({ "sha256", "sha384", "sha512" }) do
            for _, padding in ipairs({ "pss", "pkcs1" }) do
                local digest = nbtls.hash(hash, H.random_bytes(100))
                write(t .. ".d", digest)
                local opts = " -pkeyopt digest:" .. hash
                if padding == "pss" then
                    opts = opts .. " -pkeyopt rsa_padding_mode:pss -pkeyopt rsa_pss_saltlen:digest"
                end
                os.remove(t .. ".s")
                H.ok(exec_ok("openssl pkeyutl -sign -inkey " .. t .. ".key -in " .. t .. ".d -out " ..
                             t .. ".s" .. opts .. q), "openssl sign")
                local sig = read(t .. ".s")
                H.eq(#sig, bits / 8, "signature length")
                local what = bits .. " " .. hash .. " " .. padding
                H.eq(pub:verify(digest, sig, padding):run(), true, what)
                local ok, err = pub:verify(digest, sig:sub(1, -2) ..
                                           string.char((sig:byte(-1) + 1) % 256), padding):run()
                H.eq(ok, nil, what .. " tampered")
                H.eq(err, "bad signature", "message")
                local other = padding == "pss" and "pkcs1" or "pss"
                H.eq(pub:verify(digest, sig, other):run(), nil, what .. " under the other padding")
                n = n + 1
            end
        end
        -- through await() in a coroutine: many slices
        local digest = nbtls.sha256("await")
        write(t .. ".d", digest)
        H.ok(exec_ok("openssl pkeyutl -sign -inkey " .. t .. ".key -in " .. t .. ".d -out " .. t ..
                     ".s -pkeyopt digest:sha256" .. q), "sign")
        local op = pub:verify(digest, read(t .. ".s"), "pkcs1")
        local co = coroutine.create(function() return op:await(4) end)
        local yields, ok, res = 0, nil, nil
        repeat
            ok, res = coroutine.resume(co)
            H.ok(ok, tostring(res))
            if coroutine.status(co) == "suspended" then yields = yields + 1 end
        until coroutine.status(co) == "dead"
        H.eq(res, true, "await result")
        -- a slice of budget 4 does 1..4 units: at least units/4 slices
        H.ok(op:units() >= 20, "RSA verify costs " .. op:units() .. " units")
        H.ok(yields + 1 >= op:units() / 4, "await yielded " .. yields .. " times for " ..
             op:units() .. " units")
        -- misuse
        H.raises('nbtls: RSA verify needs a padding: "pss" or "pkcs1", got nil', pub.verify, pub,
                 digest, read(t .. ".s"))
        H.raises("nbtls: RSA verify: digest must be 32, 48 or 64 bytes", pub.verify, pub,
                 digest:sub(1, 20), read(t .. ".s"), "pss")
        -- a signature of the wrong length is a bad signature (the op says so)
        local ok, err = pub:verify(digest, ("s"):rep(64), "pss"):run()
        H.eq(ok, nil, "wrong-length signature")
        H.eq(err, "bad signature", "wrong-length signature")
    end
    H.eq(n, 12, "cases")
    for _, ext in ipairs({ "", ".key", ".pub", ".d", ".s" }) do os.remove(t .. ext) end
end)
