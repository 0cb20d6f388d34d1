-- X25519 (RFC 7748) through Lua: tests/vectors/x25519.txt (RFC 7748
-- sections 5.2 and 6.1, small-order points, non-canonical u; checked with
-- Python `cryptography` by its generator), the openssl command both ways,
-- await slicing, bad inputs.
local H, nbtls = ...
local unhex = H.unhex

if not nbtls.x25519 then
    H.test("x25519", function() H.skip("this nbtls.core has no X25519") end)
    return
end
local x = nbtls.x25519

local function lines(path)
    local f = io.open(path, "r")
    if not f then return nil end
    local out = {}
    for line in f:lines() do
        if not line:match("^%s*#") and line:match("%S") then
            local t = {}
            for w in line:gmatch("%S+") do t[#t + 1] = w end
            out[#out + 1] = t
        end
    end
    f:close()
    return out
end

local vec = lines(H.vectors .. "/x25519.txt")
H.test("x25519.txt present", function() H.ok(vec and #vec > 10, "tests/vectors/x25519.txt") end)

if vec then
    H.test("RFC 7748 X25519(k, u) vectors (run and await)", function()
        local n = 0
        for _, t in ipairs(vec) do
            if t[1] == "x" then
                local k = x.private_key(unhex(t[2]))
                H.eq(k:exchange(unhex(t[3])):run(), unhex(t[4]), "X25519(" .. t[2]:sub(1, 8) .. "...)")
                n = n + 1
            end
        end
        H.ok(n >= 6, n .. " vectors")
        -- one through await() with a small budget, counting yields
        local t = vec[1][1] == "x" and vec[1] or vec[2]
        for _, v in ipairs(vec) do if v[1] == "x" then t = v break end end
        local k = x.private_key(unhex(t[2]))
        local yields = 0
        local op = k:exchange(unhex(t[3]))
        local co = coroutine.create(function() return op:await(8) end)
        local ok, res
        repeat
            ok, res = coroutine.resume(co)
            H.ok(ok, tostring(res))
            if coroutine.status(co) == "suspended" then yields = yields + 1 end
        until coroutine.status(co) == "dead"
        H.eq(res, unhex(t[4]), "await result")
        H.ok(op:units() >= 50, "X25519 costs " .. op:units() .. " units")
        H.ok(yields + 1 >= op:units() / 8, "await yielded " .. yields .. " times for " ..
             op:units() .. " units, budget 8")
    end)

    H.test("RFC 7748 6.1: public keys and the shared secret both ways", function()
        local base = ("\0"):rep(31)
        local nine = "\9" .. base
        local a, A, b, B, K
        for _, t in ipairs(vec) do
            if t[1] == "x" and unhex(t[3]) == nine then
                if not a then a, A = unhex(t[2]), unhex(t[4]) else b, B = unhex(t[2]), unhex(t[4]) end
            end
        end
        H.ok(a and b, "section 6.1 records")
        for _, t in ipairs(vec) do
            if t[1] == "x" and unhex(t[2]) == a and unhex(t[3]) == B then K = unhex(t[4]) end
        end
        H.ok(K, "shared secret record")
        local ka, kb = x.private_key(a), x.private_key(b)
        H.eq(ka:public_key():to_bytes(), A, "Alice's public key")
        H.eq(kb:public_key():to_bytes(), B, "Bob's public key")
        H.eq(ka:to_bytes(), a, "private bytes exported unchanged")
        H.eq(ka:exchange(kb:public_key()):run(), K, "Alice with Bob's key object")
        H.eq(kb:exchange(x.public_key(A)):run(), K, "Bob with Alice's imported key")
    end)

    H.test("small-order peers raise (all-zero secret), every encoding", function()
        local k = x.generate():run()
        local n = 0
        for _, t in ipairs(vec) do
            if t[1] == "zero" then
                local op = k:exchange(unhex(t[2]))
                H.raises("invalid X25519 peer (a small-order point", op.run, op)
                n = n + 1
            end
        end
        H.ok(n >= 10, n .. " small-order encodings")
    end)
end

local exec_ok, read = H.exec_ok, H.read_file

H.test("X25519 = openssl (public keys, shared secrets both ways, 4 keys)", function()
    if not exec_ok("openssl version >/dev/null 2>&1") then H.skip("no openssl command") end
    local PKCS8 = unhex("302e020100300506032b656e04220420")
    local SPKI = unhex("302a300506032b656e032100")
    local tmp = os.tmpname()
    local err = " 2>/dev/null"
    for i = 1, 4 do
        H.ok(exec_ok("openssl genpkey -algorithm X25519 -outform DER -out " .. tmp .. ".k" .. err),
             "genpkey")
        local der = read(tmp .. ".k")
        H.eq(#der, 48, "PKCS#8 length")
        H.eq(der:sub(1, 16), PKCS8, "PKCS#8 prefix")
        H.ok(exec_ok("openssl pkey -inform DER -in " .. tmp .. ".k -pubout -outform DER -out " ..
                     tmp .. ".p" .. err), "pubout")
        local spki = read(tmp .. ".p")
        H.eq(spki:sub(1, 12), SPKI, "SPKI prefix")
        local theirs = x.private_key(der:sub(17))
        H.eq(theirs:public_key():to_bytes(), spki:sub(13), "public key " .. i)
        local mine = x.generate():run()
        local f = assert(io.open(tmp .. ".mp", "wb"))
        f:write(SPKI .. mine:public_key():to_bytes())
        f:close()
        os.remove(tmp .. ".s")
        H.ok(exec_ok("openssl pkeyutl -derive -keyform DER -inkey " .. tmp .. ".k -peerform DER " ..
                     "-peerkey " .. tmp .. ".mp -out " .. tmp .. ".s" .. err), "derive")
        local secret = read(tmp .. ".s")
        H.eq(#secret, 32, "secret length")
        H.eq(mine:exchange(spki:sub(13)):run(), secret, "ours with their point " .. i)
        H.eq(theirs:exchange(mine:public_key()):run(), secret, "theirs (imported) with ours " .. i)
    end
    for _, ext in ipairs({ "", ".k", ".p", ".mp", ".s" }) do os.remove(tmp .. ext) end
end)

H.test("X25519 bad inputs raise", function()
    H.raises("nbtls: X25519 private key must be 32 bytes, got 31", x.private_key, ("k"):rep(31))
    H.raises("nbtls: X25519 public key must be 32 bytes, got 33", x.public_key, ("k"):rep(33))
    H.raises("nbtls: X25519 private key must be a string, got number", x.private_key, 1)
    local k = x.private_key(("k"):rep(32))
    H.raises("nbtls: X25519 public key must be 32 bytes, got 65", k.exchange, k, ("p"):rep(65))
    H.raises("nbtls: sign: X25519 keys do not sign", k.sign, k, ("d"):rep(32))
    H.raises("nbtls: verify: X25519 keys do not verify", k:public_key().verify, k:public_key(),
             ("d"):rep(32), ("s"):rep(64))
    local p = nbtls.p256.generate():run()
    H.raises("nbtls: exchange: the peer key is P-256, this key is X25519", k.exchange, k,
             p:public_key())
    H.raises("nbtls: exchange: the peer key is X25519, this key is P-256", p.exchange, p,
             k:public_key())
    H.raises("nbtls: P-256 public key must be 65 or 33 bytes, got 32", p.exchange, p, ("u"):rep(32))
    H.eq(tostring(k), "nbtls.x25519 private key", "tostring")
    k:close()
    H.raises("nbtls: the private key is closed", k.exchange, k, ("u"):rep(32))
end)
