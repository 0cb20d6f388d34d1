-- nbtls.x509: certificates, trust stores and verify() on chains minted at
-- test time by the openssl command (an RSA-2048 root, a P-256 intermediate
-- and P-256 leaves). The rules are C's; these tests check that the binding
-- passes everything through and reports C's verdict and detail.
local H, nbtls = ...

if not nbtls.x509 then
    H.test("x509", function() H.skip("this nbtls.core has no X.509") end)
    return
end
local X = nbtls.x509

local dir, path
local function mint()
    if dir then return true end
    if not H.exec_ok("openssl version >/dev/null 2>&1") then return false end
    dir, path = H.tmpdir("x509")
    local q = " 2>/dev/null"
    H.write_file(path("ca.ext"), "basicConstraints=critical,CA:TRUE,pathlen:0\n" ..
        "keyUsage=critical,keyCertSign,cRLSign\nsubjectKeyIdentifier=hash\n" ..
        "authorityKeyIdentifier=keyid\n")
    H.write_file(path("leaf.ext"), "basicConstraints=critical,CA:FALSE\n" ..
        "keyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\n" ..
        "subjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n" ..
        "subjectAltName=DNS:www.example.com,DNS:*.example.org,IP:192.0.2.7,IP:2001:db8::1\n")
    H.write_file(path("client.ext"), "basicConstraints=critical,CA:FALSE\n" ..
        "keyUsage=critical,digitalSignature\nextendedKeyUsage=clientAuth\n")
    -- one shell (H.sh prefixes a single command): cd, then the command
    local function ok(cmd) assert(H.exec_ok("sh -c 'cd " .. dir .. " && " .. cmd .. q .. "'"), cmd) end
    for _, r in ipairs({ { "root", "Test Root" }, { "other", "Other Root" } }) do
        ok("openssl req -x509 -newkey rsa:2048 -nodes -keyout " .. r[1] .. ".key -out " ..
           r[1] .. ".pem -days 3650 -sha256 -subj \"/O=nbtls test/CN=" .. r[2] .. "\"" ..
           " -addext basicConstraints=critical,CA:TRUE" ..
           " -addext keyUsage=critical,keyCertSign,cRLSign -addext subjectKeyIdentifier=hash")
    end
    local function sign(name, cn, ca, ext, serial)
        ok("openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout " ..
           name .. ".key -out " .. name .. ".csr -subj \"/O=nbtls test/CN=" .. cn .. "\"")
        ok("openssl x509 -req -in " .. name .. ".csr -CA " .. ca .. ".pem -CAkey " .. ca ..
           ".key -set_serial " .. serial .. " -days 365 -sha256 -extfile " .. ext ..
           " -out " .. name .. ".pem")
    end
    sign("int", "Test Int", "root", "ca.ext", "0x0a")
    sign("leaf", "leaf", "int", "leaf.ext", "0x0102030405")
    sign("client", "client", "int", "client.ext", "0x07")
    for _, n in ipairs({ "root", "other", "int", "leaf", "client" }) do
        ok("openssl x509 -in " .. n .. ".pem -outform DER -out " .. n .. ".der")
    end
    return true
end

local function need()
    if not mint() then H.skip("no openssl command") end
end
local function pem(n) return H.read_file(path(n .. ".pem")) end
local function der(n) return H.read_file(path(n .. ".der")) end
local function chain(leaf) return { X.from_der(der(leaf or "leaf")), X.from_der(der("int")) } end
local function trust() return X.trust_store(pem("root")) end
local function mid(c) return math.floor((c:not_before() + c:not_after()) / 2) end

H.test("x509: certificate getters", function()
    need()
    local c = X.from_der(der("leaf"))
    local int = X.from_der(der("int"))
    H.eq(c:der(), der("leaf"), "der")
    H.eq(#c:fingerprint_sha256(), 32, "fingerprint length")
    H.eq(c:fingerprint_sha256(), nbtls.hash("sha256", der("leaf")), "fingerprint")
    H.eq(c:version(), 3, "version")
    H.eq(H.hex(c:serial()):lower(), "0102030405", "serial")
    H.eq(c:subject(), "CN=leaf,O=nbtls test", "subject")
    H.eq(c:issuer(), "CN=Test Int,O=nbtls test", "issuer")
    H.eq(c:issuer_der(), int:subject_der(), "issuer DER")
    H.eq(math.type and math.type(c:not_before()) or "integer", "integer", "integer seconds")
    H.eq(c:not_after() - c:not_before(), 365 * 86400, "validity")
    local dns = c:san_dns()
    H.eq(#dns, 2, "dns count")
    H.eq(dns[1], "www.example.com", "dns 1")
    H.eq(dns[2], "*.example.org", "dns 2")
    local ips = c:san_ip()
    H.eq(ips[1], "192.0.2.7", "ipv4")
    H.eq(ips[2], "2001:db8:0:0:0:0:0:1", "ipv6")
    H.eq(#c:san_ip_bytes()[2], 16, "ipv6 bytes")
    H.eq(c:is_ca(), false, "leaf not CA")
    H.eq(c:path_len(), nil, "no pathlen")
    H.eq(c:key_usage(), X.KU.digital_signature, "key usage")
    H.eq(c:eku(), X.EKU.server_auth, "eku")
    H.eq(c:aki(), int:ski(), "aki = issuer's ski")
    H.ok(c:ski() ~= nil, "ski")
    H.eq(c:signature_scheme(), nbtls.schemes.ecdsa_secp256r1_sha256, "signature scheme")
    H.eq(#c:unknown_critical(), 0, "no unknown critical extension")
    H.eq(c:public_key().curve, "p256", "public key")
    H.eq(int:is_ca(), true, "int CA")
    H.eq(int:path_len(), 0, "int pathlen")
    H.eq(int:key_usage(), X.KU.key_cert_sign + X.KU.crl_sign, "int key usage")
    H.eq(int:eku(), nil, "int no eku")
    local root = X.from_pem(pem("root"))
    H.eq(root:public_key().curve, "rsa", "RSA root key")
    H.eq(root:signature_scheme(), nbtls.schemes.rsa_pkcs1_sha256, "RSA root scheme")
    H.ok(tostring(c):find("CN=leaf", 1, true), "tostring")
end)

H.test("x509: PEM bundles and malformed input", function()
    need()
    local bundle = "junk\n" .. pem("leaf") .. "between\n" .. pem("int") .. pem("root")
    local certs = X.load_pem_bundle(bundle)
    H.eq(#certs, 3, "three certificates")
    H.eq(certs[1]:der(), der("leaf"), "first")
    H.eq(certs[3]:der(), der("root"), "third")
    H.eq(X.from_pem(bundle):der(), der("leaf"), "from_pem: the first")
    H.eq(#X.load_pem_bundle("nothing here"), 0, "no certificate")
    H.raises("no CERTIFICATE block", X.from_pem, "nothing here")
    H.raises("malformed", X.from_der, der("leaf") .. "\0")
    H.raises("(-11)", X.from_der, der("leaf"):sub(1, -3))
    H.raises("malformed", X.load_pem_bundle,
             "-----BEGIN CERTIFICATE-----\nnot base64!\n-----END CERTIFICATE-----\n")
    H.raises("must be a string", X.from_der, 42)
    H.eq(X.errors.expired, 1, "detail names map to codes")
    H.eq(X.error_name(3), "unknown_issuer", "error_name")
    H.ok(#X.error_string(5) > 0, "error_string")
end)

H.test("x509: trust stores", function()
    need()
    local t = X.trust_store()
    H.eq(t:count(), 0, "empty")
    local root = X.from_der(der("root"))
    t:add(root)
    t:add(root)
    H.eq(t:count(), 1, "not twice")
    H.eq(t:add_data(pem("root") .. pem("int")), 2, "two read")
    H.eq(t:count(), 2, "two anchors")
    H.raises("malformed", t.add_data, t,
             pem("int") .. "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n")
    H.eq(t:count(), 2, "all or nothing")
    H.eq(X.trust_file(path("root.pem")):count(), 1, "file PEM")
    H.eq(X.trust_file(path("int.der")):count(), 1, "file DER")
    H.raises("invalid argument", X.trust_file, path("missing.pem"))
    local d = path("anchors")
    assert(H.exec_ok("sh -c 'mkdir " .. d .. " && cp " .. path("root.pem") .. " " .. d ..
                     "/a.pem && cp " .. path("other.der") .. " " .. d .. "/b.0'"))
    H.write_file(d .. "/junk.txt", "not a certificate")
    H.eq(X.trust_dir(d):count(), 2, "directory")
    H.ok(tostring(t):find("2 anchors", 1, true), "tostring")
end)

H.test("x509: system trust store (SSL_CERT_FILE)", function()
    need()
    -- os.getenv cannot be changed from Lua: run a child interpreter.
    local lua = os.getenv("NBTLS_LUA")
    if not lua then H.skip("NBTLS_LUA not set") end
    if os.getenv("NBTLS_LUA_SANITIZED") then H.skip("a child cannot load the sanitized module") end
    local script = path("sys.lua")
    H.write_file(script, "local x = require('nbtls').x509\n" ..
        "io.write(x.system_trust():count())\n")
    local p = io.popen(H.sh .. "SSL_CERT_FILE=" .. path("root.pem") .. " SSL_CERT_DIR= " ..
                       lua .. " " .. script)
    local out = p:read("*a")
    p:close()
    H.eq(out, "1", "one anchor from SSL_CERT_FILE")
end)

H.test("x509: verify a valid chain (await in a coroutine, run)", function()
    need()
    local ch, t = chain(), trust()
    local opts = { now = mid(ch[1]), hostname = "www.example.com" }
    local yields = 0
    local co = coroutine.create(function()
        return X.verify(ch, t, opts):await(1)
    end)
    local ok, r = coroutine.resume(co)
    while coroutine.status(co) == "suspended" do
        yields = yields + 1
        ok, r = coroutine.resume(co)
    end
    H.ok(ok, tostring(r))
    H.eq(r, true, "valid")
    H.ok(yields > 10, "sliced: " .. yields .. " yields")
    H.eq(X.verify(ch, t, { now = mid(ch[1]), hostname = "WWW.EXAMPLE.COM" }):run(), true, "case")
    -- intermediates in any order, extra certificates ignored
    local mixed = { ch[1], X.from_der(der("other")), ch[2] }
    H.eq(X.verify(mixed, t, { now = mid(ch[1]) }):run(), true, "mixed order")
    -- default time: now (the chain is valid for a year from its minting)
    H.eq(X.verify(ch, t):run(), true, "now")
    local op = X.verify(ch, t, { now = mid(ch[1]) })
    op:run()
    H.eq(op.detail, 0, "detail 0 when valid")
    H.raises("cannot be modified", t.add, t, ch[2])
end)

local function rejected(op, name)
    local ok, msg, dname, code = op:run()
    H.eq(ok, nil, "rejected (" .. name .. ")")
    H.eq(dname, name, "detail name")
    H.eq(code, X.errors[name], "detail code")
    H.ok(msg:find(name .. ": ", 1, true) and msg:find("(-11)", 1, true), msg)
    H.eq(op.detail, X.errors[name], "op.detail")
end

H.test("x509: expired, not yet valid", function()
    need()
    local ch, t = chain(), trust()
    rejected(X.verify(ch, t, { now = ch[1]:not_after() + 1 }), "expired")
    rejected(X.verify(ch, t, { now = ch[1]:not_before() - 1 }), "not_yet_valid")
    H.eq(X.verify(ch, t, { now = ch[1]:not_before() }):run(), true, "at the leaf's notBefore")
end)

H.test("x509: wrong host, wildcard, IP SAN", function()
    need()
    local ch, t = chain(), trust()
    local now = mid(ch[1])
    rejected(X.verify(ch, t, { now = now, hostname = "www.example.net" }), "name_mismatch")
    rejected(X.verify(ch, t, { now = now, hostname = "leaf" }), "name_mismatch") -- no CN
    for _, good in ipairs({ "a.example.org", "WWW.Example.Org" }) do
        H.eq(X.verify(ch, t, { now = now, hostname = good }):run(), true, good)
    end
    for _, bad in ipairs({ "example.org", "a.b.example.org" }) do
        rejected(X.verify(ch, t, { now = now, hostname = bad }), "name_mismatch")
    end
    H.eq(X.verify(ch, t, { now = now, ip = "192.0.2.7" }):run(), true, "IPv4")
    H.eq(X.verify(ch, t, { now = now, ip = "2001:db8::1" }):run(), true, "IPv6")
    rejected(X.verify(ch, t, { now = now, ip = "192.0.2.8" }), "name_mismatch")
end)

H.test("x509: unknown issuer, purpose, limits, argument errors", function()
    need()
    local ch = chain()
    local now = mid(ch[1])
    rejected(X.verify(ch, X.trust_file(path("other.pem")), { now = now }), "unknown_issuer")
    rejected(X.verify({ ch[1] }, trust(), { now = now }), "unknown_issuer")
    rejected(X.verify(ch, X.trust_store(), { now = now }), "unknown_issuer")
    local cl = chain("client")
    H.eq(X.verify(cl, trust(), { now = now, purpose = "client" }):run(), true, "client")
    rejected(X.verify(cl, trust(), { now = now }), "usage")
    rejected(X.verify(ch, trust(), { now = now, max_signatures = 1 }), "too_costly")
    local t = trust()
    H.raises("invalid argument", X.verify, ch, t, { now = now, max_depth = 65 })
    H.raises("purpose", X.verify, ch, t, { purpose = "email" })
    H.raises("non-empty list", X.verify, {}, t)
    H.raises("empty or contains a NUL", X.verify, ch, t, { hostname = "" })
    H.raises("empty or contains a NUL", X.verify, ch, t, { hostname = "www.example.com\0.evil" })
    H.raises("not both", X.verify, ch, t, { hostname = "a", ip = "192.0.2.7" })
    H.raises("expected certificate", X.verify, { "x" }, t)
    -- poll() reports a rejection as "error", message, name, code
    local op = X.verify(ch, t, { now = now, hostname = "nope.example" })
    local st, msg, name
    repeat st, msg, name = op:poll(7) until st ~= "in_progress"
    H.eq(st, "error", "poll status")
    H.eq(name, "name_mismatch", "poll detail")
    H.ok(msg:find("name_mismatch", 1, true), msg)
end)

H.test("x509: restart equivalence (budgets 0, 1, 7)", function()
    need()
    local ch, t = chain(), trust()
    local other = X.trust_file(path("other.pem"))
    local now = mid(ch[1])
    local cases = {
        { t, { now = now, hostname = "www.example.com" } },
        { t, { now = now, hostname = "www.example.net" } },
        { t, { now = ch[1]:not_after() + 1 } },
        { other, { now = now } },
    }
    for i, c in ipairs(cases) do
        local want
        for _, budget in ipairs({ 0, 1, 7 }) do
            local op = X.verify(ch, c[1], c[2])
            local polls = 0
            local st, _, name
            repeat
                polls = polls + 1
                st, _, name = op:poll(budget)
            until st ~= "in_progress"
            local got = st == "done" and "ok" or name
            want = want or got
            H.eq(got, want, "case " .. i .. " budget " .. budget)
            if i == 1 and budget == 1 then H.ok(polls > 10, polls .. " polls") end
        end
    end
end)

H.test("x509: cancel mid-way frees the op; pinned objects", function()
    need()
    local ch, t = chain(), trust()
    local now = mid(ch[1])
    local total = X.verify(ch, t, { now = now })
    local n = 0
    while total:poll(1) == "in_progress" do n = n + 1 end
    local weak = setmetatable({}, { __mode = "k" })
    for stop = 0, n - 1, math.max(1, math.floor(n / 16)) do
        local op = X.verify(ch, t, { now = now, hostname = "www.example.com" })
        for _ = 1, stop do assert(op:poll(1) == "in_progress") end
        -- a running op pins its certificates and store
        H.raises("running x509.verify op", ch[1].close, ch[1])
        H.raises("running x509.verify op", t.close, t)
        op:close()
        H.eq(op:done(), false, "cancelled, not done")
        H.raises("closed", op.run, op)
        weak[op] = true
    end
    -- abandoned mid-way without close: collected, and the C op freed by __gc
    for _ = 1, 5 do
        local op = X.verify(ch, t, { now = now })
        op:poll(3)
        weak[op] = true
    end
    collectgarbage("collect")
    collectgarbage("collect")
    H.eq(next(weak), nil, "ops collected")
    -- nothing pins any more: the objects close
    ch[1]:close()
    t:close()
    H.raises("closed", ch[1].der, ch[1])
    H.raises("closed", X.verify, ch, t)
end)

H.test("x509: cleanup", function()
    if dir then H.rmdir(dir) end
end)
