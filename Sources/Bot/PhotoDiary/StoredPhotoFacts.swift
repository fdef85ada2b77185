import Foundation

/// What the store records about a normalised photo: the facts of a `photos` row, also kept in
/// a held ingest task's payload until the user decides where the photo goes.
struct StoredPhotoFacts: Codable, Sendable, Equatable {
    var sha256: String
    var thumbSHA256: String
    var bytes: Int
    var width: Int
    var height: Int
    var sourceFormat: String
    var greenCoverage: Double
    var day: Int
    var programID: String?
    var fileUniqueID: String?
}
