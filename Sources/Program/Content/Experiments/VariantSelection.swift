/// Which variant of each experiment a user sees: experiment id → variant id. Experiments it does
/// not name show their control (the first variant).
public struct VariantSelection: Sendable, Hashable {
    public var variants: [String: String]

    public init(_ variants: [String: String] = [:]) {
        self.variants = variants
    }

    /// The selection as a program's texts are keyed: only its own experiments, controls left out.
    func key(for experiments: [Experiment]) -> String {
        experiments.compactMap { experiment in
            guard let chosen = variants[experiment.id], chosen != experiment.control, experiment.hasVariant(chosen) else { return nil }
            return "\(experiment.id)=\(chosen)"
        }
        .sorted().joined(separator: ";")
    }
}

extension Program {
    /// This program as a user with `selection` sees it: the same structure, their variants' texts.
    public func showing(_ selection: VariantSelection) -> Program {
        guard !experiments.isEmpty else { return self }
        let key = selection.key(for: ExperimentContent.changingProgramTexts(experiments))
        guard !key.isEmpty, let chosen = variantTexts[key] else { return self }
        var copy = self
        copy.texts = chosen
        return copy
    }
}

extension ProgramCatalog {
    /// Every experiment of every program, in program order.
    public var experiments: [Experiment] { programs.flatMap(\.experiments) }

    public func experiment(id: String) -> Experiment? {
        experiments.first { $0.id == id }
    }

    /// The catalog as a user with `selection` sees it (the engine needs no other change).
    public func showing(_ selection: VariantSelection) -> ProgramCatalog {
        guard programs.contains(where: { !$0.experiments.isEmpty }) else { return self }
        let strings = sharedVariants.engineStrings(selection) ?? uiStrings
        var shown = ProgramCatalog(programs: programs.map { $0.showing(selection) }, fallback: fallbackProgram.showing(selection),
                                   uiStrings: strings, baseStrings: strings[ProgramCatalog.baseLocale] ?? baseStrings)
        shown.sharedVariants = sharedVariants
        return shown
    }
}
