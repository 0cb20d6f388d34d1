# Cross build for s390x Linux with Debian's gcc-s390x-linux-gnu (scripts/deps.sh
# installs it): used by scripts/test-c.sh to build the core and run its
# ctest suite on a big-endian 64-bit target.
# Test programs are linked statically, so they run under qemu-user
# (CMAKE_CROSSCOMPILING_EMULATOR, set by the caller) without the target's
# dynamic loader. Only the target's sysroot is searched
# for libraries and headers, so the host's OpenSSL (benchmarks,
# differential tests) is not picked up.
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR s390x)
set(CMAKE_C_COMPILER s390x-linux-gnu-gcc)
set(CMAKE_FIND_ROOT_PATH /usr/s390x-linux-gnu)
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)
set(CMAKE_EXE_LINKER_FLAGS_INIT -static)
