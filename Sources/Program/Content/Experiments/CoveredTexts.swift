/// Which experiments cover which texts of one locale file: JSON path → the experiments listing
/// it, and the name they list it by (a program text's path, or "bot:KEY" in a shared file).
struct CoveredTexts {
    private(set) var owners: [String: [Experiment]] = [:]
    /// In declaration order, for reporting.
    private(set) var listed: [(path: String, experiment: Experiment)] = []
    private let prefix: String
    /// Whether every experiment that may own a text is known (a shared file checked with one
    /// program alone may hold another program's variants).
    private(set) var complete = true

    /// The texts of a program's own locale files.
    static func program(_ experiments: [Experiment]) -> CoveredTexts {
        var covered = CoveredTexts(prefix: "")
        for experiment in experiments {
            for path in experiment.programTexts { covered.add(TextVariants.jsonPath(of: path), experiment) }
        }
        return covered
    }

    /// The keys of one shared locale file, covered by any program's experiments.
    static func shared(_ file: SharedTextFile, _ experiments: [Experiment], complete: Bool = true) -> CoveredTexts {
        var covered = CoveredTexts(prefix: file.rawValue + ":")
        covered.complete = complete
        for experiment in experiments {
            for key in experiment.sharedKeys(in: file) { covered.add("$" + JSONNode.pathComponent(for: key), experiment) }
        }
        return covered
    }

    private init(prefix: String) {
        self.prefix = prefix
    }

    private mutating func add(_ path: String, _ experiment: Experiment) {
        owners[path, default: []].append(experiment)
        listed.append((path, experiment))
    }

    /// The control of each covered text (its first owner's), by JSON path.
    var controls: [String: String] { owners.compactMapValues { $0.first?.control } }

    /// A JSON path as experiments name it: "$.stages.sprouts.unlock" → "stages.sprouts.unlock".
    func name(of path: String) -> String {
        prefix + (path.hasPrefix("$.") ? String(path.dropFirst(2)) : String(path.dropFirst()))
    }

    var isEmpty: Bool { owners.isEmpty }
}
