public import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A `BlobStore` in a local folder (`$SOGRETO_DATA_DIR/media`): each blob is the file
/// `<root>/<BlobName.path>`, e.g. `<root>/ab/cd/<sha256>.jpg`. Writes go to a temporary file
/// (`.tmp-…`), are synced and renamed into place, then the folder is synced: a crash leaves the
/// whole blob or none of it, never a partial file under a valid name.
public struct FolderBlobStore: BlobStore {
    public let root: URL
    static let temporaryPrefix = ".tmp-"

    /// A store under `root`, created when missing.
    public init(root: URL) throws {
        self.root = root
        try FileSystem.makeDirectory(root)
    }

    /// The data directory's media folder.
    public static let dataDirectoryFolder = "media"

    /// The store in a data directory's media folder (`$SOGRETO_DATA_DIR/media`).
    public init(dataDirectory: URL) throws {
        try self.init(root: dataDirectory.appendingPathComponent(Self.dataDirectoryFolder))
    }

    /// The blob a data-directory-relative path names (`media/ab/cd/<sha256>.jpg`, the form
    /// messages queued by older versions carry); nil for any other path.
    public static func name(forDataDirectoryPath path: String) -> BlobName? {
        let prefix = dataDirectoryFolder + "/"
        guard path.hasPrefix(prefix) else { return nil }
        return BlobName(path: String(path.dropFirst(prefix.count)))
    }

    private func url(for name: BlobName) -> URL {
        root.appendingPathComponent(name.path)
    }

    public func localFile(_ name: BlobName) -> URL? {
        let file = url(for: name)
        return FileSystem.status(of: file) == nil ? nil : file
    }

    // MARK: put

    public func put(_ data: Data, format: BlobFormat) async throws -> StoredBlob {
        let name = BlobName(key: BlobKey.of(data), format: format)
        let target = url(for: name)
        let stored = StoredBlob(name: name, size: Int64(data.count))
        if FileSystem.status(of: target) != nil {
            FileSystem.touch(target)
            return stored
        }
        try await FileSystem.offPool {
            let writer = try TemporaryBlobFile(in: target.deletingLastPathComponent())
            try data.withUnsafeBytes { try writer.append($0) }
            try writer.commit(as: target)
        }
        return stored
    }

    public func put(contentsOf file: URL, format: BlobFormat) async throws -> StoredBlob {
        let reader: FileChunkReader
        do {
            reader = try FileChunkReader(url: file)
        } catch {
            throw BlobStoreError(.invalidInput, "The file to store, \(file.lastPathComponent), cannot be read.")
        }
        return try await put(chunks: BlobChunks(next: { try reader.next() }), format: format)
    }

    public func put<Chunks: AsyncSequence>(chunks: Chunks, format: BlobFormat) async throws -> StoredBlob
        where Chunks.Element == Data {
        let writer = try TemporaryBlobFile(in: root)
        var hasher = BlobHasher()
        do {
            for try await chunk in chunks {
                hasher.update(chunk)
                try chunk.withUnsafeBytes { try writer.append($0) }
            }
        } catch {
            writer.discard()
            if let error = error as? BlobStoreError { throw error }
            throw BlobStoreError(.invalidInput, "The content to store could not be read to its end.")
        }
        let name = BlobName(key: hasher.finish(), format: format)
        let target = url(for: name)
        let stored = StoredBlob(name: name, size: hasher.byteCount)
        if FileSystem.status(of: target) != nil {
            writer.discard()
            FileSystem.touch(target)
            return stored
        }
        try await FileSystem.offPool {
            try FileSystem.makeDirectory(target.deletingLastPathComponent())
            try writer.commit(as: target)
        }
        return stored
    }

    // MARK: get, head, delete

    public func get(_ name: BlobName, to file: URL) async throws {
        let source = url(for: name)
        try await FileSystem.offPool {
            guard FileSystem.status(of: source) != nil else { throw BlobStoreError.missing(name) }
            try? FileManager.default.removeItem(at: file)
            do {
                try FileManager.default.copyItem(at: source, to: file)
            } catch {
                throw BlobStoreError(.storage, "Copying the blob \(name.key) to \(file.path) failed.")
            }
        }
    }

    public func chunks(of name: BlobName) async throws -> BlobChunks {
        let reader: FileChunkReader
        do {
            reader = try FileChunkReader(url: url(for: name))
        } catch {
            throw BlobStoreError.missing(name)
        }
        return BlobChunks(next: { try reader.next() })
    }

    public func head(_ name: BlobName) async throws -> BlobHead? {
        FileSystem.status(of: url(for: name))
    }

    public func delete(_ name: BlobName) async throws {
        let location = url(for: name)
        try await FileSystem.offPool {
            guard unlink(location.path) == 0 || errno == ENOENT else { throw FileSystem.error("deleting", location) }
        }
    }

    // MARK: list

    public func list(after continuation: String?, limit: Int) async throws -> BlobPage {
        guard (1...blobPageLimit).contains(limit) else {
            throw BlobStoreError(.invalidInput, "A page holds 1 to \(blobPageLimit) blobs, not \(limit).")
        }
        let root = root
        return try await FileSystem.offPool { try FolderListing(root: root).page(after: continuation, limit: limit) }
    }

    // MARK: folder only

    /// `list` without suspending, for callers already off the cooperative pool (a backup's copy).
    public func listNow(after continuation: String?, limit: Int = blobPageLimit) throws -> BlobPage {
        try FolderListing(root: root).page(after: continuation, limit: min(max(limit, 1), blobPageLimit))
    }

    /// Temporary files left by writes that were interrupted (a crash between create and rename).
    package func abandonedTemporaryFiles() throws -> [URL] {
        var found: [URL] = []
        let isTemporary = { (name: String) in name.hasPrefix(Self.temporaryPrefix) }
        found += try FileSystem.entries(of: root).filter(isTemporary).map { root.appendingPathComponent($0) }
        for first in try FileSystem.entries(of: root) where first.utf8.count == 2 {
            let level1 = root.appendingPathComponent(first)
            for second in try FileSystem.entries(of: level1) where second.utf8.count == 2 {
                let directory = level1.appendingPathComponent(second)
                found += try FileSystem.entries(of: directory).filter(isTemporary).map { directory.appendingPathComponent($0) }
            }
        }
        return found
    }
}

extension FolderBlobStore {
    /// `media/ab/cd/<sha256>.jpg`: a blob's path relative to the data directory, the form
    /// exported diary data keeps so it moves with its data.
    public static func dataDirectoryPath(of name: BlobName) -> String {
        "\(dataDirectoryFolder)/\(name.path)"
    }
}
