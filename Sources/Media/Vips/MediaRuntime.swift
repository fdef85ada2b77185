import CVips
import Foundation

/// Process-wide libvips settings. Starting is lazy and happens once; call `start` early (at
/// bot start-up) to fail fast if libvips cannot load, and to choose the threads per image.
public enum MediaRuntime {
    private static let startup: MediaError? = {
        guard sg_vips_start(0) == 0 else {
            return MediaRuntime.failure(.processing, "Starting libvips failed")
        }
        return nil
    }()

    /// Starts libvips (once) and sets how many threads each image pipeline may use: the CLI
    /// wants all cores for one job, a service running one job per core wants 1.
    public static func start(threadsPerImage: Int? = nil) throws {
        if let startup { throw startup }
        if let threadsPerImage { sg_vips_set_concurrency(Int32(max(1, threadsPerImage))) }
    }

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
