import Foundation
import Media

/// Where the configured instance keeps media blobs: the data directory's media folder (the
/// default). Every command and the bot open the store here, so choosing another is one place.
public enum MediaStorage {
    public static func blobStore(for configuration: Configuration) throws -> any BlobStore {
        try FolderBlobStore(dataDirectory: configuration.dataDirectory)
    }
}
