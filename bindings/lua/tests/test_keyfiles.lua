-- Key files (PEM and DER) written by the openssl command, read by
-- nbtls.load_key(): the public key must match openssl's; signatures and
-- ECDH work with the loaded keys; malformed input raises.
local H, nbtls = ...

if not nbtls.load_key then
    H.test("load_key", function() H.skip("this nbtls.core has no DER/PEM import") end)
    return
end

local exec_ok, read = H.exec_ok, H.read_file

local has_openssl = exec_ok("openssl version >/dev/null 2>&1")
local P256_SPKI = H.unhex("3059301306072a8648ce3d020106082a8648ce3d030107034200")
local X25519_SPKI = H.unhex("302a300506032b656e032100")
-- checked against `openssl pkey -pubout -outform DER` of a P-384 key
local P384_SPKI = H.unhex("3076301006072a8648ce3d020106052b81040022036200")

H.test("openssl key files (PEM and DER, private and public) load", function()
    if not has_openssl then H.skip("no openssl command") end
    local t = os.tmpname()
    local q = " 2>/dev/null"
    local cases = {
        { "p256", "openssl ecparam -name prime256v1 -genkey -out " .. t .. ".key" .. q,
          P256_SPKI },                                   -- EC PARAMETERS + EC PRIVATE KEY
        { "p256", "openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out " .. t ..
          ".key" .. q, P256_SPKI },                      -- PRIVATE KEY (PKCS#8)
        { "x25519", "openssl genpkey -algorithm X25519 -out " .. t .. ".key" .. q, X25519_SPKI },
    }
    if nbtls.p384 then
        cases[#cases + 1] = { "p384", "openssl ecparam -name secp384r1 -genkey -out " .. t ..
                              ".key" .. q, P384_SPKI }
        cases[#cases + 1] = { "p384", "openssl genpkey -algorithm EC -pkeyopt " ..
                              "ec_paramgen_curve:P-384 -out " .. t .. ".key" .. q, P384_SPKI }
    end
    for i, c in ipairs(cases) do
        local curve, gen, spki_prefix = c[1], c[2], c[3]
        H.ok(exec_ok(gen), "generate " .. i)
        H.ok(exec_ok("openssl pkey -in " .. t .. ".key -pubout -outform DER -out " .. t ..
                     ".pub.der" .. q), "pubout DER")
        H.ok(exec_ok("openssl pkey -in " .. t .. ".key -pubout -out " .. t .. ".pub.pem" .. q),
             "pubout PEM")
        H.ok(exec_ok("openssl pkey -in " .. t .. ".key -outform DER -out " .. t .. ".key.der" .. q),
             "private DER")
        local spki = read(t .. ".pub.der")
        H.eq(spki:sub(1, #spki_prefix), spki_prefix, "SPKI prefix")
        local want = spki:sub(#spki_prefix + 1)
        local priv_pem = nbtls.load_key(read(t .. ".key"))
        local priv_der = nbtls.load_key(read(t .. ".key.der"))
        local pub_pem = nbtls.load_key(read(t .. ".pub.pem"))
        local pub_der = nbtls.load_key(spki)
        H.eq(getmetatable(priv_pem), nbtls.Key, "private PEM gives a private key")
        H.eq(getmetatable(pub_pem), nbtls.PublicKey, "public PEM gives a public key")
        for _, k in ipairs({ priv_pem, priv_der, pub_pem, pub_der }) do
            H.eq(k.curve, curve, "curve " .. i)
        end
        H.eq(priv_pem:public_key():to_bytes(), want, "private PEM's public key, case " .. i)
        H.eq(priv_der:public_key():to_bytes(), want, "private DER's public key, case " .. i)
        H.eq(pub_pem:to_bytes(), want, "public PEM, case " .. i)
        H.eq(pub_der:to_bytes(), want, "public DER, case " .. i)
        H.eq(priv_pem:to_bytes(), priv_der:to_bytes(), "same private key both ways")
        if curve ~= "x25519" then
            local d = nbtls.sha256("key files")
            H.eq(pub_pem:verify(d, priv_der:sign(d):run()):run(), true, "sign/verify")
        else
            local other = nbtls.x25519.generate():run()
            H.eq(priv_pem:exchange(other:public_key()):run(),
                 other:exchange(pub_der):run(), "ECDH agrees")
        end
    end
    -- another curve: well-formed, not supported
    H.ok(exec_ok("openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-521 -out " .. t ..
                 ".key" .. q), "generate P-521")
    H.raises("nbtls: load_key: unsupported key", nbtls.load_key, read(t .. ".key"))
    for _, ext in ipairs({ "", ".key", ".pub.der", ".pub.pem", ".key.der" }) do
        os.remove(t .. ext)
    end
end)

H.test("load_key: bad input raises", function()
    H.raises("nbtls: key data must be a string, got nil", nbtls.load_key)
    H.raises("nbtls: load_key: malformed or invalid DER key", nbtls.load_key, "\48\3\2\1\0")
    H.raises("nbtls: load_key: malformed or invalid PEM key", nbtls.load_key,
             "-----BEGIN PUBLIC KEY-----\n!!!!\n-----END PUBLIC KEY-----\n")
    H.raises("nbtls: load_key: malformed or invalid DER key", nbtls.load_key,
             P256_SPKI .. ("\0"):rep(65))
    H.raises("nbtls: load_key: unsupported key", nbtls.load_key,
             "-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----\n")
end)
