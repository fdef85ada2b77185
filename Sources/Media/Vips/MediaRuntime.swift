import CVips
import Foundation

/// libvips in this process. It is not linked: the shim loads it (dlopen) the first time a photo
/// that libjpeg does not decode is opened, so commands and services that never see one (the
/// diary, the bot until such a photo, plain JPEGs, every collage of stored photos) do not pay
/// its ~100 shared libraries. If it cannot be loaded, such a photo fails with a `MediaError`
/// saying so.
public enum MediaRuntime {
    /// Loads and starts libvips now (once); `threadsPerImage` as `setThreadsPerImage`.
    package static func start(threadsPerImage: Int? = nil) throws {
        if let threadsPerImage { setThreadsPerImage(threadsPerImage) }
        guard sg_vips_start() == 0 else { throw failure(.processing, "Starting libvips failed") }
    }

    /// Threads libvips may use to decode one image, without loading it: the CLI wants all cores
    /// for one job, a service running one job per worker wants 1.
    public static func setThreadsPerImage(_ threads: Int) {
        sg_vips_set_concurrency(Int32(max(1, threads)))
    }

    /// Whether libvips is in the process yet.
    static var isLoaded: Bool { sg_vips_is_loaded() != 0 }

    /// libvips objects alive now; returns to its earlier value when every image was freed.
    static var liveObjectCount: Int { Int(sg_vips_live_objects()) }

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
