-- Benchmark of the Lua binding (figures, not a test): the cost of P-256 and
-- X25519 operations run to completion from Lua, and what await() slicing
-- adds at several budgets under a minimal coroutine scheduler; the peer is
-- `openssl speed` (same machine, same moment), printed for comparison.
--
--   . bindings/lua/env.sh 5.4 && lua5.4 bindings/lua/bench/bench.lua [seconds]
local nbtls = require("nbtls")
local clock = os.clock
local SECONDS = tonumber(arg and arg[1]) or 0.5

local function rate(fn)
    -- warm up, then count calls in SECONDS of CPU time
    fn()
    local n, t0 = 0, clock()
    local t
    repeat
        fn()
        n = n + 1
        t = clock() - t0
    until t >= SECONDS
    return n / t
end

local function us(r) return 1e6 / r end

local key = nbtls.p256.generate():run()
local pub = key:public_key()
local digest = nbtls.sha256("bench")
local sig = key:sign(digest):run()
local peer = nbtls.p256.generate():run():public_key()
local xk = nbtls.x25519 and nbtls.x25519.generate():run()
local xpeer = xk and nbtls.x25519.generate():run():public_key()

print(string.format("nbtls %s on %s%s; %.1f s per figure (CPU time)", nbtls.version(), _VERSION,
                    jit and (" (" .. jit.version .. ")") or "", SECONDS))
print("operation              run()/s   us/op")
local rows = {
    { "p256 keygen", function() nbtls.p256.generate():run() end },
    { "p256 sign", function() key:sign(digest):run() end },
    { "p256 verify", function() pub:verify(digest, sig):run() end },
    { "p256 ecdh", function() key:exchange(peer):run() end },
}
if xk then rows[#rows + 1] = { "x25519 ecdh", function() xk:exchange(xpeer):run() end } end
for _, r in ipairs(rows) do
    local v = rate(r[2])
    print(string.format("%-20s %9.0f %8.1f", r[1], v, us(v)))
end

-- await(): one coroutine awaiting signatures, resumed by a loop as a
-- scheduler would; the slowdown against run() is the cost of slicing.
print("\np256 sign via await() in a coroutine (resumed by a plain loop)")
print("budget   signs/s   us/op   slices/op   vs run() (incl. creating the coroutine)")
for _, budget in ipairs({ 1, 8, 32, 128, 0 }) do
    -- run() measured again right before each row: the machine is shared
    local base = rate(function() key:sign(digest):run() end)
    local slices = 0
    local function one()
        local co = coroutine.create(function() return key:sign(digest):await(budget) end)
        repeat
            assert(coroutine.resume(co))
            slices = slices + 1
        until coroutine.status(co) == "dead"
    end
    slices = 0
    local n0 = 0
    local v = rate(function() one(); n0 = n0 + 1 end)
    local per = slices / n0
    print(string.format("%7s %9.0f %7.1f %11.1f   %+5.0f%%", budget == 0 and "0 (all)" or budget,
                        v, us(v), per, (us(v) / us(base) - 1) * 100))
end

-- the peer
local f = io.popen("openssl speed -seconds 1 ecdsap256 ecdhp256 2>/dev/null")
local out = f and f:read("*a") or ""
if f then f:close() end
local s, v = out:match("256 bits ecdsa %(nistp256%)%s+[%d.]+s%s+[%d.]+s%s+([%d.]+)%s+([%d.]+)")
local d = out:match("256 bits ecdh %(nistp256%)%s+[%d.]+s%s+([%d.]+)")
if s then
    print(string.format("\npeer: openssl speed (same machine): p256 sign %s/s, verify %s/s, ecdh %s/s",
                        s, v, d or "?"))
else
    print("\npeer: openssl speed not available")
end
