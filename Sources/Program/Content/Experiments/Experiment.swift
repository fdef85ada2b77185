/// An A/B test declared in a program's `program.json`: which texts it covers (paths in the
/// locale files), its variants with their weights, and the metric that judges it.
public struct Experiment: Sendable, Equatable {
    public struct Variant: Sendable, Equatable {
        public let id: String
        /// Relative share of users (`{"a": 1, "b": 1}` splits evenly).
        public let weight: Int

        public init(id: String, weight: Int) {
            self.id = id
            self.weight = weight
        }
    }

    public let id: String
    public let programID: String
    /// Paths in the locale files, as written in `program.json` ("stages.sprouts.unlock").
    public let texts: [String]
    /// In declaration order; the first is the control, shown when the experiment is not running.
    public let variants: [Variant]
    public let metric: ExperimentMetric
    /// Exposed users each variant needs before the report gives a verdict (no peeking).
    public let samplePerVariant: Int

    public init(id: String, programID: String, texts: [String], variants: [Variant], metric: ExperimentMetric,
                samplePerVariant: Int) {
        self.id = id
        self.programID = programID
        self.texts = texts
        self.variants = variants
        self.metric = metric
        self.samplePerVariant = samplePerVariant
    }

    public var control: String { variants.first?.id ?? "a" }

    public func hasVariant(_ id: String) -> Bool { variants.contains { $0.id == id } }

    /// The texts it covers in the program's own locale files (paths without a file prefix).
    var programTexts: [String] { texts.filter { SharedTextFile.split($0) == nil } }

    /// The keys it covers in one of the locale files every kit shares ("bot:reminder_nudge_2" → "reminder_nudge_2").
    func sharedKeys(in file: SharedTextFile) -> [String] {
        texts.compactMap { SharedTextFile.split($0).flatMap { $0.file == file ? $0.key : nil } }
    }

    /// Whether it covers a practice a recording may read instead (a step, a daily theme, the
    /// manifesto): listeners hear the control's recording, so they are kept out of it.
    public var coversNarratedTexts: Bool {
        programTexts.contains { path in
            let parts = path.split(separator: ".")
            guard let first = parts.first else { return false }
            return first == "themes" || (first == "stages" && parts.count >= 3 && (parts[2] == "steps" || parts[2] == "template"))
        }
    }

    static let defaultSamplePerVariant = 200
    /// Every combination of running variants is decoded and kept in memory; more would be a
    /// design that no sample could judge anyway.
    static let maximumCombinations = 16
}

/// What an experiment is judged by, from the funnel's events after the user's first exposure.
public enum ExperimentMetric: String, Sendable, CaseIterable, Codable {
    /// The user opened a later stage (or finished one) after seeing the text.
    case nextStep = "next-step"
    case day7 = "day-7"
    case completion
    /// The closing 0–10 answer, compared as NPS (promoters − detractors).
    case nps
}
