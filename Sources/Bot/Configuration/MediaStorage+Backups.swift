import BlobStore
import Foundation

extension MediaStorage {
    /// Whether a backup of the data directory holds the store's blobs (the media folder, linked
    /// into each backup). When not, a blob lives only in the store, so it may be deleted only
    /// when no retained backup needs it: the blob collector's decision, not an admin action's.
    public static func backupsHoldBlobs(of store: any BlobStore) -> Bool {
        store is FolderBlobStore
    }
}
