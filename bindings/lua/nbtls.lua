--- nbtls: restartable P-256, P-384, X25519 and RSA verification for Lua coroutines.
--
-- The idiomatic layer over the SWIG module `nbtls.core`. Every expensive
-- operation is an op object:
--
--   local nbtls = require("nbtls")
--   local key = nbtls.p256.private_key(bytes32)
--   local sig = key:sign(digest):await()     -- yields between slices
--   local ok, err = key:public_key():verify(digest, sig):await()
--
-- op:await() inside a coroutine polls one slice (about 200 microseconds of
-- work: the C library's nbtls_op_budget_for_us(op, NBTLS_DEFAULT_SLICE_US),
-- the same policy as the Python and Rust bindings; nbtls.set_slice_us(us)
-- or a fixed budget of work units), then yields through the yield function
-- (coroutine.yield by default; nbtls.set_yield(fn) adapts it to cqueues,
-- OpenResty, ...), until the op is done. Outside a yieldable coroutine it runs to completion.
-- The C core never calls Lua: this file drives nbtls_op_poll() itself, so a
-- yield never crosses a C call (which LuaJIT could not do).
--
-- Works on Lua 5.1 (LuaJIT 2.1) to 5.4. Errors in input (wrong types,
-- wrong lengths, malformed keys) raise a Lua error "nbtls: ...".

local core = require("nbtls.core")

local type, error, setmetatable, getmetatable, tostring, rawget =
    type, error, setmetatable, getmetatable, tostring, rawget
local format = string.format
local co_running, co_isyieldable = coroutine.running, coroutine.isyieldable

local M = {}
M.core = core

local DONE = core.NBTLS_DONE
local IN_PROGRESS = core.NBTLS_IN_PROGRESS
local WAIT_EXTERNAL = core.NBTLS_WAIT_EXTERNAL
local E_BAD_KEY = core.NBTLS_E_BAD_KEY
local E_BAD_SIGNATURE = core.NBTLS_E_BAD_SIGNATURE

local X25519_LEN = core.NBTLS_X25519_KEY_LEN or 32

local STATUS_NAMES = {
    [core.NBTLS_DONE] = "done",
    [core.NBTLS_IN_PROGRESS] = "in_progress",
    [core.NBTLS_WANT_READ] = "want_read",
    [core.NBTLS_WANT_WRITE] = "want_write",
    [core.NBTLS_WAIT_EXTERNAL] = "wait_external",
}

-- ---- Configuration ---------------------------------------------------------

local default_budget = nil -- nil: budgets from the time slice (below)
local slice_us = core.NBTLS_DEFAULT_SLICE_US
local yield_fn = coroutine.yield

--- The library's version string ("MAJOR.MINOR.PATCH").
function M.version()
    return core.nbtls_version()
end

--- The library's version as a number 0xMMmmpp.
function M.version_number()
    return core.nbtls_version_number()
end

--- A short English description of a status or error code.
function M.strerror(code)
    return core.nbtls_strerror(code)
end

local function check_budget(b, level)
    if type(b) ~= "number" or b < 0 or b ~= b or b > 0xffffffff or b % 1 ~= 0 then
        error(format("nbtls: budget must be an integer in [0, 2^32-1], got %s",
                     tostring(b)), level + 1)
    end
    return b
end

--- Set a fixed default budget (work units per slice) used by op:await()
-- and op:poll() when none is given, instead of the time slice; nil goes
-- back to the time slice. Returns the previous one (nil: the time slice).
-- 0 means "no limit" (await then runs each op in one slice).
function M.set_budget(b)
    if b ~= nil then check_budget(b, 2) end
    local old = default_budget
    default_budget = b
    return old
end

--- The fixed default budget, or nil when slices are sized by time
-- (nbtls.get_slice_us(); the default).
function M.get_budget()
    return default_budget
end

local function check_slice(us, level)
    if type(us) ~= "number" or us < 0 or us ~= us or us > 0xffffffff or us % 1 ~= 0 then
        error(format("nbtls: slice must be an integer number of microseconds in [0, 2^32-1], got %s",
                     tostring(us)), level + 1)
    end
    return us
end

--- Set the time one slice of op:await() / op:poll() aims at, in
-- microseconds (default NBTLS_DEFAULT_SLICE_US, 200). Each slice's budget is
-- the C library's estimate for the op (nbtls_op_budget_for_us: its curve or
-- RSA, and its phase), at least one unit. Returns the previous one.
function M.set_slice_us(us)
    check_slice(us, 2)
    local old = slice_us
    slice_us = us
    return old
end

--- The time slice, in microseconds.
function M.get_slice_us()
    return slice_us
end

-- The budget of the next poll of `self` (handle `h`): an explicit one, the
-- op's or the module's fixed budget, else C's budget for the time slice.
local function budget_of(self, h, budget, level)
    budget = budget or self.budget or default_budget
    if budget ~= nil then return check_budget(budget, level + 1) end
    return core.nbtls_op_budget_for_us(h, self.slice_us and check_slice(self.slice_us, level + 1)
                                          or slice_us)
end

-- A non-negative status that is not final: IN_PROGRESS, or one added to
-- the C library after this file (> NBTLS_WAIT_EXTERNAL; the header says new
-- statuses are not final): poll again.
local function not_finished(st)
    return st == IN_PROGRESS or st > WAIT_EXTERNAL
end

--- Set the function op:await() calls between slices (with no arguments);
-- nil restores coroutine.yield. Returns the previous one. Examples:
--   nbtls.set_yield(function() cqueues.sleep(0) end)   -- cqueues
--   nbtls.set_yield(function() ngx.sleep(0) end)       -- OpenResty
function M.set_yield(fn)
    if fn ~= nil and type(fn) ~= "function" then
        error("nbtls: set_yield expects a function or nil, got " .. type(fn), 2)
    end
    local old = yield_fn
    yield_fn = fn or coroutine.yield
    return old
end

-- true when the running code may yield: inside a coroutine (Lua 5.4: one
-- that is yieldable), not on the main thread.
local function can_yield()
    if co_isyieldable then return co_isyieldable() end
    local co, ismain = co_running()
    return co ~= nil and not ismain
end
M.can_yield = can_yield

-- ---- Helpers --------------------------------------------------------------

local function fail(what, rc, level)
    error(format("nbtls: %s: %s (%d)", what, core.nbtls_strerror(rc), rc), level + 1)
end

local function check_string(v, what, level)
    if type(v) ~= "string" then
        error(format("nbtls: %s must be a string, got %s", what, type(v)), level + 1)
    end
    return v
end

local function check_digest(d, level)
    check_string(d, "digest", level + 1)
    if #d == 0 then error("nbtls: digest must not be empty", level + 1) end
    return d
end

-- ---- Classes ----------------------------------------------------------------

local Key = {}        -- a private key (with its public half)
Key.__index = Key
local PublicKey = {}  -- a public key
PublicKey.__index = PublicKey
local Op = {}         -- a restartable operation
Op.__index = Op
Key.__nbtls_class, PublicKey.__nbtls_class, Op.__nbtls_class = true, true, true

M.Key, M.PublicKey, M.Op = Key, PublicKey, Op

-- The live SWIG handle of an object, or an error naming the misuse.
local function handle(self, mt, what, level)
    if getmetatable(self) ~= mt then
        error(format("nbtls: expected %s (call it with ':'), got %s", what, type(self)),
              level + 1)
    end
    local h = self._h
    if h == nil then error(format("nbtls: the %s is closed", what), level + 1) end
    return h
end

local function close_obj(self)
    local mt = getmetatable(self)
    if type(self) ~= "table" or type(mt) ~= "table" or not mt.__nbtls_class then
        error("nbtls: close expects an nbtls object (call it with ':'), got " .. type(self), 2)
    end
    local h = rawget(self, "_h")
    if h ~= nil then
        self._h = nil
        h:close()
    end
end

local CURVES = { [core.NBTLS_KEY_P256] = "p256" }
if core.NBTLS_KEY_X25519 then CURVES[core.NBTLS_KEY_X25519] = "x25519" end
if core.NBTLS_KEY_RSA then CURVES[core.NBTLS_KEY_RSA] = "rsa" end
if core.NBTLS_KEY_P384 then CURVES[core.NBTLS_KEY_P384] = "p384" end
local CURVE_NAMES = { p256 = "P-256", p384 = "P-384", x25519 = "X25519", rsa = "RSA" }

-- The NIST curves (ECDSA and ECDH): sizes and C entry points. P-256 and
-- P-384 share all the Lua code below; only these tables differ.
local EC = {
    p256 = {
        name = "P-256", private_len = core.NBTLS_P256_PRIVATE_LEN,
        public_len = core.NBTLS_P256_PUBLIC_LEN,
        compressed_len = core.NBTLS_P256_PUBLIC_COMPRESSED_LEN,
        signature_len = core.NBTLS_P256_SIGNATURE_LEN,
        secret_len = core.NBTLS_P256_SECRET_LEN,
        scheme = core.NBTLS_SIG_ECDSA_SECP256R1_SHA256,
        from_private = core.nbtls_key_p256_from_private,
        from_public = core.nbtls_key_p256_from_public,
        keygen_start = core.nbtls_p256_keygen_start,
        from_private_start = core.nbtls_p256_key_from_private_start,
    },
}
if core.nbtls_key_p384_from_private then
    EC.p384 = {
        name = "P-384", private_len = core.NBTLS_P384_PRIVATE_LEN,
        public_len = core.NBTLS_P384_PUBLIC_LEN,
        compressed_len = core.NBTLS_P384_PUBLIC_COMPRESSED_LEN,
        signature_len = core.NBTLS_P384_SIGNATURE_LEN,
        secret_len = core.NBTLS_P384_SECRET_LEN,
        scheme = core.NBTLS_SIG_ECDSA_SECP384R1_SHA384,
        from_private = core.nbtls_key_p384_from_private,
        from_public = core.nbtls_key_p384_from_public,
        keygen_start = core.nbtls_p384_keygen_start,
        from_private_start = core.nbtls_p384_key_from_private_start,
    }
end

local function wrap_key(h)
    return setmetatable({ _h = h, curve = CURVES[core.nbtls_key_type(h)] }, Key)
end

local function wrap_pub(h)
    return setmetatable({ _h = h, curve = CURVES[core.nbtls_key_type(h)] }, PublicKey)
end

-- ECDSA keys: P-256 and P-384.
local function need_ecdsa(self, what, level)
    if not EC[self.curve] then
        error(format("nbtls: %s: %s keys do not %s here", what,
                     CURVE_NAMES[self.curve] or tostring(self.curve), what), level + 1)
    end
end

local function new_op(h, kind, curve, finish, ...)
    -- `refs` keeps the Lua objects the op was started from alive while it
    -- runs (the core copies its inputs anyway; this is belt and braces).
    return setmetatable({ _h = h, kind = kind, curve = curve, _finish = finish,
                          _refs = { ... } }, Op)
end

-- ---- Ops ----------------------------------------------------------------------

-- Finishers: turn a DONE op handle into (status, Lua result).
local function finish_bytes(h)
    return core.nbtls_op_result(h)
end

local function finish_key(h)
    local rc, k = core.nbtls_op_take_key(h)
    return rc, k and wrap_key(k)
end

local function finish_verify()
    return DONE, true
end

-- Called once the op's status is final: fetch and cache the result, then
-- free the C op at once (no need to wait for the collector). A failure to
-- fetch the result becomes the op's final status.
local function settle(self, st)
    local h = self._h
    self._units = core.nbtls_op_units(h)
    -- an op that reports more than its status (the X.509 detail code)
    if self._settle then self._settle(self, h, st) end
    if st == DONE then
        local rc, v = self._finish(h)
        if rc == DONE then self._result = v else st = rc end
    end
    self._status = st
    self._h = nil
    self._refs = nil
    h:close()
    return st
end

-- Return the cached result of a finished op (or raise its error).
local function outcome(self, level)
    local st = self._status
    if st == DONE then return self._result end
    if st == E_BAD_SIGNATURE and self.kind == "verify" then
        return nil, "bad signature"
    end
    if self._reject then
        local msg, name, code = self._reject(self, st)
        if msg then return nil, msg, name, code end
    end
    if st == E_BAD_KEY then
        if self.curve == "x25519" then
            error(format("nbtls: %s: invalid X25519 peer (a small-order point: the shared " ..
                         "secret would be all zeros) (%d)", self.kind, st), level + 1)
        end
        error(format("nbtls: %s: invalid %s key or point: %s (%d)", self.kind,
                     CURVE_NAMES[self.curve] or "?", core.nbtls_strerror(st), st), level + 1)
    end
    fail(self.kind, st, level + 1)
end

-- One poll; returns the C status. Settles the op when it is final.
-- `budget` nil: budget_of() the op.
local function poll_once(self, budget, level)
    local st = self._status
    if st ~= nil then return st end
    local h = handle(self, Op, "op", level + 1)
    st = core.nbtls_op_poll(h, budget or budget_of(self, h, nil, level + 1))
    if st == DONE or st < 0 then st = settle(self, st) end
    return st
end

--- Advance the op by at most `budget` work units (default: op.budget, else
-- nbtls.get_budget(), else one time slice of op.slice_us or
-- nbtls.get_slice_us() microseconds; 0: no limit). Returns its status:
-- "done", "in_progress" (call again; also for a status newer than this
-- binding), "want_read" / "want_write" / "wait_external" (future op kinds),
-- or "error" followed by the error message. Once final, polling again
-- returns the same status and does nothing.
function Op:poll(budget)
    if getmetatable(self) ~= Op then handle(self, Op, "op", 2) end
    if budget ~= nil then check_budget(budget, 2) end
    local st = poll_once(self, budget, 2)
    if st < 0 then
        if st == E_BAD_SIGNATURE and self.kind == "verify" then
            return "error", "bad signature"
        end
        if self._reject then
            local msg, name, code = self._reject(self, st)
            if msg then return "error", msg, name, code end
        end
        return "error", format("nbtls: %s: %s (%d)", self.kind, core.nbtls_strerror(st), st)
    end
    if not_finished(st) then return "in_progress" end
    return STATUS_NAMES[st]
end

--- true once the op has finished (successfully or not).
function Op:done()
    return self._status ~= nil
end

--- The result of a finished op: the signature or secret (string), the key
-- (object), or for verify true / nil, "bad signature". Raises if the op is
-- not finished or failed.
function Op:result()
    if getmetatable(self) ~= Op then handle(self, Op, "op", 2) end
    if self._status == nil then
        handle(self, Op, "op", 2) -- closed early?
        error("nbtls: " .. self.kind .. ": the op is not finished (poll, run or await it)", 2)
    end
    return outcome(self, 2)
end

--- Run the op to completion now (blocking) and return its result.
function Op:run()
    if getmetatable(self) ~= Op then handle(self, Op, "op", 2) end
    local st = poll_once(self, 0, 2)
    while not_finished(st) do st = poll_once(self, 0, 2) end
    if st ~= DONE and st >= 0 then
        error("nbtls: " .. self.kind .. ": the op waits for " .. STATUS_NAMES[st] ..
              ", which run() cannot provide", 2)
    end
    return outcome(self, 2)
end

--- Complete the op cooperatively: inside a coroutine, poll one slice
-- (`budget` units if given, else as op:poll() chooses: op.budget,
-- nbtls.get_budget(), or the time slice), call the yield function, repeat
-- until done; outside one, run to completion. Returns the result as
-- op:result().
function Op:await(budget)
    if getmetatable(self) ~= Op then handle(self, Op, "op", 2) end
    if not can_yield() then return self:run() end
    if budget ~= nil then check_budget(budget, 2) end
    while true do
        local st = poll_once(self, budget, 2)
        if not not_finished(st) then
            if st ~= DONE and st >= 0 then
                error("nbtls: " .. self.kind .. ": the op waits for " .. STATUS_NAMES[st] ..
                      ", which await() cannot provide yet", 2)
            end
            break
        end
        yield_fn()
    end
    return outcome(self, 2)
end

--- Work units the op has spent so far.
function Op:units()
    if self._units then return self._units end
    return core.nbtls_op_units(handle(self, Op, "op", 2))
end

--- Cancel (if unfinished) and free the op now, wiping its secrets.
-- Idempotent; a finished op keeps its result.
function Op:close()
    close_obj(self)
    self._refs = nil
end

Op.__close = Op.close

function Op.__tostring(self)
    local st = self._status
    local s
    if st == nil then
        s = self._h and "running" or "closed"
    else
        s = STATUS_NAMES[st] or ("error " .. tostring(st))
    end
    return format("nbtls.op(%s, %s)", self.kind, s)
end

-- ---- Keys ---------------------------------------------------------------------

--- The 32-byte big-endian private scalar.
function Key:to_bytes()
    local rc, s = core.nbtls_key_export_private(handle(self, Key, "private key", 2))
    if rc ~= DONE then fail("key:to_bytes", rc, 2) end
    return s
end

--- The public half, as a PublicKey object.
function Key:public_key()
    local h = handle(self, Key, "private key", 2)
    local rc, s = core.nbtls_key_export_public(h)
    if rc ~= DONE then fail("key:public_key", rc, 2) end
    local import = self.curve == "x25519" and core.nbtls_key_x25519_from_public
                   or EC[self.curve].from_public
    local rc2, p = import(s)
    if rc2 ~= DONE then fail("key:public_key", rc2, 2) end
    return wrap_pub(p)
end

--- ECDSA signature (raw r || s: 64 bytes for P-256, 96 for P-384) of
-- `digest`, computed by the caller: 20, 28, 32, 48 or 64 bytes (SHA-1,
-- SHA-224, SHA-256, SHA-384, SHA-512; truncated to the curve's size as FIPS
-- 186-5 says); any other length raises "invalid argument". The nonce is
-- RFC 6979 hedged with OS randomness, drawn when the op starts. Returns an
-- op whose result is the signature string.
function Key:sign(digest)
    local h = handle(self, Key, "private key", 2)
    need_ecdsa(self, "sign", 2)
    check_digest(digest, 2)
    local rc, op = core.nbtls_ecdsa_sign_start(h, digest)
    if rc ~= DONE then fail("sign", rc, 2) end
    return new_op(op, "sign", self.curve, finish_bytes, self)
end

--- As key:sign() but purely deterministic RFC 6979 (same key and digest,
-- same signature): for test vectors. The signature is verified against the
-- public key before it is released (about 3.6 times the work units).
function Key:sign_deterministic(digest)
    local h = handle(self, Key, "private key", 2)
    need_ecdsa(self, "sign", 2)
    check_digest(digest, 2)
    local rc, op = core.nbtls_ecdsa_sign_deterministic_start(h, digest)
    if rc ~= DONE then fail("sign_deterministic", rc, 2) end
    return new_op(op, "sign", self.curve, finish_bytes, self)
end

-- The peer's public encoding for key:exchange(): a PublicKey of the same
-- curve, or a string of a valid length for the curve.
local function peer_bytes(self, peer, level)
    local curve = self.curve
    if getmetatable(peer) == PublicKey then
        local ph = handle(peer, PublicKey, "public key", level + 1)
        if peer.curve ~= curve then
            error(format("nbtls: exchange: the peer key is %s, this key is %s",
                         CURVE_NAMES[peer.curve] or "?", CURVE_NAMES[curve] or "?"), level + 1)
        end
        local rc, s = core.nbtls_key_export_public(ph)
        if rc ~= DONE then fail("exchange", rc, level + 1) end
        return s
    end
    if type(peer) ~= "string" then
        error("nbtls: peer must be a public key object or an encoded public key string, got " ..
              type(peer), level + 1)
    end
    local n = #peer
    if curve == "x25519" then
        if n ~= X25519_LEN then
            error(format("nbtls: X25519 public key must be %d bytes, got %d", X25519_LEN, n),
                  level + 1)
        end
    else
        local c = EC[curve]
        if n ~= c.public_len and n ~= c.compressed_len then
            error(format("nbtls: %s public key must be %d or %d bytes, got %d",
                         c.name, c.public_len, c.compressed_len, n), level + 1)
        end
    end
    return peer
end

--- ECDH with a peer's public key (object or encoded string: SEC1 for
-- P-256 and P-384, the 32-byte u coordinate for X25519). Returns an op
-- whose result is the shared secret (32 bytes; 48 for P-384).
function Key:exchange(peer)
    local h = handle(self, Key, "private key", 2)
    local bytes = peer_bytes(self, peer, 2)
    local rc, op = core.nbtls_ecdh_start(h, bytes)
    if rc == E_BAD_KEY then
        error(format("nbtls: exchange: invalid %s public key (bad format byte or length)",
                     CURVE_NAMES[self.curve] or "?"), 2)
    elseif rc ~= DONE then
        fail("exchange", rc, 2)
    end
    return new_op(op, "exchange", self.curve, finish_bytes, self, peer)
end

--- Verify with this key's public half (see PublicKey:verify).
function Key:verify(digest, sig)
    handle(self, Key, "private key", 2)
    need_ecdsa(self, "verify", 2)
    return self:public_key():verify(digest, sig)
end

--- Free the key now (wiping it). Idempotent.
Key.close = close_obj
Key.__close = close_obj

function Key.__tostring(self)
    return "nbtls." .. tostring(self.curve) .. " private key" .. (self._h and "" or " (closed)")
end

--- The public encoding: SEC1 uncompressed (0x04 || X || Y; 65 bytes for
-- P-256, 97 for P-384), the 32-byte little-endian u coordinate for X25519,
-- PKCS#1 RSAPublicKey DER for RSA.
function PublicKey:to_bytes()
    local rc, s = core.nbtls_key_export_public(handle(self, PublicKey, "public key", 2))
    if rc ~= DONE then fail("public_key:to_bytes", rc, 2) end
    return s
end

--- Verify a signature over `digest`. Returns an op whose result is true,
-- or nil, "bad signature". P-256 / P-384: `sig` is r || s (64 / 96 bytes). RSA keys (from
-- nbtls.load_key): `padding` is "pss" (MGF1 with the same hash, salt =
-- hash length: TLS 1.3) or "pkcs1" (RSASSA-PKCS1-v1_5); the hash is told by
-- the digest's length (32, 48, 64 bytes: SHA-256, -384, -512); `sig` is
-- as long as the modulus. A signature of the wrong length is a bad
-- signature like any other (the op ends with nil, "bad signature"), as in
-- the C library, for ECDSA and RSA alike.
local verify_rsa -- defined below when the core has RSA

function PublicKey:verify(digest, sig, padding)
    local h = handle(self, PublicKey, "public key", 2)
    if self.curve == "rsa" and verify_rsa then return verify_rsa(self, h, digest, sig, padding) end
    need_ecdsa(self, "verify", 2)
    check_digest(digest, 2)
    check_string(sig, "signature", 2)
    local rc, op = core.nbtls_ecdsa_verify_start(h, digest, sig)
    if rc ~= DONE then fail("verify", rc, 2) end
    return new_op(op, "verify", self.curve, finish_verify, self)
end

if core.nbtls_rsa_verify_start then
    local PADDINGS = { pss = core.NBTLS_RSA_PSS, pkcs1 = core.NBTLS_RSA_PKCS1_V15,
                       ["pkcs1-v1_5"] = core.NBTLS_RSA_PKCS1_V15 }
    local HASH_BY_LEN = { [32] = core.NBTLS_SHA256, [48] = core.NBTLS_SHA384,
                          [64] = core.NBTLS_SHA512 }
    verify_rsa = function(self, h, digest, sig, padding)
        check_digest(digest, 3)
        check_string(sig, "signature", 3)
        local pad = type(padding) == "string" and PADDINGS[padding:lower()] or nil
        if not pad then
            error("nbtls: RSA verify needs a padding: \"pss\" or \"pkcs1\", got " ..
                  tostring(padding), 3)
        end
        local alg = HASH_BY_LEN[#digest]
        if not alg then
            error(format("nbtls: RSA verify: digest must be 32, 48 or 64 bytes " ..
                         "(SHA-256/384/512), got %d", #digest), 3)
        end
        local rc, op = core.nbtls_rsa_verify_start(h, pad, alg, digest, sig)
        if rc ~= DONE then fail("verify", rc, 3) end
        return new_op(op, "verify", "rsa", finish_verify, self)
    end
end

-- ---- Signature schemes (TLS 1.3 SignatureScheme, nbtls_sign_start and
-- nbtls_verify_start): the library hashes the message; ECDSA signatures are
-- DER (SEQUENCE { r INTEGER, s INTEGER }), RSA ones modulus-length. ----------

-- The names and codes come from the C library (nbtls_sig_name,
-- nbtls_sig_from_name, nbtls_sig_supported): no table of our own.
local SCHEMES = {}   -- name -> code, the schemes nbtls implements
M.schemes = {}
if core.nbtls_sign_start then
    for _, const in ipairs({
        "RSA_PKCS1_SHA256", "RSA_PKCS1_SHA384", "RSA_PKCS1_SHA512",
        "ECDSA_SECP256R1_SHA256", "ECDSA_SECP384R1_SHA384",
        "RSA_PSS_RSAE_SHA256", "RSA_PSS_RSAE_SHA384", "RSA_PSS_RSAE_SHA512",
    }) do
        local code = core["NBTLS_SIG_" .. const]
        if core.nbtls_sig_supported(code) == 1 then
            local name = core.nbtls_sig_name(code)
            SCHEMES[name], M.schemes[name] = code, code
        end
    end
    M.SIGNATURE_MAX_LEN = core.NBTLS_SIGNATURE_MAX_LEN
end

--- The IANA TLS registry name of a SignatureScheme code point
-- ("ecdsa_secp256r1_sha256" for 0x0403, "ed25519" for 0x0807 though nbtls
-- does not implement it), or nil for a code the C library does not name.
function M.scheme_name(code)
    if type(code) ~= "number" or code % 1 ~= 0 or code < 0 or code > 0xffff then
        error("nbtls: scheme_name expects an integer in [0, 65535], got " .. tostring(code), 2)
    end
    return core.nbtls_sig_name(code)
end

-- "a P-256 key", "an RSA key", "an X25519 key"
local function a_key(curve)
    local name = CURVE_NAMES[curve] or "?"
    return (name:find("^[AEIOURX]") and "an " or "a ") .. name .. " key"
end

local function scheme_label(code)
    local name = core.nbtls_sig_name(code)
    if name then return format("%s (0x%04x)", name, code) end
    return format("0x%04x", code)
end

-- The code of `scheme` (a name of nbtls.schemes, any case, or an integer
-- code point); nil gives the key's ECDSA scheme (RSA keys have none).
local function scheme_code(self, scheme, what, level)
    if scheme == nil then
        local c = EC[self.curve]
        if not c then
            error(format("nbtls: %s: %s needs a signature scheme", what, a_key(self.curve)),
                  level + 1)
        end
        return c.scheme
    end
    if type(scheme) == "string" then
        local code = SCHEMES[scheme:lower()]
        if not code then
            local names = {}
            for n in pairs(SCHEMES) do names[#names + 1] = n end
            table.sort(names)
            error(format("nbtls: unknown signature scheme %s (use %s, or a number)", scheme,
                         table.concat(names, ", ")), level + 1)
        end
        return code
    end
    if type(scheme) ~= "number" or scheme % 1 ~= 0 or scheme < 0 or scheme > 0xffff then
        error("nbtls: signature scheme must be a name or an integer in [0, 65535], got " ..
              tostring(scheme), level + 1)
    end
    return scheme
end

local function scheme_fail(self, what, rc, code, level)
    if rc == E_BAD_KEY then
        error(format("nbtls: %s: scheme %s does not fit %s", what, scheme_label(code),
                     a_key(self.curve)), level + 1)
    elseif rc == core.NBTLS_E_UNSUPPORTED then
        error(format("nbtls: %s: unsupported signature scheme %s", what, scheme_label(code)),
              level + 1)
    end
    fail(what, rc, level + 1)
end

local function verify_message(self, h, msg, sig, scheme, level)
    check_string(msg, "message", level + 1)
    check_string(sig, "signature", level + 1)
    local code = scheme_code(self, scheme, "verify_message", level + 1)
    local rc, op = core.nbtls_verify_start(h, code, msg, sig)
    if rc ~= DONE then scheme_fail(self, "verify_message", rc, code, level + 1) end
    return new_op(op, "verify", self.curve, finish_verify, self)
end

--- Verify a TLS 1.3 signature over `msg` (nbtls hashes it): `scheme` is a
-- name of nbtls.schemes ("ecdsa_secp256r1_sha256", "rsa_pss_rsae_sha256",
-- ...) or its code point; by default the curve's ECDSA scheme (RSA keys
-- need one). ECDSA signatures are DER. Returns an op whose result is true,
-- or nil, "bad signature" (malformed signatures included). A scheme that
-- does not fit the key, or that nbtls does not implement, raises.
function PublicKey:verify_message(msg, sig, scheme)
    return verify_message(self, handle(self, PublicKey, "public key", 2), msg, sig, scheme, 2)
end

--- As PublicKey:verify_message, with this key's public half.
function Key:verify_message(msg, sig, scheme)
    return verify_message(self, handle(self, Key, "private key", 2), msg, sig, scheme, 2)
end

--- Sign `msg` (nbtls hashes it) with a TLS 1.3 scheme (default: the curve's
-- ECDSA scheme; see PublicKey:verify_message). Returns an op whose result is
-- the DER signature (at most nbtls.SIGNATURE_MAX_LEN bytes); the nonce is
-- RFC 6979 hedged with OS randomness. nbtls holds no RSA private keys.
function Key:sign_message(msg, scheme)
    local h = handle(self, Key, "private key", 2)
    need_ecdsa(self, "sign", 2)
    check_string(msg, "message", 2)
    local code = scheme_code(self, scheme, "sign_message", 2)
    local rc, op = core.nbtls_sign_start(h, code, msg)
    if rc ~= DONE then scheme_fail(self, "sign_message", rc, code, 2) end
    return new_op(op, "sign", self.curve, finish_bytes, self)
end

PublicKey.close = close_obj
PublicKey.__close = close_obj

function PublicKey.__tostring(self)
    return "nbtls." .. tostring(self.curve) .. " public key" .. (self._h and "" or " (closed)")
end

-- ---- nbtls.p256, nbtls.p384 ----------------------------------------------------
-- One table per NIST curve, made by the same function: generate(),
-- private_key(bytes), import_private(bytes) (restartable), public_key(sec1)
-- and the sizes.

local function ec_module(curve)
    local c = EC[curve]
    local name = c.name
    local m = {
        PRIVATE_LEN = c.private_len,
        PUBLIC_LEN = c.public_len,
        PUBLIC_COMPRESSED_LEN = c.compressed_len,
        SIGNATURE_LEN = c.signature_len,
        SECRET_LEN = c.secret_len,
        SCHEME = c.scheme,
    }

    local function check_private(bytes, level)
        check_string(bytes, name .. " private key", level + 1)
        if #bytes ~= c.private_len then
            error(format("nbtls: %s private key must be %d bytes, got %d", name, c.private_len,
                         #bytes), level + 1)
        end
    end

    local function bad_private(rc, level)
        if rc == E_BAD_KEY then
            error("nbtls: invalid " .. name .. " private key (the scalar must be in [1, n-1])",
                  level + 1)
        end
        fail("private_key", rc, level + 1)
    end

    --- Generate a key pair (OS randomness). Returns an op whose result is the
    -- private key object.
    function m.generate()
        local rc, op = c.keygen_start()
        if rc ~= DONE then fail("generate", rc, 2) end
        return new_op(op, "generate", curve, finish_key)
    end

    --- Import a big-endian private scalar in [1, n-1] (32 bytes for P-256,
    -- 48 for P-384). Computing the public point costs one scalar
    -- multiplication, done now; see import_private for the restartable form.
    function m.private_key(bytes)
        check_private(bytes, 2)
        local rc, k = c.from_private(bytes)
        if rc ~= DONE then bad_private(rc, 2) end
        return wrap_key(k)
    end

    --- The restartable form of private_key: returns an op whose result is
    -- the private key object.
    function m.import_private(bytes)
        check_private(bytes, 2)
        local rc, op = c.from_private_start(bytes)
        if rc ~= DONE then bad_private(rc, 2) end
        return new_op(op, "import_private", curve, finish_key)
    end

    --- Import a SEC1 public key, uncompressed or compressed (65 or 33 bytes
    -- for P-256, 97 or 49 for P-384).
    function m.public_key(sec1)
        check_string(sec1, name .. " public key", 2)
        local n = #sec1
        if n ~= c.public_len and n ~= c.compressed_len then
            error(format("nbtls: %s public key must be %d or %d bytes, got %d",
                         name, c.public_len, c.compressed_len, n), 2)
        end
        local rc, p = c.from_public(sec1)
        if rc == E_BAD_KEY then
            error("nbtls: invalid " .. name .. " public key (bad format byte, coordinate >= p, " ..
                  "or not on the curve)", 2)
        elseif rc ~= DONE then
            fail("public_key", rc, 2)
        end
        return wrap_pub(p)
    end

    return m
end

for curve in pairs(EC) do M[curve] = ec_module(curve) end

-- ---- nbtls.x25519 (RFC 7748) ------------------------------------------------
-- Keys have the same methods as P-256 keys except sign/verify:
-- key:public_key(), key:to_bytes(), pub:to_bytes() (32 bytes, little-endian)
-- and key:exchange(pub or 32-byte string) -> op -> 32-byte secret; a
-- small-order peer (all-zero secret) raises when the op finishes.

if core.nbtls_key_x25519_from_private then
    local x25519 = { KEY_LEN = X25519_LEN }
    M.x25519 = x25519

    local function check32(bytes, what, level)
        check_string(bytes, what, level + 1)
        if #bytes ~= X25519_LEN then
            error(format("nbtls: %s must be %d bytes, got %d", what, X25519_LEN, #bytes),
                  level + 1)
        end
    end

    --- Generate a key pair (OS randomness): an op whose result is the key.
    function x25519.generate()
        local rc, op = core.nbtls_x25519_keygen_start()
        if rc ~= DONE then fail("x25519.generate", rc, 2) end
        return new_op(op, "generate", "x25519", finish_key)
    end

    --- Import a private key: any 32 bytes (clamped when used). The public
    -- key is computed now (273 units, tens of microseconds).
    function x25519.private_key(bytes)
        check32(bytes, "X25519 private key", 2)
        local rc, k = core.nbtls_key_x25519_from_private(bytes)
        if rc ~= DONE then fail("x25519.private_key", rc, 2) end
        return wrap_key(k)
    end

    --- Import a public key: the 32-byte u coordinate (top bit ignored).
    function x25519.public_key(bytes)
        check32(bytes, "X25519 public key", 2)
        local rc, p = core.nbtls_key_x25519_from_public(bytes)
        if rc ~= DONE then fail("x25519.public_key", rc, 2) end
        return wrap_pub(p)
    end
end

-- ---- Key files: DER and PEM --------------------------------------------------

if core.nbtls_key_from_der and core.nbtls_key_from_pem then
    --- Import a key from PEM text ("PUBLIC KEY", "PRIVATE KEY", "EC PRIVATE
    -- KEY") or DER (SubjectPublicKeyInfo, PKCS#8, SEC1 ECPrivateKey): P-256,
    -- P-384 or X25519, or an RSA public key. Returns a private key object
    -- (with its public half) or a public key object; key.curve says "p256",
    -- "p384", "x25519" or "rsa". The input is
    -- taken as PEM when it contains "-----BEGIN".
    function M.load_key(data)
        check_string(data, "key data", 2)
        local pem = data:find("-----BEGIN", 1, true) ~= nil
        local rc, k
        if pem then
            rc, k = core.nbtls_key_from_pem(data)
        else
            rc, k = core.nbtls_key_from_der(data)
        end
        if rc == core.NBTLS_E_UNSUPPORTED then
            error("nbtls: load_key: unsupported key (nbtls reads P-256, P-384 and X25519 keys, " ..
                  "unencrypted, and RSA public keys)", 2)
        elseif rc == E_BAD_KEY then
            error(format("nbtls: load_key: malformed or invalid %s key", pem and "PEM" or "DER"), 2)
        elseif rc ~= DONE then
            fail("load_key", rc, 2)
        end
        if core.nbtls_key_has_private(k) == 1 then return wrap_key(k) end
        return wrap_pub(k)
    end
end

-- ---- Hashes, HMAC, HKDF, AEADs (nbtls/sym.h) ----------------------------------
-- These are cheap per byte and run at once (no ops): a gateway hashes the
-- message it then signs with key:sign(nbtls.sha256(msg)):await().

local HASH_ALGS = {
    sha256 = core.NBTLS_SHA256, ["sha-256"] = core.NBTLS_SHA256,
    sha384 = core.NBTLS_SHA384, ["sha-384"] = core.NBTLS_SHA384,
    sha512 = core.NBTLS_SHA512, ["sha-512"] = core.NBTLS_SHA512,
}
local AEAD_ALGS = {
    ["aes-128-gcm"] = core.NBTLS_AES_128_GCM,
    ["aes-256-gcm"] = core.NBTLS_AES_256_GCM,
    ["chacha20-poly1305"] = core.NBTLS_CHACHA20_POLY1305,
}

local ALG_NAMES = {
    [HASH_ALGS] = "sha256, sha384, sha512",
    [AEAD_ALGS] = "aes-128-gcm, aes-256-gcm, chacha20-poly1305",
}

local function lookup(tbl, name, what, level)
    local id = type(name) == "string" and tbl[name:lower()] or nil
    if id == nil then
        error(format("nbtls: unknown %s %s (use %s)", what, tostring(name), ALG_NAMES[tbl]),
              level + 1)
    end
    return id
end

--- One-shot hash: nbtls.hash("sha256" | "sha384" | "sha512", data).
function M.hash(alg, data)
    local id = lookup(HASH_ALGS, alg, "hash", 2)
    check_string(data, "data", 2)
    local rc, d = core.nbtls_hash(id, data)
    if rc ~= DONE then fail("hash", rc, 2) end
    return d
end
function M.sha256(data) check_string(data, "data", 2); return M.hash("sha256", data) end
function M.sha384(data) check_string(data, "data", 2); return M.hash("sha384", data) end
function M.sha512(data) check_string(data, "data", 2); return M.hash("sha512", data) end

--- HMAC(key, data) with the given hash.
function M.hmac(alg, key, data)
    local id = lookup(HASH_ALGS, alg, "hash", 2)
    check_string(key, "HMAC key", 2)
    check_string(data, "data", 2)
    local rc, mac = core.nbtls_hmac(id, key, data)
    if rc ~= DONE then fail("hmac", rc, 2) end
    return mac
end

--- HKDF-Extract(salt, ikm) (RFC 5869); an empty salt is hash-length zeros.
function M.hkdf_extract(alg, salt, ikm)
    local id = lookup(HASH_ALGS, alg, "hash", 2)
    check_string(salt, "salt", 2)
    check_string(ikm, "input keying material", 2)
    local rc, prk = core.nbtls_hkdf_extract(id, salt, ikm)
    if rc ~= DONE then fail("hkdf_extract", rc, 2) end
    return prk
end

--- HKDF-Expand(prk, info, length) (RFC 5869): `length` bytes, 1 to
-- 255 * hash length.
function M.hkdf_expand(alg, prk, info, length)
    local id = lookup(HASH_ALGS, alg, "hash", 2)
    check_string(prk, "PRK", 2)
    check_string(info, "info", 2)
    local hl = core.nbtls_hash_len(id)
    if type(length) ~= "number" or length % 1 ~= 0 or length < 1 or length > 255 * hl then
        error(format("nbtls: HKDF output length must be an integer in [1, %d], got %s",
                     255 * hl, tostring(length)), 2)
    end
    if #prk < hl then
        error(format("nbtls: HKDF PRK must be at least %d bytes, got %d", hl, #prk), 2)
    end
    local rc, okm = core.nbtls_hkdf_expand(id, prk, info, length)
    if rc ~= DONE then fail("hkdf_expand", rc, 2) end
    return okm
end

local Hasher = { __nbtls_class = true }
Hasher.__index = Hasher
M.Hasher = Hasher

--- A streaming hash: h = nbtls.hasher("sha256"); h:update(a):update(b);
-- h:digest() (which resets it); h:copy() snapshots it.
function M.hasher(alg)
    local id = lookup(HASH_ALGS, alg, "hash", 2)
    local rc, ctx = core.nbtls_hash_new(id)
    if rc ~= DONE then fail("hasher", rc, 2) end
    return setmetatable({ _h = ctx }, Hasher)
end

function Hasher:update(data)
    local h = handle(self, Hasher, "hasher", 2)
    check_string(data, "data", 2)
    local rc = core.nbtls_hash_update(h, data)
    if rc ~= DONE then fail("hasher:update", rc, 2) end
    return self
end

function Hasher:digest()
    local rc, d = core.nbtls_hash_final(handle(self, Hasher, "hasher", 2))
    if rc ~= DONE then fail("hasher:digest", rc, 2) end
    return d
end

function Hasher:copy()
    local rc, ctx = core.nbtls_hash_clone(handle(self, Hasher, "hasher", 2))
    if rc ~= DONE then fail("hasher:copy", rc, 2) end
    return setmetatable({ _h = ctx }, Hasher)
end

local Aead = { __nbtls_class = true }
Aead.__index = Aead
M.Aead = Aead

--- A keyed AEAD: "aes-128-gcm" (16-byte key), "aes-256-gcm" or
-- "chacha20-poly1305" (32). a:seal(nonce, plaintext [, aad]) returns
-- ciphertext || 16-byte tag; a:open(nonce, sealed [, aad]) returns the
-- plaintext, or nil, "authentication failed". Nonces are 12 bytes and must
-- never repeat under one key.
function M.aead(alg, key)
    local id = lookup(AEAD_ALGS, alg, "AEAD", 2)
    check_string(key, "AEAD key", 2)
    local kl = core.nbtls_aead_key_len(id)
    if #key ~= kl then
        error(format("nbtls: %s key must be %d bytes, got %d", alg:lower(), kl, #key), 2)
    end
    local rc, a = core.nbtls_aead_new(id, key)
    if rc ~= DONE then fail("aead", rc, 2) end
    return setmetatable({ _h = a, alg = alg:lower() }, Aead)
end

local function aead_args(nonce, data, aad, what, level)
    check_string(nonce, "AEAD nonce", level + 1)
    if #nonce ~= core.NBTLS_AEAD_NONCE_LEN then
        error(format("nbtls: AEAD nonce must be %d bytes, got %d", core.NBTLS_AEAD_NONCE_LEN,
                     #nonce), level + 1)
    end
    check_string(data, what, level + 1)
    if aad == nil then aad = "" end
    check_string(aad, "associated data", level + 1)
    return aad
end

function Aead:seal(nonce, plaintext, aad)
    local h = handle(self, Aead, "AEAD", 2)
    aad = aead_args(nonce, plaintext, aad, "plaintext", 2)
    local rc, out = core.nbtls_aead_seal(h, nonce, aad, plaintext)
    if rc ~= DONE then fail(self.alg .. " seal", rc, 2) end
    return out
end

function Aead:open(nonce, sealed, aad)
    local h = handle(self, Aead, "AEAD", 2)
    aad = aead_args(nonce, sealed, aad, "sealed data", 2)
    if #sealed < core.NBTLS_AEAD_TAG_LEN then
        error(format("nbtls: AEAD sealed data must be at least %d bytes (the tag), got %d",
                     core.NBTLS_AEAD_TAG_LEN, #sealed), 2)
    end
    local rc, out = core.nbtls_aead_open(h, nonce, aad, sealed)
    if rc == core.NBTLS_E_DECRYPT then return nil, "authentication failed" end
    if rc ~= DONE then fail(self.alg .. " open", rc, 2) end
    return out
end

for _, cls in ipairs({ Hasher, Aead }) do
    cls.close = close_obj
    cls.__close = close_obj
end
function Hasher.__tostring(self) return "nbtls.hasher" .. (self._h and "" or " (closed)") end
function Aead.__tostring(self)
    return "nbtls.aead(" .. self.alg .. ")" .. (self._h and "" or " (closed)")
end

-- ---- X.509 (include/nbtls/x509.h) ----------------------------------------------
--
--   local chain = nbtls.x509.load_pem_bundle(pem)     -- certificates, leaf first
--   local trust = nbtls.x509.system_trust()
--   local ok, err, detail = nbtls.x509.verify(chain, trust,
--       { hostname = "example.com" }):await()
--   -- ok == true, or nil, "nbtls: x509 verify: expired: ...", "expired", 1
--
-- Thin: parsing, path building and every rule are the C library's.

if core.nbtls_x509_from_der then
    local X = {}
    M.x509 = X
    local E_CERTIFICATE = core.NBTLS_E_CERTIFICATE
    local MALFORMED = core.NBTLS_X509_ERR_MALFORMED

    local Certificate = { __nbtls_class = true }
    Certificate.__index = Certificate
    local TrustStore = { __nbtls_class = true }
    TrustStore.__index = TrustStore
    X.Certificate, X.TrustStore = Certificate, TrustStore

    --- The C short name ("expired", "unknown_issuer", ...) and one-line
    -- description of a detail code (nbtls.x509.errors maps names to codes).
    function X.error_name(detail) return core.nbtls_x509_error_name(detail) end
    function X.error_string(detail) return core.nbtls_x509_error_string(detail) end
    X.errors = {}
    for code = 0, 15 do X.errors[core.nbtls_x509_error_name(code)] = code end

    -- A parse / load failure: raised like the module's other errors, with
    -- the detail ("malformed") of certificate errors.
    local function cfail(what, rc, level)
        if rc == E_CERTIFICATE then
            error(format("nbtls: %s: %s: %s: %s (%d)", what, core.nbtls_strerror(rc),
                         core.nbtls_x509_error_name(MALFORMED),
                         core.nbtls_x509_error_string(MALFORMED), rc), level + 1)
        end
        fail(what, rc, level + 1)
    end

    local function wrap_cert(h) return setmetatable({ _h = h }, Certificate) end

    --- Parse one DER certificate (no trailing data).
    function X.from_der(der)
        check_string(der, "DER certificate", 2)
        local rc, h = core.nbtls_x509_from_der(der)
        if rc ~= DONE then cfail("x509.from_der", rc, 2) end
        return wrap_cert(h)
    end

    --- Every CERTIFICATE block of a PEM text, in order (a list; empty if
    -- there is none; other blocks are skipped).
    function X.load_pem_bundle(pem)
        check_string(pem, "PEM text", 2)
        local out, pos = {}, 0
        while true do
            local rc, h, npos = core.nbtls_x509_from_pem_next(pem, pos)
            if rc ~= DONE then cfail("x509.load_pem_bundle", rc, 2) end
            if h == nil then return out end
            out[#out + 1] = wrap_cert(h)
            pos = npos
        end
    end

    --- The first CERTIFICATE block of a PEM text (raises if there is none).
    function X.from_pem(pem)
        check_string(pem, "PEM text", 2)
        local certs = X.load_pem_bundle(pem)
        if certs[1] == nil then
            error("nbtls: x509.from_pem: no CERTIFICATE block found", 2)
        end
        return certs[1]
    end

    local function ch(self) return handle(self, Certificate, "certificate", 3) end

    function Certificate:der() return core.nbtls_x509_der(ch(self)) end
    function Certificate:fingerprint_sha256() return core.nbtls_x509_fingerprint_sha256(ch(self)) end
    function Certificate:version() return core.nbtls_x509_version(ch(self)) end
    --- The serial number's magnitude, big-endian bytes.
    function Certificate:serial() return core.nbtls_x509_serial(ch(self)) end
    function Certificate:subject_der() return core.nbtls_x509_subject_der(ch(self)) end
    function Certificate:issuer_der() return core.nbtls_x509_issuer_der(ch(self)) end
    function Certificate:spki_der() return core.nbtls_x509_spki_der(ch(self)) end
    --- notBefore / notAfter, Unix seconds (integers).
    function Certificate:not_before() return core.nbtls_x509_not_before(ch(self)) end
    function Certificate:not_after() return core.nbtls_x509_not_after(ch(self)) end

    --- The subject / issuer as RFC 4514 strings ("CN=example.com,O=Org").
    function Certificate:subject()
        local rc, s = core.nbtls_x509_subject_string(ch(self))
        if rc ~= DONE then fail("certificate:subject", rc, 2) end
        return s
    end
    function Certificate:issuer()
        local rc, s = core.nbtls_x509_issuer_string(ch(self))
        if rc ~= DONE then fail("certificate:issuer", rc, 2) end
        return s
    end

    --- The subject public key as a public key object (P-256, P-384, RSA).
    function Certificate:public_key()
        local rc, k = core.nbtls_x509_public_key(ch(self))
        if rc ~= DONE then fail("certificate:public_key", rc, 2) end
        return wrap_pub(k)
    end

    --- The signature algorithm as a SignatureScheme-like number (see
    -- nbtls.schemes; the legacy SHA-1/MD5 ids too), nil if nbtls names none.
    function Certificate:signature_scheme()
        local v = core.nbtls_x509_signature_scheme(ch(self))
        if v < 0 then return nil end
        return v
    end

    --- The subjectAltName dNSNames (a list of strings, as written).
    function Certificate:san_dns()
        local h = ch(self)
        local out = {}
        for i = 0, core.nbtls_x509_san_dns_count(h) - 1 do
            out[#out + 1] = core.nbtls_x509_san_dns(h, i)
        end
        return out
    end

    --- The subjectAltName iPAddresses: a list of 4- or 16-byte strings.
    function Certificate:san_ip_bytes()
        local h = ch(self)
        local out = {}
        for i = 0, core.nbtls_x509_san_ip_count(h) - 1 do
            out[#out + 1] = core.nbtls_x509_san_ip(h, i)
        end
        return out
    end

    --- The subjectAltName iPAddresses as text: "192.0.2.7", and IPv6 as
    -- eight lower-case hex groups ("2001:db8:0:0:0:0:0:1").
    function Certificate:san_ip()
        local out = {}
        for _, b in ipairs(self:san_ip_bytes()) do
            if #b == 4 then
                out[#out + 1] = format("%d.%d.%d.%d", b:byte(1, 4))
            else
                local g = {}
                for i = 1, #b, 2 do g[#g + 1] = format("%x", b:byte(i) * 256 + b:byte(i + 1)) end
                out[#out + 1] = table.concat(g, ":")
            end
        end
        return out
    end

    --- basicConstraints: cA (boolean) and pathLenConstraint (nil if absent).
    function Certificate:is_ca() return core.nbtls_x509_is_ca(ch(self)) == 1 end
    function Certificate:path_len()
        local v = core.nbtls_x509_path_len(ch(self))
        if v < 0 then return nil end
        return v
    end

    --- keyUsage / extendedKeyUsage as bit sets (NBTLS_X509_KU_* /
    -- NBTLS_X509_EKU_* in nbtls.core; nbtls.x509.KU / .EKU), nil if absent.
    function Certificate:key_usage()
        local v = core.nbtls_x509_key_usage(ch(self))
        if v < 0 then return nil end
        return v
    end
    function Certificate:eku()
        local v = core.nbtls_x509_eku(ch(self))
        if v < 0 then return nil end
        return v
    end
    X.KU = {
        digital_signature = core.NBTLS_X509_KU_DIGITAL_SIGNATURE,
        non_repudiation = core.NBTLS_X509_KU_NON_REPUDIATION,
        key_encipherment = core.NBTLS_X509_KU_KEY_ENCIPHERMENT,
        data_encipherment = core.NBTLS_X509_KU_DATA_ENCIPHERMENT,
        key_agreement = core.NBTLS_X509_KU_KEY_AGREEMENT,
        key_cert_sign = core.NBTLS_X509_KU_KEY_CERT_SIGN,
        crl_sign = core.NBTLS_X509_KU_CRL_SIGN,
        encipher_only = core.NBTLS_X509_KU_ENCIPHER_ONLY,
        decipher_only = core.NBTLS_X509_KU_DECIPHER_ONLY,
    }
    X.EKU = {
        server_auth = core.NBTLS_X509_EKU_SERVER_AUTH,
        client_auth = core.NBTLS_X509_EKU_CLIENT_AUTH,
        code_signing = core.NBTLS_X509_EKU_CODE_SIGNING,
        email_protection = core.NBTLS_X509_EKU_EMAIL_PROTECTION,
        time_stamping = core.NBTLS_X509_EKU_TIME_STAMPING,
        ocsp_signing = core.NBTLS_X509_EKU_OCSP_SIGNING,
        any = core.NBTLS_X509_EKU_ANY,
        other = core.NBTLS_X509_EKU_OTHER,
    }

    --- subjectKeyIdentifier / authorityKeyIdentifier bytes, nil if absent.
    function Certificate:ski() return core.nbtls_x509_ski(ch(self)) end
    function Certificate:aki() return core.nbtls_x509_aki(ch(self)) end

    --- The OIDs (DER content bytes) of the critical extensions nbtls does
    -- not process (validation refuses such a certificate).
    function Certificate:unknown_critical()
        local h = ch(self)
        local out = {}
        for i = 0, core.nbtls_x509_unknown_critical_count(h) - 1 do
            out[#out + 1] = core.nbtls_x509_unknown_critical_oid(h, i)
        end
        return out
    end

    function Certificate.__tostring(self)
        if not self._h then return "nbtls.x509.certificate (closed)" end
        return "nbtls.x509.certificate(" .. (self:subject() or "?") .. ")"
    end

    -- ---- Trust stores ----

    local function new_store()
        local rc, t = core.nbtls_trust_new()
        if rc ~= DONE then fail("x509.trust_store", rc, 3) end
        return setmetatable({ _h = t }, TrustStore)
    end

    local function th(self, level)
        local h = handle(self, TrustStore, "trust store", level + 1)
        if self._frozen then
            error("nbtls: the trust store has been used by verify and cannot be modified",
                  level + 1)
        end
        return h
    end

    --- Add a certificate object as an anchor (a copy).
    function TrustStore:add(cert)
        local h = th(self, 2)
        local rc = core.nbtls_trust_add(h, handle(cert, Certificate, "certificate", 2))
        if rc ~= DONE then fail("trust:add", rc, 2) end
        return self
    end

    --- Add the anchors of a DER certificate or a PEM text (all or nothing);
    -- returns the number read.
    function TrustStore:add_data(data)
        local h = th(self, 2)
        check_string(data, "anchors", 2)
        local rc, n = core.nbtls_trust_add_data(h, data)
        if rc ~= DONE then cfail("trust:add_data", rc, 2) end
        return n
    end

    --- Add the anchors of a file (PEM or DER); returns the number read.
    function TrustStore:load_file(path)
        local h = th(self, 2)
        check_string(path, "path", 2)
        local rc, n = core.nbtls_trust_load_file(h, path)
        if rc ~= DONE then cfail("trust:load_file " .. path, rc, 2) end
        return n
    end

    --- Add every file of a directory that parses; returns the number added.
    function TrustStore:load_dir(path)
        local h = th(self, 2)
        check_string(path, "path", 2)
        local rc, n = core.nbtls_trust_load_dir(h, path)
        if rc ~= DONE then cfail("trust:load_dir " .. path, rc, 2) end
        return n
    end

    --- The number of anchors.
    function TrustStore:count()
        return core.nbtls_trust_count(handle(self, TrustStore, "trust store", 2))
    end

    function TrustStore.__tostring(self)
        if not self._h then return "nbtls.x509.trust_store (closed)" end
        return format("nbtls.x509.trust_store(%d anchors%s)", self:count(),
                      self._frozen and ", frozen" or "")
    end

    --- A new store; with an argument, the anchors of that PEM text or DER
    -- certificate.
    function X.trust_store(data)
        local t = new_store()
        if data ~= nil then
            check_string(data, "anchors", 2)
            local rc = core.nbtls_trust_add_data(t._h, data)
            if rc ~= DONE then cfail("x509.trust_store", rc, 2) end
        end
        return t
    end

    --- A store of the anchors of a file / a directory.
    function X.trust_file(path)
        local t = new_store()
        check_string(path, "path", 2)
        local rc = core.nbtls_trust_load_file(t._h, path)
        if rc ~= DONE then cfail("x509.trust_file " .. path, rc, 2) end
        return t
    end
    function X.trust_dir(path)
        local t = new_store()
        check_string(path, "path", 2)
        local rc = core.nbtls_trust_load_dir(t._h, path)
        if rc ~= DONE then cfail("x509.trust_dir " .. path, rc, 2) end
        return t
    end

    --- The operating system's anchors (SSL_CERT_FILE / SSL_CERT_DIR, then
    -- the distributions' bundles, as OpenSSL finds them).
    function X.system_trust()
        local t = new_store()
        local rc = core.nbtls_trust_load_system(t._h)
        if rc ~= DONE then fail("x509.system_trust", rc, 2) end
        return t
    end

    -- A certificate or store that a running verify op reads cannot be
    -- closed (the C op would read freed memory): close() raises then. The
    -- ops are held weakly; a finished, closed or collected op no longer pins.
    local function pin(obj, op)
        local ops = rawget(obj, "_ops")
        if not ops then
            ops = setmetatable({}, { __mode = "k" })
            obj._ops = ops
        end
        ops[op] = true
    end
    local function close_pinned(self)
        local ops = type(self) == "table" and rawget(self, "_ops")
        if ops then
            for op in pairs(ops) do
                if rawget(op, "_h") ~= nil then
                    error("nbtls: close: a running x509.verify op uses this object " ..
                          "(close or finish the op first)", 2)
                end
            end
        end
        return close_obj(self)
    end
    for _, cls in ipairs({ Certificate, TrustStore }) do
        cls.close = close_pinned
        cls.__close = close_pinned
    end

    -- ---- Verification ----

    local PURPOSES = { server = core.NBTLS_X509_PURPOSE_SERVER,
                       client = core.NBTLS_X509_PURPOSE_CLIENT }

    local function verify_settle(self, h)
        local d = core.nbtls_op_x509_error(h)
        if d >= 0 then self.detail = d end
    end

    -- A rejected chain: message, detail name, detail code (nothing for
    -- other errors, which are raised as usual).
    local function verify_reject(self, st)
        if st ~= E_CERTIFICATE then return nil end
        local d = self.detail or MALFORMED
        local name = core.nbtls_x509_error_name(d)
        return format("nbtls: x509 verify: %s: %s (%d)", name,
                      core.nbtls_x509_error_string(d), st), name, d
    end

    --- Validate `chain` (a list of certificates, leaf first, then untrusted
    -- intermediates in any order) against `trust`. `opts` (optional):
    --   hostname = "example.com"   (RFC 9525 against SAN dNSNames; never the CN)
    --   ip = "192.0.2.7"           (an IPv4 / IPv6 literal, against SAN iPAddresses)
    --   now = unix_seconds         (default os.time())
    --   purpose = "server" | "client" (default "server")
    --   max_depth, max_signatures  (0 / nil: the C defaults)
    -- Returns an op: :await() / :run() / :poll() as every op; its result is
    -- true, or nil, message, detail_name, detail_code for a rejected chain
    -- (op.detail is the code once finished). The store is frozen from now on.
    function X.verify(chain, trust, opts)
        if type(chain) ~= "table" or chain[1] == nil then
            error("nbtls: x509.verify: chain must be a non-empty list of certificates", 2)
        end
        local handles = {}
        for i, c in ipairs(chain) do
            handles[i] = handle(c, Certificate, "certificate", 2)
        end
        local t = handle(trust, TrustStore, "trust store", 2)
        opts = opts or {}
        if type(opts) ~= "table" then
            error("nbtls: x509.verify: opts must be a table, got " .. type(opts), 2)
        end
        local name = opts.hostname
        if opts.ip ~= nil then
            if name ~= nil then error("nbtls: x509.verify: give hostname or ip, not both", 2) end
            name = opts.ip
        end
        if name ~= nil then
            check_string(name, "hostname", 2)
            -- C reads a NUL-terminated string and takes "" as "no name".
            if name == "" or name:find("\0", 1, true) then
                error("nbtls: x509.verify: the hostname is empty or contains a NUL byte", 2)
            end
        end
        local now = opts.now or os.time()
        if type(now) ~= "number" or now % 1 ~= 0 then
            error("nbtls: x509.verify: now must be an integer (Unix seconds)", 2)
        end
        local purpose = PURPOSES[opts.purpose or "server"]
        if not purpose then
            error("nbtls: x509.verify: purpose must be \"server\" or \"client\", got " ..
                  tostring(opts.purpose), 2)
        end
        trust._frozen = true
        local rc, op, arr = core.nbtls_x509_verify_start(t, handles, name, now, purpose)
        if rc ~= DONE then fail("x509.verify", rc, 2) end
        if (opts.max_depth or 0) ~= 0 or (opts.max_signatures or 0) ~= 0 then
            rc = core.nbtls_x509_verify_set_limits(op, opts.max_depth or 0, opts.max_signatures or 0)
            if rc ~= DONE then
                op:close()
                fail("x509.verify limits", rc, 2)
            end
        end
        -- the C op reads the pointer array, the certificates and the store
        -- while it runs: _refs keeps them alive until it is freed.
        local o = new_op(op, "x509_verify", nil, finish_verify, arr, trust, chain, handles)
        o._settle, o._reject = verify_settle, verify_reject
        pin(trust, o)
        for _, c in ipairs(chain) do pin(c, o) end
        return o
    end
end

return M
