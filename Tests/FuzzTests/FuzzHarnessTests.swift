import Foundation
import Fuzzing
import Testing
import TestSupport

/// Keeps the fuzz harness working: every target runs its corpus and 150 mutants from a
/// fixed seed without a crash, a hang or a property violation. The long runs are `scripts/fuzz`.
@Suite("Fuzz harness", .serialized)
struct FuzzHarnessTests {
    static let repository = Repository.root

    @Test("each target feeds its corpus and 150 mutants to the real parser", arguments: FuzzTargets.all.map(\.name))
    func targetRuns(name: String) throws {
        let target = try #require(FuzzTargets.named(name))
        let findings = FileManager.default.temporaryDirectory.appendingPathComponent("fuzz-findings-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: findings) }
        let runner = FuzzRunner(repository: Self.repository, findingsDirectory: findings, hangLimitSeconds: 20)
        let seeds = try runner.corpus(of: target)
        let outcome = try runner.run(target, seed: 17, iterations: seeds.count + 150)
        #expect(outcome.inputs == seeds.count + 150)
        #expect(outcome.finding == nil, "\(outcome.findingDescription ?? "")")
        // The corpus is valid input, so the parser accepts at least the seeds; mutants are mostly refused.
        #expect(outcome.accepted >= 1)
        #expect(outcome.refused >= 1)
    }

    @Test("the same seed draws the same mutants")
    func seedReplays() {
        var first = SeededGenerator(seed: 42), second = SeededGenerator(seed: 42)
        #expect((0..<8).map { _ in first.next() } == (0..<8).map { _ in second.next() })
    }
}
