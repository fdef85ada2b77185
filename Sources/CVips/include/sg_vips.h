// CVips: libvips for what only it does here: reading the formats libjpeg does not (a JPEG with
// an ICC profile or in CMYK, PNG, HEIC/AVIF, WebP, TIFF, GIF) into 8-bit sRGB, Pango's font
// fallback for captions, and encoding test fixtures. libvips is opened with dlopen on first use.
// Every `int` result is 0 on success; after a failure the reason is in libvips' error buffer,
// read (and cleared) once with sg_vips_error_take(). Returned buffers are freed with sg_vips_free().
#ifndef SG_VIPS_H
#define SG_VIPS_H

#include <stddef.h>
#include <stdint.h>

enum { SG_VIPS_OK = 0, SG_VIPS_FAILED = -1, SG_VIPS_UNKNOWN_FORMAT = -2 };

/// Loads and starts libvips once per process (operation cache off, untrusted loaders blocked).
int sg_vips_start(void);
/// 1 once libvips is in the process; never loads it.
int sg_vips_is_loaded(void);
/// Worker threads per image; before libvips is loaded, remembered for its start.
void sg_vips_set_concurrency(int concurrency);
/// The error buffer's text (malloc'd, caller frees), the buffer cleared.
char *sg_vips_error_take(void);
void sg_vips_free(void *data);
/// libvips objects alive now (leak checks).
int sg_vips_live_objects(void);
/// Frees libvips' state of a thread that ends.
void sg_vips_thread_shutdown(void);

typedef struct {
    int width, height, bands, page_count, orientation, has_alpha, has_icc_profile;
    char loader[48];  ///< libvips loader nickname, e.g. "jpegload_buffer"
} sg_vips_header;

/// Reads only the header of the bytes (`path` NULL) or of the file at `path`.
/// SG_VIPS_UNKNOWN_FORMAT when no loader recognises them.
int sg_vips_probe(const void *data, size_t length, const char *path, sg_vips_header *out);

/// Decodes the bytes (`path` NULL) or the file to interleaved 8-bit sRGB in the stored
/// orientation: alpha flattened on white, an embedded profile (CMYK too) applied, 16-bit and
/// grey converted; a JPEG at 1/`jpeg_shrink` size. Truncated data fails.
int sg_vips_decode_rgb(const void *data, size_t length, const char *path, int jpeg_shrink,
                       uint8_t **pixels, int *width, int *height);

/// Plain UTF-8 text (escaped, never markup) in the font file's family at `pixel_size` px as a
/// one-band coverage mask (vips_text: Pango with its font fallback); `max_width` > 0 wraps.
int sg_vips_text_mask(const char *text, const char *font_file, const char *font_family,
                      int pixel_size, int max_width, uint8_t **mask, int *width, int *height);

/// Test fixtures: pixels (`sixteen_bit` samples when 1) with libvips interpretation
/// `interpretation`, converted to `convert_to` (0: not) or into ICC `profile` (NULL: not),
/// tagged with `orientation` and `page_height` (0: not), saved as `suffix` (".png", ".jpg[Q=90]").
int sg_vips_encode_fixture(const void *pixels, int width, int height, int bands, int sixteen_bit,
                           int interpretation, int convert_to, const char *profile, int orientation,
                           int page_height, const char *suffix, void **data, size_t *length);

#endif
