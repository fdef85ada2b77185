import Foundation
import FoundationEssentials
/// The manifesto in the user's own words. Its template is ordinary content text with three more
/// rules (README, "Program content"):
/// - a line naming words the user skipped is left out (as in every text);
/// - a paragraph that quoted the user and lost every such line goes whole: its fixed lines only
///   connect the quotes;
/// - with fewer than `fewestQuotes` of the user's words left, the shorter `templateFewAnswers`
///   is used instead (when the program has one), so someone who skipped most questions gets a
///   text that reads whole rather than a frame with holes.
struct ManifestoText {
    let filler: ContentFiller

    static let fewestQuotes = 2

    /// Placeholders that quote the user (not the name or the day).
    static func quotesUser(_ name: String) -> Bool {
        let base = name.split(separator: "|", omittingEmptySubsequences: false)[0]
        return base == "wish" || base.hasPrefix("answer:") || base.hasPrefix("reflection:")
    }

    func html(template: String, fewAnswers: String?) -> String {
        let (text, quotes) = arranged(template)
        if quotes < Self.fewestQuotes, let fewAnswers {
            return filler.fill(arranged(fewAnswers).text)
        }
        return filler.fill(text)
    }

    /// The card's lines (its first is the title), the user's words cut to the card's length;
    /// nil when nothing is left.
    func cardLines(_ card: String) -> [String]? {
        let filled = filler.fill(card, budget: TextRules.cardLimit, longest: TextRules.cardQuoteLimit)
        let plain = (try? TelegramHTML.plainText(of: filled)) ?? filled
        let lines = plain.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        return lines.isEmpty ? nil : lines
    }

    /// The template without its missing lines and emptied paragraphs, and how many quotes of the
    /// user it still holds.
    func arranged(_ template: String) -> (text: String, quotes: Int) {
        var quotes = 0
        var kept: [String] = []
        for paragraph in template.components(separatedBy: "\n\n") {
            let quoted = Placeholders.names(in: paragraph).filter(Self.quotesUser)
            let remaining = filler.withoutMissingLines(paragraph)
            let left = Placeholders.names(in: remaining).filter(Self.quotesUser)
            if !quoted.isEmpty, left.isEmpty { continue }
            quotes += left.count
            if !remaining.isEmpty { kept.append(remaining) }
        }
        return (kept.joined(separator: "\n\n"), quotes)
    }
}
