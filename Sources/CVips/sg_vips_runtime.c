// Process-wide libvips set-up, error hand-off and object accounting.
#define _GNU_SOURCE
#include <dlfcn.h>
#include <sys/resource.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <sys/syscall.h>
#include <unistd.h>
#include <string.h>
#include <stdlib.h>
#include <pthread.h>
#include "sg_vips_dl.h"
#include "sg_vips.h"

static pthread_once_t started = PTHREAD_ONCE_INIT;
// A thread count asked for before libvips was loaded, applied when it starts (0: the default).
static int pending_concurrency = 0;
// 1 once VIPS_INIT succeeded (atomic: sg_vips_set_concurrency reads it from any thread).
static int ready = 0;

// libvips also logs warnings ("error in tile", "Premature end of JPEG file") through glib; the
// failures that matter reach the caller through the error buffer, and a service must not
// spray stderr for every damaged upload.
static void drop_vips_warning(const gchar *domain, GLogLevelFlags level, const gchar *message,
                              gpointer data) {
    (void) domain; (void) level; (void) message; (void) data;
}
static int start_result = 0;

// libvips' optional modules (Debian: heif, jxl, magick, openslide, poppler) sit next to
// libvips itself. VIPS_INIT loads all of them, and with them some 100 more shared libraries:
// measured, that doubles start-up (callgrind: 81 M -> 173 M instructions) and adds ~7 MB of
// resident memory to every process, though the diary only ever needs HEIF and the others are
// blocked as untrusted anyway. So start-up skips them, and sg_vips_load_modules() brings in
// the HEIF module the first time a file (or a save suffix) needs it.
static char *modules_dir = NULL;

static void remember_modules_dir(void) {
    Dl_info info;
    if (dladdr((void *) vips_init, &info) && info.dli_fname) {
        char *libdir = g_path_get_dirname(info.dli_fname);
        modules_dir = g_strdup_printf("%s/vips-modules-%d.%d", libdir,
                                      vips_version(0), vips_version(1));
        g_free(libdir);
    }
}

static void start_libvips(void) {
    if (sg_vips_dl_open() != 0) {
        start_result = -1;
        return;
    }
    {
        // An operator's own VIPSHOME is respected (modules then load as libvips decides).
        // Otherwise VIPSHOME names a directory without modules; VIPS_INIT itself would set
        // VIPSHOME here anyway (to the guessed prefix), so the environment sees one write, as
        // before, once, before any other libvips use.
        if (!g_getenv("VIPSHOME")) {
            remember_modules_dir();
            if (modules_dir)
                g_setenv("VIPSHOME", "/nonexistent/sogreto-loads-vips-modules-on-demand", TRUE);
        }
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
        if (result == 0) {
            // Published before the pending count is read, and sg_vips_set_concurrency stores
            // its count before it reads `ready` (both sequentially consistent): a count set
            // while libvips starts is applied by at least one of the two.
            __atomic_store_n(&ready, 1, __ATOMIC_SEQ_CST);
            int pending = __atomic_load_n(&pending_concurrency, __ATOMIC_SEQ_CST);
            if (pending > 0)
                vips_concurrency_set(pending);
        }
    }
}

int sg_vips_start(int concurrency) {
    pthread_once(&started, start_libvips);
    if (start_result == 0 && concurrency > 0)
        vips_concurrency_set(concurrency);
    return start_result;
}

int sg_vips_is_loaded(void) {
    return sg_vips_dl_is_open();
}

int sg_vips_load_modules(void) {
    if (!sg_vips_dl_is_open())
        return 0;
    static GMutex lock;
    static gboolean tried = FALSE;
    int loaded = 0;
    g_mutex_lock(&lock);
    if (!tried && modules_dir) {
        tried = TRUE;
        // Only the formats the diary takes: HEIC/HEIF and AVIF.
        char *path = g_build_filename(modules_dir, "vips-heif." G_MODULE_SUFFIX, NULL);
        // The module registers its loaders and savers in g_module_check_init and makes itself
        // resident, exactly as when VIPS_INIT loads it. GModule comes with libvips (which links
        // it); g_module_open is resolved with the rest of the table.
        GModule *module = g_module_open(path, G_MODULE_BIND_LAZY);
        g_free(path);
        if (module) {
            loaded = 1;
            vips_block_untrusted_set(TRUE);  // in case the module brought untrusted operations
        }
    }
    g_mutex_unlock(&lock);
    return loaded;
}

void sg_vips_set_concurrency(int concurrency) {
    if (concurrency <= 0)
        return;
    // Before libvips is loaded the choice is kept for start-up: setting a thread count must not
    // load libvips (the bot sets it at start-up, long before its first photo).
    __atomic_store_n(&pending_concurrency, concurrency, __ATOMIC_SEQ_CST);
    if (__atomic_load_n(&ready, __ATOMIC_SEQ_CST))
        vips_concurrency_set(concurrency);
}

char *sg_vips_error_take(void) {
    if (!sg_vips_dl_is_open()) {
        const char *reason = sg_vips_dl_error();
        return strdup(reason ? reason : "");
    }
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
    if (data)  // only libvips returns such memory, so libvips is loaded
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
    if (!sg_vips_dl_is_open())
        return 0;
    int count = 0;
    vips_object_map((VipsSListMap2Fn) count_object, &count, NULL);
    return count;
}

void sg_vips_thread_shutdown(void) {
    // A worker thread that never touched an image has no libvips state to free.
    if (sg_vips_dl_is_open())
        vips_thread_shutdown();
}

int sg_vips_thread_lower_priority(int niceness) {
#ifdef __linux__
    // On Linux a nice value belongs to the thread (its kernel task id), not the process.
    return setpriority(PRIO_PROCESS, (id_t) syscall(SYS_gettid), niceness);
#else
    (void) niceness;
    return 0;
#endif
}

void sg_vips_fix_mmap_threshold(int bytes) {
#ifdef __GLIBC__
    mallopt(M_MMAP_THRESHOLD, bytes);
#else
    (void) bytes;
#endif
}
