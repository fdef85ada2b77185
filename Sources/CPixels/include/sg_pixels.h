// CPixels: the kernels of the image pipeline where C's SIMD is the point (resampling, the green
// count) and the canvas drawing, on plain interleaved 8-bit buffers. libc only.
#ifndef SG_PIXELS_H
#define SG_PIXELS_H

#include <stddef.h>
#include <stdint.h>

// ---- resampling --------------------------------------------------------------------------------

/// Taps of one axis: output index i reads `count[i]` inputs from `first[i]`, weighted by
/// `weights[i * taps ...]` (fixed point, summing to 1 << 14).
typedef struct {
    int taps;
    int *first;
    int *count;
    int *weights;
    /// The same weights as 16-bit pairs for the AVX2 passes (see sg_pixels_resample.c).
    int groups;
    int32_t *pairs;
} sg_px_axis;

/// Precomputed tap tables for one `in_width` x `in_height` -> `out_width` x `out_height` resize
/// with a Catmull-Rom kernel (widened by the scale when shrinking, so it antialiases).
typedef struct {
    sg_px_axis horizontal;
    sg_px_axis vertical;
    int bands;
    int in_width, in_height, out_width, out_height;
} sg_px_resampler;

/// NULL when a size is not positive or memory runs out.
sg_px_resampler *sg_px_resampler_new(int in_width, int in_height, int out_width, int out_height, int bands);
void sg_px_resampler_free(sg_px_resampler *resampler);

/// The input rectangle [x0, x1) x [y0, y1) that output rows [top, top + rows) of output columns
/// [left, left + width) read.
void sg_px_resampler_needs(const sg_px_resampler *resampler, int left, int width, int top, int rows,
                           int *x0, int *y0, int *x1, int *y1);

/// Computes output pixels [left, left + width) x [top, top + rows). `in` points at input pixel
/// (x0, y0) of the rectangle sg_px_resampler_needs gave, lines `in_stride` bytes apart; `out`
/// points at output pixel (left, top), lines `out_stride` bytes apart. 0, or -1 when out of memory.
int sg_px_resample(const sg_px_resampler *resampler, const uint8_t *in, size_t in_stride,
                   uint8_t *out, size_t out_stride, int left, int width, int top, int rows);

/// sg_px_resample without SIMD, whatever the CPU: tests check that both give the same bytes.
int sg_px_resample_portable(const sg_px_resampler *resampler, const uint8_t *in, size_t in_stride,
                            uint8_t *out, size_t out_stride, int left, int width, int top, int rows);

// ---- analysis --------------------------------------------------------------------------------

/// Pixels among `width` (`bands` >= 3, R G B first) whose 2G - R - B is above `threshold`.
uint64_t sg_px_count_green(const uint8_t *row, int width, int bands, int threshold);

// ---- drawing on a canvas (sg_pixels_draw.c) ------------------------------------------------------

/// An interleaved 8-bit RGB buffer one caller draws on: `height` lines `stride` bytes apart.
typedef struct {
    uint8_t *pixels;
    int width;
    int height;
    size_t stride;
} sg_px_canvas;

/// Every pixel set to one colour.
void sg_px_canvas_fill(const sg_px_canvas *canvas, int r, int g, int b);
/// Copies an RGB tile (lines `tile_stride` apart) with its top-left corner at (x, y), clipped.
void sg_px_canvas_paste(const sg_px_canvas *canvas, const uint8_t *tile, int tile_width, int tile_height,
                        size_t tile_stride, int x, int y);
/// Lays a colour over a rectangle, its alpha (0...255) going from `alpha_top` on the first row
/// to `alpha_bottom` on the last.
void sg_px_canvas_shade(const sg_px_canvas *canvas, int x, int y, int width, int height,
                        int r, int g, int b, int alpha_top, int alpha_bottom);
/// Paints a colour through a one-band coverage mask (lines `mask_stride` apart) placed at
/// (x, y), scaled by `opacity` (0...255).
void sg_px_canvas_blend_mask(const sg_px_canvas *canvas, const uint8_t *mask, int mask_width, int mask_height,
                             size_t mask_stride, int x, int y, int r, int g, int b, int opacity);
/// An anti-aliased polyline through `count` points (`xy` = x0, y0, x1, y1, ...), round-capped.
/// 0, or -1 when out of memory.
int sg_px_canvas_polyline(const sg_px_canvas *canvas, const double *xy, int count, double thickness,
                          int r, int g, int b, int alpha);
/// An anti-aliased filled disc.
void sg_px_canvas_disc(const sg_px_canvas *canvas, double cx, double cy, double radius,
                       int r, int g, int b, int alpha);
/// Fills between a polyline (x increasing) and the horizontal line `base_y`, the alpha fading
/// from `alpha_line` at the line to `alpha_base` at the base.
void sg_px_canvas_fill_under(const sg_px_canvas *canvas, const double *xy, int count, double base_y,
                             int r, int g, int b, int alpha_line, int alpha_base);

#endif
