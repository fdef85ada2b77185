import Foundation

/// A practice message is the engine's header (stage line, title) and then the text; on a phone a
/// run of lines that open in bold reads as one heavy block, so at most two come in a row.
enum BoldLineRules {
    static let runLimit = 2

    static func check(_ program: Program, strings: UIStrings, locale: String, log: ProblemLog) {
        guard let texts = program.texts(for: locale) else { return }
        let file = "programs/\(program.id)/\(locale).json"
        func inspect(_ message: String, _ path: String, title: String? = nil, text: String? = nil) {
            let run = longestRun(message)
            if run > runLimit {
                log.report(file, path, "the message opens \(run) lines in a row in bold (with the header); at most \(runLimit): drop the bold lead or make the header lighter")
            }
            if let title, let text, repeatsTitle(text, title) {
                log.report(file, path, "the bold lead repeats the title \"\(title)\" right under it; lead with something else")
            }
        }
        for stage in program.stages {
            let stageTexts = texts.stages[stage.id]
            for (index, step) in stage.steps.enumerated() {
                guard let stepTexts = stageTexts?.steps[step.id] else { continue }
                let header = strings.format(.stepHeader, ["stage": stageTexts?.title ?? "", "index": String(index + 1),
                                                          "count": String(stage.steps.count), "title": stepTexts.title])
                inspect(header + "\n\n" + stepTexts.text, "$.stages.\(stage.id).steps.\(step.id).text", title: stepTexts.title, text: stepTexts.text)
            }
        }
        let themesTitle = program.stages.first { $0.kind == .themes }.flatMap { texts.stages[$0.id]?.title } ?? ""
        for (id, theme) in texts.themes {
            let header = strings.format(.themeHeader, ["stage": themesTitle, "index": "1", "count": "1", "title": theme.title])
            inspect(header + "\n\n" + theme.text, "$.themes.\(id).text", title: theme.title, text: theme.text)
        }
        for (id, micro) in texts.micro {
            inspect("<b>" + micro.title + "</b>\n\n" + micro.text, "$.micro.\(id).text", title: micro.title, text: micro.text)
        }
    }

    /// Whether the text opens with a bold lead that says the title again ("Что дальше" /
    /// "<b>Что дальше.</b>"), punctuation and case aside.
    static func repeatsTitle(_ text: String, _ title: String) -> Bool {
        let trimmed = text.drop { $0 == " " || $0 == "\n" }
        guard trimmed.hasPrefix("<b>"), let end = trimmed.range(of: "</b>") else { return false }
        func plain(_ words: Substring) -> String {
            words.lowercased().trimmingCharacters(in: .punctuationCharacters.union(.whitespaces))
        }
        return plain(trimmed[trimmed.index(trimmed.startIndex, offsetBy: 3)..<end.lowerBound]) == plain(Substring(title))
    }

    /// The most lines in a row that open in bold; blank lines do not break a run (the eye reads
    /// over them).
    static func longestRun(_ html: String) -> Int {
        var longest = 0, run = 0
        for line in html.split(separator: "\n", omittingEmptySubsequences: true) {
            let trimmed = line.drop { $0 == " " }
            if trimmed.isEmpty { continue }
            run = trimmed.hasPrefix("<b>") ? run + 1 : 0
            longest = max(longest, run)
        }
        return longest
    }
}
