import Foundation

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
        case .callback:
            return EngineResult(progress: nil, messages: [OutgoingMessage(text: strings[.staleButton])], events: [], rejected: true)
        default:
            return EngineResult(progress: nil, messages: [OutgoingMessage(text: strings[.notStarted])], events: [])
        }
    }

    /// The message showing a step, theme or manifesto the user has reached, as it would be shown
    /// now, without changing progress: the bot sends it when the user asks to read a practice they
    /// were sent as a recording (or to hear one they read). Nil when there is nothing to show.
    public func replay(_ item: NarratedContent.Item, progress: UserProgress, context: ProgramContext) -> OutgoingMessage? {
        guard let program = catalog.program(id: progress.programID), let texts = program.texts(for: context.locale) else { return nil }
        var session = EngineSession(catalog: catalog, program: program, texts: texts, progress: progress, context: context)
        return session.replay(item)
    }

    /// The program day at `now` (0 = planting day), shifted by pauses, stops and skipped weeks.
    public func programDay(of progress: UserProgress, now: Date, timeZone: TimeZone) -> Int {
        ProgramSchedule.programDay(of: progress, now: now, timeZone: timeZone)
    }

    /// The first stage or theme that opens strictly after `after`, at local midnight of its day
    /// (the scheduler picks the reminder hour); nil when paused, stopped or complete.
    public func nextUnlock(of progress: UserProgress, after: Date, timeZone: TimeZone) -> Unlock? {
        ProgramSchedule.nextUnlock(of: progress, after: after, timeZone: timeZone, catalog: catalog)
    }

    /// The reminder announcing an unlock, with a Continue button.
    public func unlockMessage(for unlock: Unlock, progress: UserProgress, locale: String) -> OutgoingMessage? {
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

    /// The engine's rows of the /settings keyboard (themes, pace); the bot appends its own rows
    /// (language, time zone, reminder time…) and handles their payloads itself.
    public func settingsKeyboard(progress: UserProgress, locale: String) -> [[Button]] {
        guard let program = catalog.program(id: progress.programID), let texts = program.texts(for: locale) else { return [] }
        let keyboards = Keyboards(program: program, texts: texts, ui: catalog.strings(for: locale))
        return keyboards.settings(pace: ThemePlan(progress: progress, program: program).pace)
    }
}
