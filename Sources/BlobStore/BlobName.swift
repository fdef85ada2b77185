import Foundation

/// One stored blob: its content's key and its format. Its `path` (`ab/cd/<sha256>.jpg`) is the
/// one storage layout: the file under the media folder and the object key under an S3 prefix.
public struct BlobName: Hashable, Sendable, Comparable, CustomStringConvertible {
    public let key: BlobKey
    public let format: BlobFormat

    public init(key: BlobKey, format: BlobFormat) {
        self.key = key
        self.format = format
    }

    /// A name from a row's hex key; nil when the hex is not a key.
    public init?(hex: String, format: BlobFormat) {
        guard let key = BlobKey(hex: hex) else { return nil }
        self.init(key: key, format: format)
    }

    /// `ab/cd/<sha256>.<ext>`: two levels of 256 folders keep each folder small.
    public var path: String {
        let hex = key.hex
        return "\(hex.prefix(2))/\(hex.dropFirst(2).prefix(2))/\(hex).\(format.fileExtension)"
    }

    /// The name a layout path stands for; nil for anything else (temporary files, strangers,
    /// a blob filed under the wrong folders).
    public init?(path: String) {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 3, let dot = parts[2].firstIndex(of: ".") else { return nil }
        let file = parts[2]
        guard let key = BlobKey(hex: String(file[..<dot])),
              let format = BlobFormat(fileExtension: String(file[file.index(after: dot)...])) else { return nil }
        self.init(key: key, format: format)
        guard self.path == path else { return nil }
    }

    public var description: String { path }

    public static func < (lhs: BlobName, rhs: BlobName) -> Bool { lhs.path < rhs.path }
}

extension BlobName: Codable {
    /// Encoded as its path, the form rows and messages keep.
    public init(from decoder: any Decoder) throws {
        let path = try decoder.singleValueContainer().decode(String.self)
        guard let name = BlobName(path: path) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                                                    debugDescription: "A blob name is ab/cd/<sha256>.<extension>."))
        }
        self = name
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(path)
    }
}
