public import Foundation

/// A remote `BlobStore` with a bounded local copy of what was read lately (`BlobReadCache`):
/// renders read the same photos again and again (a collage, then a timeline, then the PDF),
/// and each read from a bucket is a download. Writes, listings and heads go to the store.
public struct ReadCachedBlobStore: BlobStore {
    public let base: any BlobStore
    public let cache: BlobReadCache
    private static let readChunk = 256 * 1024

    public init(base: any BlobStore, cache: BlobReadCache) {
        self.base = base
        self.cache = cache
    }

    public func put(contentsOf file: URL, format: BlobFormat) async throws -> StoredBlob {
        try await base.put(contentsOf: file, format: format)
    }

    public func put<Chunks: AsyncSequence>(chunks: Chunks, format: BlobFormat) async throws -> StoredBlob
        where Chunks.Element == Data {
        try await base.put(chunks: chunks, format: format)
    }

    public func put(_ data: Data, format: BlobFormat) async throws -> StoredBlob {
        try await base.put(data, format: format)
    }

    /// A hard link to the cached copy (it survives the copy's eviction), after a download when
    /// the blob is not cached yet.
    public func get(_ name: BlobName, to file: URL) async throws {
        unlink(file.path)
        if let cached = cache.file(for: name), link(cached.path, file.path) == 0 { return }
        let download = cache.downloadFile()
        try await base.get(name, to: download)
        if let cached = cache.admit(download, as: name), link(cached.path, file.path) == 0 { return }
        if rename(download.path, file.path) == 0 { return }
        unlink(download.path)
        // The cache's folder and `file` are on different file systems, or the copy was evicted at once.
        try await base.get(name, to: file)
    }

    public func chunks(of name: BlobName) async throws -> BlobChunks {
        if let cached = cache.file(for: name), let handle = try? FileHandle(forReadingFrom: cached) {
            return Self.chunks(from: handle)
        }
        let download = cache.downloadFile()
        defer { unlink(download.path) }
        try await base.get(name, to: download)
        let file = cache.admit(download, as: name) ?? download
        guard let handle = try? FileHandle(forReadingFrom: file) else { return try await base.chunks(of: name) }
        return Self.chunks(from: handle)
    }

    public func head(_ name: BlobName) async throws -> BlobHead? {
        try await base.head(name)
    }

    public func delete(_ name: BlobName) async throws {
        cache.remove(name)
        try await base.delete(name)
    }

    public func list(after continuation: String?, limit: Int) async throws -> BlobPage {
        try await base.list(after: continuation, limit: limit)
    }

    /// An open file read in chunks (unlinking or evicting the file meanwhile does not matter).
    private static func chunks(from handle: FileHandle) -> BlobChunks {
        BlobChunks(next: {
            guard let chunk = try handle.read(upToCount: readChunk), !chunk.isEmpty else {
                try? handle.close()
                return nil
            }
            return chunk
        })
    }
}
