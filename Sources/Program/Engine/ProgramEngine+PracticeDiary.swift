public import Foundation

/// What the practice diary needs to know about a journey beyond the stored progress.
extension ProgramEngine {
    /// The daily themes the user has opened so far, in order (theme ids): all of them once the
    /// themes stage is complete; before, those passed plus the current one once its day came.
    public func themesOpened(by progress: UserProgress, now: Date, timeZone: TimeZone) -> [String] {
        guard let program = catalog.program(id: progress.programID),
              let stage = program.stages.first(where: { $0.kind == .themes }) else { return [] }
        let slots = ThemePlan(progress: progress, program: program).slots
        if progress.stagesCompleted[stage.id] != nil { return slots.map(\.theme) }
        guard case .theme(let current) = progress.position else { return [] }
        let today = programDay(of: progress, now: now, timeZone: timeZone)
        return slots.enumerated().filter { index, slot in index < current || (index == current && slot.day <= today) }
            .map(\.element.theme)
    }
}
