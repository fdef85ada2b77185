/// Puts the user's own words into content placeholders, HTML-escaped and cut to a length that
/// keeps the message within Telegram's limit.
struct ContentFiller {
    let progress: UserProgress
    let program: Program
    let texts: ProgramTexts
    let strings: UIStrings
    let userName: String
    let day: Int

    /// Limits tried in turn for each inserted user text until the message fits.
    static let valueLimits = [600, 250, 80, 20]

    /// The value of one placeholder, or nil for a name it does not know (left as written).
    func value(of name: String, limit: Int) -> String? {
        switch name {
        case "name": return TelegramHTML.escape(userName, truncatedTo: 64)
        case "day": return String(day)
        case "wish": return progress.wish.map { TelegramHTML.escape($0, truncatedTo: limit) } ?? strings[.missingWish]
        default:
            guard name.hasPrefix("answer:") else { return nil }
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
                    return answer.map { TelegramHTML.escape($0, truncatedTo: limit) } ?? strings[.missingAnswer]
                }
            }
            return nil
        }
    }

    /// Only the placeholders `text` names: the scheduler fills every reminder through here, and
    /// most texts name one or two of the dozens of answers a program has.
    private func values(in text: String, limit: Int) -> [String: String] {
        var values: [String: String] = [:]
        for name in Placeholders.names(in: text) where values[name] == nil {
            values[name] = value(of: name, limit: limit)
        }
        return values
    }

    /// The text with placeholders filled, shortening inserted user text if the result would
    /// exceed `budget` UTF-16 units after parsing.
    func fill(_ text: String, budget: Int = TelegramHTML.messageLimit) -> String {
        var filled = text
        for limit in Self.valueLimits {
            filled = Placeholders.fill(text, values(in: text, limit: limit))
            // Tags and entities only shorten a text once parsed, so a text within the budget as
            // written is within it as Telegram counts; parsing (costly, per reminder) is left for the rest.
            if filled.utf16.count <= budget || Self.parsedLength(filled) <= budget { return filled }
        }
        return filled
    }

    static func parsedLength(_ html: String) -> Int {
        (try? TelegramHTML.parsedLength(of: html)) ?? html.utf16.count
    }
}
