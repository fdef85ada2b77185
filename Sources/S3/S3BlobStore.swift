public import BlobStore
public import Foundation

/// A `BlobStore` on an S3-compatible bucket: a blob is the object `<prefix><ab/cd/sha256.ext>`.
/// Uploads are streamed from files (content arriving in chunks goes through a work file in
/// `scratch` first, hashed as it is written); nothing stays on the local disk afterwards.
public struct S3BlobStore: BlobStore {
    public let client: S3Client
    private let scratch: URL
    private static let readChunk = 256 * 1024

    /// `scratch`: a local folder for work files (created when missing).
    public init(client: S3Client, scratch: URL) {
        self.client = client
        self.scratch = scratch
    }

    public func put(contentsOf file: URL, format: BlobFormat) async throws -> StoredBlob {
        let (key, size) = try Self.hash(file)
        return try await store(file: file, as: BlobName(key: key, format: format), size: size)
    }

    public func put<Chunks: AsyncSequence>(chunks: Chunks, format: BlobFormat) async throws -> StoredBlob
        where Chunks.Element == Data {
        let work = try workFile()
        defer { try? FileManager.default.removeItem(at: work) }
        guard let handle = try? FileHandle(forWritingTo: work) else {
            throw BlobStoreError(.storage, "A work file for an upload to S3 could not be written in \(scratch.path).")
        }
        var hasher = BlobHasher()
        do {
            defer { try? handle.close() }
            for try await chunk in chunks {
                hasher.update(chunk)
                try handle.write(contentsOf: chunk)
            }
        } catch let error as BlobStoreError {
            throw error
        } catch {
            throw BlobStoreError(.invalidInput, "The content to store could not be read whole: \(error).")
        }
        return try await store(file: work, as: BlobName(key: hasher.finish(), format: format), size: hasher.byteCount)
    }

    public func put(_ data: Data, format: BlobFormat) async throws -> StoredBlob {
        var hasher = BlobHasher()
        hasher.update(data)
        let name = BlobName(key: hasher.finish(), format: format)
        try await mapped(name) {
            if try await renewIfPresent(name) { return }
            try await client.put(key: objectKey(name), data: data, contentType: format.mimeType)
        }
        return StoredBlob(name: name, size: Int64(data.count))
    }

    public func get(_ name: BlobName, to file: URL) async throws {
        try await mapped(name) { try await client.get(key: objectKey(name), to: file) }
    }

    /// Downloads to a work file first (unlinked at once, read through its open handle), so the
    /// consumer reads at its own pace while the bucket's connection is free again.
    public func chunks(of name: BlobName) async throws -> BlobChunks {
        let work = try workFile()
        defer { try? FileManager.default.removeItem(at: work) }
        try await mapped(name) { try await client.get(key: objectKey(name), to: work) }
        guard let handle = try? FileHandle(forReadingFrom: work) else {
            throw BlobStoreError(.storage, "A downloaded blob could not be read back from \(scratch.path).")
        }
        return BlobChunks(next: {
            guard let chunk = try handle.read(upToCount: Self.readChunk), !chunk.isEmpty else {
                try? handle.close()
                return nil
            }
            return chunk
        })
    }

    public func head(_ name: BlobName) async throws -> BlobHead? {
        try await mapped(name) {
            try await client.head(key: objectKey(name)).map { BlobHead(size: $0.size, modifiedAt: $0.modifiedAt) }
        }
    }

    public func delete(_ name: BlobName) async throws {
        try await mapped(name) { try await client.delete(key: objectKey(name)) }
    }

    /// A page of the bucket under the prefix; the continuation is S3's own token. Objects that
    /// are not blobs (another application's, a stray upload) are left out.
    public func list(after continuation: String?, limit: Int) async throws -> BlobPage {
        guard (1...blobPageLimit).contains(limit) else {
            throw BlobStoreError(.invalidInput, "A page of blobs holds 1 to \(blobPageLimit), not \(limit).")
        }
        let prefix = client.settings.prefix
        let page = try await mapped(nil) {
            try await client.listPage(prefix: prefix, continuationToken: continuation, pageSize: limit)
        }
        let dates = S3Dates()
        let entries = page.objects.compactMap { object -> BlobEntry? in
            guard object.key.hasPrefix(prefix), let name = BlobName(path: String(object.key.dropFirst(prefix.count)))
            else { return nil }
            return BlobEntry(name: name, size: object.size, modifiedAt: dates.parse(object.lastModified) ?? .distantPast)
        }
        return BlobPage(entries: entries, continuation: page.continuationToken)
    }

    // MARK: - Parts

    private func objectKey(_ name: BlobName) -> String { client.settings.prefix + name.path }

    /// Bytes already stored are not sent again; the object is copied onto itself instead, which
    /// renews its modification time (a collector spares young blobs).
    private func store(file: URL, as name: BlobName, size: Int64) async throws -> StoredBlob {
        try await mapped(name) {
            if try await renewIfPresent(name) { return }
            try await client.put(key: objectKey(name), file: file, sha256: name.key.hex, contentType: name.format.mimeType)
        }
        return StoredBlob(name: name, size: size)
    }

    private func renewIfPresent(_ name: BlobName) async throws -> Bool {
        guard try await client.head(key: objectKey(name)) != nil else { return false }
        try await client.renew(key: objectKey(name), contentType: name.format.mimeType)
        return true
    }

    private func workFile() throws -> URL {
        do {
            try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        } catch {
            throw BlobStoreError(.storage, "The work folder \(scratch.path) for S3 transfers could not be created.")
        }
        let file = scratch.appendingPathComponent("s3-\(UUID().uuidString).part")
        guard FileManager.default.createFile(atPath: file.path, contents: nil, attributes: [.posixPermissions: 0o600]) else {
            throw BlobStoreError(.storage, "A work file for S3 could not be created in \(scratch.path).")
        }
        return file
    }

    /// The file's key and size, read in chunks.
    private static func hash(_ file: URL) throws -> (BlobKey, Int64) {
        guard let handle = try? FileHandle(forReadingFrom: file) else {
            throw BlobStoreError(.invalidInput, "The file to store could not be opened.")
        }
        defer { try? handle.close() }
        var hasher = BlobHasher()
        do {
            while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty { hasher.update(chunk) }
        } catch {
            throw BlobStoreError(.invalidInput, "The file to store could not be read.")
        }
        return (hasher.finish(), hasher.byteCount)
    }

    /// Runs `body`, turning the client's errors into the blob store's.
    private func mapped<Result>(_ name: BlobName?, _ body: () async throws -> Result) async throws -> Result {
        do {
            return try await body()
        } catch let error as S3Error {
            switch error.kind {
            case .missingObject:
                if let name { throw BlobStoreError.missing(name) }
                throw BlobStoreError(.storage, "\(error).")
            case .unavailable:
                throw BlobStoreError(.unavailable, "\(error).")
            case .missingBucket, .refused, .unexpected, .localFile:
                throw BlobStoreError(.storage, "\(error).")
            }
        }
    }
}

/// S3's timestamps (`2026-12-06T16:43:35.000Z`, with or without the fraction).
struct S3Dates {
    private let withFraction: ISO8601DateFormatter = {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter
    }()
    private let plain = ISO8601DateFormatter()

    func parse(_ text: String) -> Date? {
        withFraction.date(from: text) ?? plain.date(from: text)
    }
}
