import Foundation
import Program
import Testing
@testable import Bot

/// Assignment is a pure function of (user, experiment): stable, weighted, independent.
@Suite struct VariantAssignmentTests {
    static func experiment(_ id: String, weights: [(String, Int)] = [("a", 1), ("b", 1)]) -> Experiment {
        Experiment(id: id, programID: "microgreens", texts: ["stages.sprouts.unlock"],
                   variants: weights.map { Experiment.Variant(id: $0.0, weight: $0.1) }, metric: .nextStep, samplePerVariant: 100)
    }

    @Test func aUserKeepsTheirVariantAndTheHashDoesNotDependOnTheProcess() {
        let experiment = Self.experiment("day2-reminder")
        for user in Int64(1)...200 {
            #expect(VariantAssignment.variant(of: user, in: experiment) == VariantAssignment.variant(of: user, in: experiment))
        }
        // Swift's `Hasher` is seeded per process, so a variant taken from it would change with a
        // restart: the bucket must equal this process-independent hash, written out again here.
        for (user, id) in [(Int64(1), "x"), (42, "day2-reminder"), (-7, "a"), (Int64.max, "long-experiment-id")] {
            #expect(VariantAssignment.bucket(of: user, experimentID: id) == Self.reference(user, id))
        }
        #expect(VariantAssignment.bucket(of: 42, experimentID: "day2-reminder") == 0xbcc37a00c4dbdd7b) // computed outside Swift
    }

    /// The same hash written independently (FNV-1a 64, SplitMix64 finish), as a second opinion.
    static func reference(_ user: Int64, _ experiment: String) -> UInt64 {
        var h: UInt64 = 14_695_981_039_346_656_037
        for byte in Array("\(experiment):\(user)".utf8) { h = (h ^ UInt64(byte)) &* 1_099_511_628_211 }
        h = (h ^ (h >> 30)) &* 13_787_848_793_156_543_929
        h = (h ^ (h >> 27)) &* 10_723_151_780_598_845_931
        return h ^ (h >> 31)
    }

    @Test func variantsGetTheirWeightsShareWithinOnePercent() {
        let experiment = Self.experiment("weighted", weights: [("a", 1), ("b", 3)])
        let users = 40_000
        let b = (1...users).filter { VariantAssignment.variant(of: Int64(100_000 + $0), in: experiment) == "b" }.count
        #expect(abs(Double(b) / Double(users) - 0.75) < 0.01, "b got \(b) of \(users)")
        let three = Self.experiment("three", weights: [("a", 2), ("b", 1), ("c", 1)])
        var counts: [String: Int] = [:]
        for user in 1...users { counts[VariantAssignment.variant(of: Int64(user), in: three), default: 0] += 1 }
        #expect(abs(Double(counts["a"] ?? 0) / Double(users) - 0.5) < 0.01)
        #expect(abs(Double(counts["c"] ?? 0) / Double(users) - 0.25) < 0.01)
    }

    @Test func twoExperimentsAssignIndependently() {
        let first = Self.experiment("first"), second = Self.experiment("second")
        var cells: [String: Int] = [:]
        let users = 40_000
        for user in 1...users {
            let id = Int64(7_000_000 + user)
            cells[VariantAssignment.variant(of: id, in: first) + VariantAssignment.variant(of: id, in: second), default: 0] += 1
        }
        for cell in ["aa", "ab", "ba", "bb"] {
            #expect(abs(Double(cells[cell] ?? 0) / Double(users) - 0.25) < 0.01, "\(cell): \(cells[cell] ?? 0)")
        }
    }

    @Test func theBoardShowsRunningAdoptedStoppedAndPreviewedVariants() {
        let running = Self.experiment("running"), adopted = Self.experiment("adopted"), stopped = Self.experiment("stopped")
        let idle = Self.experiment("idle")
        let at = Date(timeIntervalSince1970: 1_790_000_000)
        let admin: Int64 = 900
        let board = ExperimentBoard(experiments: [running, adopted, stopped, idle], decisions: [
            ExperimentDecision(experimentID: "running", status: .running, changedAt: at),
            ExperimentDecision(experimentID: "adopted", status: .adopted, variant: "b", changedAt: at),
            ExperimentDecision(experimentID: "stopped", status: .stopped, changedAt: at),
        ], overrides: [
            ExperimentOverride(userID: admin, experimentID: "running", variant: "b"),
            ExperimentOverride(userID: admin, experimentID: "idle", variant: "b"),
            ExperimentOverride(userID: 5, experimentID: "running", variant: "b"), // not an admin: ignored
        ], adminIDs: [admin])
        for user in Int64(1)...50 {
            let view = board.view(of: user)
            let assigned = VariantAssignment.variant(of: user, in: running)
            #expect(view.selection.variants == ["running": assigned, "adopted": "b"])
            #expect(view.assigned == ["running": assigned])
        }
        let preview = board.view(of: admin)
        #expect(preview.selection.variants == ["running": "b", "adopted": "b", "idle": "b"])
        #expect(preview.assigned.isEmpty, "an admin's preview records no exposure")
        #expect(!board.isIdle)
        let allStopped = ExperimentBoard(experiments: [running], decisions: [ExperimentDecision(experimentID: "running", status: .stopped, changedAt: at)],
                                         overrides: [], adminIDs: [])
        #expect(allStopped.isIdle && allStopped.view(of: 1).selection.variants.isEmpty)
    }
}
