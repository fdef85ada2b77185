import Foundation
import TelegramEmulator

/// One thing the walking user does.
enum WalkAction: Sendable, CustomStringConvertible {
    /// A button press; `stale` when a newer message of the same kind already carries buttons.
    case press(messageID: Int, data: String, stale: Bool)
    case text(String)
    case command(String)
    case photo(seed: UInt64)
    case other(SimulatedContent)
    /// Time passes (seconds); reminders on the way fire on their minute.
    case wait(TimeInterval)
    case block
    case unblock

    var description: String {
        switch self {
        case let .press(id, data, stale): return "press \(data) on #\(id)\(stale ? " (stale)" : "")"
        case .text(let text): return "type \(text.debugDescription)"
        case .command(let command): return command
        case .photo: return "send a photo"
        case .other(let content): return "send \(content)"
        case .wait(let seconds): return "wait \(WalkAction.duration(seconds))"
        case .block: return "block the bot"
        case .unblock: return "unblock the bot"
        }
    }

    /// The user sends an update the bot should answer with a message (a button gets an acknowledgement instead).
    var expectsMessage: Bool {
        switch self {
        case .text, .command, .photo, .other, .unblock: return true
        case .press, .wait, .block: return false
        }
    }

    /// Opens whatever is current for the user: the action a reminder's promise is checked against.
    var isContinue: Bool {
        switch self {
        case .press(_, let data, _): return data == "p:k"
        case .command(let command): return command == "/continue"
        default: return false
        }
    }

    static func duration(_ seconds: TimeInterval) -> String {
        if seconds >= 86_400 { return String(format: "%.1f days", seconds / 86_400) }
        if seconds >= 3_600 { return String(format: "%.1f h", seconds / 3_600) }
        return "\(Int(seconds / 60)) min"
    }
}
