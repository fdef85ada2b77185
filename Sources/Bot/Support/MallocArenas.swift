import CMalloc
import Foundation

/// glibc gives every thread that contends for the heap its own arena, up to 8 per core; freed
/// memory then stays spread over many arenas. Two arenas bound that. Measured in the pipeline
/// benchmark (2026-11-26): 77.6 MB peak RSS with two arenas, 77.9 MB with eight; no throughput
/// change. Kept as a bound for long runs; `MALLOC_ARENA_MAX` overrides it.
public enum MallocArenas {
    /// Caps the arenas at `count` unless the operator chose with `MALLOC_ARENA_MAX`. Call first
    /// thing at start-up, before threads exist.
    public static func limit(to count: Int32 = 2, environment: [String: String] = ProcessInfo.processInfo.environment) {
        guard environment["MALLOC_ARENA_MAX"] == nil else { return }
        _ = mallopt(M_ARENA_MAX, count)
    }
}
