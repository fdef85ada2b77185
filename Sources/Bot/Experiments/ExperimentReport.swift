import Foundation
import Program

/// One experiment's figures for the admin doors: per variant the exposed users and the metric,
/// each variant against the control with its 95 % interval, and a verdict that stays "not
/// enough data" until every variant reached the planned sample (no peeking).
public struct ExperimentReport: Sendable, Equatable, Codable {
    public enum Status: String, Sendable, Codable {
        case draft, running, stopped, adopted
    }

    public enum Verdict: String, Sendable, Codable {
        case notEnoughData = "not-enough-data", significant, notSignificant = "not-significant"
    }

    public struct VariantFigures: Sendable, Equatable, Codable {
        public var id: String
        public var weight: Int
        public var exposed: Int
        /// Users who converted (rate metrics) or answered the closing question (NPS).
        public var conversions: Int
        /// Conversion rate 0…1, or NPS −100…100.
        public var value: Double
    }

    public struct Comparison: Sendable, Equatable, Codable {
        public var variant: String
        public var difference: Double
        public var low: Double
        public var high: Double
        /// The two-proportion test's p (nil for NPS, judged by its bootstrap interval).
        public var pValue: Double?
        public var significant: Bool
        /// Per variant, to detect a difference of the observed size at 80 % power (nil: no difference).
        public var neededPerVariant: Int?
        /// How many more users that is than the smaller of the two groups has now.
        public var stillNeeded: Int?
    }

    public var id: String
    public var programID: String
    public var metric: ExperimentMetric
    public var status: Status
    public var adoptedVariant: String?
    public var samplePerVariant: Int
    public var control: String
    public var variants: [VariantFigures]
    public var comparisons: [Comparison]
    public var verdict: Verdict
    /// The best variant when the verdict is significant.
    public var leader: String?

    init(experiment: Experiment, decision: ExperimentDecision?, exposed: [ExposedUser]) {
        id = experiment.id
        programID = experiment.programID
        metric = experiment.metric
        status = decision.map { Status(rawValue: $0.status.rawValue) ?? .draft } ?? .draft
        adoptedVariant = decision?.status == .adopted ? decision?.variant : nil
        samplePerVariant = experiment.samplePerVariant
        control = experiment.control
        let groups = Dictionary(grouping: exposed, by: \.variant)
        variants = experiment.variants.map { variant in
            Self.figures(variant, users: groups[variant.id] ?? [], metric: experiment.metric)
        }
        let base = groups[experiment.control] ?? []
        comparisons = experiment.variants.dropFirst().compactMap { variant in
            Self.compare(base, groups[variant.id] ?? [], variant: variant.id, metric: experiment.metric)
        }
        let sampled = variants.allSatisfy { (experiment.metric == .nps ? $0.conversions : $0.exposed) >= experiment.samplePerVariant }
        if !sampled || comparisons.count != experiment.variants.count - 1 {
            verdict = .notEnoughData
        } else if comparisons.contains(where: \.significant) {
            verdict = .significant
            leader = variants.max { $0.value < $1.value }?.id
        } else {
            verdict = .notSignificant
        }
    }

    static func converted(_ user: ExposedUser, _ metric: ExperimentMetric) -> Bool {
        switch metric {
        case .nextStep: return user.reachedNextStep
        case .day7: return user.reachedDay7
        case .completion: return user.completed
        case .nps: return user.nps != nil
        }
    }

    private static func figures(_ variant: Experiment.Variant, users: [ExposedUser], metric: ExperimentMetric) -> VariantFigures {
        let conversions = users.filter { converted($0, metric) }.count
        let value: Double
        if metric == .nps {
            value = NPSBootstrap.score(users.compactMap(\.nps))
        } else {
            value = users.isEmpty ? 0 : Double(conversions) / Double(users.count)
        }
        return VariantFigures(id: variant.id, weight: variant.weight, exposed: users.count, conversions: conversions, value: value)
    }

    private static func compare(_ control: [ExposedUser], _ variant: [ExposedUser], variant id: String,
                                metric: ExperimentMetric) -> Comparison? {
        if metric == .nps {
            let a = control.compactMap(\.nps), b = variant.compactMap(\.nps)
            guard let bootstrap = NPSBootstrap(control: a, variant: b) else { return nil }
            let needed = NPSBootstrap.sampleSize(control: a, variant: b)
            return Comparison(variant: id, difference: bootstrap.difference, low: bootstrap.low, high: bootstrap.high, pValue: nil,
                              significant: bootstrap.isSignificant, neededPerVariant: needed,
                              stillNeeded: needed.map { max(0, $0 - min(a.count, b.count)) })
        }
        let x1 = control.filter { converted($0, metric) }.count, x2 = variant.filter { converted($0, metric) }.count
        guard let test = TwoProportionTest(controlConversions: x1, controlSize: control.count,
                                           variantConversions: x2, variantSize: variant.count) else { return nil }
        let needed = TwoProportionTest.sampleSize(test.control, test.variant)
        return Comparison(variant: id, difference: test.difference, low: test.low, high: test.high, pValue: test.pValue,
                          significant: test.isSignificant, neededPerVariant: needed,
                          stillNeeded: needed.map { max(0, $0 - min(control.count, variant.count)) })
    }
}

extension ExperimentStore {
    /// Reports for the given experiments as the store stands now.
    public func experimentReports(_ experiments: [Experiment]) async throws -> [ExperimentReport] {
        let decisions = Dictionary(try await experimentDecisions().map { ($0.experimentID, $0) }, uniquingKeysWith: { _, last in last })
        var reports: [ExperimentReport] = []
        for experiment in experiments {
            reports.append(ExperimentReport(experiment: experiment, decision: decisions[experiment.id],
                                            exposed: try await exposedUsers(experimentID: experiment.id)))
        }
        return reports
    }
}
