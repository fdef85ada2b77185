public import Foundation

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
    package var html: String?
    var parseMode: String?
    public var caption: String?
    /// Entities of the text, or of the caption for media.
    public var entities: [Entity]
    public var buttons: [[InlineButton]]
    /// The file shown (for photos: the largest size).
    public var fileID: String?
    public var fileName: String?
    public var mimeType: String?
    public var duration: Int?
    /// For audio: the performer and track title Telegram's player shows.
    package var performer: String?
    package var title: String?
    public var width: Int?
    public var height: Int?
    public var mediaGroupID: String?
    public var isEdited: Bool
    public var date: Date
    var editDate: Date?
}
