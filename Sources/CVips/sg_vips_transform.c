// Lazy image transforms, colour normalisation, saving and text.
#include <string.h>
#include "sg_vips_dl.h"  // libvips through dlopen (sg_vips_symbols.h)
#include "sg_vips.h"
#include "sg_pixels.h"  // sg_px_place_upright

int sg_vips_resize(sg_vips_image *in, double hscale, double vscale, sg_vips_image **out) {
    *out = NULL;
    return vips_resize(in, out, hscale, "vscale", vscale, "kernel", VIPS_KERNEL_CUBIC, NULL)
        ? SG_VIPS_FAILED : SG_VIPS_OK;
}

int sg_vips_crop(sg_vips_image *in, int left, int top, int width, int height, sg_vips_image **out) {
    *out = NULL;
    return vips_crop(in, out, left, top, width, height, NULL) ? SG_VIPS_FAILED : SG_VIPS_OK;
}

int sg_vips_autorot(sg_vips_image *in, sg_vips_image **out) {
    *out = NULL;
    return vips_autorot(in, out, NULL) ? SG_VIPS_FAILED : SG_VIPS_OK;
}

int sg_vips_copy_memory_upright(sg_vips_image *in, int orientation, sg_vips_image **out) {
    // Computed on the calling thread, strip by strip, top to bottom (what a sequential
    // decoder needs). vips_image_copy_memory would run a thread pool and hand every strip
    // between threads: measured, that set-up and hand-off cost dominated small images
    // (timeline tiles, Telegram-size photos), and the service already runs one image per core.
    // Turning the strips upright as they are placed costs about as much as plain copying, where
    // libvips' rot + a second copy moved every pixel twice, byte by byte (13 % of an ingest).
    *out = NULL;
    if (orientation < 1 || orientation > 8)
        orientation = 1;
    VipsImage *memory = vips_image_new_memory();
    if (vips_image_pipelinev(memory, VIPS_DEMAND_STYLE_THINSTRIP, in, NULL)) {
        g_object_unref(memory);
        return SG_VIPS_FAILED;
    }
    if (orientation >= 5) {
        memory->Xsize = in->Ysize;
        memory->Ysize = in->Xsize;
        memory->Xres = in->Yres;
        memory->Yres = in->Xres;
    }
    if (orientation != 1)
        vips_image_remove(memory, VIPS_META_ORIENTATION);
    if (vips_image_write_prepare(memory)) {
        g_object_unref(memory);
        return SG_VIPS_FAILED;
    }
    VipsRegion *region = vips_region_new(in);
    for (int top = 0; top < in->Ysize; top += SG_VIPS_STRIP_HEIGHT) {
        VipsRect strip = { 0, top, in->Xsize, VIPS_MIN(SG_VIPS_STRIP_HEIGHT, in->Ysize - top) };
        if (vips_region_prepare(region, &strip)) {
            g_object_unref(region);
            g_object_unref(memory);
            return SG_VIPS_FAILED;
        }
        sg_px_place_upright(VIPS_REGION_ADDR(region, 0, top), VIPS_REGION_LSKIP(region), top, strip.height,
                            in->Xsize, in->Ysize, VIPS_IMAGE_SIZEOF_PEL(in), orientation,
                            VIPS_IMAGE_ADDR(memory, 0, 0), VIPS_IMAGE_SIZEOF_LINE(memory));
    }
    g_object_unref(region);
    *out = memory;
    return SG_VIPS_OK;
}

int sg_vips_copy_memory(sg_vips_image *in, sg_vips_image **out) {
    return sg_vips_copy_memory_upright(in, 1, out);
}

int sg_vips_with_int(sg_vips_image *in, const char *name, int value, sg_vips_image **out) {
    *out = NULL;
    if (vips_copy(in, out, NULL))
        return SG_VIPS_FAILED;
    vips_image_set_int(*out, name, value);
    return SG_VIPS_OK;
}

int sg_vips_colourspace(sg_vips_image *in, int interpretation, sg_vips_image **out) {
    *out = NULL;
    return vips_colourspace(in, out, (VipsInterpretation) interpretation, NULL)
        ? SG_VIPS_FAILED : SG_VIPS_OK;
}

static gboolean is_sixteen_bit(VipsImage *image) {
    return image->Type == VIPS_INTERPRETATION_RGB16 || image->Type == VIPS_INTERPRETATION_GREY16
        || image->BandFmt == VIPS_FORMAT_USHORT;
}

// Flattens transparency onto white, in the image's own value range.
static int flatten_on_white(VipsImage *in, VipsImage **out) {
    double white = is_sixteen_bit(in) ? 65535.0 : 255.0;
    VipsArrayDouble *background = vips_array_double_newv(1, white);
    int result = vips_flatten(in, out, "background", background,
                              "max_alpha", white, NULL);
    vips_area_unref(VIPS_AREA(background));
    return result;
}

// Converts from the embedded ICC profile to sRGB; on a broken profile returns 1 with the error
// buffer cleared, so that the caller falls back to the plain colourspace route.
static int import_profile(VipsImage *in, VipsImage **out) {
    if (!vips_icc_transform(in, out, "srgb", "embedded", TRUE,
                            "intent", VIPS_INTENT_PERCEPTUAL, "depth", 8, NULL))
        return 0;
    vips_error_clear();  // handled here: a bad profile only means "assume the usual colours"
    return 1;
}

int sg_vips_to_srgb8(sg_vips_image *in, sg_vips_image **out) {
    *out = NULL;
    VipsObject *scope = VIPS_OBJECT(vips_image_new());
    VipsImage **t = (VipsImage **) vips_object_local_array(scope, 6);
    VipsImage *current = in;

    if (vips_image_hasalpha(current) && current->Type != VIPS_INTERPRETATION_CMYK) {
        if (flatten_on_white(current, &t[0]))
            goto fail;
        current = t[0];
    }
    if (vips_image_get_typeof(current, VIPS_META_ICC_NAME) && !import_profile(current, &t[1])) {
        current = t[1];
    } else if (current->Type != VIPS_INTERPRETATION_sRGB || current->BandFmt != VIPS_FORMAT_UCHAR) {
        VipsInterpretation source = vips_image_guess_interpretation(current);
        if (vips_colourspace(current, &t[2], VIPS_INTERPRETATION_sRGB,
                             "source_space", source, NULL))
            goto fail;
        current = t[2];
    }
    if (current->Bands > 3) {
        if (vips_extract_band(current, &t[3], 0, "n", 3, NULL))
            goto fail;
        current = t[3];
    } else if (current->Bands < 3) {
        VipsImage *same[3] = { current, current, current };
        if (vips_bandjoin(same, &t[3], 3, NULL))
            goto fail;
        current = t[3];
    }
    if (current->BandFmt != VIPS_FORMAT_UCHAR) {
        if (vips_cast(current, &t[4], VIPS_FORMAT_UCHAR, NULL))
            goto fail;
        current = t[4];
    }
    if (vips_copy(current, out, "interpretation", VIPS_INTERPRETATION_sRGB, NULL))
        goto fail;
    g_object_unref(scope);
    return SG_VIPS_OK;
fail:
    g_object_unref(scope);
    return SG_VIPS_FAILED;
}

int sg_vips_save_jpeg(sg_vips_image *in, int quality, void **data, size_t *length) {
    *data = NULL;
    *length = 0;
    return vips_jpegsave_buffer(in, data, length,
        "Q", quality,
        "strip", TRUE,
        "interlace", FALSE,
        "optimize_coding", FALSE,
        "subsample_mode", VIPS_FOREIGN_SUBSAMPLE_ON,
        NULL) ? SG_VIPS_FAILED : SG_VIPS_OK;
}

int sg_vips_save_buffer(sg_vips_image *in, const char *suffix, void **data, size_t *length) {
    *data = NULL;
    *length = 0;
    if (!vips_foreign_find_save_buffer(suffix) && sg_vips_load_modules())
        vips_error_clear();  // the suffix needed an optional module (".heic", ".avif")
    return vips_image_write_to_buffer(in, suffix, data, length, NULL) ? SG_VIPS_FAILED : SG_VIPS_OK;
}

int sg_vips_pixels(sg_vips_image *in, void **data, size_t *length) {
    *length = 0;
    *data = vips_image_write_to_memory(in, length);
    return *data ? SG_VIPS_OK : SG_VIPS_FAILED;
}

int sg_vips_icc_transform(sg_vips_image *in, const char *profile, sg_vips_image **out) {
    *out = NULL;
    return vips_icc_transform(in, out, profile, NULL) ? SG_VIPS_FAILED : SG_VIPS_OK;
}
