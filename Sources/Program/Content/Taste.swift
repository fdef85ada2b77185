/// "A taste": the first days of a program for someone a friend gifted it to who has no kit yet.
/// `program.json`'s `"taste": { "through": "sprouts" }` names the last stage the taste gives; the
/// journey then stops there (no later stage, reminder or micro-practice) until a kit code
/// continues it. A program without it gives no taste: a taste gift starts the whole journey.
public struct Taste: Sendable, Equatable {
    /// The id of the last stage a taste gives (a stage of steps, not the last stage).
    public let throughStage: String

    public init(throughStage: String) {
        self.throughStage = throughStage
    }
}

enum TasteRules {
    static func read(_ node: JSONNode?) -> Taste? {
        guard let node, let object = node.object(allowed: ["through"]) else { return nil }
        guard let stage = object.required("through").flatMap(Identifier.read) else { return nil }
        return Taste(throughStage: stage)
    }

    /// The taste ends after a stage of steps that exists and leaves something for the kit.
    static func check(_ structure: ProgramStructure, object: JSONObject) {
        guard let taste = structure.taste, let node = object.optional("taste") else { return }
        guard let index = structure.stages.firstIndex(where: { $0.id == taste.throughStage }) else {
            return node.report("the taste goes through stage \"\(taste.throughStage)\", which the program does not have")
        }
        guard case .steps = structure.stages[index].kind else {
            return node.report("a taste ends after a stage of steps (not themes or the manifesto)")
        }
        if index == structure.stages.count - 1 || structure.stages[(index + 1)...].allSatisfy({ $0.kind == .manifesto }) {
            node.report("a taste gives the first days: stage \"\(taste.throughStage)\" leaves nothing for the kit")
        }
    }
}
