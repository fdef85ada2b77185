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

enum { WEIGHT_BITS = 14 };

// Taps of one axis: output index i reads `count[i]` inputs from `first[i]`, weighted by
// `weights[i * taps ...]` (fixed point, summing to 1 << WEIGHT_BITS).
typedef struct {
    int taps;
    int *first;
    int *count;
    int *weights;
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
static inline __attribute__((always_inline))
int resample_strip(VipsRegion *out_region, VipsRegion *in_region, const Resampler *rs) {
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
    VipsPel *row = g_try_malloc(row_samples);
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
    return resample_strip(out_region, seq, b);
}

#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
// Most servers have AVX2: 8-lane integer multiplies make the vertical pass ~3x cheaper.
__attribute__((target("avx2")))
static int resample_avx2(VipsRegion *out_region, void *seq, void *a, void *b, gboolean *stop) {
    (void) a; (void) stop;
    return resample_strip(out_region, seq, b);
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
