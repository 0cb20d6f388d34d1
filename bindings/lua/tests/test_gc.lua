-- Garbage collection: ops and keys abandoned mid-way (directly, or inside
-- suspended coroutines that are never resumed) are collected and their C
-- objects freed by __gc; closing first and collecting later is safe.
local H, nbtls = ...
local unhex = H.unhex

local rfc = assert(H.read_records(H.vectors .. "/p256_rfc6979.txt"), "p256_rfc6979.txt")
local X = unhex(rfc[1].x)

local function full_gc()
    collectgarbage("collect")
    collectgarbage("collect")
end

-- Resident set size in bytes (Linux), or nil.
local function rss()
    local f = io.open("/proc/self/statm", "r")
    if not f then return nil end
    local _, res = f:read("*n", "*n")
    f:close()
    return res and res * 4096 -- pages; 4 KiB on the platforms we run on
end

local function count(t)
    local n = 0
    for _ in pairs(t) do n = n + 1 end
    return n
end

H.test("abandoned ops and keys are collected (weak table empties)", function()
    local key = nbtls.p256.private_key(X)
    local weak = setmetatable({}, { __mode = "k" })
    local tracked = 0
    local function track(v)
        weak[v] = true
        tracked = tracked + 1
    end
    for i = 1, 200 do
        local op = key:sign(H.random_bytes(32))
        op:poll(3)
        track(op._h)                -- the SWIG userdata owning the C op
        track(op)
        if i % 4 == 0 then
            local g = nbtls.p256.generate()
            g:poll(2)
            track(g._h)
        end
        if i % 10 == 0 then
            local k = nbtls.p256.private_key(H.random_bytes(31) .. "\1")
            track(k._h)
        end
    end
    H.eq(tracked, 470, "tracked")
    full_gc()
    full_gc()
    H.eq(count(weak), 0, "handles left after collection")
end)

H.test("ops abandoned inside suspended coroutines are collected", function()
    local key = nbtls.p256.private_key(X)
    local weak = setmetatable({}, { __mode = "k" })
    for _ = 1, 50 do
        local co = coroutine.create(function()
            local op = key:sign(H.random_bytes(32))
            weak[op._h] = true
            return op:await(2)
        end)
        assert(coroutine.resume(co))
        assert(coroutine.resume(co))
        H.eq(coroutine.status(co), "suspended", "mid-way")
        weak[co] = true
    end
    full_gc()
    full_gc()
    H.eq(count(weak), 0, "coroutines and handles left")
end)

H.test("close then collect: no double free; low-level handles too", function()
    local key = nbtls.p256.private_key(X)
    for _ = 1, 100 do
        local op = key:sign(H.random_bytes(32))
        op:poll(1)
        op:close()
        local rc, ll = nbtls.core.nbtls_ecdsa_sign_start(key._h, H.random_bytes(32))
        H.eq(rc, 0, "start")
        ll:close()
        ll:close()
    end
    full_gc()
    local k = nbtls.p256.private_key(X)
    k:close()
    k = nil
    full_gc()
    H.ok(true)
end)

H.test("C memory of abandoned ops is freed (RSS stays bounded)", function()
    local before = rss()
    if not before or os.getenv("NBTLS_LUA_SANITIZED") then
        -- (ASan's quarantine keeps freed memory resident; its leak checker
        -- covers this case in the sanitized run instead)
        H.skip(before and "sanitized build" or "no /proc/self/statm")
    end
    local key = nbtls.p256.private_key(X)
    local digest = H.random_bytes(32)
    local function churn(n)
        for i = 1, n do
            local op = key:sign(digest)
            op:poll(2)
            if i % 500 == 0 then collectgarbage("collect") end
        end
        full_gc()
    end
    churn(4000) -- warm up the allocator and the Lua heap
    local base = rss()
    local n = 30000
    churn(n)
    local grown = rss() - base
    -- A leaked op would cost at least its state (hundreds of bytes):
    -- 30000 of them well over 4 MiB.
    H.ok(grown < 4 * 1024 * 1024, string.format(
        "RSS grew by %.1f MiB over %d abandoned ops", grown / 1048576, n))
end)
