// The system libvips headers. Only the CVips shim includes them; Swift code never imports this
// module directly (it exists so that SwiftPM passes `pkg-config vips` flags to the shim).
#include <vips/vips.h>
