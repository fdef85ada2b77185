import Foundation

/// State plants: once what earns a card has happened (a stage completed, a theme opened), the
/// card joins the user's collection and a short message says so, once: a card already in the
/// collection (from this journey or an earlier one) is never announced again.
extension EngineSession {
    mutating func collectEarnedCards() {
        // After a switch of kit this session's program is the old one; the next input collects.
        // A refused input (a stale button) changes nothing and says nothing new.
        guard !program.cards.isEmpty, progress.programID == program.id, !rejected else { return }
        let earned = Self.earnedCards(program: program, progress: progress, catalog: catalog, now: now, timeZone: context.timeZone)
        var collection = progress.collection ?? []
        let new = earned.filter { card in !collection.contains { $0.programID == program.id && $0.cardID == card.id } }
        guard !new.isEmpty else { return }
        for card in new {
            collection.append(CollectedCard(programID: program.id, cardID: card.id, earnedAt: now, day: programDay))
        }
        progress.collection = collection
        let names = new.map { texts.cards[$0.id]?.state ?? $0.id }.joined(separator: ", ")
        // Before the message whose buttons lead on, so the keyboard stays at the bottom of the chat.
        let announcement = OutgoingMessage(text: strings.format(.cardEarned, ["cards": names]))
        let position = messages.lastIndex { !$0.buttons.isEmpty && !$0.replacesSource } ?? messages.endIndex
        messages.insert(announcement, at: position)
    }

    /// The program's cards whose condition the progress meets, in program order.
    static func earnedCards(program: Program, progress: UserProgress, catalog: ProgramCatalog, now: Date,
                            timeZone: TimeZone) -> [PlantCard] {
        let opened = Set(ProgramEngine(catalog: catalog).themesOpened(by: progress, now: now, timeZone: timeZone))
        return program.cards.filter { card in
            switch card.earned {
            case .stage(let id): return progress.stagesCompleted[id] != nil
            case .theme(let id): return opened.contains(id)
            }
        }
    }
}
