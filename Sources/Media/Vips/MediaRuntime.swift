import CVips
import Foundation

/// Process-wide libvips settings. libvips is not linked: the shim loads it (dlopen) the first
/// time an image is opened, so commands and services that never touch an image (the diary, the
/// bot until its first photo) do not pay its ~100 shared libraries. If it cannot be loaded,
/// every image operation throws a `MediaError` saying so.
public enum MediaRuntime {
    private static let startup: MediaError? = {
        guard sg_vips_start(0) == 0 else {
            return MediaRuntime.failure(.processing, "Starting libvips failed")
        }
        return nil
    }()

    /// Loads and starts libvips now (once) and sets how many threads each image pipeline may
    /// use: the CLI wants all cores for one job, a service running one job per core wants 1.
    public static func start(threadsPerImage: Int? = nil) throws {
        if let threadsPerImage { setThreadsPerImage(threadsPerImage) }
        if let startup { throw startup }
    }

    /// Chooses the threads per image pipeline without loading libvips: a service calls this at
    /// start-up and libvips, loaded with the first image, starts with that setting.
    public static func setThreadsPerImage(_ threads: Int) {
        sg_vips_set_concurrency(Int32(max(1, threads)))
    }

    /// Whether libvips is in the process yet (it loads with the first image operation).
    public static var isLoaded: Bool { sg_vips_is_loaded() != 0 }

    /// For services: downloads and decoded photos are megabytes each, allocated on several
    /// threads. glibc's adaptive mmap threshold soon serves such blocks from per-thread heaps that
    /// keep the memory once freed (hundreds of MB resident after a burst of uploads); a fixed
    /// 1 MiB threshold maps every big buffer on its own and gives it back when it is freed.
    public static func returnLargeBuffersWhenFreed() {
        sg_vips_fix_mmap_threshold(1 << 20)
    }

    /// libvips objects alive now; returns to its earlier value when every image was freed.
    public static var liveObjectCount: Int { Int(sg_vips_live_objects()) }

    /// Reads libvips' error buffer (which reading clears) and turns it into a `MediaError`.
    /// Call exactly once per failed shim call.
    static func failure(_ reason: MediaError.Reason, _ context: String) -> MediaError {
        let message = sg_vips_error_take().map { pointer -> String in
            defer { free(pointer) }
            return String(cString: pointer)
        } ?? ""
        let detail = message
            .split(whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
            .joined(separator: "; ")
        return MediaError(reason, detail.isEmpty ? "\(context)." : "\(context) (\(detail)).")
    }
}
