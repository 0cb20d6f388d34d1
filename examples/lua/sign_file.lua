-- Sign and verify files with PEM keys by TLS 1.3 SignatureScheme (the Lua
-- twin of examples/c/sign_file.c), inside a coroutine so that a scheduler
-- could run other work between the slices (hashing included: nbtls hashes
-- the message itself, 512 bytes per work unit).
--
--   lua5.4 examples/lua/sign_file.lua sign   KEY.pem FILE SIG.der  (P-256/P-384)
--   lua5.4 examples/lua/sign_file.lua verify KEY.pem FILE SIG      (EC or RSA key)
--   lua5.4 examples/lua/sign_file.lua                              (demo)
--
-- The scheme comes from the key: ecdsa_secp256r1_sha256 for P-256,
-- ecdsa_secp384r1_sha384 for P-384, rsa_pss_rsae_sha256 for RSA (verify
-- only). Signatures are in TLS wire format (DER for ECDSA): `openssl dgst
-- -sha384 -verify pub.pem -signature SIG.der FILE` checks ours, and `openssl
-- dgst -sha384 -sign key.pem -out SIG FILE` makes ones we verify.
-- The demo signs and verifies a 1 MiB message with generated P-256 and
-- P-384 keys, round robin with a ticker coroutine, and counts the ticks.

local nbtls = require("nbtls")

local SCHEME = { p256 = "ecdsa_secp256r1_sha256", p384 = "ecdsa_secp384r1_sha384",
                 rsa = "rsa_pss_rsae_sha256" }

local function slurp(path)
    local f = assert(io.open(path, "rb"))
    local s = f:read("*a")
    f:close()
    return s
end

-- Run fn in a coroutine to completion (a one-task scheduler): op:await()
-- yields after every slice; here we simply resume it.
local function run(fn, ...)
    local co = coroutine.create(fn)
    local ok, a, b = coroutine.resume(co, ...)
    while coroutine.status(co) ~= "dead" do ok, a, b = coroutine.resume(co) end
    if not ok then error(a, 0) end
    return a, b
end

local function sign(key_pem, path, out)
    local key = nbtls.load_key(slurp(key_pem))
    if getmetatable(key) ~= nbtls.Key then error(key_pem .. ": a private key is needed", 0) end
    local scheme = assert(SCHEME[key.curve], "not a signature key")
    local msg = slurp(path)
    local sig = run(function() return key:sign_message(msg, scheme):await() end)
    local f = assert(io.open(out, "wb"))
    f:write(sig)
    f:close()
    print(string.format("signed %s (%d bytes) with %s: %d-byte signature", path, #msg, scheme,
                        #sig))
    return 0
end

local function verify(key_pem, path, sigpath)
    local key = nbtls.load_key(slurp(key_pem))
    local scheme = assert(SCHEME[key.curve], "not a signature key")
    local msg, sig = slurp(path), slurp(sigpath)
    local ok, err = run(function() return key:verify_message(msg, sig, scheme):await() end)
    if not ok then
        print(string.format("%s: BAD signature (%s: %s)", path, scheme, err))
        return 1
    end
    print(string.format("%s: signature OK (%s)", path, scheme))
    return 0
end

local function demo()
    local msg = ("0123456789abcdef"):rep(65536) -- 1 MiB
    local keys = { nbtls.p256.generate():run(), nbtls.p384.generate():run() }
    local tasks, results, ticks = {}, {}, 0
    for i, key in ipairs(keys) do
        tasks[#tasks + 1] = coroutine.create(function()
            local sig = key:sign_message(msg):await()
            assert(key:public_key():verify_message(msg, sig):await(), "verify")
            local ok = key:verify_message(msg .. "!", sig):await()
            assert(ok == nil, "a tampered message verified")
            results[i] = sig
        end)
    end
    tasks[#tasks + 1] = coroutine.create(function()
        while not (results[1] and results[2]) do
            ticks = ticks + 1
            coroutine.yield()
        end
    end)
    -- round robin until every task is done
    local alive = #tasks
    while alive > 0 do
        alive = 0
        for _, co in ipairs(tasks) do
            if coroutine.status(co) ~= "dead" then
                assert(coroutine.resume(co))
                alive = alive + 1
            end
        end
    end
    for i, key in ipairs(keys) do
        print(string.format("%s: %d-byte DER signature over %d bytes, verified; tampered: refused",
                            SCHEME[key.curve], #results[i], #msg))
    end
    print(string.format("the ticker ran %d times between the slices (%s per slice)", ticks,
                        nbtls.get_budget() and (nbtls.get_budget() .. " units")
                        or (nbtls.get_slice_us() .. " us")))
    return 0
end

local a = arg or {}
if #a == 0 then os.exit(demo()) end
if #a == 4 and a[1] == "sign" then os.exit(sign(a[2], a[3], a[4])) end
if #a == 4 and a[1] == "verify" then os.exit(verify(a[2], a[3], a[4])) end
io.stderr:write("usage: sign_file.lua sign KEY.pem FILE SIG.der | verify KEY.pem FILE SIG\n")
os.exit(2)
