# Source with the target (5.4 or luajit) to put the built module first on
# the Lua paths:  . bindings/lua/env.sh 5.4 ; lua5.4 -e 'print(require"nbtls".version())'
# Defines NBTLS_LUA (the interpreter) as well.
_nbtls_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
case "${1:-5.4}" in
5.4) _t=$_nbtls_root/build-lua/5.4; _v=5.4; NBTLS_LUA=lua5.4 ;;
luajit) _t=$_nbtls_root/build-lua/luajit; _v=5.1; NBTLS_LUA=luajit ;;
*) echo "env.sh: 5.4 or luajit" >&2; return 2 ;;
esac
export LUA_PATH="$_t/share/lua/$_v/?.lua;$_t/share/lua/$_v/?/init.lua;;"
export LUA_CPATH="$_t/lib/lua/$_v/?.so;;"
export NBTLS_LUA
unset _t _v _nbtls_root
