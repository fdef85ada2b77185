// The centre of a plain JPEG cut to cover a cell (collage and timeline tiles), with libjpeg
// and CPixels alone: decoded at a DCT scale, only the columns of the crop (jpeg_crop_scanline)
// and none of the rows above it (jpeg_skip_scanlines) or below it (the decode is abandoned
// there), resized strip by strip and placed upright.
#include <setjmp.h>
#include <stdio.h>  // jpeglib.h needs FILE
#include <stdlib.h>
#include <string.h>
#include <jpeglib.h>
#include <jerror.h>
#include "sg_jpeg.h"
#include "sg_pixels.h"

// libjpeg's fatal errors (and a truncated file, which it only warns about) jump back here; the
// same policy as sg_jpeg.c, whose error manager is private to that file.
typedef struct {
    struct jpeg_error_mgr pub;
    jmp_buf jump;
    char *error;
    size_t error_size;
} CoverErrors;

static void cover_remember(j_common_ptr cinfo) {
    CoverErrors *errors = (CoverErrors *) cinfo->err;
    if (errors->error && errors->error_size > 0) {
        char text[JMSG_LENGTH_MAX];
        cinfo->err->format_message(cinfo, text);
        snprintf(errors->error, errors->error_size, "%s", text);
    }
}

static void cover_error_exit(j_common_ptr cinfo) {
    cover_remember(cinfo);
    longjmp(((CoverErrors *) cinfo->err)->jump, 1);
}

static void cover_emit_message(j_common_ptr cinfo, int level) {
    if (level >= 0)
        return;
    if (cinfo->err->msg_code == JWRN_JPEG_EOF) {
        cover_remember(cinfo);
        longjmp(((CoverErrors *) cinfo->err)->jump, 1);
    }
    cinfo->err->num_warnings++;
}

static void cover_output_message(j_common_ptr cinfo) {
    (void) cinfo;
}

static void cover_fail(char *error, size_t error_size, const char *text) {
    if (error && error_size > 0)
        snprintf(error, error_size, "%s", text);
}

int sg_jpeg_decode_cover_upright(const void *data, size_t length, int scale_denominator,
                                 int crop_left, int crop_top, int crop_width, int crop_height,
                                 int out_width, int out_height, int orientation,
                                 uint8_t **pixels, int *width, int *height, char *error, size_t error_size) {
    enum { STRIP = 16 };  // output rows per step: the strip, and its upright copy, stay in cache
    *pixels = NULL;
    *width = *height = 0;
    if (error && error_size > 0)
        error[0] = 0;
    const uint8_t *bytes = data;
    if (!data || length < 3 || bytes[0] != 0xFF || bytes[1] != 0xD8 || bytes[2] != 0xFF) {
        cover_fail(error, error_size, "not a JPEG file");
        return SG_JPEG_NOT_JPEG;
    }
    if ((scale_denominator != 1 && scale_denominator != 2 && scale_denominator != 4 && scale_denominator != 8)
        || crop_left < 0 || crop_top < 0 || crop_width <= 0 || crop_height <= 0 || out_width <= 0 || out_height <= 0) {
        cover_fail(error, error_size, "bad scale, crop or size");
        return SG_JPEG_FAILED;
    }
    if (orientation < 1 || orientation > 8)
        orientation = 1;
    struct jpeg_decompress_struct cinfo;
    CoverErrors errors;
    jpeg_std_error(&errors.pub);
    errors.pub.error_exit = cover_error_exit;
    errors.pub.emit_message = cover_emit_message;
    errors.pub.output_message = cover_output_message;
    errors.error = error;
    errors.error_size = error_size;
    cinfo.err = &errors.pub;
    // Freed after a longjmp: volatile, so that setjmp's register restore cannot lose them.
    uint8_t *volatile result = NULL;
    uint8_t *volatile window = NULL;
    uint8_t *volatile strip = NULL;
    sg_px_resampler *volatile resampler = NULL;
    if (setjmp(errors.jump)) {
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
        cover_fail(error, error_size, "CMYK JPEGs need colour management");
        longjmp(errors.jump, 1);
    }
    cinfo.out_color_space = JCS_RGB;
    cinfo.scale_num = 1;
    cinfo.scale_denom = (unsigned) scale_denominator;
    jpeg_start_decompress(&cinfo);
    if (cinfo.output_components != 3 || crop_left + crop_width > (int) cinfo.output_width
        || crop_top + crop_height > (int) cinfo.output_height) {
        cover_fail(error, error_size, "the crop is outside the decoded image");
        longjmp(errors.jump, 1);
    }
    // Only the iMCU columns holding the crop are decoded; the decoded lines start at `xoffset`
    // (at or left of the crop) and are output_width wide.
    int inner = 0;
    if (crop_width < (int) cinfo.output_width) {
        JDIMENSION xoffset = (JDIMENSION) crop_left, columns = (JDIMENSION) crop_width;
        jpeg_crop_scanline(&cinfo, &xoffset, &columns);
        inner = crop_left - (int) xoffset;
    }
    const size_t in_line = (size_t) cinfo.output_width * 3, out_line = (size_t) out_width * 3;
    const int resizes = out_width != crop_width || out_height != crop_height;
    const int swaps = orientation >= 5;
    const size_t upright_line = (size_t) (swaps ? out_height : out_width) * 3;
    int capacity = STRIP;
    if (resizes) {
        resampler = sg_px_resampler_new(crop_width, crop_height, out_width, out_height, 3, SG_PX_KERNEL_CUBIC);
        if (!resampler) {
            cover_fail(error, error_size, "out of memory");
            longjmp(errors.jump, 1);
        }
        for (int top = 0; top < out_height; top += STRIP) {
            int x0, y0, x1, y1;
            sg_px_resampler_needs(resampler, 0, out_width, top, out_height - top < STRIP ? out_height - top : STRIP,
                                  &x0, &y0, &x1, &y1);
            capacity = y1 - y0 > capacity ? y1 - y0 : capacity;
        }
    }
    result = malloc(out_line * (size_t) out_height);
    window = malloc(in_line * (size_t) capacity);
    strip = resizes ? malloc(out_line * STRIP) : NULL;
    if (!result || !window || (resizes && !strip)) {
        cover_fail(error, error_size, "out of memory");
        longjmp(errors.jump, 1);
    }
    // Rows are counted from the crop's top; `decoded` rows of it have been read so far, the
    // window holds rows [window_top, decoded).
    if (crop_top > 0)
        jpeg_skip_scanlines(&cinfo, (JDIMENSION) crop_top);
    int window_top = 0;
    for (int top = 0; top < out_height; top += STRIP) {
        const int rows = out_height - top < STRIP ? out_height - top : STRIP;
        int x0 = 0, y0 = top, x1 = out_width, y1 = top + rows;
        if (resizes)
            sg_px_resampler_needs(resampler, 0, out_width, top, rows, &x0, &y0, &x1, &y1);
        const int decoded = (int) cinfo.output_scanline - crop_top;
        if (y0 > window_top) {  // drop the rows no later strip reads
            if (decoded > y0)
                memmove(window, window + (size_t) (y0 - window_top) * in_line, (size_t) (decoded - y0) * in_line);
            else if (decoded < y0)
                jpeg_skip_scanlines(&cinfo, (JDIMENSION) (y0 - decoded));
            window_top = y0;
        }
        while ((int) cinfo.output_scanline - crop_top < y1) {
            JSAMPROW lines[STRIP];
            const int first = (int) cinfo.output_scanline - crop_top;
            const int count = y1 - first < STRIP ? y1 - first : STRIP;
            for (int i = 0; i < count; i++)
                lines[i] = window + (size_t) (first - window_top + i) * in_line;
            jpeg_read_scanlines(&cinfo, lines, (JDIMENSION) count);
        }
        const uint8_t *first = window + (size_t) (y0 - window_top) * in_line + (size_t) (inner + x0) * 3;
        size_t first_line = in_line;
        if (resizes) {
            if (sg_px_resample(resampler, first, in_line, strip, out_line, 0, out_width, top, rows)) {
                cover_fail(error, error_size, "out of memory");
                longjmp(errors.jump, 1);
            }
            first = strip;
            first_line = out_line;
        }
        sg_px_place_upright(first, first_line, top, rows, out_width, out_height, 3, orientation, result, upright_line);
    }
    // The rows below the crop are never decoded.
    jpeg_abort_decompress(&cinfo);
    jpeg_destroy_decompress(&cinfo);
    free(window);
    free(strip);
    sg_px_resampler_free(resampler);
    *pixels = result;
    *width = swaps ? out_height : out_width;
    *height = swaps ? out_width : out_height;
    return SG_JPEG_OK;
}
