import Foundation

/// What the store records about a normalised photo: the facts of a `photos` row, also kept in
/// a held ingest task's payload until the user decides where the photo goes.
package struct StoredPhotoFacts: Codable, Sendable, Equatable {
    package var sha256: String
    package var thumbSHA256: String
    package var bytes: Int
    package var width: Int
    package var height: Int
    package var sourceFormat: String
    package var greenCoverage: Double
    package var day: Int
    package var programID: String?
    package var fileUniqueID: String?
    /// When the user sent it (the row's `created_at`); nil in payloads written before it was kept.
    package var takenAt: Date? = nil
}
