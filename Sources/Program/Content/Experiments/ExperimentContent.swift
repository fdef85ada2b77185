/// Resolves a program's text variants at load: the control texts for the engine, and the texts
/// of every combination of variants, each decoded (so checked) like any text.
enum ExperimentContent {
    /// The locale file with every variant set replaced by its experiment's control.
    static func control(of root: JSONNode, _ experiments: [Experiment]) -> JSONNode {
        guard !experiments.isEmpty || !TextVariants(root: root).sites.isEmpty else { return root }
        let controls = controlsByPath(experiments)
        return TextVariants(root: root).resolved(root) { controls[$0] }
    }

    static func attach(_ experiments: [Experiment], to program: inout Program, localeRoots: [String: JSONNode],
                       decoder: ProgramTextsDecoder) {
        program.experiments = experiments
        let sites = localeRoots.mapValues { TextVariants(root: $0).sites }
        guard !experiments.isEmpty || sites.values.contains(where: { !$0.isEmpty }) else { return }
        var sound = true
        for (locale, root) in localeRoots.sorted(by: { $0.key < $1.key }) {
            sound = VariantRules.check(sites[locale] ?? [], experiments: experiments, root: root) && sound
        }
        let combinations = Self.combinations(experiments)
        guard combinations.count <= Experiment.maximumCombinations else {
            localeRoots.values.first?.report("\(combinations.count) combinations of variants; at most \(Experiment.maximumCombinations): stop or adopt an experiment first")
            return
        }
        guard sound else { return }
        for selection in combinations {
            let key = selection.key(for: experiments)
            guard !key.isEmpty else { continue }
            var texts: [String: ProgramTexts] = [:]
            for (locale, root) in localeRoots {
                if let decoded = decodeVariant(root, selection: selection, experiments: experiments, decoder: decoder, locale: locale) {
                    texts[locale] = decoded
                }
            }
            if texts.count == localeRoots.count { program.variantTexts[key] = texts }
        }
    }

    /// Decodes one combination into a log of its own and reports only what the control lacks
    /// (the control's own problems are already reported once).
    private static func decodeVariant(_ root: JSONNode, selection: VariantSelection, experiments: [Experiment],
                                      decoder: ProgramTextsDecoder, locale: String) -> ProgramTexts? {
        var picks: [String: String] = [:]
        for experiment in experiments {
            for path in experiment.texts { picks[TextVariants.jsonPath(of: path)] = selection.variants[experiment.id] ?? experiment.control }
        }
        let controlLog = ProblemLog()
        _ = decoder.decode(control(of: JSONNode(value: root.value, file: root.file, path: root.path, log: controlLog), experiments),
                           expectedLocale: locale)
        let known = Set(controlLog.problems.map(\.description))
        let variantLog = ProblemLog()
        let texts = decoder.decode(TextVariants(root: root).resolved(root, log: variantLog) { picks[$0] }, expectedLocale: locale)
        let named = selection.variants.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ", ")
        for problem in variantLog.problems where !known.contains(problem.description) {
            root.log.report(problem.file, problem.jsonPath, "[variant \(named)] \(problem.message)")
        }
        return variantLog.problems.count == controlLog.problems.count ? texts : nil
    }

    static func combinations(_ experiments: [Experiment]) -> [VariantSelection] {
        var result = [VariantSelection()]
        for experiment in experiments {
            result = result.flatMap { partial in
                experiment.variants.map { variant in
                    var next = partial
                    next.variants[experiment.id] = variant.id
                    return next
                }
            }
        }
        return result
    }

    private static func controlsByPath(_ experiments: [Experiment]) -> [String: String] {
        var controls: [String: String] = [:]
        for experiment in experiments {
            for path in experiment.texts { controls[TextVariants.jsonPath(of: path)] = experiment.control }
        }
        return controls
    }
}
