-- LuaRocks spec for the nbtls Lua binding: the low-level module nbtls.core
-- (committed SWIG wrapper + the C core) and the coroutine layer nbtls.
--
--   cd bindings/lua && luarocks make              -- or, from the repo root:
--   luarocks make bindings/lua/nbtls-scm-1.rockspec
--
-- Build type "command" running CMake on bindings/lua/CMakeLists.txt, which
-- builds the core through the repository's own CMakeLists.txt
-- (add_subdirectory: the same sources, definitions and warnings as the C
-- build). Not type "cmake": LuaRocks' cmake back-end always configures
-- "." -- the repo root's CMakeLists.txt when run from the root. The command
-- below finds bindings/lua from either directory. See README.md.
rockspec_format = "3.0"
package = "nbtls"
version = "scm-1"
source = {
   -- The project has no public repository address yet: the rock is built
   -- from a checkout with `luarocks make`, which does not fetch. LuaRocks
   -- requires source.url; "file://." names the checkout itself (no host).
   url = "file://.",
}
description = {
   summary = "Restartable P-256 (ECDSA, ECDH) for Lua coroutines, on the nbtls C core",
   detailed = [[
nbtls is a portable C crypto/TLS core whose every expensive operation is
restartable (poll-style). This rock wraps it with SWIG (module nbtls.core)
and adds a coroutine layer (module nbtls): op:await() polls a small slice of
work, yields to your scheduler (coroutine.yield, cqueues, OpenResty), and
resumes, so an event loop keeps serving other coroutines while a signature
is computed. Lua 5.1 (LuaJIT 2.1) to 5.4.
]],
   license = "MIT OR Apache-2.0",
}
dependencies = {
   "lua >= 5.1",
}
build_dependencies = {}
build = {
   type = "command",
   build_command = [[
d=bindings/lua; [ -f nbtls.i ] && [ -f CMakeLists.txt ] && d=.;
rm -rf build.luarocks &&
"$(CMAKE)" -S "$d" -B build.luarocks -DCMAKE_BUILD_TYPE=Release -DCMAKE_C_COMPILER="$(CC)" -DLUA_INCDIR="$(LUA_INCDIR)" -DNBTLS_LUA_LIBDIR="$(LIBDIR)" -DNBTLS_LUA_LUADIR="$(LUADIR)" &&
"$(CMAKE)" --build build.luarocks
]],
   install_command = [["$(CMAKE)" --install build.luarocks --component lua]],
}
