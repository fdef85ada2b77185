public import Foundation

/// The practice program as a pure state machine: (progress, input, context) → new progress,
/// messages and events. No I/O, no clock, no Telegram types; safe to call from any thread.
public struct ProgramEngine: Sendable {
    public let catalog: ProgramCatalog

    public init(catalog: ProgramCatalog) {
        self.catalog = catalog
    }

    /// Handles one input. Never throws and never crashes on any input: unknown or stale button
    /// payloads give a kind "this button is no longer active" message and leave progress as it was.
    public func handle(_ input: ProgramInput, progress: UserProgress?, context: ProgramContext) -> EngineResult {
        guard let progress else { return handleWithoutProgress(input, context: context) }
        guard let program = catalog.program(id: progress.programID), let texts = program.texts(for: context.locale) else {
            let strings = catalog.strings(for: context.locale)
            return EngineResult(progress: progress, messages: [OutgoingMessage(text: strings[.programUnavailable])], events: [])
        }
        var session = EngineSession(catalog: catalog, program: program, texts: texts, progress: progress, context: context)
        session.handle(input)
        return session.result
    }

    private func handleWithoutProgress(_ input: ProgramInput, context: ProgramContext) -> EngineResult {
        let strings = catalog.strings(for: context.locale)
        switch input {
        case .start(let kitCode):
            return EngineSession.activate(catalog: catalog, kitCode: kitCode, context: context, after: [])
        case .startTaste:
            return EngineSession.activate(catalog: catalog, kitCode: nil, context: context, after: [], taste: true)
        case .callback:
            return EngineResult(progress: nil, messages: [OutgoingMessage(text: strings[.staleButton])], events: [], rejected: true)
        default:
            return EngineResult(progress: nil, messages: [OutgoingMessage(text: strings[.notStarted])], events: [])
        }
    }

    /// The message showing a step, theme or manifesto the user has reached, as it would be shown
    /// now, without changing progress: the bot sends it when the user asks to read a practice they
    /// were sent as a recording (or to hear one they read). Nil when there is nothing to show.
    /// The progress changes only in its copy number: the message sent is the page's newest copy.
    public func replay(_ item: NarratedContent.Item, progress: UserProgress,
                       context: ProgramContext) -> (message: OutgoingMessage, progress: UserProgress)? {
        guard let program = catalog.program(id: progress.programID), let texts = program.texts(for: context.locale) else { return nil }
        var session = EngineSession(catalog: catalog, program: program, texts: texts, progress: progress, context: context)
        guard let message = session.replay(item) else { return nil }
        return (message, session.progress)
    }

    /// The program day at `now` as every screen shows it (see `ProgramSchedule.programDay`): 0 until
    /// planting is complete, held by pauses, stops and skipped weeks, never past the program's length.
    public func programDay(of progress: UserProgress, now: Date, timeZone: TimeZone) -> Int {
        guard let program = catalog.program(id: progress.programID) else { return 0 }
        return ProgramSchedule.programDay(of: progress, program: program, now: now, timeZone: timeZone)
    }

    /// Whether the first stage (planting) is complete, so the program's days are running.
    public func hasPlanted(_ progress: UserProgress) -> Bool {
        guard let program = catalog.program(id: progress.programID) else { return false }
        return ProgramSchedule.dayZero(of: progress, program: program) != nil
    }

    /// The first stage or theme that opens strictly after `after`, at local midnight of its day
    /// (the scheduler picks the reminder hour); nil when paused, stopped or complete.
    package func nextUnlock(of progress: UserProgress, after: Date, timeZone: TimeZone) -> Unlock? {
        ProgramSchedule.nextUnlock(of: progress, after: after, timeZone: timeZone, catalog: catalog)
    }

    /// The reminder announcing an unlock, with a Continue button.
    package func unlockMessage(for unlock: Unlock, progress: UserProgress, locale: String) -> OutgoingMessage? {
        guard let program = catalog.program(id: progress.programID), let texts = program.texts(for: locale),
              let stageTexts = texts.stages[unlock.stageID] else { return nil }
        let strings = catalog.strings(for: locale)
        let keyboards = Keyboards(program: program, texts: texts, ui: strings)
        var text = stageTexts.unlock
        if let slot = unlock.slot, slot > 0 {
            let plan = ThemePlan(progress: progress, program: program)
            let title = plan.slots[safe: slot].flatMap { texts.themes[$0.theme]?.title } ?? ""
            text = strings.format(.themeUnlock, ["theme": title])
        }
        let filled = ContentFiller(progress: progress, program: program, texts: texts, strings: strings, userName: "", day: unlock.day).fill(text)
        return OutgoingMessage(text: filled, buttons: [keyboards.continueRow])
    }

    /// The reminder for an unlock as the user will meet it: the unlock's own text when Continue
    /// opens exactly that stage or theme, otherwise a note naming what Continue opens (the user is
    /// behind, and the newly opened practice waits until they get there).
    public func reminderMessage(for unlock: Unlock, progress: UserProgress, locale: String) -> OutgoingMessage? {
        guard let program = catalog.program(id: progress.programID), let texts = program.texts(for: locale) else { return nil }
        let target = ContinueTarget(program: program, texts: texts, progress: progress)
        if target.opens(unlock) { return unlockMessage(for: unlock, progress: progress, locale: locale) }
        guard let title = target.title else { return nil }
        let strings = catalog.strings(for: locale)
        let keyboards = Keyboards(program: program, texts: texts, ui: strings)
        return OutgoingMessage(text: strings.format(.reminderWaiting, ["item": title]), buttons: [keyboards.continueRow])
    }

    /// The title of the practice Continue opens now (a stage or a theme), or nil when Continue
    /// would only say when the next one opens: reminders that invite the user back name it.
    public func continueTitle(of progress: UserProgress, now: Date, timeZone: TimeZone, locale: String) -> String? {
        guard let program = catalog.program(id: progress.programID), let texts = program.texts(for: locale) else { return nil }
        let target = ContinueTarget(program: program, texts: texts, progress: progress)
        let day = ProgramSchedule.programDay(of: progress, program: program, now: now, timeZone: timeZone)
        return target.isOpen(onDay: day) ? target.title : nil
    }

    /// When the parts of the ending come for this user (nil for an unknown program).
    public func endingSchedule(of progress: UserProgress, timeZone: TimeZone) -> EndingSchedule? {
        catalog.program(id: progress.programID).map { EndingSchedule(progress: progress, program: $0, timeZone: timeZone) }
    }

    /// A part of the ending as the scheduler sends it: the closing words (the bot adds the diary
    /// offer) while the manifesto is unread, or the closing question while it is open.
    public func endingMessage(_ part: EndingPart, progress: UserProgress, locale: String) -> OutgoingMessage? {
        guard progress.status == .completed, progress.position == .nps,
              let program = catalog.program(id: progress.programID), let texts = program.texts(for: locale),
              let stage = program.stages.first(where: { $0.kind == .manifesto }),
              let manifesto = texts.stages[stage.id]?.manifesto else { return nil }
        let strings = catalog.strings(for: locale)
        let filler = ContentFiller(progress: progress, program: program, texts: texts, strings: strings, userName: "",
                                   day: program.durationDays)
        switch part {
        case .closingWords:
            guard progress.manifestoReadAt == nil else { return nil }
            return OutgoingMessage(text: filler.fill(manifesto.completion))
        case .question:
            return OutgoingMessage(text: filler.fill(manifesto.npsQuestion),
                                   buttons: Keyboards(program: program, texts: texts, ui: strings).nps())
        }
    }

    /// The engine's rows of the /settings keyboard (themes, pace); the bot appends its own rows
    /// (language, time zone, reminder time…) and handles their payloads itself.
    func settingsKeyboard(progress: UserProgress, locale: String) -> [[Button]] {
        guard let program = catalog.program(id: progress.programID), let texts = program.texts(for: locale) else { return [] }
        let keyboards = Keyboards(program: program, texts: texts, ui: catalog.strings(for: locale))
        return keyboards.settings(pace: ThemePlan(progress: progress, program: program).pace, themesEditable: progress.status != .completed)
    }
}
