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
        for pace in themes.paceOrder {
            let days = themes.paces[pace] ?? []
            if days.count < themes.choose {
                node.report("pace \"\(pace)\" has \(days.count) days but up to \(themes.choose) themes can be chosen")
            }
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
