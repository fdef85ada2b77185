// FreeType (libfreetype-dev), called from Swift: glyph loading and rasterising for captions, and
// the PDF diary's font facts (character map, advances, composite glyphs).
#include <ft2build.h>
#include FT_FREETYPE_H
#include FT_TRUETYPE_TABLES_H
#include FT_ADVANCES_H
