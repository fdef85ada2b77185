/// Showing a step, theme or manifesto again in another form (read instead of listen, or the
/// other way round) without moving the user.
extension EngineSession {
    /// The message that shows `item` as progress stands now, or nil for an item the user has not
    /// reached (or that does not exist). Its buttons are kept only when the item is where the
    /// user is, since elsewhere they would all be stale.
    mutating func replay(_ item: NarratedContent.Item) -> OutgoingMessage? {
        let before = progress
        defer {
            // Only the copy number survives: a page sent again with its buttons is the newest copy.
            let copy = progress.pageCopy
            progress = before
            progress.pageCopy = copy
            messages = []
        }
        switch item {
        case let .step(stageID, stepID):
            guard let stage = program.stage(stageID), let index = stage.steps.firstIndex(where: { $0.id == stepID }),
                  hasReached(stage, index: index) else { return nil }
            let isCurrent = progress.position == .step(stage: stageID, index: index)
            showStep(stage, index: index)
            return numberedIfCurrent(isCurrent)
        case .theme(let themeID):
            let plan = ThemePlan(progress: progress, program: program)
            guard let slot = plan.slots.firstIndex(where: { $0.theme == themeID }), programDay >= plan.slots[slot].day,
                  let stage = program.stages.first(where: { $0.kind == .themes }), progress.stagesStarted[stage.id] != nil else {
                return nil
            }
            let isCurrent = progress.position == .theme(slot: slot)
            showThemeSlot(slot, stage: stage)
            return numberedIfCurrent(isCurrent)
        case .stage(let stageID):
            guard let stage = program.stage(stageID), stage.kind == .manifesto, progress.stagesStarted[stageID] != nil,
                  let intro = texts.stages[stageID]?.intro else { return nil }
            let filled = filler.fill(intro)
            return OutgoingMessage(text: filled, narrates: narrated(item, captions: [filled, "<b>\(stageTitle(stage))</b>"]))
        }
    }

    /// Whether the user has been at this step: an earlier stage, or this stage up to where they are.
    private func hasReached(_ stage: Stage, index: Int) -> Bool {
        guard progress.stagesStarted[stage.id] != nil else { return false }
        if case let .step(current, currentIndex) = progress.position, current == stage.id { return index <= currentIndex }
        return true
    }

    private mutating func numberedIfCurrent(_ isCurrent: Bool) -> OutgoingMessage? {
        guard isCurrent else { return messages.last.map(Self.withoutButtons) }
        numberPageCopies()
        return messages.last
    }

    private static func withoutButtons(_ message: OutgoingMessage) -> OutgoingMessage {
        var message = message
        message.buttons = []
        return message
    }
}
