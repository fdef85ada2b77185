import Foundation

/// Every media row's blob references, for finding orphans: blobs with no row, rows with no blob,
/// renders whose source photo is gone.
public struct MediaReferences: Sendable, Equatable {
    public struct PhotoRow: Sendable, Equatable {
        public var id: Int64
        public var userID: Int64
        public var sha256: String
        public var thumbSHA256: String
    }

    public struct RenderRow: Sendable, Equatable {
        public var id: Int64
        public var userID: Int64
        public var kind: String
        public var sha256: String
        /// The photo blobs (hex) the render was made from.
        public var sources: [String]
    }

    public var photos: [PhotoRow]
    public var renders: [RenderRow]

    /// Every blob (hex) some row refers to.
    public var referencedBlobs: Set<String> {
        Set(photos.flatMap { [$0.sha256, $0.thumbSHA256] } + renders.map(\.sha256))
    }
}
