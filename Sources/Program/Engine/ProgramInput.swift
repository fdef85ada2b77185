public import Foundation

/// What the user did, as the bot understood it.
public enum ProgramInput: Sendable, Equatable {
    /// `/start [kit code]` (the deep-link payload).
    case start(kitCode: String?)
    /// A friend's gift of a taste, opened without a kit: the first days of the fallback program
    /// (`Taste`); for someone who has a journey already, `/start` without a code.
    case startTaste
    /// A button press; `payload` is the callback data without the bot's `p:` prefix.
    case callback(payload: String)
    /// A text message that is not a command.
    case text(String)
    /// `/continue`: pick up where the user left off.
    case continueProgram
    case status
    case pause
    case resume
    case skipWeek
    case stop
    /// `/reset`: asks for confirmation with buttons.
    case resetRequested
    case settings
}

/// Facts about the moment and the user that the engine needs but does not own.
public struct ProgramContext: Sendable {
    public var now: Date
    public var timeZone: TimeZone
    /// The user's language (`ru`, `en`); unknown ones fall back to Russian.
    public var locale: String
    /// The user's first name, for `{name}`.
    public var userName: String
    /// Photos in the user's diary, for /status.
    public var photoCount: Int

    public init(now: Date, timeZone: TimeZone, locale: String, userName: String, photoCount: Int) {
        self.now = now
        self.timeZone = timeZone
        self.locale = locale
        self.userName = userName
        self.photoCount = photoCount
    }
}

/// The engine's decision: the new progress (nil only when there was none and still is none),
/// messages to send in order, and analytics events.
public struct EngineResult: Sendable, Equatable {
    public var progress: UserProgress?
    public var messages: [OutgoingMessage]
    public var events: [ProgramEvent]
    /// The input did not fit the user's place (an old or unknown button): nothing changed.
    public var rejected = false
    /// The manifesto was just written: the words for its card, which the bot draws and sends.
    public var manifestoCard: ManifestoCardText? = nil
    /// The press came from an older copy of the user's page: the page came as a new message, and
    /// the pressed message's keyboard should go so only the newest copy's buttons remain.
    public var retiresSource = false
    /// The user is at the end of their taste (they just finished it, or asked to go on): the bot
    /// invites them to get a kit.
    public var tasteOver = false
}

/// The manifesto card's words, filled with the user's own: a title and a few short lines.
public struct ManifestoCardText: Sendable, Equatable {
    public var title: String
    public var lines: [String]
    public var colours: KitColours?
}

/// A message to send. `text` is Telegram HTML with user text escaped.
public struct OutgoingMessage: Sendable, Equatable {
    public var text: String
    /// Inline keyboard rows.
    public var buttons: [[Button]]
    /// A hint: this is an updated version of the message whose button was pressed (a toggle),
    /// so the bot may edit that message instead of sending a new one.
    public var replacesSource: Bool
    /// With `replacesSource`: the same content with other buttons (a choice marked), so editing
    /// the keyboard alone is enough, also under a recording.
    public var onlyButtonsChanged = false
    /// The step, theme or manifesto this message shows, when it shows one.
    public var narrates: NarratedContent?

    public init(text: String, buttons: [[Button]] = [], replacesSource: Bool = false, narrates: NarratedContent? = nil) {
        self.text = text
        self.buttons = buttons
        self.replacesSource = replacesSource
        self.narrates = narrates
    }
}

/// An inline button. The bot sends `"p:" + payload` as callback data and strips `p:` before
/// passing a press back as `.callback(payload:)`; `payload` is at most 62 bytes.
public struct Button: Sendable, Equatable {
    public var label: String
    public var payload: String

    public init(label: String, payload: String) {
        self.label = label
        self.payload = payload
    }
}

/// Analytics facts; they carry no user text.
public enum ProgramEvent: Sendable, Equatable {
    case activated(programID: String, kitCode: String?)
    case stageStarted(String)
    case stageCompleted(String)
    case day7Reached
    case completed
    /// The manifesto was read (its button or Continue): the journey's closing words came with it.
    case manifestoRead
    case stopped
    case paused
    case resumed
    case weekSkipped
    case reset
    /// A journey on a kit code began after another journey (a second kit, or the same kit again
    /// with new seeds): the repeat-purchase fact of the funnel.
    case nextKitStarted(programID: String)
    /// A kit code continued a taste as the whole journey, keeping what the user did.
    case tasteKitEntered(programID: String)
    /// The last stage of a taste was completed: the journey stops there until a kit code.
    case tasteEnded
    case npsScored(Int)
    case npsComment
}
