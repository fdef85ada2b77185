// glibc's malloc tuning (mallopt, M_ARENA_MAX), which the Glibc module does not include.
#ifndef SOGRETO_CMALLOC_SHIM_H
#define SOGRETO_CMALLOC_SHIM_H
#include <malloc.h>
#endif
