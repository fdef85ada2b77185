import Foundation

/// The payload of an "ingest" media task: what the user sent, and where in the program they are.
package struct IngestPayload: Codable, Sendable, Equatable {
    package var fileID: String
    package var fileUniqueID: String
    /// Telegram's size of the file, when it said; checked again after getFile.
    package var size: Int?
    /// Program day the photo belongs to (`ProgramEngine.programDay`: 0 = planting day).
    package var day: Int
    package var programID: String?
    /// Sent as a file rather than as a photo.
    var isDocument: Bool
    /// Set once the photo is normalised and stored, while it waits for the user's choice (diary full).
    package var stored: StoredPhotoFacts?
    /// Telegram's `media_group_id` when the photo came in an album: the album gets one reply.
    package var mediaGroupID: String?
    /// What became of an album item, kept for the reply its album's last item writes.
    var albumOutcome: AlbumOutcome?
    /// When the user sent it: the journey a photo belongs to is the one it was sent in.
    package var sentAt: Date?

    enum CodingKeys: String, CodingKey {
        case day, stored
        case fileID = "file_id"
        case fileUniqueID = "file_unique_id"
        case size
        case programID = "program_id"
        case isDocument = "document"
        case mediaGroupID = "media_group_id"
        case albumOutcome = "album_outcome"
        case sentAt = "sent_at"
    }
}
