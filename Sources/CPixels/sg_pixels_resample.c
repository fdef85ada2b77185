// Downsizing 8-bit images to an exact size: a separable, fixed-point Catmull-Rom resampler
// widened by the scale when shrinking (it antialiases like vips_resize, whose generic per-band
// loops cost several times as much). The vertical pass runs first, over whole rows; integer
// arithmetic on 8-bit samples with 14-bit weights. Any window of output rows (or of a crop).
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "sg_pixels.h"
#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
#include <immintrin.h>
#define SG_RESAMPLE_AVX2 1
#endif

enum { WEIGHT_BITS = 14 };

#define MIN(a, b) ((a) < (b) ? (a) : (b))
#define MAX(a, b) ((a) > (b) ? (a) : (b))

static double cubic(double x) {  // Catmull-Rom (a = -0.5), as Pillow's BICUBIC and vips "cubic"
    const double a = -0.5;
    x = fabs(x);
    if (x < 1.0)
        return ((a + 2.0) * x - (a + 3.0)) * x * x + 1.0;
    if (x < 2.0)
        return (((x - 5.0) * x + 8.0) * x - 4.0) * a;
    return 0.0;
}

static void axis_free(sg_px_axis *axis) {
    free(axis->first);
    free(axis->count);
    free(axis->weights);
    free(axis->pairs);
}

// 16-bit weights w0, w1 as one 32-bit pmaddwd operand.
static int32_t weight_pair(int w0, int w1) {
    return (int32_t) ((uint32_t) (uint16_t) (int16_t) w0 | ((uint32_t) (uint16_t) (int16_t) w1 << 16));
}

// The vertical pass's operands: per output row, taps 2k and 2k+1 as one pair (heap, sized by
// the taps: no stack array grows with the scale).
static int axis_pack_rows(sg_px_axis *axis, int out_size) {
    const int pairs = (axis->taps + 1) / 2;
    axis->pairs = calloc((size_t) out_size * pairs, sizeof(int32_t));
    if (!axis->pairs)
        return -1;
    for (int i = 0; i < out_size; i++) {
        const int *w = axis->weights + (size_t) i * axis->taps;
        for (int k = 0; k < axis->count[i]; k += 2)
            axis->pairs[(size_t) i * pairs + k / 2] = weight_pair(w[k], k + 1 < axis->count[i] ? w[k + 1] : 0);
    }
    return 0;
}

// Packs the weights of each output as 16-bit pairs for the pmaddwd pass: block g holds taps
// 4g, 4g+1 (repeated four times, lower 128 bits) and 4g+2, 4g+3 (upper 128 bits).
static int axis_pack_pairs(sg_px_axis *axis, int out_size) {
    axis->groups = (axis->taps + 3) / 4;
    axis->pairs = calloc((size_t) out_size * axis->groups * 8, sizeof(int32_t));
    if (!axis->pairs)
        return -1;
    for (int i = 0; i < out_size; i++) {
        const int *w = axis->weights + (size_t) i * axis->taps;
        int32_t *block = axis->pairs + (size_t) i * axis->groups * 8;
        for (int k = 0; k < axis->groups * 4; k += 2) {
            int w0 = k < axis->count[i] ? w[k] : 0;
            int w1 = k + 1 < axis->count[i] ? w[k + 1] : 0;
            int32_t pair = weight_pair(w0, w1);
            int32_t *lane = block + (k / 4) * 8 + ((k % 4) ? 4 : 0);
            for (int j = 0; j < 4; j++)
                lane[j] = pair;
        }
    }
    return 0;
}

// Precomputes the taps mapping `in_size` samples onto `out_size` (pixel centres aligned).
static int axis_init(sg_px_axis *axis, int in_size, int out_size) {
    double scale = (double) in_size / out_size;
    double stretch = scale < 1.0 ? 1.0 : scale;  // widen the kernel when shrinking
    double support = 2.0 * stretch;
    axis->taps = (int) ceil(support) * 2 + 1;
    axis->first = malloc(sizeof(int) * (size_t) out_size);
    axis->count = malloc(sizeof(int) * (size_t) out_size);
    axis->weights = calloc((size_t) out_size * axis->taps, sizeof(int));
    double *w = malloc(sizeof(double) * (size_t) axis->taps);
    if (!axis->first || !axis->count || !axis->weights || !w) {
        free(w);
        return -1;
    }
    for (int i = 0; i < out_size; i++) {
        double centre = (i + 0.5) * scale;
        int lo = MAX((int) floor(centre - support + 0.5), 0);
        int hi = MIN((int) floor(centre + support + 0.5), in_size);
        int n = MIN(hi - lo, axis->taps);
        double total = 0.0;
        for (int k = 0; k < n; k++) {
            w[k] = cubic((lo + k + 0.5 - centre) / stretch);
            total += w[k];
        }
        // Rounded weights are corrected on the largest one so that they sum exactly to one:
        // a flat area stays exactly flat.
        int sum = 0, largest = 0;
        int *fixed = axis->weights + (size_t) i * axis->taps;
        for (int k = 0; k < n; k++) {
            fixed[k] = (int) lround(w[k] / (total != 0.0 ? total : 1.0) * (1 << WEIGHT_BITS));
            sum += fixed[k];
            if (fixed[k] > fixed[largest])
                largest = k;
        }
        if (n > 0)
            fixed[largest] += (1 << WEIGHT_BITS) - sum;
        axis->first[i] = lo;
        axis->count[i] = n;
    }
    free(w);
    return 0;
}

sg_px_resampler *sg_px_resampler_new(int in_width, int in_height, int out_width, int out_height, int bands) {
    if (in_width <= 0 || in_height <= 0 || out_width <= 0 || out_height <= 0 || bands <= 0)
        return NULL;
    sg_px_resampler *rs = calloc(1, sizeof(sg_px_resampler));
    if (!rs)
        return NULL;
    rs->bands = bands;
    rs->in_width = in_width;
    rs->in_height = in_height;
    rs->out_width = out_width;
    rs->out_height = out_height;
    if (axis_init(&rs->horizontal, in_width, out_width)
        || axis_pack_pairs(&rs->horizontal, out_width)
        || axis_init(&rs->vertical, in_height, out_height)
        || axis_pack_rows(&rs->vertical, out_height)) {
        sg_px_resampler_free(rs);
        return NULL;
    }
    return rs;
}

void sg_px_resampler_free(sg_px_resampler *resampler) {
    if (!resampler)
        return;
    axis_free(&resampler->horizontal);
    axis_free(&resampler->vertical);
    free(resampler);
}

void sg_px_resampler_needs(const sg_px_resampler *rs, int left, int width, int top, int rows,
                           int *x0, int *y0, int *x1, int *y1) {
    // first[] and first[] + count[] never decrease along an axis.
    const sg_px_axis *h = &rs->horizontal, *v = &rs->vertical;
    int last_x = left + width - 1, last_y = top + rows - 1;
    *x0 = h->first[left];
    *x1 = h->first[last_x] + h->count[last_x];
    *y0 = v->first[top];
    *y1 = v->first[last_y] + v->count[last_y];
}

static inline __attribute__((always_inline)) uint8_t clip8(int value) {
    value >>= WEIGHT_BITS;
    return (uint8_t) (value < 0 ? 0 : (value > 255 ? 255 : value));
}

#ifdef SG_RESAMPLE_AVX2
// The horizontal SIMD pass reads, per output pixel, `groups` blocks of 12 bytes from its first
// tap, each as two 16-byte loads at +0 and +6: up to groups * 12 + 10 bytes from the first tap,
// past the row's last tap by at most that much. The row buffer carries this many zeroed bytes
// after its samples (zero-weighted, never written), so no load leaves the buffer.
#define ROW_SLACK(h) ((size_t) (h)->groups * 12 + 10)

// The horizontal pass over one 3-band row with pmaddwd: per output pixel, blocks of four taps.
// Two unaligned 16-byte loads (taps 4g, 4g+1 and 4g+2, 4g+3) are shuffled into 16-bit
// R0 R1 G0 G1 B0 B1 0 0 per 128-bit lane; pmaddwd with the paired weights then gives the
// R, G, B sums of two taps per lane in one instruction (the scalar loop needs ~8 per tap).
__attribute__((target("avx2")))
static void horizontal_rgb_avx2(const uint8_t *row, int x0, uint8_t *dst, int left, int last_x, const sg_px_axis *h) {
    const __m256i spread = _mm256_setr_epi8(
        0, -1, 3, -1, 1, -1, 4, -1, 2, -1, 5, -1, -1, -1, -1, -1,
        0, -1, 3, -1, 1, -1, 4, -1, 2, -1, 5, -1, -1, -1, -1, -1);
    const __m128i rounding = _mm_set1_epi32(1 << (WEIGHT_BITS - 1));
    const int groups = h->groups;
    for (int x = left; x <= last_x; x++, dst += 3) {
        const uint8_t *src = row + (size_t) (h->first[x] - x0) * 3;
        const __m256i *w = (const __m256i *) (h->pairs + (size_t) x * groups * 8);
        __m256i sum = _mm256_setzero_si256();
        for (int g = 0; g < groups; g++, src += 12) {
            __m256i px = _mm256_inserti128_si256(
                _mm256_castsi128_si256(_mm_loadu_si128((const __m128i *) src)),
                _mm_loadu_si128((const __m128i *) (src + 6)), 1);
            sum = _mm256_add_epi32(sum, _mm256_madd_epi16(_mm256_shuffle_epi8(px, spread), _mm256_loadu_si256(w + g)));
        }
        __m128i total = _mm_add_epi32(_mm256_castsi256_si128(sum), _mm256_extracti128_si256(sum, 1));
        total = _mm_srai_epi32(_mm_add_epi32(total, rounding), WEIGHT_BITS);
        total = _mm_packus_epi16(_mm_packs_epi32(total, total), total);  // [R G B 0 ...] clipped
        const int rgb0 = _mm_cvtsi128_si32(total);
        dst[0] = (uint8_t) rgb0;  // exactly this pixel's three bytes
        dst[1] = (uint8_t) (rgb0 >> 8);
        dst[2] = (uint8_t) (rgb0 >> 16);
    }
}

// The vertical pass with pmaddwd: 16 samples at a time, two taps per multiply-add, the sums
// kept in registers across all taps (the scalar loop keeps an int32 row in memory and
// multiplies one tap at a time). 14-bit weights and 8-bit samples fit 16-bit lanes exactly.
__attribute__((target("avx2")))
// Loads stay inside each input row: 16 samples from i with i + 16 <= n, then a scalar tail.
static void vertical_avx2(const uint8_t *first, size_t stride, const int *w, const int32_t *pairs, int taps,
                          uint8_t *row, int n) {
    const __m256i rounding = _mm256_set1_epi32(1 << (WEIGHT_BITS - 1));
    const __m256i zero = _mm256_setzero_si256();
    int i = 0;
    for (; i + 16 <= n; i += 16) {
        __m256i lo = rounding, hi = rounding;
        for (int k = 0; k < taps; k += 2) {
            __m256i a = _mm256_cvtepu8_epi16(_mm_loadu_si128((const __m128i *) (first + (size_t) k * stride + i)));
            __m256i b = k + 1 < taps
                ? _mm256_cvtepu8_epi16(_mm_loadu_si128((const __m128i *) (first + (size_t) (k + 1) * stride + i)))
                : zero;
            const __m256i pair = _mm256_set1_epi32(pairs[k / 2]);
            lo = _mm256_add_epi32(lo, _mm256_madd_epi16(_mm256_unpacklo_epi16(a, b), pair));
            hi = _mm256_add_epi32(hi, _mm256_madd_epi16(_mm256_unpackhi_epi16(a, b), pair));
        }
        // Per 128-bit lane, lo holds samples 0-3 and hi 4-7 (8-11 and 12-15 in the upper lane):
        // packing keeps that order, and the permute joins the two lanes' 8 bytes.
        __m256i words = _mm256_packs_epi32(_mm256_srai_epi32(lo, WEIGHT_BITS), _mm256_srai_epi32(hi, WEIGHT_BITS));
        __m256i bytes = _mm256_permute4x64_epi64(_mm256_packus_epi16(words, words), 0x08);
        _mm_storeu_si128((__m128i *) (row + i), _mm256_castsi256_si128(bytes));
    }
    for (; i < n; i++) {
        int sum = 1 << (WEIGHT_BITS - 1);
        for (int k = 0; k < taps; k++)
            sum += first[(size_t) k * stride + i] * w[k];
        row[i] = clip8(sum);
    }
}
#else
#define ROW_SLACK(h) 0
#endif

// The vertical pass without SIMD: one intermediate row of `n` samples from `taps` input rows.
static inline __attribute__((always_inline))
void vertical_plain(const uint8_t *first, size_t stride, const int *w, int taps, int *acc, uint8_t *row, int n) {
    if (taps <= 1) {
        for (int i = 0; i < n; i++)
            row[i] = clip8((1 << (WEIGHT_BITS - 1)) + first[i] * w[0]);
        return;
    }
    for (int i = 0; i < n; i++)
        acc[i] = (1 << (WEIGHT_BITS - 1)) + first[i] * w[0];
    for (int k = 1; k < taps - 1; k++) {
        const uint8_t *src = first + (size_t) k * stride;
        for (int i = 0; i < n; i++)
            acc[i] += src[i] * w[k];
    }
    const uint8_t *last = first + (size_t) (taps - 1) * stride;
    for (int i = 0; i < n; i++)
        row[i] = clip8(acc[i] + last[i] * w[taps - 1]);
}

// The horizontal pass without SIMD: output pixels [left, last_x] of one row.
static inline __attribute__((always_inline))
void horizontal_plain(const uint8_t *row, int x0, uint8_t *dst, int left, int last_x, int bands, const sg_px_axis *h) {
    for (int x = left; x <= last_x; x++, dst += bands) {
        const int *wh = h->weights + (size_t) x * h->taps;
        for (int band = 0; band < bands; band++) {
            const uint8_t *src = row + (h->first[x] - x0) * bands + band;
            int s = 1 << (WEIGHT_BITS - 1);
            for (int k = 0; k < h->count[x]; k++, src += bands)
                s += *src * wh[k];
            dst[band] = clip8(s);
        }
    }
}

// The body is compiled twice (see below): plain x86-64 (SSE2) and AVX2, chosen at run time.
static inline __attribute__((always_inline))
int resample_rows(const sg_px_resampler *rs, const uint8_t *in, size_t in_stride,
                  uint8_t *out, size_t out_stride, int left, int width, int top, int rows, int simd) {
    const int bands = rs->bands;
    const sg_px_axis *h = &rs->horizontal, *v = &rs->vertical;
    const int last_x = left + width - 1, last_y = top + rows - 1;
    int x0, y0, x1, y1;
    sg_px_resampler_needs(rs, left, width, top, rows, &x0, &y0, &x1, &y1);

    const int row_samples = (x1 - x0) * bands;
    int *acc = malloc(sizeof(int) * (size_t) row_samples);
    uint8_t *row = calloc((size_t) row_samples + ROW_SLACK(h), 1);  // zeroed slack: see ROW_SLACK
    if (!acc || !row) {
        free(acc);
        free(row);
        return -1;
    }
    for (int y = top; y <= last_y; y++) {
        // Vertical pass: one intermediate row of the needed input width.
        const int *wv = v->weights + (size_t) y * v->taps;
        const int taps = v->count[y];
        const uint8_t *first = in + (size_t) (v->first[y] - y0) * in_stride;
#ifdef SG_RESAMPLE_AVX2
        if (simd && taps > 0) {
            vertical_avx2(first, in_stride, wv, v->pairs + (size_t) y * ((v->taps + 1) / 2), taps, row, row_samples);
        } else
#endif
        vertical_plain(first, in_stride, wv, taps, acc, row, row_samples);

        // Horizontal pass: the output pixels of this row.
        uint8_t *dst = out + (size_t) (y - top) * out_stride;
#ifdef SG_RESAMPLE_AVX2
        if (bands == 3 && simd) {
            horizontal_rgb_avx2(row, x0, dst, left, last_x, h);
        } else
#endif
        horizontal_plain(row, x0, dst, left, last_x, bands, h);
    }
    free(acc);
    free(row);
    return 0;
}

#ifdef SG_RESAMPLE_AVX2
// Most servers have AVX2: 8-lane integer multiplies make the vertical pass ~3x cheaper.
__attribute__((target("avx2")))
static int resample_avx2(const sg_px_resampler *rs, const uint8_t *in, size_t in_stride,
                         uint8_t *out, size_t out_stride, int left, int width, int top, int rows) {
    return resample_rows(rs, in, in_stride, out, out_stride, left, width, top, rows, 1);
}
#endif

static int outside(const sg_px_resampler *rs, int left, int width, int top, int rows) {
    return width <= 0 || rows <= 0 || left < 0 || top < 0
        || left + width > rs->out_width || top + rows > rs->out_height;
}

int sg_px_resample_portable(const sg_px_resampler *rs, const uint8_t *in, size_t in_stride,
                            uint8_t *out, size_t out_stride, int left, int width, int top, int rows) {
    if (outside(rs, left, width, top, rows))
        return -1;
    return resample_rows(rs, in, in_stride, out, out_stride, left, width, top, rows, 0);
}

int sg_px_resample(const sg_px_resampler *rs, const uint8_t *in, size_t in_stride,
                   uint8_t *out, size_t out_stride, int left, int width, int top, int rows) {
    if (outside(rs, left, width, top, rows))
        return -1;
#ifdef SG_RESAMPLE_AVX2
    if (__builtin_cpu_supports("avx2"))
        return resample_avx2(rs, in, in_stride, out, out_stride, left, width, top, rows);
#endif
    return resample_rows(rs, in, in_stride, out, out_stride, left, width, top, rows, 0);
}
