import Foundation
@testable import Program
import TestSupport

/// Test content: the valid fixture, broken copies of it, and the real assets when present.
enum Fixtures {
    static let packageRoot = Repository.root
    static let root = packageRoot.appendingPathComponent("Tests/ProgramTests/Fixtures")
    static let valid = root.appendingPathComponent("valid")

    static func loadValid() throws -> ProgramCatalog {
        try ProgramCatalog.load(from: valid.appendingPathComponent("programs"), uiStrings: valid.appendingPathComponent("locales"))
    }

    /// The real program content: `assets/programs` of this package, or the folder named by
    /// `SOGRETO_TEST_PROGRAMS` (to test content from another worktree before it is merged).
    static var realPrograms: URL? {
        let environment = ProcessInfo.processInfo.environment["SOGRETO_TEST_PROGRAMS"].map { URL(fileURLWithPath: $0) }
        let candidates = [environment, packageRoot.appendingPathComponent("assets/programs")].compactMap { $0 }
        return candidates.first { FileManager.default.fileExists(atPath: $0.appendingPathComponent("microgreens/program.json").path) }
    }

    static var realLocales: URL { packageRoot.appendingPathComponent("assets/locales") }

    static var hasRealContent: Bool { realPrograms != nil }

    static func loadReal() throws -> ProgramCatalog {
        guard let programs = realPrograms else { throw ContentError(problems: []) }
        return try ProgramCatalog.load(from: programs, uiStrings: realLocales)
    }

    /// A copy of the valid fixture in a temporary folder, with one file changed by `edit`.
    static func broken(_ file: String, _ edit: (String) -> String) throws -> URL {
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("sogreto-fixture-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: valid, to: copy)
        let url = copy.appendingPathComponent(file)
        let text = try String(contentsOf: url, encoding: .utf8)
        let edited = edit(text)
        precondition(edited != text, "the edit must change \(file)")
        try edited.write(to: url, atomically: true, encoding: .utf8)
        return copy
    }

    /// Loads a broken copy and returns its problems (empty if it unexpectedly loads).
    static func problems(_ file: String, _ edit: (String) -> String) throws -> [ContentProblem] {
        try problems(in: try broken(file, edit))
    }

    /// Like `problems(_:_:)`, with the file's bytes edited (for bytes no String can hold).
    static func problems(_ file: String, bytes edit: (inout Data) throws -> Void) throws -> [ContentProblem] {
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("sogreto-fixture-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: valid, to: copy)
        let url = copy.appendingPathComponent(file)
        var data = try Data(contentsOf: url)
        try edit(&data)
        try data.write(to: url)
        return try problems(in: copy)
    }

    /// Like `problems(_:_:)`, with the file extended to `size` bytes (a sparse tail of zeros).
    static func problems(_ file: String, resize size: Int) throws -> [ContentProblem] {
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("sogreto-fixture-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: valid, to: copy)
        let handle = try FileHandle(forWritingTo: copy.appendingPathComponent(file))
        try handle.truncate(atOffset: UInt64(size))
        try handle.close()
        return try problems(in: copy)
    }

    static func problems(in copy: URL) throws -> [ContentProblem] {
        defer { try? FileManager.default.removeItem(at: copy) }
        do {
            _ = try ProgramCatalog.load(from: copy.appendingPathComponent("programs"), uiStrings: copy.appendingPathComponent("locales"))
            return []
        } catch {
            return error.problems
        }
    }
}

extension String {
    /// Replaces exactly one occurrence (fixtures edits must be precise).
    func replacingOnce(_ target: String, with replacement: String) -> String {
        guard let range = range(of: target) else { return self }
        return replacingCharacters(in: range, with: replacement)
    }
}
