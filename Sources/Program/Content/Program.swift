/// One kit's program: its structure from `program.json` and its texts per locale.
public struct Program: Sendable {
    public let id: String
    public let formatVersion: Int
    /// Kit-code prefixes that pick this program (`mg` matches `mg-123`).
    public let kitPrefixes: [String]
    /// Whether unknown kit codes fall back to this program.
    public let isFallback: Bool
    public let durationDays: Int
    public let locales: [String]
    public let stages: [Stage]
    public let themes: ThemeSettings?
    /// Menu id → its item ids, in display order.
    public let menus: [String: [String]]
    /// Choice step id → its option ids, in display order.
    public let choices: [String: [String]]
    /// Locale → texts.
    public let texts: [String: ProgramTexts]

    /// The locale used for a user: theirs when the program has it, else Russian, else the first.
    public func contentLocale(for requested: String) -> String {
        if texts[requested] != nil { return requested }
        if texts[ProgramCatalog.baseLocale] != nil { return ProgramCatalog.baseLocale }
        return locales.first ?? ProgramCatalog.baseLocale
    }

    func texts(for locale: String) -> ProgramTexts? {
        texts[contentLocale(for: locale)]
    }

    public func stageIndex(of id: String) -> Int? {
        stages.firstIndex { $0.id == id }
    }

    public func stage(_ id: String) -> Stage? {
        stages.first { $0.id == id }
    }
}

/// A stage of a program: a list of steps, the daily themes, or the manifesto.
public struct Stage: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case steps([Step])
        case themes
        case manifesto
    }

    public let id: String
    /// Program day the stage opens (day 0 = planting day).
    public let day: Int
    /// Last day of a themes stage.
    public let untilDay: Int?
    public let kind: Kind

    public var steps: [Step] {
        if case .steps(let steps) = kind { return steps }
        return []
    }
}

/// One screen of a step stage.
public struct Step: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable {
        case practice, question, choice, wish, menu
    }

    public let id: String
    public let kind: Kind
    /// The menu a `wish` step offers examples from, or a `menu` step opens.
    public let menu: String?

    /// Whether the step waits for the user's own words.
    public var takesText: Bool { kind == .question || kind == .wish }
}

/// Focus themes of a themes stage and the days they arrive on for each pace.
public struct ThemeSettings: Sendable, Equatable {
    public let pool: [String]
    public let defaults: [String]
    /// At most this many themes can be chosen.
    public let choose: Int
    /// Pace ids in file order (the first is the default pace).
    public let paceOrder: [String]
    /// Pace id → program days themes arrive on.
    public let paces: [String: [Int]]

    public var defaultPace: String { paceOrder.first ?? "standard" }
}
