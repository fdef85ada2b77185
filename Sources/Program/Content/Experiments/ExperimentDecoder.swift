import StrictJSON

/// Reads `"experiments"` from `program.json`:
/// `[{"id": "day2-reminder", "texts": ["stages.sprouts.unlock"], "variants": {"a": 1, "b": 1},
///    "metric": "next-step", "samplePerVariant": 200}]`.
enum ExperimentDecoder {
    static func decode(_ root: JSONNode, programID: String) -> [Experiment] {
        // Read without `root.object()`, which would report the file's other problems a second time.
        guard case .object(let members) = root.value, let value = members.first(where: { $0.key == "experiments" })?.value,
              let list = root.child("experiments", value).array() else { return [] }
        var seen: Set<String> = []
        var result: [Experiment] = []
        for node in list {
            guard let experiment = decodeOne(node, programID: programID) else { continue }
            guard seen.insert(experiment.id).inserted else {
                node.report("duplicate experiment id \"\(experiment.id)\"")
                continue
            }
            result.append(experiment)
        }
        return result
    }

    private static func decodeOne(_ node: JSONNode, programID: String) -> Experiment? {
        guard let object = node.object(allowed: ["id", "texts", "variants", "metric", "samplePerVariant"]) else { return nil }
        let id = object.required("id").flatMap(Identifier.read)
        let textsNode = object.required("texts")
        let texts = textsNode?.stringArray() ?? []
        if let textsNode, texts.isEmpty { textsNode.report("an experiment covers at least one text, for example \"stages.sprouts.unlock\"") }
        if Set(texts).count != texts.count { textsNode?.report("a text is listed twice") }
        for text in texts where SharedTextFile.isUnknownPrefix(text) {
            textsNode?.report("\"\(text)\": a text of the shared locale files is \"engine:KEY\" (assets/locales/program.<locale>.json) or \"bot:KEY\" (bot.<locale>.json)")
        }
        let variants = decodeVariants(object.required("variants"))
        let metric = decodeMetric(object.required("metric"))
        var sample = Experiment.defaultSamplePerVariant
        if let sampleNode = object.optional("samplePerVariant"), let value = sampleNode.int() {
            if (10...1_000_000).contains(value) { sample = value } else { sampleNode.report("must be between 10 and 1000000") }
        }
        guard let id, let metric, variants.count >= 2, !texts.isEmpty else { return nil }
        return Experiment(id: id, programID: programID, texts: texts, variants: variants, metric: metric, samplePerVariant: sample)
    }

    private static func decodeVariants(_ node: JSONNode?) -> [Experiment.Variant] {
        guard let node, let object = node.object() else { return [] }
        var variants: [Experiment.Variant] = []
        for member in object.members {
            guard Identifier.check(member.key, at: member.node), let weight = member.node.int() else { continue }
            guard (1...1000).contains(weight) else { member.node.report("a weight is a whole number from 1 to 1000"); continue }
            variants.append(Experiment.Variant(id: member.key, weight: weight))
        }
        if variants.count < 2 { node.report("an experiment needs at least two variants, for example {\"a\": 1, \"b\": 1}") }
        return variants
    }

    private static func decodeMetric(_ node: JSONNode?) -> ExperimentMetric? {
        guard let node, let name = node.string() else { return nil }
        guard let metric = ExperimentMetric(rawValue: name) else {
            node.report("unknown metric \"\(name)\"; one of: \(ExperimentMetric.allCases.map(\.rawValue).joined(separator: ", "))")
            return nil
        }
        return metric
    }
}
