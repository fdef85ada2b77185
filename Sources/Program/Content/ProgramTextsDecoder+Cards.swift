import Foundation

extension ProgramTextsDecoder {
    /// `"cards": { "<card id>": { "state": "Терпение", "line": "…" } }`: plain words drawn on an
    /// image (no HTML, no placeholders), short enough for the card.
    func decodeCards(_ node: JSONNode?, parent: JSONObject) -> [String: CardTexts] {
        let ids = structure.cards.map(\.id)
        guard let node else {
            if !ids.isEmpty { parent.node.report("missing key \"cards\" (program.json defines plant cards)") }
            return [:]
        }
        guard let object = node.object() else { return [:] }
        var result: [String: CardTexts] = [:]
        for member in matchKeys(object, expected: ids, what: "card") {
            guard let card = member.node.object(allowed: ["state", "line"]) else { continue }
            let state = plainWords(card.required("state"), limit: PlantCardRules.maxStateLength)
            let line = plainWords(card.required("line"), limit: PlantCardRules.maxLineLength)
            guard let state, let line else { continue }
            result[member.key] = CardTexts(state: state, line: line)
        }
        return result
    }

    private func plainWords(_ node: JSONNode?, limit: Int) -> String? {
        guard let node, let text = node.text() else { return nil }
        if text.contains("<") || text.contains("&") || text.contains("{") {
            node.report("card words are drawn as they are: no HTML, entities or placeholders")
        }
        if text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { node.report("must not be empty") }
        if text.count > limit { node.report("\(text.count) characters; a card has room for \(limit)") }
        return text
    }
}
