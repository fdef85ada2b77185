import Foundation
import Testing
@testable import Media

extension MediaTests {
    @Suite("SHA-256 content addresses")
    struct DigestTests {
        /// The streamed hasher's key of `data`, fed in uneven chunks.
        private static func streamed(_ data: Data) -> String {
            var hasher = BlobHasher()
            var offset = 0, size = 1
            while offset < data.count {
                let end = min(data.count, offset + size)
                hasher.update(data.subdata(in: offset..<end))
                offset = end
                size = size * 3 + 1
            }
            return hasher.finish().hex
        }

        /// coreutils' answer for the same bytes: an independent implementation.
        private static func coreutils(_ data: Data) throws -> String {
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("sogreto-digest-\(UUID().uuidString)")
            try data.write(to: file)
            defer { try? FileManager.default.removeItem(at: file) }
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
            process.arguments = [file.path]
            let output = Pipe()
            process.standardOutput = output
            try process.run()
            let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            return String(text.prefix(64))
        }

        private static func randomData(_ count: Int) -> Data {
            var generator = SystemRandomNumberGenerator()
            var words = [UInt64](repeating: 0, count: count / 8 + 1)
            for index in words.indices { words[index] = generator.next() }
            return words.withUnsafeBytes { Data($0.prefix(count)) }
        }

        @Test("the FIPS 180-4 examples hash to their published digests")
        func publishedVectors() {
            let vectors: [(String, String)] = [
                ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
                ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
                ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
                 "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
            ]
            for (text, digest) in vectors {
                #expect(BlobKey.of(Data(text.utf8)).hex == digest)
                #expect(Self.streamed(Data(text.utf8)) == digest)
            }
            let million = Data(repeating: UInt8(ascii: "a"), count: 1_000_000)
            #expect(BlobKey.of(million).hex == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
        }

        @Test("every length around the block and padding edges agrees with sha256sum")
        func lengthsAroundBlockEdges() throws {
            let source = Self.randomData(5000)
            // 55/56/64/119/120/128 bytes are where the length field moves into a second final block.
            let lengths = [1, 55, 56, 57, 63, 64, 65, 119, 120, 127, 128, 129, 1000, 4999]
            for length in lengths {
                let data = source.prefix(length)
                let expected = try Self.coreutils(Data(data))
                #expect(BlobKey.of(Data(data)).hex == expected, "length \(length)")
                #expect(Self.streamed(Data(data)) == expected, "length \(length), streamed")
            }
        }

        @Test("a key streamed in chunks equals the key of the whole, on large input")
        func streamedMatchesWhole() {
            let data = Self.randomData(3 * 1_048_576 + 17)
            #expect(BlobKey.of(data).hex == Self.streamed(data))
            for length in Array(0...200) + [4095, 4096, 65_537] {
                let slice = Data(data.prefix(length))
                #expect(BlobKey.of(slice).hex == Self.streamed(slice), "length \(length)")
            }
        }
    }
}
