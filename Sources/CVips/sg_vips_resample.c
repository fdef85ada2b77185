// Downsizing 8-bit images to an exact size: a separable, fixed-point resampler.
//
// Why not vips_resize: in libvips 8.14 the horizontal pass (reduceh) runs a generic per-pixel,
// per-band loop. Profiled with callgrind on the 4000x3000 ingest (decode at 1/2, then
// 2000x1500 -> 1600x1200), reduceh alone cost ~440 M instructions, more than the JPEG
// decoder's entropy decoding, and reducev another ~150 M. This resampler does the same job
// (a kernel widened by the scale, so it antialiases like reduce does) in ~60 M:
// - the vertical pass runs first, over whole rows, as loops the compiler vectorises;
// - the horizontal pass then works on fewer rows, with precomputed taps and weights;
// - everything is integer arithmetic on 8-bit samples with 14-bit weights.
// It streams: output strips are computed from the input rows they need, so a sequential
// JPEG decode is never held in memory whole.
#include <math.h>
#include <string.h>
#include "sg_vips_dl.h"  // libvips through dlopen (sg_vips_symbols.h)
#include "sg_vips.h"
#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
#include <immintrin.h>
#define SG_RESAMPLE_AVX2 1
#endif

enum { WEIGHT_BITS = 14 };

// Taps of one axis: output index i reads `count[i]` inputs from `first[i]`, weighted by
// `weights[i * taps ...]` (fixed point, summing to 1 << WEIGHT_BITS).
typedef struct {
    int taps;
    int *first;
    int *count;
    int *weights;
    /// The same weights for the SIMD pass over 3-band rows: per output, `groups` blocks of 8
    /// int32, each the pairs (w[k] | w[k+1] << 16) for taps k...k+3 laid out as pmaddwd wants
    /// them (taps beyond `count` weigh 0).
    int groups;
    int32_t *pairs;
} Axis;

typedef struct {
    Axis horizontal;
    Axis vertical;
    int bands;
} Resampler;

static double cubic(double x) {  // Catmull-Rom (a = -0.5), as Pillow's BICUBIC and vips "cubic"
    const double a = -0.5;
    x = fabs(x);
    if (x < 1.0)
        return ((a + 2.0) * x - (a + 3.0)) * x * x + 1.0;
    if (x < 2.0)
        return (((x - 5.0) * x + 8.0) * x - 4.0) * a;
    return 0.0;
}

static double triangle(double x) {
    x = fabs(x);
    return x < 1.0 ? 1.0 - x : 0.0;
}

static void axis_free(Axis *axis) {
    g_free(axis->first);
    g_free(axis->count);
    g_free(axis->weights);
    g_free(axis->pairs);
}

// Packs the weights of each output as 16-bit pairs for the pmaddwd pass: block g holds taps
// 4g, 4g+1 (repeated four times, lower 128 bits) and 4g+2, 4g+3 (upper 128 bits).
static void axis_pack_pairs(Axis *axis, int out_size) {
    axis->groups = (axis->taps + 3) / 4;
    axis->pairs = g_new0(int32_t, (size_t) out_size * axis->groups * 8);
    for (int i = 0; i < out_size; i++) {
        const int *w = axis->weights + (size_t) i * axis->taps;
        int32_t *block = axis->pairs + (size_t) i * axis->groups * 8;
        for (int k = 0; k < axis->groups * 4; k += 2) {
            int w0 = k < axis->count[i] ? w[k] : 0;
            int w1 = k + 1 < axis->count[i] ? w[k + 1] : 0;
            int32_t pair = (int32_t) ((uint32_t) (uint16_t) (int16_t) w0 | ((uint32_t) (uint16_t) (int16_t) w1 << 16));
            int32_t *lane = block + (k / 4) * 8 + ((k % 4) ? 4 : 0);
            for (int j = 0; j < 4; j++)
                lane[j] = pair;
        }
    }
}

// Precomputes the taps mapping `in_size` samples onto `out_size` (pixel centres aligned).
static void axis_init(Axis *axis, int in_size, int out_size, int kernel) {
    double (*filter)(double) = kernel == SG_VIPS_KERNEL_LINEAR ? triangle : cubic;
    double base_support = kernel == SG_VIPS_KERNEL_LINEAR ? 1.0 : 2.0;
    double scale = (double) in_size / out_size;
    double stretch = scale < 1.0 ? 1.0 : scale;  // widen the kernel when shrinking
    double support = base_support * stretch;
    axis->taps = (int) ceil(support) * 2 + 1;
    axis->first = g_new(int, out_size);
    axis->count = g_new(int, out_size);
    axis->weights = g_new0(int, (size_t) out_size * axis->taps);
    double *w = g_new(double, axis->taps);
    for (int i = 0; i < out_size; i++) {
        double centre = (i + 0.5) * scale;
        int lo = VIPS_MAX((int) floor(centre - support + 0.5), 0);
        int hi = VIPS_MIN((int) floor(centre + support + 0.5), in_size);
        int n = VIPS_MIN(hi - lo, axis->taps);
        double total = 0.0;
        for (int k = 0; k < n; k++) {
            w[k] = filter((lo + k + 0.5 - centre) / stretch);
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
    g_free(w);
}

static void resampler_free(VipsImage *image, Resampler *resampler) {
    (void) image;
    axis_free(&resampler->horizontal);
    axis_free(&resampler->vertical);
    g_free(resampler);
}

static inline __attribute__((always_inline)) VipsPel clip8(int value) {
    value >>= WEIGHT_BITS;
    return (VipsPel) (value < 0 ? 0 : (value > 255 ? 255 : value));
}

// The body is compiled twice (see below): plain x86-64 (SSE2) and AVX2, chosen at run time.
#ifdef SG_RESAMPLE_AVX2
// Bytes the SIMD pass may read past the last tap of a row (zero-weighted, but read).
#define ROW_SLACK(h) ((h)->groups * 12 + 32)

// The horizontal pass over one 3-band row with pmaddwd: per output pixel, blocks of four taps.
// Two unaligned 16-byte loads (taps 4g, 4g+1 and 4g+2, 4g+3) are shuffled into 16-bit
// R0 R1 G0 G1 B0 B1 0 0 per 128-bit lane; pmaddwd with the paired weights then gives the
// R, G, B sums of two taps per lane in one instruction (the scalar loop needs ~8 per tap).
__attribute__((target("avx2")))
static void horizontal_rgb_avx2(const VipsPel *row, int x0, VipsPel *dst, int left, int last_x, const Axis *h) {
    const __m256i spread = _mm256_setr_epi8(
        0, -1, 3, -1, 1, -1, 4, -1, 2, -1, 5, -1, -1, -1, -1, -1,
        0, -1, 3, -1, 1, -1, 4, -1, 2, -1, 5, -1, -1, -1, -1, -1);
    const __m128i rounding = _mm_set1_epi32(1 << (WEIGHT_BITS - 1));
    const int groups = h->groups;
    for (int x = left; x <= last_x; x++, dst += 3) {
        const VipsPel *src = row + (size_t) (h->first[x] - x0) * 3;
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
        int rgb0 = _mm_cvtsi128_si32(total);
        if (x < last_x) {
            memcpy(dst, &rgb0, 4);  // the 4th byte is overwritten by the next pixel
        } else {
            dst[0] = (VipsPel) rgb0;
            dst[1] = (VipsPel) (rgb0 >> 8);
            dst[2] = (VipsPel) (rgb0 >> 16);
        }
    }
}
#else
#define ROW_SLACK(h) 0
#endif

static inline __attribute__((always_inline))
int resample_strip(VipsRegion *out_region, VipsRegion *in_region, const Resampler *rs, gboolean simd) {
    const VipsRect *r = &out_region->valid;
    const int bands = rs->bands;
    const Axis *h = &rs->horizontal, *v = &rs->vertical;

    // Input columns and rows this strip needs (first[] and first[] + count[] never decrease).
    int last_x = r->left + r->width - 1, last_y = r->top + r->height - 1;
    int x0 = h->first[r->left], x1 = h->first[last_x] + h->count[last_x];
    int y0 = v->first[r->top], y1 = v->first[last_y] + v->count[last_y];
    VipsRect need = { x0, y0, x1 - x0, y1 - y0 };
    if (vips_region_prepare(in_region, &need))
        return -1;

    const int row_samples = (x1 - x0) * bands;
    int *acc = g_try_new(int, row_samples);
    // Zeroed slack after the row: the SIMD pass reads (zero-weighted) bytes past the last tap.
    VipsPel *row = g_try_malloc0(row_samples + ROW_SLACK(h));
    if (!acc || !row) {
        g_free(acc);
        g_free(row);
        vips_error("sg_vips_resample", "%s", "out of memory");
        return -1;
    }
    for (int y = r->top; y <= last_y; y++) {
        // Vertical pass: one intermediate row of the needed input width.
        const int *wv = v->weights + (size_t) y * v->taps;
        const int taps = v->count[y];
        const VipsPel *first = VIPS_REGION_ADDR(in_region, x0, v->first[y]);
        for (int i = 0; i < row_samples; i++)
            acc[i] = (1 << (WEIGHT_BITS - 1)) + first[i] * wv[0];
        for (int k = 1; k < taps - 1; k++) {
            const VipsPel *src = VIPS_REGION_ADDR(in_region, x0, v->first[y] + k);
            const int weight = wv[k];
            for (int i = 0; i < row_samples; i++)
                acc[i] += src[i] * weight;
        }
        if (taps > 1) {
            const VipsPel *last = VIPS_REGION_ADDR(in_region, x0, v->first[y] + taps - 1);
            const int weight = wv[taps - 1];
            for (int i = 0; i < row_samples; i++)
                row[i] = clip8(acc[i] + last[i] * weight);
        } else {
            for (int i = 0; i < row_samples; i++)
                row[i] = clip8(acc[i]);
        }

        // Horizontal pass: the output pixels of this row.
        VipsPel *dst = VIPS_REGION_ADDR(out_region, r->left, y);
#ifdef SG_RESAMPLE_AVX2
        if (bands == 3 && simd) {
            horizontal_rgb_avx2(row, x0, dst, r->left, last_x, h);
        } else
#endif
        if (bands == 3) {
            for (int x = r->left; x <= last_x; x++, dst += 3) {
                const VipsPel *src = row + (h->first[x] - x0) * 3;
                const int *wh = h->weights + (size_t) x * h->taps;
                int s0 = 1 << (WEIGHT_BITS - 1), s1 = s0, s2 = s0;
                for (int k = 0; k < h->count[x]; k++, src += 3) {
                    s0 += src[0] * wh[k];
                    s1 += src[1] * wh[k];
                    s2 += src[2] * wh[k];
                }
                dst[0] = clip8(s0);
                dst[1] = clip8(s1);
                dst[2] = clip8(s2);
            }
        } else {
            for (int x = r->left; x <= last_x; x++, dst += bands) {
                const int *wh = h->weights + (size_t) x * h->taps;
                for (int band = 0; band < bands; band++) {
                    const VipsPel *src = row + (h->first[x] - x0) * bands + band;
                    int s = 1 << (WEIGHT_BITS - 1);
                    for (int k = 0; k < h->count[x]; k++, src += bands)
                        s += *src * wh[k];
                    dst[band] = clip8(s);
                }
            }
        }
    }
    g_free(acc);
    g_free(row);
    return 0;
}

static int resample_plain(VipsRegion *out_region, void *seq, void *a, void *b, gboolean *stop) {
    (void) a; (void) stop;
    return resample_strip(out_region, seq, b, FALSE);
}

#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
// Most servers have AVX2: 8-lane integer multiplies make the vertical pass ~3x cheaper.
__attribute__((target("avx2")))
static int resample_avx2(VipsRegion *out_region, void *seq, void *a, void *b, gboolean *stop) {
    (void) a; (void) stop;
    return resample_strip(out_region, seq, b, TRUE);
}

static VipsGenerateFn resample_generate(void) {
    return __builtin_cpu_supports("avx2") ? resample_avx2 : resample_plain;
}
#else
static VipsGenerateFn resample_generate(void) {
    return resample_plain;
}
#endif

int sg_vips_resample(sg_vips_image *in, int width, int height, int kernel, sg_vips_image **out) {
    *out = NULL;
    if (width <= 0 || height <= 0 || in->Xsize <= 0 || in->Ysize <= 0) {
        vips_error("sg_vips_resample", "bad size %d x %d", width, height);
        return SG_VIPS_FAILED;
    }
    if (in->BandFmt != VIPS_FORMAT_UCHAR || in->Coding != VIPS_CODING_NONE) {
        // Only 8-bit images take the fast path; anything else goes through libvips.
        return vips_resize(in, out, (double) width / in->Xsize,
                           "vscale", (double) height / in->Ysize,
                           "kernel", kernel == SG_VIPS_KERNEL_LINEAR ? VIPS_KERNEL_LINEAR : VIPS_KERNEL_CUBIC,
                           NULL) ? SG_VIPS_FAILED : SG_VIPS_OK;
    }
    Resampler *resampler = g_new0(Resampler, 1);
    resampler->bands = in->Bands;
    axis_init(&resampler->horizontal, in->Xsize, width, kernel);
    axis_pack_pairs(&resampler->horizontal, width);
    axis_init(&resampler->vertical, in->Ysize, height, kernel);

    VipsImage *image = vips_image_new();
    // Full-width strips: each reads a band of input rows once, in order, which a sequential
    // JPEG decode requires.
    if (vips_image_pipelinev(image, VIPS_DEMAND_STYLE_THINSTRIP, in, NULL)) {
        resampler_free(NULL, resampler);
        g_object_unref(image);
        return SG_VIPS_FAILED;
    }
    image->Xsize = width;
    image->Ysize = height;
    // The output reads `in` for as long as it lives, and owns the tap tables.
    g_object_ref(in);
    vips_object_local(image, in);
    g_signal_connect(image, "close", G_CALLBACK(resampler_free), resampler);
    if (vips_image_generate(image, vips_start_one, resample_generate(), vips_stop_one, in, resampler)) {
        g_object_unref(image);
        return SG_VIPS_FAILED;
    }
    *out = image;
    return SG_VIPS_OK;
}
