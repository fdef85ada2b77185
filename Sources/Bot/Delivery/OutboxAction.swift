import BlobStore
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
    /// An MP3 for Telegram's music player. Rows queued before `performer` existed decode it as nil.
    case audio(file: FileSource, caption: String?, title: String?, performer: String? = nil, duration: Int?, keyboard: [[Button]]?)
    case album(files: [FileSource], captions: [String?])

    /// Counts against Telegram's per-chat and overall message limits.
    var isChatMessage: Bool {
        switch self {
        case .answerCallback, .chatAction: return false
        default: return true
        }
    }

    /// A message that appears below the others (not an edit of one already shown, a toast or "typing…").
    var isNewMessage: Bool {
        switch self {
        case .editText, .editKeyboard, .answerCallback, .chatAction: return false
        default: return true
        }
    }

    /// Worth sending late after a failure: a "typing…" shown seconds later means nothing, and
    /// retrying it would hold the chat's real messages behind it.
    var isWorthRetrying: Bool {
        if case .chatAction = self { return false }
        return true
    }

    /// Kept at the front of the queue: the user is watching a spinner.
    public var isImmediate: Bool {
        if case .answerCallback = self { return true }
        return false
    }
}

/// An inline button: a label and the callback data it sends back (≤ 64 bytes), or a URL it opens.
public struct Button: Codable, Sendable, Equatable {
    public var label: String
    public var data: String
    /// A link button (Telegram's share page, the shop): opened by the client, `data` unused.
    public var url: String?

    public init(_ label: String, _ data: String) {
        self.label = label
        self.data = data
    }
}

/// A file to send: one Telegram already has, a media blob, or a file on our disk.
///
/// `.blob` is read through the blob store (local folder or S3). For `.blob` and `.stored`, Delivery uploads the file the first time and remembers Telegram's `file_id`
/// under the file's SHA-256 (table `telegram_files`); later sends of the same bytes reuse the id
/// with no upload. `path` is relative to the data directory, or absolute (audio recordings live
/// outside it). `sha256` (64 lowercase hex digits) saves reading and hashing the file before a
/// reuse; without it Delivery hashes the file at send time.
public enum FileSource: Codable, Sendable, Equatable {
    case telegram(fileID: String)
    case blob(name: BlobName, fileName: String)
    case stored(path: String, fileName: String, mimeType: String, sha256: String? = nil)
}
