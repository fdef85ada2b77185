import Foundation

/// What became of one photo of an album, kept in its ingest task until the album's reply.
struct AlbumOutcome: Codable, Sendable, Equatable {
    enum Kind: String, Codable, Sendable {
        case saved, duplicate, held, refused
    }

    var kind: Kind
    var day: Int
}

/// One album item's task and what became of its photo.
struct AlbumItem: Sendable, Equatable {
    var taskID: Int64
    var outcome: AlbumOutcome
}
