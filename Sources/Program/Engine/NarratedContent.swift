/// What a message shows when it shows a practice a recording may exist for: a step, a daily
/// theme or the manifesto. The bot looks the item up in the audio catalog and, for users who
/// listen, sends the recording with `caption` in place of the text.
public struct NarratedContent: Sendable, Equatable {
    public enum Item: Hashable, Sendable {
        case step(stage: String, step: String)
        case theme(String)
        /// A stage without steps, narrated as a whole (the manifesto).
        case stage(String)
    }

    public var item: Item
    /// The content locale the text was taken from (a program without the user's language falls
    /// back to another), which is the locale its recording is in.
    public var locale: String
    /// The message in brief for a caption under the recording: its heading and what the user
    /// typed or should type. Telegram HTML, at most `captionLimit` characters after parsing.
    public var caption: String

    /// Telegram's limit for media captions, in UTF-16 units after entity parsing.
    static let captionLimit = 1024

    public init(item: Item, locale: String, caption: String) {
        self.item = item
        self.locale = locale
        self.caption = caption
    }
}
