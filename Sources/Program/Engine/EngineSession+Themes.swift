/// Personal focus themes: the picker (in the flow and from /settings), pace, and the daily themes.
extension EngineSession {
    var selectedThemes: [String] { progress.themes ?? [] }

    var themeLabels: String {
        ThemePlan(progress: progress, program: program).slots
            .map { TelegramHTML.escape(texts.themes[$0.theme]?.label ?? $0.theme) }
            .joined(separator: ", ")
    }

    /// The themes as /status and /settings name them: "not chosen yet" until the user chose
    /// (the defaults are only a suggestion until then), never pointing to a day already past.
    var chosenThemesLabel: String {
        guard progress.status != .completed, !progress.themesConfirmed, (progress.themes ?? []).isEmpty,
              let stage = program.stages.first(where: { $0.kind == .themes }) else { return themeLabels }
        if progress.position == .themePicker { return strings[.themesNotChosenOpen] }
        if programDay < stage.day { return strings.format(.themesNotChosen, ["day": String(stage.day)]) }
        // The day has come but the user is behind: the choice waits at its stage.
        return strings.format(.themesNotChosenLater, ["stage": stageTitle(stage)])
    }

    var paceLabel: String {
        strings.paceLabel(ThemePlan(progress: progress, program: program).pace)
    }

    mutating func showThemePicker(replacesSource: Bool) {
        guard let settings = program.themes else { return stale() }
        let text = strings.format(.themesPrompt, ["count": String(settings.choose)]) + "\n\n"
            + strings.format(.themesSelected, ["selected": String(selectedThemes.count), "count": String(settings.choose)])
        let pace = ThemePlan(progress: progress, program: program).pace
        progress.themePickerOpen = true
        say(text, keyboards.picker(selected: selectedThemes, pace: pace), replacesSource: replacesSource)
    }

    mutating func openThemePicker() {
        guard program.themes != nil, progress.status != .completed else { return stale() }
        showThemePicker(replacesSource: false)
    }

    /// Whether theme choices can still change (not once the journey is complete).
    private var themesEditable: Bool {
        program.themes != nil && progress.status != .completed
    }

    /// The picker's buttons act while it is the latest question (closeQuestionsLeftBehind).
    private var pickerIsLatest: Bool { progress.themePickerOpen == true }

    mutating func toggleTheme(_ theme: String) {
        guard themesEditable, pickerIsLatest, let settings = program.themes, settings.pool.contains(theme) else { return stale() }
        var selected = selectedThemes
        if let index = selected.firstIndex(of: theme) {
            selected.remove(at: index)
        } else {
            guard selected.count < settings.choose else {
                return say(.themesLimit, ["count": String(settings.choose)])
            }
            selected.append(theme)
        }
        progress.themes = settings.pool.filter(selected.contains)
        showThemePicker(replacesSource: true)
    }

    mutating func setPace(_ pace: String, fromSettings: Bool) {
        guard themesEditable, fromSettings || pickerIsLatest, program.themes?.paces[pace] != nil else { return stale() }
        progress.pace = pace
        if fromSettings { showSettings(replacesSource: true) } else { showThemePicker(replacesSource: true) }
    }

    mutating func confirmThemes(useDefaults: Bool) {
        guard themesEditable, pickerIsLatest else { return stale() }
        progress.themePickerOpen = nil
        if useDefaults || selectedThemes.isEmpty {
            progress.themes = nil
            say(.themesDefaultsUsed, ["themes": themeLabels])
        } else {
            say(.themesSaved, ["themes": themeLabels])
        }
        progress.themesConfirmed = true
        if progress.position == .themePicker, let stage = program.stages.first(where: { $0.kind == .themes }) {
            showThemeSlot(0, stage: stage)
        }
    }

    /// Shows theme `slot` if its day has come, else says when it opens; past the last slot the
    /// themes stage is complete.
    /// `explaining` adds the theme's "why" under its text (the "Why?" button turned the page).
    mutating func showThemeSlot(_ slot: Int, stage: Stage, replacesSource: Bool = false, explaining: Bool = false) {
        let plan = ThemePlan(progress: progress, program: program)
        progress.awaitingText = nil
        guard let entry = plan.slots[safe: slot] else { return completeStage(stage) }
        progress.position = .theme(slot: slot)
        guard programDay >= entry.day else {
            let date = ProgramSchedule.start(ofDay: entry.day, progress: progress, program: program, now: now, timeZone: context.timeZone)
            return say(.nextThemeOpens, ["date": date.map(formattedDate) ?? "", "day": String(entry.day)])
        }
        let themeTexts = texts.themes[entry.theme]
        let header = strings.format(.themeHeader, [
            "stage": stageTitle(stage), "index": String(slot + 1), "count": String(plan.slots.count),
            "title": themeTexts?.title ?? entry.theme,
        ])
        // The reflection question: optional, answered by typing while the theme is the current one.
        var question = ""
        if let asked = themeTexts?.question {
            progress.awaitingText = .reflection(id: entry.theme)
            question = "\n\n<i>" + asked + "</i>"
            if let answer = progress.reflections?[entry.theme] {
                question += "\n\n" + strings.format(.yourAnswer, ["answer": TelegramHTML.escape(answer, truncatedTo: Self.echoLimit)])
            }
        }
        let why = explaining ? themeTexts?.why.map { "\n\n<blockquote>" + $0 + "</blockquote>" } ?? "" : ""
        messages.append(OutgoingMessage(text: header + "\n\n" + filler.fill(themeTexts?.text ?? "", budget: TelegramHTML.contentLimit) + why + question,
                                        buttons: keyboards.theme(slot: slot, why: !explaining && themeTexts?.why != nil),
                                        replacesSource: replacesSource,
                                        narrates: explaining ? nil : narrated(.theme(entry.theme), captions: [header + question, header])))
    }

    private var themesStage: Stage? { program.stages.first { $0.kind == .themes } }

    private func slotIsOpen(_ slot: Int) -> Bool {
        guard let entry = ThemePlan(progress: progress, program: program).slots[safe: slot] else { return false }
        return programDay >= entry.day
    }

    mutating func themeNext(slot: Int) {
        guard progress.position == .theme(slot: slot), slotIsOpen(slot), let stage = themesStage else { return stale() }
        showThemeSlot(slot + 1, stage: stage)
    }

    /// "Why?" under the current theme, once its day has come.
    mutating func explainTheme(slot: Int, copy: Int? = nil) {
        guard progress.position == .theme(slot: slot), slotIsOpen(slot), let stage = themesStage,
              let entry = ThemePlan(progress: progress, program: program).slots[safe: slot], texts.themes[entry.theme]?.why != nil
        else { return stale() }
        showThemeSlot(slot, stage: stage, replacesSource: turnsInPlace(copy: copy), explaining: true)
    }

    mutating func themeBack(slot: Int, copy: Int? = nil) {
        guard progress.position == .theme(slot: slot), slot > 0, slotIsOpen(slot), let stage = themesStage else { return stale() }
        showThemeSlot(slot - 1, stage: stage, replacesSource: turnsInPlace(copy: copy)) // ← Back turns the page in the same message
    }
}
