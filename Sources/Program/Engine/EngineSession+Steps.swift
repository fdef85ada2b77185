/// Step stages: Next/Back, answers, choices and menus.
extension EngineSession {
    /// Echoed user text is cut to this many characters so a step plus its echo stays short.
    static let echoLimit = 300

    /// The stage and step the user is on, if the given button belongs to that exact place.
    func currentStep(_ stageID: String, _ index: Int) -> (stage: Stage, step: Step)? {
        guard progress.position == .step(stage: stageID, index: index),
              let stage = program.stage(stageID), let step = stage.steps[safe: index] else { return nil }
        return (stage, step)
    }

    /// The choice step the user is on, with what they picked so far.
    func choiceStepShown() -> (stage: Stage, index: Int, chosen: String?)? {
        guard case let .step(stageID, index) = progress.position, let (stage, step) = currentStep(stageID, index),
              step.kind == .choice else { return nil }
        return (stage, index, progress.choices[UserProgress.key(stage: stage.id, step: step.id)])
    }

    func isAnswered(_ stage: Stage, _ step: Step) -> Bool {
        let key = UserProgress.key(stage: stage.id, step: step.id)
        switch step.kind {
        case .question: return progress.answers[key] != nil
        case .wish: return progress.wish != nil
        case .choice: return progress.choices[key] != nil
        case .practice, .menu: return true
        }
    }

    /// Shows a step and sets what a text message would answer.
    /// `explaining` adds the step's "why" under its text (the "Why?" button turned the page).
    mutating func showStep(_ stage: Stage, index: Int, replacesSource: Bool = false, onlyButtonsChanged: Bool = false,
                           explaining: Bool = false) {
        guard let step = stage.steps[safe: index], let stepTexts = texts.stages[stage.id]?.steps[step.id] else {
            return say(.programUnavailable)
        }
        progress.position = .step(stage: stage.id, index: index)
        switch step.kind {
        case .question: progress.awaitingText = .answer(stage: stage.id, step: step.id)
        case .wish: progress.awaitingText = .wish(stage: stage.id, step: step.id)
        case .practice, .choice, .menu: progress.awaitingText = nil
        }
        // Counted among the steps this user's branches show.
        let shown = stage.shownIndices(choices: progress.choices)
        let number = shown.firstIndex(of: index).map { ($0 + 1, stage.shownCount(choices: progress.choices, at: index)) } ?? (index + 1, stage.steps.count)
        let header = strings.format(.stepHeader, [
            "stage": texts.stages[stage.id]?.title ?? "", "index": String(number.0),
            "count": String(number.1), "title": stepTexts.title,
        ])
        let key = UserProgress.key(stage: stage.id, step: step.id)
        // What the user typed, or a hint of what to type: under the text, and under a recording.
        var trailer = ""
        if step.kind == .question, let answer = progress.answers[key] {
            trailer = "\n\n" + strings.format(.yourAnswer, ["answer": TelegramHTML.escape(answer, truncatedTo: Self.echoLimit)])
        } else if step.kind == .wish, let wish = progress.wish {
            trailer = "\n\n" + strings.format(.yourWish, ["wish": TelegramHTML.escape(wish, truncatedTo: Self.echoLimit)])
        } else if step.takesText, let hint = stepTexts.placeholder {
            trailer = "\n\n<i>" + hint + "</i>"
        }
        let why = explaining ? stepTexts.why.map { "\n\n<blockquote>" + $0 + "</blockquote>" } ?? "" : ""
        let text = header + "\n\n" + filler.fill(stepTexts.text, budget: TelegramHTML.contentLimit) + why + trailer
        let buttons = keyboards.step(stage: stage, index: index, answered: isAnswered(stage, step), chosen: progress.choices[key],
                                     explaining: explaining)
        // Menus are lists to read (recipes), never narrated; an explanation is read, not heard.
        let narrates = step.kind == .menu || explaining ? nil
            : narrated(.step(stage: stage.id, step: step.id), captions: [header + trailer, header])
        var message = OutgoingMessage(text: text, buttons: buttons, replacesSource: replacesSource, narrates: narrates)
        message.onlyButtonsChanged = onlyButtonsChanged
        messages.append(message)
    }

    mutating func next(stage stageID: String, index: Int, skipping: Bool) {
        guard let (stage, step) = currentStep(stageID, index) else { return stale() }
        if skipping, !(step.takesText || step.kind == .choice) { return stale() }
        // Branches the user's choices do not show are passed over.
        if let following = stage.shownIndices(choices: progress.choices).first(where: { $0 > index }) {
            showStep(stage, index: following)
        } else {
            completeStage(stage)
        }
    }

    mutating func back(stage stageID: String, index: Int, copy: Int? = nil) {
        guard currentStep(stageID, index) != nil, let stage = program.stage(stageID),
              let previous = stage.shownIndices(choices: progress.choices).last(where: { $0 < index }) else { return stale() }
        // ← Back turns the page back in the same message (the newest copy of the step).
        showStep(stage, index: previous, replacesSource: turnsInPlace(copy: copy))
    }

    mutating func backToStep(stage stageID: String, index: Int, copy: Int? = nil) {
        guard let (stage, _) = currentStep(stageID, index) else { return stale() }
        showStep(stage, index: index, replacesSource: turnsInPlace(copy: copy)) // the menu's message turns back into the practice
    }

    mutating func openMenu(stage stageID: String, index: Int) {
        guard let (stage, step) = currentStep(stageID, index), let menu = step.menu, let menuTexts = texts.menus[menu] else { return stale() }
        say("<b>\(menuTexts.title)</b>\n\n" + strings[.menuPick], keyboards.menuList(stage: stage, index: index, menu: menu))
    }

    mutating func showMenuItem(stage stageID: String, index: Int, item: String) {
        guard let (stage, step) = currentStep(stageID, index), let menu = step.menu,
              program.menus[menu]?.contains(item) == true, let itemTexts = texts.menus[menu]?.items[item] else { return stale() }
        say("<b>\(TelegramHTML.escape(itemTexts.label))</b>\n\n" + itemTexts.text,
            keyboards.menuItem(stage: stage, index: index, item: item, isWish: step.kind == .wish))
    }

    mutating func takeWish(stage stageID: String, index: Int, item: String) {
        guard let (stage, step) = currentStep(stageID, index), step.kind == .wish, let menu = step.menu,
              program.menus[menu]?.contains(item) == true, let itemTexts = texts.menus[menu]?.items[item] else { return stale() }
        // The wish is stored as plain text like a typed one, so it is escaped wherever it is shown.
        let wish = (try? TelegramHTML.plainText(of: itemTexts.text)) ?? itemTexts.text
        progress.wish = wish
        confirmAnswer(.wishSaved, ["wish": TelegramHTML.escape(wish, truncatedTo: Self.echoLimit)], stage: stage, index: index)
    }

    mutating func choose(stage stageID: String, index: Int, option: String) {
        guard let (stage, step) = currentStep(stageID, index), step.kind == .choice,
              program.choices[step.id]?.contains(option) == true else { return stale() }
        progress.choices[UserProgress.key(stage: stage.id, step: step.id)] = option
        showStep(stage, index: index, replacesSource: true, onlyButtonsChanged: true)
    }

    mutating func saveAnswer(_ answer: String, stage stageID: String, step stepID: String, isWish: Bool) {
        guard let stage = program.stage(stageID), let index = stage.steps.firstIndex(where: { $0.id == stepID }),
              progress.position == .step(stage: stageID, index: index) else {
            progress.awaitingText = nil
            return say(.textNotExpected, [:], [keyboards.continueRow])
        }
        let echo = TelegramHTML.escape(answer, truncatedTo: Self.echoLimit)
        if isWish {
            progress.wish = answer
            confirmAnswer(.wishSaved, ["wish": echo], stage: stage, index: index)
        } else {
            progress.answers[UserProgress.key(stage: stageID, step: stepID)] = answer
            confirmAnswer(.answerSaved, ["answer": echo], stage: stage, index: index)
        }
    }

    /// "Saved" with the step's navigation, so the user moves on (or types again to overwrite).
    private mutating func confirmAnswer(_ key: UIKey, _ values: [String: String], stage: Stage, index: Int) {
        var rows: [[Button]] = [keyboards.navigation(stage: stage, index: index, answered: true)]
        rows.append(keyboards.laterRow)
        say(key, values, rows)
    }

    /// "Why?": the same message, now with the explanation, while the step is the current one.
    mutating func explain(stage stageID: String, index: Int, copy: Int? = nil) {
        guard let (stage, step) = currentStep(stageID, index), texts.stages[stage.id]?.steps[step.id]?.why != nil else { return stale() }
        showStep(stage, index: index, replacesSource: turnsInPlace(copy: copy), explaining: true)
    }

    mutating func later() {
        say(.laterReply, [:], [keyboards.continueRow])
    }
}
