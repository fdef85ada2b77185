import CDigest
import Foundation

/// SHA-256 over content that arrives in chunks, so a streamed blob is hashed as it is written.
public struct BlobHasher: Sendable {
    private var context = sg_sha256_context()
    public private(set) var byteCount: Int64 = 0

    public init() {
        sg_sha256_init(&context)
    }

    public mutating func update(_ chunk: Data) {
        chunk.withUnsafeBytes { sg_sha256_update(&context, $0.baseAddress, $0.count) }
        byteCount += Int64(chunk.count)
    }

    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        sg_sha256_update(&context, bytes.baseAddress, bytes.count)
        byteCount += Int64(bytes.count)
    }

    /// The key of everything passed to `update`.
    public func finish() -> BlobKey {
        var copy = context
        var digest = [CChar](repeating: 0, count: 65)
        sg_sha256_final_hex(&copy, &digest)
        return BlobKey(verifiedHex: String(decoding: digest.prefix(64).map { UInt8(bitPattern: $0) }, as: UTF8.self))
    }
}
