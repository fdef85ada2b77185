// Green coverage: counting plant-green pixels in a row.
#include "sg_pixels.h"

static uint64_t count_green_plain(const uint8_t *p, int width, int bands, int threshold) {
    uint64_t green = 0;
    for (int x = 0; x < width; x++, p += bands)
        green += (2 * (int) p[1] - (int) p[0] - (int) p[2]) > threshold;
    return green;
}

#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
#include <immintrin.h>
// 16 RGB pixels (48 bytes) per step: pshufb gathers the R, G and B bytes into three vectors,
// the index is computed in 16-bit lanes and the pixels above the threshold are counted from a
// compare mask (the scalar loop costs ~12 instructions per pixel, this ~1).
__attribute__((target("avx2,popcnt")))
static uint64_t count_green_rgb_avx2(const uint8_t *p, int width, int threshold) {
    const __m128i r0 = _mm_setr_epi8(0, 3, 6, 9, 12, 15, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1);
    const __m128i r1 = _mm_setr_epi8(-1, -1, -1, -1, -1, -1, 2, 5, 8, 11, 14, -1, -1, -1, -1, -1);
    const __m128i r2 = _mm_setr_epi8(-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, 1, 4, 7, 10, 13);
    const __m128i g0 = _mm_setr_epi8(1, 4, 7, 10, 13, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1);
    const __m128i g1 = _mm_setr_epi8(-1, -1, -1, -1, -1, 0, 3, 6, 9, 12, 15, -1, -1, -1, -1, -1);
    const __m128i g2 = _mm_setr_epi8(-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, 2, 5, 8, 11, 14);
    const __m128i b0 = _mm_setr_epi8(2, 5, 8, 11, 14, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1);
    const __m128i b1 = _mm_setr_epi8(-1, -1, -1, -1, -1, 1, 4, 7, 10, 13, -1, -1, -1, -1, -1, -1);
    const __m128i b2 = _mm_setr_epi8(-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, 0, 3, 6, 9, 12, 15);
    const __m256i limit = _mm256_set1_epi16((short) threshold);
    uint64_t green = 0;
    int x = 0;
    for (; x + 16 <= width; x += 16, p += 48) {
        __m128i a = _mm_loadu_si128((const __m128i *) p);
        __m128i b = _mm_loadu_si128((const __m128i *) (p + 16));
        __m128i c = _mm_loadu_si128((const __m128i *) (p + 32));
        __m128i r = _mm_or_si128(_mm_or_si128(_mm_shuffle_epi8(a, r0), _mm_shuffle_epi8(b, r1)), _mm_shuffle_epi8(c, r2));
        __m128i g = _mm_or_si128(_mm_or_si128(_mm_shuffle_epi8(a, g0), _mm_shuffle_epi8(b, g1)), _mm_shuffle_epi8(c, g2));
        __m128i bl = _mm_or_si128(_mm_or_si128(_mm_shuffle_epi8(a, b0), _mm_shuffle_epi8(b, b1)), _mm_shuffle_epi8(c, b2));
        __m256i g16 = _mm256_cvtepu8_epi16(g);
        __m256i index = _mm256_sub_epi16(_mm256_add_epi16(g16, g16),
                                         _mm256_add_epi16(_mm256_cvtepu8_epi16(r), _mm256_cvtepu8_epi16(bl)));
        __m256i above = _mm256_cmpgt_epi16(index, limit);
        green += (uint64_t) _mm_popcnt_u32((unsigned) _mm256_movemask_epi8(above)) / 2;
    }
    return green + count_green_plain(p, width - x, 3, threshold);
}
#endif

uint64_t sg_px_count_green(const uint8_t *p, int width, int bands, int threshold) {
#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
    if (bands == 3 && threshold >= -32768 && threshold <= 32767
        && __builtin_cpu_supports("avx2") && __builtin_cpu_supports("popcnt"))
        return count_green_rgb_avx2(p, width, threshold);
#endif
    return count_green_plain(p, width, bands, threshold);
}
