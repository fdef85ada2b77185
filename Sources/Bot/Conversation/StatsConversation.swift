import Foundation
import Program

/// `/stats`: the figures are read and the card drawn by a "stats" media task
/// (`StatsCardHandler`), off the update's transaction; meanwhile the chat shows "sending a photo…".
extension Conversation {
    /// Whether the journey has begun (planting opened): before that there is nothing to count.
    package static func hasPlanted(_ progress: UserProgress) -> Bool {
        !progress.stagesStarted.isEmpty
    }

    func statsCommand(user: UserRecord) -> Decision {
        guard let progress = user.progress.flatMap(ProgressCoding.decode) else { return reply("stats_not_started", to: user) }
        guard Self.hasPlanted(progress) else { return reply("stats_before_planting", to: user) }
        var decision = Decision(user: user, actions: [.chatAction("upload_photo")])
        decision.mediaTasks = [MediaTaskRequest(kind: MediaTaskKind.stats, payload: "{}")]
        return decision
    }
}
