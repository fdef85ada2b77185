// libvips, opened with dlopen when first needed (sg_vips_dl.c): most processes (the diary, the
// bot's start-up, photos that are plain JPEGs) never map its ~100 shared libraries.
#ifndef SG_VIPS_DL_H
#define SG_VIPS_DL_H

#define G_DISABLE_CAST_CHECKS  // GObject casts stay plain casts: no type-system calls behind them
#include <vips/vips.h>
#include "sg_vips_symbols.h"

#define SG_VIPS_DECLARE(name) extern __typeof__(name) *sg_dl_##name;
SG_VIPS_SYMBOLS(SG_VIPS_DECLARE)
#undef SG_VIPS_DECLARE

/// A libvips/GLib function through the table.
#define V(name) (*sg_dl_##name)

/// Opens libvips (once per process, thread-safe) and resolves the whole table: 0 when usable;
/// otherwise sg_vips_dl_error() says why and no V() call may be made.
int sg_vips_dl_open(void);
int sg_vips_dl_is_open(void);
const char *sg_vips_dl_error(void);

#endif
