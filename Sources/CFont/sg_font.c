// Caption masks with FreeType. Pango (vips_text) costs ~80 M instructions on its first call in
// a process (Fontconfig parses its configuration and scans the font) and ~8 M per caption after
// that; FreeType with a cached face renders "День 4" in well under 1 M, and needs no libvips.
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <ft2build.h>
#include FT_FREETYPE_H
#include "sg_font.h"

#define MIN(a, b) ((a) < (b) ? (a) : (b))
#define MAX(a, b) ((a) > (b) ? (a) : (b))

// FreeType faces are not thread-safe: one lock guards the library, the faces and rendering
// (captions are small; renderers draw theirs on one thread anyway).
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static FT_Library library = NULL;
static int library_tried = 0;

// Faces opened once per process (fonts are few and never change): a short list.
typedef struct CachedFace {
    char *path;
    FT_Face face;
    struct CachedFace *next;
} CachedFace;
static CachedFace *faces = NULL;

static FT_Face face_for(const char *path) {
    for (CachedFace *cached = faces; cached; cached = cached->next)
        if (strcmp(cached->path, path) == 0)
            return cached->face;
    CachedFace *cached = malloc(sizeof *cached);
    char *copy = strdup(path);
    FT_Face face;
    if (!cached || !copy || FT_New_Face(library, path, 0, &face) != 0) {
        free(cached);
        free(copy);
        return NULL;
    }
    *cached = (CachedFace) { copy, face, faces };
    faces = cached;
    return face;
}

// The next code point of strict UTF-8 at *p (advancing it), or -1 for an invalid sequence.
static long next_code_point(const unsigned char **p) {
    const unsigned char *s = *p;
    long c;
    int extra;
    if (s[0] < 0x80) { c = s[0]; extra = 0; }
    else if ((s[0] & 0xE0) == 0xC0) { c = s[0] & 0x1F; extra = 1; }
    else if ((s[0] & 0xF0) == 0xE0) { c = s[0] & 0x0F; extra = 2; }
    else if ((s[0] & 0xF8) == 0xF0) { c = s[0] & 0x07; extra = 3; }
    else return -1;
    for (int i = 1; i <= extra; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return -1;
        c = c << 6 | (s[i] & 0x3F);
    }
    static const long smallest[] = { 0, 0x80, 0x800, 0x10000 };
    if (c < smallest[extra] || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
        return -1;  // overlong, out of range or a surrogate
    *p = s + 1 + extra;
    return c;
}

typedef struct {
    FT_UInt glyph;
    FT_Pos pen;  // 26.6 pen position from the start of its line
    int line;
} PlacedGlyph;

enum { LOAD_FLAGS = FT_LOAD_DEFAULT | FT_LOAD_TARGET_LIGHT };

static int render_locked(const char *text, const char *font_file, int pixel_size, int max_width,
                         uint8_t **mask, int *width, int *height) {
    if (!library_tried) {
        library_tried = 1;
        if (FT_Init_FreeType(&library) != 0)
            library = NULL;
    }
    if (!library || pixel_size <= 0 || pixel_size > 1000)
        return SG_FONT_CANNOT;
    FT_Face face = face_for(font_file);
    if (!face || FT_Set_Pixel_Sizes(face, 0, (FT_UInt) pixel_size) != 0)
        return SG_FONT_CANNOT;

    // Every code point takes at least one byte: the byte length bounds the glyph count.
    const size_t capacity = strlen(text) + 1;
    PlacedGlyph *placed = calloc(capacity, sizeof *placed);
    FT_Pos *line_width = calloc(capacity, sizeof *line_width);
    if (!placed || !line_width) {
        free(placed);
        free(line_width);
        return SG_FONT_FAILED;
    }
    const FT_Pos limit = (FT_Pos) max_width * 64;
    int result = SG_FONT_OK;
    int line = 0, n = 0;
    FT_Pos pen = 0;
    FT_UInt previous = 0;
    int break_at = -1;          // index of the last space on this line
    FT_Pos pen_after_break = 0; // pen position just after that space
    for (const unsigned char *p = (const unsigned char *) text; *p;) {
        long c = next_code_point(&p);
        if (c < 0) {
            result = SG_FONT_CANNOT;
            break;
        }
        if (c == '\n') {
            line_width[line] = pen;
            line++;
            pen = 0;
            previous = 0;
            break_at = -1;
            continue;
        }
        FT_UInt glyph = FT_Get_Char_Index(face, (FT_ULong) c);
        if (glyph == 0 || FT_Load_Glyph(face, glyph, LOAD_FLAGS) != 0) {
            result = SG_FONT_CANNOT;  // the font lacks it: Pango's font fallback can do better
            break;
        }
        if (previous) {
            FT_Vector kern;
            if (FT_Get_Kerning(face, previous, glyph, FT_KERNING_DEFAULT, &kern) == 0)
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
                result = SG_FONT_CANNOT;  // one word wider than the line
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
    if (result != SG_FONT_OK || n == 0) {
        free(placed);
        free(line_width);
        return result != SG_FONT_OK ? result : SG_FONT_CANNOT;
    }

    // Render into a generous box (glyphs overhang their advances), then crop to the ink.
    FT_Pos widest = 0;
    for (int i = 0; i < lines; i++)
        widest = MAX(widest, line_width[i]);
    const int line_height = (int) ((face->size->metrics.height + 63) >> 6);
    const int ascender = (int) ((face->size->metrics.ascender + 63) >> 6);
    const int margin = pixel_size;
    const int box_width = (int) ((widest + 63) >> 6) + 2 * margin;
    const int box_height = lines * line_height + 2 * margin;
    uint8_t *box = calloc((size_t) box_width * box_height, 1);
    if (!box) {
        free(placed);
        free(line_width);
        return SG_FONT_FAILED;
    }
    int ink_left = box_width, ink_top = box_height, ink_right = 0, ink_bottom = 0;
    for (int i = 0; i < n; i++) {
        if (FT_Load_Glyph(face, placed[i].glyph, LOAD_FLAGS | FT_LOAD_RENDER) != 0)
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
            uint8_t *dst = box + (size_t) ty * box_width;
            for (unsigned col = 0; col < bitmap->width; col++) {
                int tx = x + (int) col;
                if (tx < 0 || tx >= box_width || src[col] == 0)
                    continue;
                if (src[col] > dst[tx])
                    dst[tx] = src[col];
                ink_left = MIN(ink_left, tx);
                ink_right = MAX(ink_right, tx + 1);
                ink_top = MIN(ink_top, ty);
                ink_bottom = MAX(ink_bottom, ty + 1);
            }
        }
    }
    free(placed);
    free(line_width);
    if (ink_right <= ink_left || ink_bottom <= ink_top) {  // only spaces
        ink_left = ink_top = 0;
        ink_right = ink_bottom = 1;
    }
    *width = ink_right - ink_left;
    *height = ink_bottom - ink_top;
    *mask = malloc((size_t) *width * *height);
    if (!*mask) {
        free(box);
        return SG_FONT_FAILED;
    }
    for (int row = 0; row < *height; row++)
        memcpy(*mask + (size_t) row * *width, box + (size_t) (ink_top + row) * box_width + ink_left, *width);
    free(box);
    return SG_FONT_OK;
}

int sg_font_render(const char *text, const char *font_file, int pixel_size, int max_width,
                   uint8_t **mask, int *width, int *height) {
    *mask = NULL;
    *width = *height = 0;
    if (!text || !font_file)
        return SG_FONT_CANNOT;
    pthread_mutex_lock(&lock);
    int result = render_locked(text, font_file, pixel_size, max_width, mask, width, height);
    pthread_mutex_unlock(&lock);
    return result;
}

void sg_font_free(void *mask) {
    free(mask);
}
