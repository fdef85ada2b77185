import Foundation
import TestSupport

/// Debian's `chromium`, run headless against the sandbox's page. The browser checks are skipped,
/// with `missing` as the reason, when it is not installed (`scripts/install-deps` installs it).
enum Chromium {
    /// `$CHROMIUM` when set (set it to an empty value to skip the browser checks), else Debian's.
    static let path: String? = {
        let candidates = ProcessInfo.processInfo.environment["CHROMIUM"].map { [$0] }
            ?? ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
        return candidates.first { !$0.isEmpty && FileManager.default.isExecutableFile(atPath: $0) }
    }()

    /// A phone's viewport (iPhone 12–15).
    static let phoneWindow = "--window-size=390,844"

    static func arguments(profile: URL, extra: [String]) -> [String] {
        // --no-sandbox: CI runs as root in a container, where Chromium's own sandbox cannot start.
        ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
         "--hide-scrollbars", "--mute-audio", "--user-data-dir=\(profile.path)", phoneWindow] + extra
    }

    /// Why the browser checks are skipped, shown by `swift test` when Chromium is missing.
    static let missing = "Chromium is not installed, so the web chat's browser checks are skipped: run scripts/install-deps (Debian's chromium) or set CHROMIUM to a Chromium binary"

    /// Opens `url` and keeps the browser running until it is stopped.
    static func open(_ url: URL, profile: URL) throws -> ChildProcess {
        try ChildProcess(executable(), arguments: arguments(profile: profile, extra: [url.absoluteString]))
    }

    /// Runs a one-shot command (--screenshot, --dump-dom) and returns its standard output.
    /// The output goes to a file and the exit is awaited without holding a thread (see `ChildProcess`).
    static func run(_ url: URL, profile: URL, extra: [String], timeout: Duration = .seconds(60)) async throws -> Data {
        let outputFile = FileManager.default.temporaryDirectory.appendingPathComponent("chromium-\(UUID().uuidString).out")
        guard FileManager.default.createFile(atPath: outputFile.path, contents: nil) else {
            throw SandboxTestFailure("Cannot create \(outputFile.path).")
        }
        defer { try? FileManager.default.removeItem(at: outputFile) }
        let output = try FileHandle(forWritingTo: outputFile)
        defer { try? output.close() }
        let browser = try ChildProcess(executable(), arguments: arguments(profile: profile, extra: extra + [url.absoluteString]),
                                       output: output)
        let status = try await browser.wait(timeout: timeout)
        guard status == 0 else { throw SandboxTestFailure("Chromium exited with status \(status) for \(url).") }
        return try Data(contentsOf: outputFile)
    }

    private static func executable() throws -> String {
        guard let path else { throw SandboxTestFailure(missing) }
        return path
    }

    /// Where screenshots go: $SOGRETO_SCREENSHOT_DIR, or a temporary folder.
    static func screenshotDirectory() throws -> URL {
        let directory = ProcessInfo.processInfo.environment["SOGRETO_SCREENSHOT_DIR"].map { URL(fileURLWithPath: $0) }
            ?? FileManager.default.temporaryDirectory.appendingPathComponent("sogreto-sandbox-screenshots")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }
}
