/*
 * nbtls.i -- SWIG interface for the low-level Lua module `nbtls.core`.
 *
 * The C API is NOT re-declared here: `struct nbtls_op {};
struct nbtls_key {};

%include "nbtls/nbtls.h"` at the end
 * wraps the public header as it is. This file only says how the C types map
 * onto Lua (typemaps) and hides the few calls that make no sense from Lua.
 *
 *   - byte buffers: a `(const unsigned char *, size_t)` pair takes one Lua
 *     string; a fixed array `const unsigned char [N]` takes a string of
 *     exactly N bytes (anything else raises an error); the output triple
 *     `(unsigned char *out, size_t out_size, size_t *out_len)` is returned
 *     as a Lua string (nil when the call failed);
 *   - out-params `nbtls_op **` and `nbtls_key **` come back as extra return
 *     values (nil when the call failed), after the int status:
 *         rc, op = core.nbtls_ecdsa_sign_start(key, digest)
 *   - handles are SWIG userdata owning their object: `__gc` frees it,
 *     `h:close()` frees it early (idempotent), and `__close` makes them
 *     usable with Lua 5.4's `local h <close> = ...`. A closed handle passed
 *     to any function raises an error instead of reaching C;
 *   - RNG arguments are always NULL (the operating system's generator);
 *   - AEAD seal/open and HKDF-Expand(-Label) outputs are sized for the call
 *     (HKDF: the caller passes the output length as a number);
 *   - nbtls_set_allocator, nbtls_key_up_ref and the *_free functions are
 *     not exposed (the handles free themselves, each owning one reference;
 *     a C allocator cannot be a Lua function).
 *
 * No Lua function is ever called from C: the Lua layer (nbtls.lua) drives
 * nbtls_op_poll() itself, so coroutines may yield between polls on every
 * Lua implementation (LuaJIT cannot yield across a C call).
 *
 * Regenerate the committed wrapper with bindings/lua/regen.sh; the test
 * (bindings/lua/test.sh) fails if it differs from what SWIG produces.
 */
%module nbtls_core

%{
#include <stdbool.h>
#include <string.h>

#include "nbtls/nbtls.h"
#include "nbtls/sym.h"
#include "nbtls/x509.h"

/* Largest fixed-size byte result of an nbtls call (a public point: 65, a
 * digest: 64). Variable-size outputs (AEAD, HKDF) get a buffer of their
 * own size. */
#define NBTLS_LUA_OUT_MAX 1024
/* Largest output length a Lua caller may ask of HKDF-Expand(-Label). */
#define NBTLS_LUA_EXPAND_MAX 65535

static void nbtls_lua_wipe(void *p, size_t len) {
    volatile unsigned char *v = (volatile unsigned char *)p;
    while (len--) *v++ = 0;
}

/* The destructors, with one signature for nbtls_lua_close_handle(). */
static void nbtls_lua_free_op(void *p) { nbtls_op_free((nbtls_op *)p); }
static void nbtls_lua_free_key(void *p) { nbtls_key_free((nbtls_key *)p); }
static void nbtls_lua_free_hash(void *p) { nbtls_hash_free((nbtls_hash_ctx *)p); }
static void nbtls_lua_free_aead(void *p) { nbtls_aead_free((nbtls_aead *)p); }
static void nbtls_lua_free_x509(void *p) { nbtls_x509_free((nbtls_x509 *)p); }
static void nbtls_lua_free_trust(void *p) { nbtls_trust_free((nbtls_trust *)p); }

/* Free the object the handle at `idx` owns and mark the handle closed:
 * afterwards its pointer is NULL and it owns nothing, so __gc does nothing
 * and every wrapped function rejects it. Safe to call any number of times.
 * The caller (a SWIG method wrapper) has checked the handle's type. */
static void nbtls_lua_close_handle(lua_State *L, int idx, void (*free_fn)(void *)) {
    swig_lua_userdata *usr = (swig_lua_userdata *)lua_touserdata(L, idx);
    if (usr == NULL || usr->ptr == NULL) return;
    if (usr->own) free_fn(usr->ptr);
    usr->ptr = NULL;
    usr->own = 0;
}
%}

#define NBTLS_API

%include <stdint.i>

/* ---- Numbers out as Lua integers (5.3+: not floats). ------------------ */
%typemap(out) int, unsigned int, unsigned long long
    %{ lua_pushinteger(L, (lua_Integer)$1); SWIG_arg++; %}

/* Lua passes __close a second argument (the error, or nil): ignored. */
%typemap(in) int nbtls_lua_unused_ %{ $1 = 0; (void)$1; %}

/* ---- Handles -------------------------------------------------------------
 * Each opaque struct is made a SWIG class (the empty bodies at the end of
 * this file exist only for SWIG; C sees the header's incomplete types), so
 * that its userdata gets a metatable with __gc (the destructor) and these
 * methods: close() (free now; idempotent), __close (Lua 5.4 <close>) and
 * closed(). A `T **` out-param is returned after the status (nil when the
 * call failed), owned by Lua; a closed handle (NULL) passed to any function
 * raises instead of reaching C. */
%define NBTLS_LUA_HANDLE(TYPE, FREE, WHAT)
%nodefaultctor TYPE;
%typemap(check) TYPE *self ""
%extend TYPE {
    ~TYPE() { nbtls_lua_##FREE($self); }
    void close(lua_State *L) { (void)$self; nbtls_lua_close_handle(L, 1, nbtls_lua_##FREE); }
    void __close(lua_State *L, int nbtls_lua_unused_ = 0) {
        (void)$self;
        (void)nbtls_lua_unused_;
        nbtls_lua_close_handle(L, 1, nbtls_lua_##FREE);
    }
    bool closed() { return $self == NULL; }
}
%typemap(check) TYPE *, const TYPE * %{
    if ($1 == NULL) {
        lua_pushstring(L, "nbtls: $symname: the " WHAT " is closed (or nil)");
        SWIG_fail;
    }
%}
%typemap(in, numinputs = 0) TYPE ** (TYPE *tmp = NULL) %{ $1 = &tmp; %}
%typemap(argout) TYPE ** %{
    if (result == NBTLS_DONE && tmp$argnum != NULL)
        SWIG_NewPointerObj(L, tmp$argnum, $*1_descriptor, 1);
    else
        lua_pushnil(L);
    SWIG_arg++;
%}
%enddef

NBTLS_LUA_HANDLE(nbtls_op, free_op, "op")
NBTLS_LUA_HANDLE(nbtls_key, free_key, "key")
NBTLS_LUA_HANDLE(nbtls_hash_ctx, free_hash, "hash context")
NBTLS_LUA_HANDLE(nbtls_aead, free_aead, "AEAD")
NBTLS_LUA_HANDLE(nbtls_x509, free_x509, "certificate")
NBTLS_LUA_HANDLE(nbtls_trust, free_trust, "trust store")

/* ---- Byte buffers in: Lua strings only (numbers are not converted). ---- */
%typemap(in) (const unsigned char *BYTES, size_t BYTES_LEN) (size_t len = 0) %{
    if (lua_type(L, $input) != LUA_TSTRING) {
        SWIG_fail_arg("$symname", $input, "string");
    }
    $1 = (unsigned char *)lua_tolstring(L, $input, &len);
    $2 = len;
%}
/* Every (pointer, length) pair of the header, by its parameter names. */
%apply (const unsigned char *BYTES, size_t BYTES_LEN) {
    (const unsigned char *sec1, size_t len),
    (const unsigned char *peer, size_t peer_len),
    (const unsigned char *hash, size_t hash_len),
    (const unsigned char *sig, size_t sig_len),
    (const unsigned char *msg, size_t msg_len),
    (const unsigned char *in, size_t len),
    (const unsigned char *key, size_t key_len),
    (const unsigned char *salt, size_t salt_len),
    (const unsigned char *ikm, size_t ikm_len),
    (const unsigned char *prk, size_t prk_len),
    (const unsigned char *info, size_t info_len),
    (const unsigned char *secret, size_t secret_len),
    (const unsigned char *label, size_t label_len),
    (const unsigned char *context, size_t context_len),
    (const unsigned char *transcript_hash, size_t transcript_hash_len),
    (const unsigned char *nonce, size_t nonce_len),
    (const unsigned char *aad, size_t aad_len),
    (const unsigned char *der, size_t len),
    (const unsigned char *data, size_t len)
};
/* Text given with its length (PEM): also a Lua string, bytes as they are. */
%typemap(in) (const char *TEXT, size_t TEXT_LEN) (size_t len = 0) %{
    if (lua_type(L, $input) != LUA_TSTRING) {
        SWIG_fail_arg("$symname", $input, "string");
    }
    $1 = (char *)lua_tolstring(L, $input, &len);
    $2 = len;
%}
%apply (const char *TEXT, size_t TEXT_LEN) { (const char *pem, size_t len) };
%typemap(in) const unsigned char [ANY] (size_t len = 0) %{
    if (lua_type(L, $input) != LUA_TSTRING) {
        SWIG_fail_arg("$symname", $input, "string");
    }
    $1 = (unsigned char *)lua_tolstring(L, $input, &len);
    if (len != $1_dim0) {
        lua_pushfstring(L, "nbtls: $symname: argument %d must be %d bytes, got %d",
                        $input, (int)$1_dim0, (int)len);
        SWIG_fail;
    }
%}

/* ---- Byte buffers out: returned as a string after the status. ---------- */
%typemap(in, numinputs = 0) (unsigned char *out, size_t out_size, size_t *out_len)
    (unsigned char buf[NBTLS_LUA_OUT_MAX], size_t olen = 0) %{
    $1 = buf;
    $2 = sizeof(buf);
    $3 = &olen;
%}
%typemap(argout) (unsigned char *out, size_t out_size, size_t *out_len) %{
    if (result == NBTLS_DONE && olen$argnum <= sizeof(buf$argnum))
        lua_pushlstring(L, (const char *)buf$argnum, olen$argnum);
    else
        lua_pushnil(L);
    SWIG_arg++;
    nbtls_lua_wipe(buf$argnum, sizeof(buf$argnum));
%}

/* ---- AEAD seal/open: the output is as long as the input +/- the tag. It
 * lives in a Lua userdata (collected even if a later check raises), wiped
 * once copied to the returned string. -------------------------------------- */
%typemap(in) (const unsigned char *in, size_t in_len, unsigned char *out,
              size_t out_size, size_t *out_len) (size_t len = 0, size_t olen = 0) %{
    if (lua_type(L, $input) != LUA_TSTRING) {
        SWIG_fail_arg("$symname", $input, "string");
    }
    $1 = (unsigned char *)lua_tolstring(L, $input, &len);
    $2 = len;
    if (len > (size_t)-1 - NBTLS_AEAD_TAG_LEN) {
        lua_pushstring(L, "nbtls: $symname: input too long");
        SWIG_fail;
    }
    $4 = len + NBTLS_AEAD_TAG_LEN;
    $3 = (unsigned char *)lua_newuserdata(L, $4);
    $5 = &olen;
%}
%typemap(argout) (const unsigned char *in, size_t in_len, unsigned char *out,
                  size_t out_size, size_t *out_len) %{
    if (result == NBTLS_DONE && olen$argnum <= $4)
        lua_pushlstring(L, (const char *)$3, olen$argnum);
    else
        lua_pushnil(L);
    SWIG_arg++;
    nbtls_lua_wipe($3, $4);
%}

/* ---- HKDF-Expand(-Label): the caller gives the output length (a number),
 * gets a string of that length. ------------------------------------------- */
%typemap(in) (unsigned char *out, size_t out_len) %{
    if (lua_type(L, $input) != LUA_TNUMBER) {
        SWIG_fail_arg("$symname", $input, "number");
    }
    {
        lua_Number n = lua_tonumber(L, $input);
        if (!(n >= 0 && n <= NBTLS_LUA_EXPAND_MAX) || n != (lua_Number)(size_t)n) {
            lua_pushfstring(L, "nbtls: $symname: output length must be an integer in [0, %d]",
                            NBTLS_LUA_EXPAND_MAX);
            SWIG_fail;
        }
        $2 = (size_t)n;
    }
    $1 = (unsigned char *)lua_newuserdata(L, $2 ? $2 : 1);
%}
%typemap(argout) (unsigned char *out, size_t out_len) %{
    if (result == NBTLS_DONE)
        lua_pushlstring(L, (const char *)$1, $2);
    else
        lua_pushnil(L);
    SWIG_arg++;
    nbtls_lua_wipe($1, $2);
%}

/* ---- X.509 (nbtls/x509.h) ------------------------------------------------ */

/* Integers that may exceed 2^53 or must stay integers: Unix seconds
 * (int64_t) and counts (size_t) come back as Lua integers. */
%typemap(out) long long, size_t
    %{ lua_pushinteger(L, (lua_Integer)$1); SWIG_arg++; %}

/* Getters `const T *f(cert, [i,] size_t *len)`: the bytes are returned as
 * one Lua string (nil when C returns NULL: absent, or i out of range). */
%typemap(out) const unsigned char *, const char *nbtls_x509_san_dns ""
%typemap(in, numinputs = 0) size_t *len (size_t tmp_len = 0) %{ $1 = &tmp_len; %}
%typemap(argout) size_t *len %{
    if (result != NULL)
        lua_pushlstring(L, (const char *)result, tmp_len$argnum);
    else
        lua_pushnil(L);
    SWIG_arg++;
%}

/* PEM iteration: `pos` in (a number, 0 to start) and out (after the
 * status and the certificate). */
%typemap(in) size_t *pos (size_t tmp_pos = 0) %{
    if (lua_type(L, $input) != LUA_TNUMBER) {
        SWIG_fail_arg("$symname", $input, "number");
    }
    {
        lua_Number n = lua_tonumber(L, $input);
        if (!(n >= 0) || n != (lua_Number)(size_t)n) {
            lua_pushstring(L, "nbtls: $symname: pos must be a non-negative integer");
            SWIG_fail;
        }
        tmp_pos = (size_t)n;
    }
    $1 = &tmp_pos;
%}
%typemap(argout) size_t *pos %{ lua_pushinteger(L, (lua_Integer)tmp_pos$argnum); SWIG_arg++; %}

/* Counts out: `size_t *added` comes back after the status. */
%typemap(in, numinputs = 0) size_t *added (size_t tmp_added = 0) %{ $1 = &tmp_added; %}
%typemap(argout) size_t *added %{ lua_pushinteger(L, (lua_Integer)tmp_added$argnum); SWIG_arg++; %}

/* The SHA-256 fingerprint: a 32-byte string. */
%typemap(in, numinputs = 0) unsigned char out[32] (unsigned char fp[32]) %{ $1 = fp; %}
%typemap(argout) unsigned char out[32] %{
    lua_pushlstring(L, (const char *)fp$argnum, 32);
    SWIG_arg++;
%}

/* RFC 4514 names: the string after the status (nil on failure). A name
 * longer than the 256-byte buffer is fetched again into a Lua userdata of
 * the size C reports (the %exception below). */
%typemap(in, numinputs = 0) (char *out, size_t out_size, size_t *out_len)
    (size_t olen = 0, char nbuf[256]) %{
    $1 = nbuf;
    $2 = sizeof(nbuf);
    $3 = &olen;
%}
%typemap(argout) (char *out, size_t out_size, size_t *out_len) %{
    if (result == NBTLS_DONE && olen$argnum < $2)
        lua_pushlstring(L, $1, olen$argnum);
    else
        lua_pushnil(L);
    SWIG_arg++;
%}
%define NBTLS_LUA_NAME_STRING(FN)
%exception FN %{
    $action
    if (result == NBTLS_E_BUFFER_TOO_SMALL && *arg4 < (size_t)-1 && *arg4 + 1 > arg3) {
        arg3 = *arg4 + 1;
        arg2 = (char *)lua_newuserdata(L, arg3);
        $action
    }
%}
%enddef
NBTLS_LUA_NAME_STRING(nbtls_x509_subject_string)
NBTLS_LUA_NAME_STRING(nbtls_x509_issuer_string)

/* The chain of nbtls_x509_verify_start: a Lua array of certificate handles
 * (leaf first). The C op reads the pointer array for its whole life, so the
 * array is a Lua userdata returned after the op: the Lua layer keeps it
 * (and the certificates and the store) referenced while the op lives. */
%typemap(in) (const nbtls_x509 *const *chain, size_t n) (const nbtls_x509 **arr = NULL, int arr_idx = 0) %{
    if (lua_type(L, $input) != LUA_TTABLE) {
        SWIG_fail_arg("$symname", $input, "table of certificates");
    }
    {
        size_t cnt = (size_t)lua_rawlen(L, $input), i;
        if (cnt == 0 || cnt > 4096) {
            lua_pushstring(L, "nbtls: $symname: the chain must hold 1 to 4096 certificates");
            SWIG_fail;
        }
        arr = (const nbtls_x509 **)lua_newuserdata(L, cnt * sizeof *arr);
        arr_idx = lua_gettop(L);
        for (i = 0; i < cnt; i++) {
            void *p = NULL;
            lua_rawgeti(L, $input, (int)i + 1);
            if (!SWIG_IsOK(SWIG_ConvertPtr(L, -1, &p, SWIGTYPE_p_nbtls_x509, 0)) || p == NULL) {
                lua_pushfstring(L, "nbtls: $symname: chain[%d] is not a live certificate handle",
                                (int)i + 1);
                SWIG_fail;
            }
            lua_pop(L, 1);
            arr[i] = (const nbtls_x509 *)p;
        }
        $1 = ($1_ltype)arr;
        $2 = cnt;
    }
%}
%typemap(argout) (const nbtls_x509 *const *chain, size_t n) %{
    /* the pointer array (a userdata, below the results on the stack) */
    lua_pushvalue(L, arr_idx$argnum);
    SWIG_arg++;
%}
/* int64_t `now`: an integer number of seconds. */
%typemap(in) int64_t now %{
    if (lua_type(L, $input) != LUA_TNUMBER) {
        SWIG_fail_arg("$symname", $input, "number");
    }
    $1 = (int64_t)lua_tonumber(L, $input);
%}

/* ---- RNG: always the operating system's generator from Lua. ------------ */
%typemap(in, numinputs = 0) (nbtls_rng_fn rng, void *rng_ctx) %{
    $1 = NULL;
    $2 = NULL;
%}

%ignore nbtls_set_allocator;
%ignore nbtls_key_up_ref;
%ignore nbtls_op_free;
%ignore nbtls_key_free;
%ignore nbtls_hash_free;
%ignore nbtls_aead_free;
%ignore nbtls_x509_free;
%ignore nbtls_trust_free;

struct nbtls_op {};
struct nbtls_key {};
struct nbtls_hash_ctx {};
struct nbtls_aead {};
struct nbtls_x509 {};
struct nbtls_trust {};

%include "nbtls/nbtls.h"
%include "nbtls/sym.h"
%include "nbtls/x509.h"
