-- The Lua binding's test runner: lua tests/run.lua [REPO_ROOT]
-- Prints "N passed, N failed" and exits non-zero on any failure. The module
-- must be on package.path / package.cpath (bindings/lua/test.sh sets them
-- to the luarocks tree it built). Runs on Lua 5.4 and LuaJIT 2.1.
local here = (arg and arg[0] or ""):match("^(.*)[/\\]") or "."
package.path = here .. "/?.lua;" .. package.path

local H = require("harness")
H.root = (arg and arg[1]) or (here .. "/../../..")
H.vectors = H.root .. "/tests/vectors"

local nbtls = require("nbtls")
print(string.format("nbtls %s on %s%s", nbtls.version(), _VERSION,
                    jit and (" (" .. jit.version .. ")") or ""))

local files = { "test_api", "test_vectors", "test_coroutines", "test_gc", "test_openssl",
                "test_x25519", "test_keyfiles", "test_rsa", "test_sym", "test_scheme", "test_p384",
                "test_budget", "test_x509" }
local only = os.getenv("NBTLS_LUA_TESTS") -- e.g. "test_api,test_gc"
for _, name in ipairs(files) do
    if not only or ("," .. only .. ","):find("," .. name .. ",", 1, true) then
        print("== " .. name)
        local chunk = assert(loadfile(here .. "/" .. name .. ".lua"))
        chunk(H, nbtls)
    end
end

local ok = H.summary()
os.exit(ok and 0 or 1, true) -- close the state: every __gc runs (ASan leak check)
