import Foundation

/// Start, pause, resume, skip a week, stop, reset, status and settings.
extension EngineSession {
    /// A new journey: fresh progress, the welcome, and a note if the kit code was not recognised.
    static func activate(catalog: ProgramCatalog, kitCode: String?, context: ProgramContext, after events: [ProgramEvent],
                         taste: Bool = false) -> EngineResult {
        let (program, recognized) = catalog.program(forKitCode: kitCode)
        let strings = catalog.strings(for: context.locale)
        guard let texts = program.texts(for: context.locale) else {
            return EngineResult(progress: nil, messages: [OutgoingMessage(text: strings[.programUnavailable])], events: [])
        }
        var progress = UserProgress(program: program, kitCode: kitCode, locale: context.locale, now: context.now)
        if taste, program.taste != nil { progress.taste = true }
        var session = EngineSession(catalog: catalog, program: program, texts: texts, progress: progress, context: context)
        session.events = events + [.activated(programID: program.id, kitCode: kitCode)]
        if let kitCode, !recognized {
            session.say(.unknownKit, ["code": TelegramHTML.escape(kitCode, truncatedTo: 64), "program": texts.title])
        }
        let welcome = progress.taste == true ? texts.tasteWelcome ?? texts.welcome : texts.welcome
        session.say(session.filler.fill(welcome), [session.keyboards.continueRow])
        return session.result
    }

    mutating func start(kitCode: String?) {
        if let kitCode, entersKit(kitCode) { return }
        if let kitCode, startsNextKit(kitCode) { return }
        if isTasteOver { return endOfTaste() }
        switch progress.status {
        case .completed:
            finishedAlready()
        case .paused, .stopped:
            reopen()
            if let stage = currentStage { say(.welcomeBack, ["stage": stageTitle(stage)]) }
            showCurrent()
        case .active:
            say(.alreadyActive, [:])
            showCurrent()
        }
    }

    /// Ends the open pause or stop, so the days spent away do not count.
    mutating func reopen() {
        guard progress.status == .paused || progress.status == .stopped else { return }
        if let index = progress.holds.lastIndex(where: { $0.kind != .skipWeek && $0.until == nil }) {
            progress.holds[index].until = now
        }
        progress.status = .active
        events.append(.resumed)
    }

    mutating func pause() {
        switch progress.status {
        case .active:
            progress.holds.append(Hold(kind: .pause, from: now, until: nil, days: nil))
            progress.status = .paused
            events.append(.paused)
            say(.paused, [:], [keyboards.resumeRow])
        case .paused: say(.alreadyPaused, [:], [keyboards.resumeRow])
        case .stopped: say(.alreadyStopped, [:], [keyboards.resumeRow])
        case .completed: finishedAlready()
        }
    }

    mutating func resume() {
        switch progress.status {
        case .paused, .stopped:
            reopen()
            var text = strings[.resumed]
            // A user who is behind hears what Continue opens, not when the next new stage opens.
            if let waiting = waitingTitle() {
                text += "\n\n" + strings.format(.reminderWaiting, ["item": waiting])
            } else if let line = nextLine() {
                text += "\n\n" + line
            }
            say(text, [keyboards.continueRow])
        case .active: say(.notPaused, [:], [keyboards.continueRow])
        case .completed: finishedAlready()
        }
    }

    /// /skipweek asks first: a week is a long time to lose to a mistyped command.
    mutating func skipWeek() {
        switch progress.status {
        case .active:
            guard ProgramSchedule.dayZero(of: progress, program: program) != nil else {
                return say(.skipBeforePlanting, [:], [keyboards.continueRow])
            }
            progress.pendingConfirmation = .skipWeek
            say(.skipWeekQuestion, [:], keyboards.confirmation(confirm: .skipWeekConfirm))
        case .paused, .stopped: say(.skipWhilePaused, [:], [keyboards.resumeRow])
        case .completed: finishedAlready()
        }
    }

    private mutating func confirmSkipWeek() {
        switch progress.status {
        case .active:
            let calendar = ProgramSchedule.gregorian(context.timeZone)
            if let last = progress.holds.indices.last, progress.holds[last].kind == .skipWeek,
               let days = calendar.dateComponents([.day], from: calendar.startOfDay(for: progress.holds[last].from), to: calendar.startOfDay(for: now)).day,
               days < progress.holds[last].days ?? 7 {
                // A skip still running: extend it rather than overlap it.
                progress.holds[last].days = (progress.holds[last].days ?? 7) + 7
                progress.holds[last].extendedAt = now
            } else {
                progress.holds.append(Hold(kind: .skipWeek, from: now, until: nil, days: 7))
            }
            events.append(.weekSkipped)
            var text = strings[.weekSkipped]
            if let line = nextLine() { text += "\n\n" + line }
            say(text, [keyboards.continueRow, keyboards.undoSkipRow])
        case .paused, .stopped: say(.skipWhilePaused, [:], [keyboards.resumeRow])
        case .completed: finishedAlready()
        }
    }

    /// Takes back the week skipped today (the last one, if the skip was extended).
    mutating func undoSkip() {
        guard progress.status == .active, let last = progress.holds.indices.last,
              progress.holds[last].kind == .skipWeek else { return stale() }
        let skipped = progress.holds[last].extendedAt ?? progress.holds[last].from
        guard ProgramSchedule.gregorian(context.timeZone).isDate(skipped, inSameDayAs: now) else {
            return say(.skipWeekUndoGone, [:], [keyboards.continueRow])
        }
        let remaining = (progress.holds[last].days ?? 7) - 7
        if remaining > 0 {
            progress.holds[last].days = remaining
            progress.holds[last].extendedAt = nil
        } else {
            progress.holds.remove(at: last)
        }
        var text = strings[.skipWeekUndone]
        if let line = nextLine() { text += "\n\n" + line }
        say(text, [keyboards.continueRow])
    }

    mutating func stop() {
        switch progress.status {
        case .active, .paused:
            if progress.status == .active { progress.holds.append(Hold(kind: .stop, from: now, until: nil, days: nil)) }
            progress.status = .stopped
            events.append(.stopped)
            say(.stopped, [:], [keyboards.resumeRow])
        case .stopped: say(.alreadyStopped, [:], [keyboards.resumeRow])
        case .completed: finishedAlready()
        }
    }

    mutating func requestReset() {
        progress.pendingConfirmation = .reset
        say(.resetQuestion, [:], keyboards.confirmation(confirm: .resetConfirm))
    }

    mutating func confirm() {
        guard let pending = progress.pendingConfirmation else { return stale() }
        let code: String?
        switch pending {
        case .reset: code = progress.kitCode
        case .switchKit(let kit): code = kit
        case .skipWeek:
            progress.pendingConfirmation = nil
            return confirmSkipWeek()
        }
        var after: [ProgramEvent] = [.reset]
        if case .switchKit = pending { after.append(.nextKitStarted(programID: catalog.program(forKitCode: code).program.id)) }
        // Starting a taste over gives the taste again, not the whole journey.
        beginJourney(kitCode: code, after: after, taste: pending == .reset && progress.taste == true)
    }

    mutating func cancel() {
        guard progress.pendingConfirmation != nil else { return stale() }
        progress.pendingConfirmation = nil
        say(.resetCancelled, [:], [keyboards.continueRow])
    }

    /// "The next stage opens on …" for the user's next unlock, if there is one to date.
    /// The practice Continue opens today, if one is open (nil when Continue would only say when
    /// the next one opens).
    func waitingTitle() -> String? {
        let target = ContinueTarget(program: program, texts: texts, progress: progress)
        let day = ProgramSchedule.programDay(of: progress, program: program, now: now, timeZone: context.timeZone)
        return target.isOpen(onDay: day) ? target.title : nil
    }

    func nextLine() -> String? {
        guard let unlock = ProgramSchedule.nextUnlock(of: progress, after: now, timeZone: context.timeZone, catalog: catalog),
              let stage = program.stage(unlock.stageID) else { return nil }
        return strings.format(.nextOpens, ["stage": nextTitle(unlock, stage: stage), "date": formattedDate(unlock.at), "day": String(unlock.day)])
    }

    private func nextTitle(_ unlock: Unlock, stage: Stage) -> String {
        if let slot = unlock.slot, let entry = ThemePlan(progress: progress, program: program).slots[safe: slot],
           let title = texts.themes[entry.theme]?.title {
            return stageTitle(stage) + ": " + title
        }
        return stageTitle(stage)
    }

    /// Local midnight when the latest skipped week ends (the days move on again), if there is one.
    var skipEnds: Date? {
        guard let skip = progress.holds.last(where: { $0.kind == .skipWeek }) else { return nil }
        let calendar = ProgramSchedule.gregorian(context.timeZone)
        return calendar.date(byAdding: .day, value: skip.days ?? 7, to: calendar.startOfDay(for: skip.from))
            .map { calendar.startOfDay(for: $0) }
    }

    var currentStage: Stage? {
        switch progress.position {
        case .welcome: return program.stages.first
        case .step(let id, _), .stageDone(let id): return program.stage(id)
        case .themePicker, .theme: return program.stages.first { $0.kind == .themes }
        case .nps, .npsComment, .finished: return program.stages.last
        }
    }

    mutating func status() {
        var lines = [strings.format(.statusTitle, ["program": texts.title])]
        if progress.status == .completed {
            lines.append(strings[.statusCompleted])
        } else {
            lines.append(strings.format(.statusDay, ["day": String(programDay), "total": String(program.durationDays)]))
            let planted = ProgramSchedule.dayZero(of: progress, program: program) != nil
            if !planted { lines.append(strings[.statusBeforePlanting]) }
            if let resumes = skipEnds, resumes > now { lines.append(strings.format(.statusSkipping, ["date": formattedDate(resumes)])) }
            if let stage = currentStage { lines.append(strings.format(.statusStage, ["stage": stageTitle(stage)])) }
            if let unlock = ProgramSchedule.nextUnlock(of: progress, after: now, timeZone: context.timeZone, catalog: catalog),
               let stage = program.stage(unlock.stageID) {
                lines.append(strings.format(.statusNext, ["stage": nextTitle(unlock, stage: stage), "date": formattedDate(unlock.at)]))
            } else if progress.status == .active, planted, !isTasteOver {
                lines.append(strings[.statusNoNext])
            }
        }
        lines.append(strings.format(.statusPhotos, ["count": String(context.photoCount)]))
        if program.themes != nil {
            lines.append(strings.format(.statusThemes, ["themes": chosenThemesLabel]))
            lines.append(strings.format(.statusPace, ["pace": paceLabel]))
        }
        switch progress.status {
        case .paused:
            let since = progress.holds.last { $0.kind == .pause && $0.until == nil }?.from ?? now
            lines.append(strings.format(.statusPaused, ["date": formattedDate(since)]))
        case .stopped:
            lines.append(strings[.statusStopped])
        case .active, .completed:
            break
        }
        // A taste that is over has nothing to continue: the bot's invitation follows instead.
        if isTasteOver { tasteOver = true }
        let buttons = isTasteOver ? [] : progress.status == .active ? [keyboards.continueRow] : progress.status == .completed ? [] : [keyboards.resumeRow]
        say(lines.joined(separator: "\n"), buttons)
    }

    mutating func settings() {
        showSettings(replacesSource: false)
    }

    mutating func showSettings(replacesSource: Bool) {
        let themes = program.themes == nil ? "—" : chosenThemesLabel
        let pace = program.themes == nil ? "—" : paceLabel
        say(strings.format(.settingsTitle, ["themes": themes, "pace": pace]),
            keyboards.settings(pace: ThemePlan(progress: progress, program: program).pace, themesEditable: progress.status != .completed),
            replacesSource: replacesSource)
    }
}
