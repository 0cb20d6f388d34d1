/*
 * core/cpu: run-time CPU feature detection for the symmetric layer.
 *
 * Accelerated code is compiled with function-level target attributes
 * (never per-file flags: the CFFI and cargo builds compile every core/
 * file with the same flags) and is only called after the matching bit was
 * found here.
 *
 * State: the detected set is cached in one word-sized atomic (relaxed
 * ordering). Detection is idempotent, so concurrent first calls simply
 * compute and store the same value: a benign, data-race-free race.
 * nbtls_cpu_force_portable() (internal, not exported, for tests and
 * benchmarks only) writes the same word: while forced, every query reports
 * no feature, so new contexts and one-shot calls take the portable paths.
 */
#ifndef NBTLS_CORE_CPU_H
#define NBTLS_CORE_CPU_H

#include <stdint.h>

#define NBTLS_CPU_AESNI 0x01u  /* AES-NI */
#define NBTLS_CPU_PCLMUL 0x02u /* PCLMULQDQ */
#define NBTLS_CPU_SSSE3 0x04u
#define NBTLS_CPU_SSE41 0x08u
#define NBTLS_CPU_AVX2 0x10u  /* AVX2 and OS support for the YMM state */
#define NBTLS_CPU_SHANI 0x20u /* SHA-1/SHA-256 extensions */
/* AVX-512 F + VL and OS support for the ZMM state: used for 256-bit
 * vectors with 32 registers and native rotates (ChaCha20). */
#define NBTLS_CPU_AVX512VL 0x40u
#define NBTLS_CPU_SSE2 0x80u

/* Whether this compiler/target can build the x86 accelerated code.
 * -DNBTLS_PORTABLE_ONLY compiles it out (what a non-x86 build gets; used
 * to test that configuration on x86). */
#if (defined(__x86_64__) || defined(__i386__)) &&                              \
    (defined(__GNUC__) || defined(__clang__)) && !defined(NBTLS_PORTABLE_ONLY)
#define NBTLS_X86_ACCEL 1
#else
#define NBTLS_X86_ACCEL 0
#endif

/* The usable feature set (NBTLS_CPU_* bits), 0 when forced portable or on a
 * non-x86 target. */
uint32_t nbtls_cpu_features(void);

/* Tests and benchmarks: non-zero makes nbtls_cpu_features() return 0 until
 * called again with 0 (which re-detects). Not thread-safe with respect to
 * which path concurrent callers get (each still gets a correct result). */
void nbtls_cpu_force_portable(int on);

#endif
