import Foundation

/// What a purge removed; `releasedBlobs` are blob keys (hex) no row refers to any more, for the
/// caller to delete from the blob store after the commit.
public struct PurgeResult: Codable, Sendable, Equatable {
    public var photos: Int
    public var renders: Int
    public var bytes: Int64
    public var releasedBlobs: [String]

    package init(photos: Int, renders: Int, bytes: Int64, releasedBlobs: [String]) {
        self.photos = photos
        self.renders = renders
        self.bytes = bytes
        self.releasedBlobs = releasedBlobs
    }
}

extension PurgeResult {
    /// Audit detail: numbers only.
    package var auditDetail: [String: Int64?] {
        ["photos": Int64(photos), "renders": Int64(renders), "bytes": bytes, "blobs": Int64(releasedBlobs.count)]
    }
}
