/// Reads `<locale>.json` against the program's structure: every id has its texts, nothing extra,
/// and every text passes `TextRules`.
struct ProgramTextsDecoder {
    let structure: ProgramStructure
    let rules: TextRules

    init(structure: ProgramStructure) {
        self.structure = structure
        self.rules = TextRules(structure: structure)
    }

    func decode(_ root: JSONNode, expectedLocale: String) -> ProgramTexts? {
        guard let object = root.object(allowed: ["locale", "title", "kitName", "welcome", "stages", "themes", "menus", "choices", "micro", "cards", "shopLine", "tasteWelcome"]) else { return nil }
        if let localeNode = object.required("locale"), let locale = localeNode.string(), locale != expectedLocale {
            localeNode.report("says \"\(locale)\" but the file is for \"\(expectedLocale)\"")
        }
        let title = html(object.required("title"))
        let kitName = html(object.required("kitName"))
        let welcomeNode = object.required("welcome")
        let welcome = html(welcomeNode)
        if let welcome, let welcomeNode { rules.checkWelcomeLength(welcome, at: welcomeNode) }
        let stages = decodeStages(object.required("stages"), locale: expectedLocale)
        let themes = decodeThemes(object.optional("themes"), parent: object)
        let menus = decodeMenus(object.optional("menus"), parent: object)
        let choices = decodeChoices(object.optional("choices"), parent: object)
        let micro = decodeMicro(object.optional("micro"), parent: object)
        let cards = decodeCards(object.optional("cards"), parent: object)
        let shopLine = structure.shop == nil && object.optional("shopLine") == nil
            ? nil : decodeShopLine(object.optional("shopLine"), parent: object)
        let tasteWelcome = decodeTasteWelcome(object.optional("tasteWelcome"), parent: object)
        guard let title, let kitName, let welcome else { return nil }
        var texts = ProgramTexts(locale: expectedLocale, title: title, kitName: kitName, welcome: welcome,
                                 stages: stages, themes: themes, menus: menus, choices: choices)
        texts.micro = micro
        texts.cards = cards
        texts.shopLine = shopLine
        texts.tasteWelcome = tasteWelcome
        checkReflectionsAsked(texts, stagesNode: object.optional("stages"))
        return texts
    }

    /// `"tasteWelcome"`: required when `program.json` gives a taste (the kit's welcome names what
    /// is in the box, which a friend tasting the program does not have), refused without one.
    private func decodeTasteWelcome(_ node: JSONNode?, parent: JSONObject) -> String? {
        guard structure.taste != nil else {
            node?.report("program.json gives no \"taste\": a taste welcome would never be shown")
            return nil
        }
        guard let node else {
            parent.node.report("missing key \"tasteWelcome\" (program.json gives a \"taste\": the kit's welcome would greet a friend who has no kit)")
            return nil
        }
        let text = html(node)
        if let text { rules.checkWelcomeLength(text, at: node) }
        return text
    }

    private func decodeMicro(_ node: JSONNode?, parent: JSONObject) -> [String: MicroTexts] {
        let ids = structure.micro.map(\.id)
        guard let node else {
            if !ids.isEmpty { parent.node.report("missing key \"micro\" (program.json has micro-practices)") }
            return [:]
        }
        guard let object = node.object() else { return [:] }
        var result: [String: MicroTexts] = [:]
        for member in matchKeys(object, expected: ids, what: "micro-practice") {
            guard let micro = member.node.object(allowed: ["title", "text", "question"]) else { continue }
            let title = html(micro.required("title"), placeholders: .forbidden)
            let text = html(micro.required("text"), placeholders: .forbidden)
            let question = html(micro.optional("question"), placeholders: .forbidden)
            guard let title, let text else { continue }
            rules.checkMicroLength(title: title, text: text, question: question, at: member.node)
            result[member.key] = MicroTexts(title: title, text: text, question: question)
        }
        return result
    }

    /// `{reflection:<id>}` resolves only when that theme or micro-practice asks its question in this locale.
    private func checkReflectionsAsked(_ texts: ProgramTexts, stagesNode: JSONNode?) {
        let asked = Set(texts.themes.filter { $0.value.question != nil }.map(\.key))
            .union(texts.micro.filter { $0.value.question != nil }.map(\.key))
        var written: [String] = []
        for stage in texts.stages.values {
            written += [stage.manifesto?.template, stage.manifesto?.templateFewAnswers, stage.intro].compactMap { $0 }
            written += stage.steps.values.map(\.text)
        }
        for name in Set(written.flatMap(Placeholders.names(in:))) {
            let base = name.split(separator: "|", omittingEmptySubsequences: false)[0]
            guard base.hasPrefix("reflection:") else { continue }
            let id = String(base.dropFirst("reflection:".count))
            if structure.reflectionIDs.contains(id), !asked.contains(id) {
                stagesNode?.report("{\(base)} quotes \"\(id)\", which asks no question in this locale")
            }
        }
    }

    private func html(_ node: JSONNode?, place: TextRules.Place? = nil) -> String? {
        guard let node, let text = node.text() else { return nil }
        rules.checkHTML(text, at: node, place: place)
        return text
    }

    private func label(_ node: JSONNode?) -> String? {
        guard let node, let text = node.text() else { return nil }
        rules.checkLabel(text, at: node)
        return text
    }

    /// Reports ids the structure has but the texts lack, and texts for ids the structure lacks.
    func matchKeys(_ object: JSONObject, expected: [String], what: String) -> [(key: String, node: JSONNode)] {
        let expectedSet = Set(expected)
        for id in expected where object.optional(id) == nil {
            object.node.report("missing texts for \(what) \"\(id)\"")
        }
        return object.members.filter { member in
            if expectedSet.contains(member.key) { return true }
            member.node.report("texts for \(what) \"\(member.key)\", which program.json does not define")
            return false
        }
    }

    private func decodeStages(_ node: JSONNode?, locale: String) -> [String: StageTexts] {
        guard let object = node?.object() else { return [:] }
        var result: [String: StageTexts] = [:]
        for member in matchKeys(object, expected: structure.stages.map(\.id), what: "stage") {
            guard let index = structure.stages.firstIndex(where: { $0.id == member.key }),
                  let texts = decodeStage(member.node, stage: structure.stages[index], index: index, locale: locale)
            else { continue }
            result[member.key] = texts
        }
        return result
    }

    private func decodeStage(_ node: JSONNode, stage: Stage, index: Int, locale: String) -> StageTexts? {
        let manifestoKeys: Set<String> = ["template", "templateFewAnswers", "card", "completion", "npsQuestion", "npsCommentPrompt", "npsThanks"]
        var allowed: Set<String> = ["title", "unlock", "intro"]
        switch stage.kind {
        case .steps: allowed.insert("steps")
        case .themes: break
        case .manifesto: allowed.formUnion(manifestoKeys); allowed.insert("narration")
        }
        guard let object = node.object(allowed: allowed) else { return nil }
        let place = TextRules.Place(stageIndex: index, stepIndex: 0)
        let title = html(object.required("title"))
        let unlock = html(object.required("unlock"), place: place)
        let introNode: JSONNode?
        if case .steps = stage.kind { introNode = object.optional("intro") } else { introNode = object.required("intro") }
        let intro = html(introNode, place: place)
        if let intro, let introNode { rules.checkScreenLength(intro, what: "stage's intro", at: introNode) }
        var steps: [String: StepTexts] = [:]
        if case .steps(let stageSteps) = stage.kind, let stepsNode = object.required("steps"), let stepsObject = stepsNode.object() {
            for member in matchKeys(stepsObject, expected: stageSteps.map(\.id), what: "step") {
                guard let stepIndex = stageSteps.firstIndex(where: { $0.id == member.key }) else { continue }
                steps[member.key] = decodeStep(member.node, step: stageSteps[stepIndex],
                                               place: TextRules.Place(stageIndex: index, stepIndex: stepIndex))
            }
            // What a listener hears: every step but menus, its script or else its screen text.
            let narrated = stageSteps.filter { $0.kind != .menu }.compactMap { step in
                steps[step.id].map { texts in texts.narration.flatMap { try? Narration.parse(script: $0) } ?? Narration.fromScreenText(texts.text) }
            }
            rules.checkStageNarrationLength(narrated, locale: locale, at: stepsNode)
        }
        var manifesto: ManifestoTexts?
        if stage.kind == .manifesto {
            let after = TextRules.Place(stageIndex: structure.stages.count, stepIndex: 0)
            let template = html(object.required("template"), place: after)
            let completion = html(object.required("completion"), place: after)
            let question = html(object.required("npsQuestion"), place: after)
            let prompt = html(object.required("npsCommentPrompt"), place: after)
            let thanks = html(object.required("npsThanks"), place: after)
            if let template, let completion, let question, let prompt, let thanks {
                manifesto = ManifestoTexts(template: template, completion: completion, npsQuestion: question,
                                           npsCommentPrompt: prompt, npsThanks: thanks)
                manifesto?.templateFewAnswers = html(object.optional("templateFewAnswers"), place: after)
                manifesto?.card = html(object.optional("card"), place: after)
                if let card = manifesto?.card, let node = object.optional("card") {
                    rules.checkCard(card, at: node)
                }
            }
        }
        guard let title, let unlock else { return nil }
        var texts = StageTexts(title: title, unlock: unlock, intro: intro, steps: steps, manifesto: manifesto)
        texts.narration = narration(object.optional("narration"))
        return texts
    }

    private func decodeStep(_ node: JSONNode, step: Step, place: TextRules.Place) -> StepTexts? {
        let allowed: Set<String> = step.takesText ? ["title", "text", "placeholder", "narration", "why"] : ["title", "text", "narration", "why"]
        guard let object = node.object(allowed: allowed) else { return nil }
        let title = html(object.required("title"))
        let text = html(object.required("text"), place: place)
        let placeholder = html(object.optional("placeholder"))
        guard let title, let text else { return nil }
        var texts = StepTexts(title: title, text: text, placeholder: placeholder)
        if step.kind != .menu, let textNode = object.optional("text") { rules.checkPracticeLength(text, at: textNode) }
        texts.narration = narration(object.optional("narration"), of: text)
        if let whyNode = object.optional("why"), let why = html(whyNode, place: place) {
            texts.why = why
            rules.checkShownTogether(text, why, at: whyNode)
        }
        return texts
    }

    /// A narration script is checked here so `sogreto content check` reports a bad marker
    /// before an audio build trips over it.
    /// `wholePractice`: the script is a practice recorded in one track (a theme), held to its length.
    private func narration(_ node: JSONNode?, of text: String? = nil, wholePractice: Bool = false) -> String? {
        guard let node, let script = node.text() else { return nil }
        do {
            let parsed = try Narration.parse(script: script)
            if let text { rules.checkNarrationTiming(parsed, of: text, at: node) }
            if wholePractice { rules.checkPracticeNarrationLength(parsed, at: node) }
            return script
        } catch {
            node.report(error.message)
            return nil
        }
    }

    private func decodeThemes(_ node: JSONNode?, parent: JSONObject) -> [String: ThemeTexts] {
        let pool = structure.themes?.pool ?? []
        guard let node else {
            if !pool.isEmpty { parent.node.report("missing key \"themes\" (program.json has a theme pool)") }
            return [:]
        }
        guard let object = node.object() else { return [:] }
        var result: [String: ThemeTexts] = [:]
        for member in matchKeys(object, expected: pool, what: "theme") {
            guard let theme = member.node.object(allowed: ["title", "label", "text", "narration", "question", "why"]) else { continue }
            let title = html(theme.required("title"))
            let label = label(theme.required("label"))
            let text = html(theme.required("text"))
            let question = html(theme.optional("question"), placeholders: .forbidden)
            if let title, let label, let text {
                var texts = ThemeTexts(title: title, label: label, text: text)
                if let textNode = theme.optional("text") { rules.checkPracticeLength(text, question: question, at: textNode) }
                texts.narration = narration(theme.optional("narration"), of: text, wholePractice: true)
                texts.question = question
                if let whyNode = theme.optional("why"), let why = html(whyNode) {
                    texts.why = why
                    rules.checkShownTogether(text, why, at: whyNode)
                }
                result[member.key] = texts
            }
        }
        return result
    }

    private func decodeMenus(_ node: JSONNode?, parent: JSONObject) -> [String: MenuTexts] {
        guard let node else {
            if !structure.menus.isEmpty { parent.node.report("missing key \"menus\" (program.json defines menus)") }
            return [:]
        }
        guard let object = node.object() else { return [:] }
        var result: [String: MenuTexts] = [:]
        for member in matchKeys(object, expected: structure.menus.map(\.id), what: "menu") {
            guard let menu = member.node.object(allowed: ["title", "items"]) else { continue }
            let title = label(menu.required("title"))
            var items: [String: MenuItemTexts] = [:]
            let expected = structure.menus.first { $0.id == member.key }?.items ?? []
            if let itemsObject = menu.required("items")?.object() {
                for item in matchKeys(itemsObject, expected: expected, what: "menu item") {
                    guard let itemObject = item.node.object(allowed: ["label", "text"]) else { continue }
                    let itemLabel = label(itemObject.required("label"))
                    let text = html(itemObject.required("text"), placeholders: .forbidden)
                    if let itemLabel, let text {
                        items[item.key] = MenuItemTexts(label: itemLabel, text: text)
                        if text.hasPrefix("<b>"), let textNode = itemObject.optional("text") {
                            textNode.report("the item's label is already shown in bold above its text: start the text without a bold title")
                        }
                    }
                }
            }
            if let title { result[member.key] = MenuTexts(title: title, items: items) }
        }
        return result
    }

    private func html(_ node: JSONNode?, placeholders: TextRules.PlaceholderPolicy) -> String? {
        guard let node, let text = node.text() else { return nil }
        rules.checkHTML(text, at: node, placeholders: placeholders)
        return text
    }

    private func decodeChoices(_ node: JSONNode?, parent: JSONObject) -> [String: String] {
        var options: [String] = []
        for choice in structure.choices { for option in choice.options where !options.contains(option) { options.append(option) } }
        guard let node else {
            if !options.isEmpty { parent.node.report("missing key \"choices\" (program.json defines choices)") }
            return [:]
        }
        guard let object = node.object() else { return [:] }
        var result: [String: String] = [:]
        for member in matchKeys(object, expected: options, what: "choice option") {
            if let text = label(member.node) { result[member.key] = text }
        }
        return result
    }
}
