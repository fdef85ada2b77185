import Foundation
import Media
import S3

/// Where the configured instance keeps media blobs: the data directory's media folder (the
/// default) or the bucket of `SOGRETO_S3_*`. Every command and the bot open the store here, so
/// choosing another is one place.
public enum MediaStorage {
    public static func blobStore(for configuration: Configuration) throws -> any BlobStore {
        guard let settings = configuration.objectStorage else {
            return try FolderBlobStore(dataDirectory: configuration.dataDirectory)
        }
        return S3BlobStore(client: try S3Client(settings: settings), scratch: workDirectory(configuration))
    }

    /// Stops start-up with one sentence unless the configured bucket exists and takes the
    /// credentials; nothing to check for the local folder.
    public static func checkReachable(_ configuration: Configuration) async throws(MediaStorageError) {
        guard let settings = configuration.objectStorage else { return }
        do {
            try await S3Client(settings: settings).checkBucket()
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
            guard try await S3Client(settings: settings).isVersioningEnabled() else {
                return "S3 bucket \"\(settings.bucket)\" has versioning off: backups hold the database only, "
                    + "so turn versioning on to protect the media (see DEPLOY.md)"
            }
            return nil
        } catch {
            return "The versioning of S3 bucket \"\(settings.bucket)\" could not be read (\(error)); "
                + "make sure it is on to protect the media"
        }
    }

    /// Work files of S3 transfers (chunked uploads, downloads being read), removed after use:
    /// beside the media folder, never in it.
    static func workDirectory(_ configuration: Configuration) -> URL {
        configuration.dataDirectory.appendingPathComponent("s3-work")
    }
}

/// The configured media storage cannot be used; the sentence names the variables, never the secret.
public struct MediaStorageError: Error, Sendable, CustomStringConvertible {
    public let sentence: String
    public var description: String { sentence }
}
