import Foundation
import Testing
@testable import Sandbox

@Suite("The web chat in headless Chromium: send, press, upload, time travel",
       .serialized,
       .enabled(if: Chromium.path != nil,
                "chromium is not installed (apt-get install chromium); the browser check of the web chat is skipped"))
struct SandboxBrowserTests {
    @Test func theScriptedScenarioPassesInARealBrowser() async throws {
        try await withSandbox { sandbox, client in
            let profile = FileManager.default.temporaryDirectory.appendingPathComponent("sogreto-chromium-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: profile) }

            // When a headless browser opens the page in scenario mode (it sends /start, presses the
            // first button, uploads a photo drawn on a canvas and moves the clock a day ahead)
            let browser = try Chromium.open(sandbox.url.appending(queryItems: [.init(name: "scenario", value: "smoke")]),
                                            profile: profile)
            defer { if browser.isRunning { browser.terminate() } }
            let report = try await waitForReport(client)
            browser.terminate()
            browser.waitUntilExit()

            // Then every step passed, as the page saw it
            let steps = report["steps"] as? [[String: Any]] ?? []
            let failed = steps.filter { $0["ok"] as? Bool != true }
                .map { "\($0["name"] ?? "?"): \($0["detail"] ?? "")" }
            #expect(failed.isEmpty, "failed steps: \(failed)")
            #expect(steps.compactMap { $0["name"] as? String } == [
                "create user", "send /start", "press a button", "upload a photo", "advance the clock by a day"])
            #expect(report["passed"] as? Bool == true)

            // And the DOM it reported shows the chat as a person would see it
            let dom = try #require(report["dom"] as? String)
            #expect(dom.contains("data-scenario=\"passed\""))
            #expect(dom.contains("class=\"row out\"") && dom.contains("class=\"row in"))
            #expect(dom.contains("data-kind=\"photo\""))
            #expect(dom.contains("class=\"key\"") || dom.contains("class=\"key "))

            // And the emulator and the bot saw the same things
            let user = try #require(try await client.get("/api/state").json?["users"] as? [[String: Any]]).last
            let chatID = try #require(user?["id"] as? Int64)
            let transcript = await sandbox.emulator.transcript(in: chatID)
            #expect(transcript.first?.text == "/start")
            #expect(transcript.contains { !$0.isFromBot && $0.kind == .photo })
            #expect(sandbox.clock.offset >= 86_400)

            // And a phone-sized screenshot and a DOM dump of that chat can be taken
            let shots = try Chromium.screenshotDirectory()
            let chatURL = sandbox.url.appending(queryItems: [.init(name: "user", value: String(chatID))])
            let screenshot = shots.appendingPathComponent("sandbox-chat.png")
            try? FileManager.default.removeItem(at: screenshot)
            _ = try await Chromium.run(chatURL, profile: profile,
                                       extra: ["--screenshot=\(screenshot.path)", "--virtual-time-budget=4000"])
            let png = try Data(contentsOf: screenshot)
            #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]) && png.count > 10_000)
            let dumped = String(decoding: try await Chromium.run(chatURL, profile: profile,
                                                                 extra: ["--dump-dom", "--virtual-time-budget=4000"]),
                                as: UTF8.self)
            #expect(dumped.contains("data-kind=\"photo\""))
            #expect(dumped.contains("<strong>") || dumped.contains("class=\"row in"))
        }
    }

    private func waitForReport(_ client: SandboxClient, timeout: Duration = .seconds(90)) async throws -> [String: Any] {
        let deadline = ContinuousClock.now.advanced(by: timeout)
        while ContinuousClock.now < deadline {
            let reply = try await client.get("/api/scenario/report")
            if reply.status == 200, let report = reply.json { return report }
            try await Task.sleep(for: .milliseconds(250))
        }
        throw SandboxTestFailure("The page's scenario did not report within \(timeout).")
    }
}
