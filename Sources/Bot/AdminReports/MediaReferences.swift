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

    /// A photo held in its ingest task while the user chooses what it replaces (diary full):
    /// its blobs are stored and must stay until the choice.
    public struct HeldRow: Sendable, Equatable {
        package var taskID: Int64
        public var userID: Int64
        public var day: Int
        public var sha256: String
        public var thumbSHA256: String
        public var bytes: Int
        public var takenAt: Date?

        init(taskID: Int64, userID: Int64, day: Int, sha256: String, thumbSHA256: String, bytes: Int, takenAt: Date?) {
            self.taskID = taskID
            self.userID = userID
            self.day = day
            self.sha256 = sha256
            self.thumbSHA256 = thumbSHA256
            self.bytes = bytes
            self.takenAt = takenAt
        }

        /// The blobs it keeps: the photo and its thumbnail.
        public var blobs: [String] { [sha256, thumbSHA256] }

        /// The held photo of an ingest task's stored payload, if it holds one.
        package static func decoding(taskID: Int64, userID: Int64, payload: String) -> HeldRow? {
            guard let stored = try? JSONDecoder().decode(IngestPayload.self, from: Data(payload.utf8)).stored else { return nil }
            return HeldRow(taskID: taskID, userID: userID, day: stored.day, sha256: stored.sha256,
                           thumbSHA256: stored.thumbSHA256, bytes: stored.bytes, takenAt: stored.takenAt)
        }
    }

    public var photos: [PhotoRow]
    public var renders: [RenderRow]
    package var held: [HeldRow]

    /// Every blob (hex) some row refers to, held photos' included.
    public var referencedBlobs: Set<String> {
        Set(photos.flatMap { [$0.sha256, $0.thumbSHA256] } + renders.map(\.sha256) + held.flatMap(\.blobs))
    }

    package init(photos: [PhotoRow], renders: [RenderRow], held: [HeldRow] = []) {
        self.photos = photos
        self.renders = renders
        self.held = held
    }
}
