// Why: Debian's libharu copies and clears memory a byte at a time (HPDF_MemCpy: every embedded
// JPEG, two or three times; HPDF_MemSet: each font's 65 536-entry CID maps), ≈ 10 % of a diary
// render's CPU (BENCHMARKS.md). Linked without -Bsymbolic, its own calls go through the PLT and
// bind to these exported definitions (ELF interposition): same results, at libc's speed.
#include <string.h>
#include <hpdf_types.h>
#include "haru_speedups.h"

static volatile int interposed = 0;

__attribute__((visibility("default")))
HPDF_BYTE *HPDF_MemCpy(HPDF_BYTE *out, const HPDF_BYTE *in, HPDF_UINT n) {
    interposed = 1;
    if (out > in && out < in + n) {  // libharu's forward copy repeats an overlapping source
        for (HPDF_UINT i = 0; i < n; i++)
            out[i] = in[i];
    } else if (n) {
        memmove(out, in, n);
    }
    return out + n;  // both return the end of the written range
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
