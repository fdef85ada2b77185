/// The kinds of media task the bot records (`media_tasks.kind`). Bot runs the leaderboard,
/// erasure and export itself; the kinds that draw pictures or the PDF are run by handlers a
/// `MediaTaskKit` brings (BotMedia's), so the conversation names them here without knowing them.
public enum MediaTaskKind {
    public static let ingest = "ingest"
    public static let collage = "collage"
    public static let timeline = "timeline"
    public static let manifestoCard = "manifesto-card"
    public static let stats = "stats"
    public static let collection = "collection"
    public static let practiceDiary = "diary"
    public static let visionNote = "vision"
}

/// What a "vision" task reads: the saved photo to say a word about.
package struct VisionNotePayload: Codable, Sendable {
    package var sha256: String

    init(sha256: String) {
        self.sha256 = sha256
    }

    /// Recorded in the transaction that saves the photo, so a crash cannot lose or repeat it.
    package static func request(sha256: String, userID: Int64) -> MediaTaskRequest {
        MediaTaskRequest(kind: MediaTaskKind.visionNote, encoding: VisionNotePayload(sha256: sha256),
                         dedupeKey: "vision:\(userID):\(sha256)")
    }
}
