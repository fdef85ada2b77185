import Foundation

/// Feeds a target its corpus and then mutants of it, from a seed, for a number of inputs or a
/// time budget. A crash or hang ends the process with the input saved (see `CrashCapture`); a
/// property violation is returned as a finding with its input saved the same way.
package struct FuzzRunner {
    package struct Outcome: Sendable {
        var target: String
        package var inputs = 0
        package var accepted = 0
        package var refused = 0
        package var seconds = 0.0
        package var slowestSeconds = 0.0
        /// The file holding the input of a property violation, if one was found.
        package var finding: URL?
        package var findingDescription: String?
    }

    package let repository: URL
    package let findingsDirectory: URL
    package var hangLimitSeconds: Double

    package init(repository: URL, findingsDirectory: URL, hangLimitSeconds: Double = 2) {
        self.repository = repository
        self.findingsDirectory = findingsDirectory
        self.hangLimitSeconds = hangLimitSeconds
    }

    package func corpus(of target: FuzzTarget) throws -> [[UInt8]] {
        let folder = repository.appendingPathComponent("Tests/Fuzz/Corpus/\(target.name)")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { !$0.hasPrefix(".") }.sorted()
        return try names.map { [UInt8](try Data(contentsOf: folder.appendingPathComponent($0))) }
    }

    /// Runs until `iterations` inputs were fed or `seconds` passed, whichever comes first.
    package func run(_ target: FuzzTarget, seed: UInt64, iterations: Int = .max, seconds: Double = .infinity) throws -> Outcome {
        let seeds = try corpus(of: target)
        guard !seeds.isEmpty else { throw PropertyViolation(description: "\(target.name) has no corpus") }
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("sogreto-fuzz-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        try FileManager.default.createDirectory(at: findingsDirectory, withIntermediateDirectories: true)
        let findingFile = findingsDirectory.appendingPathComponent("\(target.name)-seed\(seed).bin")
        let feed = try target.prepare(repository, scratch)
        CrashCapture.arm(target: target.name, seed: seed, crashFile: findingFile, hangLimit: hangLimitSeconds)

        var rng = SeededGenerator(seed: seed ^ Self.nameHash(target.name))
        let mutator = Mutator(dictionary: target.dictionary,
                              maxSize: max(target.maxInputBytes, 2 * (seeds.map(\.count).max() ?? 0)))
        var outcome = Outcome(target: target.name)
        let start = CrashCapture.monotonicNanoseconds()
        while outcome.inputs < iterations {
            let elapsed = Double(CrashCapture.monotonicNanoseconds() - start) / 1e9
            if elapsed >= seconds { break }
            let input: [UInt8]
            if outcome.inputs < seeds.count {
                input = seeds[outcome.inputs]
            } else {
                let base = seeds[Int(rng.next() % UInt64(seeds.count))]
                let other = seeds[Int(rng.next() % UInt64(seeds.count))]
                input = mutator.mutate(base, splicing: other, using: &rng)
            }
            let began = CrashCapture.monotonicNanoseconds()
            CrashCapture.begin(input)
            do {
                if try feed(Data(input)) { outcome.accepted += 1 } else { outcome.refused += 1 }
            } catch let violation as PropertyViolation {
                CrashCapture.saveCurrentInput(reason: "\nsogreto-fuzz: a property does not hold")
                CrashCapture.end()
                outcome.inputs += 1
                outcome.finding = findingFile
                outcome.findingDescription = violation.description
                break
            } catch {
                outcome.refused += 1
            }
            CrashCapture.end()
            outcome.inputs += 1
            outcome.slowestSeconds = max(outcome.slowestSeconds, Double(CrashCapture.monotonicNanoseconds() - began) / 1e9)
        }
        outcome.seconds = Double(CrashCapture.monotonicNanoseconds() - start) / 1e9
        return outcome
    }

    /// Feeds one saved input; what `replay` runs to reproduce a finding.
    package func replay(_ target: FuzzTarget, input: Data) throws -> Bool {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("sogreto-fuzz-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        return try target.prepare(repository, scratch)(input)
    }

    /// FNV-1a, so each target draws its own sequence from the same seed.
    static func nameHash(_ name: String) -> UInt64 {
        name.utf8.reduce(0xCBF2_9CE4_8422_2325) { ($0 ^ UInt64($1)) &* 0x100_0000_01B3 }
    }
}
