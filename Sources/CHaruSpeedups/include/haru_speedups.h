// CHaruSpeedups: faster definitions of two libharu helpers (see haru_memory.c). Nothing to call:
// linking this target is what takes effect. The header exists so that SwiftPM builds a module.
#ifndef HARU_SPEEDUPS_H
#define HARU_SPEEDUPS_H

/// 1 when the running process uses these definitions (libharu's calls were interposed).
int haru_speedups_active(void);

#endif
