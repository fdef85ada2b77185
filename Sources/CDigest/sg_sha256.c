// SHA-256 (FIPS 180-4): a portable implementation and, on x86-64 CPUs that have them, the SHA
// extensions (SHA-NI), which are about five times faster. The result is the same either way;
// tests compare both paths with each other and with coreutils' sha256sum.
#include "sg_digest.h"

#include <stdint.h>
#include <string.h>

#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
#define SG_HAVE_SHANI 1
#include <cpuid.h>
#include <immintrin.h>
#endif

static const uint32_t K[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

typedef void (*compress_fn)(uint32_t state[8], const uint8_t *blocks, size_t count);

static inline uint32_t rotr(uint32_t x, int n) { return (x >> n) | (x << (32 - n)); }

static void compress_portable(uint32_t state[8], const uint8_t *blocks, size_t count) {
    for (; count > 0; count--, blocks += 64) {
        uint32_t w[64];
        for (int t = 0; t < 16; t++) {
            const uint8_t *p = blocks + 4 * t;
            w[t] = (uint32_t) p[0] << 24 | (uint32_t) p[1] << 16 | (uint32_t) p[2] << 8 | p[3];
        }
        for (int t = 16; t < 64; t++) {
            uint32_t s0 = rotr(w[t - 15], 7) ^ rotr(w[t - 15], 18) ^ (w[t - 15] >> 3);
            uint32_t s1 = rotr(w[t - 2], 17) ^ rotr(w[t - 2], 19) ^ (w[t - 2] >> 10);
            w[t] = w[t - 16] + s0 + w[t - 7] + s1;
        }
        uint32_t a = state[0], b = state[1], c = state[2], d = state[3];
        uint32_t e = state[4], f = state[5], g = state[6], h = state[7];
        for (int t = 0; t < 64; t++) {
            uint32_t t1 = h + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + K[t] + w[t];
            uint32_t t2 = (rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
            h = g; g = f; f = e; e = d + t1;
            d = c; c = b; b = a; a = t1 + t2;
        }
        state[0] += a; state[1] += b; state[2] += c; state[3] += d;
        state[4] += e; state[5] += f; state[6] += g; state[7] += h;
    }
}

#ifdef SG_HAVE_SHANI
// The SHA-NI round instruction keeps the state as two registers, (A,B,E,F) and (C,D,G,H), and
// does two rounds per call; sha256msg1/msg2 extend the message schedule four words at a time.
__attribute__((target("sha,sse4.1,ssse3")))
static void compress_shani(uint32_t state[8], const uint8_t *blocks, size_t count) {
    const __m128i byteswap = _mm_set_epi64x(0x0c0d0e0f08090a0bULL, 0x0405060700010203ULL);
    __m128i dcba = _mm_loadu_si128((const __m128i *) &state[0]);
    __m128i hgfe = _mm_loadu_si128((const __m128i *) &state[4]);
    __m128i cdab = _mm_shuffle_epi32(dcba, 0xB1);
    __m128i efgh = _mm_shuffle_epi32(hgfe, 0x1B);
    __m128i abef = _mm_alignr_epi8(cdab, efgh, 8);
    __m128i cdgh = _mm_blend_epi16(efgh, cdab, 0xF0);

    for (; count > 0; count--, blocks += 64) {
        const __m128i abef_start = abef, cdgh_start = cdgh;
        __m128i w[4];
        for (int group = 0; group < 16; group++) {
            __m128i *words = &w[group & 3];
            if (group < 4) {
                *words = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *) (blocks + 16 * group)), byteswap);
            } else {
                // W[t] = σ1(W[t-2]) + W[t-7] + σ0(W[t-15]) + W[t-16], four words at once.
                const __m128i previous = w[(group + 3) & 3];
                __m128i next = _mm_sha256msg1_epu32(*words, w[(group + 1) & 3]);
                next = _mm_add_epi32(next, _mm_alignr_epi8(previous, w[(group + 2) & 3], 4));
                *words = _mm_sha256msg2_epu32(next, previous);
            }
            __m128i wk = _mm_add_epi32(*words, _mm_loadu_si128((const __m128i *) &K[4 * group]));
            cdgh = _mm_sha256rnds2_epu32(cdgh, abef, wk);        // now holds the new (A,B,E,F)
            wk = _mm_shuffle_epi32(wk, 0x0E);
            abef = _mm_sha256rnds2_epu32(abef, cdgh, wk);        // the old (A,B,E,F) is the new (C,D,G,H)
        }
        abef = _mm_add_epi32(abef, abef_start);
        cdgh = _mm_add_epi32(cdgh, cdgh_start);
    }

    __m128i feba = _mm_shuffle_epi32(abef, 0x1B);
    __m128i dchg = _mm_shuffle_epi32(cdgh, 0xB1);
    _mm_storeu_si128((__m128i *) &state[0], _mm_blend_epi16(feba, dchg, 0xF0));
    _mm_storeu_si128((__m128i *) &state[4], _mm_alignr_epi8(dchg, feba, 8));
}

static int cpu_has_shani(void) {
    unsigned int eax, ebx, ecx, edx;
    if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx)) return 0;
    const int sse41 = (ecx >> 19) & 1, ssse3 = (ecx >> 9) & 1;
    if (!__get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx)) return 0;
    return sse41 && ssse3 && ((ebx >> 29) & 1);
}
#endif

static compress_fn best_compress(void) {
#ifdef SG_HAVE_SHANI
    // Racing first calls all store the same answer; relaxed atomics keep that well defined.
    static int detected = -1;
    int has = __atomic_load_n(&detected, __ATOMIC_RELAXED);
    if (has < 0) {
        has = cpu_has_shani();
        __atomic_store_n(&detected, has, __ATOMIC_RELAXED);
    }
    if (has) return compress_shani;
#endif
    return compress_portable;
}

int sg_sha256_uses_cpu_extensions(void) {
    return best_compress() != compress_portable;
}

static const uint32_t initial_state[8] = {
    0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
};

/// The tail, the 0x80 marker and the bit length (of `total` bytes) in one or two final blocks.
static void finish(compress_fn compress, uint32_t state[8], const uint8_t *rest_bytes, size_t rest, uint64_t total) {
    uint8_t tail[128] = {0};
    if (rest > 0) memcpy(tail, rest_bytes, rest);
    tail[rest] = 0x80;
    const size_t tail_length = rest < 56 ? 64 : 128;
    const uint64_t bits = total * 8;
    for (int i = 0; i < 8; i++) tail[tail_length - 1 - i] = (uint8_t) (bits >> (8 * i));
    compress(state, tail, tail_length / 64);
}

static void write_hex(const uint32_t state[8], char out[65]) {
    static const char hex[] = "0123456789abcdef";
    for (int i = 0; i < 8; i++) {
        for (int j = 0; j < 4; j++) {
            const uint8_t byte = (uint8_t) (state[i] >> (24 - 8 * j));
            out[8 * i + 2 * j] = hex[byte >> 4];
            out[8 * i + 2 * j + 1] = hex[byte & 15];
        }
    }
    out[64] = '\0';
}

static void sha256_hex(compress_fn compress, const void *data, size_t length, char out[65]) {
    uint32_t state[8];
    memcpy(state, initial_state, sizeof state);
    const uint8_t *bytes = data;
    const size_t whole = length / 64;
    if (whole > 0) compress(state, bytes, whole);
    finish(compress, state, bytes + whole * 64, length - whole * 64, length);
    write_hex(state, out);
}

void sg_sha256_init(sg_sha256_context *context) {
    memcpy(context->state, initial_state, sizeof initial_state);
    context->pending_length = 0;
    context->total_length = 0;
}

void sg_sha256_update(sg_sha256_context *context, const void *data, size_t length) {
    const compress_fn compress = best_compress();
    const uint8_t *bytes = data;
    context->total_length += length;
    if (context->pending_length > 0) {
        const size_t take = length < 64 - context->pending_length ? length : 64 - context->pending_length;
        memcpy(context->pending + context->pending_length, bytes, take);
        context->pending_length += take;
        bytes += take;
        length -= take;
        if (context->pending_length < 64) return;
        compress(context->state, context->pending, 1);
        context->pending_length = 0;
    }
    const size_t whole = length / 64;
    if (whole > 0) compress(context->state, bytes, whole);
    const size_t rest = length - whole * 64;
    if (rest > 0) memcpy(context->pending, bytes + whole * 64, rest);
    context->pending_length = rest;
}

void sg_sha256_final_hex(sg_sha256_context *context, char out[65]) {
    finish(best_compress(), context->state, context->pending, context->pending_length, context->total_length);
    write_hex(context->state, out);
}

void sg_sha256_hex(const void *data, size_t length, char out[65]) {
    sha256_hex(best_compress(), data, length, out);
}

void sg_sha256_hex_portable(const void *data, size_t length, char out[65]) {
    sha256_hex(compress_portable, data, length, out);
}
