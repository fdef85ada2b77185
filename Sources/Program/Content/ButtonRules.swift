/// Builds every keyboard the engine can show for a program in one locale and checks each button:
/// label at most 28 characters (user-perceived characters, so it fits a phone screen in one or
/// two columns) and callback data at most 64 bytes including the bot's 2-byte `p:` prefix.
enum ButtonRules {
    static let callbackDataLimit = 64
    static let botPrefixBytes = 2
    static var payloadLimit: Int { callbackDataLimit - botPrefixBytes }

    static func check(_ program: Program, strings: UIStrings, locale: String, log: ProblemLog, file: String) {
        let texts = program.texts(for: locale)
        guard let texts else { return }
        let keyboards = Keyboards(program: program, texts: texts, ui: strings)
        var reported: Set<String> = []
        func inspect(_ rows: [[Button]], _ screen: String) {
            for shown in rows.joined() {
                // Measured as sent: a page turn carries its copy's number (at most three digits).
                let widest = Payload.parse(shown.payload)?.onCopy(EngineSession.pageCopyLimit - 1)?.encoded ?? shown.payload
                let button = Button(label: shown.label, payload: widest)
                if button.label.count > TextRules.buttonLabelLimit, reported.insert("label:" + button.label).inserted {
                    log.report(file, "$", "[\(locale)] \(screen): button \"\(button.label)\" is \(button.label.count) characters; the limit is \(TextRules.buttonLabelLimit)")
                }
                if button.payload.utf8.count > payloadLimit, reported.insert("payload:" + button.payload).inserted {
                    log.report(file, "$", "\(screen): callback payload \"p:\(button.payload)\" is \(button.payload.utf8.count + botPrefixBytes) bytes; Telegram allows \(callbackDataLimit) (use shorter ids)")
                }
            }
        }
        for stage in program.stages {
            for (index, step) in stage.steps.enumerated() {
                let screen = "step \(stage.id).\(step.id)"
                inspect(keyboards.step(stage: stage, index: index, answered: false, chosen: nil), screen)
                inspect(keyboards.step(stage: stage, index: index, answered: true, chosen: nil), screen)
                for option in program.choices[step.id] ?? [] {
                    inspect(keyboards.step(stage: stage, index: index, answered: true, chosen: option), screen)
                }
                if let menu = step.menu {
                    inspect(keyboards.menuList(stage: stage, index: index, menu: menu), "menu \(menu) from \(screen)")
                    for item in program.menus[menu] ?? [] {
                        inspect(keyboards.menuItem(stage: stage, index: index, item: item, isWish: step.kind == .wish), "menu item \(menu).\(item)")
                    }
                }
            }
        }
        if let themes = program.themes {
            for pace in themes.paceOrder {
                inspect(keyboards.picker(selected: themes.pool, pace: pace), "theme picker")
                inspect(keyboards.settings(pace: pace), "settings")
            }
            inspect(keyboards.theme(slot: max(themes.choose - 1, 0), why: true), "theme")
        }
        inspect(keyboards.nps(), "NPS")
        inspect(keyboards.npsComment(), "NPS comment")
        inspect(keyboards.confirmation(confirm: .resetConfirm), "reset")
        inspect(keyboards.confirmation(confirm: .switchConfirm), "switch kit")
        inspect(keyboards.confirmation(confirm: .restartButton), "restart")
        inspect([keyboards.continueRow, keyboards.resumeRow, keyboards.laterRow], "common")
    }
}
