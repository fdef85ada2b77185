import Foundation

/// Commands are stored per scope and language, as Telegram resolves them.
struct CommandKey: Hashable, Sendable {
    var scope: String
    var languageCode: String
}
