-- The coroutine layer: op:await() slices work and yields to a scheduler;
-- other coroutines (a ticker) run between slices. Counted, never timed.
local H, nbtls = ...
local unhex = H.unhex

-- PUC Lua 5.1 (not LuaJIT) cannot yield across pcall or C calls at all,
-- and has no coroutine.isyieldable to tell.
local PUC51 = _VERSION == "Lua 5.1" and not jit

local rfc = assert(H.read_records(H.vectors .. "/p256_rfc6979.txt"), "p256_rfc6979.txt")
local X = unhex(rfc[1].x)
local U = "\4" .. unhex(rfc[1].Ux) .. unhex(rfc[1].Uy)

-- A round-robin scheduler: resume every live coroutine in turn until all
-- are dead. Returns the number of rounds.
local function run_all(tasks)
    local rounds, live = 0, #tasks
    while live > 0 do
        rounds = rounds + 1
        live = 0
        for _, co in ipairs(tasks) do
            if coroutine.status(co) == "suspended" then
                local ok, err = coroutine.resume(co)
                if not ok then error(err, 0) end
            end
            if coroutine.status(co) ~= "dead" then live = live + 1 end
        end
    end
    return rounds
end

H.test("interleaving: 4 signers and a ticker under round-robin", function()
    local key = nbtls.p256.private_key(X)
    local pub = nbtls.p256.public_key(U)
    local K, BUDGET = 4, 2
    local ticks, done = 0, 0
    local slices = {}      -- slices[i] = list of the tick count at each yield
    local sigs, digests = {}, {}
    local current          -- which signer is running (set on resume by itself)
    local finished_at = {}
    local started_before_first_finish = 0

    local old = nbtls.set_yield(function()
        local list = slices[current]
        list[#list + 1] = ticks
        local me = current
        coroutine.yield()
        current = me
    end)

    local tasks = {}
    for i = 1, K do
        digests[i] = H.random_bytes(32)
        slices[i] = {}
        tasks[#tasks + 1] = coroutine.create(function()
            current = i
            if done == 0 then started_before_first_finish = started_before_first_finish + 1 end
            sigs[i] = key:sign(digests[i]):await(BUDGET)
            finished_at[i] = ticks
            done = done + 1
        end)
    end
    tasks[#tasks + 1] = coroutine.create(function()
        while done < K do
            ticks = ticks + 1
            coroutine.yield()
        end
    end)
    local ok, err = pcall(run_all, tasks)
    nbtls.set_yield(old)
    H.ok(ok, tostring(err))

    H.eq(started_before_first_finish, K, "all signers started before any finished")
    for i = 1, K do
        H.eq(pub:verify(digests[i], sigs[i]):run(), true, "signature " .. i .. " verifies")
        local s = slices[i]
        H.ok(#s >= 10, "signer " .. i .. " yielded only " .. #s .. " times (budget 2)")
        -- the ticker ran between every two consecutive slices of a signer
        for j = 2, #s do
            H.ok(s[j] > s[j - 1], "signer " .. i .. ": no tick between slices " .. (j - 1) ..
                 " and " .. j)
        end
        H.ok(finished_at[i] >= #s, "signer " .. i .. " finished after " .. #s .. " ticks")
    end
    H.ok(ticks >= #slices[1], "ticker ticked " .. ticks .. " times")
    local counts = {}
    for i = 1, K do counts[i] = #slices[i] end
    print(string.format("       (%d signers yielded %s times; the ticker ran %d times, " ..
                        "between every two slices of each)", K, table.concat(counts, "/"), ticks))
end)

H.test("await honours the budget: units grow by 1..budget per slice", function()
    local key = nbtls.p256.private_key(X)
    for _, budget in ipairs({ 1, 3, 8, 50 }) do
        local op = key:sign(H.random_bytes(32))
        local last, deltas = 0, 0
        local old = nbtls.set_yield(function()
            local u = op:units()
            local d = u - last
            H.ok(d >= 1 and d <= budget, "budget " .. budget .. ": slice of " .. d .. " units")
            last = u
            deltas = deltas + 1
            coroutine.yield()
        end)
        local co = coroutine.wrap(function() return op:await(budget) end)
        local sig
        repeat sig = co() until sig
        nbtls.set_yield(old)
        H.eq(#sig, 64, "signature")
        H.ok(deltas >= 1, "sliced")
        if budget == 1 then
            H.eq(deltas + 1, op:units(), "budget 1: one slice per unit")
        end
    end
end)

H.test("await outside a coroutine runs to completion without yielding", function()
    local key = nbtls.p256.private_key(X)
    local calls = 0
    local old = nbtls.set_yield(function() calls = calls + 1 end)
    H.eq(nbtls.can_yield(), false, "main thread cannot yield")
    local sig = key:sign_deterministic(unhex(rfc[4].digest)):await()
    nbtls.set_yield(old)
    H.eq(sig, unhex(rfc[4].r) .. unhex(rfc[4].s), "RFC 6979 signature")
    H.eq(calls, 0, "yield function not called")
end)

H.test("await in a coroutine but under a C callback (not yieldable) runs to completion", function()
    if PUC51 then H.skip("PUC Lua 5.1 cannot tell a non-yieldable C callback") end
    local key = nbtls.p256.private_key(X)
    local calls = 0
    local old = nbtls.set_yield(function() calls = calls + 1; coroutine.yield() end)
    local co = coroutine.create(function()
        local sig, yieldable
        string.gsub("a", "a", function()
            yieldable = nbtls.can_yield()
            sig = key:sign_deterministic(unhex(rfc[4].digest)):await()
        end)
        return yieldable, sig
    end)
    local ok, yieldable, sig = coroutine.resume(co)
    nbtls.set_yield(old)
    H.ok(ok, tostring(yieldable))
    H.eq(yieldable, false, "inside gsub's callback")
    H.eq(sig, unhex(rfc[4].r) .. unhex(rfc[4].s), "signature")
    H.eq(calls, 0, "no yield attempted")
    H.eq(coroutine.status(co), "dead", "finished in one resume")
end)

H.test("default yield is coroutine.yield; set_yield(nil) restores it", function()
    local key = nbtls.p256.private_key(X)
    local old = nbtls.set_yield(function() error("not me") end)
    nbtls.set_yield(nil)
    local co = coroutine.create(function() return key:sign(H.random_bytes(32)):await(4) end)
    local n, ok, sig = 0, nil, nil
    repeat
        ok, sig = coroutine.resume(co)
        H.ok(ok, tostring(sig))
        n = n + 1
    until coroutine.status(co) == "dead"
    nbtls.set_yield(old)
    H.ok(n > 5, "resumed " .. n .. " times")
    H.eq(#sig, 64, "signature")
end)

H.test("await with budget 0 in a coroutine: one slice, no yield", function()
    local key = nbtls.p256.private_key(X)
    local co = coroutine.create(function() return key:sign(H.random_bytes(32)):await(0) end)
    local ok, sig = coroutine.resume(co)
    H.ok(ok, tostring(sig))
    H.eq(coroutine.status(co), "dead", "finished in one resume")
    H.eq(#sig, 64, "signature")
end)

H.test("await yields across pcall inside the coroutine", function()
    if PUC51 then H.skip("PUC Lua 5.1 cannot yield across pcall") end
    local key = nbtls.p256.private_key(X)
    local pub = key:public_key()
    local d = H.random_bytes(32)
    local co = coroutine.create(function()
        -- Small slices (8 units), so that each op yields many times.
        local ok, sig = pcall(function() return key:sign(d):await(8) end)
        assert(ok, sig)
        local ok2, good = pcall(function() return pub:verify(d, sig):await(8) end)
        assert(ok2, good)
        return good
    end)
    local n, ok, res = 0, nil, nil
    repeat
        ok, res = coroutine.resume(co)
        H.ok(ok, tostring(res))
        n = n + 1
    until coroutine.status(co) == "dead"
    H.eq(res, true, "verified")
    H.ok(n > 5, "yielded across pcall " .. (n - 1) .. " times")
end)

H.test("errors inside await propagate to the coroutine", function()
    local key = nbtls.p256.private_key(X)
    local bad = U:sub(1, 64) .. string.char((U:byte(65) + 1) % 256)
    local co = coroutine.create(function() return key:exchange(bad):await() end)
    local ok, err
    repeat ok, err = coroutine.resume(co) until not ok or coroutine.status(co) == "dead"
    H.eq(ok, false, "raised")
    H.ok(tostring(err):find("invalid P-256 key or point", 1, true), tostring(err))
end)

H.test("verify failure through await: nil, 'bad signature'", function()
    local pub = nbtls.p256.public_key(U)
    local co = coroutine.wrap(function()
        local ok, err = pub:verify(unhex(rfc[4].digest), ("\1"):rep(64)):await()
        return "finished", ok, err
    end)
    local tag, ok, err
    repeat tag, ok, err = co() until tag == "finished"
    H.eq(ok, nil, "nil")
    H.eq(err, "bad signature", "message")
end)

local has_cq, cqueues = pcall(require, "cqueues")
if has_cq then
    H.test("cqueues: set_yield(cqueues.sleep(0)); heartbeat keeps its rhythm", function()
        local key = nbtls.p256.private_key(X)
        local pub = key:public_key()
        local old = nbtls.set_yield(function() cqueues.sleep(0) end)
        local cq = cqueues.new()
        local beats, done, sigs = 0, 0, {}
        local beats_at_done = {}
        for i = 1, 3 do
            cq:wrap(function()
                local d = H.random_bytes(32)
                sigs[i] = { d, key:sign(d):await(2) }
                beats_at_done[i] = beats
                done = done + 1
            end)
        end
        cq:wrap(function()
            while done < 3 do
                beats = beats + 1
                cqueues.sleep(0)
            end
        end)
        local ok, err = cq:loop()
        nbtls.set_yield(old)
        H.ok(ok, tostring(err))
        for i = 1, 3 do
            H.eq(pub:verify(sigs[i][1], sigs[i][2]):run(), true, "signature " .. i)
            H.ok(beats_at_done[i] >= 10, "signer " .. i .. " done after " ..
                 tostring(beats_at_done[i]) .. " heartbeats")
        end
    end)
else
    H.test("cqueues", function() H.skip("cqueues not available for " .. _VERSION) end)
end
