// Lazy image transforms, colour normalisation, saving and text.
#include <string.h>
#include <vips/vips.h>
#include "sg_vips.h"

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

int sg_vips_copy_memory(sg_vips_image *in, sg_vips_image **out) {
    *out = vips_image_copy_memory(in);
    return *out ? SG_VIPS_OK : SG_VIPS_FAILED;
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
    return vips_image_write_to_buffer(in, suffix, data, length, NULL) ? SG_VIPS_FAILED : SG_VIPS_OK;
}

int sg_vips_pixels(sg_vips_image *in, void **data, size_t *length) {
    *length = 0;
    *data = vips_image_write_to_memory(in, length);
    return *data ? SG_VIPS_OK : SG_VIPS_FAILED;
}

int sg_vips_text_mask(const char *text, const char *font_file, const char *font_family,
                      int pixel_size, int max_width, sg_vips_image **out) {
    *out = NULL;
    // vips_text reads Pango markup: user text must not be able to inject tags.
    char *escaped = g_markup_escape_text(text, -1);
    // At 72 dpi a Pango point is one pixel, so "Family 64" renders a 64 px em.
    char *font = g_strdup_printf("%s %d", font_family, pixel_size);
    int result;
    if (max_width > 0)
        result = vips_text(out, escaped, "font", font, "fontfile", font_file, "dpi", 72,
                           "width", max_width, "align", VIPS_ALIGN_CENTRE, NULL);
    else
        result = vips_text(out, escaped, "font", font, "fontfile", font_file, "dpi", 72, NULL);
    g_free(font);
    g_free(escaped);
    return result ? SG_VIPS_FAILED : SG_VIPS_OK;
}

int sg_vips_icc_transform(sg_vips_image *in, const char *profile, sg_vips_image **out) {
    *out = NULL;
    return vips_icc_transform(in, out, profile, NULL) ? SG_VIPS_FAILED : SG_VIPS_OK;
}
