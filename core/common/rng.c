/* core/common: the operating system's random generator. */
#if !defined(_DEFAULT_SOURCE)
#define _DEFAULT_SOURCE 1 /* getentropy() in glibc's <unistd.h> */
#endif
#include "common/common.h"

#include <errno.h>

#if defined(__linux__)
#include <sys/random.h>
#elif defined(__APPLE__) || defined(__OpenBSD__) || defined(__FreeBSD__)
#include <unistd.h>
#endif

/* Fill `out` from the OS. getrandom() on Linux blocks only until the pool
 * is first initialised at boot; it is restarted on EINTR and short reads. */
static int os_random(unsigned char *out, size_t len) {
#if defined(__linux__)
    while (len > 0) {
        ssize_t n = getrandom(out, len, 0);
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
