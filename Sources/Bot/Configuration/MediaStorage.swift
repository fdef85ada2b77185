import BlobStore
import Foundation
import S3
import Synchronization

/// Where the configured instance keeps media blobs: the data directory's media folder (the
/// default) or the bucket of `SOGRETO_S3_*`. Every command and the bot open the store here, so
/// choosing another is one place.
public enum MediaStorage {
    /// `cachingReads`: the bot's own store, which keeps recent reads from a bucket in the read
    /// cache when one is configured (one process per data directory owns the cache's folder).
    public static func blobStore(for configuration: Configuration, cachingReads: Bool = false) throws -> any BlobStore {
        guard let settings = configuration.objectStorage else {
            return try FolderBlobStore(dataDirectory: configuration.dataDirectory)
        }
        let bucket = S3BlobStore(client: try client(for: settings), scratch: workDirectory(configuration))
        guard cachingReads, configuration.mediaReadCacheMB > 0 else { return bucket }
        return ReadCachedBlobStore(base: bucket, cache: try readCache(configuration))
    }

    /// One read cache per folder for the process (its index is in memory).
    static func readCache(_ configuration: Configuration) throws -> BlobReadCache {
        let folder = configuration.dataDirectory.appendingPathComponent("s3-read-cache")
        return try caches.withLock { caches in
            if let cache = caches.first(where: { $0.folder == folder }) { return cache }
            let cache = try BlobReadCache(folder: folder, maxBytes: Int64(configuration.mediaReadCacheMB) << 20)
            caches.append(cache)
            return cache
        }
    }

    private static let caches = Mutex<[BlobReadCache]>([])

    /// One client per bucket for the process: each owns a transport thread and a connection pool,
    /// which every store opened on the same settings shares.
    static func client(for settings: S3Settings) throws -> S3Client {
        try clients.withLock { clients in
            if let client = clients.first(where: { $0.settings == settings }) { return client }
            let client = try S3Client(settings: settings)
            clients.append(client)
            return client
        }
    }

    private static let clients = Mutex<[S3Client]>([])

    /// Stops start-up with one sentence unless the configured bucket exists and takes the
    /// credentials; nothing to check for the local folder.
    public static func checkReachable(_ configuration: Configuration) async throws(MediaStorageError) {
        guard let settings = configuration.objectStorage else { return }
        do {
            try await client(for: settings).checkBucket()
        } catch let error as S3Error {
            throw MediaStorageError(sentence: "Media storage (SOGRETO_S3_*): \(error).")
        } catch {
            throw MediaStorageError(sentence: "Media storage (SOGRETO_S3_*): \(settings) could not be checked.")
        }
    }

    /// A warning for the log when media are in a bucket without versioning: backups then hold
    /// the database only, so a deleted or overwritten object could not be brought back.
    public static func versioningWarning(_ configuration: Configuration) async -> String? {
        guard let settings = configuration.objectStorage else { return nil }
        do {
            guard try await client(for: settings).isVersioningEnabled() else {
                return "S3 bucket \"\(settings.bucket)\" has versioning off: backups hold the database only, "
                    + "so turn versioning on to protect the media (see DEPLOY.md)"
            }
            return nil
        } catch {
            return "The versioning of S3 bucket \"\(settings.bucket)\" could not be read (\(ErrorSummary.of(error))); "
                + "make sure it is on to protect the media"
        }
    }

    /// Work files of S3 transfers (chunked uploads, downloads being read), removed after use:
    /// beside the media folder, never in it.
    public static func workDirectory(_ configuration: Configuration) -> URL {
        configuration.dataDirectory.appendingPathComponent("s3-work")
    }
}

/// The configured media storage cannot be used; the sentence names the variables, never the secret.
public struct MediaStorageError: Error, Sendable, CustomStringConvertible {
    public let sentence: String
    public var description: String { sentence }
}
