/// Checks that a program's structure hangs together: unique ids, references that resolve,
/// days in order, theme paces that fit their stage.
enum StructureRules {
    static func check(_ structure: ProgramStructure, root: JSONNode) {
        guard let object = root.object() else { return }
        let stagesNode = object.optional("stages")?.array() ?? []
        func stageNode(_ index: Int) -> JSONNode { index < stagesNode.count ? stagesNode[index] : root }

        if structure.stages.isEmpty { root.report("a program needs at least one stage") }
        if let first = structure.stages.first, first.day != 0 { stageNode(0).report("the first stage opens on day 0 (planting day), not day \(first.day)") }
        var seenStages: Set<String> = []
        var previousDay = 0
        for (index, stage) in structure.stages.enumerated() {
            let node = stageNode(index)
            if !seenStages.insert(stage.id).inserted { node.report("duplicate stage id \"\(stage.id)\"") }
            if stage.day < previousDay { node.report("stage \"\(stage.id)\" opens on day \(stage.day), before the previous stage (day \(previousDay))") }
            previousDay = max(previousDay, stage.untilDay ?? stage.day)
            if (stage.untilDay ?? stage.day) > structure.durationDays {
                node.report("stage \"\(stage.id)\" runs past the program's \(structure.durationDays) days")
            }
            checkSteps(stage, node: node, structure: structure)
            if stage.kind == .manifesto, index != structure.stages.count - 1 { node.report("the manifesto stage must be the last stage") }
            if stage.kind == .themes { checkThemes(structure, stage: stage, root: object, stageNode: node) }
        }
        if structure.stages.filter({ $0.kind == .themes }).count > 1 { root.report("at most one themes stage") }
        if structure.themes != nil, !structure.stages.contains(where: { $0.kind == .themes }) {
            object.optional("themes")?.report("there is a theme pool but no stage of kind \"themes\"")
        }
        checkMenusAndChoices(structure, object: object)
        checkMicro(structure, object: object)
        PlantCardRules.check(structure, object: object)
        TasteRules.check(structure, object: object)
        checkSilence(structure, object: object)
    }

    /// Micro-practices fill days without a stage: one a day, within the program, never on a
    /// day a stage opens or inside the themes' days.
    private static func checkMicro(_ structure: ProgramStructure, object: JSONObject) {
        let nodes = object.optional("micro")?.array() ?? []
        var ids: Set<String> = []
        var days: Set<Int> = []
        for (index, micro) in structure.micro.enumerated() {
            let node = index < nodes.count ? nodes[index] : object.node
            if !ids.insert(micro.id).inserted { node.report("duplicate micro-practice id \"\(micro.id)\"") }
            if !days.insert(micro.day).inserted { node.report("two micro-practices on day \(micro.day)") }
            if !(1...max(structure.durationDays, 1)).contains(micro.day) {
                node.report("day \(micro.day) is outside the program (days 1–\(structure.durationDays))")
            }
            if let stage = structure.stages.first(where: { $0.day == micro.day || ($0.kind == .themes && ($0.day...($0.untilDay ?? $0.day)).contains(micro.day)) }) {
                node.report("day \(micro.day) belongs to stage \"\(stage.id)\"; micro-practices go on days without a stage")
            }
        }
    }

    /// With `maxSilenceDays`, no run of days without a message (a stage, a theme at the full
    /// choice of themes on every pace, a micro-practice) may be longer than that.
    private static func checkSilence(_ structure: ProgramStructure, object: JSONObject) {
        guard let allowed = structure.maxSilenceDays else { return }
        let fixed = structure.stages.filter { $0.kind != .themes }.map(\.day) + structure.micro.map(\.day)
        var paces: [(String?, [Int])] = [(nil, [])]
        if let themes = structure.themes, structure.stages.contains(where: { $0.kind == .themes }), !themes.paceOrder.isEmpty {
            paces = themes.paceOrder.map { ($0, themes.paces[$0] ?? []) }
        }
        for (pace, themeDays) in paces {
            let days = Set(fixed + themeDays + [0, structure.durationDays]).sorted()
            for (day, next) in zip(days, days.dropFirst()) where next - day - 1 > allowed {
                let which = pace.map { " (pace \"\($0)\")" } ?? ""
                (object.optional("maxSilenceDays") ?? object.node).report(
                    "days \(day + 1)–\(next - 1) pass without a message\(which); the kit allows \(allowed) silent day\(allowed == 1 ? "" : "s") in a row")
            }
        }
    }

    private static func checkSteps(_ stage: Stage, node: JSONNode, structure: ProgramStructure) {
        let stepNodes = node.object()?.optional("steps")?.array() ?? []
        var seen: Set<String> = []
        for (index, step) in stage.steps.enumerated() {
            let stepNode = index < stepNodes.count ? stepNodes[index] : node
            if !seen.insert(step.id).inserted { stepNode.report("duplicate step id \"\(step.id)\" in stage \"\(stage.id)\"") }
            if let menu = step.menu, !structure.menus.contains(where: { $0.id == menu }) {
                stepNode.report("menu \"\(menu)\" is not defined in \"menus\"")
            }
            if step.kind == .choice, !structure.choices.contains(where: { $0.stepID == step.id }) {
                stepNode.report("choice step \"\(step.id)\" has no options in \"choices\"")
            }
            if let condition = step.when { checkBranch(step, condition, index: index, stage: stage, node: stepNode, structure: structure) }
        }
    }

    /// A branch hangs on a choice step before it in its stage and on options that choice has;
    /// the first step of a stage always shows.
    private static func checkBranch(_ step: Step, _ condition: StepCondition, index: Int, stage: Stage, node: JSONNode,
                                    structure: ProgramStructure) {
        guard index > 0 else { return node.report("the first step of a stage cannot be a branch: something must always show") }
        guard let choiceIndex = stage.steps.firstIndex(where: { $0.id == condition.choice }), stage.steps[choiceIndex].kind == .choice else {
            return node.report("\"when\" names \"\(condition.choice)\", which is not a choice step of stage \"\(stage.id)\"")
        }
        if choiceIndex > index { node.report("branch \"\(step.id)\" comes before its choice \"\(condition.choice)\"; it could never be reached") }
        let options = structure.choices.first { $0.stepID == condition.choice }?.options ?? []
        for option in condition.options where !options.contains(option) {
            node.report("\"\(option)\" is not an option of choice \"\(condition.choice)\" (options: \(options.joined(separator: ", "))); this branch could never be reached by it")
        }
    }

    private static func checkThemes(_ structure: ProgramStructure, stage: Stage, root: JSONObject, stageNode: JSONNode) {
        guard let themes = structure.themes else {
            stageNode.report("a themes stage needs \"themes\" (pool, default, choose, paces) in program.json")
            return
        }
        let node = root.optional("themes") ?? stageNode
        let pool = Set(themes.pool)
        if pool.count != themes.pool.count { node.report("the theme pool has duplicate ids") }
        if themes.pool.isEmpty { node.report("the theme pool is empty") }
        for theme in themes.defaults where !pool.contains(theme) { node.report("default theme \"\(theme)\" is not in the pool") }
        if Set(themes.defaults).count != themes.defaults.count { node.report("the default themes have duplicates") }
        if themes.defaults.isEmpty { node.report("at least one default theme is needed") }
        if themes.choose > themes.pool.count { node.report("\"choose\" (\(themes.choose)) is more than the pool has (\(themes.pool.count))") }
        if themes.defaults.count > themes.choose { node.report("more default themes (\(themes.defaults.count)) than \"choose\" (\(themes.choose))") }
        if themes.paces.isEmpty { node.report("at least one pace is needed") }
        let last = stage.untilDay ?? stage.day
        // The first pace has a day for every theme that may be chosen; a gentler one may have
        // fewer days and then brings the first of the chosen themes only.
        for (position, pace) in themes.paceOrder.enumerated() {
            let days = themes.paces[pace] ?? []
            if position == 0, days.count < themes.choose {
                node.report("pace \"\(pace)\" has \(days.count) days but up to \(themes.choose) themes can be chosen")
            }
            if days.isEmpty { node.report("pace \"\(pace)\" has no days") }
            if let outside = days.first(where: { $0 < stage.day || $0 > last }) {
                node.report("pace \"\(pace)\" has day \(outside), outside stage \"\(stage.id)\" (days \(stage.day)–\(last))")
            }
        }
    }

    private static func checkMenusAndChoices(_ structure: ProgramStructure, object: JSONObject) {
        let used = Set(structure.stages.flatMap(\.steps).compactMap(\.menu))
        for menu in structure.menus {
            let node = object.optional("menus")?.object()?.optional(menu.id) ?? object.node
            if Set(menu.items).count != menu.items.count { node.report("menu \"\(menu.id)\" lists an item twice") }
            if !used.contains(menu.id) { node.report("menu \"\(menu.id)\" is not used by any step") }
        }
        let choiceSteps = structure.stages.flatMap(\.steps).filter { $0.kind == .choice }
        for choice in structure.choices {
            let node = object.optional("choices")?.object()?.optional(choice.stepID) ?? object.node
            if !choiceSteps.contains(where: { $0.id == choice.stepID }) {
                node.report("\"\(choice.stepID)\" is not a choice step")
            }
            if Set(choice.options).count != choice.options.count { node.report("an option is listed twice") }
        }
        let choiceIDs = choiceSteps.map(\.id)
        if Set(choiceIDs).count != choiceIDs.count {
            object.optional("choices")?.report("two choice steps share an id; choices are keyed by step id, so choice step ids must be unique in the program")
        }
    }
}
