import Foundation
import Testing
@testable import Media

extension MediaTests {
    /// libvips is opened with dlopen on first use (Sources/CVips/sg_vips_dl.h); what needs no
    /// image, such as hashing a blob, works without it.
    @Suite("libvips loads lazily")
    struct LazyLibvipsTests {
        @Test("blob keys are SHA-256 (FIPS 180-4 vectors, padding into a second block)",
              arguments: [
                  ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
                  ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
                  ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
                   "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
              ])
        func sha256Vectors(message: String, digest: String) {
            // Given a message of 0, 3 or 56 bytes; When it is hashed; Then the digest is the standard one
            #expect(BlobKey.of(Data(message.utf8)).hex == digest)
        }

        @Test("a long message hashes across many blocks")
        func sha256OfAMillionAs() {
            // Given one million "a" (the FIPS long-message vector)
            let message = Data(repeating: UInt8(ascii: "a"), count: 1_000_000)
            // Then the digest is the standard one
            #expect(BlobKey.of(message).hex == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
        }

        @Test("the first image operation loads libvips into the process")
        func loadsOnFirstUse() throws {
            // When an image is made (libvips starts at the latest here)
            let image = try VipsImage.fromPixels([UInt8](repeating: 200, count: 4 * 4 * 3), width: 4, height: 4,
                                                 bands: 3, interpretation: .srgb)
            // Then libvips is loaded and mapped, and the image is usable
            #expect(MediaRuntime.isLoaded)
            #expect(Self.mappedFiles().contains("libvips.so.42"))
            #expect(image.width == 4)
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
