import Bot
import Foundation

/// The reminder fan-out benchmark (release build), from the repository root:
///   swift run -c release ReminderBench paced [--reminders 1200]
///   swift run -c release ReminderBench unlimited [--reminders 20000] [--claim-only]
/// `--postgres` keeps the store on a throwaway PostgreSQL cluster (the bot an elected leader).
/// The bot runs in a child process (`ReminderBench bot paced|unlimited`, started by the benchmark),
/// the emulator in the benchmark's; `--in-process` runs both in one process instead.
/// `--assets PATH` reads the content elsewhere; REMINDER_BENCH_TRACE=1 prints progress.
@main
struct ReminderBenchCommand {
    static func main() async {
        let arguments = Array(CommandLine.arguments.dropFirst())
        func option(_ name: String) -> String? {
            arguments.firstIndex(of: name).flatMap { arguments.indices.contains($0 + 1) ? arguments[$0 + 1] : nil }
        }
        if arguments.first == "bot" {
            do {
                try await BenchBotProcess.runBot(paced: arguments.dropFirst().first == "paced")
                exit(0)
            } catch {
                say("bot failed: \(error)")
                exit(1)
            }
        }
        guard let mode = arguments.first, mode == "paced" || mode == "unlimited" else {
            say("usage: ReminderBench paced|unlimited [--reminders N] [--in-process] [--claim-only] [--postgres] [--assets PATH]")
            exit(2)
        }
        let paced = mode == "paced"
        guard let count = Int(option("--reminders") ?? (paced ? "1200" : "20000")), count > 0 else {
            say("--reminders must be a positive whole number")
            exit(2)
        }
        let assets = AssetsLocation.resolve(option: option("--assets"))
        do {
            var benchmark = ReminderBenchmark(reminders: count, paced: paced, assets: assets)
            benchmark.claimOnly = arguments.contains("--claim-only")
            benchmark.postgres = arguments.contains("--postgres")
            benchmark.placement = arguments.contains("--in-process") ? .inProcess : .childProcess
            let result = try await benchmark.run()
            report(result, mode: mode, paced: paced, postgres: benchmark.postgres, placement: benchmark.claimOnly ? .inProcess : benchmark.placement)
        } catch {
            say("benchmark failed: \(error)")
            exit(1)
        }
    }

    static func report(_ result: ReminderBenchmark.Result, mode: String, paced: Bool, postgres: Bool,
                       placement: ReminderBenchmark.Placement) {
        let latencies = result.interactiveLatencies.sorted()
        say("mode: \(mode) (\(paced ? "emulator enforces Telegram's flood limits, bot paced at 30 msg/s" : "limits lifted"))")
        say("store: \(postgres ? "PostgreSQL (throwaway cluster; the bot an elected leader)" : "SQLite")")
        say("bot: \(placement == .childProcess ? "own process (emulator in the benchmark's process)" : "in the benchmark's process, beside the emulator")")
        say("reminders: \(result.reminders) due at once")
        say(String(format: "claimed (jobs -> outbox): %.2f s (%.0f reminders/s enqueued)", result.claimedIn,
                   Double(result.reminders) / max(result.claimedIn, 0.001)))
        say(String(format: "delivered: %.2f s (%.1f reminders/s)", result.deliveredIn, result.ratePerSecond))
        say("429 replies: \(result.tooManyRequests)")
        if let cpu = result.botCPU {
            let whose = placement == .childProcess ? "bot process" : "bot and emulator"
            say(String(format: "CPU (%@): %.2f s, %.0f µs per reminder", whose, cpu, cpu / Double(result.reminders) * 1_000_000))
        }
        if let cpu = result.emulatorCPU {
            say(String(format: "CPU (emulator process): %.2f s, %.0f µs per reminder", cpu, cpu / Double(result.reminders) * 1_000_000))
        }
        if let worst = latencies.last {
            say(String(format: "interactive replies: %d, median %.0f ms, max %.0f ms", latencies.count,
                       latencies[latencies.count / 2] * 1000, worst * 1000))
        }
    }
}
