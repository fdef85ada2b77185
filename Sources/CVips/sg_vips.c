// libvips' start, header probe, decode to 8-bit sRGB, caption fallback and test fixtures.
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <pthread.h>
#include "sg_vips_dl.h"
#include "sg_vips.h"

static pthread_once_t started = PTHREAD_ONCE_INIT;
static int start_result = -1;
static int pending_concurrency = 0;  // chosen before libvips was loaded (atomic)

// Damaged uploads make libvips warn through GLib; the caller gets the error that matters.
static void drop_warning(const gchar *domain, GLogLevelFlags level, const gchar *message, gpointer data) {
    (void) domain; (void) level; (void) message; (void) data;
}

static void start_libvips(void) {
    if (sg_vips_dl_open() != 0 || V(vips_version)(0) != 8 || V(vips_init)("sogreto") != 0)
        return;
    V(vips_cache_set_max)(0);             // every image is read once: a cache only costs memory
    V(vips_block_untrusted_set)(TRUE);    // user files never reach ImageMagick, PDF, SVG loaders
    V(g_log_set_handler)("VIPS", G_LOG_LEVEL_WARNING | G_LOG_LEVEL_MESSAGE | G_LOG_LEVEL_INFO, drop_warning, NULL);
    int pending = __atomic_load_n(&pending_concurrency, __ATOMIC_SEQ_CST);
    if (pending > 0)
        V(vips_concurrency_set)(pending);
    __atomic_store_n(&start_result, 0, __ATOMIC_SEQ_CST);
}

int sg_vips_start(void) {
    pthread_once(&started, start_libvips);
    return start_result;
}

int sg_vips_is_loaded(void) {
    return __atomic_load_n(&start_result, __ATOMIC_SEQ_CST) == 0;
}

void sg_vips_set_concurrency(int concurrency) {
    __atomic_store_n(&pending_concurrency, concurrency, __ATOMIC_SEQ_CST);
    if (sg_vips_is_loaded())
        V(vips_concurrency_set)(concurrency);
}

char *sg_vips_error_take(void) {
    if (!sg_vips_dl_is_open())
        return strdup(sg_vips_dl_error() ? sg_vips_dl_error() : "libvips did not start");
    char *text = V(vips_error_buffer_copy)();  // copies and clears
    char *copy = strdup(text ? text : "");
    V(g_free)(text);
    return copy;
}

void sg_vips_free(void *data) {
    if (data)  // only libvips returns such memory, so it is loaded
        V(g_free)(data);
}

static void *count_object(VipsObject *object, void *count, void *unused) {
    (void) object; (void) unused;
    (*(int *) count)++;
    return NULL;
}

int sg_vips_live_objects(void) {
    int count = 0;
    if (sg_vips_is_loaded())
        V(vips_object_map)((VipsSListMap2Fn) count_object, &count, NULL);
    return count;
}

void sg_vips_thread_shutdown(void) {
    if (sg_vips_is_loaded())
        V(vips_thread_shutdown)();
}

// The image of the bytes or the file, header read, pixels decoded on first use (sequentially).
// Its loader is named even when the header is unreadable: "a format we do not take" differs
// from "a damaged file of a format we take".
static VipsImage *open_image(const void *data, size_t length, const char *path, int shrink, char loader[48]) {
    VipsSource *source = path ? V(vips_source_new_from_file)(path) : NULL;
    if (path && !source)
        return NULL;
    const char *name = path ? V(vips_foreign_find_load_source)(source) : V(vips_foreign_find_load_buffer)(data, length);
    VipsImage *image = NULL;
    if (name) {
        const char *nickname = V(vips_nickname_find)(V(g_type_from_name)(name));
        snprintf(loader, 48, "%s", nickname ? nickname : name);
        char options[32] = "";
        if (shrink > 1 && !strncmp(loader, "jpegload", 8))
            snprintf(options, sizeof options, "[shrink=%d]", shrink);
        image = path
            ? V(vips_image_new_from_source)(source, options, "access", VIPS_ACCESS_SEQUENTIAL, "fail_on", VIPS_FAIL_ON_TRUNCATED, NULL)
            : V(vips_image_new_from_buffer)(data, length, options, "access", VIPS_ACCESS_SEQUENTIAL, "fail_on", VIPS_FAIL_ON_TRUNCATED, NULL);
    }
    if (source)
        V(g_object_unref)(source);
    return image;
}

int sg_vips_probe(const void *data, size_t length, const char *path, sg_vips_header *out) {
    memset(out, 0, sizeof *out);
    VipsImage *image = open_image(data, length, path, 1, out->loader);
    if (!image)
        return out->loader[0] ? SG_VIPS_FAILED : SG_VIPS_UNKNOWN_FORMAT;
    out->width = image->Xsize;
    out->height = image->Ysize;
    out->bands = image->Bands;
    out->page_count = 1;
    if (V(vips_image_get_typeof)(image, VIPS_META_N_PAGES))
        V(vips_image_get_int)(image, VIPS_META_N_PAGES, &out->page_count);
    out->orientation = V(vips_image_get_orientation)(image);
    out->has_alpha = V(vips_image_hasalpha)(image);
    out->has_icc_profile = V(vips_image_get_typeof)(image, VIPS_META_ICC_NAME) != 0;
    V(g_object_unref)(image);
    return SG_VIPS_OK;
}

// One step of the sRGB conversion: `next` replaces `*image` when the step succeeded.
static int step(VipsImage **image, int failed, VipsImage *next) {
    V(g_object_unref)(*image);
    *image = failed ? NULL : next;
    return failed;
}

// Converts from the embedded profile; a broken one only means "assume the usual colours".
static int import_profile(VipsImage *in, VipsImage **out) {
    if (!V(vips_icc_transform)(in, out, "srgb", "embedded", TRUE, "intent", VIPS_INTENT_PERCEPTUAL, "depth", 8, NULL))
        return 0;
    V(vips_error_clear)();
    return 1;
}

// Takes over `image` and leaves 3-band 8-bit sRGB (or NULL on failure) in its place.
static int to_srgb8(VipsImage **image) {
    VipsImage *next = NULL;
    VipsImage *in = *image;
    int sixteen = in->BandFmt == VIPS_FORMAT_USHORT;
    if (V(vips_image_hasalpha)(in) && in->Type != VIPS_INTERPRETATION_CMYK) {
        VipsArrayDouble *white = V(vips_array_double_newv)(1, sixteen ? 65535.0 : 255.0);
        int failed = V(vips_flatten)(in, &next, "background", white, "max_alpha", sixteen ? 65535.0 : 255.0, NULL);
        V(vips_area_unref)((VipsArea *) white);
        if (step(image, failed, next))
            return -1;
    }
    if (V(vips_image_get_typeof)(*image, VIPS_META_ICC_NAME) && !import_profile(*image, &next)) {
        step(image, 0, next);
    } else if ((*image)->Type != VIPS_INTERPRETATION_sRGB || (*image)->BandFmt != VIPS_FORMAT_UCHAR) {
        VipsInterpretation source = V(vips_image_guess_interpretation)(*image);
        if (step(image, V(vips_colourspace)(*image, &next, VIPS_INTERPRETATION_sRGB, "source_space", source, NULL), next))
            return -1;
    }
    if ((*image)->Bands > 3 && step(image, V(vips_extract_band)(*image, &next, 0, "n", 3, NULL), next))
        return -1;
    if ((*image)->Bands < 3) {
        VipsImage *same[3] = { *image, *image, *image };
        if (step(image, V(vips_bandjoin)(same, &next, 3, NULL), next))
            return -1;
    }
    if ((*image)->BandFmt != VIPS_FORMAT_UCHAR && step(image, V(vips_cast)(*image, &next, VIPS_FORMAT_UCHAR, NULL), next))
        return -1;
    return 0;
}

int sg_vips_decode_rgb(const void *data, size_t length, const char *path, int jpeg_shrink,
                       uint8_t **pixels, int *width, int *height) {
    char loader[48] = "";
    *pixels = NULL;
    VipsImage *image = open_image(data, length, path, jpeg_shrink, loader);
    if (!image || to_srgb8(&image))
        return SG_VIPS_FAILED;
    size_t size = 0;
    *pixels = V(vips_image_write_to_memory)(image, &size);
    *width = image->Xsize;
    *height = image->Ysize;
    V(g_object_unref)(image);
    return *pixels && size == (size_t) *width * *height * 3 ? SG_VIPS_OK : SG_VIPS_FAILED;
}

int sg_vips_text_mask(const char *text, const char *font_file, const char *font_family,
                      int pixel_size, int max_width, uint8_t **mask, int *width, int *height) {
    *mask = NULL;
    char *escaped = V(g_markup_escape_text)(text, -1);  // vips_text reads Pango markup
    char *font = V(g_strdup_printf)("%s %d", font_family, pixel_size);  // at 72 dpi a point is a pixel
    VipsImage *image = NULL;
    int failed = max_width > 0
        ? V(vips_text)(&image, escaped, "font", font, "fontfile", font_file, "dpi", 72,
                       "width", max_width, "align", VIPS_ALIGN_CENTRE, NULL)
        : V(vips_text)(&image, escaped, "font", font, "fontfile", font_file, "dpi", 72, NULL);
    V(g_free)(font);
    V(g_free)(escaped);
    if (failed)
        return SG_VIPS_FAILED;
    size_t size = 0;
    *mask = V(vips_image_write_to_memory)(image, &size);
    *width = image->Xsize;
    *height = image->Ysize;
    V(g_object_unref)(image);
    return *mask && image && size == (size_t) *width * *height ? SG_VIPS_OK : SG_VIPS_FAILED;
}

int sg_vips_encode_fixture(const void *pixels, int width, int height, int bands, int sixteen_bit,
                           int interpretation, int convert_to, const char *profile, int orientation,
                           int page_height, const char *suffix, void **data, size_t *length) {
    *data = NULL;
    VipsBandFormat format = sixteen_bit ? VIPS_FORMAT_USHORT : VIPS_FORMAT_UCHAR;
    size_t size = (size_t) width * height * bands * V(vips_format_sizeof)(format);
    VipsImage *image = V(vips_image_new_from_memory_copy)(pixels, size, width, height, bands, format), *next = NULL;
    if (!image || step(&image, V(vips_copy)(image, &next, "interpretation", interpretation, NULL), next))
        return SG_VIPS_FAILED;
    if (convert_to && step(&image, V(vips_colourspace)(image, &next, (VipsInterpretation) convert_to, NULL), next))
        return SG_VIPS_FAILED;
    if (profile && step(&image, V(vips_icc_transform)(image, &next, profile, NULL), next))
        return SG_VIPS_FAILED;
    if (orientation)
        V(vips_image_set_int)(image, VIPS_META_ORIENTATION, orientation);
    if (page_height)
        V(vips_image_set_int)(image, VIPS_META_PAGE_HEIGHT, page_height);
    int failed = V(vips_image_write_to_buffer)(image, suffix, data, length, NULL);
    V(g_object_unref)(image);
    return failed ? SG_VIPS_FAILED : SG_VIPS_OK;
}
