// Green coverage: a streaming count of plant-green pixels.
#include "sg_vips_dl.h"  // libvips through dlopen (sg_vips_symbols.h)
#include "sg_vips.h"

static guint64 count_green_plain(const VipsPel *p, int width, int bands, int threshold) {
    guint64 green = 0;
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
static guint64 count_green_rgb_avx2(const VipsPel *p, int width, int threshold) {
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
    guint64 green = 0;
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
        green += (guint64) _mm_popcnt_u32((unsigned) _mm256_movemask_epi8(above)) / 2;
    }
    return green + count_green_plain(p, width - x, 3, threshold);
}

static guint64 count_green(const VipsPel *p, int width, int bands, int threshold) {
    if (bands == 3 && threshold >= -32768 && threshold <= 32767
        && __builtin_cpu_supports("avx2") && __builtin_cpu_supports("popcnt"))
        return count_green_rgb_avx2(p, width, threshold);
    return count_green_plain(p, width, bands, threshold);
}
#else
static guint64 count_green(const VipsPel *p, int width, int bands, int threshold) {
    return count_green_plain(p, width, bands, threshold);
}
#endif

int sg_vips_green_count(sg_vips_image *in, int threshold, uint64_t *green, uint64_t *total) {
    *green = 0;
    *total = 0;
    VipsImage *rgb = NULL;
    gboolean already_rgb8 = in->BandFmt == VIPS_FORMAT_UCHAR && in->Bands >= 3
        && (in->Type == VIPS_INTERPRETATION_sRGB || in->Type == VIPS_INTERPRETATION_RGB);
    if (already_rgb8) {
        rgb = in;
        g_object_ref(rgb);
    } else if (sg_vips_to_srgb8(in, &rgb)) {
        return SG_VIPS_FAILED;
    }
    // Strips on the calling thread, top to bottom: decoding is sequential anyway, and a
    // thread pool's set-up and hand-offs cost more than this loop.
    guint64 count = 0;
    const uint64_t pixels = (uint64_t) rgb->Xsize * rgb->Ysize;
    VipsRegion *region = vips_region_new(rgb);
    int result = 0;
    for (int top = 0; top < rgb->Ysize && result == 0; top += SG_VIPS_STRIP_HEIGHT) {
        VipsRect strip = { 0, top, rgb->Xsize, VIPS_MIN(SG_VIPS_STRIP_HEIGHT, rgb->Ysize - top) };
        result = vips_region_prepare(region, &strip);
        for (int y = top; result == 0 && y < top + strip.height; y++)
            count += count_green(VIPS_REGION_ADDR(region, 0, y), rgb->Xsize, rgb->Bands, threshold);
    }
    g_object_unref(region);
    g_object_unref(rgb);
    if (result)
        return SG_VIPS_FAILED;
    *green = count;
    *total = pixels;
    return SG_VIPS_OK;
}
