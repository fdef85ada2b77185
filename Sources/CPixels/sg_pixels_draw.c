// Drawing on an interleaved 8-bit RGB buffer (a collage or timeline canvas): pixel loops are
// simpler and faster here than per-primitive libvips pipelines, and anti-aliasing is done by
// exact pixel coverage. Every primitive is clipped to the canvas.
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "sg_pixels.h"

#define MIN(a, b) ((a) < (b) ? (a) : (b))
#define MAX(a, b) ((a) > (b) ? (a) : (b))

static inline uint8_t *at(const sg_px_canvas *canvas, int x, int y) {
    return canvas->pixels + (size_t) y * canvas->stride + (size_t) x * 3;
}

static inline void blend(uint8_t *p, int r, int g, int b, int alpha) {
    int keep = 255 - alpha;
    p[0] = (uint8_t) ((p[0] * keep + r * alpha + 127) / 255);
    p[1] = (uint8_t) ((p[1] * keep + g * alpha + 127) / 255);
    p[2] = (uint8_t) ((p[2] * keep + b * alpha + 127) / 255);
}

// Clips a rectangle to the canvas; 0 when nothing is left.
static int clip(const sg_px_canvas *canvas, int *x0, int *y0, int *x1, int *y1) {
    *x0 = MAX(*x0, 0);
    *y0 = MAX(*y0, 0);
    *x1 = MIN(*x1, canvas->width);
    *y1 = MIN(*y1, canvas->height);
    return *x0 < *x1 && *y0 < *y1;
}

void sg_px_canvas_fill(const sg_px_canvas *canvas, int r, int g, int b) {
    if (canvas->width <= 0 || canvas->height <= 0)
        return;
    uint8_t *first = canvas->pixels;
    for (int col = 0; col < canvas->width; col++) {
        first[3 * col] = (uint8_t) r;
        first[3 * col + 1] = (uint8_t) g;
        first[3 * col + 2] = (uint8_t) b;
    }
    for (int row = 1; row < canvas->height; row++)
        memcpy(at(canvas, 0, row), first, (size_t) canvas->width * 3);
}

void sg_px_canvas_paste(const sg_px_canvas *canvas, const uint8_t *tile, int tile_width, int tile_height,
                        size_t tile_stride, int x, int y) {
    int x0 = x, y0 = y, x1 = x + tile_width, y1 = y + tile_height;
    if (!clip(canvas, &x0, &y0, &x1, &y1))
        return;
    for (int row = y0; row < y1; row++)
        memcpy(at(canvas, x0, row), tile + (size_t) (row - y) * tile_stride + (size_t) (x0 - x) * 3,
               (size_t) (x1 - x0) * 3);
}

void sg_px_canvas_shade(const sg_px_canvas *canvas, int x, int y, int width, int height,
                        int r, int g, int b, int alpha_top, int alpha_bottom) {
    int x0 = x, y0 = y, x1 = x + width, y1 = y + height;
    if (!clip(canvas, &x0, &y0, &x1, &y1))
        return;
    for (int row = y0; row < y1; row++) {
        double t = height > 1 ? (double) (row - y) / (height - 1) : 0.0;
        int alpha = (int) lround(alpha_top + (alpha_bottom - alpha_top) * t);
        uint8_t *p = at(canvas, x0, row);
        for (int col = x0; col < x1; col++, p += 3)
            blend(p, r, g, b, alpha);
    }
}

void sg_px_canvas_blend_mask(const sg_px_canvas *canvas, const uint8_t *mask, int mask_width, int mask_height,
                             size_t mask_stride, int x, int y, int r, int g, int b, int opacity) {
    int x0 = x, y0 = y, x1 = x + mask_width, y1 = y + mask_height;
    if (!clip(canvas, &x0, &y0, &x1, &y1))
        return;
    for (int row = y0; row < y1; row++) {
        const uint8_t *m = mask + (size_t) (row - y) * mask_stride + (x0 - x);
        uint8_t *p = at(canvas, x0, row);
        for (int col = x0; col < x1; col++, p += 3, m++)
            if (*m)
                blend(p, r, g, b, (*m * opacity + 127) / 255);
    }
}

static double segment_distance(double px, double py, double ax, double ay, double bx, double by) {
    double dx = bx - ax, dy = by - ay;
    double length2 = dx * dx + dy * dy;
    double t = length2 > 0 ? ((px - ax) * dx + (py - ay) * dy) / length2 : 0.0;
    t = t < 0 ? 0 : (t > 1 ? 1 : t);
    double ex = ax + t * dx - px, ey = ay + t * dy - py;
    return sqrt(ex * ex + ey * ey);
}

int sg_px_canvas_polyline(const sg_px_canvas *canvas, const double *xy, int count, double thickness,
                          int r, int g, int b, int alpha) {
    if (count < 2)
        return 0;
    double half = thickness / 2.0;
    double min_x = xy[0], max_x = xy[0], min_y = xy[1], max_y = xy[1];
    for (int i = 1; i < count; i++) {
        min_x = MIN(min_x, xy[2 * i]);
        max_x = MAX(max_x, xy[2 * i]);
        min_y = MIN(min_y, xy[2 * i + 1]);
        max_y = MAX(max_y, xy[2 * i + 1]);
    }
    int x0 = (int) floor(min_x - half - 1), y0 = (int) floor(min_y - half - 1);
    int x1 = (int) ceil(max_x + half + 2), y1 = (int) ceil(max_y + half + 2);
    if (!clip(canvas, &x0, &y0, &x1, &y1))
        return 0;
    // Coverage is the maximum over segments, so joints are not painted twice.
    int w = x1 - x0, h = y1 - y0;
    float *coverage = calloc((size_t) w * h, sizeof(float));
    if (!coverage)
        return -1;
    for (int i = 0; i + 1 < count; i++) {
        double ax = xy[2 * i], ay = xy[2 * i + 1], bx = xy[2 * i + 2], by = xy[2 * i + 3];
        int sx0 = (int) floor(MIN(ax, bx) - half - 1), sx1 = (int) ceil(MAX(ax, bx) + half + 2);
        int sy0 = (int) floor(MIN(ay, by) - half - 1), sy1 = (int) ceil(MAX(ay, by) + half + 2);
        sx0 = MAX(sx0, x0); sy0 = MAX(sy0, y0);
        sx1 = MIN(sx1, x1); sy1 = MIN(sy1, y1);
        for (int row = sy0; row < sy1; row++)
            for (int col = sx0; col < sx1; col++) {
                double d = segment_distance(col + 0.5, row + 0.5, ax, ay, bx, by);
                double c = half + 0.5 - d;
                if (c > 0) {
                    float *cell = &coverage[(size_t) (row - y0) * w + (col - x0)];
                    *cell = MAX(*cell, (float) MIN(c, 1.0));
                }
            }
    }
    for (int row = y0; row < y1; row++) {
        uint8_t *p = at(canvas, x0, row);
        const float *c = &coverage[(size_t) (row - y0) * w];
        for (int col = 0; col < w; col++, p += 3)
            if (c[col] > 0)
                blend(p, r, g, b, (int) lround(c[col] * alpha));
    }
    free(coverage);
    return 0;
}

void sg_px_canvas_disc(const sg_px_canvas *canvas, double cx, double cy, double radius,
                       int r, int g, int b, int alpha) {
    int x0 = (int) floor(cx - radius - 1), y0 = (int) floor(cy - radius - 1);
    int x1 = (int) ceil(cx + radius + 2), y1 = (int) ceil(cy + radius + 2);
    if (!clip(canvas, &x0, &y0, &x1, &y1))
        return;
    for (int row = y0; row < y1; row++) {
        uint8_t *p = at(canvas, x0, row);
        for (int col = x0; col < x1; col++, p += 3) {
            double dx = col + 0.5 - cx, dy = row + 0.5 - cy;
            double c = radius + 0.5 - sqrt(dx * dx + dy * dy);
            if (c > 0)
                blend(p, r, g, b, (int) lround(MIN(c, 1.0) * alpha));
        }
    }
}

void sg_px_canvas_fill_under(const sg_px_canvas *canvas, const double *xy, int count, double base_y,
                             int r, int g, int b, int alpha_line, int alpha_base) {
    if (count < 2)
        return;
    int first = (int) ceil(xy[0]), last = (int) floor(xy[2 * (count - 1)]);
    int segment = 0;
    for (int col = MAX(first, 0); col <= last && col < canvas->width; col++) {
        double x = col + 0.5;
        while (segment + 2 < count && x > xy[2 * (segment + 1)])
            segment++;
        double ax = xy[2 * segment], ay = xy[2 * segment + 1];
        double bx = xy[2 * segment + 2], by = xy[2 * segment + 3];
        double t = bx > ax ? (x - ax) / (bx - ax) : 0.0;
        t = t < 0 ? 0 : (t > 1 ? 1 : t);
        double line_y = ay + t * (by - ay);
        if (line_y >= base_y)
            continue;
        int top = MAX((int) floor(line_y), 0);
        int bottom = MIN((int) ceil(base_y), canvas->height);
        for (int row = top; row < bottom; row++) {
            double u = (row + 0.5 - line_y) / (base_y - line_y);
            u = u < 0 ? 0 : (u > 1 ? 1 : u);
            double partial = MIN(1.0, MAX(0.0, row + 1 - line_y));
            double alpha = (alpha_line + (alpha_base - alpha_line) * u) * partial;
            blend(at(canvas, col, row), r, g, b, (int) lround(alpha));
        }
    }
}
