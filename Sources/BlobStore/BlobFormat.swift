import Foundation

/// What a blob holds, which names its file (`<sha256>.jpg`) and its content type: photos and
/// renders are JPEG, diaries PDF. Other extensions found in a store are kept as they are.
public struct BlobFormat: Hashable, Sendable, CustomStringConvertible {
    /// The file extension without the dot: 1 to 8 lowercase letters or digits.
    public let fileExtension: String

    public static let jpeg = BlobFormat(verified: "jpg")
    public static let pdf = BlobFormat(verified: "pdf")

    /// A format from a file extension; nil unless it is 1 to 8 lowercase letters or digits.
    public init?(fileExtension: String) {
        let bytes = fileExtension.utf8
        guard (1...8).contains(bytes.count),
              bytes.allSatisfy({ (48...57).contains($0) || (97...122).contains($0) }) else { return nil }
        self.fileExtension = fileExtension
    }

    private init(verified: String) {
        fileExtension = verified
    }

    /// The MIME type an object store records (and Telegram is told on upload).
    public var mimeType: String {
        switch fileExtension {
        case "jpg", "jpeg": return "image/jpeg"
        case "pdf": return "application/pdf"
        case "png": return "image/png"
        default: return "application/octet-stream"
        }
    }

    public var description: String { fileExtension }
}
