import Foundation
import Program
import Testing
@testable import Bot

/// The statistics against known values.
@Suite struct ExperimentStatisticsTests {
    /// Montgomery & Runger, "Applied Statistics and Probability for Engineers", the St. John's
    /// Wort example: 27 of 100 vs 19 of 100 respond; pooled p̂ = 0.23, z₀ = 1.34, not significant
    /// at α = 0.05 (P ≈ 0.18).
    @Test func theTextbookTwoProportionExample() throws {
        let test = try #require(TwoProportionTest(controlConversions: 19, controlSize: 100, variantConversions: 27, variantSize: 100))
        #expect(abs(test.z - 1.344) < 0.001)
        #expect(abs(test.pValue - 0.1789) < 0.0005)
        #expect(!test.isSignificant)
        #expect(abs(test.difference - 0.08) < 1e-12)
        // 0.08 ± 1.96 · √(0.19·0.81/100 + 0.27·0.73/100)
        #expect(abs(test.low - -0.03612) < 0.0001 && abs(test.high - 0.19612) < 0.0001)
    }

    @Test func aLargeDifferenceIsSignificant() throws {
        let test = try #require(TwoProportionTest(controlConversions: 40, controlSize: 100, variantConversions: 70, variantSize: 100))
        #expect(test.isSignificant && test.low > 0)
        #expect(abs(test.z - 4.2640) < 0.001) // 0.3 / √(0.55·0.45·0.02)
    }

    @Test func sampleSizeAtEightyPercentPowerMatchesTheFormulaBooksTabulate() {
        // 10 % vs 15 %: 686 per group (Fleiss, without continuity correction).
        #expect(TwoProportionTest.sampleSize(0.10, 0.15) == 686)
        #expect(TwoProportionTest.sampleSize(0.19, 0.27) == 434)
        #expect(TwoProportionTest.sampleSize(0.3, 0.3) == nil)
        // A difference of one user in a million each: capped, not an `Int` overflow (a trap)
        #expect(TwoProportionTest.sampleSize(0.5, 0.5 + 1e-12) == 1_000_000_000)
        #expect(TwoProportionTest(controlConversions: 500_000, controlSize: 1_000_000, variantConversions: 500_001,
                                  variantSize: 1_000_000).map { TwoProportionTest.sampleSize($0.control, $0.variant) } == 1_000_000_000)
    }

    @Test func degenerateInputsGiveNoTestAndNoCrash() {
        #expect(TwoProportionTest(controlConversions: 0, controlSize: 0, variantConversions: 0, variantSize: 10) == nil)
        #expect(TwoProportionTest(controlConversions: 5, controlSize: 3, variantConversions: 0, variantSize: 10) == nil)
        let same = TwoProportionTest(controlConversions: 10, controlSize: 10, variantConversions: 10, variantSize: 10)
        #expect(same?.pValue == 1 && same?.isSignificant == false)
    }

    @Test func theNPSBootstrapIsSeededAndAgreesWithTheNormalInterval() throws {
        // 200 answers each: control 30 % promoters, 40 % detractors (NPS −10); variant 50 % and 20 % (NPS +30).
        let control = Array(repeating: 10, count: 60) + Array(repeating: 8, count: 60) + Array(repeating: 3, count: 80)
        let variant = Array(repeating: 9, count: 100) + Array(repeating: 7, count: 60) + Array(repeating: 5, count: 40)
        let first = try #require(NPSBootstrap(control: control, variant: variant))
        let again = try #require(NPSBootstrap(control: control, variant: variant))
        #expect(first == again, "the same seed gives the same interval")
        #expect(first.control == -10 && first.variant == 30 && first.difference == 40)
        // Normal interval: 40 ± 1.96 · 100 · √(v₁/200 + v₂/200), v = (P + D) − (P − D)²: v₁ = 0.69, v₂ = 0.61.
        let half = 1.959964 * 100 * (0.69 / 200 + 0.61 / 200).squareRoot()
        #expect(abs(first.low - (40 - half)) < 3 && abs(first.high - (40 + half)) < 3, "\(first.low)…\(first.high) vs ±\(half)")
        #expect(first.isSignificant)
        let other = try #require(NPSBootstrap(control: control, variant: variant, seed: 7))
        #expect(other.low != first.low || other.high != first.high, "another seed resamples differently")
        #expect(NPSBootstrap.sampleSize(control: control, variant: variant) == Int((7.848879 * (0.69 + 0.61) / 0.16).rounded(.up)))
    }

    @Test func equalNPSGroupsAreNotSignificant() throws {
        let answers = Array(repeating: 10, count: 40) + Array(repeating: 7, count: 30) + Array(repeating: 2, count: 30)
        let result = try #require(NPSBootstrap(control: answers, variant: answers))
        #expect(result.difference == 0 && !result.isSignificant)
        #expect(NPSBootstrap.sampleSize(control: answers, variant: answers) == nil)
    }

    @Test func theReportSaysNotEnoughDataUntilThePlannedSample() {
        let experiment = Experiment(id: "day2", programID: "microgreens", texts: ["stages.sprouts.unlock"],
                                    variants: [.init(id: "a", weight: 1), .init(id: "b", weight: 1)], metric: .nextStep,
                                    samplePerVariant: 100)
        let at = Date(timeIntervalSince1970: 1_790_000_000)
        func users(_ variant: String, _ count: Int, converted: Int, from: Int64) -> [ExposedUser] {
            (0..<count).map { ExposedUser(userID: from + Int64($0), variant: variant, firstExposedAt: at, reachedNextStep: $0 < converted) }
        }
        let early = ExperimentReport(experiment: experiment, decision: ExperimentDecision(experimentID: "day2", status: .running, changedAt: at),
                                     exposed: users("a", 60, converted: 20, from: 1) + users("b", 60, converted: 45, from: 1000))
        #expect(early.verdict == .notEnoughData && early.leader == nil)
        #expect(early.comparisons.first?.significant == true, "the figures are shown, the verdict waits")
        let enough = ExperimentReport(experiment: experiment, decision: nil,
                                      exposed: users("a", 100, converted: 40, from: 1) + users("b", 100, converted: 70, from: 1000))
        #expect(enough.status == .draft && enough.verdict == .significant && enough.leader == "b")
        #expect(enough.variants.map(\.exposed) == [100, 100] && enough.variants.map(\.conversions) == [40, 70])
        let needed = enough.comparisons.first?.neededPerVariant
        #expect(needed == TwoProportionTest.sampleSize(0.4, 0.7) && enough.comparisons.first?.stillNeeded == 0)
        let equal = ExperimentReport(experiment: experiment, decision: nil,
                                     exposed: users("a", 100, converted: 40, from: 1) + users("b", 100, converted: 42, from: 1000))
        #expect(equal.verdict == .notSignificant && equal.leader == nil)
        #expect((equal.comparisons.first?.stillNeeded ?? 0) > 1000)
    }
}
