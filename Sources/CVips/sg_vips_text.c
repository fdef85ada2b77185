// Caption masks: plain text rendered to a one-band 8-bit coverage mask.
//
// The fast path draws glyphs with FreeType directly. vips_text goes through Pango, Cairo and
// Fontconfig: profiled with callgrind, its first call in a process costs ~80 M instructions
// (Fontconfig parses its XML configuration and scans the font file) and every caption after
// that ~8 M, so a 10-photo timeline spent more on its day captions than on decoding its
// photos. FreeType with a cached face renders "День 4" in well under 1 M.
//
// FreeType is already in the process (libvips -> Pango/Cairo -> FreeType), so its functions
// are looked up there instead of adding a link dependency; if any is missing, or the text
// needs what the fast path does not do (a glyph the font lacks, so font fallback; a word
// wider than the line; invalid UTF-8), the caption goes through vips_text as before.
#define _GNU_SOURCE
#include <dlfcn.h>
#include <string.h>
#include <ft2build.h>
#include FT_FREETYPE_H
#include "sg_vips_dl.h"  // libvips through dlopen (sg_vips_symbols.h)
#include "sg_vips.h"

// FreeType entry points, typed from its own header (no symbol is referenced at link time).
static struct {
    __typeof__(FT_Init_FreeType) *init;
    __typeof__(FT_New_Face) *new_face;
    __typeof__(FT_Set_Pixel_Sizes) *set_pixel_sizes;
    __typeof__(FT_Get_Char_Index) *char_index;
    __typeof__(FT_Load_Glyph) *load_glyph;
    __typeof__(FT_Get_Kerning) *kerning;
} ft;

typedef struct {
    char *path;
    FT_Face face;
} CachedFace;

// FreeType faces are not thread-safe: one lock guards the library, the faces and rendering
// (captions are small; timelines render theirs on one thread anyway).
static GMutex ft_lock;
static FT_Library ft_library = NULL;
static gboolean ft_tried = FALSE;
static GPtrArray *ft_faces = NULL;

static gboolean freetype_ready(void) {
    if (!ft_tried) {
        ft_tried = TRUE;
        ft.init = (__typeof__(ft.init)) dlsym(RTLD_DEFAULT, "FT_Init_FreeType");
        ft.new_face = (__typeof__(ft.new_face)) dlsym(RTLD_DEFAULT, "FT_New_Face");
        ft.set_pixel_sizes = (__typeof__(ft.set_pixel_sizes)) dlsym(RTLD_DEFAULT, "FT_Set_Pixel_Sizes");
        ft.char_index = (__typeof__(ft.char_index)) dlsym(RTLD_DEFAULT, "FT_Get_Char_Index");
        ft.load_glyph = (__typeof__(ft.load_glyph)) dlsym(RTLD_DEFAULT, "FT_Load_Glyph");
        ft.kerning = (__typeof__(ft.kerning)) dlsym(RTLD_DEFAULT, "FT_Get_Kerning");
        if (ft.init && ft.new_face && ft.set_pixel_sizes && ft.char_index && ft.load_glyph && ft.kerning
            && ft.init(&ft_library) != 0)
            ft_library = NULL;
        ft_faces = g_ptr_array_new();
    }
    return ft_library != NULL;
}

// The face for a font file, opened once per process (fonts are few and never change).
static FT_Face face_for(const char *path) {
    for (guint i = 0; i < ft_faces->len; i++) {
        CachedFace *cached = g_ptr_array_index(ft_faces, i);
        if (strcmp(cached->path, path) == 0)
            return cached->face;
    }
    FT_Face face;
    if (ft.new_face(ft_library, path, 0, &face) != 0)
        return NULL;
    CachedFace *cached = g_new(CachedFace, 1);
    cached->path = g_strdup(path);
    cached->face = face;
    g_ptr_array_add(ft_faces, cached);
    return face;
}

typedef struct {
    FT_UInt glyph;
    FT_Pos pen;       // 26.6 pen position from the start of its line
    int line;
} PlacedGlyph;

enum { LOAD_FLAGS = FT_LOAD_DEFAULT | FT_LOAD_TARGET_LIGHT };

// Lays out and renders `text`; FALSE when the fast path cannot (the caller falls back).
static gboolean render_freetype(const char *text, const char *font_file, int pixel_size, int max_width,
                                VipsPel **pixels, int *width, int *height) {
    if (!g_utf8_validate(text, -1, NULL) || pixel_size <= 0 || pixel_size > 1000)
        return FALSE;
    FT_Face face = face_for(font_file);
    if (!face || ft.set_pixel_sizes(face, 0, (FT_UInt) pixel_size) != 0)
        return FALSE;

    glong count = g_utf8_strlen(text, -1);
    PlacedGlyph *placed = g_new0(PlacedGlyph, count + 1);
    FT_Pos *line_width = g_new0(FT_Pos, count + 1);
    const FT_Pos limit = (FT_Pos) max_width * 64;
    gboolean ok = TRUE;
    int line = 0, n = 0;
    FT_Pos pen = 0;
    FT_UInt previous = 0;
    int break_at = -1;          // index of the last space on this line
    FT_Pos pen_after_break = 0; // pen position just after that space
    for (const char *p = text; *p && ok; p = g_utf8_next_char(p)) {
        gunichar c = g_utf8_get_char(p);
        if (c == '\n') {
            line_width[line] = pen;
            line++;
            pen = 0;
            previous = 0;
            break_at = -1;
            continue;
        }
        FT_UInt glyph = ft.char_index(face, c);
        if (glyph == 0 || ft.load_glyph(face, glyph, LOAD_FLAGS) != 0) {
            ok = FALSE;  // the font lacks it: Pango's font fallback can do better
            break;
        }
        if (previous) {
            FT_Vector kern;
            if (ft.kerning(face, previous, glyph, FT_KERNING_DEFAULT, &kern) == 0)
                pen += kern.x;
        }
        placed[n] = (PlacedGlyph) { glyph, pen, line };
        pen += face->glyph->advance.x;
        previous = glyph;
        if (c == ' ') {
            break_at = n;
            pen_after_break = pen;
        }
        n++;
        if (limit > 0 && pen > limit && c != ' ') {
            if (break_at < 0) {
                ok = FALSE;  // one word wider than the line
                break;
            }
            // Move the glyphs after the last space to a new line.
            line_width[line] = placed[break_at].pen;
            line++;
            for (int i = break_at + 1; i < n; i++) {
                placed[i].pen -= pen_after_break;
                placed[i].line = line;
            }
            pen -= pen_after_break;
            break_at = -1;
        }
    }
    line_width[line] = pen;
    const int lines = line + 1;
    if (!ok || n == 0) {
        g_free(placed);
        g_free(line_width);
        return FALSE;
    }

    // Render into a generous box (glyphs overhang their advances), then crop to the ink.
    FT_Pos widest = 0;
    for (int i = 0; i < lines; i++)
        widest = VIPS_MAX(widest, line_width[i]);
    const int line_height = (int) ((face->size->metrics.height + 63) >> 6);
    const int ascender = (int) ((face->size->metrics.ascender + 63) >> 6);
    const int margin = pixel_size;
    const int box_width = (int) ((widest + 63) >> 6) + 2 * margin;
    const int box_height = lines * line_height + 2 * margin;
    VipsPel *box = g_try_malloc0((size_t) box_width * box_height);
    if (!box) {
        g_free(placed);
        g_free(line_width);
        return FALSE;
    }
    int ink_left = box_width, ink_top = box_height, ink_right = 0, ink_bottom = 0;
    for (int i = 0; i < n; i++) {
        if (ft.load_glyph(face, placed[i].glyph, LOAD_FLAGS | FT_LOAD_RENDER) != 0)
            continue;
        const FT_GlyphSlot slot = face->glyph;
        const FT_Bitmap *bitmap = &slot->bitmap;
        if (bitmap->pixel_mode != FT_PIXEL_MODE_GRAY || bitmap->width == 0 || bitmap->rows == 0)
            continue;
        // Each line is centred on the widest one (like Pango's centre alignment).
        FT_Pos centring = (widest - line_width[placed[i].line]) / 2;
        int x = margin + (int) ((placed[i].pen + centring + 32) >> 6) + slot->bitmap_left;
        int y = margin + placed[i].line * line_height + ascender - slot->bitmap_top;
        for (unsigned row = 0; row < bitmap->rows; row++) {
            int ty = y + (int) row;
            if (ty < 0 || ty >= box_height)
                continue;
            const unsigned char *src = bitmap->buffer + (ptrdiff_t) row * bitmap->pitch;
            VipsPel *dst = box + (size_t) ty * box_width;
            for (unsigned col = 0; col < bitmap->width; col++) {
                int tx = x + (int) col;
                if (tx < 0 || tx >= box_width || src[col] == 0)
                    continue;
                if (src[col] > dst[tx])
                    dst[tx] = src[col];
                ink_left = VIPS_MIN(ink_left, tx);
                ink_right = VIPS_MAX(ink_right, tx + 1);
                ink_top = VIPS_MIN(ink_top, ty);
                ink_bottom = VIPS_MAX(ink_bottom, ty + 1);
            }
        }
    }
    g_free(placed);
    g_free(line_width);
    if (ink_right <= ink_left || ink_bottom <= ink_top) {  // only spaces
        ink_left = ink_top = 0;
        ink_right = ink_bottom = 1;
    }
    *width = ink_right - ink_left;
    *height = ink_bottom - ink_top;
    *pixels = g_malloc((size_t) *width * *height);
    for (int row = 0; row < *height; row++)
        memcpy(*pixels + (size_t) row * *width, box + (size_t) (ink_top + row) * box_width + ink_left, *width);
    g_free(box);
    return TRUE;
}

static void release_pixels(VipsImage *image, gpointer pixels) {
    (void) image;
    g_free(pixels);
}

int sg_vips_text_mask(const char *text, const char *font_file, const char *font_family,
                      int pixel_size, int max_width, sg_vips_image **out) {
    *out = NULL;
    VipsPel *pixels = NULL;
    int width = 0, height = 0;
    g_mutex_lock(&ft_lock);
    gboolean rendered = freetype_ready()
        && render_freetype(text, font_file, pixel_size, max_width, &pixels, &width, &height);
    g_mutex_unlock(&ft_lock);
    if (rendered) {
        VipsImage *mask = vips_image_new_from_memory(pixels, (size_t) width * height, width, height,
                                                     1, VIPS_FORMAT_UCHAR);
        if (!mask) {
            g_free(pixels);
            return SG_VIPS_FAILED;
        }
        mask->Type = VIPS_INTERPRETATION_B_W;
        g_signal_connect(mask, "postclose", G_CALLBACK(release_pixels), pixels);
        *out = mask;
        return SG_VIPS_OK;
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
