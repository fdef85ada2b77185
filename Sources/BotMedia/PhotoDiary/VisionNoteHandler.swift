import Bot
import Foundation
import Media

/// Runs "vision" tasks: asks the advisor about a photo already saved and sends its line as a
/// short follow-up. The saved reply goes out first, so a slow vision API (up to 15 s a try)
/// never delays it; no answer means no follow-up.
struct VisionNoteHandler: MediaTaskHandler {
    static let kind = MediaTaskKind.visionNote
    var kind: String { Self.kind }

    let advisor: any PhotoAdvisor
    let database: any Store

    init(advisor: any PhotoAdvisor, database: any Store) {
        self.advisor = advisor
        self.database = database
    }

    func perform(_ task: MediaTask) async throws -> MediaTaskCompletion {
        let payload = try task.decodePayload(VisionNotePayload.self)
        guard let key = BlobKey(hex: payload.sha256) else { return .reply([]) }
        let locale = (try? await database.user(task.userID))?.locale ?? BotStrings.defaultLocale
        guard let note = await advisor.advice(photo: key, userID: task.userID, locale: locale) else { return .reply([]) }
        return .reply([.message(text: note, keyboard: nil)])
    }
}
