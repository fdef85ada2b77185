/// One kit's program: its structure from `program.json` and its texts per locale.
public struct Program: Sendable {
    public let id: String
    let formatVersion: Int
    /// Kit-code prefixes that pick this program (`mg` matches `mg-123`).
    public let kitPrefixes: [String]
    /// Whether unknown kit codes fall back to this program.
    let isFallback: Bool
    public let durationDays: Int
    public let locales: [String]
    public let stages: [Stage]
    public let themes: ThemeSettings?
    /// Menu id → its item ids, in display order.
    let menus: [String: [String]]
    /// Choice step id → its option ids, in display order.
    public let choices: [String: [String]]
    /// Locale → texts (the control variant of any experiment; `showing(_:)` gives a user's).
    public internal(set) var texts: [String: ProgramTexts]
    /// Short practices on days without a stage, in day order (MicroPractice).
    public var micro: [MicroPractice] = []
    /// The longest run of days without any message the kit allows (checked, not enforced at run time).
    var maxSilenceDays: Int? = nil
    /// The kit's colours for what is drawn for it (the manifesto card).
    public var colours: KitColours? = nil
    /// The state plants a user collects on this program (`PlantCard`), in program order.
    public var cards: [PlantCard] = []
    /// Where the kit is sold, when it is offered to users of other kits (`KitShop`).
    public var shop: KitShop? = nil
    /// The first days a gifted taste gives without a kit (`Taste`); nil: no taste on this program.
    public var taste: Taste? = nil
    /// A/B tests of this program's texts (`Experiment`), and the texts of each combination of
    /// variants keyed by `VariantSelection.key(for:)` (locale → texts).
    public internal(set) var experiments: [Experiment] = []
    var variantTexts: [String: [String: ProgramTexts]] = [:]

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

    /// The index of the last stage a taste gives, or nil when the program gives no taste.
    package var tasteEndIndex: Int? {
        taste.flatMap { stageIndex(of: $0.throughStage) }
    }
}

/// A kit's colours as "#RRGGBB": the paper, the text and the accent.
public struct KitColours: Sendable, Equatable, Codable {
    public let paper: String
    public let ink: String
    public let accent: String

    public init(paper: String, ink: String, accent: String) {
        self.paper = paper
        self.ink = ink
        self.accent = accent
    }

    static func isColour(_ text: String) -> Bool {
        text.count == 7 && text.hasPrefix("#") && text.dropFirst().allSatisfy(\.isHexDigit)
    }
}

/// A one-to-two-minute practice on a day without a stage, sent at the user's reminder time in
/// place of that day's nudge; its texts may ask a short optional reflection question.
public struct MicroPractice: Sendable, Equatable {
    public let id: String
    public let day: Int

    public init(id: String, day: Int) {
        self.id = id
        self.day = day
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
    let untilDay: Int?
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
    /// A branch: the step shows only when an earlier choice step of its stage was answered
    /// with one of these options (nothing sprouted, mould, all good…).
    package var when: StepCondition? = nil

    /// Whether the step waits for the user's own words.
    var takesText: Bool { kind == .question || kind == .wish }
}

/// The choice a branch step depends on.
package struct StepCondition: Sendable, Equatable {
    /// The choice step's id (in the same stage, before the branch).
    package let choice: String
    package let options: [String]

    package init(choice: String, options: [String]) {
        self.choice = choice
        self.options = options
    }
}

extension Stage {
    /// Whether `step` shows for a user with these choices: always, unless it is a branch whose
    /// choice was answered otherwise (or skipped).
    public func shows(_ step: Step, choices: [String: String]) -> Bool {
        guard let condition = step.when else { return true }
        guard let chosen = choices[UserProgress.key(stage: id, step: condition.choice)] else { return false }
        return condition.options.contains(chosen)
    }

    /// The indices of the steps that show for these choices, in order.
    package func shownIndices(choices: [String: String]) -> [Int] {
        steps.indices.filter { shows(steps[$0], choices: choices) }
    }

    /// How many steps the header counts at step `current`: those the choices show, and while a
    /// branching choice still lies ahead unanswered, as many as its longest branch would show (not
    /// "1 of 1" before it). A choice already passed without an answer was skipped: its path counts.
    func shownCount(choices: [String: String], at current: Int) -> Int {
        var longest = shownIndices(choices: choices).count
        for (index, step) in steps.enumerated()
        where index >= current && step.kind == .choice && choices[UserProgress.key(stage: id, step: step.id)] == nil {
            let options = Set(steps.compactMap { $0.when?.choice == step.id ? $0.when?.options : nil }.joined())
            for option in options {
                let chosen = choices.merging([UserProgress.key(stage: id, step: step.id): option]) { _, new in new }
                longest = max(longest, shownIndices(choices: chosen).count)
            }
        }
        return longest
    }
}

/// Focus themes of a themes stage and the days they arrive on for each pace.
public struct ThemeSettings: Sendable, Equatable {
    public let pool: [String]
    public let defaults: [String]
    /// At most this many themes can be chosen.
    let choose: Int
    /// Pace ids in file order (the first is the default pace).
    let paceOrder: [String]
    /// Pace id → program days themes arrive on.
    package let paces: [String: [Int]]

    var defaultPace: String { paceOrder.first ?? "standard" }
}
