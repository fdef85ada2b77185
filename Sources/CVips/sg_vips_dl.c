// Opens libvips with dlopen and fills the symbol table of sg_vips_symbols.h (see sg_vips_dl.h).
#define _GNU_SOURCE
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

// This file defines the pointers, so it sees the real declarations, without the renames.
#define SG_VIPS_DL_DEFINE_POINTERS
#include "sg_vips_dl.h"

#define SG_VIPS_SYMBOL(name) __typeof__(name) *sg_dl_##name = NULL;
#include "sg_vips_symbols.h"
#undef SG_VIPS_SYMBOL

typedef struct {
    const char *name;
    void **slot;
} sg_vips_dl_entry;

static const sg_vips_dl_entry table[] = {
#define SG_VIPS_SYMBOL(name) {#name, (void **) &sg_dl_##name},
#include "sg_vips_symbols.h"
#undef SG_VIPS_SYMBOL
};

// The soname of the libvips 8.x ABI (Debian 12: 8.14; 8.15 and 8.16 keep it). SOGRETO_LIBVIPS
// names another file (a libvips built elsewhere, or a missing one to test the failure path).
static const char *const default_library = "libvips.so.42";
static const char *library = NULL;

static pthread_once_t once = PTHREAD_ONCE_INIT;
static int opened = 0;  // written once inside pthread_once, read after it (or via is_open)
static char failure[512];

static void open_libvips(void) {
    const char *chosen = getenv("SOGRETO_LIBVIPS");
    library = (chosen && chosen[0]) ? chosen : default_library;
    // RTLD_GLOBAL: libvips' own modules (vips-heif) and the shim's FreeType look-ups
    // (dlsym(RTLD_DEFAULT, ...)) resolve against libvips and its dependencies.
    void *handle = dlopen(library, RTLD_NOW | RTLD_GLOBAL);
    if (!handle) {
        const char *reason = dlerror();
        snprintf(failure, sizeof failure, "libvips could not be loaded (%s)",
                 reason ? reason : library);
        return;
    }
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
        void *address = dlsym(handle, table[i].name);
        if (!address) {
            // Too old a libvips: refuse it as a whole rather than crash on one missing call.
            snprintf(failure, sizeof failure, "%s lacks the symbol %s", library, table[i].name);
            for (size_t j = 0; j < i; j++)
                *table[j].slot = NULL;
            return;  // the handle stays open: unloading libraries with constructors is unsafe
        }
        *table[i].slot = address;
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
