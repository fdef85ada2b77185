// libjpeg behind plain C calls that never print and never exit (see sg_jpeg.h).
#include <setjmp.h>
#include <stdio.h>  // jpeglib.h needs FILE
#include <stdlib.h>
#include <string.h>
#include <jpeglib.h>
#include <jerror.h>
#include "sg_jpeg.h"
#include "sg_pixels.h"

// libjpeg reports fatal errors through error_exit, which must not return: it jumps back to the
// call that started the work. Warnings go through emit_message; truncation is the one warning
// that fails (as libvips' fail_on=truncated does): libjpeg would otherwise fill the missing
// part with grey and call the photo fine.
typedef struct {
    struct jpeg_error_mgr pub;
    jmp_buf jump;
    char *error;
    size_t error_size;
    /// The encoder's output buffer, which libjpeg (re)allocates with malloc as it grows. Kept
    /// here, in memory whose address libjpeg holds, so it can still be freed after a longjmp.
    unsigned char *output;
    unsigned long output_size;
} ErrorManager;

static void remember(j_common_ptr cinfo) {
    ErrorManager *manager = (ErrorManager *) cinfo->err;
    if (manager->error && manager->error_size > 0) {
        char text[JMSG_LENGTH_MAX];
        cinfo->err->format_message(cinfo, text);
        snprintf(manager->error, manager->error_size, "%s", text);
    }
}

static void on_error_exit(j_common_ptr cinfo) {
    remember(cinfo);
    longjmp(((ErrorManager *) cinfo->err)->jump, 1);
}

static void on_emit_message(j_common_ptr cinfo, int level) {
    if (level >= 0)
        return;  // trace messages
    if (cinfo->err->msg_code == JWRN_JPEG_EOF) {
        remember(cinfo);
        longjmp(((ErrorManager *) cinfo->err)->jump, 1);
    }
    cinfo->err->num_warnings++;
}

static void on_output_message(j_common_ptr cinfo) {
    (void) cinfo;  // never print: errors are returned
}

static struct jpeg_error_mgr *error_manager(ErrorManager *manager, char *error, size_t error_size) {
    jpeg_std_error(&manager->pub);
    manager->pub.error_exit = on_error_exit;
    manager->pub.emit_message = on_emit_message;
    manager->pub.output_message = on_output_message;
    manager->error = error;
    manager->error_size = error_size;
    manager->output = NULL;
    manager->output_size = 0;
    if (error && error_size > 0)
        error[0] = 0;
    return &manager->pub;
}

static void fail_with(char *error, size_t error_size, const char *text) {
    if (error && error_size > 0)
        snprintf(error, error_size, "%s", text);
}

static int looks_like_jpeg(const void *data, size_t length) {
    const uint8_t *bytes = data;
    return data && length >= 3 && bytes[0] == 0xFF && bytes[1] == 0xD8 && bytes[2] == 0xFF;
}

static unsigned read16(const uint8_t *p, int little) {
    return little ? (unsigned) p[0] | (unsigned) p[1] << 8 : (unsigned) p[0] << 8 | (unsigned) p[1];
}

static uint32_t read32(const uint8_t *p, int little) {
    return little ? (uint32_t) read16(p, 1) | (uint32_t) read16(p + 2, 1) << 16
                  : (uint32_t) read16(p, 0) << 16 | (uint32_t) read16(p + 2, 0);
}

// The Orientation tag (0x0112) of IFD0 in an APP1 "Exif" segment; every offset is checked
// against the segment, so a forged one reads as "no orientation".
static int exif_orientation(const uint8_t *segment, size_t length) {
    if (length < 6 + 8 || memcmp(segment, "Exif\0\0", 6) != 0)
        return 1;
    const uint8_t *tiff = segment + 6;
    const size_t size = length - 6;
    int little;
    if (tiff[0] == 'I' && tiff[1] == 'I')
        little = 1;
    else if (tiff[0] == 'M' && tiff[1] == 'M')
        little = 0;
    else
        return 1;
    if (read16(tiff + 2, little) != 42)
        return 1;
    const uint32_t ifd = read32(tiff + 4, little);
    if ((size_t) ifd + 2 > size)
        return 1;
    const unsigned entries = read16(tiff + ifd, little);
    for (unsigned i = 0; i < entries; i++) {
        const size_t entry = (size_t) ifd + 2 + (size_t) i * 12;
        if (entry + 12 > size)
            break;
        if (read16(tiff + entry, little) != 0x0112)
            continue;
        const unsigned type = read16(tiff + entry + 2, little);
        unsigned value = type == 3 ? read16(tiff + entry + 8, little)       // SHORT
                       : type == 4 ? (unsigned) read32(tiff + entry + 8, little)  // LONG
                       : 1;
        return value >= 1 && value <= 8 ? (int) value : 1;
    }
    return 1;
}

static int colour_of(J_COLOR_SPACE space) {
    switch (space) {
    case JCS_GRAYSCALE: return SG_JPEG_COLOUR_GREY;
    case JCS_YCbCr: return SG_JPEG_COLOUR_YCBCR;
    case JCS_RGB: return SG_JPEG_COLOUR_RGB;
    case JCS_CMYK: return SG_JPEG_COLOUR_CMYK;
    case JCS_YCCK: return SG_JPEG_COLOUR_YCCK;
    default: return SG_JPEG_COLOUR_OTHER;
    }
}

int sg_jpeg_probe(const void *data, size_t length, sg_jpeg_info *out, char *error, size_t error_size) {
    memset(out, 0, sizeof *out);
    if (!looks_like_jpeg(data, length)) {
        fail_with(error, error_size, "not a JPEG file");
        return SG_JPEG_NOT_JPEG;
    }
    struct jpeg_decompress_struct cinfo;
    ErrorManager manager;
    cinfo.err = error_manager(&manager, error, error_size);
    if (setjmp(manager.jump)) {
        jpeg_destroy_decompress(&cinfo);
        return SG_JPEG_FAILED;
    }
    jpeg_create_decompress(&cinfo);
    jpeg_mem_src(&cinfo, data, (unsigned long) length);
    jpeg_save_markers(&cinfo, JPEG_APP0 + 1, 0xFFFF);  // EXIF
    jpeg_save_markers(&cinfo, JPEG_APP0 + 2, 0xFFFF);  // ICC profile (and MPF)
    jpeg_read_header(&cinfo, TRUE);
    out->width = (int) cinfo.image_width;
    out->height = (int) cinfo.image_height;
    out->components = cinfo.num_components;
    out->colour = colour_of(cinfo.jpeg_color_space);
    out->progressive = cinfo.progressive_mode ? 1 : 0;
    out->orientation = 1;
    int seen_exif = 0;
    for (jpeg_saved_marker_ptr marker = cinfo.marker_list; marker; marker = marker->next) {
        if (marker->marker == JPEG_APP0 + 1 && !seen_exif && marker->data_length >= 6
            && memcmp(marker->data, "Exif\0\0", 6) == 0) {
            seen_exif = 1;
            out->orientation = exif_orientation(marker->data, marker->data_length);
        } else if (marker->marker == JPEG_APP0 + 2 && marker->data_length >= 12
                   && memcmp(marker->data, "ICC_PROFILE\0", 12) == 0) {
            out->has_icc_profile = 1;
        }
    }
    jpeg_destroy_decompress(&cinfo);
    return SG_JPEG_OK;
}

int sg_jpeg_decode_rgb(const void *data, size_t length, int scale_denominator,
                       uint8_t **pixels, int *width, int *height, char *error, size_t error_size) {
    *pixels = NULL;
    *width = *height = 0;
    if (!looks_like_jpeg(data, length)) {
        fail_with(error, error_size, "not a JPEG file");
        return SG_JPEG_NOT_JPEG;
    }
    if (scale_denominator != 1 && scale_denominator != 2 && scale_denominator != 4 && scale_denominator != 8) {
        fail_with(error, error_size, "scale must be 1, 2, 4 or 8");
        return SG_JPEG_FAILED;
    }
    struct jpeg_decompress_struct cinfo;
    ErrorManager manager;
    // Read after a longjmp: volatile, so that it is not kept in a register setjmp restored.
    uint8_t *volatile buffer = NULL;
    cinfo.err = error_manager(&manager, error, error_size);
    if (setjmp(manager.jump)) {
        jpeg_destroy_decompress(&cinfo);
        free(buffer);
        return SG_JPEG_FAILED;
    }
    jpeg_create_decompress(&cinfo);
    jpeg_mem_src(&cinfo, data, (unsigned long) length);
    jpeg_read_header(&cinfo, TRUE);
    if (cinfo.jpeg_color_space == JCS_CMYK || cinfo.jpeg_color_space == JCS_YCCK) {
        fail_with(error, error_size, "CMYK JPEGs need colour management");
        jpeg_destroy_decompress(&cinfo);
        return SG_JPEG_FAILED;
    }
    cinfo.out_color_space = JCS_RGB;
    cinfo.scale_num = 1;
    cinfo.scale_denom = (unsigned) scale_denominator;
    jpeg_start_decompress(&cinfo);
    const size_t line = (size_t) cinfo.output_width * 3;
    if (cinfo.output_components != 3 || line == 0 || cinfo.output_height == 0) {
        fail_with(error, error_size, "unexpected decoded layout");
        jpeg_destroy_decompress(&cinfo);
        return SG_JPEG_FAILED;
    }
    buffer = malloc(line * cinfo.output_height);
    if (!buffer) {
        fail_with(error, error_size, "out of memory");
        jpeg_destroy_decompress(&cinfo);
        return SG_JPEG_FAILED;
    }
    while (cinfo.output_scanline < cinfo.output_height) {
        JSAMPROW rows[16];
        const JDIMENSION first = cinfo.output_scanline;
        const JDIMENSION count = cinfo.output_height - first < 16 ? cinfo.output_height - first : 16;
        for (JDIMENSION i = 0; i < count; i++)
            rows[i] = buffer + (size_t) (first + i) * line;
        jpeg_read_scanlines(&cinfo, rows, count);
    }
    jpeg_finish_decompress(&cinfo);
    *width = (int) cinfo.output_width;
    *height = (int) cinfo.output_height;
    jpeg_destroy_decompress(&cinfo);
    *pixels = buffer;
    return SG_JPEG_OK;
}

// Reads decoded lines until the window holds input rows [.., until).
static void read_rows(struct jpeg_decompress_struct *cinfo, uint8_t *window, size_t line,
                      int window_top, int until) {
    while ((int) cinfo->output_scanline < until) {
        JSAMPROW rows[16];
        const int first = (int) cinfo->output_scanline;
        const int count = until - first < 16 ? until - first : 16;
        for (int i = 0; i < count; i++)
            rows[i] = window + (size_t) (first - window_top + i) * line;
        jpeg_read_scanlines(cinfo, rows, (JDIMENSION) count);
    }
}

int sg_jpeg_decode_fit_upright(const void *data, size_t length, int scale_denominator,
                               int fit_width, int fit_height, int orientation,
                               uint8_t **pixels, int *width, int *height, char *error, size_t error_size) {
    *pixels = NULL;
    *width = *height = 0;
    if (!looks_like_jpeg(data, length)) {
        fail_with(error, error_size, "not a JPEG file");
        return SG_JPEG_NOT_JPEG;
    }
    if ((scale_denominator != 1 && scale_denominator != 2 && scale_denominator != 4 && scale_denominator != 8)
        || fit_width <= 0 || fit_height <= 0) {
        fail_with(error, error_size, "bad scale or size");
        return SG_JPEG_FAILED;
    }
    if (orientation < 1 || orientation > 8)
        orientation = 1;
    struct jpeg_decompress_struct cinfo;
    ErrorManager manager;
    // Freed after a longjmp: volatile, so that setjmp's register restore cannot lose them.
    uint8_t *volatile result = NULL;
    uint8_t *volatile window = NULL;
    uint8_t *volatile strip = NULL;
    sg_px_resampler *volatile resampler = NULL;
    cinfo.err = error_manager(&manager, error, error_size);
    if (setjmp(manager.jump)) {
        jpeg_destroy_decompress(&cinfo);
        free(result);
        free(window);
        free(strip);
        sg_px_resampler_free(resampler);
        return SG_JPEG_FAILED;
    }
    jpeg_create_decompress(&cinfo);
    jpeg_mem_src(&cinfo, data, (unsigned long) length);
    jpeg_read_header(&cinfo, TRUE);
    if (cinfo.jpeg_color_space == JCS_CMYK || cinfo.jpeg_color_space == JCS_YCCK) {
        fail_with(error, error_size, "CMYK JPEGs need colour management");
        jpeg_destroy_decompress(&cinfo);
        return SG_JPEG_FAILED;
    }
    cinfo.out_color_space = JCS_RGB;
    cinfo.scale_num = 1;
    cinfo.scale_denom = (unsigned) scale_denominator;
    jpeg_start_decompress(&cinfo);
    const int in_width = (int) cinfo.output_width, in_height = (int) cinfo.output_height;
    if (cinfo.output_components != 3 || in_width <= 0 || in_height <= 0) {
        fail_with(error, error_size, "unexpected decoded layout");
        jpeg_destroy_decompress(&cinfo);
        return SG_JPEG_FAILED;
    }
    const int resizes = fit_width != in_width || fit_height != in_height;
    const size_t in_line = (size_t) in_width * 3, out_line = (size_t) fit_width * 3;
    const int swaps = orientation >= 5;
    // Output rows per step: the strip and its upright copy stay in cache. A sideways copy
    // writes `strip_height` pixels to each upright line per step, so it takes taller strips.
    const int strip_height = swaps ? 64 : 16;
    const size_t upright_line = (size_t) (swaps ? fit_height : fit_width) * 3;
    // The window holds the most input rows any output strip reads (or one strip, unresized).
    int capacity = strip_height;
    if (resizes) {
        resampler = sg_px_resampler_new(in_width, in_height, fit_width, fit_height, 3, SG_PX_KERNEL_CUBIC);
        if (!resampler) {
            fail_with(error, error_size, "out of memory");
            jpeg_destroy_decompress(&cinfo);
            return SG_JPEG_FAILED;
        }
        for (int top = 0; top < fit_height; top += strip_height) {
            int x0, y0, x1, y1;
            sg_px_resampler_needs(resampler, 0, fit_width, top, fit_height - top < strip_height ? fit_height - top : strip_height,
                                  &x0, &y0, &x1, &y1);
            capacity = y1 - y0 > capacity ? y1 - y0 : capacity;
        }
    }
    result = malloc(out_line * (size_t) fit_height);
    window = malloc(in_line * (size_t) capacity);
    strip = resizes ? malloc(out_line * strip_height) : NULL;
    if (!result || !window || (resizes && !strip)) {
        fail_with(error, error_size, "out of memory");
        longjmp(manager.jump, 1);
    }
    int window_top = 0;  // input row at the start of the window; rows up to output_scanline are in it
    for (int top = 0; top < fit_height; top += strip_height) {
        const int rows = fit_height - top < strip_height ? fit_height - top : strip_height;
        int y0 = top, y1 = top + rows;
        if (resizes) {
            int x0, x1;
            sg_px_resampler_needs(resampler, 0, fit_width, top, rows, &x0, &y0, &x1, &y1);
        }
        // Drop the rows no later strip reads (rows are needed in non-decreasing order).
        const int decoded = (int) cinfo.output_scanline;
        if (y0 > window_top) {
            if (decoded > y0) {
                memmove(window, window + (size_t) (y0 - window_top) * in_line, (size_t) (decoded - y0) * in_line);
            } else {
                while ((int) cinfo.output_scanline < y0) {  // rows no strip reads
                    JSAMPROW row = window;
                    jpeg_read_scanlines(&cinfo, &row, 1);
                }
            }
            window_top = y0;
        }
        read_rows(&cinfo, window, in_line, window_top, y1);
        const uint8_t *first = window + (size_t) (y0 - window_top) * in_line;
        if (resizes) {
            if (sg_px_resample(resampler, first, in_line, strip, out_line, 0, fit_width, top, rows)) {
                fail_with(error, error_size, "out of memory");
                longjmp(manager.jump, 1);
            }
            first = strip;
        }
        sg_px_place_upright(first, resizes ? out_line : in_line, top, rows, fit_width, fit_height, 3,
                            orientation, result, upright_line);
    }
    // Rows below the last strip's kernel (none for the cubic kernel) are decoded all the same:
    // libjpeg checks the rest of the data, so a truncated file still fails.
    while (cinfo.output_scanline < cinfo.output_height) {
        JSAMPROW row = window;
        jpeg_read_scanlines(&cinfo, &row, 1);
    }
    jpeg_finish_decompress(&cinfo);
    jpeg_destroy_decompress(&cinfo);
    free(window);
    free(strip);
    sg_px_resampler_free(resampler);
    *pixels = result;
    *width = swaps ? fit_height : fit_width;
    *height = swaps ? fit_width : fit_height;
    return SG_JPEG_OK;
}

int sg_jpeg_encode_rgb(const uint8_t *pixels, int width, int height, size_t stride, int quality,
                       uint8_t **data, size_t *length, char *error, size_t error_size) {
    *data = NULL;
    *length = 0;
    if (!pixels || width <= 0 || height <= 0 || stride < (size_t) width * 3) {
        fail_with(error, error_size, "bad image size");
        return SG_JPEG_FAILED;
    }
    struct jpeg_compress_struct cinfo;
    ErrorManager manager;
    cinfo.err = error_manager(&manager, error, error_size);
    if (setjmp(manager.jump)) {
        jpeg_destroy_compress(&cinfo);
        free(manager.output);
        return SG_JPEG_FAILED;
    }
    jpeg_create_compress(&cinfo);
    jpeg_mem_dest(&cinfo, &manager.output, &manager.output_size);
    cinfo.image_width = (JDIMENSION) width;
    cinfo.image_height = (JDIMENSION) height;
    cinfo.input_components = 3;
    cinfo.in_color_space = JCS_RGB;
    jpeg_set_defaults(&cinfo);  // YCbCr 4:2:0, baseline Huffman tables, JFIF header
    jpeg_set_quality(&cinfo, quality < 1 ? 1 : (quality > 100 ? 100 : quality), TRUE);
    jpeg_start_compress(&cinfo, TRUE);
    while (cinfo.next_scanline < cinfo.image_height) {
        JSAMPROW rows[16];
        const JDIMENSION first = cinfo.next_scanline;
        const JDIMENSION count = cinfo.image_height - first < 16 ? cinfo.image_height - first : 16;
        for (JDIMENSION i = 0; i < count; i++)
            rows[i] = (JSAMPROW) (pixels + (size_t) (first + i) * stride);
        jpeg_write_scanlines(&cinfo, rows, count);
    }
    jpeg_finish_compress(&cinfo);
    jpeg_destroy_compress(&cinfo);
    *data = manager.output;
    *length = manager.output_size;
    return SG_JPEG_OK;
}

void sg_jpeg_free(void *data) {
    free(data);
}
