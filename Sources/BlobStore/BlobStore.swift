public import Foundation

/// Content-addressed storage for media (photos, renders, diaries): a blob's key is the SHA-256
/// of its bytes, so storing the same bytes twice keeps one copy and a stored blob never changes.
/// Implementations: `FolderBlobStore` (a local folder, the default) and an S3-compatible bucket.
/// Nothing outside this module knows which one is in use or builds a blob's path.
public protocol BlobStore: Sendable {
    /// Stores the bytes of `file` unless a blob with the same content is already stored; returns
    /// its name and size. The file is read in chunks, never whole. Storing bytes that are already
    /// stored renews the blob's modification time, so a collector that spares young blobs spares it.
    func put(contentsOf file: URL, format: BlobFormat) async throws -> StoredBlob

    /// `put(contentsOf:)` for content arriving in chunks (a download, a request body).
    func put<Chunks: AsyncSequence>(chunks: Chunks, format: BlobFormat) async throws -> StoredBlob
        where Chunks.Element == Data

    /// `put(contentsOf:)` for bytes already in memory (a render).
    func put(_ data: Data, format: BlobFormat) async throws -> StoredBlob

    /// Writes the blob to `file` (replaced if present), streaming; `.missing` when there is none.
    func get(_ name: BlobName, to file: URL) async throws

    /// The blob's bytes in chunks, for reading without holding it whole; `.missing` when there is none.
    func chunks(of name: BlobName) async throws -> BlobChunks

    /// Whether the blob exists, with its size and modification time; nil when it does not.
    func head(_ name: BlobName) async throws -> BlobHead?

    /// Removes a blob; removing a missing blob is not an error.
    func delete(_ name: BlobName) async throws

    /// Up to `limit` blobs (at most 1,000) in path order, after `continuation` (nil: from the
    /// start); the page's `continuation` fetches the next page, nil after the last.
    func list(after continuation: String?, limit: Int) async throws -> BlobPage

    /// A local file already holding the blob's bytes (the folder store's own file), so readers
    /// skip a copy; nil when the blob must be fetched (`get(_:to:)`). Never write to it.
    func localFile(_ name: BlobName) -> URL?
}

/// What `put` stored.
public struct StoredBlob: Hashable, Sendable {
    public var name: BlobName
    public var size: Int64

    public init(name: BlobName, size: Int64) {
        self.name = name
        self.size = size
    }

    public var key: BlobKey { name.key }
}

/// What `head` reports about a stored blob.
public struct BlobHead: Hashable, Sendable {
    public var size: Int64
    public var modifiedAt: Date

    public init(size: Int64, modifiedAt: Date) {
        self.size = size
        self.modifiedAt = modifiedAt
    }
}

/// One blob in a listing.
public struct BlobEntry: Hashable, Sendable {
    public var name: BlobName
    public var size: Int64
    public var modifiedAt: Date

    public init(name: BlobName, size: Int64, modifiedAt: Date) {
        self.name = name
        self.size = size
        self.modifiedAt = modifiedAt
    }
}

/// One page of `list`: the blobs in path order and where the next page starts.
public struct BlobPage: Sendable {
    public var entries: [BlobEntry]
    /// Opaque; nil when this page is the last.
    public var continuation: String?

    public init(entries: [BlobEntry], continuation: String?) {
        self.entries = entries
        self.continuation = continuation
    }
}

/// The page size stores are asked for, S3's largest.
public let blobPageLimit = 1_000
