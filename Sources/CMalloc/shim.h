// glibc's malloc tuning (mallopt, malloc_trim), which the Glibc module does not include.
#ifndef SOGRETO_CMALLOC_SHIM_H
#define SOGRETO_CMALLOC_SHIM_H
#include <malloc.h>
#endif
