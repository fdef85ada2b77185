import Foundation
import Testing
@testable import SogretoBench
import TestSupport

let repositoryRoot = Repository.root

/// The `sogreto-bench` executable `swift test` built next to the test bundle, when there is one.
let benchBinary: URL? = {
    let bundleDirectory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    return [bundleDirectory, bundleDirectory.deletingLastPathComponent(), repositoryRoot.appendingPathComponent(".build/debug")]
        .map { $0.appendingPathComponent("sogreto-bench") }
        .first { FileManager.default.isExecutableFile(atPath: $0.path) }
}()

/// The benchmark's code path at a small scale, so it cannot rot between release-mode runs.
/// Latency is not judged here (debug build, shared machine); correctness of the accounting is.
@Suite(.serialized) struct PipelineBenchmarkTests {
    private func options(_ placement: BotPlacement) -> PipelineOptions {
        PipelineOptions(users: 50, rate: 200, seconds: 1, placement: placement,
                        assets: repositoryRoot.appendingPathComponent("assets"), drainTimeout: .seconds(20))
    }

    @Test func everyUpdateGetsExactlyOneReplyThroughTheWholePipeline() async throws {
        // Given 50 users pushing 200 updates at 200/s into the emulator, the bot in this process
        let result = try await PipelineBenchmark(options: options(.inProcess)).run()
        // Then every update was answered once: nothing lost, nothing duplicated, nothing left queued
        #expect(result.ledger.queued == 200)
        #expect(result.ledger.answered == 200)
        #expect(result.ledger.lost == 0)
        #expect(result.ledger.duplicated == 0)
        #expect(result.ledger.failedRequests.isEmpty)
        #expect(result.latency.count == 200)
        #expect(result.pendingOutbox == 0)
        #expect(result.drained)
    }

    @Test(.enabled(if: benchBinary != nil, "needs the sogreto-bench executable that `swift test` builds"))
    func theBotInAChildProcessAnswersEveryUpdateAndExitsCleanly() async throws {
        // Given the bot started as `sogreto-bench bot`, a separate process, as the CLI does it
        let result = try await PipelineBenchmark(options: options(.childProcess(executable: try #require(benchBinary)))).run()
        // Then every update was answered once, its memory was measured apart, and SIGTERM stopped it cleanly
        #expect(result.botIsSeparateProcess)
        #expect(result.ledger.answered == 200)
        #expect(result.ledger.lost == 0)
        #expect(result.ledger.duplicated == 0)
        #expect((result.bots.first?.peakBytes ?? 0) > 0)
        #expect(result.botExitStatus == 0)
        #expect(result.pendingOutbox == 0)
    }

    @Test(.enabled(if: benchBinary != nil && PipelineFleet.postgresAndNginxMissing == nil,
                   "needs the sogreto-bench executable, PostgreSQL's server binaries and nginx (scripts/install-deps)"))
    func twoInstancesOnPostgresBehindNginxAnswerEveryUpdateOnce() async throws {
        // Given two `sogreto-bench bot --webhook` instances on a throwaway cluster behind nginx,
        // the emulator pushing over several connections
        var options = options(.childProcess(executable: try #require(benchBinary)))
        options.instances = 2
        options.postgres = true
        options.webhook = true
        let result = try await PipelineBenchmark(options: options).run()
        // Then every update was answered once, both instances were measured, the server's CPU too,
        // and both stopped cleanly with nothing left in the outbox
        #expect(result.ledger.answered == 200)
        #expect(result.ledger.lost == 0)
        #expect(result.ledger.duplicated == 0)
        #expect(result.bots.count == 2)
        #expect(result.bots.allSatisfy { ($0.peakBytes ?? 0) > 0 })
        #expect((result.serverCPUSeconds ?? 0) > 0)
        #expect(result.botExitStatus == 0)
        #expect(result.pendingOutbox == 0)
    }

    @Test func theTargetsNameEveryMiss() {
        // Given a run where replies went missing or came twice, one was slow, and the bot grew too big
        var ledger = LedgerSnapshot()
        ledger.expected = 10
        ledger.queued = 10
        ledger.answered = 6
        ledger.lost = 3
        ledger.duplicated = 1
        ledger.latencies = Array(repeating: .milliseconds(5), count: 5) + [.milliseconds(900)]
        let result = PipelineResult(
            options: options(.inProcess), ledger: ledger, drained: false,
            bots: [MeasuredProcess(before: nil, after: ProcessStats(residentBytes: 90 << 20, peakResidentBytes: 120 << 20,
                                                                    cpuSeconds: 1), sampledPeakBytes: nil)],
            bench: MeasuredProcess(), botIsSeparateProcess: true, botExitStatus: 0, pendingOutbox: 3,
            loadBefore: "1.00 1.00 1.00", loadAfter: "1.00 1.00 1.00", measuredSeconds: 1)
        // When it is judged against the targets
        let misses = PipelineTargets(throughput: 200, p99: .milliseconds(50), residentBytes: 80 << 20).misses(result)
        // Then each miss is named, and the table says the run failed
        #expect(misses.contains("3 lost replies"))
        #expect(misses.contains("1 duplicated replies"))
        #expect(misses.contains("p99 latency 900.0 ms is above 50.0 ms"))
        #expect(misses.contains("the bot's peak RSS 120.0 MB is above 80.0 MB"))
        #expect(Report.table(result, misses: misses).contains("RESULT: missed"))
    }

    @Test func workloadReachesEveryUserAndRepeatsRunToRun() {
        let workload = Workload(users: 100, total: 400)
        let users = Set((0..<100).map { workload.update(at: $0).user })
        #expect(users.count == 100)
        #expect((0..<400).map { workload.update(at: $0).update } == (0..<400).map { Workload(users: 100, total: 400).update(at: $0).update })
        #expect(Set((0..<400).map { workload.update(at: $0).update }) == Set(BenchUpdate.allCases))
    }

    @Test func percentilesUseNearestRank() {
        let summary = LatencySummary((1...100).map { Duration.milliseconds($0) })
        #expect(summary.p50 == .milliseconds(50))
        #expect(summary.p99 == .milliseconds(99))
        #expect(summary.max == .milliseconds(100))
    }
}
