import Foundation

/// The summary table printed at the end of a run.
enum Report {
    static func table(_ result: PipelineResult, misses: [String]) -> String {
        let latency = result.latency
        let ledger = result.ledger
        let options = result.options
        var rows: [(String, String)] = [
            ("load average (1/5/15 min)", "\(result.loadBefore) before, \(result.loadAfter) after"),
            ("bot placement", result.botIsSeparateProcess ? "child process (sogreto-bench bot)" : "in the benchmark's process"),
            ("store / intake", (options.postgres ? "PostgreSQL (throwaway cluster)" : "SQLite")
                + " / " + (options.webhook ? "webhook through nginx, \(options.instances) instance(s)" : "long polling")),
            ("users / updates", "\(options.users) / \(ledger.queued) queued of \(options.totalUpdates)"),
            ("offered rate", String(format: "%.0f updates/s (target %.0f)", result.offeredRate, options.rate)),
            ("throughput", String(format: "%.0f updates/s answered", result.throughput)),
            ("slowest second", result.slowestSecond.map { "\($0) replies" } ?? "n/a (run < 2 s)"),
            ("latency p50 / p90", "\(milliseconds(latency.p50)) / \(milliseconds(latency.p90))"),
            ("latency p99 / max", "\(milliseconds(latency.p99)) / \(milliseconds(latency.max))"),
            ("replies", "\(ledger.answered) answered of \(ledger.expected) expected"),
            ("lost / duplicated", "\(ledger.lost) (\(ledger.chatsWithLoss) users) / \(ledger.duplicated) (\(ledger.chatsWithDuplicates) users)"),
            ("failed bot requests", ledger.failedRequests.isEmpty ? "0"
                : ledger.failedRequests.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")),
            ("outbox pending after stop", result.pendingOutbox.map(String.init) ?? "unknown"),
        ]
        let botLabel = result.botIsSeparateProcess ? "bot" : "bot + emulator"
        for (index, bot) in result.bots.enumerated() {
            let label = result.bots.count > 1 ? "instance \(index + 1)" : botLabel
            rows.append(("\(label) RSS peak / end", memory(bot)))
            rows.append(("\(label) CPU", cpu(bot, over: result)))
        }
        if let server = result.serverCPUSeconds {
            let wall = max(result.measuredSeconds, 0.001)
            rows.append(("PostgreSQL server CPU", String(format: "%.1f s in %.1f s (%.0f%% of one core)", server, wall, 100 * server / wall)))
        }
        if result.botIsSeparateProcess {
            rows.append(("emulator + driver RSS peak / end", memory(result.bench)))
            rows.append(("emulator + driver CPU", cpu(result.bench, over: result)))
            rows.append(("bot exit on SIGTERM", result.botExitStatus.map { "status \($0)" } ?? "killed after 20 s"))
        }
        let width = rows.map(\.0.count).max() ?? 0
        var lines = rows.map { $0.0.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + $0.1 }
        lines.append("")
        lines.append(misses.isEmpty ? "RESULT: all targets met" : "RESULT: missed — " + misses.joined(separator: "; "))
        return lines.joined(separator: "\n")
    }

    static func milliseconds(_ duration: Duration) -> String {
        let ms = Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
        return String(format: "%.1f ms", ms)
    }

    static func seconds(_ duration: Duration) -> String {
        String(format: "%.1f s", Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18)
    }

    static func megabytes(_ bytes: Int) -> String {
        String(format: "%.1f MB", Double(bytes) / 1_048_576)
    }

    private static func memory(_ process: MeasuredProcess) -> String {
        guard let peak = process.peakBytes, let end = process.after?.residentBytes else { return "unknown" }
        return "\(megabytes(peak)) / \(megabytes(end))"
    }

    private static func cpu(_ process: MeasuredProcess, over result: PipelineResult) -> String {
        guard let seconds = process.cpuSeconds else { return "unknown" }
        let wall = max(result.measuredSeconds, 0.001)
        return String(format: "%.1f s in %.1f s (%.0f%% of one core)", seconds, wall, 100 * seconds / wall)
    }
}
