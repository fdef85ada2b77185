import Foundation
/// Puts the user's own words into content placeholders, HTML-escaped and cut to a length that
/// keeps the message within Telegram's limit. A line naming an answer the user skipped (or a
/// wish never given) is left out, so a text never shows a gap where their words would be.
struct ContentFiller {
    let progress: UserProgress
    let program: Program
    let texts: ProgramTexts
    let strings: UIStrings
    let userName: String
    let day: Int

    /// Limits tried in turn for each inserted user text until the message fits.
    static let valueLimits = [600, 250, 80, 20]

    /// What one placeholder stands for.
    enum Value: Equatable {
        case text(String)
        /// The user's words it names do not exist (skipped, or not asked yet).
        case missing
        /// Not a name the filler knows: left as written.
        case unknown
    }

    /// `name` may end in modifiers: `{answer:final.next-round|lower}` starts the words in lower case,
    /// for a button label quoted inside a sentence.
    func value(of name: String, limit: Int) -> Value {
        let parts = name.split(separator: "|", omittingEmptySubsequences: false)
        let value = baseValue(of: String(parts[0]), limit: limit)
        guard parts.count > 1, case .text(let text) = value else { return value }
        return parts.dropFirst().contains("lower") ? .text(text.prefix(1).lowercased() + text.dropFirst()) : value
    }

    private func baseValue(of name: String, limit: Int) -> Value {
        if name.hasPrefix("reflection:") {
            return userText(progress.reflections?[String(name.dropFirst("reflection:".count))], limit: limit)
        }
        switch name {
        case "name": return .text(TelegramHTML.escape(userName, truncatedTo: 64))
        case "day": return .text(String(day))
        case "wish": return userText(progress.wish, limit: limit)
        default:
            guard name.hasPrefix("answer:") else { return .unknown }
            let key = String(name.dropFirst("answer:".count))
            for stage in program.stages {
                for step in stage.steps where UserProgress.key(stage: stage.id, step: step.id) == key {
                    let answer: String?
                    switch step.kind {
                    case .question: answer = progress.answers[key]
                    case .wish: answer = progress.wish
                    case .choice: answer = progress.choices[key].flatMap { texts.choices[$0] }
                    case .practice, .menu: answer = nil
                    }
                    return userText(answer, limit: limit)
                }
            }
            return .unknown
        }
    }

    private func userText(_ text: String?, limit: Int) -> Value {
        guard let text, !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return .missing }
        return .text(TelegramHTML.escape(Self.quotable(text), truncatedTo: limit))
    }

    /// The user's words made fit to stand inside a sentence of content: one line, without the
    /// full stop the sentence around them already has ("«Rest more.»." reads as a slip).
    static func quotable(_ text: String) -> String {
        var words = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }.joined(separator: " ")
        if words.hasSuffix("."), !words.hasSuffix("..") { words.removeLast() }
        return words
    }

    /// Only the placeholders `text` names: the scheduler fills every reminder through here, and
    /// most texts name one or two of the dozens of answers a program has.
    private func values(in text: String, limit: Int) -> [String: String] {
        var values: [String: String] = [:]
        for name in Placeholders.names(in: text) where values[name] == nil {
            if case .text(let value) = value(of: name, limit: limit) { values[name] = value }
        }
        return values
    }

    /// The text with placeholders filled, shortening inserted user text if the result would
    /// exceed `budget` UTF-16 units after parsing.
    func fill(_ text: String, budget: Int = TelegramHTML.messageLimit, longest: Int = .max) -> String {
        let text = withoutMissingLines(text)
        var filled = text
        for limit in Self.valueLimits where limit <= longest {
            filled = Placeholders.fill(text, values(in: text, limit: limit))
            // Tags and entities only shorten a text once parsed, so a text within the budget as
            // written is within it as Telegram counts; parsing (costly, per reminder) is left for the rest.
            if filled.utf16.count <= budget || Self.parsedLength(filled) <= budget { return filled }
        }
        return filled
    }

    /// The text without the lines that name a missing answer; a blank line left doubled (or at
    /// either end) by a removed line goes too.
    func withoutMissingLines(_ text: String) -> String {
        let missing = Set(Placeholders.names(in: text).filter { value(of: $0, limit: 1) == .missing })
        guard !missing.isEmpty else { return text }
        let kept = text.split(separator: "\n", omittingEmptySubsequences: false).filter { line in
            !Placeholders.names(in: String(line)).contains(where: missing.contains)
        }
        var lines: [Substring] = []
        for line in kept where !(line.isEmpty && (lines.last?.isEmpty ?? true)) {
            lines.append(line)
        }
        if lines.last?.isEmpty == true { lines.removeLast() }
        return lines.joined(separator: "\n")
    }

    static func parsedLength(_ html: String) -> Int {
        (try? TelegramHTML.parsedLength(of: html)) ?? html.utf16.count
    }
}
