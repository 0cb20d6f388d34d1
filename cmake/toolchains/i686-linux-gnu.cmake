# Cross build for i686 Linux with Debian's gcc-i686-linux-gnu (scripts/deps.sh
# installs it): used by scripts/test-c.sh to build the core and run its
# ctest suite on a 32-bit (4-byte size_t) target.
# Test programs are linked statically, so they run without the target's
# dynamic loader: natively where the kernel runs i386 binaries, else under
# qemu-user (CMAKE_CROSSCOMPILING_EMULATOR, set by the caller). Only the target's sysroot is searched
# for libraries and headers, so the host's OpenSSL (benchmarks,
# differential tests) is not picked up.
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR i686)
set(CMAKE_C_COMPILER i686-linux-gnu-gcc)
set(CMAKE_FIND_ROOT_PATH /usr/i686-linux-gnu)
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)
set(CMAKE_EXE_LINKER_FLAGS_INIT -static)
