-- Known-answer tests from tests/vectors/ (values from RFC 6979 A.2.5 and
-- RFC 5903 8.1, and signatures made by Python `cryptography` and the
-- openssl command; provenance in each file's header).
local H, nbtls = ...
local unhex, hex = H.unhex, H.hex

local function flip(s, i, bit)
    bit = bit or 1
    local b = s:byte(i)
    local nb = (b % (2 * bit) >= bit) and b - bit or b + bit
    return s:sub(1, i - 1) .. string.char(nb) .. s:sub(i + 1)
end
H.flip = flip

local function compress(sec1)
    local y_odd = sec1:byte(65) % 2 == 1
    return (y_odd and "\3" or "\2") .. sec1:sub(2, 33)
end

-- RFC 6979 A.2.5 ------------------------------------------------------------
local recs = H.read_records(H.vectors .. "/p256_rfc6979.txt")
H.test("p256_rfc6979.txt present", function()
    H.ok(recs and #recs >= 2, "tests/vectors/p256_rfc6979.txt missing or empty")
end)
if recs and #recs >= 2 then
    local kp = recs[1]
    local X = unhex(kp.x)
    local U = "\4" .. unhex(kp.Ux) .. unhex(kp.Uy)

    H.test("RFC 6979 A.2.5 key pair: U = xG", function()
        local key = nbtls.p256.private_key(X)
        H.eq(key:public_key():to_bytes(), U, "U")
        H.eq(nbtls.p256.import_private(X):run():public_key():to_bytes(), U, "U (restartable)")
    end)

    for i = 2, #recs do
        local r = recs[i]
        local name = string.format("RFC 6979 A.2.5 %s(%q)", r.hash, r.msg)
        H.test(name .. " sign_deterministic = RFC's (r, s)", function()
            local key = nbtls.p256.private_key(X)
            local digest = unhex(r.digest)
            H.eq(#digest, tonumber(r.hash_len), "digest length")
            -- RFC 6979 derives the nonce with HMAC over the message's own
            -- hash H; the core picks H from the digest length (20, 28, 32,
            -- 48, 64 bytes: SHA-1, -224, -256, -384, -512), so every record
            -- gives the RFC's exact (r, s).
            local want = unhex(r.r) .. unhex(r.s)
            H.eq(key:sign_deterministic(digest):run(), want, "run() = RFC 6979 (r, s)")
            -- the same through await() in a coroutine, with a tiny budget
            local co = coroutine.create(function()
                return key:sign_deterministic(digest):await(2)
            end)
            local yields, ok, res = 0, nil, nil
            repeat
                ok, res = coroutine.resume(co)
                H.ok(ok, tostring(res))
                if coroutine.status(co) == "suspended" then yields = yields + 1 end
            until coroutine.status(co) == "dead"
            H.eq(res, want, "await()")
            H.ok(yields > 10, "await yielded " .. yields .. " times")
        end)
        H.test(name .. " verify, and rejects altered inputs", function()
            local pub = nbtls.p256.public_key(U)
            local digest = unhex(r.digest)
            local sig = unhex(r.r) .. unhex(r.s)
            H.eq(pub:verify(digest, sig):run(), true, "valid")
            local ok, err = pub:verify(digest, flip(sig, 64)):run()
            H.eq(ok, nil, "s altered")
            H.eq(err, "bad signature", "message")
            H.eq(pub:verify(digest, flip(sig, 1, 128)):run(), nil, "r altered")
            H.eq(pub:verify(flip(digest, 1), sig):run(), nil, "digest altered")
            -- a hedged (randomised) signature verifies too
            local key = nbtls.p256.private_key(X)
            local hedged = key:sign(digest):run()
            H.eq(#hedged, 64, "hedged signature length")
            H.eq(pub:verify(digest, hedged):run(), true, "hedged signature verifies")
            H.eq(key:verify(digest, hedged):run(), true, "key:verify")
        end)
    end
end

-- RFC 5903 8.1 ---------------------------------------------------------------
local dh = H.read_records(H.vectors .. "/p256_rfc5903.txt")
H.test("p256_rfc5903.txt present", function()
    H.ok(dh and dh[1], "tests/vectors/p256_rfc5903.txt missing")
end)
if dh and dh[1] then
    local v = dh[1]
    H.test("RFC 5903 8.1 ECDH both ways, objects, SEC1 and compressed peers", function()
        local i = nbtls.p256.private_key(unhex(v.i))
        local r = nbtls.p256.private_key(unhex(v.r))
        local gi = "\4" .. unhex(v.gix) .. unhex(v.giy)
        local gr = "\4" .. unhex(v.grx) .. unhex(v.gry)
        H.eq(i:public_key():to_bytes(), gi, "g^i")
        H.eq(r:public_key():to_bytes(), gr, "g^r")
        local want = unhex(v.girx)
        H.eq(i:exchange(r:public_key()):run(), want, "i with r's public object")
        H.eq(r:exchange(i:public_key()):run(), want, "r with i's public object")
        H.eq(i:exchange(gr):run(), want, "i with r's SEC1 string")
        H.eq(r:exchange(compress(gi)):run(), want, "r with i's compressed point")
        H.eq(i:exchange(nbtls.p256.public_key(compress(gr))):await(), want,
             "await outside a coroutine runs to completion")
        H.ok(i:exchange(gi):run() ~= want, "a different peer gives a different secret")
    end)
end

-- Digest lengths (signatures by cryptography / openssl) ---------------------------
local dg = H.read_records(H.vectors .. "/p256_ecdsa_digests.txt")
if dg and dg[1] then
    local key = dg[1]
    for i = 2, #dg do
        local r = dg[i]
        H.test(string.format("p256_ecdsa_digests.txt #%d (%s-byte digest) verifies", i - 1,
                             r.digest_len), function()
            local pub = nbtls.p256.public_key(unhex(key.Q))
            local digest, sig = unhex(r.digest), unhex(r.sig)
            H.eq(#digest, tonumber(r.digest_len), "digest length")
            H.eq(pub:verify(digest, sig):run(), true, "valid signature (" .. r.signer .. ")")
            H.eq(pub:verify(digest, flip(sig, 40)):run(), nil, "altered s")
            if #digest <= 32 then
                H.eq(pub:verify(flip(digest, #digest), sig):run(), nil, "altered digest")
            else
                -- bytes past the 32nd are truncated away (FIPS 186-5): still valid
                H.eq(pub:verify(flip(digest, #digest), sig):run(), true,
                     "bytes beyond n's length are ignored")
                H.eq(pub:verify(flip(digest, 32), sig):run(), nil, "altered 32nd byte")
            end
        end)
    end
    H.test("p256_ecdsa_digests.txt: d gives Q", function()
        local k = nbtls.p256.private_key(unhex(key.d))
        H.eq(hex(k:public_key():to_bytes()), key.Q:upper(), "Q")
    end)
end
