import Foundation
@testable import Fuzzing
import Testing

/// The hang limit times each input; what a parser loads once per process must be loaded before
/// it. The release run on a busy machine stopped on photo-probe's own corpus PNG (its first
/// non-JPEG input, which loads libvips) as "a hang".
@Suite("Fuzz targets load lazily loaded libraries before inputs are timed")
struct LazyLoadBeforeTheClockTests {
    @Test("preparing photo-probe loads libvips")
    func photoProbeLoadsLibvipsWhenPrepared() throws {
        let target = try #require(FuzzTargets.named("photo-probe"))
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("fuzz-prepare-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        // When the target is prepared, before any input
        _ = try target.prepare(FuzzHarnessTests.repository, scratch)
        // Then libvips is already in the process
        #expect(Self.mappedLibraries().contains("libvips.so"))
    }

    /// /proc/self/maps read to its end (procfs reports size 0, so read until EOF).
    static func mappedLibraries() -> String {
        guard let file = fopen("/proc/self/maps", "r") else { return "" }
        defer { fclose(file) }
        var text = ""
        var line = [CChar](repeating: 0, count: 4096)
        while fgets(&line, Int32(line.count), file) != nil { text += String(cString: line) }
        return text
    }
}
