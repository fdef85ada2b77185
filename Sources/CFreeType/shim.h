// FreeType (libfreetype-dev), called from Swift: glyph loading and rasterising for captions.
#include <ft2build.h>
#include FT_FREETYPE_H
