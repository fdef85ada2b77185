/// The locale files every kit shares, whose texts an experiment names with a prefix:
/// `engine:continueButton` (`assets/locales/program.<locale>.json`, the engine's buttons and
/// messages) and `bot:reminder_nudge_2` (`bot.<locale>.json`, the bot's own: nudges, settings…).
public enum SharedTextFile: String, Sendable, CaseIterable {
    case engine, bot

    /// The file's name in `assets/locales` for a locale.
    func fileName(_ locale: String) -> String {
        (self == .engine ? "program" : "bot") + ".\(locale).json"
    }

    /// "bot:reminder_nudge_2" → (.bot, "reminder_nudge_2"); nil for a program text's path.
    static func split(_ declared: String) -> (file: SharedTextFile, key: String)? {
        guard let colon = declared.firstIndex(of: ":"), let file = SharedTextFile(rawValue: String(declared[..<colon])) else { return nil }
        return (file, String(declared[declared.index(after: colon)...]))
    }

    /// Whether a declared text names a file prefix that does not exist ("bots:…").
    static func isUnknownPrefix(_ declared: String) -> Bool {
        declared.contains(":") && split(declared) == nil
    }
}

/// One text of a shared locale file with variants: per locale, each variant's text.
public struct SharedTextVariant: Sendable, Equatable {
    public let file: SharedTextFile
    public let key: String
    public let experimentID: String
    /// The experiment's control: the text shown when it is not running.
    public let control: String
    /// Locale → variant id → text.
    public let texts: [String: [String: String]]

    public init(file: SharedTextFile, key: String, experimentID: String, control: String, texts: [String: [String: String]]) {
        self.file = file
        self.key = key
        self.experimentID = experimentID
        self.control = control
        self.texts = texts
    }
}
