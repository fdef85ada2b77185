import Foundation

/// Every media row's blob references, for finding orphans: blobs with no row, rows with no blob,
/// renders whose source photo is gone.
public struct MediaReferences: Sendable, Equatable {
    public struct PhotoRow: Sendable, Equatable {
        public var id: Int64
        public var userID: Int64
        public var sha256: String
        public var thumbSHA256: String

        package init(id: Int64, userID: Int64, sha256: String, thumbSHA256: String) {
            self.id = id
            self.userID = userID
            self.sha256 = sha256
            self.thumbSHA256 = thumbSHA256
        }
    }

    public struct RenderRow: Sendable, Equatable {
        public var id: Int64
        public var userID: Int64
        public var kind: String
        public var sha256: String
        /// The photo blobs (hex) the render was made from.
        public var sources: [String]

        package init(id: Int64, userID: Int64, kind: String, sha256: String, sources: [String]) {
            self.id = id
            self.userID = userID
            self.kind = kind
            self.sha256 = sha256
            self.sources = sources
        }
    }

    public var photos: [PhotoRow]
    public var renders: [RenderRow]

    /// Every blob (hex) some row refers to.
    public var referencedBlobs: Set<String> {
        Set(photos.flatMap { [$0.sha256, $0.thumbSHA256] } + renders.map(\.sha256))
    }

    package init(photos: [PhotoRow], renders: [RenderRow]) {
        self.photos = photos
        self.renders = renders
    }
}
