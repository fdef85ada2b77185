// Caption masks through libvips: vips_text, that is Pango, Cairo and Fontconfig, with Pango's
// font fallback. Captions are drawn by CFont (FreeType) first (Media's CoverageMask); only text
// FreeType cannot draw (a glyph the font lacks, a word wider than the line, invalid UTF-8)
// comes here, so this file does not try FreeType again.
#include "sg_vips_dl.h"  // libvips through dlopen (sg_vips_symbols.h)
#include "sg_vips.h"

int sg_vips_text_mask(const char *text, const char *font_file, const char *font_family,
                      int pixel_size, int max_width, sg_vips_image **out) {
    *out = NULL;
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
