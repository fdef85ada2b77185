import Foundation

/// The `sogreto` executable `swift build` put next to the test bundle (or in .build/debug when
/// tests run from elsewhere): tests that crash, restart or run several instances start it as an
/// operator would.
public let sogretoBinary: URL = {
    let bundleDirectory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    let candidates = [bundleDirectory, bundleDirectory.deletingLastPathComponent(),
                      checkout.appendingPathComponent(".build/debug")]
    return candidates.map { $0.appendingPathComponent("sogreto") }
        .first { FileManager.default.isExecutableFile(atPath: $0.path) }
        ?? checkout.appendingPathComponent(".build/debug/sogreto")
}()

private let checkout = Repository.root
