import Foundation
import Fuzzing

/// `sogreto-fuzz run [--seconds N] [--iterations N] [--seed S] [--findings DIR] [target…]`,
/// `sogreto-fuzz replay TARGET FILE`, `sogreto-fuzz list`. Run from the repository root.
let usage = """
    usage: sogreto-fuzz run [--seconds N] [--iterations N] [--seed S] [--findings DIR] [target...]
           sogreto-fuzz replay TARGET FILE
           sogreto-fuzz list
    """

/// Unbuffered, so each target's line shows as it finishes, also in a log file.
func say(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data((message + "\n").utf8))
    exit(2)
}

var arguments = Array(CommandLine.arguments.dropFirst())
let command = arguments.isEmpty ? "run" : arguments.removeFirst()
let repository = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)

switch command {
case "list":
    for target in FuzzTargets.all { say("\(target.name)\t\(target.summary)") }
case "replay":
    guard arguments.count == 2, let target = FuzzTargets.named(arguments[0]) else { fail(usage) }
    guard let input = FileManager.default.contents(atPath: arguments[1]) else { fail("cannot read \(arguments[1])") }
    let runner = FuzzRunner(repository: repository, findingsDirectory: repository.appendingPathComponent(".fuzz-findings"))
    do {
        say(try runner.replay(target, input: input) ? "accepted" : "refused")
    } catch {
        say("refused: \(error)")
    }
case "run":
    var seconds = 60.0, iterations = Int.max, seed = UInt64(Date().timeIntervalSince1970)
    var findings = repository.appendingPathComponent(".fuzz-findings")
    var names: [String] = []
    while !arguments.isEmpty {
        let argument = arguments.removeFirst()
        func value() -> String {
            guard !arguments.isEmpty else { fail(usage) }
            return arguments.removeFirst()
        }
        switch argument {
        case "--seconds": seconds = Double(value()) ?? seconds
        case "--iterations": iterations = Int(value()) ?? iterations
        case "--seed": seed = UInt64(value()) ?? seed
        case "--findings": findings = URL(fileURLWithPath: value())
        default: names.append(argument)
        }
    }
    let targets = names.isEmpty ? FuzzTargets.all : names.map { name -> FuzzTarget in
        guard let target = FuzzTargets.named(name) else { fail("no target \(name)\n\(usage)") }
        return target
    }
    let runner = FuzzRunner(repository: repository, findingsDirectory: findings)
    say("seed \(seed); up to \(seconds) s per target")
    var found = false
    for target in targets {
        do {
            let outcome = try runner.run(target, seed: seed, iterations: iterations, seconds: seconds)
            let name = target.name.padding(toLength: 17, withPad: " ", startingAt: 0)
            let line = name + String(format: "%9d inputs in %5.1f s (%d accepted, %d refused), slowest input %.3f s",
                              outcome.inputs, outcome.seconds, outcome.accepted, outcome.refused,
                              outcome.slowestSeconds)
            say(line)
            if let finding = outcome.finding {
                found = true
                say("  FINDING: \(outcome.findingDescription ?? ""); input saved in \(finding.path)")
                say("  replay: sogreto-fuzz replay \(target.name) \(finding.path)")
            }
        } catch {
            fail("\(target.name): \(error)")
        }
    }
    exit(found ? 1 : 0)
default:
    fail(usage)
}
