/// Every inline keyboard the engine shows, built in one place so the content check can
/// enumerate them all and prove each label and payload fits Telegram's limits.
struct Keyboards {
    let program: Program
    let texts: ProgramTexts
    let ui: UIStrings

    static let checkMark = "✓ "

    func button(_ key: UIKey, _ payload: Payload) -> Button {
        Button(label: ui[key], payload: payload.encoded)
    }

    var continueRow: [Button] { [button(.continueButton, .continueProgram)] }
    var resumeRow: [Button] { [button(.resumeButton, .resume)] }
    var laterRow: [Button] { [button(.later, .later)] }
    var manifestoReadRow: [Button] { [button(.manifestoReadButton, .manifestoRead)] }
    var undoSkipRow: [Button] { [button(.skipWeekUndo, .undoSkip)] }

    /// Back (except on the first step) and Next; Skip instead of Next while a question, wish or
    /// choice has no answer yet.
    func navigation(stage: Stage, index: Int, answered: Bool) -> [Button] {
        var row: [Button] = []
        if index > 0 { row.append(button(.back, .back(stage: stage.id, index: index))) }
        let step = stage.steps[safe: index]
        let answerable = step.map { $0.takesText || $0.kind == .choice } ?? false
        if answerable && !answered {
            row.append(button(.skip, .skip(stage: stage.id, index: index)))
        } else {
            row.append(button(.next, .next(stage: stage.id, index: index)))
        }
        return row
    }

    /// `explaining`: the message shows the step's "why" already, so its button goes.
    func step(stage: Stage, index: Int, answered: Bool, chosen: String?, explaining: Bool = false) -> [[Button]] {
        guard let step = stage.steps[safe: index] else { return [continueRow] }
        var rows: [[Button]] = []
        if step.kind == .choice {
            for option in program.choices[step.id] ?? [] {
                let label = (option == chosen ? Self.checkMark : "") + (texts.choices[option] ?? option)
                rows.append([Button(label: label, payload: Payload.choose(stage: stage.id, index: index, option: option).encoded)])
            }
        }
        if let menu = step.menu, let title = texts.menus[menu]?.title {
            rows.append([Button(label: title, payload: Payload.openMenu(stage: stage.id, index: index).encoded)])
        }
        if !explaining, texts.stages[stage.id]?.steps[step.id]?.why != nil {
            rows.append([button(.whyButton, .why(stage: stage.id, index: index))])
        }
        rows.append(navigation(stage: stage, index: index, answered: answered))
        rows.append(laterRow)
        return rows
    }

    func menuList(stage: Stage, index: Int, menu: String) -> [[Button]] {
        let items = program.menus[menu] ?? []
        var rows = items.map { item in
            [Button(label: texts.menus[menu]?.items[item]?.label ?? item, payload: Payload.menuItem(stage: stage.id, index: index, item: item).encoded)]
        }
        rows.append([button(.backToStep, .backToStep(stage: stage.id, index: index))])
        return rows
    }

    func menuItem(stage: Stage, index: Int, item: String, isWish: Bool) -> [[Button]] {
        var rows: [[Button]] = []
        if isWish { rows.append([button(.takeWish, .takeWish(stage: stage.id, index: index, item: item))]) }
        rows.append([button(.backToList, .openMenu(stage: stage.id, index: index)),
                     button(.backToStep, .backToStep(stage: stage.id, index: index))])
        return rows
    }

    func picker(selected: [String], pace: String) -> [[Button]] {
        guard let settings = program.themes else { return [continueRow] }
        let themeButtons = settings.pool.map { theme in
            Button(label: (selected.contains(theme) ? Self.checkMark : "") + (texts.themes[theme]?.label ?? theme),
                   payload: Payload.toggleTheme(theme).encoded)
        }
        var rows = stride(from: 0, to: themeButtons.count, by: 2).map { Array(themeButtons[$0..<min($0 + 2, themeButtons.count)]) }
        rows.append(paceRow(current: pace) { .pickerPace($0) })
        rows.append([button(.themesDefaults, .themesDefaults), button(.themesDone, .themesDone)])
        return rows
    }

    func paceRow(current: String, payload: (String) -> Payload) -> [Button] {
        (program.themes?.paceOrder ?? []).map { pace in
            Button(label: (pace == current ? Self.checkMark : "") + ui.paceLabel(pace), payload: payload(pace).encoded)
        }
    }

    /// `why`: the theme has a "why" not shown yet.
    func theme(slot: Int, why: Bool = false) -> [[Button]] {
        var row: [Button] = []
        if slot > 0 { row.append(button(.back, .themeBack(slot: slot))) }
        row.append(button(.next, .themeNext(slot: slot)))
        return (why ? [[button(.whyButton, .whyTheme(slot: slot))]] : []) + [row, laterRow]
    }

    func nps() -> [[Button]] {
        let buttons = (0...10).map { Button(label: String($0), payload: Payload.nps($0).encoded) }
        return [Array(buttons[0...5]), Array(buttons[6...10])]
    }

    func npsComment() -> [[Button]] { [[button(.npsSkipComment, .npsNoComment)]] }

    func confirmation(confirm: UIKey) -> [[Button]] {
        [[button(confirm, .confirm), button(.resetCancel, .cancel)]]
    }

    /// The engine's rows of the /settings menu; the bot appends its own rows after them.
    /// `themesEditable`: false once the journey is complete, when themes and pace no longer change.
    func settings(pace: String, themesEditable: Bool = true) -> [[Button]] {
        var rows: [[Button]] = []
        if program.themes != nil, themesEditable {
            rows.append([button(.settingsThemes, .settingsThemes)])
            rows.append(paceRow(current: pace) { .settingsPace($0) })
        }
        rows.append([button(.restartButton, .resetRequest)])
        return rows
    }
}
