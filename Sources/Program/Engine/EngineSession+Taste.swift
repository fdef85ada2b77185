import Foundation

/// A gifted taste: the journey stops after the program's taste stages, and a kit code of the
/// same program continues it as the whole journey (a code of another kit begins that kit's
/// journey at once, keeping the taste's words and cards as an earlier journey does).
extension EngineSession {
    /// Whether the stage at `index` lies past the user's taste.
    func isBeyondTaste(_ index: Int) -> Bool {
        guard progress.taste == true, let end = program.tasteEndIndex else { return false }
        return index > end
    }

    /// Whether the user finished every stage their taste gives.
    var isTasteOver: Bool {
        guard progress.taste == true, let end = program.tasteEndIndex else { return false }
        return progress.stagesCompleted[program.stages[end].id] != nil
    }

    /// Nothing more opens: the bot says the taste is complete and how to get a kit.
    mutating func endOfTaste() {
        tasteOver = true
    }

    /// `/start <code>` on a taste: true when the code is a kit's and the journey goes on with it.
    mutating func entersKit(_ kitCode: String) -> Bool {
        guard progress.taste == true else { return false }
        let (next, recognized) = catalog.program(forKitCode: kitCode)
        guard recognized else { return false }
        guard next.id == program.id else {
            beginJourney(kitCode: kitCode, after: [])
            return true
        }
        progress.taste = nil
        progress.kitCode = kitCode
        events.append(.tasteKitEntered(programID: program.id))
        if progress.status == .paused || progress.status == .stopped { reopen() }
        showCurrent()
        return true
    }
}

extension ProgramEngine {
    /// Whether `progress` is a taste whose stages are all done: nothing is planned for it any more.
    public func tasteIsOver(_ progress: UserProgress) -> Bool {
        guard progress.taste == true, let program = catalog.program(id: progress.programID),
              let end = program.tasteEndIndex else { return false }
        return progress.stagesCompleted[program.stages[end].id] != nil
    }

    /// The stage titles a taste of the fallback program gives, in the user's language (empty
    /// when the fallback program gives no taste).
    public func tasteStageTitles(locale: String) -> [String] {
        let program = catalog.program(forKitCode: nil).program
        guard let end = program.tasteEndIndex, let texts = program.texts(for: locale) else { return [] }
        return program.stages[...end].map { texts.stages[$0.id]?.title ?? $0.id }
    }
}
