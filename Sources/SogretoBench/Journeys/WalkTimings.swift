import Foundation

/// Where a walk's time goes, by phase (starting the bot, the user's action, waiting for the bot
/// to settle, reading the store, checking), for `sogreto-bench journeys --profile`.
struct WalkTimings: Sendable {
    private(set) var phases: [String: Duration] = [:]

    mutating func add(_ phase: String, _ duration: Duration) {
        phases[phase, default: .zero] += duration
    }

    mutating func merge(_ other: WalkTimings) {
        for (phase, duration) in other.phases { add(phase, duration) }
    }

    /// One line per phase, the largest first, with its share of the whole.
    func report(steps: Int) -> String {
        let total = phases.values.reduce(Duration.zero, +)
        let seconds = { (duration: Duration) in Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18 }
        return phases.sorted { $0.value > $1.value }.map { phase, duration in
            String(format: "  %-10@ %8.1f s  %5.1f %%  %6.2f ms a step", phase as NSString, seconds(duration),
                   100 * seconds(duration) / max(seconds(total), 1e-9), 1000 * seconds(duration) / Double(max(steps, 1)))
        }.joined(separator: "\n")
    }
}

extension JourneyWalk {
    /// Runs `body`, adding its wall time to `phase`.
    func timed<T>(_ phase: String, _ body: () async throws -> T) async rethrows -> T {
        let started = ContinuousClock.now
        defer { timings.add(phase, ContinuousClock.now - started) }
        return try await body()
    }
}
