/// Resolves a program's text variants at load: the control texts for the engine, and the texts
/// of every combination of variants, each decoded (so checked) like any text.
enum ExperimentContent {
    /// The locale file with every variant set replaced by its experiment's control.
    static func control(of root: JSONNode, _ covered: CoveredTexts) -> JSONNode {
        let sites = TextVariants(root: root)
        guard !covered.isEmpty || !sites.sites.isEmpty else { return root }
        let controls = covered.controls
        return sites.resolved(root) { controls[$0] }
    }

    /// The experiments that change a program's own texts (others change only shared files).
    static func changingProgramTexts(_ experiments: [Experiment]) -> [Experiment] {
        experiments.filter { !$0.programTexts.isEmpty }
    }

    static func attach(_ experiments: [Experiment], to program: inout Program, localeRoots: [String: JSONNode],
                       decoder: ProgramTextsDecoder) {
        program.experiments = experiments
        let covered = CoveredTexts.program(experiments)
        let sites = localeRoots.mapValues { TextVariants(root: $0).sites }
        guard !covered.isEmpty || sites.values.contains(where: { !$0.isEmpty }) else { return }
        var unsound: Set<String> = []
        for (locale, root) in localeRoots.sorted(by: { $0.key < $1.key }) {
            unsound.formUnion(VariantRules.check(sites[locale] ?? [], covered: covered, root: root))
        }
        let owners = changingProgramTexts(experiments)
        let combinations = Self.combinations(owners)
        guard combinations.count <= Experiment.maximumCombinations else {
            localeRoots.values.first?.report("\(combinations.count) combinations of variants; at most \(Experiment.maximumCombinations): stop or adopt an experiment first")
            return
        }
        for selection in combinations {
            let key = selection.key(for: owners)
            guard !key.isEmpty else { continue }
            var texts: [String: ProgramTexts] = [:]
            for (locale, root) in localeRoots {
                if let decoded = decodeVariant(root, selection: selection, covered: covered, unsound: unsound,
                                               decode: { decoder.decode($0, expectedLocale: locale) }) {
                    texts[locale] = decoded
                }
            }
            if texts.count == localeRoots.count { program.variantTexts[key] = texts }
        }
    }

    /// Decodes one combination into a log of its own and reports only what the control lacks
    /// (the control's own problems are already reported once).
    static func decodeVariant<Decoded>(_ root: JSONNode, selection: VariantSelection, covered: CoveredTexts,
                                       unsound: Set<String>, decode: (JSONNode) -> Decoded?) -> Decoded? {
        var picks: [String: String] = [:]
        for (path, owners) in covered.owners {
            guard let experiment = owners.first else { continue }
            picks[path] = unsound.contains(path) ? experiment.control : selection.variants[experiment.id] ?? experiment.control
        }
        let controlLog = ProblemLog()
        _ = decode(control(of: JSONNode(value: root.value, file: root.file, path: root.path, log: controlLog), covered))
        let known = Set(controlLog.problems.map(\.description))
        let variantLog = ProblemLog()
        let decoded = decode(TextVariants(root: root).resolved(root, log: variantLog) { picks[$0] })
        let named = selection.variants.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ", ")
        for problem in variantLog.problems where !known.contains(problem.description) {
            root.log.report(problem.file, problem.jsonPath, "[variant \(named)] \(problem.message)")
        }
        // Kept even with problems (the catalog then fails to load), so the rules that read a whole
        // program (buttons, bold lines) check this variant too.
        return decoded
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
}
