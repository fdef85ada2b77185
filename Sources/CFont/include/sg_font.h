// CFont: captions drawn with FreeType (libfreetype-dev), linked directly, so that a collage or
// timeline of plain JPEGs never needs libvips (and Pango) for its text.
#ifndef SG_FONT_H
#define SG_FONT_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

enum {
    SG_FONT_OK = 0,
    /// The text needs what this renderer does not do: a glyph the font lacks (font fallback),
    /// one word wider than the line, invalid UTF-8, no visible glyph, or an unreadable font
    /// file. The caller renders it another way (libvips' vips_text through Pango).
    SG_FONT_CANNOT = 1,
    /// Out of memory.
    SG_FONT_FAILED = -1,
};

/// Renders plain UTF-8 `text` (newlines break lines) with the TrueType file `font_file` at a
/// `pixel_size` px em into a one-band 8-bit coverage mask cropped to the ink, lines centred on
/// the widest. With `max_width` > 0, lines wrap at spaces to stay within it. The mask is
/// `*width` x `*height` bytes, lines one after another, malloc'd: free it with sg_font_free.
/// Thread-safe (one lock guards FreeType and its cached faces).
int sg_font_render(const char *text, const char *font_file, int pixel_size, int max_width,
                   uint8_t **mask, int *width, int *height);

void sg_font_free(void *mask);

#ifdef __cplusplus
}
#endif

#endif
