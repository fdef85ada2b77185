// Caption masks: plain text rendered to a one-band 8-bit coverage mask.
//
// CFont draws glyphs with FreeType directly (see Sources/CFont/sg_font.c). Text it cannot draw
// (a glyph the font lacks, so font fallback; a word wider than the line; invalid UTF-8) goes
// through vips_text, that is Pango, Cairo and Fontconfig.
#include <stdlib.h>
#include "sg_font.h"
#include "sg_vips_dl.h"  // libvips through dlopen (sg_vips_symbols.h)
#include "sg_vips.h"

static void release_pixels(VipsImage *image, gpointer pixels) {
    (void) image;
    sg_font_free(pixels);
}

int sg_vips_text_mask(const char *text, const char *font_file, const char *font_family,
                      int pixel_size, int max_width, sg_vips_image **out) {
    *out = NULL;
    uint8_t *pixels = NULL;
    int width = 0, height = 0;
    int rendered = sg_font_render(text, font_file, pixel_size, max_width, &pixels, &width, &height);
    if (rendered == SG_FONT_OK) {
        VipsImage *mask = vips_image_new_from_memory(pixels, (size_t) width * height, width, height,
                                                     1, VIPS_FORMAT_UCHAR);
        if (!mask) {
            sg_font_free(pixels);
            return SG_VIPS_FAILED;
        }
        mask->Type = VIPS_INTERPRETATION_B_W;
        g_signal_connect(mask, "postclose", G_CALLBACK(release_pixels), pixels);
        *out = mask;
        return SG_VIPS_OK;
    }
    if (rendered == SG_FONT_FAILED) {
        vips_error("sg_vips_text_mask", "%s", "out of memory");
        return SG_VIPS_FAILED;
    }
    // vips_text reads Pango markup: user text must not be able to inject tags.
    char *escaped = g_markup_escape_text(text, -1);
    // At 72 dpi a Pango point is one pixel, so "Family 64" renders a 64 px em.
    char *font = g_strdup_printf("%s %d", font_family, pixel_size);
    int result;
    if (max_width > 0)
        result = vips_text(out, escaped, "font", font, "fontfile", font_file, "dpi", 72,
                           "width", max_width, "align", VIPS_ALIGN_CENTRE, NULL);
    else
        result = vips_text(out, escaped, "font", font, "fontfile", font_file, "dpi", 72, NULL);
    g_free(font);
    g_free(escaped);
    return result ? SG_VIPS_FAILED : SG_VIPS_OK;
}
