package import Foundation

/// A `BlobStore` in a dictionary, for tests (it runs the same contract suite as the real ones).
///
/// `@unchecked Sendable`: the dictionary is only touched while holding `lock`.
package final class InMemoryBlobStore: BlobStore, @unchecked Sendable {
    private let lock = NSLock()
    private var blobs: [BlobName: (data: Data, modifiedAt: Date)] = [:]

    package init() {}

    package func put(contentsOf file: URL, format: BlobFormat) async throws -> StoredBlob {
        guard let data = try? Data(contentsOf: file) else {
            throw BlobStoreError(.invalidInput, "The file to store, \(file.lastPathComponent), cannot be read.")
        }
        return try await put(data, format: format)
    }

    package func put<Chunks: AsyncSequence>(chunks: Chunks, format: BlobFormat) async throws -> StoredBlob
        where Chunks.Element == Data {
        var data = Data()
        for try await chunk in chunks { data.append(chunk) }
        return try await put(data, format: format)
    }

    package func put(_ data: Data, format: BlobFormat) async throws -> StoredBlob {
        let name = BlobName(key: BlobKey.of(data), format: format)
        lock.withLock { blobs[name] = (blobs[name]?.data ?? data, Date()) }
        return StoredBlob(name: name, size: Int64(data.count))
    }

    package func get(_ name: BlobName, to file: URL) async throws {
        let data = try stored(name)
        do {
            try data.write(to: file)
        } catch {
            throw BlobStoreError(.storage, "Writing the blob \(name.key) to \(file.path) failed.")
        }
    }

    package func chunks(of name: BlobName) async throws -> BlobChunks {
        BlobChunks(try stored(name))
    }

    package func head(_ name: BlobName) async throws -> BlobHead? {
        lock.withLock { blobs[name].map { BlobHead(size: Int64($0.data.count), modifiedAt: $0.modifiedAt) } }
    }

    package func delete(_ name: BlobName) async throws {
        _ = lock.withLock { blobs.removeValue(forKey: name) }
    }

    package func list(after continuation: String?, limit: Int) async throws -> BlobPage {
        guard (1...blobPageLimit).contains(limit) else {
            throw BlobStoreError(.invalidInput, "A page holds 1 to \(blobPageLimit) blobs, not \(limit).")
        }
        let sorted = lock.withLock { blobs.map { BlobEntry(name: $0.key, size: Int64($0.value.data.count), modifiedAt: $0.value.modifiedAt) } }
            .filter { entry in continuation.map { entry.name.path > $0 } ?? true }
            .sorted { $0.name < $1.name }
        let page = Array(sorted.prefix(limit))
        return BlobPage(entries: page, continuation: sorted.count > limit ? page.last?.name.path : nil)
    }

    private func stored(_ name: BlobName) throws -> Data {
        guard let data = lock.withLock({ blobs[name]?.data }) else { throw BlobStoreError.missing(name) }
        return data
    }
}
