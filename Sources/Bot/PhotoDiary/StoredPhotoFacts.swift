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

    package init(sha256: String, thumbSHA256: String, bytes: Int, width: Int, height: Int, sourceFormat: String,
                 greenCoverage: Double, day: Int, programID: String? = nil, fileUniqueID: String? = nil, takenAt: Date? = nil) {
        self.sha256 = sha256
        self.thumbSHA256 = thumbSHA256
        self.bytes = bytes
        self.width = width
        self.height = height
        self.sourceFormat = sourceFormat
        self.greenCoverage = greenCoverage
        self.day = day
        self.programID = programID
        self.fileUniqueID = fileUniqueID
        self.takenAt = takenAt
    }
}
