import Foundation

/// A `BlobStore` in a dictionary, for tests.
///
/// `@unchecked Sendable`: the dictionary is only touched while holding `lock`.
public final class InMemoryBlobStore: BlobStore, @unchecked Sendable {
    private let lock = NSLock()
    private var blobs: [BlobKey: Data] = [:]

    public init() {}

    @discardableResult
    public func put(_ data: Data) throws -> BlobKey {
        let key = BlobKey.of(data)
        lock.withLock { blobs[key] = blobs[key] ?? data }
        return key
    }

    public func get(_ key: BlobKey) throws -> Data {
        guard let data = lock.withLock({ blobs[key] }) else {
            throw MediaError(.missingBlob, "No blob is stored under \(key).")
        }
        return data
    }

    public func contains(_ key: BlobKey) -> Bool {
        lock.withLock { blobs[key] != nil }
    }

    public func delete(_ key: BlobKey) throws {
        _ = lock.withLock { blobs.removeValue(forKey: key) }
    }

    public func allKeys() throws -> [BlobKey] {
        lock.withLock { blobs.keys.sorted() }
    }
}
