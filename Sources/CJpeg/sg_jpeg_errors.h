// libjpeg error handling shared by CJpeg's files (internal: not in include/).
//
// libjpeg reports fatal errors through error_exit, which must not return: it jumps back to the
// call that started the work. Warnings go through emit_message; truncation is the one warning
// that fails (as libvips' fail_on=truncated does): libjpeg would otherwise fill the missing
// part with grey and call the photo fine. Nothing is ever printed.
#ifndef SG_JPEG_ERRORS_H
#define SG_JPEG_ERRORS_H

#include <setjmp.h>
#include <stddef.h>
#include <stdio.h>  // jpeglib.h needs FILE
#include <jpeglib.h>

typedef struct {
    struct jpeg_error_mgr pub;
    jmp_buf jump;
    char *error;
    size_t error_size;
    /// The encoder's output buffer, which libjpeg (re)allocates with malloc as it grows. Kept
    /// here, in memory whose address libjpeg holds, so it can still be freed after a longjmp.
    unsigned char *output;
    unsigned long output_size;
} sg_jpeg_errors;

/// Sets up `manager` (clearing `error`) and returns what goes into cinfo.err.
struct jpeg_error_mgr *sg_jpeg_errors_init(sg_jpeg_errors *manager, char *error, size_t error_size);
/// Writes `text` as the failure's sentence.
void sg_jpeg_fail_with(char *error, size_t error_size, const char *text);
/// Writes `text` as the failure's sentence and jumps back to the call that started the work.
__attribute__((noreturn)) void sg_jpeg_fail(sg_jpeg_errors *manager, const char *text);
/// Whether the bytes start with a JPEG's SOI marker.
int sg_jpeg_looks_like_jpeg(const void *data, size_t length);

#endif
