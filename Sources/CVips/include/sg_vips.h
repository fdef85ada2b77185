// CVips: the few libvips calls Sogreto needs, as plain non-variadic C functions.
//
// Swift cannot call libvips' variadic API (vips_thumbnail(..., NULL)), and glib's headers are
// noisy in Swift, so this header exposes only opaque handles and plain types. Conventions:
// - every `int` result is 0 on success and non-zero on failure; after a failure the reason is in
//   libvips' error buffer, which the caller reads (and clears) once with sg_vips_error_take();
// - every `sg_vips_image **out` receives a new reference the caller releases with
//   sg_vips_image_unref(); on failure *out is left NULL and nothing leaks;
// - byte buffers returned through `void **data` are freed with sg_vips_free().
#ifndef SG_VIPS_H
#define SG_VIPS_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// An opaque libvips image (a VipsImage GObject).
typedef struct _VipsImage sg_vips_image;

enum {
    SG_VIPS_OK = 0,
    SG_VIPS_FAILED = -1,
    /// The bytes are not in any format libvips can load.
    SG_VIPS_UNKNOWN_FORMAT = -2,
};

// ---- runtime -------------------------------------------------------------------------------

/// Loads libvips (dlopen, see sg_vips_dl.h) and starts it once per process (later calls are
/// no-ops); turns off the operation cache and blocks loaders libvips marks as untrusted.
/// `concurrency` = worker threads per pipeline. Every function below that takes or makes an
/// image needs a successful start first; the runtime ones (free, unref, error_take,
/// live_objects, thread_shutdown, set_concurrency) are safe at any time.
int sg_vips_start(int concurrency);
/// 1 once libvips is loaded into the process; never loads it.
int sg_vips_is_loaded(void);
/// Sets the worker threads per pipeline; before libvips is loaded, remembers it for start-up.
void sg_vips_set_concurrency(int concurrency);
/// Loads libvips' optional HEIF module, which start-up skips to start faster and smaller.
/// Returns 1 when this call loaded it (so a failed lookup is worth retrying), 0 otherwise.
int sg_vips_load_modules(void);
/// Takes the text of libvips' error buffer (malloc'd, caller free()s) and clears the buffer.
char *sg_vips_error_take(void);
/// Frees memory that a sg_vips function returned (glib-allocated).
void sg_vips_free(void *data);
/// Releases one reference to an image.
void sg_vips_image_unref(sg_vips_image *image);
/// Number of libvips objects alive in the process (for leak checks).
int sg_vips_live_objects(void);
/// Frees libvips' per-thread state; call when a thread that used libvips ends.
void sg_vips_thread_shutdown(void);
/// Lowers the calling thread's scheduling priority by `niceness` (Linux: per thread; threads it
/// starts inherit it). Returns 0 on success.
int sg_vips_thread_lower_priority(int niceness);
/// Fixes glibc's mmap threshold at `bytes` (no adaptive growth); a no-op elsewhere.
void sg_vips_fix_mmap_threshold(int bytes);

// ---- probing and loading ----------------------------------------------------------------------

typedef struct {
    int width;
    int height;
    int bands;
    int band_format;     ///< VipsBandFormat: 0 uchar, 2 ushort, ...
    int interpretation;  ///< VipsInterpretation
    int page_count;      ///< frames of an animation / pages of a document, 1 otherwise
    int orientation;     ///< EXIF orientation 1...8
    int has_alpha;
    int has_icc_profile;
    char loader[48];     ///< libvips loader nickname, e.g. "jpegload_buffer"
} sg_vips_header;

/// Reads only the header of an encoded image: no pixels are decoded.
/// Returns SG_VIPS_UNKNOWN_FORMAT when no loader recognises the bytes.
int sg_vips_probe_buffer(const void *data, size_t length, sg_vips_header *out);
/// Same as sg_vips_probe_buffer for a file (the format is sniffed from its first bytes).
int sg_vips_probe_file(const char *path, sg_vips_header *out);

/// Opens an encoded image lazily for one top-to-bottom read (sequential access), failing on
/// truncated data. The bytes are copied, so the caller's buffer may go away at once.
/// `jpeg_shrink` (1, 2, 4 or 8) asks the JPEG decoder to scale down while decoding.
int sg_vips_load_buffer(const void *data, size_t length, int jpeg_shrink, sg_vips_image **out);
/// Same as sg_vips_load_buffer for a file path; libvips reads the file as it decodes.
int sg_vips_load_file(const char *path, int jpeg_shrink, sg_vips_image **out);
/// Builds an image from raw interleaved pixels (copied). `band_format`: 0 uchar, 2 ushort.
int sg_vips_from_pixels(const void *pixels, int width, int height, int bands, int band_format,
                        int interpretation, sg_vips_image **out);

int sg_vips_width(const sg_vips_image *image);
int sg_vips_height(const sg_vips_image *image);
int sg_vips_bands(const sg_vips_image *image);
int sg_vips_orientation(const sg_vips_image *image);

// ---- transforms (lazy: nothing is computed until a save or copy) -------------------------------

/// Resizes by `hscale` x `vscale` with a bicubic kernel (the sizes are rounded to whole pixels).
int sg_vips_resize(sg_vips_image *in, double hscale, double vscale, sg_vips_image **out);
enum {
    SG_VIPS_KERNEL_LINEAR = 1,
    SG_VIPS_KERNEL_CUBIC = 2,
};
/// Resizes to exactly `width` x `height` with an antialiasing kernel (widened by the scale when
/// shrinking): a fast streaming path for 8-bit images, libvips' resize for others.
int sg_vips_resample(sg_vips_image *in, int width, int height, int kernel, sg_vips_image **out);
int sg_vips_crop(sg_vips_image *in, int left, int top, int width, int height, sg_vips_image **out);
/// Applies the EXIF orientation and removes the tag.
int sg_vips_autorot(sg_vips_image *in, sg_vips_image **out);
/// Converts to 3-band 8-bit sRGB: alpha flattened on white, embedded ICC profiles (incl. CMYK)
/// imported, CMYK without a profile, 16-bit and greyscale converted.
int sg_vips_to_srgb8(sg_vips_image *in, sg_vips_image **out);
/// Rows computed per step when the shim evaluates a pipeline on the calling thread.
enum { SG_VIPS_STRIP_HEIGHT = 64 };
/// Computes the pipeline into memory on the calling thread, so that the result can be read
/// many times; decode errors of the source surface here.
int sg_vips_copy_memory(sg_vips_image *in, sg_vips_image **out);
/// Same as sg_vips_copy_memory, but the pixels are placed as EXIF `orientation` (1...8) says,
/// so the memory image is upright (its orientation tag removed): no second pass to rotate.
int sg_vips_copy_memory_upright(sg_vips_image *in, int orientation, sg_vips_image **out);
/// Returns a copy with an integer metadata field set (e.g. "orientation", "page-height").
int sg_vips_with_int(sg_vips_image *in, const char *name, int value, sg_vips_image **out);
/// Converts to another interpretation (e.g. 22 = sRGB to 15 = CMYK) for test fixtures.
int sg_vips_colourspace(sg_vips_image *in, int interpretation, sg_vips_image **out);

/// Converts to an ICC profile (a file or a built-in name: "srgb", "p3", "cmyk") and embeds it.
int sg_vips_icc_transform(sg_vips_image *in, const char *profile, sg_vips_image **out);

// ---- saving -------------------------------------------------------------------------------

/// Baseline JPEG, 4:2:0 chroma subsampling, all metadata stripped (EXIF, GPS, XMP, IPTC, ICC).
int sg_vips_save_jpeg(sg_vips_image *in, int quality, void **data, size_t *length);
/// Saves in the format named by `suffix` (".png", ".webp[lossless]", ".heic", ...), metadata kept.
int sg_vips_save_buffer(sg_vips_image *in, const char *suffix, void **data, size_t *length);
/// Raw interleaved pixels of the whole image.
int sg_vips_pixels(sg_vips_image *in, void **data, size_t *length);

// ---- text -----------------------------------------------------------------------------------

/// Renders plain UTF-8 text (not markup: it is escaped) with the font file's family at
/// `pixel_size` px as a one-band 8-bit coverage mask with vips_text (Pango, with its font
/// fallback). `max_width` > 0 wraps lines. Captions try CFont (FreeType) first; this is the
/// fallback for text it cannot draw.
int sg_vips_text_mask(const char *text, const char *font_file, const char *font_family,
                      int pixel_size, int max_width, sg_vips_image **out);

// ---- analysis -----------------------------------------------------------------------------------

/// Counts pixels with 2G - R - B > threshold on the 8-bit sRGB pixels (the image is converted
/// first if needed), streaming on the calling thread.
int sg_vips_green_count(sg_vips_image *in, int threshold, uint64_t *green, uint64_t *total);

#ifdef __cplusplus
}
#endif

#endif
