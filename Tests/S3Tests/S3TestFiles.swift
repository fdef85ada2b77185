import Foundation
@testable import S3

/// Files for uploads and downloads in a folder of the test's own.
struct S3TestFiles {
    let folder: URL

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("sogreto-s3-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    /// A file of `count` bytes of a repeatable pattern (varied by `seed`); its SHA-256.
    func file(bytes count: Int, seed: UInt8 = 1, name: String = UUID().uuidString) throws -> (url: URL, sha256: String) {
        var bytes = [UInt8](repeating: 0, count: count)
        var state = UInt32(seed) &* 2_654_435_761 | 1
        for index in 0..<count {
            state ^= state << 13
            state ^= state >> 17
            state ^= state << 5
            bytes[index] = UInt8(truncatingIfNeeded: state)
        }
        let data = Data(bytes)
        let url = folder.appendingPathComponent(name)
        try data.write(to: url)
        return (url, S3Client.sha256(data))
    }

    func path(_ name: String) -> URL { folder.appendingPathComponent(name) }

    static func sha256(of url: URL) throws -> String { S3Client.sha256(try Data(contentsOf: url)) }

    func remove() { try? FileManager.default.removeItem(at: folder) }
}
