import Crypto
public import Foundation

/// SHA-256 over content that arrives in chunks, so a streamed blob is hashed as it is written.
/// swift-crypto's BoringSSL uses the CPU's SHA extensions when it has them.
public struct BlobHasher: Sendable {
    private var hasher = SHA256()
    public private(set) var byteCount: Int64 = 0

    public init() {}

    public mutating func update(_ chunk: Data) {
        hasher.update(data: chunk)
        byteCount += Int64(chunk.count)
    }

    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        hasher.update(bufferPointer: bytes)
        byteCount += Int64(bytes.count)
    }

    /// The key of everything passed to `update`.
    public func finish() -> BlobKey {
        BlobKey(verifiedHex: Self.hex(hasher.finalize()))
    }

    /// 64 lowercase hex digits of a digest.
    static func hex(_ digest: SHA256.Digest) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text = [UInt8]()
        text.reserveCapacity(64)
        for byte in digest {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 15)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
