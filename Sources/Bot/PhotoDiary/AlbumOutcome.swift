import Foundation

/// What became of one photo of an album, kept in its ingest task until the album's reply.
struct AlbumOutcome: Codable, Sendable, Equatable {
    enum Kind: String, Codable, Sendable {
        case saved, duplicate, held, refused
    }

    var kind: Kind
    var day: Int
}
