import CMalloc
import Foundation

/// glibc gives every thread that contends for the heap its own arena, up to 8 per core; the bot's
/// many short-lived threads (dispatch workers, GRDB's queues, the HTTP thread) then each keep
/// megabytes of freed memory in their own arena. Two arenas keep the resident size close to
/// what is really live, at no measurable cost in the pipeline benchmark.
public enum MallocArenas {
    /// Caps the arenas at `count` unless the operator chose with `MALLOC_ARENA_MAX`. Call first
    /// thing at start-up, before threads exist.
    public static func limit(to count: Int32 = 2, environment: [String: String] = ProcessInfo.processInfo.environment) {
        guard environment["MALLOC_ARENA_MAX"] == nil else { return }
        _ = mallopt(M_ARENA_MAX, count)
    }
}
