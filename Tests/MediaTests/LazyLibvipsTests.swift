import Foundation
import Testing
@testable import Media

extension MediaTests {
    /// libvips is opened with dlopen on first use (Sources/CVips/sg_vips_dl.h).
    @Suite("libvips loads lazily")
    struct LazyLibvipsTests {
        @Test("the first image operation loads libvips into the process")
        func loadsOnFirstUse() throws {
            // When an image is encoded by libvips (which starts at the latest here)
            let image = try FixtureImage.fromPixels([UInt8](repeating: 200, count: 4 * 4 * 3), width: 4, height: 4,
                                                 bands: 3, interpretation: .srgb).encoded(as: ".png")
            // Then libvips is loaded and mapped, and the image is usable
            #expect(MediaRuntime.isLoaded)
            #expect(Self.mappedFiles().contains("libvips.so.42"))
            #expect(try Pixels(image).width == 4)
        }

        /// /proc/self/maps read to its end (procfs reports size 0, so read until EOF).
        static func mappedFiles() -> String {
            guard let file = fopen("/proc/self/maps", "r") else { return "" }
            defer { fclose(file) }
            var bytes: [UInt8] = []
            var chunk = [UInt8](repeating: 0, count: 65536)
            while true {
                let count = fread(&chunk, 1, chunk.count, file)
                if count == 0 { break }
                bytes += chunk[0..<count]
            }
            return String(decoding: bytes, as: UTF8.self)
        }
    }
}
