import Foundation

/// Checks the blob store on disk: every blob is named after the SHA-256 of its bytes
/// (`media/ab/cd/<sha256>.<ext>`), so a torn or corrupted write shows as a name/content mismatch.
public enum MediaAudit {
    public struct Report: Sendable, Equatable {
        public var checked = 0
        /// Paths (relative to the media folder) whose content does not match their name.
        public var corrupt: [String] = []
        /// Leftovers of writes interrupted by a crash (`.tmp-…`): harmless, never referenced.
        public var temporaryLeftovers = 0

        public init() {}
    }

    public static func audit(_ media: URL) -> Report {
        var report = Report()
        for path in FileDigest.files(under: media) {
            let url = media.appendingPathComponent(path)
            let name = url.deletingPathExtension().lastPathComponent
            // Only content-addressed blobs: other files (none today) are not ours to judge.
            guard name.count == 64, name.allSatisfy(\.isHexDigit) else { continue }
            report.checked += 1
            if (try? FileDigest.sha256(of: url)) != name { report.corrupt.append(path) }
        }
        if let enumerator = FileManager.default.enumerator(atPath: media.path) {
            for case let path as String in enumerator where (path as NSString).lastPathComponent.hasPrefix(".tmp-") {
                report.temporaryLeftovers += 1
            }
        }
        return report
    }
}
