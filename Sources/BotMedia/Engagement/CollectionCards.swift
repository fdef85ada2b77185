import Bot
import Foundation
import Media
import Program

/// The user's state plants as the cards draw them: each collected card with its program's words
/// in the user's language, the day it was earned and the user's own answer from the journey that
/// earned it. Pure: the handler renders, `/collection` pages through them one card at a time.
struct CollectionCards {
    /// One card ready to draw.
    struct Entry: Equatable, Codable {
        var programID: String
        var cardID: String
        var state: String
        var line: String
        var day: Int
        var kit: String
        var answer: String?
        var silhouette: PlantSilhouette
        var colours: KitColours?
    }

    let catalog: ProgramCatalog

    func entries(of progress: UserProgress, locale: String) -> [Entry] {
        (progress.collection ?? []).compactMap { collected in
            guard let program = catalog.program(id: collected.programID),
                  let card = program.cards.first(where: { $0.id == collected.cardID }),
                  let texts = program.texts[program.contentLocale(for: locale)],
                  let words = texts.cards[card.id] else { return nil }
            return Entry(programID: program.id, cardID: card.id, state: words.state, line: words.line, day: collected.day,
                         kit: PracticeDiaryExporter.plain(texts.kitName), answer: answer(to: card, collected: collected, progress: progress, program: program),
                         silhouette: card.silhouette, colours: program.colours)
        }
    }

    /// The user's words the card quotes: the answer to its question step (or the wish), or a
    /// theme's reflection, from the journey the card was earned on; nil when they gave none.
    func answer(to card: PlantCard, collected: CollectedCard, progress: UserProgress, program: Program) -> String? {
        let words = journeyWords(earnedAt: collected.earnedAt, programID: collected.programID, progress: progress)
        let answer: String?
        if case .theme(let theme) = card.earned {
            answer = words?.reflections[theme]
        } else if let key = card.answer {
            let parts = key.split(separator: ".").map(String.init)
            let isWish = parts.count == 2 && program.stage(parts[0])?.steps.first { $0.id == parts[1] }?.kind == .wish
            answer = isWish ? words?.wish : words?.answers[key]
        } else {
            answer = nil
        }
        guard let answer, !answer.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return nil }
        return answer
    }

    private struct Words {
        var answers: [String: String]
        var reflections: [String: String]
        var wish: String?
    }

    /// The words of the journey a card earned at `earnedAt` belongs to: the current one, or the
    /// earlier journey of that program that was running then.
    private func journeyWords(earnedAt: Date, programID: String, progress: UserProgress) -> Words? {
        if progress.programID == programID, earnedAt >= progress.startedAt {
            return Words(answers: progress.answers, reflections: progress.reflections ?? [:], wish: progress.wish)
        }
        let journey = (progress.earlierJourneys ?? []).last {
            $0.programID == programID && $0.startedAt <= earnedAt && earnedAt <= $0.endedAt
        }
        return journey.map { Words(answers: $0.answers, reflections: $0.reflections ?? [:], wish: $0.wish) }
    }
}

extension CollectionCards.Entry {
    /// The card as the media module draws it.
    func card(footer: String, locale: String) -> StatePlantCard {
        let palette = colours.flatMap { CardPalette(paper: $0.paper, ink: $0.ink, accent: $0.accent) } ?? .sogreto
        return StatePlantCard(silhouette: StatePlantCard.Silhouette(rawValue: silhouette.rawValue) ?? .leaf, state: state, line: line,
                              footer: footer, answer: answer, locale: locale, palette: palette)
    }
}
