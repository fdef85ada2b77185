// Decoding a region of a plain JPEG with libjpeg and CPixels alone: the whole photo fitted to a
// size (ingest), or its centre cut to cover a cell (collage and timeline tiles). Decoded at a
// DCT scale, only the columns of the region (jpeg_crop_scanline) and none of the rows above it
// (jpeg_skip_scanlines); resized strip by strip as rows arrive, each strip placed upright while
// it is in cache. Only a window of decoded rows is ever held.
#include <stdlib.h>
#include <string.h>
#include "sg_jpeg.h"
#include "sg_jpeg_errors.h"
#include "sg_pixels.h"

// `crop_width` 0 means the whole decoded image. `to_the_end` decodes the rows below the region
// too, so that a truncated file fails (ingest); tiles stop at the region's last row.
static int decode_region(const void *data, size_t length, int scale_denominator,
                         int crop_left, int crop_top, int crop_width, int crop_height,
                         int out_width, int out_height, int orientation, int to_the_end,
                         uint8_t **pixels, int *width, int *height, char *error, size_t error_size) {
    enum { MAX_STRIP = 64 };
    *pixels = NULL;
    *width = *height = 0;
    if (!sg_jpeg_looks_like_jpeg(data, length)) {
        sg_jpeg_fail_with(error, error_size, "not a JPEG file");
        return SG_JPEG_NOT_JPEG;
    }
    if ((scale_denominator != 1 && scale_denominator != 2 && scale_denominator != 4 && scale_denominator != 8)
        || crop_left < 0 || crop_top < 0 || crop_width < 0 || crop_height < 0 || out_width <= 0 || out_height <= 0) {
        sg_jpeg_fail_with(error, error_size, "bad scale, crop or size");
        return SG_JPEG_FAILED;
    }
    if (orientation < 1 || orientation > 8)
        orientation = 1;
    struct jpeg_decompress_struct cinfo;
    sg_jpeg_errors errors;
    cinfo.err = sg_jpeg_errors_init(&errors, error, error_size);
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
        sg_jpeg_fail_with(error, error_size, "CMYK JPEGs need colour management");
        longjmp(errors.jump, 1);
    }
    cinfo.out_color_space = JCS_RGB;
    cinfo.scale_num = 1;
    cinfo.scale_denom = (unsigned) scale_denominator;
    jpeg_start_decompress(&cinfo);
    if (crop_width == 0 || crop_height == 0) {
        crop_width = (int) cinfo.output_width;
        crop_height = (int) cinfo.output_height;
    }
    if (cinfo.output_components != 3 || crop_left + crop_width > (int) cinfo.output_width
        || crop_top + crop_height > (int) cinfo.output_height) {
        sg_jpeg_fail_with(error, error_size, "the crop is outside the decoded image");
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
    // Output rows per step: the strip and its upright copy stay in cache. A sideways copy
    // writes a strip's height of pixels to each upright line per step, so it takes taller strips.
    const int strip_height = swaps ? MAX_STRIP : 16;
    const size_t upright_line = (size_t) (swaps ? out_height : out_width) * 3;
    int capacity = strip_height;
    if (resizes) {
        resampler = sg_px_resampler_new(crop_width, crop_height, out_width, out_height, 3, SG_PX_KERNEL_CUBIC);
        if (!resampler) {
            sg_jpeg_fail_with(error, error_size, "out of memory");
            longjmp(errors.jump, 1);
        }
        for (int top = 0; top < out_height; top += strip_height) {
            int x0, y0, x1, y1;
            sg_px_resampler_needs(resampler, 0, out_width, top, out_height - top < strip_height ? out_height - top : strip_height,
                                  &x0, &y0, &x1, &y1);
            capacity = y1 - y0 > capacity ? y1 - y0 : capacity;
        }
    }
    result = malloc(out_line * (size_t) out_height);
    window = malloc(in_line * (size_t) capacity);
    strip = resizes ? malloc(out_line * strip_height) : NULL;
    if (!result || !window || (resizes && !strip)) {
        sg_jpeg_fail_with(error, error_size, "out of memory");
        longjmp(errors.jump, 1);
    }
    // Rows are counted from the crop's top; `decoded` rows of it have been read so far, the
    // window holds rows [window_top, decoded).
    if (crop_top > 0)
        jpeg_skip_scanlines(&cinfo, (JDIMENSION) crop_top);
    int window_top = 0;
    for (int top = 0; top < out_height; top += strip_height) {
        const int rows = out_height - top < strip_height ? out_height - top : strip_height;
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
            JSAMPROW lines[MAX_STRIP];
            const int first = (int) cinfo.output_scanline - crop_top;
            const int count = y1 - first < strip_height ? y1 - first : strip_height;
            for (int i = 0; i < count; i++)
                lines[i] = window + (size_t) (first - window_top + i) * in_line;
            jpeg_read_scanlines(&cinfo, lines, (JDIMENSION) count);
        }
        const uint8_t *first = window + (size_t) (y0 - window_top) * in_line + (size_t) (inner + x0) * 3;
        size_t first_line = in_line;
        if (resizes) {
            if (sg_px_resample(resampler, first, in_line, strip, out_line, 0, out_width, top, rows)) {
                sg_jpeg_fail_with(error, error_size, "out of memory");
                longjmp(errors.jump, 1);
            }
            first = strip;
            first_line = out_line;
        }
        sg_px_place_upright(first, first_line, top, rows, out_width, out_height, 3, orientation, result, upright_line);
    }
    if (to_the_end) {
        // The rest is decoded all the same: libjpeg checks it, so a truncated file still fails.
        while (cinfo.output_scanline < cinfo.output_height) {
            JSAMPROW line = window;
            jpeg_read_scanlines(&cinfo, &line, 1);
        }
        jpeg_finish_decompress(&cinfo);
    } else {
        jpeg_abort_decompress(&cinfo);  // the rows below the crop are never decoded
    }
    jpeg_destroy_decompress(&cinfo);
    free(window);
    free(strip);
    sg_px_resampler_free(resampler);
    *pixels = result;
    *width = swaps ? out_height : out_width;
    *height = swaps ? out_width : out_height;
    return SG_JPEG_OK;
}

int sg_jpeg_decode_cover_upright(const void *data, size_t length, int scale_denominator,
                                 int crop_left, int crop_top, int crop_width, int crop_height,
                                 int out_width, int out_height, int orientation,
                                 uint8_t **pixels, int *width, int *height, char *error, size_t error_size) {
    if (crop_width <= 0 || crop_height <= 0) {
        *pixels = NULL;
        *width = *height = 0;
        sg_jpeg_fail_with(error, error_size, "bad scale, crop or size");
        return SG_JPEG_FAILED;
    }
    return decode_region(data, length, scale_denominator, crop_left, crop_top, crop_width, crop_height,
                         out_width, out_height, orientation, 0, pixels, width, height, error, error_size);
}

int sg_jpeg_decode_fit_upright(const void *data, size_t length, int scale_denominator,
                               int fit_width, int fit_height, int orientation,
                               uint8_t **pixels, int *width, int *height, char *error, size_t error_size) {
    return decode_region(data, length, scale_denominator, 0, 0, 0, 0, fit_width, fit_height, orientation, 1,
                         pixels, width, height, error, error_size);
}
