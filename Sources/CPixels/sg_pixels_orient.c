// Turning pixels upright as EXIF orientation says, while they are copied.
#include <stddef.h>
#include <string.h>
#include "sg_pixels.h"

// Where input pixel (x, y) of a `width` x `height` image lands in the upright output, as a byte
// offset: start + x * dx + y * dy. EXIF orientations as libvips' autorot applies them
// (2 mirror, 3 180°, 4 flip, 5 transpose, 6 90° clockwise, 7 transverse, 8 270° clockwise).
typedef struct {
    ptrdiff_t start, dx, dy;
    int swaps;
} Placement;

static Placement placement(int orientation, int width, int height, size_t pixel, size_t out_line) {
    const ptrdiff_t ps = (ptrdiff_t) pixel, w = width, h = height;
    // Output line length: `width` pixels unless the sides swap, then `height` pixels.
    const ptrdiff_t line = (ptrdiff_t) out_line;
    switch (orientation) {
    case 2: return (Placement) { (w - 1) * ps, -ps, line, 0 };
    case 3: return (Placement) { (h - 1) * line + (w - 1) * ps, -ps, -line, 0 };
    case 4: return (Placement) { (h - 1) * line, ps, -line, 0 };
    case 5: return (Placement) { 0, line, ps, 1 };
    case 6: return (Placement) { (h - 1) * ps, line, -ps, 1 };
    case 7: return (Placement) { (w - 1) * line + (h - 1) * ps, -line, -ps, 1 };
    case 8: return (Placement) { (w - 1) * line, -line, ps, 1 };
    default: return (Placement) { 0, ps, line, 0 };
    }
}

void sg_px_place_upright(const uint8_t *rows_start, size_t in_stride, int top, int rows,
                         int width, int height, size_t pixel, int orientation,
                         uint8_t *upright, size_t upright_stride) {
    if (orientation < 1 || orientation > 8)
        orientation = 1;
    const Placement p = placement(orientation, width, height, pixel, upright_stride);
    if (!p.swaps && p.dx == (ptrdiff_t) pixel) {
        for (int y = top; y < top + rows; y++)
            memcpy(upright + p.start + y * p.dy, rows_start + (size_t) (y - top) * in_stride, (size_t) width * pixel);
        return;
    }
    enum { BLOCK = 32 };
    if (pixel == 3 && p.swaps) {
        // Sideways RGB (a phone held upright: orientation 6 or 8), the common case, with one
        // 4-byte load and store per pixel instead of three byte copies. A 4-byte store also
        // writes the first byte of the next pixel along the upright line, so within a tile the
        // source rows are taken in the order that walks right along the upright lines: each
        // stray byte is overwritten by the next store, and the last pixel of each run is
        // copied with three bytes (so nothing past it, or past the buffer, is ever written).
        const int rightward = p.dy > 0;
        for (int by = top; by < top + rows; by += BLOCK) {
            const int y_end = by + BLOCK < top + rows ? by + BLOCK : top + rows;
            const int count = y_end - by;
            for (int bx = 0; bx < width; bx += BLOCK) {
                const int end = bx + BLOCK < width ? bx + BLOCK : width;
                for (int i = 0; i < count; i++) {
                    const int y = rightward ? by + i : y_end - 1 - i;
                    const int last_of_run = i == count - 1;
                    const uint8_t *src = rows_start + (size_t) (y - top) * in_stride + (size_t) bx * 3;
                    uint8_t *dst = upright + p.start + (ptrdiff_t) bx * p.dx + (ptrdiff_t) y * p.dy;
                    for (int x = bx; x < end; x++, src += 3, dst += p.dx) {
                        if (!last_of_run && x + 1 < width) {  // the 4th byte read is still in the row
                            uint32_t value;
                            memcpy(&value, src, 4);
                            memcpy(dst, &value, 4);
                        } else {
                            dst[0] = src[0];
                            dst[1] = src[1];
                            dst[2] = src[2];
                        }
                    }
                }
            }
        }
        return;
    }
    // Other layouts copy 32 x 32 pixel tiles: a tile's source and destination lines both stay
    // in cache while each destination line receives its run of pixels.
    for (int by = top; by < top + rows; by += BLOCK) {
      const int y_end = by + BLOCK < top + rows ? by + BLOCK : top + rows;
      for (int bx = 0; bx < width; bx += BLOCK) {
        const int end = bx + BLOCK < width ? bx + BLOCK : width;
        for (int y = by; y < y_end; y++) {
            const uint8_t *src = rows_start + (size_t) (y - top) * in_stride + (size_t) bx * pixel;
            uint8_t *dst = upright + p.start + (ptrdiff_t) bx * p.dx + (ptrdiff_t) y * p.dy;
            if (pixel == 3) {
                for (int x = bx; x < end; x++, src += 3, dst += p.dx) {
                    dst[0] = src[0];
                    dst[1] = src[1];
                    dst[2] = src[2];
                }
            } else {
                for (int x = bx; x < end; x++, src += pixel, dst += p.dx)
                    memcpy(dst, src, pixel);
            }
        }
      }
    }
}
