-- A tiny test harness (no dependencies): named tests, checks that raise,
-- a summary "N passed, N failed". Works on Lua 5.1 (LuaJIT) to 5.4.
local H = { passed = 0, failed = 0, skipped = 0, failures = {} }
local SKIP = {}

local function show(v)
    if type(v) == "string" then
        if v:find("[^\32-\126]") then return "hex:" .. H.hex(v) end
        return string.format("%q", v)
    end
    return tostring(v)
end
H.show = show

--- Run fn as one test; a raised error is a failure.
function H.test(name, fn)
    local ok, err = xpcall(fn, function(e)
        if type(e) == "table" and e[1] == SKIP then return e end
        return debug.traceback(e)
    end)
    if not ok and type(err) == "table" and err[1] == SKIP then
        H.skipped = H.skipped + 1
        print("skip - " .. name .. ": " .. err[2])
    elseif ok then
        H.passed = H.passed + 1
        print("ok   - " .. name)
    else
        H.failed = H.failed + 1
        H.failures[#H.failures + 1] = name
        print("FAIL - " .. name .. "\n" .. tostring(err))
    end
end

--- End the current test as skipped (not counted as passed or failed).
function H.skip(why)
    error({ SKIP, why }, 0)
end

function H.ok(cond, msg)
    if not cond then error(msg or "check failed", 2) end
end

function H.eq(got, want, msg)
    if got ~= want then
        error(string.format("%s: expected %s, got %s", msg or "eq", show(want), show(got)), 2)
    end
end

--- fn(...) must raise an error whose message contains `needle` (plain).
function H.raises(needle, fn, ...)
    local ok, err = pcall(fn, ...)
    if ok then error("expected an error containing " .. show(needle) .. ", got none", 2) end
    err = tostring(err)
    if not err:find(needle, 1, true) then
        error("expected an error containing " .. show(needle) .. ", got " .. show(err), 2)
    end
    return err
end

function H.hex(s)
    return (s:gsub(".", function(c) return string.format("%02X", c:byte()) end))
end

function H.unhex(h)
    h = h:gsub("%s", "")
    assert(#h % 2 == 0 and not h:find("[^%x]"), "bad hex: " .. h)
    return (h:gsub("%x%x", function(b) return string.char(tonumber(b, 16)) end))
end

--- Parse a vector file of `key = value` lines; blank lines end records,
-- '#' lines are comments. Returns a list of records (tables).
function H.read_records(path)
    local f = io.open(path, "r")
    if not f then return nil end
    local recs, cur = {}, nil
    for line in f:lines() do
        line = line:gsub("\r$", "")
        if line:match("^%s*$") then
            cur = nil
        elseif not line:match("^%s*#") then
            local k, v = line:match("^%s*([%w_]+)%s*=%s*(.-)%s*$")
            if k then
                if not cur then
                    cur = {}
                    recs[#recs + 1] = cur
                end
                cur[k] = v
            end
        end
    end
    f:close()
    return recs
end

-- Prefix for shell commands: child processes (openssl, python3) must not
-- inherit a sanitizer runtime preloaded into the interpreter.
H.sh = os.getenv("LD_PRELOAD") and "env -u LD_PRELOAD " or ""

-- Random bytes from the OS (test inputs only).
local urandom
-- Run a shell command (through H.sh); true if it exited with status 0.
function H.exec_ok(cmd)
    local a, _, c = os.execute(H.sh .. cmd)
    if type(a) == "number" then return a == 0 end -- Lua 5.1 / LuaJIT
    return a == true and (c == nil or c == 0)
end

-- The whole file as a string, or nil if it cannot be opened.
function H.read_file(path)
    local f = io.open(path, "rb")
    if not f then return nil end
    local s = f:read("*a")
    f:close()
    return s
end

-- Write data to path (raises on failure).
function H.write_file(path, data)
    local f = assert(io.open(path, "wb"))
    f:write(data)
    f:close()
end

-- A fresh temporary directory (mktemp -d): returns its path and a function
-- mapping a file name to a path in it. Remove it with H.rmdir(dir).
function H.tmpdir(tag)
    local p = io.popen(H.sh .. "mktemp -d /tmp/nbtls-lua-" .. tag .. "-XXXXXX")
    local dir = p:read("*l")
    p:close()
    assert(dir and #dir > 0, "mktemp -d")
    return dir, function(name) return dir .. "/" .. name end
end

function H.rmdir(dir)
    os.execute(H.sh .. "rm -rf '" .. dir .. "'")
end

-- ECDSA signatures: raw r || s (two n-byte big-endian halves) <-> the DER
-- Ecdsa-Sig-Value SEQUENCE { INTEGER r, INTEGER s } that openssl reads and
-- writes (short-form lengths: enough for P-256 and P-384).
local function strip_zeros(b, max)
    local i = 1
    while i <= #b and b:byte(i) == 0 and (max == nil or i <= max) do i = i + 1 end
    return b:sub(i)
end

local function der_int(b)
    b = strip_zeros(b)
    if b == "" then b = "\0" end
    if b:byte(1) >= 0x80 then b = "\0" .. b end
    return "\2" .. string.char(#b) .. b
end

function H.raw_to_der(sig)
    local n = #sig / 2
    assert(n == 32 or n == 48, "raw signature length")
    local body = der_int(sig:sub(1, n)) .. der_int(sig:sub(n + 1))
    return "\48" .. string.char(#body) .. body
end

-- Strict parse of SEQUENCE { INTEGER r, INTEGER s } into 2n raw bytes.
function H.der_to_raw(der, n)
    assert(der:byte(1) == 0x30 and der:byte(2) == #der - 2, "DER: bad SEQUENCE header")
    local pos, out = 3, {}
    for k = 1, 2 do
        assert(der:byte(pos) == 0x02, "DER: INTEGER expected")
        local len = der:byte(pos + 1)
        local v = der:sub(pos + 2, pos + 1 + len)
        assert(#v == len and len >= 1 and len <= n + 1, "DER: bad INTEGER length")
        v = strip_zeros(v, 1)
        assert(#v <= n, "DER: INTEGER too large")
        out[k] = ("\0"):rep(n - #v) .. v
        pos = pos + 2 + len
    end
    assert(pos == #der + 1, "DER: trailing bytes")
    return out[1] .. out[2]
end

function H.random_bytes(n)
    urandom = urandom or assert(io.open("/dev/urandom", "rb"))
    return urandom:read(n)
end

function H.summary()
    print(string.format("%d passed, %d failed", H.passed, H.failed) ..
          (H.skipped > 0 and string.format(" (%d skipped)", H.skipped) or ""))
    if H.failed > 0 then
        print("failed: " .. table.concat(H.failures, "; "))
    end
    return H.failed == 0
end

return H
