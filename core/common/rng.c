/* core/common: the operating system's random generator. */
#if !defined(_DEFAULT_SOURCE)
#define _DEFAULT_SOURCE 1 /* getentropy() in glibc's <unistd.h> */
#endif
#include "common/common.h"

#include <errno.h>

/* Linux: getrandom() from <sys/random.h> (glibc >= 2.25, musl), else the
 * raw system call (older glibc, e.g. manylinux2014's 2.17, whose kernel
 * headers may even lack its number). -DNBTLS_FORCE_GETRANDOM_SYSCALL=ON
 * (CMake) takes the system-call path everywhere, so it is tested. */
#if defined(__linux__)
#if !defined(NBTLS_FORCE_GETRANDOM_SYSCALL) && defined(__has_include)
#if __has_include(<sys/random.h>)
#include <sys/random.h>
#define NBTLS_HAVE_GETRANDOM 1
#endif
#endif
#if !defined(NBTLS_HAVE_GETRANDOM)
#include <sys/syscall.h>
#include <unistd.h>
#if !defined(SYS_getrandom) && defined(__NR_getrandom)
#define SYS_getrandom __NR_getrandom
#endif
#if !defined(SYS_getrandom) /* headers older than Linux 3.17 */
#if defined(__x86_64__) && defined(__ILP32__)
#define SYS_getrandom (0x40000000 + 318) /* x32 */
#elif defined(__x86_64__)
#define SYS_getrandom 318
#elif defined(__i386__)
#define SYS_getrandom 355
#elif defined(__aarch64__)
#define SYS_getrandom 278
#elif defined(__arm__)
#define SYS_getrandom 384
#elif defined(__powerpc__) || defined(__powerpc64__)
#define SYS_getrandom 359
#elif defined(__s390__) || defined(__s390x__)
#define SYS_getrandom 349
#endif
#endif
#endif
#elif defined(__APPLE__) || defined(__OpenBSD__) || defined(__FreeBSD__)
#include <unistd.h>
#endif

#if defined(__linux__)
/* One getrandom() call: bytes written, or -1 with errno set. */
static long os_getrandom(unsigned char *out, size_t len) {
#if defined(NBTLS_HAVE_GETRANDOM)
    return (long)getrandom(out, len, 0);
#elif defined(SYS_getrandom)
    return syscall(SYS_getrandom, out, len, 0);
#else
    (void)out;
    (void)len;
    errno = ENOSYS; /* no known system call number: pass an nbtls_rng_fn */
    return -1;
#endif
}
#endif

/* Fill `out` from the OS. getrandom() on Linux blocks only until the pool
 * is first initialised at boot; it is restarted on EINTR and short reads. A
 * kernel without it (before 3.17: ENOSYS) is NBTLS_E_RNG. */
static int os_random(unsigned char *out, size_t len) {
#if defined(__linux__)
    while (len > 0) {
        long n = os_getrandom(out, len);
        if (n < 0) {
            if (errno == EINTR) continue;
            return NBTLS_E_RNG;
        }
        out += (size_t)n;
        len -= (size_t)n;
    }
    return NBTLS_DONE;
#elif defined(__APPLE__) || defined(__OpenBSD__) || defined(__FreeBSD__)
    while (len > 0) {
        size_t chunk = len > 256 ? 256 : len; /* getentropy's limit */
        if (getentropy(out, chunk) != 0) return NBTLS_E_RNG;
        out += chunk;
        len -= chunk;
    }
    return NBTLS_DONE;
#else
    (void)out;
    (void)len;
    return NBTLS_E_RNG; /* no OS generator known: pass an nbtls_rng_fn */
#endif
}

int nbtls_rng_fill(nbtls_rng_fn rng, void *ctx, unsigned char *out,
                   size_t len) {
    if (len == 0) return NBTLS_DONE;
    if (rng == NULL) return os_random(out, len);
    if (rng(ctx, out, len) != 0) {
        nbtls_wipe(out, len);
        return NBTLS_E_RNG;
    }
    return NBTLS_DONE;
}
