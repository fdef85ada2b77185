// Header probing and lazy loading of encoded images.
#include <string.h>
#include "sg_vips_dl.h"  // libvips through dlopen (sg_vips_symbols.h)
#include "sg_vips.h"

static int metadata_int(VipsImage *image, const char *name, int fallback) {
    int value;
    if (vips_image_get_typeof(image, name) && !vips_image_get_int(image, name, &value))
        return value;
    return fallback;
}

// Fills `out` from an opened (header-only) image.
static void describe(VipsImage *image, sg_vips_header *out) {
    out->width = image->Xsize;
    out->height = image->Ysize;
    out->bands = image->Bands;
    out->band_format = image->BandFmt;
    out->interpretation = image->Type;
    out->page_count = metadata_int(image, VIPS_META_N_PAGES, 1);
    out->orientation = vips_image_get_orientation(image);
    out->has_alpha = vips_image_hasalpha(image);
    out->has_icc_profile = vips_image_get_typeof(image, VIPS_META_ICC_NAME) != 0;
}

// Named even when the header turns out unreadable, so the caller can tell "a format we do not
// take" from "a damaged file of a format we take".
static void name_loader(const char *loader, sg_vips_header *out) {
    const char *nickname = vips_nickname_find(g_type_from_name(loader));  // "jpegload_buffer"
    g_strlcpy(out->loader, nickname ? nickname : loader, sizeof out->loader);
}

int sg_vips_probe_buffer(const void *data, size_t length, sg_vips_header *out) {
    memset(out, 0, sizeof *out);
    const char *loader = vips_foreign_find_load_buffer(data, length);
    if (!loader && sg_vips_load_modules()) {  // maybe HEIF: its module loads on first need
        vips_error_clear();
        loader = vips_foreign_find_load_buffer(data, length);
    }
    if (!loader)
        return SG_VIPS_UNKNOWN_FORMAT;
    name_loader(loader, out);
    // Building a loader only reads the header; pixels are decoded on first use, never here.
    VipsImage *image = vips_image_new_from_buffer(data, length, "",
        "access", VIPS_ACCESS_SEQUENTIAL, NULL);
    if (!image)
        return SG_VIPS_FAILED;
    describe(image, out);
    g_object_unref(image);
    return SG_VIPS_OK;
}

// A source on a file: unlike vips_image_new_from_file, the path is never parsed for
// "[option]" suffixes, and libvips reads the file in small chunks as decoding proceeds.
static VipsSource *open_file(const char *path) {
    return vips_source_new_from_file(path);
}

int sg_vips_probe_file(const char *path, sg_vips_header *out) {
    memset(out, 0, sizeof *out);
    VipsSource *source = open_file(path);
    if (!source)
        return SG_VIPS_FAILED;
    const char *loader = vips_foreign_find_load_source(source);
    if (!loader && sg_vips_load_modules()) {
        vips_error_clear();
        loader = vips_foreign_find_load_source(source);
    }
    if (!loader) {
        g_object_unref(source);
        return SG_VIPS_UNKNOWN_FORMAT;
    }
    name_loader(loader, out);
    VipsImage *image = vips_image_new_from_source(source, "", "access", VIPS_ACCESS_SEQUENTIAL, NULL);
    g_object_unref(source);
    if (!image)
        return SG_VIPS_FAILED;
    describe(image, out);
    g_object_unref(image);
    return SG_VIPS_OK;
}

static void release_blob(gpointer blob) {
    vips_area_unref(VIPS_AREA(blob));
}

int sg_vips_load_buffer(const void *data, size_t length, int jpeg_shrink, sg_vips_image **out) {
    *out = NULL;
    // Buffer loaders read the caller's memory lazily, long after this call returns, so the
    // image owns a copy whose lifetime is tied to the loaded image (and so to all its results).
    VipsBlob *blob = vips_blob_copy(data, length);
    size_t blob_length;
    const void *blob_data = vips_blob_get(blob, &blob_length);
    VipsImage *image;
    if (jpeg_shrink > 1)
        image = vips_image_new_from_buffer(blob_data, blob_length, "",
            "access", VIPS_ACCESS_SEQUENTIAL, "fail_on", VIPS_FAIL_ON_TRUNCATED,
            "shrink", jpeg_shrink, NULL);
    else
        image = vips_image_new_from_buffer(blob_data, blob_length, "",
            "access", VIPS_ACCESS_SEQUENTIAL, "fail_on", VIPS_FAIL_ON_TRUNCATED, NULL);
    if (!image) {
        vips_area_unref(VIPS_AREA(blob));
        return SG_VIPS_FAILED;
    }
    g_object_set_data_full(G_OBJECT(image), "sg-source-bytes", blob, release_blob);
    *out = image;
    return SG_VIPS_OK;
}

int sg_vips_load_file(const char *path, int jpeg_shrink, sg_vips_image **out) {
    *out = NULL;
    VipsSource *source = open_file(path);
    if (!source)
        return SG_VIPS_FAILED;
    if (jpeg_shrink > 1)
        *out = vips_image_new_from_source(source, "", "access", VIPS_ACCESS_SEQUENTIAL,
            "fail_on", VIPS_FAIL_ON_TRUNCATED, "shrink", jpeg_shrink, NULL);
    else
        *out = vips_image_new_from_source(source, "", "access", VIPS_ACCESS_SEQUENTIAL,
            "fail_on", VIPS_FAIL_ON_TRUNCATED, NULL);
    g_object_unref(source);  // the image holds its own reference while it reads
    return *out ? SG_VIPS_OK : SG_VIPS_FAILED;
}

int sg_vips_from_pixels(const void *pixels, int width, int height, int bands, int band_format,
                        int interpretation, sg_vips_image **out) {
    *out = NULL;
    size_t size = (size_t) width * height * bands * vips_format_sizeof((VipsBandFormat) band_format);
    VipsImage *raw = vips_image_new_from_memory_copy(pixels, size, width, height, bands,
                                                     (VipsBandFormat) band_format);
    if (!raw)
        return SG_VIPS_FAILED;
    int result = vips_copy(raw, out, "interpretation", interpretation, NULL);
    g_object_unref(raw);
    return result ? SG_VIPS_FAILED : SG_VIPS_OK;
}

int sg_vips_width(const sg_vips_image *image) { return image->Xsize; }
int sg_vips_height(const sg_vips_image *image) { return image->Ysize; }
int sg_vips_bands(const sg_vips_image *image) { return image->Bands; }
int sg_vips_orientation(const sg_vips_image *image) {
    return vips_image_get_orientation((VipsImage *) image);
}
