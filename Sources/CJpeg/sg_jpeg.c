// libjpeg behind plain C calls that never print and never exit (see sg_jpeg.h).
#include <stdlib.h>
#include <string.h>
#include "sg_jpeg.h"
#include "sg_jpeg_errors.h"

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
    if (!sg_jpeg_looks_like_jpeg(data, length)) {
        sg_jpeg_fail_with(error, error_size, "not a JPEG file");
        return SG_JPEG_NOT_JPEG;
    }
    struct jpeg_decompress_struct cinfo;
    sg_jpeg_errors manager;
    cinfo.err = sg_jpeg_errors_init(&manager, error, error_size);
    if (setjmp(manager.jump)) {
        jpeg_destroy_decompress(&cinfo);
        return SG_JPEG_FAILED;
    }
    jpeg_create_decompress(&cinfo);
    jpeg_mem_src(&cinfo, data, (unsigned long) length);
    jpeg_read_header(&cinfo, TRUE);
    out->width = (int) cinfo.image_width;
    out->height = (int) cinfo.image_height;
    out->components = cinfo.num_components;
    out->colour = colour_of(cinfo.jpeg_color_space);
    out->progressive = cinfo.progressive_mode ? 1 : 0;
    jpeg_destroy_decompress(&cinfo);
    return SG_JPEG_OK;
}

int sg_jpeg_encode_rgb(const uint8_t *pixels, int width, int height, size_t stride, int quality,
                       uint8_t **data, size_t *length, char *error, size_t error_size) {
    *data = NULL;
    *length = 0;
    if (!pixels || width <= 0 || height <= 0 || stride < (size_t) width * 3) {
        sg_jpeg_fail_with(error, error_size, "bad image size");
        return SG_JPEG_FAILED;
    }
    struct jpeg_compress_struct cinfo;
    sg_jpeg_errors manager;
    cinfo.err = sg_jpeg_errors_init(&manager, error, error_size);
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
