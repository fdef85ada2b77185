// libvips, loaded when first needed. Shim files include this header instead of <vips/vips.h>.
//
// The `sogreto` executable does not link libvips: Debian's libvips pulls in some 100 shared
// libraries (~25 ms and ~20 MB at every exec), and most commands (the diary, the bot's
// start-up, backups) never touch an image. sg_vips_dl_open() dlopens libvips once and resolves
// every symbol listed in sg_vips_symbols.h; after this header, each of those names means "call
// through the resolved pointer", so the shim's code reads as plain libvips code.
#ifndef SG_VIPS_DL_H
#define SG_VIPS_DL_H

#include <gmodule.h>
#include <vips/vips.h>

/// Opens libvips (once per process, thread-safe) and resolves every symbol of the table.
/// Returns 0 when libvips is usable; otherwise sg_vips_dl_error() says why, and no table
/// pointer may be used.
int sg_vips_dl_open(void);
/// 1 once sg_vips_dl_open() has succeeded; never loads anything itself.
int sg_vips_dl_is_open(void);
/// Why libvips could not be opened (a static string), or NULL.
const char *sg_vips_dl_error(void);

#define SG_VIPS_DL(name) (*sg_dl_##name)

#ifndef SG_VIPS_DL_DEFINE_POINTERS
#define SG_VIPS_SYMBOL(name) extern __typeof__(name) *sg_dl_##name;
#include "sg_vips_symbols.h"
#undef SG_VIPS_SYMBOL

#define SG_VIPS_RENAME
#include "sg_vips_symbols.h"
#undef SG_VIPS_RENAME
#endif

#endif
