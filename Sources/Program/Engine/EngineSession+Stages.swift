import Foundation

/// Moving between stages: starting one when its day has come, finishing one, and "continue".
extension EngineSession {
    func stageTitle(_ stage: Stage) -> String {
        texts.stages[stage.id]?.title ?? stage.id
    }

    func formattedDate(_ date: Date) -> String {
        DateWording.format(date, timeZone: context.timeZone, strings: strings)
    }

    /// "Opens on Friday 5 December (day 5)", or nil if the day cannot be dated (paused).
    func opensLine(stage: Stage, day: Int) -> String? {
        guard let date = ProgramSchedule.start(ofDay: day, progress: progress, program: program, now: now, timeZone: context.timeZone) else { return nil }
        return strings.format(.nextOpens, ["stage": stageTitle(stage), "date": formattedDate(date), "day": String(day)])
    }

    mutating func markStarted(_ stage: Stage) {
        guard progress.stagesStarted[stage.id] == nil else { return }
        progress.stagesStarted[stage.id] = now
        events.append(.stageStarted(stage.id))
    }

    mutating func markCompleted(_ stage: Stage) {
        guard progress.stagesCompleted[stage.id] == nil else { return }
        progress.stagesCompleted[stage.id] = now
        events.append(.stageCompleted(stage.id))
    }

    /// Finishes a stage and says what comes next: a Continue button if the next stage is open,
    /// otherwise the day and date it opens.
    mutating func completeStage(_ stage: Stage) {
        markCompleted(stage)
        progress.position = .stageDone(stage: stage.id)
        progress.awaitingText = nil
        var text = strings.format(.stageDone, ["stage": stageTitle(stage)])
        if progress.taste == true, let end = program.tasteEndIndex, end == program.stageIndex(of: stage.id) {
            events.append(.tasteEnded)
            tasteOver = true
            return say(text)
        }
        guard let index = program.stageIndex(of: stage.id), let following = program.stages[safe: index + 1] else {
            completeProgram()
            return say(text)
        }
        if programDay >= following.day {
            say(text, [keyboards.continueRow])
        } else {
            if let line = opensLine(stage: following, day: following.day) { text += "\n\n" + line }
            say(text)
        }
    }

    /// Starts the stage at `index` if its day has come; otherwise says when it opens.
    mutating func startStage(at index: Int) {
        guard let stage = program.stages[safe: index] else { return finishedAlready() }
        if isBeyondTaste(index) { return endOfTaste() }
        guard programDay >= stage.day else {
            let line = opensLine(stage: stage, day: stage.day) ?? strings.format(.stageOpen, ["stage": stageTitle(stage)])
            return say(line)
        }
        let stageTexts = texts.stages[stage.id]
        switch stage.kind {
        case .steps:
            markStarted(stage)
            // No reminder announces the first stage (it opens at /start), so its unlock text
            // (what to prepare) is shown here when there is no intro.
            let opening = index == 0 ? stageTexts?.intro ?? stageTexts?.unlock : stageTexts?.intro
            if let opening { say(filler.fill(opening)) }
            showStep(stage, index: 0)
        case .themes:
            markStarted(stage)
            if let intro = stageTexts?.intro { say(filler.fill(intro)) }
            if program.themes != nil, !progress.themesConfirmed {
                progress.position = .themePicker
                progress.awaitingText = nil
                showThemePicker(replacesSource: false)
            } else {
                showThemeSlot(0, stage: stage)
            }
        case .manifesto:
            runManifesto(stage)
        }
    }

    /// Picks up where the user left off; resumes a paused or stopped program first.
    mutating func continueProgram() {
        if progress.status == .paused || progress.status == .stopped { reopen() }
        showCurrent()
    }

    mutating func showCurrent() {
        switch progress.position {
        case .welcome:
            startStage(at: 0)
        case let .step(stageID, index):
            guard let stage = program.stage(stageID), !stage.steps.isEmpty else { return startStage(at: 0) }
            showStep(stage, index: min(index, stage.steps.count - 1))
        case .stageDone(let stageID):
            guard let index = program.stageIndex(of: stageID) else { return startStage(at: 0) }
            startStage(at: index + 1)
        case .themePicker:
            showThemePicker(replacesSource: false)
        case .theme(let slot):
            guard let stage = program.stages.first(where: { $0.kind == .themes }) else { return startStage(at: 0) }
            showThemeSlot(slot, stage: stage)
        case .nps:
            showEnding()
        case .npsComment:
            progress.awaitingText = .npsComment
            say(filler.fill(texts.stages[manifestoStageID]?.manifesto?.npsCommentPrompt ?? ""), keyboards.npsComment())
        case .finished:
            finishedAlready()
        }
    }

    /// The whole journey is done: no more unlocks, reminders or day counting.
    mutating func completeProgram() {
        guard progress.status != .completed else { return }
        progress.status = .completed
        progress.awaitingText = nil
        if progress.position != .nps { progress.position = .finished }
        events.append(.completed)
    }

    var manifestoStageID: String {
        program.stages.first { $0.kind == .manifesto }?.id ?? ""
    }

    mutating func finishedAlready() {
        progress.pendingConfirmation = .reset
        say(.alreadyCompleted, ["program": texts.title], keyboards.confirmation(confirm: .restartButton))
    }
}
