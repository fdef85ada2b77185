import Foundation

/// A message as the user sees it in the chat right now (edits applied).
public struct BotMessage: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable {
        case text, photo, document, audio, voice, video, videoNote, animation, sticker
        case location, contact, poll, dice
        /// One item of an album sent with sendMediaGroup; `mediaKind` tells photo, document or audio.
        case mediaGroupItem
    }

    /// A formatting span, offsets and lengths in UTF-16 units as Telegram counts them.
    public struct Entity: Sendable, Hashable {
        public var type: String
        public var offset: Int
        public var length: Int
        public var url: String?
        public var language: String?
    }

    public var messageID: Int
    public var chatID: Int64
    /// False for the user's own messages (only `transcript(in:)` lists those).
    public var isFromBot: Bool
    public var kind: Kind
    /// For `.mediaGroupItem`: photo, document or audio; otherwise the same as `kind`.
    public var mediaKind: Kind
    /// The text as displayed, after entity parsing.
    public var text: String?
    /// The text or caption exactly as the bot sent it (with its HTML tags), when it used a parse mode.
    public var html: String?
    public var parseMode: String?
    public var caption: String?
    /// Entities of the text, or of the caption for media.
    public var entities: [Entity]
    public var buttons: [[InlineButton]]
    /// The file shown (for photos: the largest size).
    public var fileID: String?
    public var fileName: String?
    public var mimeType: String?
    public var duration: Int?
    public var width: Int?
    public var height: Int?
    public var mediaGroupID: String?
    public var isEdited: Bool
    public var date: Date
    public var editDate: Date?
}

/// One inline keyboard button as the user sees it.
public struct InlineButton: Sendable, Hashable {
    public var text: String
    public var callbackData: String?
    public var url: String?

    public init(text: String, callbackData: String? = nil, url: String? = nil) {
        self.text = text
        self.callbackData = callbackData
        self.url = url
    }
}

/// How the bot answered a button press (answerCallbackQuery).
public struct CallbackAnswer: Sendable, Hashable {
    public var text: String?
    public var showAlert: Bool
    public var url: String?
    public var cacheTime: Int?
}

/// One request the bot made, as the emulator saw it.
public struct RecordedRequest: Sendable {
    public var method: String
    /// Parameter values as text; uploaded files appear as "<file NAME, N bytes>".
    public var parameters: [String: String]
    /// Parameters the emulator does not interpret: Telegram ignores unknown ones, so does the
    /// emulator, but tests can see them here.
    public var ignoredParameters: [String]
    public var httpStatus: Int
    /// Telegram's description of the failure, nil on success.
    public var errorDescription: String?
    public var date: Date
}

/// A failure to inject into the Bot API side, to test how the bot copes.
public enum Fault: Sendable, Hashable {
    /// The next `count` requests (of `method`, or of any method when nil) get 429 with `retry_after`.
    case tooManyRequests(retryAfter: Int, method: String?, count: Int)
    /// Every request about `chatID` gets 403 "Forbidden: bot was blocked by the user" until cleared.
    case forbidden(chatID: Int64)
    /// The next `count` requests (of `method`, or any) get this HTTP status and nothing happens.
    case serverError(status: Int, method: String?, count: Int)
    /// The next `count` requests are answered only after `delay` (they still take effect).
    case slowReplies(delay: Duration, count: Int)
    /// The next `count` requests (of `method`, or any) lose their connection before any reply
    /// and take no effect.
    case dropConnection(method: String?, count: Int)
}

/// Why an emulator call failed, in one sentence.
public struct EmulatorError: Error, Sendable, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}
