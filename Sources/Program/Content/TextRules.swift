import Foundation
/// Checks one content text where it was read: valid Telegram HTML, within the length limit,
/// and only placeholders that resolve.
struct TextRules {
    let structure: ProgramStructure

    /// Where a text sits in the journey; an answer placeholder must not refer to a later step.
    struct Place {
        var stageIndex: Int
        var stepIndex: Int
    }

    static let buttonLabelLimit = 28

    /// Which `{…}` placeholders a text may use.
    enum PlaceholderPolicy {
        /// Content placeholders: {name}, {wish}, {day}, {answer:<stage>.<step>}.
        case content
        /// None at all (menu item texts are shown as they are).
        case forbidden
        /// Checked by the caller (UI strings have per-key placeholders).
        case checkedElsewhere
    }

    func checkHTML(_ text: String, at node: JSONNode, place: Place? = nil, placeholders policy: PlaceholderPolicy = .content) {
        do {
            let length = try TelegramHTML.parsedLength(of: text)
            if length > TelegramHTML.contentLimit {
                node.report("text is \(length) UTF-16 units after HTML parsing; the limit is \(TelegramHTML.contentLimit) (Telegram allows \(TelegramHTML.messageLimit); the engine adds headers)")
            }
        } catch {
            node.report(error.description)
        }
        switch policy {
        case .content:
            for name in Placeholders.names(in: text) { checkPlaceholder(name, at: node, place: place) }
            checkFilledLength(text, at: node)
        case .forbidden:
            for name in Placeholders.names(in: text) { node.report("placeholder {\(name)} is not allowed here") }
        case .checkedElsewhere:
            break
        }
    }

    /// The filler shortens the user's words until a message fits; the text must fit with every
    /// quote at the shortest length it tries, or some answers could never be shown.
    private func checkFilledLength(_ text: String, at node: JSONNode) {
        let quotes = Set(Placeholders.names(in: text).filter(ManifestoText.quotesUser))
        guard !quotes.isEmpty, let shortest = ContentFiller.valueLimits.last else { return }
        let filled = Placeholders.fill(text, Dictionary(uniqueKeysWithValues: quotes.map { ($0, String(repeating: "Ж", count: shortest)) }))
        guard let length = try? TelegramHTML.parsedLength(of: filled), length > TelegramHTML.contentLimit else { return }
        node.report("with every answer cut to \(shortest) characters the text is still \(length) UTF-16 units; the limit is \(TelegramHTML.contentLimit)")
    }

    /// The manifesto card is drawn, not sent: plain text, a few lines, short enough to read at a
    /// glance with every quote at the length the card cuts it to.
    static let cardLineLimit = 6
    static let cardLimit = 420
    static let cardQuoteLimit = 80

    func checkCard(_ card: String, at node: JSONNode) {
        if card.contains("<") || card.contains("&") { node.report("the card is drawn as plain text: no HTML tags or entities") }
        let lines = card.split(separator: "\n").count
        if lines > Self.cardLineLimit { node.report("the card has \(lines) lines; at most \(Self.cardLineLimit) fit") }
        let quotes = Set(Placeholders.names(in: card).filter(ManifestoText.quotesUser))
        let filled = Placeholders.fill(card, Dictionary(uniqueKeysWithValues: quotes.map { ($0, String(repeating: "Ж", count: Self.cardQuoteLimit)) }))
        if filled.count > Self.cardLimit {
            node.report("with every answer at \(Self.cardQuoteLimit) characters the card is \(filled.count) characters; keep it under \(Self.cardLimit)")
        }
    }

    /// A practice (a step's or theme's text with its question) is read on one phone screen; the
    /// explanation behind it goes in its "why".
    static let practiceLimit = 500

    func checkPracticeLength(_ text: String, question: String? = nil, at node: JSONNode) {
        let shown = text + (question.map { "\n\n<i>" + $0 + "</i>" } ?? "")
        guard let length = try? TelegramHTML.parsedLength(of: shown), length > Self.practiceLimit else { return }
        node.report("the practice is \(length) characters\(question == nil ? "" : " with its question"); keep it under \(Self.practiceLimit) (a phone screen) and move the explanation into \"why\"")
    }

    /// The welcome is the first message, read before anything is asked: shorter than a practice.
    static let welcomeLimit = 300

    func checkWelcomeLength(_ text: String, at node: JSONNode) {
        guard let length = try? TelegramHTML.parsedLength(of: text), length > Self.welcomeLimit else { return }
        node.report("the welcome is \(length) characters; keep it under \(Self.welcomeLimit) (the first message, read before anything else)")
    }

    /// A stage's steps are one practice for a listener: their recordings together last at most
    /// ten minutes, estimated at the narrating voice's pace in the file's language.
    func checkStageNarrationLength(_ narrations: [Narration], locale: String, at node: JSONNode) {
        let rate = Narration.wordsPerMinute(for: locale)
        let seconds = narrations.reduce(0) { $0 + $1.estimatedSeconds(wordsPerMinute: rate) }
        guard seconds > Narration.stageSeconds else { return }
        let pauses = narrations.reduce(0) { $0 + $1.pauseSeconds }
        node.report("the stage's narrated steps last about \(Int(seconds)) s in all (\(pauses) s of pauses); a practice is at most "
                    + "\(Int(Narration.stageSeconds) / 60) minutes: tighten its text or shorten its pauses")
    }

    /// The welcome and a stage's intro are read before the practice starts: one screen too.
    func checkScreenLength(_ text: String, what: String, at node: JSONNode) {
        guard let length = try? TelegramHTML.parsedLength(of: text), length > Self.practiceLimit else { return }
        node.report("the \(what) is \(length) characters; keep it under \(Self.practiceLimit) (a phone screen)")
    }

    /// Spans of time a practice names, longest first, in both languages.
    private static let namedDurations: [(phrase: String, seconds: Int)] = [
        ("три минуты", 180), ("three minutes", 180), ("две минуты", 120), ("two minutes", 120),
        ("полминуты", 30), ("half a minute", 30), ("минуту", 60), ("a minute", 60),
    ]

    /// A recording gives the user the time its text names: "three minutes of quiet" has at
    /// least three quarters of that in pauses.
    func checkNarrationTiming(_ narration: Narration, of text: String, at node: JSONNode) {
        let lowered = text.lowercased()
        guard let named = Self.namedDurations.first(where: { lowered.contains($0.phrase) }) else { return }
        let needed = named.seconds * 3 / 4
        if narration.pauseSeconds < needed {
            node.report("the text names \"\(named.phrase)\" but the narration pauses for \(narration.pauseSeconds) s in all; give it at least \(needed) s")
        }
    }

    /// A theme is a whole practice: its recording lasts the 3–10 minutes a practice takes, so its
    /// script carries the practice's silences ({pause:N}) instead of reading it out in a minute.
    func checkPracticeNarrationLength(_ narration: Narration, at node: JSONNode) {
        let seconds = narration.estimatedSeconds()
        let bounds = Narration.practiceSeconds
        guard !bounds.contains(seconds) else { return }
        let advice = seconds < bounds.lowerBound ? "give the practice its silences with {pause:N}" : "shorten its pauses"
        node.report("the narration lasts about \(Int(seconds)) s (\(narration.pauseSeconds) s of pauses, \(narration.wordCount) words); "
                    + "a theme is a whole practice of \(Int(bounds.lowerBound) / 60)–\(Int(bounds.upperBound) / 60) minutes: \(advice)")
    }

    /// Micro-practices are read between two mistings: short, question included.
    static let microLimit = 400

    func checkMicroLength(title: String, text: String, question: String?, at node: JSONNode) {
        let whole = "<b>" + title + "</b>\n\n" + text + (question.map { "\n\n<i>" + $0 + "</i>" } ?? "")
        guard let length = try? TelegramHTML.parsedLength(of: whole), length > Self.microLimit else { return }
        node.report("the micro-practice is \(length) characters with its title and question; keep it under \(Self.microLimit)")
    }

    /// A step's text and its "why" share one message once the button is pressed.
    func checkShownTogether(_ text: String, _ why: String, at node: JSONNode) {
        guard let length = try? TelegramHTML.parsedLength(of: text + "\n\n<blockquote>" + why + "</blockquote>") else { return }
        if length > TelegramHTML.contentLimit {
            node.report("the text with its \"why\" is \(length) UTF-16 units after HTML parsing; the limit is \(TelegramHTML.contentLimit)")
        }
        if why.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { node.report("an empty \"why\": leave the field out instead") }
    }

    /// Button labels are plain text (Telegram shows tags literally) and short.
    func checkLabel(_ label: String, at node: JSONNode) {
        if label.contains("<") || label.contains("&") || label.contains("{") {
            node.report("a button label is plain text: no HTML, entities or placeholders")
        }
        if label.count > Self.buttonLabelLimit {
            node.report("button label is \(label.count) characters; the limit is \(Self.buttonLabelLimit) so it fits a phone screen")
        }
        if label.contains("\n") { node.report("a button label must be one line") }
    }

    static let modifiers: Set<String> = ["lower"]

    private func checkPlaceholder(_ written: String, at node: JSONNode, place: Place?) {
        let parts = written.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
        let name = parts[0]
        for modifier in parts.dropFirst() where !Self.modifiers.contains(modifier) {
            node.report("unknown modifier \"|\(modifier)\" in {\(written)} (known: |lower)")
        }
        if name.hasPrefix("reflection:") {
            let id = String(name.dropFirst("reflection:".count))
            if !structure.reflectionIDs.contains(id) {
                node.report("{\(name)} names no theme or micro-practice with a reflection question")
            }
            return
        }
        switch name {
        case "name", "day":
            return
        case "wish":
            let hasWish = structure.stages.contains { $0.steps.contains { $0.kind == .wish } }
            if !hasWish { node.report("{wish} is used but the program has no wish step") }
        default:
            guard name.hasPrefix("answer:") else {
                node.report("unknown placeholder {\(name)} (known: {name}, {wish}, {day}, {answer:<stage>.<step>}, {reflection:<id>})")
                return
            }
            checkAnswerReference(String(name.dropFirst("answer:".count)), name: name, at: node, place: place)
        }
    }

    private func checkAnswerReference(_ reference: String, name: String, at node: JSONNode, place: Place?) {
        let parts = reference.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 2,
              let stageIndex = structure.stages.firstIndex(where: { $0.id == parts[0] }),
              let stepIndex = structure.stages[stageIndex].steps.firstIndex(where: { $0.id == parts[1] })
        else {
            node.report("{\(name)} refers to no step (write {answer:<stageID>.<stepID>})")
            return
        }
        let step = structure.stages[stageIndex].steps[stepIndex]
        guard step.kind == .question || step.kind == .wish || step.kind == .choice else {
            node.report("{\(name)} refers to a \(step.kind.rawValue) step, which has no answer")
            return
        }
        if let place, (stageIndex, stepIndex) >= (place.stageIndex, place.stepIndex) {
            node.report("{\(name)} refers to a step the user has not reached yet at this point")
        }
    }
}
