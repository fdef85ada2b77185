// Decoding a plain JPEG (not CMYK) to 8-bit RGB with libjpeg, a few rows at a time: at a DCT
// scale of M/8, only the crop's iMCU columns (jpeg_crop_scanline), none of the rows above it
// (jpeg_skip_scanlines). The caller consumes rows as they come, so the whole decoded image
// never has to be held.
#include <stdlib.h>
#include <string.h>
#include "sg_jpeg.h"
#include "sg_jpeg_errors.h"

struct sg_jpeg_reader {
    struct jpeg_decompress_struct cinfo;
    sg_jpeg_errors errors;
    int inner;         ///< the crop's first column within a decoded line
    int width, rows_left;
    uint8_t *scratch;  ///< one decoded line, when lines are wider than the crop
};

// Everything after jpeg_read_header, run under the caller's setjmp.
static void start(sg_jpeg_reader *r, int scale_eighths, const sg_jpeg_crop *crop) {
    struct jpeg_decompress_struct *cinfo = &r->cinfo;
    if (cinfo->jpeg_color_space == JCS_CMYK || cinfo->jpeg_color_space == JCS_YCCK)
        sg_jpeg_fail(&r->errors, "CMYK JPEGs need colour management");
    cinfo->out_color_space = JCS_RGB;
    cinfo->scale_num = (unsigned) scale_eighths;
    cinfo->scale_denom = 8;
    cinfo->do_block_smoothing = FALSE;  // a finished progressive file has every coefficient
    jpeg_start_decompress(cinfo);
    sg_jpeg_crop whole = { 0, 0, (int) cinfo->output_width, (int) cinfo->output_height };
    sg_jpeg_crop c = crop ? *crop : whole;
    if (c.left < 0 || c.top < 0 || c.width <= 0 || c.height <= 0 || c.left + c.width > whole.width
        || c.top + c.height > whole.height || cinfo->output_components != 3)
        sg_jpeg_fail(&r->errors, "the crop is outside the decoded image");
    if (c.width < whole.width) {  // decoded lines then start at `xoffset`, at or left of the crop
        JDIMENSION xoffset = (JDIMENSION) c.left, columns = (JDIMENSION) c.width;
        jpeg_crop_scanline(cinfo, &xoffset, &columns);
        r->inner = c.left - (int) xoffset;
    }
    if (c.top > 0)
        jpeg_skip_scanlines(cinfo, (JDIMENSION) c.top);
    r->width = c.width;
    r->rows_left = c.height;
    if (r->inner > 0 || cinfo->output_width != (JDIMENSION) c.width) {
        r->scratch = malloc((size_t) cinfo->output_width * 3);
        if (!r->scratch)
            sg_jpeg_fail(&r->errors, "out of memory");
    }
}

int sg_jpeg_reader_open(const void *data, size_t length, int scale_eighths, const sg_jpeg_crop *crop,
                        sg_jpeg_reader **reader, int *width, int *height, char *error, size_t error_size) {
    *reader = NULL;
    if (!sg_jpeg_looks_like_jpeg(data, length))
        return sg_jpeg_fail_with(error, error_size, "not a JPEG file"), SG_JPEG_NOT_JPEG;
    if (scale_eighths < 1 || scale_eighths > 8)
        return sg_jpeg_fail_with(error, error_size, "bad scale"), SG_JPEG_FAILED;
    sg_jpeg_reader *r = calloc(1, sizeof *r);
    if (!r)
        return sg_jpeg_fail_with(error, error_size, "out of memory"), SG_JPEG_FAILED;
    r->cinfo.err = sg_jpeg_errors_init(&r->errors, error, error_size);
    if (setjmp(r->errors.jump)) {
        sg_jpeg_reader_free(r);
        return SG_JPEG_FAILED;
    }
    jpeg_create_decompress(&r->cinfo);
    jpeg_mem_src(&r->cinfo, data, (unsigned long) length);
    jpeg_read_header(&r->cinfo, TRUE);
    start(r, scale_eighths, crop);
    *reader = r;
    *width = r->width;
    *height = r->rows_left;
    return SG_JPEG_OK;
}

int sg_jpeg_reader_read(sg_jpeg_reader *r, uint8_t *pixels, size_t stride, int rows, char *error, size_t error_size) {
    sg_jpeg_errors_init(&r->errors, error, error_size);
    if (setjmp(r->errors.jump))
        return SG_JPEG_FAILED;
    if (rows < 0 || rows > r->rows_left)
        sg_jpeg_fail(&r->errors, "read past the last row");
    for (int y = 0; y < rows; y++, r->rows_left--) {
        JSAMPROW row = r->scratch ? r->scratch : pixels + (size_t) y * stride;
        jpeg_read_scanlines(&r->cinfo, &row, 1);
        if (r->scratch)
            memcpy(pixels + (size_t) y * stride, r->scratch + (size_t) r->inner * 3, (size_t) r->width * 3);
    }
    return SG_JPEG_OK;
}

int sg_jpeg_reader_finish(sg_jpeg_reader *r, char *error, size_t error_size) {
    sg_jpeg_errors_init(&r->errors, error, error_size);
    if (setjmp(r->errors.jump))
        return SG_JPEG_FAILED;
    uint8_t *line = r->scratch ? r->scratch : malloc((size_t) r->cinfo.output_width * 3);
    if (!line)
        sg_jpeg_fail(&r->errors, "out of memory");
    r->scratch = line;
    while (r->cinfo.output_scanline < r->cinfo.output_height)
        jpeg_read_scanlines(&r->cinfo, &line, 1);
    jpeg_finish_decompress(&r->cinfo);
    return SG_JPEG_OK;
}

void sg_jpeg_reader_free(sg_jpeg_reader *r) {
    if (!r)
        return;
    jpeg_destroy_decompress(&r->cinfo);
    free(r->scratch);
    free(r);
}
