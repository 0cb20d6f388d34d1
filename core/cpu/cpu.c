/* Run-time CPU feature detection (see cpu.h for the caching rule). */
#include "cpu/cpu.h"

#if NBTLS_X86_ACCEL
#include <cpuid.h>
#endif

#if defined(__STDC_NO_ATOMICS__)
/* Word-sized volatile: a benign race between identical values. */
static volatile uint32_t g_cpu_word;
static uint32_t load_word(void) {
    return g_cpu_word;
}
static void store_word(uint32_t v) {
    g_cpu_word = v;
}
#else
#include <stdatomic.h>
static _Atomic uint32_t g_cpu_word;
static uint32_t load_word(void) {
    return atomic_load_explicit(&g_cpu_word, memory_order_relaxed);
}
static void store_word(uint32_t v) {
    atomic_store_explicit(&g_cpu_word, v, memory_order_relaxed);
}
#endif

/* g_cpu_word: bit 31 = detected, bit 30 = forced portable, low bits = set. */
#define WORD_DETECTED 0x80000000u
#define WORD_FORCED 0x40000000u

static uint32_t detect(void) {
    uint32_t f = 0;
#if NBTLS_X86_ACCEL
    unsigned a, b, c, d;
    if (!__get_cpuid(1, &a, &b, &c, &d)) return 0;
    if (c & (1u << 25)) f |= NBTLS_CPU_AESNI;
    if (c & (1u << 1)) f |= NBTLS_CPU_PCLMUL;
    if (c & (1u << 9)) f |= NBTLS_CPU_SSSE3;
    if (c & (1u << 19)) f |= NBTLS_CPU_SSE41;
    if (d & (1u << 26)) f |= NBTLS_CPU_SSE2;
    int osxsave = (c >> 27) & 1, avx = (c >> 28) & 1;
    unsigned max = __get_cpuid_max(0, 0);
    if (max >= 7) {
        unsigned a7, b7, c7, d7;
        __cpuid_count(7, 0, a7, b7, c7, d7);
        (void)a7;
        (void)c7;
        (void)d7;
        if (b7 & (1u << 29)) f |= NBTLS_CPU_SHANI;
        if (osxsave && avx && (b7 & (1u << 5))) {
            /* XGETBV(0): the OS saves XMM (bit 1) and YMM (bit 2). */
            uint32_t lo, hi;
            __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
            (void)hi;
            if ((lo & 6u) == 6u) f |= NBTLS_CPU_AVX2;
            /* AVX-512 F (bit 16) + VL (bit 31); XCR0 opmask, ZMM_Hi256,
             * Hi16_ZMM (bits 5..7) */
            if ((lo & 0xe6u) == 0xe6u && (b7 & (1u << 16)) && (b7 & (1u << 31)))
                f |= NBTLS_CPU_AVX512VL;
        }
    }
    /* The SHA-NI path also uses SSSE3/SSE4.1 shuffles. */
    if (!(f & NBTLS_CPU_SSSE3) || !(f & NBTLS_CPU_SSE41)) f &= ~NBTLS_CPU_SHANI;
#endif
    return f;
}

uint32_t nbtls_cpu_features(void) {
    uint32_t w = load_word();
    if (!(w & WORD_DETECTED)) {
        w = detect() | WORD_DETECTED;
        store_word(w);
    }
    if (w & WORD_FORCED) return 0;
    return w & 0xffffu;
}

void nbtls_cpu_force_portable(int on) {
    uint32_t w = detect() | WORD_DETECTED;
    if (on) w |= WORD_FORCED;
    store_word(w);
}
