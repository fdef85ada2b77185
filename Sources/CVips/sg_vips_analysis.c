// Green coverage: a streaming count of plant-green pixels.
#include "sg_vips_dl.h"  // libvips through dlopen (sg_vips_symbols.h)
#include "sg_vips.h"
#include "sg_pixels.h"  // the counting loop

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
            count += sg_px_count_green(VIPS_REGION_ADDR(region, 0, y), rgb->Xsize, rgb->Bands, threshold);
    }
    g_object_unref(region);
    g_object_unref(rgb);
    if (result)
        return SG_VIPS_FAILED;
    *green = count;
    *total = pixels;
    return SG_VIPS_OK;
}
