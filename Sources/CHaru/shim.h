// libharu has no pkg-config file: the system header is included directly.
#include <hpdf.h>
