// Opens libvips with dlopen and resolves the symbol table of sg_vips_symbols.h.
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include "sg_vips_dl.h"

#define SG_VIPS_DEFINE(name) __typeof__(name) *sg_dl_##name = NULL;
SG_VIPS_SYMBOLS(SG_VIPS_DEFINE)
#undef SG_VIPS_DEFINE

static const struct { const char *name; void **slot; } table[] = {
#define SG_VIPS_ENTRY(name) {#name, (void **) &sg_dl_##name},
    SG_VIPS_SYMBOLS(SG_VIPS_ENTRY)
#undef SG_VIPS_ENTRY
};

static pthread_once_t once = PTHREAD_ONCE_INIT;
static int opened = 0;
static char failure[512];

// The soname of the libvips 8.x ABI; SOGRETO_LIBVIPS names another file.
static void open_libvips(void) {
    const char *chosen = getenv("SOGRETO_LIBVIPS");
    const char *library = chosen && chosen[0] ? chosen : "libvips.so.42";
    void *handle = dlopen(library, RTLD_NOW | RTLD_GLOBAL);  // GLOBAL: for libvips' own modules
    if (!handle) {
        const char *reason = dlerror();
        snprintf(failure, sizeof failure, "libvips could not be loaded (%s)", reason ? reason : library);
        return;
    }
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
        if (!(*table[i].slot = dlsym(handle, table[i].name))) {
            // Too old a libvips: refused as a whole. The handle stays open (constructors ran).
            snprintf(failure, sizeof failure, "%s lacks the symbol %s", library, table[i].name);
            return;
        }
    }
    __atomic_store_n(&opened, 1, __ATOMIC_RELEASE);
}

int sg_vips_dl_open(void) {
    pthread_once(&once, open_libvips);
    return sg_vips_dl_is_open() ? 0 : -1;
}

int sg_vips_dl_is_open(void) {
    return __atomic_load_n(&opened, __ATOMIC_ACQUIRE);
}

const char *sg_vips_dl_error(void) {
    return failure[0] ? failure : NULL;
}
