import Foundation

/// How the bot answered a button press (answerCallbackQuery).
public struct CallbackAnswer: Sendable, Hashable {
    public var text: String?
    public var showAlert: Bool
    public var url: String?
    var cacheTime: Int?
}
