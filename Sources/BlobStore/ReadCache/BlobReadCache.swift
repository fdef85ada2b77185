public import Foundation
import Synchronization

/// A local folder of blobs recently read from a remote store, at most `maxBytes` in all: the
/// least recently used go first. Blobs never change, so a cached file never goes stale. The
/// folder is emptied when the cache is made (the index lives in memory, one per process).
public final class BlobReadCache: Sendable {
    public let folder: URL
    public let maxBytes: Int64
    private let state = Mutex(Index())

    private struct Index {
        var entries: [BlobName: (bytes: Int64, lastUse: UInt64)] = [:]
        var total: Int64 = 0
        var tick: UInt64 = 0
    }

    public init(folder: URL, maxBytes: Int64) throws {
        self.folder = folder
        self.maxBytes = max(0, maxBytes)
        try? FileManager.default.removeItem(at: folder)
        try FileSystem.makeDirectory(folder)
    }

    /// Bytes held now.
    public var bytes: Int64 { state.withLock { $0.total } }

    /// The cached file of `name`, marked as just used; nil when it is not cached. It may be
    /// evicted at any moment: link it or open it, and fall back to the store when that fails.
    func file(for name: BlobName) -> URL? {
        state.withLock { index in
            guard let entry = index.entries[name] else { return nil }
            index.tick += 1
            index.entries[name] = (entry.bytes, index.tick)
            return url(name)
        }
    }

    /// A new file in the cache's folder for a download (renamed into place by `admit`).
    func downloadFile() -> URL {
        folder.appendingPathComponent(".download-\(UUID().uuidString)")
    }

    /// Keeps `download` (the blob's bytes) as the cached copy of `name` when it fits, evicting
    /// the least recently used; returns the cached file, or nil when the blob is larger than the
    /// whole cache (the download is then left where it is).
    func admit(_ download: URL, as name: BlobName) -> URL? {
        guard let size = FileSystem.status(of: download)?.size, size <= maxBytes else { return nil }
        let target = url(name)
        // Files are renamed and unlinked under the lock, so the index and the folder agree.
        let admitted: Bool = state.withLock { index in
            if let old = index.entries.removeValue(forKey: name) { index.total -= old.bytes }
            while index.total + size > maxBytes,
                  let oldest = index.entries.min(by: { $0.value.lastUse < $1.value.lastUse }) {
                index.entries.removeValue(forKey: oldest.key)
                index.total -= oldest.value.bytes
                unlink(url(oldest.key).path)
            }
            guard rename(download.path, target.path) == 0 else { return false }
            index.tick += 1
            index.entries[name] = (size, index.tick)
            index.total += size
            return true
        }
        return admitted ? target : nil
    }

    /// Forgets `name` (its blob was deleted).
    func remove(_ name: BlobName) {
        state.withLock { index in
            guard let old = index.entries.removeValue(forKey: name) else { return }
            index.total -= old.bytes
            unlink(url(name).path)
        }
    }

    private func url(_ name: BlobName) -> URL {
        folder.appendingPathComponent("\(name.key.hex).\(name.format.fileExtension)")
    }
}
