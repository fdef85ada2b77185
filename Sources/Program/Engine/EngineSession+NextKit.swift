import Foundation

/// A kit code scanned or typed by someone who already has a journey: after the journey is
/// complete it starts the new one at once (another kit, or the same kit again with new seeds);
/// mid-journey it asks first. The journey left behind is kept either way.
extension EngineSession {
    /// Handles `/start <code>` when the code belongs to a program and calls for a new journey;
    /// false when the usual `/start` applies (no code, an unknown one, the code of this journey).
    mutating func startsNextKit(_ kitCode: String) -> Bool {
        let (next, recognized) = catalog.program(forKitCode: kitCode)
        guard recognized else { return false }
        if progress.status == .completed {
            // The code this journey began with, scanned again, is the old kit: "start over?" asks.
            guard kitCode.lowercased() != progress.kitCode?.lowercased() else { return false }
            beginJourney(kitCode: kitCode, after: [.nextKitStarted(programID: next.id)])
            return true
        }
        guard next.id != program.id else { return false }
        progress.pendingConfirmation = .switchKit(code: kitCode)
        let newTitle = next.texts(for: context.locale)?.title ?? next.id
        say(.switchQuestion, ["current": texts.title, "new": newTitle], keyboards.confirmation(confirm: .switchConfirm))
        return true
    }

    /// A fresh journey on `kitCode`'s program in place of this one: the journey left behind keeps
    /// its words and manifesto (the PDF diary shows them), the collection keeps its cards.
    mutating func beginJourney(kitCode: String?, after before: [ProgramEvent], taste: Bool = false) {
        let fresh = Self.activate(catalog: catalog, kitCode: kitCode, context: context, after: before, taste: taste)
        if var started = fresh.progress {
            let earlier = (progress.earlierJourneys ?? []) + [EarlierJourney(progress, endedAt: now)].compactMap { $0 }
            started.earlierJourneys = earlier.isEmpty ? nil : Array(earlier.suffix(EarlierJourney.kept))
            started.collection = progress.collection
            progress = started
        }
        events = fresh.events
        messages = fresh.messages
    }
}
