// Green coverage: a streaming, multi-threaded count of plant-green pixels.
#include <vips/vips.h>
#include "sg_vips.h"

typedef struct {
    int threshold;
    GMutex lock;
    guint64 green;
    guint64 total;
} GreenTotals;

typedef struct {
    guint64 green;
    guint64 total;
} GreenCounts;

static void *green_start(VipsImage *image, void *a, void *b) {
    (void) image; (void) a; (void) b;
    return g_new0(GreenCounts, 1);
}

static int green_scan(VipsRegion *region, void *seq, void *a, void *b, gboolean *stop) {
    (void) b; (void) stop;
    GreenCounts *counts = seq;
    const int threshold = ((GreenTotals *) a)->threshold;
    const int bands = region->im->Bands;
    const VipsRect *r = &region->valid;
    guint64 green = 0;
    for (int y = 0; y < r->height; y++) {
        const VipsPel *p = VIPS_REGION_ADDR(region, r->left, r->top + y);
        for (int x = 0; x < r->width; x++, p += bands)
            green += (2 * (int) p[1] - (int) p[0] - (int) p[2]) > threshold;
    }
    counts->green += green;
    counts->total += (guint64) r->width * r->height;
    return 0;
}

static int green_stop(void *seq, void *a, void *b) {
    (void) b;
    GreenCounts *counts = seq;
    GreenTotals *totals = a;
    g_mutex_lock(&totals->lock);
    totals->green += counts->green;
    totals->total += counts->total;
    g_mutex_unlock(&totals->lock);
    g_free(counts);
    return 0;
}

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
    GreenTotals totals = { .threshold = threshold };
    g_mutex_init(&totals.lock);
    int result = vips_sink(rgb, green_start, green_scan, green_stop, &totals, NULL);
    g_mutex_clear(&totals.lock);
    g_object_unref(rgb);
    if (result)
        return SG_VIPS_FAILED;
    *green = totals.green;
    *total = totals.total;
    return SG_VIPS_OK;
}
