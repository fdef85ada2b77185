/// All texts of one program in one locale (`<locale>.json`). Texts are Telegram HTML.
public struct ProgramTexts: Sendable {
    public let locale: String
    public let title: String
    public let kitName: String
    public let welcome: String
    public let stages: [String: StageTexts]
    public let themes: [String: ThemeTexts]
    let menus: [String: MenuTexts]
    /// Choice option id → button label.
    public let choices: [String: String]
    /// Micro-practice id → its texts.
    public var micro: [String: MicroTexts] = [:]
    /// Card id → the state plant's name and line (`PlantCard`).
    public var cards: [String: CardTexts] = [:]
    /// One line on the kit for users of other kits ("21 days of the Energy practice…"); nil when
    /// the kit is not offered (`KitShop`).
    public var shopLine: String? = nil
    /// The welcome of a taste (no kit yet: any seeds and a saucer); nil when the program gives none.
    var tasteWelcome: String? = nil
}

public struct MicroTexts: Sendable {
    public let title: String
    public let text: String
    /// A short optional reflection question; the answer is kept and shown in the diary.
    public let question: String?
}

public struct StageTexts: Sendable {
    public let title: String
    /// Announces the stage when it opens (the reminder text).
    public let unlock: String
    public let intro: String?
    public let steps: [String: StepTexts]
    public let manifesto: ManifestoTexts?
    /// The spoken script of a manifesto stage's practice (see `Narration`); never shown.
    public var narration: String? = nil
}

public struct StepTexts: Sendable {
    public let title: String
    public let text: String
    /// A short hint for a question ("a word or two is enough").
    package let placeholder: String?
    /// Why the practice works, shown behind a "Why?" button so the practice itself stays short.
    package var why: String? = nil
    /// The spoken script for audio production (see `Narration`); never shown to readers.
    public var narration: String? = nil
}

public struct ThemeTexts: Sendable {
    public let title: String
    public let label: String
    public let text: String
    /// A short optional reflection question; the answer is kept and shown in the diary.
    public var question: String? = nil
    /// Why the practice works, behind a "Why?" button (as for steps).
    package var why: String? = nil
    /// The spoken script for audio production (see `Narration`); never shown to readers.
    public var narration: String? = nil
}

struct MenuTexts: Sendable {
    let title: String
    let items: [String: MenuItemTexts]
}

struct MenuItemTexts: Sendable {
    let label: String
    let text: String
}

public struct ManifestoTexts: Sendable {
    package let template: String
    /// The shorter manifesto for a user who left fewer than two of their words (ManifestoText).
    var templateFewAnswers: String? = nil
    /// The key lines drawn on the manifesto card, one a line; missing quotes drop their line.
    public var card: String? = nil
    public let completion: String
    let npsQuestion: String
    let npsCommentPrompt: String
    let npsThanks: String
}
