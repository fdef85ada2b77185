import Foundation
import TestSupport

/// The package's own targets and the targets each depends on, from `swift package dump-package`
/// (SwiftPM's reading of Package.swift, so no hand parsing of Swift). Products of other packages
/// are left out: only this package's targets are nodes.
struct PackageGraph: Sendable {
    struct UnknownTarget: Error, CustomStringConvertible {
        let name: String
        var description: String { "Package.swift declares no target \(name)" }
    }

    struct DumpFailed: Error, CustomStringConvertible {
        let description: String
    }

    let dependencies: [String: Set<String>]
    /// The package's library products: what another package could import.
    let libraries: Set<String>

    init(dependencies: [String: Set<String>], libraries: Set<String> = []) {
        self.dependencies = dependencies
        self.libraries = libraries
    }

    /// Every target `name` depends on, directly or through others (not `name` itself).
    func closure(of name: String) throws(UnknownTarget) -> Set<String> {
        guard dependencies[name] != nil else { throw UnknownTarget(name: name) }
        var seen: Set<String> = []
        var next = [name]
        while let target = next.popLast() {
            for dependency in dependencies[target] ?? []
            where dependencies[dependency] != nil && seen.insert(dependency).inserted {
                next.append(dependency)
            }
        }
        return seen
    }

    /// Runs `swift package dump-package` on the repository. Its scratch folder is a temporary one,
    /// so it never waits for the lock of the `.build` a running `swift test` holds.
    static func load(from root: URL) async throws -> PackageGraph {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent(
            "sogreto-graph-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let output = scratch.appendingPathComponent("package.json"),
            errors = scratch.appendingPathComponent("errors.txt")
        try Data().write(to: output)
        try Data().write(to: errors)
        let swift = try swiftExecutable()
        let child = try ChildProcess(
            swift,
            arguments: [
                "package", "dump-package", "--package-path", root.path,
                "--scratch-path", scratch.appendingPathComponent("build").path,
            ],
            output: try FileHandle(forWritingTo: output), errors: try FileHandle(forWritingTo: errors))
        let status = try await child.wait(timeout: .seconds(300))
        guard status == 0 else {
            let message = (try? String(contentsOf: errors, encoding: .utf8)) ?? ""
            throw DumpFailed(description: "swift package dump-package exited with \(status): \(message)")
        }
        return try decode(Data(contentsOf: output))
    }

    /// Reads the `targets` of dump-package's JSON: a dependency is `{"byName": [name, …]}`,
    /// `{"target": [name, …]}` or `{"product": [name, package, …]}`; and the products, whose
    /// `type` is `{"executable": null}` or `{"library": ["automatic"]}`.
    static func decode(_ json: Data) throws -> PackageGraph {
        struct Manifest: Decodable {
            struct Target: Decodable {
                let name: String
                let dependencies: [[String: [Name?]]]
            }
            struct Product: Decodable {
                let name: String
                let type: [String: [String]?]
            }
            let targets: [Target]
            let products: [Product]
        }
        /// dump-package's arrays mix names with nulls and objects (conditions, module aliases).
        struct Name: Decodable {
            let text: String?
            init(from decoder: any Decoder) throws {
                text = try? decoder.singleValueContainer().decode(String.self)
            }
        }
        let manifest = try JSONDecoder().decode(Manifest.self, from: json)
        var dependencies: [String: Set<String>] = [:]
        for target in manifest.targets {
            dependencies[target.name] = Set(
                target.dependencies.compactMap { dependency in
                    (dependency["byName"] ?? dependency["target"])?.first??.text
                })
        }
        let libraries = manifest.products.filter { $0.type.keys.contains("library") }.map(\.name)
        return PackageGraph(dependencies: dependencies, libraries: Set(libraries))
    }

    private static func swiftExecutable() throws -> URL {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for folder in path.split(separator: ":") {
            let candidate = URL(fileURLWithPath: String(folder)).appendingPathComponent("swift")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        throw DumpFailed(description: "no `swift` on PATH to read Package.swift with")
    }
}
