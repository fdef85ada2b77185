import Bot
public import Media
import Foundation

/// What the blob store really holds (photos, renders, PDFs), listed page by page through the
/// store, so admin figures and orphan reports work the same on the media folder and on S3.
public struct BlobInventory: Sendable {
    public let store: any BlobStore

    public init(store: any BlobStore) {
        self.store = store
    }

    package struct Blob: Sendable, Equatable {
        package var name: BlobName
        var bytes: Int64
        var modifiedAt: Date

        var hex: String { name.key.hex }
    }

    /// Every stored blob, in key order.
    func scan() async throws -> [Blob] {
        do {
            return try await store.allEntries().map { Blob(name: $0.name, bytes: $0.size, modifiedAt: $0.modifiedAt) }
        } catch let error as BlobStoreError {
            throw AdminError.storage("Listing the stored media failed: \(error.message)")
        }
    }

    /// Deletes every format stored under `hex` (rows keep keys, not formats); returns the bytes freed.
    @discardableResult
    func delete(_ hex: String) async throws -> Int64 {
        var freed: Int64 = 0
        for format in [BlobFormat.jpeg, .pdf] {
            guard let name = BlobName(hex: hex, format: format) else { return 0 }
            do {
                guard let head = try await store.head(name) else { continue }
                try await store.delete(name)
                freed += head.size
            } catch let error as BlobStoreError {
                throw AdminError.storage("Deleting the blob \(hex) failed: \(error.message)")
            }
        }
        return freed
    }
}
