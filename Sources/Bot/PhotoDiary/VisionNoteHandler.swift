import Foundation
import Media

/// Runs "vision" tasks: asks the advisor about a photo already saved and sends its line as a
/// short follow-up. The saved reply goes out first, so a slow vision API (up to 15 s a try)
/// never delays it; no answer means no follow-up.
public struct VisionNoteHandler: MediaTaskHandler {
    public static let kind = "vision"
    public var kind: String { Self.kind }

    struct Payload: Codable, Sendable {
        var sha256: String
    }

    let advisor: any PhotoAdvisor
    let database: any Store

    public init(advisor: any PhotoAdvisor, database: any Store) {
        self.advisor = advisor
        self.database = database
    }

    /// Recorded in the transaction that saves the photo, so a crash cannot lose or repeat it.
    static func request(sha256: String, userID: Int64) -> MediaTaskRequest {
        MediaTaskRequest(kind: kind, encoding: Payload(sha256: sha256), dedupeKey: "vision:\(userID):\(sha256)")
    }

    public func perform(_ task: MediaTask) async throws -> MediaTaskCompletion {
        let payload = try task.decodePayload(Payload.self)
        guard let key = BlobKey(hex: payload.sha256) else { return .reply([]) }
        let locale = (try? await database.user(task.userID))?.locale ?? BotStrings.defaultLocale
        guard let note = await advisor.advice(photo: key, userID: task.userID, locale: locale) else { return .reply([]) }
        return .reply([.message(text: note, keyboard: nil)])
    }
}
