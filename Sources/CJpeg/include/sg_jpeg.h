// CJpeg: libjpeg(-turbo) called directly for the most common photo, a baseline JPEG without a
// colour profile. Decoding from one memory buffer keeps libjpeg on its fast Huffman path
// (libvips feeds it 4 KB at a time), and a photo that needs nothing else never loads libvips.
// Conventions: every `int` result is 0 on success; on failure a sentence is written to `error`
// (`error_size` bytes, always terminated) and nothing leaks. Buffers returned through
// `uint8_t **` are freed with free().
#ifndef SG_JPEG_H
#define SG_JPEG_H

#include <stddef.h>
#include <stdint.h>

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
} sg_jpeg_info;

/// Reads the frame header: no pixels are decoded (the metadata is read in Swift, JPEGMetadata).
int sg_jpeg_probe(const void *data, size_t length, sg_jpeg_info *out, char *error, size_t error_size);

typedef struct {
    int left, top, width, height;
} sg_jpeg_crop;

/// A decode in progress, handing out rows top to bottom.
typedef struct sg_jpeg_reader sg_jpeg_reader;

/// Starts decoding to 8-bit RGB (grey expanded) at `scale_eighths`/8 size (1...8), only `crop`
/// of the decoded image when it is not NULL: the crop's iMCU columns, no row above it.
/// `*width` x `*height` is the crop's size. Free the reader with sg_jpeg_reader_free.
int sg_jpeg_reader_open(const void *data, size_t length, int scale_eighths, const sg_jpeg_crop *crop,
                        sg_jpeg_reader **reader, int *width, int *height, char *error, size_t error_size);
/// The next `rows` rows of the crop into `pixels`, lines `stride` bytes apart.
int sg_jpeg_reader_read(sg_jpeg_reader *reader, uint8_t *pixels, size_t stride, int rows, char *error,
                        size_t error_size);
/// Decodes the rows below the crop too (never kept), so that a truncated file fails.
int sg_jpeg_reader_finish(sg_jpeg_reader *reader, char *error, size_t error_size);
void sg_jpeg_reader_free(sg_jpeg_reader *reader);

/// Encodes interleaved 8-bit RGB (lines `stride` bytes apart) as a baseline JPEG with 4:2:0
/// chroma and no metadata at all (only the JFIF header).
int sg_jpeg_encode_rgb(const uint8_t *pixels, int width, int height, size_t stride, int quality,
                       uint8_t **data, size_t *length, char *error, size_t error_size);

#endif
