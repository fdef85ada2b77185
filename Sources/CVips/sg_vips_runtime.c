// Process-wide libvips set-up, error hand-off and object accounting.
#include <string.h>
#include <stdlib.h>
#include <vips/vips.h>
#include "sg_vips.h"

static gsize started = 0;

// libvips also logs warnings ("error in tile", "Premature end of JPEG file") through glib; the
// failures that matter reach the caller through the error buffer, and a service must not
// spray stderr for every damaged upload.
static void drop_vips_warning(const gchar *domain, GLogLevelFlags level, const gchar *message,
                              gpointer data) {
    (void) domain; (void) level; (void) message; (void) data;
}
static int start_result = 0;

int sg_vips_start(int concurrency) {
    if (g_once_init_enter(&started)) {
        int result = VIPS_INIT("sogreto");
        if (result == 0) {
            // Every image is processed once, so the operation cache only costs memory.
            vips_cache_set_max(0);
            // User files must never reach loaders libvips itself does not trust (ImageMagick,
            // PDF, SVG, ...): the probe's allow-list is the first guard, this the second.
            vips_block_untrusted_set(TRUE);
            g_log_set_handler("VIPS", G_LOG_LEVEL_WARNING | G_LOG_LEVEL_MESSAGE | G_LOG_LEVEL_INFO,
                              drop_vips_warning, NULL);
        }
        start_result = result;
        g_once_init_leave(&started, 1);
    }
    if (start_result == 0 && concurrency > 0)
        vips_concurrency_set(concurrency);
    return start_result;
}

void sg_vips_set_concurrency(int concurrency) {
    if (concurrency > 0)
        vips_concurrency_set(concurrency);
}

char *sg_vips_error_take(void) {
    char *glib_copy = vips_error_buffer_copy();  // copies and clears
    char *copy = strdup(glib_copy ? glib_copy : "");
    g_free(glib_copy);
    // libvips ends messages with a newline (several lines when a failure has causes).
    size_t n = strlen(copy);
    while (n > 0 && (copy[n - 1] == '\n' || copy[n - 1] == ' '))
        copy[--n] = '\0';
    return copy;
}

void sg_vips_free(void *data) {
    g_free(data);
}

void sg_vips_image_unref(sg_vips_image *image) {
    if (image)
        g_object_unref(image);
}

static void *count_object(VipsObject *object, void *a, void *b) {
    (void) object;
    (void) b;
    (*(int *) a)++;
    return NULL;
}

int sg_vips_live_objects(void) {
    int count = 0;
    vips_object_map((VipsSListMap2Fn) count_object, &count, NULL);
    return count;
}

void sg_vips_thread_shutdown(void) {
    vips_thread_shutdown();
}

void sg_vips_sha256_hex(const void *data, size_t length, char out[65]) {
    GChecksum *checksum = g_checksum_new(G_CHECKSUM_SHA256);
    g_checksum_update(checksum, data, (gssize) length);
    g_strlcpy(out, g_checksum_get_string(checksum), 65);
    g_checksum_free(checksum);
}
