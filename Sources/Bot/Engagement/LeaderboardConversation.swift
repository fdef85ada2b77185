import Foundation
import Program

/// `/leaderboard`, only when `SOGRETO_LEADERBOARD=on`: an opt-in, anonymous board of days
/// practised this week within one start-week cohort. Joining, leaving and reading the board are
/// a "leaderboard" media task (`LeaderboardHandler`), which reads the other members from the
/// store; the decision stays pure. The buttons are `lb:join` and `lb:leave`.
extension Conversation {
    static let leaderboardPrefix = "lb:"

    /// The command menu: the board's command joins it (after /gift, as /help lists it) only while the board is on.
    var menuCommands: [String] {
        guard leaderboardEnabled else { return Self.menu }
        var menu = Self.menu
        menu.insert("leaderboard", at: (menu.firstIndex(of: "gift") ?? menu.count - 1) + 1)
        return menu
    }

    /// /help, with the board's line while the board is on.
    func helpCommand(user: UserRecord) -> Decision {
        reply("help", to: user, ["leaderboard": leaderboardEnabled ? strings.text("help_leaderboard", user.locale) : ""])
    }

    /// /privacy's paragraph on the board (what it keeps and shows, that it is opt-in, how to
    /// leave) while the board is on; nothing when it is off.
    func leaderboardPrivacy(_ locale: String) -> String {
        leaderboardEnabled ? strings.text("privacy_leaderboard", locale) : ""
    }

    func leaderboardCommand(user: UserRecord) -> Decision {
        guard leaderboardEnabled else { return reply("unknown_command", to: user) }
        guard user.progress.flatMap(ProgressCoding.decode) != nil else { return reply("leaderboard_not_started", to: user) }
        return leaderboardTask(.show, user: user, first: [.chatAction("typing")])
    }

    func leaderboardCallback(_ data: String, user: UserRecord, queryID: String, answer: OutboxAction, source: Int?) -> Decision {
        guard leaderboardEnabled, let action = LeaderboardPayload.Action(rawValue: data), action != .show,
              user.progress.flatMap(ProgressCoding.decode) != nil else {
            return Decision(user: user, actions: [staleAnswer(queryID, user)])
        }
        // The message pressed loses its button: Join or Leave acts once.
        let removed: [OutboxAction] = source.map { [.editKeyboard(messageID: $0, keyboard: nil)] } ?? []
        return leaderboardTask(action, user: user, first: [answer] + removed)
    }

    private func leaderboardTask(_ action: LeaderboardPayload.Action, user: UserRecord, first: [OutboxAction]) -> Decision {
        var decision = Decision(user: user, actions: first)
        decision.mediaTasks = [MediaTaskRequest(kind: LeaderboardHandler.kind, encoding: LeaderboardPayload(action: action))]
        return decision
    }
}

/// The payload of a "leaderboard" task: what the user asked.
struct LeaderboardPayload: Codable, Sendable, Equatable {
    enum Action: String, Codable, Sendable { case show, join, leave }
    var action: Action
}
