import Foundation

/// Debian's `chromium`, run headless against the sandbox's page. The browser checks skip when it
/// is missing (`apt-get install chromium`).
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

    /// Opens `url` and keeps the browser running until `stop` is called.
    static func open(_ url: URL, profile: URL) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path ?? "/usr/bin/chromium")
        process.arguments = arguments(profile: profile, extra: [url.absoluteString])
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// Runs a one-shot command (--screenshot, --dump-dom) and returns its standard output.
    /// The output goes to a file, not a pipe: a blocking pipe read would hold one of the few
    /// cooperative threads the sandbox's own handlers need to answer the browser.
    static func run(_ url: URL, profile: URL, extra: [String], timeout: Duration = .seconds(60)) async throws -> Data {
        let outputFile = FileManager.default.temporaryDirectory.appendingPathComponent("chromium-\(UUID().uuidString).out")
        guard FileManager.default.createFile(atPath: outputFile.path, contents: nil) else {
            throw SandboxTestFailure("Cannot create \(outputFile.path).")
        }
        defer { try? FileManager.default.removeItem(at: outputFile) }
        let output = try FileHandle(forWritingTo: outputFile)
        defer { try? output.close() }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path ?? "/usr/bin/chromium")
        process.arguments = arguments(profile: profile, extra: extra + [url.absoluteString])
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = ContinuousClock.now.advanced(by: timeout)
        while process.isRunning {
            if ContinuousClock.now > deadline {
                process.terminate()
                throw SandboxTestFailure("Chromium did not finish within \(timeout).")
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        return try Data(contentsOf: outputFile)
    }

    /// Where screenshots go: $SOGRETO_SCREENSHOT_DIR, or a temporary folder.
    static func screenshotDirectory() throws -> URL {
        let directory = ProcessInfo.processInfo.environment["SOGRETO_SCREENSHOT_DIR"].map { URL(fileURLWithPath: $0) }
            ?? FileManager.default.temporaryDirectory.appendingPathComponent("sogreto-sandbox-screenshots")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }
}
