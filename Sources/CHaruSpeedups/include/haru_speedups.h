// CHaruSpeedups: faster libharu helpers that take effect by being linked (see haru_memory.c).
#ifndef HARU_SPEEDUPS_H
#define HARU_SPEEDUPS_H
/// 1 once libharu has called these definitions (its calls were interposed).
int haru_speedups_active(void);
#endif
