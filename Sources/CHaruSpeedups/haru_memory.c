// libharu 2.3.0 copies and clears memory one byte at a time (HPDF_MemCpy, HPDF_MemSet): every
// embedded JPEG (≈ 200 KB each, ten per diary) passes through HPDF_MemCpy two or three times,
// and each document clears its 65 536-entry CID maps with HPDF_MemSet. Measured on the bench
// diary that is ≈ 12 % of the render. Debian builds libharu without -Bsymbolic, so its own calls
// to these exported functions go through the PLT and bind to a definition in the executable,
// as the ELF rules for symbol interposition specify: these define the same functions, with the
// same results (both return the end of the written range), on top of libc's vectorised ones.
#include <stdint.h>
#include <string.h>
#include <hpdf_types.h>
#include "haru_speedups.h"

static volatile int interposed = 0;

__attribute__((visibility("default")))
HPDF_BYTE *HPDF_MemCpy(HPDF_BYTE *out, const HPDF_BYTE *in, HPDF_UINT n) {
    interposed = 1;
    if (out > in && out < in + n) {
        // libharu copies forwards, byte by byte; an overlap with the target after the source
        // (never seen, kept for equal results) repeats the source, which memmove would not.
        for (HPDF_UINT i = 0; i < n; i++)
            out[i] = in[i];
    } else if (n) {
        memmove(out, in, n);
    }
    return out + n;
}

__attribute__((visibility("default")))
HPDF_BYTE *HPDF_MemSet(void *s, HPDF_BYTE c, HPDF_UINT n) {
    interposed = 1;
    if (n)
        memset(s, c, n);
    return (HPDF_BYTE *) s + n;
}

int haru_speedups_active(void) {
    return interposed;
}
