-- One budget policy for every binding (the C library's
-- nbtls_op_budget_for_us for NBTLS_DEFAULT_SLICE_US), statuses newer than
-- this binding treated as "not finished", scheme names from C.
local H, nbtls = ...
local core = nbtls.core
local unhex = H.unhex

local rfc6979 = assert(H.read_records(H.vectors .. "/p256_rfc6979.txt"), "p256_rfc6979.txt")
local X = unhex(rfc6979[1].x)
local DIGEST = unhex(rfc6979[4].digest)

-- Run `fn` with core.nbtls_op_poll replaced by `fake(real, h, budget)`.
local function with_poll(fake, fn)
    local real = core.nbtls_op_poll
    core.nbtls_op_poll = function(h, budget) return fake(real, h, budget) end
    local ok, err = pcall(fn)
    core.nbtls_op_poll = real
    if not ok then error(err, 0) end
end

H.test("default slice: the C library's budget for 200 us, per op kind", function()
    H.eq(nbtls.get_slice_us(), 200, "default slice")
    H.eq(core.NBTLS_DEFAULT_SLICE_US, 200, "C default")
    H.eq(nbtls.get_budget(), nil, "no fixed budget by default")
    local key = nbtls.p256.private_key(X)
    local k384 = nbtls.p384.generate():run()
    local budgets = {}
    with_poll(function(real, h, b)
        budgets[#budgets + 1] = { b, core.nbtls_op_budget_for_us(h, 200) }
        return real(h, b)
    end, function()
        local op = key:sign(DIGEST)
        H.eq(op:poll(), "done", "a P-256 signature fits in one 200 us slice")
        local op384 = k384:sign(string.rep("\1", 48))
        op384:poll()
        op384:close()
    end)
    H.eq(#budgets, 2, "two polls")
    H.eq(budgets[1][1], budgets[1][2], "P-256 poll budget is C's")
    H.eq(budgets[2][1], budgets[2][2], "P-384 poll budget is C's")
    H.ok(budgets[1][1] > budgets[2][1] and budgets[2][1] > 1,
         "a P-384 unit costs more: " .. budgets[1][1] .. " vs " .. budgets[2][1])
end)

H.test("budget_for_us: >= 1 and monotone", function()
    local rc, op = core.nbtls_p256_keygen_start()
    H.eq(rc, core.NBTLS_DONE, "start")
    local prev = 1
    for us = 0, 3000, 3 do
        local b = core.nbtls_op_budget_for_us(op, us)
        H.ok(b >= prev and b >= 1, "monotone at " .. us)
        prev = b
    end
    op:close()
end)

H.test("set_slice_us / set_budget: the overrides still work", function()
    H.raises("nbtls: slice must be an integer number of microseconds", nbtls.set_slice_us, -1)
    local key = nbtls.p256.private_key(X)
    local seen = {}
    with_poll(function(real, h, b)
        seen[#seen + 1] = b
        return real(h, b)
    end, function()
        local old = nbtls.set_slice_us(1)
        H.eq(old, 200, "previous slice")
        local op = key:sign(DIGEST)
        op:poll()
        nbtls.set_slice_us(old)
        H.eq(nbtls.set_budget(5), nil, "previous: the time slice")
        op:poll()
        op.budget = 2
        op:poll()
        op.budget = nil
        H.eq(nbtls.set_budget(nil), 5, "back to the time slice")
        op:close()
    end)
    H.eq(seen[1], 3, "1 us of 300 ns P-256 units, rounded down")
    H.eq(seen[2], 5, "module budget")
    H.eq(seen[3], 2, "op budget")
end)

H.test("a status newer than the binding is not finished (poll, run, await)", function()
    -- The header: statuses >= 5 may be added and are not final. The old
    -- binding returned "5" from poll() and raised in run()/await().
    local key = nbtls.p256.private_key(X)
    local want = nbtls.p256.private_key(X):sign_deterministic(DIGEST):run()
    for _, mode in ipairs({ "poll", "run", "await" }) do
        local fakes = { 5, 6, 1000 }
        local n = 0
        with_poll(function(real, h, b)
            n = n + 1
            if fakes[n] then return fakes[n] end
            return real(h, b)
        end, function()
            local op = key:sign_deterministic(DIGEST)
            local sig
            if mode == "poll" then
                for i = 1, 3 do
                    H.eq(op:poll(1), "in_progress", "status " .. fakes[i])
                    H.ok(not op:done(), "still running")
                end
                while op:poll(0) ~= "done" do end
                sig = op:result()
            elseif mode == "run" then
                sig = op:run()
            else
                local co = coroutine.wrap(function() return op:await() end)
                repeat sig = co() until sig
            end
            H.eq(sig, want, mode .. ": the signature")
        end)
        H.ok(n > 3, mode .. ": polled again after the new statuses")
    end
end)
