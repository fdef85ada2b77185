/// Reads and checks a program's `"cards"`: each card's id, silhouette, what earns it and the
/// answer it quotes; every reference must resolve, and each state is earned by one card only.
enum PlantCardRules {
    static let maxStateLength = 24
    static let maxLineLength = 90

    /// `[{ "id": "patience", "silhouette": "seed", "earned": { "stage": "planting" }, "answer": "planting.intention" }]`
    static func read(_ node: JSONNode?) -> [PlantCard] {
        node?.array()?.compactMap(readCard) ?? []
    }

    private static func readCard(_ node: JSONNode) -> PlantCard? {
        guard let object = node.object(allowed: ["id", "silhouette", "earned", "answer"]) else { return nil }
        let id = object.required("id").flatMap(Identifier.read)
        let silhouetteNode = object.required("silhouette")
        let silhouette = silhouetteNode?.string().flatMap { name -> PlantSilhouette? in
            guard let known = PlantSilhouette(rawValue: name) else {
                silhouetteNode?.report("unknown silhouette \"\(name)\" (the cards can draw: \(PlantSilhouette.allCases.map(\.rawValue).joined(separator: ", ")))")
                return nil
            }
            return known
        }
        let earned = object.required("earned").flatMap(readEarned)
        let answer = object.optional("answer")?.string()
        guard let id, let silhouette, let earned else { return nil }
        return PlantCard(id: id, silhouette: silhouette, earned: earned, answer: answer)
    }

    private static func readEarned(_ node: JSONNode) -> PlantCard.Earned? {
        guard let object = node.object(allowed: ["stage", "theme"]) else { return nil }
        guard object.members.count == 1, let member = object.members.first else {
            node.report("\"earned\" names one stage or one theme: { \"stage\": \"planting\" } or { \"theme\": \"roots\" }")
            return nil
        }
        guard let id = Identifier.read(member.node) else { return nil }
        return member.key == "stage" ? .stage(id) : .theme(id)
    }

    /// References resolve: the stage exists and is not the themes stage (its themes earn cards
    /// one by one), the theme is in the pool, the answer is a question or wish step.
    static func check(_ structure: ProgramStructure, object: JSONObject) {
        let nodes = object.optional("cards")?.array() ?? []
        var ids: Set<String> = [], earners: [PlantCard.Earned] = []
        for (index, card) in structure.cards.enumerated() {
            let node = index < nodes.count ? nodes[index] : object.node
            if !ids.insert(card.id).inserted { node.report("duplicate card id \"\(card.id)\"") }
            if earners.contains(card.earned) { node.report("card \"\(card.id)\" is earned by what already earns another card") }
            earners.append(card.earned)
            switch card.earned {
            case .stage(let id):
                guard let stage = structure.stages.first(where: { $0.id == id }) else {
                    node.report("card \"\(card.id)\" is earned by stage \"\(id)\", which the program does not have")
                    break
                }
                if stage.kind == .themes { node.report("the themes stage earns a card per theme: use { \"theme\": … } cards") }
            case .theme(let id):
                if !(structure.themes?.pool ?? []).contains(id) {
                    node.report("card \"\(card.id)\" is earned by theme \"\(id)\", which is not in the theme pool")
                }
            }
            if let answer = card.answer, !answerResolves(answer, in: structure) {
                node.report("card \"\(card.id)\" quotes \"\(answer)\", which is not a question or wish step written <stage>.<step>")
            }
        }
    }

    private static func answerResolves(_ key: String, in structure: ProgramStructure) -> Bool {
        let parts = key.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 2, let stage = structure.stages.first(where: { $0.id == parts[0] }),
              let step = stage.steps.first(where: { $0.id == parts[1] }) else { return false }
        return step.takesText
    }
}
