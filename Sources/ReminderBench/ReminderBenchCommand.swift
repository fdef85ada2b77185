import Foundation

/// Issue 4's reminder fan-out benchmark (release build), from the repository root:
///   swift run -c release ReminderBench paced [--reminders 1200]
///   swift run -c release ReminderBench unlimited [--reminders 20000] [--claim-only]
/// `--assets PATH` reads the content elsewhere; REMINDER_BENCH_TRACE=1 prints progress.
@main
struct ReminderBenchCommand {
    static func main() async {
        let arguments = Array(CommandLine.arguments.dropFirst())
        func option(_ name: String) -> String? {
            arguments.firstIndex(of: name).flatMap { arguments.indices.contains($0 + 1) ? arguments[$0 + 1] : nil }
        }
        guard let mode = arguments.first, mode == "paced" || mode == "unlimited" else {
            say("usage: ReminderBench paced|unlimited [--reminders N] [--claim-only] [--assets PATH]")
            exit(2)
        }
        let paced = mode == "paced"
        guard let count = Int(option("--reminders") ?? (paced ? "1200" : "20000")), count > 0 else {
            say("--reminders must be a positive whole number")
            exit(2)
        }
        let assets = URL(fileURLWithPath: option("--assets") ?? "assets")
        do {
            var benchmark = ReminderBenchmark(reminders: count, paced: paced, assets: assets)
            benchmark.claimOnly = arguments.contains("--claim-only")
            let result = try await benchmark.run()
            report(result, mode: mode, paced: paced)
        } catch {
            say("benchmark failed: \(error)")
            exit(1)
        }
    }

    static func report(_ result: ReminderBenchmark.Result, mode: String, paced: Bool) {
        let latencies = result.interactiveLatencies.sorted()
        say("mode: \(mode) (\(paced ? "emulator enforces Telegram's flood limits, bot paced at 30 msg/s" : "limits lifted"))")
        say("reminders: \(result.reminders) due at once")
        say(String(format: "claimed (jobs -> outbox): %.2f s", result.claimedIn))
        say(String(format: "delivered: %.2f s (%.1f reminders/s)", result.deliveredIn, result.ratePerSecond))
        say("429 replies: \(result.tooManyRequests)")
        if let worst = latencies.last {
            say(String(format: "interactive replies: %d, median %.0f ms, max %.0f ms", latencies.count,
                       latencies[latencies.count / 2] * 1000, worst * 1000))
        }
    }
}
