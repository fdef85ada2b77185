import Foundation

/// A callback query the user made and the answers the bot gave.
struct CallbackRecord: Sendable {
    var chatID: Int64
    var messageID: Int
    var answers: [CallbackAnswer] = []
}
