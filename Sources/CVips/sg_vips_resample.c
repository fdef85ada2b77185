// Downsizing 8-bit images to an exact size, streamed through a libvips pipeline.
//
// The arithmetic lives in CPixels (sg_pixels_resample.c, shared with the direct JPEG path; it
// says why it beats vips_resize). Here it runs as a libvips generate function: full-width
// strips, each computed from the input rows it needs, so a sequential JPEG decode is never
// held in memory whole.
#include "sg_vips_dl.h"  // libvips through dlopen (sg_vips_symbols.h)
#include "sg_vips.h"
#include "sg_pixels.h"

static void resampler_free(VipsImage *image, sg_px_resampler *resampler) {
    (void) image;
    sg_px_resampler_free(resampler);
}

static int resample_generate(VipsRegion *out_region, void *seq, void *a, void *b, gboolean *stop) {
    (void) a; (void) stop;
    VipsRegion *in_region = seq;
    const sg_px_resampler *rs = b;
    const VipsRect *r = &out_region->valid;
    int x0, y0, x1, y1;
    sg_px_resampler_needs(rs, r->left, r->width, r->top, r->height, &x0, &y0, &x1, &y1);
    VipsRect need = { x0, y0, x1 - x0, y1 - y0 };
    if (vips_region_prepare(in_region, &need))
        return -1;
    if (sg_px_resample(rs, VIPS_REGION_ADDR(in_region, x0, y0), VIPS_REGION_LSKIP(in_region),
                       VIPS_REGION_ADDR(out_region, r->left, r->top), VIPS_REGION_LSKIP(out_region),
                       r->left, r->width, r->top, r->height)) {
        vips_error("sg_vips_resample", "%s", "out of memory");
        return -1;
    }
    return 0;
}

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
    sg_px_resampler *resampler = sg_px_resampler_new(in->Xsize, in->Ysize, width, height, in->Bands,
                                                     kernel == SG_VIPS_KERNEL_LINEAR ? SG_PX_KERNEL_LINEAR : SG_PX_KERNEL_CUBIC);
    if (!resampler) {
        vips_error("sg_vips_resample", "%s", "out of memory");
        return SG_VIPS_FAILED;
    }

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
    if (vips_image_generate(image, vips_start_one, resample_generate, vips_stop_one, in, resampler)) {
        g_object_unref(image);
        return SG_VIPS_FAILED;
    }
    *out = image;
    return SG_VIPS_OK;
}
