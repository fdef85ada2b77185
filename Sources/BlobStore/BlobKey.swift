import Crypto
public import Foundation

/// The address of a stored blob: the SHA-256 of its bytes as 64 lowercase hex digits.
public struct BlobKey: Hashable, Sendable, Codable, CustomStringConvertible, Comparable {
    public let hex: String

    /// A key from its hex form; nil unless it is 64 lowercase hex digits.
    public init?(hex: String) {
        guard hex.utf8.count == 64,
              hex.utf8.allSatisfy({ (48...57).contains($0) || (97...102).contains($0) }) else { return nil }
        self.hex = hex
    }

    /// The key of `data` (swift-crypto: the CPU's SHA instructions when it has them).
    public static func of(_ data: Data) -> BlobKey {
        BlobKey(verifiedHex: BlobHasher.hex(SHA256.hash(data: data)))
    }

    init(verifiedHex: String) {
        hex = verifiedHex
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let key = BlobKey(hex: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                                                    debugDescription: "A blob key is 64 lowercase hex digits."))
        }
        self = key
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(hex)
    }

    public var description: String { hex }

    public static func < (lhs: BlobKey, rhs: BlobKey) -> Bool { lhs.hex < rhs.hex }
}
