// Decoding a plain JPEG (not CMYK) to 8-bit RGB with libjpeg: at a DCT scale of M/8, only the
// crop's iMCU columns (jpeg_crop_scanline), none of the rows above it (jpeg_skip_scanlines).
#include <stdlib.h>
#include <string.h>
#include "sg_jpeg.h"
#include "sg_jpeg_errors.h"

// Reads the crop's rows into `pixels` (`width` pixels a line, starting `inner` pixels into each
// decoded line), then, with `to_the_end`, the rows below it too, so that a truncated file
// fails; otherwise they are never decoded. `scratch` holds one decoded line.
static void read_rows(struct jpeg_decompress_struct *cinfo, uint8_t *pixels, int inner, int top, int width,
                      int height, uint8_t *scratch, int to_the_end) {
    const size_t line = (size_t) width * 3;
    const int direct = inner == 0 && cinfo->output_width == (JDIMENSION) width;
    if (top > 0)
        jpeg_skip_scanlines(cinfo, (JDIMENSION) top);
    for (int y = 0; y < height; y++) {
        JSAMPROW row = direct ? pixels + (size_t) y * line : scratch;
        jpeg_read_scanlines(cinfo, &row, 1);
        if (!direct)
            memcpy(pixels + (size_t) y * line, scratch + (size_t) inner * 3, line);
    }
    while (to_the_end && cinfo->output_scanline < cinfo->output_height)
        jpeg_read_scanlines(cinfo, &scratch, 1);
    if (to_the_end)
        jpeg_finish_decompress(cinfo);
    else
        jpeg_abort_decompress(cinfo);
}

int sg_jpeg_decode(const void *data, size_t length, int scale_eighths, const sg_jpeg_crop *crop,
                   int to_the_end, uint8_t **pixels, int *width, int *height, char *error, size_t error_size) {
    *pixels = NULL;
    *width = *height = 0;
    if (!sg_jpeg_looks_like_jpeg(data, length))
        return sg_jpeg_fail_with(error, error_size, "not a JPEG file"), SG_JPEG_NOT_JPEG;
    if (scale_eighths < 1 || scale_eighths > 8)
        return sg_jpeg_fail_with(error, error_size, "bad scale"), SG_JPEG_FAILED;
    struct jpeg_decompress_struct cinfo;
    sg_jpeg_errors errors;
    cinfo.err = sg_jpeg_errors_init(&errors, error, error_size);
    uint8_t *volatile result = NULL, *volatile scratch = NULL;  // freed after a longjmp
    if (setjmp(errors.jump)) {
        jpeg_destroy_decompress(&cinfo);
        free(result);
        free(scratch);
        return SG_JPEG_FAILED;
    }
    jpeg_create_decompress(&cinfo);
    jpeg_mem_src(&cinfo, data, (unsigned long) length);
    jpeg_read_header(&cinfo, TRUE);
    if (cinfo.jpeg_color_space == JCS_CMYK || cinfo.jpeg_color_space == JCS_YCCK)
        sg_jpeg_fail(&errors, "CMYK JPEGs need colour management");
    cinfo.out_color_space = JCS_RGB;
    cinfo.scale_num = (unsigned) scale_eighths;
    cinfo.scale_denom = 8;
    cinfo.do_block_smoothing = FALSE;  // a finished progressive file has every coefficient
    jpeg_start_decompress(&cinfo);
    sg_jpeg_crop whole = { 0, 0, (int) cinfo.output_width, (int) cinfo.output_height };
    sg_jpeg_crop c = crop ? *crop : whole;
    if (c.left < 0 || c.top < 0 || c.width <= 0 || c.height <= 0 || c.left + c.width > whole.width
        || c.top + c.height > whole.height || cinfo.output_components != 3)
        sg_jpeg_fail(&errors, "the crop is outside the decoded image");
    int inner = 0;
    if (c.width < whole.width) {  // decoded lines then start at `xoffset`, at or left of the crop
        JDIMENSION xoffset = (JDIMENSION) c.left, columns = (JDIMENSION) c.width;
        jpeg_crop_scanline(&cinfo, &xoffset, &columns);
        inner = c.left - (int) xoffset;
    }
    result = malloc((size_t) c.width * c.height * 3);
    scratch = malloc((size_t) cinfo.output_width * 3);
    if (!result || !scratch)
        sg_jpeg_fail(&errors, "out of memory");
    read_rows(&cinfo, result, inner, c.top, c.width, c.height, scratch, to_the_end);
    jpeg_destroy_decompress(&cinfo);
    free(scratch);
    *pixels = result;
    *width = c.width;
    *height = c.height;
    return SG_JPEG_OK;
}
