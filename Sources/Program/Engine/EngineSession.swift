import Foundation

/// One input being handled: a working copy of the progress plus the messages and events
/// produced so far. Handlers validate before they mutate, so a rejected input leaves the
/// progress exactly as it was.
struct EngineSession {
    let catalog: ProgramCatalog
    let program: Program
    let texts: ProgramTexts
    let strings: UIStrings
    let keyboards: Keyboards
    let context: ProgramContext
    var progress: UserProgress
    var messages: [OutgoingMessage] = []
    var events: [ProgramEvent] = []
    var rejected = false
    /// A reply that only informs (a replaced question's Answer): the progress stays exactly as it was.
    var changesNothing = false
    /// The press came from an older copy of the page: the bot removes that message's keyboard.
    var retiresSource = false
    var manifestoCard: ManifestoCardText?
    /// The user reached the end of their taste (see `EngineResult.tasteOver`).
    var tasteOver = false

    init(catalog: ProgramCatalog, program: Program, texts: ProgramTexts, progress: UserProgress, context: ProgramContext) {
        self.catalog = catalog
        self.program = program
        self.texts = texts
        self.strings = catalog.strings(for: context.locale)
        self.keyboards = Keyboards(program: program, texts: texts, ui: strings)
        self.context = context
        self.progress = progress
    }

    var result: EngineResult {
        EngineResult(progress: progress, messages: messages, events: events, rejected: rejected, manifestoCard: manifestoCard,
                     retiresSource: retiresSource, tasteOver: tasteOver)
    }

    var now: Date { context.now }

    var programDay: Int {
        ProgramSchedule.programDay(of: progress, program: program, now: now, timeZone: context.timeZone)
    }

    var filler: ContentFiller {
        ContentFiller(progress: progress, program: program, texts: texts, strings: strings, userName: context.userName, day: programDay)
    }

    mutating func say(_ text: String, _ buttons: [[Button]] = [], replacesSource: Bool = false) {
        messages.append(OutgoingMessage(text: text, buttons: buttons, replacesSource: replacesSource))
    }

    mutating func say(_ key: UIKey, _ values: [String: String] = [:], _ buttons: [[Button]] = []) {
        say(strings.format(key, values), buttons)
    }

    /// The narration facts of a message: the first caption that fits under a recording, or the
    /// plain text of the last one cut to fit.
    func narrated(_ item: NarratedContent.Item, captions: [String]) -> NarratedContent {
        let limit = NarratedContent.captionLimit
        let caption = captions.first { ContentFiller.parsedLength($0) <= limit }
            ?? TelegramHTML.escape((try? TelegramHTML.plainText(of: captions.last ?? "")) ?? "", truncatedTo: limit / 2)
        return NarratedContent(item: item, locale: texts.locale, caption: caption)
    }

    /// The answer to any button that does not fit the user's current place.
    mutating func stale() {
        rejected = true
        say(.staleButton, [:], [keyboards.continueRow])
    }

    mutating func handle(_ input: ProgramInput) {
        let before = progress
        if progress.locale != context.locale { progress.locale = context.locale }
        closeQuestionsLeftBehind(by: input)
        switch input {
        case .start(let kitCode): start(kitCode: kitCode)
        case .startTaste: start(kitCode: nil)
        case .callback(let payload): press(payload)
        case .text(let text): receive(text)
        case .continueProgram: continueProgram()
        case .status: status()
        case .pause: pause()
        case .resume: resume()
        case .skipWeek: skipWeek()
        case .stop: stop()
        case .resetRequested: requestReset()
        case .settings: settings()
        }
        if changesNothing {
            progress = before
            return
        }
        recordPracticeDay(since: before)
        reportDay7()
        collectEarnedCards()
        numberPageCopies()
    }

    /// Only the latest question's buttons act: anything else the user does leaves an open
    /// "start over?" or theme picker behind, and their old buttons then change nothing.
    private mutating func closeQuestionsLeftBehind(by input: ProgramInput) {
        let payload: Payload? = if case .callback(let raw) = input { Payload.parse(raw) } else { nil }
        let typed = if case .text = input { true } else { false }
        switch payload {
        case .confirm?, .cancel?: break
        default: progress.pendingConfirmation = nil
        }
        // A micro question waits for words only until the user does something else.
        if !typed, case .reflection(let id)? = progress.awaitingText, program.micro.contains(where: { $0.id == id }) {
            if case .answerMicro? = payload {} else { progress.awaitingText = nil }
        }
        switch payload {
        case .toggleTheme?, .pickerPace?, .themesDone?, .themesDefaults?: break
        // Words typed at the open picker, when nothing else awaits them, get the picker again (receive).
        case nil where typed && progress.awaitingText == nil && progress.status == .active: break
        default: progress.themePickerOpen = nil
        }
    }

    private mutating func reportDay7() {
        guard progress.status == .active, !progress.day7Reported, programDay >= 7 else { return }
        progress.day7Reported = true
        events.append(.day7Reached)
    }

    /// Buttons that move through the program; they wait while the program is paused or stopped.
    private static func movesThroughProgram(_ payload: Payload) -> Bool {
        switch payload {
        case .next, .back, .skip, .openMenu, .backToStep, .menuItem, .takeWish, .choose, .later, .themeNext, .themeBack:
            return true
        default:
            return false
        }
    }

    private mutating func press(_ raw: String) {
        guard let payload = Payload.parse(raw) else { return stale() }
        if Self.movesThroughProgram(payload), progress.status == .paused || progress.status == .stopped {
            return say(progress.status == .paused ? .alreadyPaused : .alreadyStopped, [:], [keyboards.resumeRow])
        }
        switch payload {
        case let .next(stage, index): next(stage: stage, index: index, skipping: false)
        case let .skip(stage, index): next(stage: stage, index: index, skipping: true)
        case let .back(stage, index, copy): back(stage: stage, index: index, copy: copy)
        case let .openMenu(stage, index): openMenu(stage: stage, index: index)
        case let .backToStep(stage, index, copy): backToStep(stage: stage, index: index, copy: copy)
        case let .menuItem(stage, index, item): showMenuItem(stage: stage, index: index, item: item)
        case let .takeWish(stage, index, item): takeWish(stage: stage, index: index, item: item)
        case let .choose(stage, index, option): choose(stage: stage, index: index, option: option)
        case .later: later()
        case .continueProgram: continueProgram()
        case .resume: resume()
        case .toggleTheme(let theme): toggleTheme(theme)
        case .pickerPace(let pace): setPace(pace, fromSettings: false)
        case .settingsPace(let pace): setPace(pace, fromSettings: true)
        case .themesDone: confirmThemes(useDefaults: false)
        case .themesDefaults: confirmThemes(useDefaults: true)
        case .themeNext(let slot): themeNext(slot: slot)
        case let .themeBack(slot, copy): themeBack(slot: slot, copy: copy)
        case .nps(let score): scoreNPS(score)
        case .npsNoComment: skipNPSComment()
        case .confirm: confirm()
        case .cancel: cancel()
        case .settingsThemes: openThemePicker()
        case .resetRequest: requestReset()
        case .manifestoRead: readManifesto()
        case .undoSkip: undoSkip()
        case let .why(stage, index, copy): explain(stage: stage, index: index, copy: copy)
        case .answerMicro(let id): askMicroQuestion(id)
        case let .whyTheme(slot, copy): explainTheme(slot: slot, copy: copy)
        }
    }

    private mutating func receive(_ text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        // Telegram messages are at most 4096 characters; the cap guards stored data anyway.
        let answer = String(trimmed.prefix(4096))
        guard progress.status != .paused, progress.status != .stopped, !trimmed.isEmpty,
              let expectation = progress.awaitingText else {
            if progress.status == .active, !trimmed.isEmpty, let choice = choiceStepShown() {
                // The question on screen takes a button, so "I'm not asking" would contradict it.
                return say(.textOnChoice, [:], keyboards.step(stage: choice.stage, index: choice.index, answered: choice.chosen != nil,
                                                              chosen: choice.chosen))
            }
            if progress.status == .active, !trimmed.isEmpty, progress.themePickerOpen == true {
                // The picker on screen takes buttons: say so under its buttons, which act on.
                let pace = ThemePlan(progress: progress, program: program).pace
                return say(.textOnPicker, [:], keyboards.picker(selected: selectedThemes, pace: pace))
            }
            if progress.status == .active, !trimmed.isEmpty, let open = unansweredMicroQuestion {
                // The micro-practice's message ends with its question: words typed under it answer it.
                return saveTypedMicroAnswer(answer, id: open.id, question: open.question)
            }
            return say(.textNotExpected, [:], [keyboards.continueRow])
        }
        switch expectation {
        case let .answer(stage, step): saveAnswer(answer, stage: stage, step: step, isWish: false)
        case let .wish(stage, step): saveAnswer(answer, stage: stage, step: step, isWish: true)
        case .npsComment: saveNPSComment(answer)
        case .reflection(let id): saveReflection(answer, id: id)
        }
    }
}
