import Foundation

/// A blob store failure, with a sentence that says what happened (never a secret).
public struct BlobStoreError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Code: String, Sendable, Equatable {
        /// No blob is stored under the name.
        case missing
        /// Reading or writing the storage failed (disk, permissions, a refused request).
        case storage
        /// The storage could not be reached, or answered with a server error, after retries.
        case unavailable
        /// The input is not acceptable (a bad name, a page size out of range, a stream that failed).
        case invalidInput
    }

    public let code: Code
    public let message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public static func missing(_ name: BlobName) -> BlobStoreError {
        BlobStoreError(.missing, "No blob is stored under \(name.key).")
    }

    public var description: String { message }
}
