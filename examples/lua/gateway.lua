-- A gateway-style nbtls example on a cqueues event loop (loopback only).
--
-- One event loop runs, side by side:
--   * a heartbeat coroutine that wants to tick every HEARTBEAT seconds;
--   * a signing server on 127.0.0.1: each request line carries a batch of
--     messages (hex, space separated); the server signs SHA-256(message)
--     with P-256 and replies with the signatures;
--   * CLIENTS client coroutines that send requests and verify every
--     signature they get back (with nbtls too, cooperatively).
--
-- The server signs in one of two ways:
--   cooperative  key:sign(d):await()  -- polls one slice of about 200 us
--                (the C library's budget for it, the same in every
--                binding), yields to cqueues (cqueues.sleep(0)), resumes:
--                the heartbeat keeps its rhythm;
--   blocking     key:sign(d):run()    -- the whole batch at once: the
--                heartbeat waits for it.
-- Both phases run and the heartbeat's worst gap is printed for each.
-- (Figures, not assertions: they depend on the machine's load.)
--
--   lua5.4 examples/lua/gateway.lua [requests-per-client] [batch]
-- (HEARTBEAT_MS=2 in the environment sets the heartbeat period)
-- with the nbtls rock on the Lua paths (bindings/lua/demo.sh does that).

local cqueues = require("cqueues")
local socket = require("cqueues.socket")
local nbtls = require("nbtls")

local REQUESTS = tonumber(arg and arg[1]) or 10
local BATCH = tonumber(arg and arg[2]) or 100
local CLIENTS = 4
local HEARTBEAT = (tonumber(os.getenv("HEARTBEAT_MS") or "") or 2) / 1000 -- seconds

-- op:await() yields through cqueues: the current coroutine sleeps for 0 s,
-- i.e. goes to the back of the loop's run queue.
nbtls.set_yield(function() cqueues.sleep(0) end)
-- No nbtls.set_budget(n): the default slice (nbtls_op_budget_for_us for
-- NBTLS_DEFAULT_SLICE_US) is the one policy the three bindings share.

local function hex(s)
    return (s:gsub(".", function(c) return string.format("%02x", c:byte()) end))
end
local function unhex(h)
    return (h:gsub("%x%x", function(b) return string.char(tonumber(b, 16)) end))
end
local function words(line)
    local t = {}
    for w in line:gmatch("%S+") do t[#t + 1] = w end
    return t
end

local urandom = assert(io.open("/dev/urandom", "rb"))

local function phase(mode)
    local cq = cqueues.new()
    local key = nbtls.p256.generate():await() -- on the main thread: runs at once
    local pub = key:public_key()

    local srv = assert(socket.listen("127.0.0.1", 0))
    assert(srv:listen())
    local _, host, port = srv:localname()

    local stats = { beats = 0, max_gap = 0, gaps = {}, signed = 0, verified = 0, bad = 0,
                    clients_done = 0 }

    -- the heartbeat
    cq:wrap(function()
        local last = cqueues.monotime()
        while stats.clients_done < CLIENTS do
            cqueues.sleep(HEARTBEAT)
            local now = cqueues.monotime()
            if now - last > stats.max_gap then stats.max_gap = now - last end
            stats.gaps[#stats.gaps + 1] = now - last
            last = now
            stats.beats = stats.beats + 1
        end
    end)

    -- the signing server: one coroutine per connection
    cq:wrap(function()
        for _ = 1, CLIENTS do
            local con = assert(srv:accept())
            cq:wrap(function()
                con:setmode("t", "tl")
                con:setmaxline(1048576)
                for line in con:lines("*l") do
                    local out = {}
                    for i, h in ipairs(words(line)) do
                        local op = key:sign(nbtls.sha256(unhex(h)))
                        out[i] = hex(mode == "cooperative" and op:await() or op:run())
                        stats.signed = stats.signed + 1
                    end
                    con:write(table.concat(out, " "), "\n")
                    con:flush()
                end
                con:close()
            end)
        end
        srv:close()
    end)

    -- the clients
    for _ = 1, CLIENTS do
        cq:wrap(function()
            local con = assert(socket.connect(host, port))
            con:setmode("t", "tl")
            con:setmaxline(1048576)
            for _ = 1, REQUESTS do
                local msgs, req = {}, {}
                for i = 1, BATCH do
                    msgs[i] = urandom:read(48)
                    req[i] = hex(msgs[i])
                end
                con:write(table.concat(req, " "), "\n")
                con:flush()
                local sigs = words(assert(con:read("*l")))
                for i = 1, BATCH do
                    local ok = pub:verify(nbtls.sha256(msgs[i]), unhex(sigs[i] or "")):await()
                    if ok then stats.verified = stats.verified + 1
                    else stats.bad = stats.bad + 1 end
                end
            end
            con:close()
            stats.clients_done = stats.clients_done + 1
        end)
    end

    local t0 = cqueues.monotime()
    assert(cq:loop())
    stats.elapsed = cqueues.monotime() - t0
    return stats
end

print(string.format("nbtls %s on %s%s, cqueues %s", nbtls.version(), _VERSION,
                    jit and (" (" .. jit.version .. ")") or "", tostring(cqueues.VERSION)))
print(string.format("%d clients x %d requests x %d signatures; heartbeat every %.1f ms",
                    CLIENTS, REQUESTS, BATCH, HEARTBEAT * 1000))
local results = {}
for _, mode in ipairs({ "cooperative", "blocking" }) do
    local s = phase(mode)
    results[mode] = s
    table.sort(s.gaps)
    local median = s.gaps[math.floor((#s.gaps + 1) / 2)] or 0
    local late = 0
    for _, g in ipairs(s.gaps) do
        if g > 3 * HEARTBEAT then late = late + 1 end
    end
    print(string.format(
        "%-11s: %4d signed, %4d verified, %d bad in %.0f ms; heartbeat (wanted every " ..
        "%.1f ms): %d beats, median gap %.1f ms, worst %.1f ms, %d gaps over %.0f ms",
        mode, s.signed, s.verified, s.bad, s.elapsed * 1000, HEARTBEAT * 1000, s.beats,
        median * 1000, s.max_gap * 1000, late, 3 * HEARTBEAT * 1000))
end
local total = CLIENTS * REQUESTS * BATCH
local ok = results.cooperative.verified == total and results.blocking.verified == total
print(ok and "all signatures verified" or "SOME SIGNATURES FAILED")
os.exit(ok and 0 or 1)
