// CJpeg: libjpeg(-turbo) called directly for the most common photo, a baseline JPEG without a
// colour profile. Decoding from one memory buffer keeps libjpeg on its fast Huffman path
// (libvips feeds it 4 KB at a time), and a photo that needs nothing else never loads libvips.
// Conventions: every `int` result is 0 on success; on failure a sentence is written to `error`
// (`error_size` bytes, always terminated) and nothing leaks. Buffers returned through
// `uint8_t **` are freed with sg_jpeg_free().
#ifndef SG_JPEG_H
#define SG_JPEG_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

enum {
    SG_JPEG_OK = 0,
    SG_JPEG_FAILED = -1,
    /// The bytes do not start like a JPEG file.
    SG_JPEG_NOT_JPEG = -2,
};

enum {
    SG_JPEG_COLOUR_OTHER = 0,
    SG_JPEG_COLOUR_GREY = 1,
    SG_JPEG_COLOUR_YCBCR = 2,
    SG_JPEG_COLOUR_RGB = 3,
    SG_JPEG_COLOUR_CMYK = 4,
    SG_JPEG_COLOUR_YCCK = 5,
};

typedef struct {
    int width;
    int height;
    int components;
    int colour;           ///< SG_JPEG_COLOUR_*
    int progressive;
    int has_icc_profile;
    int orientation;      ///< EXIF orientation 1...8; 1 when absent or unreadable
} sg_jpeg_info;

/// Reads the markers up to the first scan: no pixels are decoded.
int sg_jpeg_probe(const void *data, size_t length, sg_jpeg_info *out, char *error, size_t error_size);

typedef struct {
    int left, top, width, height;
} sg_jpeg_crop;

/// Decodes to 8-bit RGB (grey expanded) at `scale_eighths`/8 size (1...8), only `crop` of the
/// decoded image when it is not NULL: the crop's iMCU columns, no row above it. With
/// `to_the_end` the rows below it are decoded too, so that a truncated file fails; otherwise
/// they never are. `*width` x `*height` is the crop's size.
int sg_jpeg_decode(const void *data, size_t length, int scale_eighths, const sg_jpeg_crop *crop, int to_the_end,
                   uint8_t **pixels, int *width, int *height, char *error, size_t error_size);

/// Encodes interleaved 8-bit RGB (lines `stride` bytes apart) as a baseline JPEG with 4:2:0
/// chroma and no metadata at all (only the JFIF header).
int sg_jpeg_encode_rgb(const uint8_t *pixels, int width, int height, size_t stride, int quality,
                       uint8_t **data, size_t *length, char *error, size_t error_size);

void sg_jpeg_free(void *data);

#ifdef __cplusplus
}
#endif

#endif
