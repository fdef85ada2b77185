import Foundation

/// Many walks, a few at a time, each with its own bot and clock.
struct JourneyWalks {
    var seeds: [UInt64]
    var steps: Int
    var assets: URL
    var parallel = 1
    var progress: @Sendable (WalkResult) -> Void = { _ in }

    /// The seed to replay, when `SOGRETO_WALK_SEED` is set (decimal or 0x… hex).
    static var replaySeed: UInt64? {
        ProcessInfo.processInfo.environment["SOGRETO_WALK_SEED"].flatMap(parseSeed)
    }

    static func parseSeed(_ text: String) -> UInt64? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.lowercased().hasPrefix("0x") { return UInt64(trimmed.dropFirst(2), radix: 16) }
        return UInt64(trimmed)
    }

    func run() async throws -> [WalkResult] {
        var results: [WalkResult] = []
        var pending = seeds[...]
        try await withThrowingTaskGroup(of: WalkResult.self) { group in
            for _ in 0..<max(1, parallel) {
                guard let seed = pending.popFirst() else { break }
                group.addTask { try await JourneyWalk(seed: seed, steps: steps, assets: assets).run() }
            }
            while let result = try await group.next() {
                results.append(result)
                progress(result)
                if let seed = pending.popFirst() {
                    group.addTask { try await JourneyWalk(seed: seed, steps: steps, assets: assets).run() }
                }
            }
        }
        return results.sorted { $0.seed < $1.seed }
    }

    /// A failing walk in a few lines: the seed to replay it with, what broke, the last actions.
    static func describe(_ result: WalkResult, traceLines: Int = 12) -> String {
        var lines = ["walk seed \(result.seed) (\(result.language), \(result.kit), \(result.steps) steps, ended \(result.reached)): "
            + "\(result.findings.count) finding(s); replay: SOGRETO_WALK_SEED=\(result.seed)"]
        lines += result.findings.prefix(8).map { "  " + $0.description }
        // A replay (long trace) shows the actions up to the last finding, a summary up to the first.
        if let first = traceLines > 1_000 ? result.findings.last : result.findings.first {
            let upTo = result.trace.prefix { !$0.hasPrefix("\(first.step + 1):") }
            lines.append("  actions up to the \(traceLines > 1_000 ? "last" : "first") finding:")
            lines += upTo.suffix(traceLines).map { "    " + $0 }
        }
        return lines.joined(separator: "\n")
    }
}
