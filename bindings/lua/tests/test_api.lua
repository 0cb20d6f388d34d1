-- API shape, bad inputs (every rejection path raises a clear Lua error,
-- nothing crashes), handle life cycle (close, idempotence, closed handles).
local H, nbtls = ...
local core = nbtls.core
local unhex = H.unhex

local params = assert(H.read_records(H.vectors .. "/p256_params.txt"), "p256_params.txt")[1]
local rfc6979 = assert(H.read_records(H.vectors .. "/p256_rfc6979.txt"), "p256_rfc6979.txt")
local X = unhex(rfc6979[1].x)
local U = "\4" .. unhex(rfc6979[1].Ux) .. unhex(rfc6979[1].Uy)
local N = unhex(params.n)
local DIGEST = unhex(rfc6979[4].digest) -- SHA-256("sample")

-- n - 1 and n + 1 as big-endian bytes (no bignum library: byte arithmetic)
local function add_small(b, d)
    local out, carry = {}, d
    for i = #b, 1, -1 do
        local v = b:byte(i) + carry
        if v < 0 then out[i], carry = v + 256, -1
        elseif v > 255 then out[i], carry = v - 256, 1
        else out[i], carry = v, 0 end
    end
    return string.char((unpack or table.unpack)(out))
end

H.test("version", function()
    H.ok(nbtls.version():match("^%d+%.%d+%.%d+$"), "version string " .. nbtls.version())
    H.eq(nbtls.version_number(), core.NBTLS_VERSION_NUMBER, "version number vs header")
    local maj, min, pat = nbtls.version():match("^(%d+)%.(%d+)%.(%d+)$")
    H.eq(tonumber(maj) * 65536 + tonumber(min) * 256 + tonumber(pat), nbtls.version_number(),
         "string and number agree")
    H.eq(type(nbtls.strerror(core.NBTLS_E_BAD_KEY)), "string", "strerror")
end)

H.test("low level: constants and integer statuses", function()
    H.eq(core.NBTLS_DONE, 0, "DONE")
    H.eq(core.NBTLS_E_BAD_SIGNATURE, -6, "E_BAD_SIGNATURE")
    H.eq(core.NBTLS_P256_PUBLIC_LEN, 65, "PUBLIC_LEN")
    local rc = core.nbtls_key_p256_from_private(("\0"):rep(32))
    H.eq(math.type and math.type(rc) or "integer", "integer", "status is an integer")
    H.eq(rc, core.NBTLS_E_BAD_KEY, "zero scalar")
    H.eq(core.nbtls_set_allocator, nil, "set_allocator not exposed")
    H.eq(core.nbtls_op_free, nil, "op_free not exposed (handles free themselves)")
    H.eq(core.nbtls_key_free, nil, "key_free not exposed")
    H.eq(core.nbtls_key_up_ref, nil, "key_up_ref not exposed (a handle owns one reference)")
end)

H.test("private key round trip and public key", function()
    local key = nbtls.p256.private_key(X)
    H.eq(key:to_bytes(), X, "to_bytes")
    local pub = key:public_key()
    H.eq(pub:to_bytes(), U, "public point = RFC 6979 U")
    H.eq(#pub:to_bytes(), 65, "65 bytes")
    local pub2 = nbtls.p256.public_key(U)
    H.eq(pub2:to_bytes(), U, "public import/export")
end)

H.test("private key: bad inputs raise", function()
    H.raises("nbtls: P-256 private key must be 32 bytes, got 31", nbtls.p256.private_key, X:sub(2))
    H.raises("nbtls: P-256 private key must be 32 bytes, got 33", nbtls.p256.private_key, X .. "\0")
    H.raises("nbtls: P-256 private key must be 32 bytes, got 0", nbtls.p256.private_key, "")
    H.raises("nbtls: P-256 private key must be a string, got number", nbtls.p256.private_key, 42)
    H.raises("nbtls: P-256 private key must be a string, got nil", nbtls.p256.private_key)
    H.raises("nbtls: P-256 private key must be a string, got table", nbtls.p256.private_key, {})
    H.raises("invalid P-256 private key", nbtls.p256.private_key, ("\0"):rep(32))
    H.raises("invalid P-256 private key", nbtls.p256.private_key, N)
    H.raises("invalid P-256 private key", nbtls.p256.private_key, add_small(N, 1))
    H.raises("invalid P-256 private key", nbtls.p256.private_key, ("\255"):rep(32))
    H.raises("P-256 private key must be 32 bytes", nbtls.p256.import_private, X:sub(2))
    H.raises("invalid P-256 private key", nbtls.p256.import_private, N)
    -- the extremes of [1, n-1] are valid
    local one = nbtls.p256.private_key(("\0"):rep(31) .. "\1")
    H.eq(one:public_key():to_bytes(), "\4" .. unhex(params.Gx) .. unhex(params.Gy), "1*G = G")
    local nm1 = nbtls.p256.private_key(add_small(N, -1))
    local negG
    for _, r in ipairs(H.read_records(H.vectors .. "/p256_points.txt")) do
        if r.name == "-G uncompressed" then negG = unhex(r.sec1) end
    end
    H.ok(negG, "-G in p256_points.txt")
    H.eq(nm1:public_key():to_bytes(), negG, "(n-1)*G = -G")
end)

H.test("restartable private key import", function()
    local op = nbtls.p256.import_private(X)
    local key = op:run()
    H.eq(key:public_key():to_bytes(), U, "public point")
    H.eq(op:result():to_bytes(), X, "result again (cached)")
end)

H.test("public key: bad inputs raise", function()
    H.raises("nbtls: P-256 public key must be 65 or 33 bytes, got 64", nbtls.p256.public_key,
             U:sub(2))
    H.raises("got 66", nbtls.p256.public_key, U .. "\0")
    H.raises("got 0", nbtls.p256.public_key, "")
    H.raises("must be a string, got boolean", nbtls.p256.public_key, true)
    local off = U:sub(1, 64) .. string.char((U:byte(65) + 1) % 256)
    H.raises("invalid P-256 public key", nbtls.p256.public_key, off)
    H.raises("invalid P-256 public key", nbtls.p256.public_key, "\6" .. U:sub(2))
end)

H.test("SEC1 point vectors (p256_points.txt): accept/reject, export", function()
    local recs = assert(H.read_records(H.vectors .. "/p256_points.txt"), "p256_points.txt")
    local nvalid, ninvalid = 0, 0
    for _, r in ipairs(recs) do
        local sec1 = unhex(r.sec1 or "")
        if r.valid == "1" then
            local ok, pub = pcall(nbtls.p256.public_key, sec1)
            H.ok(ok, r.name .. ": rejected: " .. tostring(pub))
            H.eq(pub:to_bytes(), unhex(r.uncompressed), r.name .. ": export")
            nvalid = nvalid + 1
        else
            local ok, err = pcall(nbtls.p256.public_key, sec1)
            H.ok(not ok, r.name .. ": accepted an invalid point")
            H.ok(tostring(err):find("nbtls: ", 1, true), r.name .. ": message " .. tostring(err))
            ninvalid = ninvalid + 1
        end
    end
    H.ok(nvalid >= 4 and ninvalid >= 10, "vector file has both kinds")
end)

H.test("sign/verify: bad inputs raise", function()
    local key = nbtls.p256.private_key(X)
    local pub = key:public_key()
    H.raises("nbtls: digest must be a string, got number", key.sign, key, 12)
    H.raises("nbtls: digest must not be empty", key.sign, key, "")
    H.raises("nbtls: digest must not be empty", key.sign_deterministic, key, "")
    H.raises("nbtls: expected private key (call it with ':')", key.sign, DIGEST)
    H.raises("nbtls: expected public key", pub.verify, DIGEST, ("\1"):rep(64))
    H.raises("nbtls: signature must be a string, got nil", pub.verify, pub, DIGEST)
    H.raises("nbtls: digest must not be empty", pub.verify, pub, "", ("\1"):rep(64))
    -- a private key cannot be passed where a public key object is expected
    H.raises("nbtls: expected public key", nbtls.PublicKey.verify, key, DIGEST, ("\1"):rep(64))
end)

H.test("verify: r or s out of range is 'bad signature', not an error", function()
    local pub = nbtls.p256.public_key(U)
    local zero = ("\0"):rep(32)
    local r = unhex(rfc6979[4].r)
    local s = unhex(rfc6979[4].s)
    -- the last three: a signature of the wrong length is a bad signature
    -- too (the op says so, as for RSA and in C), not a Lua error
    local cases = { zero .. s, r .. zero, N .. s, r .. N, ("\255"):rep(64),
                    (r .. s):sub(1, 63), r .. s .. "\0", "" }
    for i, sig in ipairs(cases) do
        local ok, err = pub:verify(DIGEST, sig):run()
        H.eq(ok, nil, "case " .. i)
        H.eq(err, "bad signature", "case " .. i)
    end
    H.eq(pub:verify(DIGEST, r .. s):run(), true, "the genuine one verifies")
end)

H.test("exchange: bad peers raise", function()
    local key = nbtls.p256.private_key(X)
    H.raises("nbtls: P-256 public key must be 65 or 33 bytes, got 64", key.exchange, key,
             U:sub(2))
    H.raises("nbtls: peer must be a public key object or an encoded public key string, got number",
             key.exchange, key, 5)
    H.raises("invalid P-256 public key", key.exchange, key, "\5" .. U:sub(2))
    -- a right-length, right-format point that is off the curve: checked while
    -- polling, so the op fails when run
    local off = U:sub(1, 64) .. string.char((U:byte(65) + 1) % 256)
    local op = key:exchange(off)
    H.raises("nbtls: exchange: invalid P-256 key or point", op.run, op)
    H.eq(op:poll(), "error", "poll after failure: status")
    H.raises("invalid P-256 key or point", op.result, op)
end)

H.test("op: poll statuses, result before done, budget checks", function()
    local key = nbtls.p256.private_key(X)
    local op = key:sign_deterministic(DIGEST)
    H.raises("not finished", op.result, op)
    H.raises("budget must be an integer", op.poll, op, -1)
    H.raises("budget must be an integer", op.poll, op, 1.5)
    H.raises("budget must be an integer", op.poll, op, "8")
    local st = op:poll(1)
    H.eq(st, "in_progress", "one unit is not a signature")
    H.eq(op:units(), 1, "budget 1 spends exactly one unit")
    local polls = 1
    while op:poll(3) == "in_progress" do polls = polls + 1 end
    H.eq(op:poll(3), "done", "sticky")
    H.eq(#op:result(), 64, "signature")
    H.ok(polls >= 2, "several polls")
    H.raises("nbtls: budget must be an integer", nbtls.set_budget, -3)
    H.raises("set_yield expects a function or nil, got number", nbtls.set_yield, 5)
    local old = nbtls.set_budget(16)
    H.eq(nbtls.get_budget(), 16, "set_budget")
    nbtls.set_budget(old)
end)

H.test("op: close early, idempotent; closed op and key raise", function()
    local key = nbtls.p256.private_key(X)
    local op = key:sign(DIGEST)
    H.eq(op:poll(2), "in_progress", "started")
    op:close()
    op:close()
    H.raises("nbtls: the op is closed", op.poll, op)
    H.raises("nbtls: the op is closed", op.run, op)
    H.raises("nbtls: the op is closed", op.result, op)
    H.ok(tostring(op):find("closed"), "tostring " .. tostring(op))
    key:close()
    key:close()
    H.raises("nbtls: the private key is closed", key.sign, key, DIGEST)
    H.raises("nbtls: the private key is closed", key.to_bytes, key)
    -- a finished op keeps its result after close
    local key2 = nbtls.p256.private_key(X)
    local op2 = key2:sign_deterministic(DIGEST)
    local sig = op2:run()
    op2:close()
    H.eq(op2:result(), sig, "result kept")
end)

H.test("low level: handles, close, closed handles raise", function()
    local rc, k = core.nbtls_key_p256_from_private(X)
    H.eq(rc, 0, "import")
    H.eq(core.nbtls_key_has_private(k), 1, "has private")
    H.eq(core.nbtls_key_type(k), core.NBTLS_KEY_P256, "type")
    local rc2, op = core.nbtls_ecdsa_sign_deterministic_start(k, DIGEST)
    H.eq(rc2, 0, "start")
    H.eq(core.nbtls_op_poll(op, 0), 0, "run")
    local rc3, sig = core.nbtls_op_result(op)
    H.eq(rc3, 0, "result")
    H.eq(sig, unhex(rfc6979[4].r) .. unhex(rfc6979[4].s), "RFC 6979 signature, low level")
    local rc4, key2 = core.nbtls_op_take_key(op)
    H.eq(rc4, core.NBTLS_E_BAD_STATE, "no key result")
    H.eq(key2, nil, "nil out-param on failure")
    op:close()
    H.eq(op:closed(), true, "closed")
    op:close() -- idempotent
    H.raises("the op is closed", core.nbtls_op_poll, op, 1)
    H.raises("the op is closed", core.nbtls_op_units, op)
    k:close()
    H.raises("the key is closed", core.nbtls_ecdsa_sign_start, k, DIGEST)
    H.raises("the key is closed", core.nbtls_key_export_private, k)
    H.raises("expected 'string' got 'number'", core.nbtls_key_p256_from_public, 65)
    H.raises("argument 1 must be 32 bytes, got 31", core.nbtls_key_p256_from_private, X:sub(2))
    H.raises("", core.nbtls_op_poll, k, 1) -- a key is not an op
    local rc5, pubk = core.nbtls_key_p256_from_public(U)
    H.eq(rc5, 0, "public")
    local rc6, none = core.nbtls_key_export_private(pubk)
    H.eq(rc6, core.NBTLS_E_BAD_KEY, "no private part")
    H.eq(none, nil, "nil output on failure")
end)

if _VERSION == "Lua 5.4" then
    H.test("Lua 5.4 <close> frees ops and keys at scope exit", function()
        local chunk = assert(load([[
            local nbtls, X, D = ...
            local op_ref, key_ref, ll_ref
            do
                local key <close> = nbtls.p256.private_key(X)
                local op <close> = key:sign(D)
                local rc, k = nbtls.core.nbtls_key_p256_from_private(X)
                local llk <close> = k
                op:poll(1)
                op_ref, key_ref, ll_ref = op, key, llk
            end
            return op_ref, key_ref, ll_ref
        ]]))
        local op, key, llk = chunk(nbtls, X, DIGEST)
        H.raises("the op is closed", op.poll, op)
        H.raises("the private key is closed", key.to_bytes, key)
        H.eq(llk:closed(), true, "low-level key closed by <close>")
    end)
end
