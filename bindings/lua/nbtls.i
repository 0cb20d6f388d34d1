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
 *   - nbtls_set_allocator, nbtls_op_free and nbtls_key_free are not
 *     exposed (the handles free themselves; a C allocator cannot be a Lua
 *     function).
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

/* Largest byte result any nbtls call returns (P-256 public point: 65). */
#define NBTLS_LUA_OUT_MAX 1024

static void nbtls_lua_wipe(void *p, size_t len) {
    volatile unsigned char *v = (volatile unsigned char *)p;
    while (len--) *v++ = 0;
}

/* Free the object a handle owns and mark the handle closed: afterwards
 * its pointer is NULL and it owns nothing, so __gc does nothing and every
 * wrapped function rejects it. Safe to call any number of times. */
static void nbtls_lua_close_handle(lua_State *L, int idx, int is_op) {
    swig_lua_userdata *usr = (swig_lua_userdata *)lua_touserdata(L, idx);
    if (usr == NULL || usr->ptr == NULL) return;
    if (usr->own) {
        if (is_op)
            nbtls_op_free((nbtls_op *)usr->ptr);
        else
            nbtls_key_free((nbtls_key *)usr->ptr);
    }
    usr->ptr = NULL;
    usr->own = 0;
}
%}

#define NBTLS_API

%include <stdint.i>

/* ---- Handles: opaque structs made SWIG classes, so that their userdata
 * get a metatable with __gc (the destructor) and methods. The empty bodies
 * exist only for SWIG; C sees the header's incomplete types. ------------- */
%nodefaultctor nbtls_op;
%nodefaultctor nbtls_key;
/* (the empty declarations themselves are at the end, after every typemap:
 * SWIG applies typemaps to %extend members where the struct is declared) */

/* `self` of the methods below may be a closed handle (NULL): allowed. */
%typemap(check) nbtls_op *self, nbtls_key *self ""
/* Lua passes __close a second argument (the error, or nil): ignored. */
%typemap(in) int nbtls_lua_unused_ %{ $1 = 0; (void)$1; %}

%extend nbtls_op {
    ~nbtls_op() { nbtls_op_free($self); }
    /** Free the op now (cancels it, wipes its secrets). Idempotent. */
    void close(lua_State *L) { (void)$self; nbtls_lua_close_handle(L, 1, 1); }
    void __close(lua_State *L, int nbtls_lua_unused_ = 0) {
        (void)$self;
        (void)nbtls_lua_unused_;
        nbtls_lua_close_handle(L, 1, 1);
    }
    /** true once close() was called. */
    bool closed() { return $self == NULL; }
}
%extend nbtls_key {
    ~nbtls_key() { nbtls_key_free($self); }
    /** Free the key now (wipes its secrets). Idempotent. */
    void close(lua_State *L) { (void)$self; nbtls_lua_close_handle(L, 1, 0); }
    void __close(lua_State *L, int nbtls_lua_unused_ = 0) {
        (void)$self;
        (void)nbtls_lua_unused_;
        nbtls_lua_close_handle(L, 1, 0);
    }
    bool closed() { return $self == NULL; }
}

/* Every other use of a handle must be a live one. */
%typemap(check) nbtls_op *, const nbtls_op * %{
    if ($1 == NULL) {
        lua_pushstring(L, "nbtls: $symname: the op is closed (or nil)");
        SWIG_fail;
    }
%}
%typemap(check) nbtls_key *, const nbtls_key * %{
    if ($1 == NULL) {
        lua_pushstring(L, "nbtls: $symname: the key is closed (or nil)");
        SWIG_fail;
    }
%}

/* ---- Numbers out as Lua integers (5.3+: not floats). ------------------ */
%typemap(out) int, unsigned int, unsigned long long
    %{ lua_pushinteger(L, (lua_Integer)$1); SWIG_arg++; %}

/* ---- Out-params: returned after the status, owned by Lua. -------------- */
%typemap(in, numinputs = 0) nbtls_op ** (nbtls_op *tmp = NULL) %{ $1 = &tmp; %}
%typemap(argout) nbtls_op ** %{
    if (result == NBTLS_DONE && tmp$argnum != NULL)
        SWIG_NewPointerObj(L, tmp$argnum, $*1_descriptor, 1);
    else
        lua_pushnil(L);
    SWIG_arg++;
%}
%typemap(in, numinputs = 0) nbtls_key ** (nbtls_key *tmp = NULL) %{ $1 = &tmp; %}
%typemap(argout) nbtls_key ** %{
    if (result == NBTLS_DONE && tmp$argnum != NULL)
        SWIG_NewPointerObj(L, tmp$argnum, $*1_descriptor, 1);
    else
        lua_pushnil(L);
    SWIG_arg++;
%}

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
    (const unsigned char *sig, size_t sig_len)
};
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

/* ---- RNG: always the operating system's generator from Lua. ------------ */
%typemap(in, numinputs = 0) (nbtls_rng_fn rng, void *rng_ctx) %{
    $1 = NULL;
    $2 = NULL;
%}

%ignore nbtls_set_allocator;
%ignore nbtls_op_free;
%ignore nbtls_key_free;

struct nbtls_op {};
struct nbtls_key {};

%include "nbtls/nbtls.h"
