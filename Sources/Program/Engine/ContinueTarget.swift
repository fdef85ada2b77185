import Foundation

/// What Continue opens for a user: a reminder must name exactly this, so a user who is behind is
/// invited to the practice that is really waiting, not to the one that opened today.
struct ContinueTarget {
    let program: Program
    let texts: ProgramTexts
    let progress: UserProgress

    /// Whether Continue, pressed once `unlock` has opened, shows that very unlock: the user is
    /// waiting for it (finished the stage before it, or waits for that theme slot).
    func opens(_ unlock: Unlock) -> Bool {
        switch progress.position {
        case .stageDone(let done):
            guard let index = program.stageIndex(of: done), let following = program.stages[safe: index + 1] else { return false }
            return following.id == unlock.stageID && (unlock.slot ?? 0) == 0
        case .theme(let slot):
            return program.stages.first { $0.kind == .themes }?.id == unlock.stageID && unlock.slot == slot
        case .welcome, .step, .themePicker, .nps, .npsComment, .finished:
            return false
        }
    }

    /// Whether Continue at `day` shows a practice rather than "the next stage opens on …".
    func isOpen(onDay day: Int) -> Bool {
        switch progress.position {
        case .stageDone(let id):
            guard let index = program.stageIndex(of: id), let following = program.stages[safe: index + 1] else { return false }
            return following.day <= day
        case .theme(let slot):
            return ThemePlan(progress: progress, program: program).slots[safe: slot].map { $0.day <= day } ?? false
        case .welcome, .step, .themePicker:
            return true
        case .nps, .npsComment, .finished:
            return false
        }
    }

    /// The title of what Continue opens (a stage, or a theme in the themes stage); nil once the
    /// program's stages are behind the user.
    var title: String? {
        switch progress.position {
        case .welcome:
            return program.stages.first.map(stageTitle)
        case .step(let id, _):
            return program.stage(id).map(stageTitle)
        case .stageDone(let id):
            guard let index = program.stageIndex(of: id) else { return nil }
            return program.stages[safe: index + 1].map(stageTitle)
        case .themePicker:
            return program.stages.first { $0.kind == .themes }.map(stageTitle)
        case .theme(let slot):
            let plan = ThemePlan(progress: progress, program: program)
            guard let entry = plan.slots[safe: slot] else { return program.stages.first { $0.kind == .themes }.map(stageTitle) }
            return texts.themes[entry.theme]?.title ?? entry.theme
        case .nps, .npsComment, .finished:
            return nil
        }
    }

    private func stageTitle(_ stage: Stage) -> String {
        texts.stages[stage.id]?.title ?? stage.id
    }
}
