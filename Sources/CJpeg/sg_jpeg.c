// libjpeg behind plain C calls that never print and never exit (see sg_jpeg.h).
#include <stdlib.h>
#include <string.h>
#include "sg_jpeg.h"
#include "sg_jpeg_errors.h"

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

void sg_jpeg_free(void *data) {
    free(data);
}
