// Drawing on a 3-band 8-bit memory canvas: pixel loops are simpler and faster here than
// per-primitive libvips pipelines, and anti-aliasing is done by exact pixel coverage.
#include <math.h>
#include <string.h>
#include "sg_vips_dl.h"  // libvips through dlopen (sg_vips_symbols.h)
#include "sg_vips.h"

static void release_pixels(VipsImage *image, gpointer pixels) {
    (void) image;
    g_free(pixels);
}

int sg_vips_canvas_new(int width, int height, int r, int g, int b, sg_vips_image **out) {
    *out = NULL;
    if (width <= 0 || height <= 0 || width > 20000 || height > 20000) {
        vips_error("sg_vips_canvas_new", "bad canvas size %d x %d", width, height);
        return SG_VIPS_FAILED;
    }
    size_t size = (size_t) width * height * 3;
    VipsPel *pixels = g_try_malloc(size);
    if (!pixels) {
        vips_error("sg_vips_canvas_new", "out of memory for a %d x %d canvas", width, height);
        return SG_VIPS_FAILED;
    }
    for (size_t i = 0; i < size; i += 3) {
        pixels[i] = (VipsPel) r;
        pixels[i + 1] = (VipsPel) g;
        pixels[i + 2] = (VipsPel) b;
    }
    VipsImage *image = vips_image_new_from_memory(pixels, size, width, height, 3, VIPS_FORMAT_UCHAR);
    if (!image) {
        g_free(pixels);
        return SG_VIPS_FAILED;
    }
    image->Type = VIPS_INTERPRETATION_sRGB;
    g_signal_connect(image, "postclose", G_CALLBACK(release_pixels), pixels);
    *out = image;
    return SG_VIPS_OK;
}

static gboolean is_canvas(VipsImage *canvas, const char *domain) {
    if (canvas->Bands != 3 || canvas->BandFmt != VIPS_FORMAT_UCHAR || vips_image_inplace(canvas)) {
        vips_error(domain, "%s", "not a 3-band 8-bit memory canvas");
        return FALSE;
    }
    return TRUE;
}

int sg_vips_canvas_paste(sg_vips_image *canvas, sg_vips_image *tile, int x, int y) {
    if (!is_canvas(canvas, "sg_vips_canvas_paste"))
        return SG_VIPS_FAILED;
    return vips_draw_image(canvas, tile, x, y, "mode", VIPS_COMBINE_MODE_SET, NULL)
        ? SG_VIPS_FAILED : SG_VIPS_OK;
}

static inline void blend(VipsPel *p, int r, int g, int b, int alpha) {
    int keep = 255 - alpha;
    p[0] = (VipsPel) ((p[0] * keep + r * alpha + 127) / 255);
    p[1] = (VipsPel) ((p[1] * keep + g * alpha + 127) / 255);
    p[2] = (VipsPel) ((p[2] * keep + b * alpha + 127) / 255);
}

// Clips a rectangle to the canvas; FALSE when nothing is left.
static gboolean clip(VipsImage *canvas, int *x0, int *y0, int *x1, int *y1) {
    *x0 = VIPS_MAX(*x0, 0);
    *y0 = VIPS_MAX(*y0, 0);
    *x1 = VIPS_MIN(*x1, canvas->Xsize);
    *y1 = VIPS_MIN(*y1, canvas->Ysize);
    return *x0 < *x1 && *y0 < *y1;
}

int sg_vips_canvas_shade(sg_vips_image *canvas, int x, int y, int width, int height,
                         int r, int g, int b, int alpha_top, int alpha_bottom) {
    if (!is_canvas(canvas, "sg_vips_canvas_shade"))
        return SG_VIPS_FAILED;
    int x0 = x, y0 = y, x1 = x + width, y1 = y + height;
    if (!clip(canvas, &x0, &y0, &x1, &y1))
        return SG_VIPS_OK;
    for (int row = y0; row < y1; row++) {
        double t = height > 1 ? (double) (row - y) / (height - 1) : 0.0;
        int alpha = (int) lround(alpha_top + (alpha_bottom - alpha_top) * t);
        VipsPel *p = VIPS_IMAGE_ADDR(canvas, x0, row);
        for (int col = x0; col < x1; col++, p += 3)
            blend(p, r, g, b, alpha);
    }
    return SG_VIPS_OK;
}

int sg_vips_canvas_blend_mask(sg_vips_image *canvas, sg_vips_image *mask, int x, int y,
                              int r, int g, int b, int opacity) {
    if (!is_canvas(canvas, "sg_vips_canvas_blend_mask"))
        return SG_VIPS_FAILED;
    VipsImage *coverage = vips_image_copy_memory(mask);
    if (!coverage)
        return SG_VIPS_FAILED;
    if (coverage->Bands != 1 || coverage->BandFmt != VIPS_FORMAT_UCHAR) {
        g_object_unref(coverage);
        vips_error("sg_vips_canvas_blend_mask", "%s", "the mask must be one 8-bit band");
        return SG_VIPS_FAILED;
    }
    int x0 = x, y0 = y, x1 = x + coverage->Xsize, y1 = y + coverage->Ysize;
    if (clip(canvas, &x0, &y0, &x1, &y1)) {
        for (int row = y0; row < y1; row++) {
            VipsPel *m = VIPS_IMAGE_ADDR(coverage, x0 - x, row - y);
            VipsPel *p = VIPS_IMAGE_ADDR(canvas, x0, row);
            for (int col = x0; col < x1; col++, p += 3, m++)
                if (*m)
                    blend(p, r, g, b, (*m * opacity + 127) / 255);
        }
    }
    g_object_unref(coverage);
    return SG_VIPS_OK;
}

static double segment_distance(double px, double py, double ax, double ay, double bx, double by) {
    double dx = bx - ax, dy = by - ay;
    double length2 = dx * dx + dy * dy;
    double t = length2 > 0 ? ((px - ax) * dx + (py - ay) * dy) / length2 : 0.0;
    t = t < 0 ? 0 : (t > 1 ? 1 : t);
    double ex = ax + t * dx - px, ey = ay + t * dy - py;
    return sqrt(ex * ex + ey * ey);
}

int sg_vips_canvas_polyline(sg_vips_image *canvas, const double *xy, int count,
                            double thickness, int r, int g, int b, int alpha) {
    if (!is_canvas(canvas, "sg_vips_canvas_polyline"))
        return SG_VIPS_FAILED;
    if (count < 2)
        return SG_VIPS_OK;
    double half = thickness / 2.0;
    double min_x = xy[0], max_x = xy[0], min_y = xy[1], max_y = xy[1];
    for (int i = 1; i < count; i++) {
        min_x = VIPS_MIN(min_x, xy[2 * i]);
        max_x = VIPS_MAX(max_x, xy[2 * i]);
        min_y = VIPS_MIN(min_y, xy[2 * i + 1]);
        max_y = VIPS_MAX(max_y, xy[2 * i + 1]);
    }
    int x0 = (int) floor(min_x - half - 1), y0 = (int) floor(min_y - half - 1);
    int x1 = (int) ceil(max_x + half + 2), y1 = (int) ceil(max_y + half + 2);
    if (!clip(canvas, &x0, &y0, &x1, &y1))
        return SG_VIPS_OK;
    // Coverage is the maximum over segments, so joints are not painted twice.
    int w = x1 - x0, h = y1 - y0;
    float *coverage = g_try_malloc0((size_t) w * h * sizeof(float));
    if (!coverage) {
        vips_error("sg_vips_canvas_polyline", "%s", "out of memory");
        return SG_VIPS_FAILED;
    }
    for (int i = 0; i + 1 < count; i++) {
        double ax = xy[2 * i], ay = xy[2 * i + 1], bx = xy[2 * i + 2], by = xy[2 * i + 3];
        int sx0 = (int) floor(VIPS_MIN(ax, bx) - half - 1), sx1 = (int) ceil(VIPS_MAX(ax, bx) + half + 2);
        int sy0 = (int) floor(VIPS_MIN(ay, by) - half - 1), sy1 = (int) ceil(VIPS_MAX(ay, by) + half + 2);
        sx0 = VIPS_MAX(sx0, x0); sy0 = VIPS_MAX(sy0, y0);
        sx1 = VIPS_MIN(sx1, x1); sy1 = VIPS_MIN(sy1, y1);
        for (int row = sy0; row < sy1; row++)
            for (int col = sx0; col < sx1; col++) {
                double d = segment_distance(col + 0.5, row + 0.5, ax, ay, bx, by);
                double c = half + 0.5 - d;
                if (c > 0) {
                    float *cell = &coverage[(size_t) (row - y0) * w + (col - x0)];
                    *cell = VIPS_MAX(*cell, (float) VIPS_MIN(c, 1.0));
                }
            }
    }
    for (int row = y0; row < y1; row++) {
        VipsPel *p = VIPS_IMAGE_ADDR(canvas, x0, row);
        const float *c = &coverage[(size_t) (row - y0) * w];
        for (int col = 0; col < w; col++, p += 3)
            if (c[col] > 0)
                blend(p, r, g, b, (int) lround(c[col] * alpha));
    }
    g_free(coverage);
    return SG_VIPS_OK;
}

int sg_vips_canvas_disc(sg_vips_image *canvas, double cx, double cy, double radius,
                        int r, int g, int b, int alpha) {
    if (!is_canvas(canvas, "sg_vips_canvas_disc"))
        return SG_VIPS_FAILED;
    int x0 = (int) floor(cx - radius - 1), y0 = (int) floor(cy - radius - 1);
    int x1 = (int) ceil(cx + radius + 2), y1 = (int) ceil(cy + radius + 2);
    if (!clip(canvas, &x0, &y0, &x1, &y1))
        return SG_VIPS_OK;
    for (int row = y0; row < y1; row++) {
        VipsPel *p = VIPS_IMAGE_ADDR(canvas, x0, row);
        for (int col = x0; col < x1; col++, p += 3) {
            double dx = col + 0.5 - cx, dy = row + 0.5 - cy;
            double c = radius + 0.5 - sqrt(dx * dx + dy * dy);
            if (c > 0)
                blend(p, r, g, b, (int) lround(VIPS_MIN(c, 1.0) * alpha));
        }
    }
    return SG_VIPS_OK;
}

int sg_vips_canvas_fill_under(sg_vips_image *canvas, const double *xy, int count, double base_y,
                              int r, int g, int b, int alpha_line, int alpha_base) {
    if (!is_canvas(canvas, "sg_vips_canvas_fill_under"))
        return SG_VIPS_FAILED;
    if (count < 2)
        return SG_VIPS_OK;
    int first = (int) ceil(xy[0]), last = (int) floor(xy[2 * (count - 1)]);
    int segment = 0;
    for (int col = VIPS_MAX(first, 0); col <= last && col < canvas->Xsize; col++) {
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
        int top = VIPS_MAX((int) floor(line_y), 0);
        int bottom = VIPS_MIN((int) ceil(base_y), canvas->Ysize);
        for (int row = top; row < bottom; row++) {
            double u = (row + 0.5 - line_y) / (base_y - line_y);
            double partial = VIPS_MIN(1.0, VIPS_MAX(0.0, row + 1 - line_y));
            double alpha = (alpha_line + (alpha_base - alpha_line) * VIPS_CLIP(0.0, u, 1.0)) * partial;
            blend(VIPS_IMAGE_ADDR(canvas, col, row), r, g, b, (int) lround(alpha));
        }
    }
    return SG_VIPS_OK;
}
