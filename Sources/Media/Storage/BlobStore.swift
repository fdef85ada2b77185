import Foundation

/// Content-addressed storage for photo bytes: a blob's key is the SHA-256 of its content, so
/// storing the same bytes twice keeps one copy. Calls block on I/O: use them off the
/// cooperative pool (e.g. inside a `MediaWorkers` job).
public protocol BlobStore: Sendable {
    /// Stores `data` (atomically: a reader sees all of it or nothing) and returns its key.
    @discardableResult
    func put(_ data: Data) throws -> BlobKey
    /// The bytes stored under `key`; throws `.missingBlob` when there are none.
    func get(_ key: BlobKey) throws -> Data
    func contains(_ key: BlobKey) -> Bool
    /// Removes a blob; removing a missing blob is not an error.
    func delete(_ key: BlobKey) throws
    /// Every stored key, e.g. for finding blobs no photo row refers to any more.
    func allKeys() throws -> [BlobKey]
}
