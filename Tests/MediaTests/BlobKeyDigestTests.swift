import CVips
import Foundation
import Testing
@testable import Media

extension MediaTests {
    @Suite("Blob keys are standard SHA-256, with or without the CPU's SHA instructions")
    struct BlobKeyDigestTests {
        private func portable(_ data: Data) -> String {
            var digest = [CChar](repeating: 0, count: 65)
            data.withUnsafeBytes { sg_sha256_hex_portable($0.baseAddress, $0.count, &digest) }
            return String(decoding: digest.prefix(64).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }

        @Test("the published test vectors give the published digests")
        func knownVectors() {
            let vectors: [(String, String)] = [
                ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
                ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
                ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
                 "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
            ]
            for (text, expected) in vectors {
                #expect(BlobKey.of(Data(text.utf8)).hex == expected)
                #expect(portable(Data(text.utf8)) == expected)
            }
        }

        @Test("both paths agree on every length around the block boundaries and on a photo-sized buffer")
        func pathsAgree() {
            // Given bytes that are not all alike
            let bytes = Data((0..<300_000).map { UInt8(truncatingIfNeeded: $0 &* 7919 &+ ($0 >> 5)) })
            // When hashed at lengths that end just before, on and after 64-byte blocks
            for length in Array(0...200) + [4095, 4096, 65_537, 299_999] {
                let slice = bytes.prefix(length)
                // Then the accelerated and the portable digests are the same
                #expect(BlobKey.of(slice).hex == portable(slice), "length \(length)")
            }
        }
    }
}
