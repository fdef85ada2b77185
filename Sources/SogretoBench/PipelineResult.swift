import Foundation

/// CPU and memory of one process over the measured run.
struct MeasuredProcess: Sendable {
    var before: ProcessStats?
    var after: ProcessStats?
    var sampledPeakBytes: Int?

    /// The process's high-water mark (VmHWM) since it started, which covers the whole run.
    var peakBytes: Int? { after.map { max($0.peakResidentBytes, sampledPeakBytes ?? 0) } }

    var cpuSeconds: Double? {
        guard let before, let after else { return nil }
        return after.cpuSeconds - before.cpuSeconds
    }
}

/// Percentiles of the update-to-reply latencies (nearest rank).
struct LatencySummary: Sendable {
    var count: Int
    var p50: Duration
    var p90: Duration
    var p99: Duration
    var max: Duration

    init(_ latencies: [Duration]) {
        let sorted = latencies.sorted()
        count = sorted.count
        func rank(_ fraction: Double) -> Duration {
            guard !sorted.isEmpty else { return .zero }
            let index = Int((fraction * Double(sorted.count)).rounded(.up)) - 1
            return sorted[Swift.max(0, Swift.min(sorted.count - 1, index))]
        }
        p50 = rank(0.50)
        p90 = rank(0.90)
        p99 = rank(0.99)
        max = sorted.last ?? .zero
    }
}

/// Everything one run measured, and whether it met the targets (`PipelineTargets`).
struct PipelineResult: Sendable {
    var options: PipelineOptions
    var ledger: LedgerSnapshot
    var drained: Bool
    /// Each bot process (one unless several instances share PostgreSQL).
    var bots: [MeasuredProcess]
    var bench: MeasuredProcess
    var botIsSeparateProcess: Bool
    var botExitStatus: Int32?
    var pendingOutbox: Int?
    var loadBefore: String
    var loadAfter: String
    /// Wall-clock seconds between the CPU readings (sending and draining).
    var measuredSeconds: Double
    /// CPU the PostgreSQL server used over the measured run (nil on SQLite).
    var serverCPUSeconds: Double? = nil
    /// What the server ran, with `--count-statements`.
    var statements: StatementCounts? = nil

    /// The bot with the highest peak RSS (the target holds for each instance).
    var biggestBot: MeasuredProcess? { bots.max { ($0.peakBytes ?? 0) < ($1.peakBytes ?? 0) } }

    var latency: LatencySummary { LatencySummary(ledger.latencies) }

    /// Seconds from the first update queued to the last one queued.
    var sendSeconds: Double { span(ledger.firstQueued, ledger.lastQueued) }

    /// Updates queued per second: what the simulated users achieved.
    var offeredRate: Double { sendSeconds > 0 ? Double(max(ledger.queued - 1, 0)) / sendSeconds : 0 }

    /// Updates answered per second, from the first update queued to the last reply.
    var throughput: Double {
        let seconds = span(ledger.firstQueued, ledger.replyInstants.max())
        return seconds > 0 ? Double(ledger.answered) / seconds : 0
    }

    /// Replies in the slowest whole second while updates were still arriving: "sustained".
    var slowestSecond: Int? {
        guard let first = ledger.firstQueued, sendSeconds >= 2 else { return nil }
        var buckets = [Int](repeating: 0, count: Int(sendSeconds))
        for instant in ledger.replyInstants {
            let index = Int(span(first, instant))
            if index >= 0, index < buckets.count { buckets[index] += 1 }
        }
        return buckets.min()
    }

    private func span(_ from: ContinuousClock.Instant?, _ to: ContinuousClock.Instant?) -> Double {
        guard let from, let to else { return 0 }
        let duration = to - from
        return Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}

/// The bars a run must clear (≥ 1,000 updates/s, p99 ≤ 50 ms, nothing lost or
/// duplicated, RSS ≤ 80 MB).
struct PipelineTargets: Sendable {
    var throughput: Double = 1_000
    var p99: Duration = .milliseconds(50)
    var residentBytes: Int = 80 * 1024 * 1024

    /// One sentence per missed target; empty when the run passed.
    func misses(_ result: PipelineResult) -> [String] {
        var misses: [String] = []
        if result.throughput < throughput * 0.99 || (result.slowestSecond.map { Double($0) < throughput * 0.95 } ?? false) {
            let slowest = result.slowestSecond.map { ", slowest second \($0)" } ?? ""
            misses.append("throughput \(Int(result.throughput))/s\(slowest) is below \(Int(throughput))/s")
        }
        if result.latency.p99 > p99 {
            misses.append("p99 latency \(Report.milliseconds(result.latency.p99)) is above \(Report.milliseconds(p99))")
        }
        if result.ledger.lost > 0 { misses.append("\(result.ledger.lost) lost replies") }
        if result.ledger.duplicated > 0 { misses.append("\(result.ledger.duplicated) duplicated replies") }
        if let peak = result.biggestBot?.peakBytes, peak > residentBytes {
            misses.append("\(result.bots.count > 1 ? "an instance's" : "the bot's") peak RSS \(Report.megabytes(peak)) is above \(Report.megabytes(residentBytes))")
        }
        if result.botIsSeparateProcess, result.botExitStatus != 0 {
            misses.append("the bot did not exit 0 on SIGTERM (status \(result.botExitStatus.map(String.init) ?? "killed"))")
        }
        return misses
    }
}
