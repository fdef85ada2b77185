import Foundation

/// Something the bot will say or do in a chat, stored in the outbox until Delivery sends it.
public enum OutboxAction: Codable, Sendable, Equatable {
    case message(text: String, keyboard: [[Button]]?)
    case editText(messageID: Int, text: String, keyboard: [[Button]]?)
    case editKeyboard(messageID: Int, keyboard: [[Button]]?)
    case answerCallback(queryID: String, text: String?, alert: Bool)
    case chatAction(String)
    case photo(file: FileSource, caption: String?, keyboard: [[Button]]?)
    case document(file: FileSource, caption: String?, keyboard: [[Button]]?)
    case audio(file: FileSource, caption: String?, title: String?, duration: Int?, keyboard: [[Button]]?)
    case album(files: [FileSource], captions: [String?])

    /// Counts against Telegram's per-chat and overall message limits.
    public var isChatMessage: Bool {
        switch self {
        case .answerCallback, .chatAction: return false
        default: return true
        }
    }

    /// Kept at the front of the queue: the user is watching a spinner.
    public var isImmediate: Bool {
        if case .answerCallback = self { return true }
        return false
    }
}

/// An inline button: a label and the callback data it sends back (≤ 64 bytes).
public struct Button: Codable, Sendable, Equatable {
    public var label: String
    public var data: String

    public init(_ label: String, _ data: String) {
        self.label = label
        self.data = data
    }
}

/// A file to send: one Telegram already has, or one on our disk (relative to the data directory).
public enum FileSource: Codable, Sendable, Equatable {
    case telegram(fileID: String)
    case stored(path: String, fileName: String, mimeType: String)
}
