import Foundation
import S3TestSupport
import Testing
@testable import S3

/// A fault proxy in front of moto: 5xx, slow answers, dropped connections, cut and stalled downloads.
@Suite(.enabled(if: MotoServer.isInstalled, "moto_server is not installed (scripts/install-deps installs it): skipped"))
struct S3FaultTests {
    /// A bucket reached through a new proxy, with quick retries and a two-second answer limit.
    private func throughProxy(attempts: Int = 4) async throws -> (client: S3Client, direct: S3Client, proxy: FaultProxy) {
        let moto = try await MotoServer.shared()
        let settings = try await moto.makeBucket()
        let proxy = try FaultProxy(upstreamPort: moto.port)
        let client = try S3Client(settings: moto.settings(bucket: settings.bucket, port: proxy.port),
                                  retry: S3RetryPolicy(attempts: attempts, firstDelay: .milliseconds(20)),
                                  timeouts: S3Timeouts(connect: 2, reply: 2, stall: 2, transfer: 20))
        return (client, try S3Client(settings: settings), proxy)
    }

    @Test func fiveHundredsAreRetriedUntilAnUploadLandsOnce() async throws {
        let (client, direct, proxy) = try await throughProxy()
        let files = try S3TestFiles()
        defer { files.remove() }
        let upload = try files.file(bytes: 300_000)
        proxy.script([.status(500), .status(503)], method: "PUT")

        try await client.put(key: upload.sha256, file: upload.url, sha256: upload.sha256)

        #expect(proxy.requests.filter { $0.hasPrefix("PUT") }.count >= 3)
        #expect(try await direct.list(prefix: "").map(\.key) == [upload.sha256])
        try await direct.get(key: upload.sha256, to: files.path("back"))
        #expect(try S3TestFiles.sha256(of: files.path("back")) == upload.sha256)
    }

    @Test func aServerThatKeepsFailingGetsOneSentenceAfterTheLastAttempt() async throws {
        let (client, direct, proxy) = try await throughProxy(attempts: 3)
        proxy.script([.status(503), .status(503), .status(503)], method: "PUT")

        let error = await #expect(throws: S3Error.self) { try await client.put(key: "k", data: Data("x".utf8)) }

        #expect(error?.kind == .unavailable(attempts: 3, reason: "503 SlowDown"))
        #expect(error?.description.hasSuffix("did not complete PUT \"k\" in bucket \"\(direct.settings.bucket)\" after 3 attempts (last: 503 SlowDown)") == true)
        #expect(try await direct.list(prefix: "").isEmpty)
    }

    @Test func aSlowAnswerTimesOutAndTheRequestIsSentAgain() async throws {
        let (client, direct, proxy) = try await throughProxy()
        try await direct.put(key: "present", data: Data("here".utf8))
        proxy.script([.delay(seconds: 3)], method: "HEAD")

        #expect(try await client.head(key: "present")?.size == 4)
        #expect(proxy.requests.filter { $0.hasPrefix("HEAD") }.count >= 2)
    }

    @Test func aDroppedConnectionIsRetried() async throws {
        let (client, _, proxy) = try await throughProxy()
        proxy.script([.drop, .drop], method: "PUT")

        try await client.put(key: "dropped", data: Data("payload".utf8))

        #expect(try await client.get(key: "dropped") == Data("payload".utf8))
        #expect(proxy.requests.filter { $0.hasPrefix("PUT") }.count >= 3)
    }

    @Test func anUploadWhoseAnswerWasLostIsStoredOnce() async throws {
        let (client, direct, proxy) = try await throughProxy()
        let files = try S3TestFiles()
        defer { files.remove() }
        let upload = try files.file(bytes: 100_000)
        // The PUT reaches moto, but its answer never comes back.
        proxy.script([.dropAnswer], method: "PUT")

        #expect(try await client.putIfAbsent(key: upload.sha256, file: upload.url, sha256: upload.sha256))
        #expect(try await client.putIfAbsent(key: upload.sha256, file: upload.url, sha256: upload.sha256) == false)

        #expect(proxy.requests.filter { $0.hasPrefix("PUT") }.count >= 2, "\(proxy.requests)")
        let objects = try await direct.list(prefix: "")
        #expect(objects.map(\.key) == [upload.sha256] && objects.first?.size == 100_000)
    }

    @Test func aDownloadThatGoesQuietHalfwayIsGivenUpAndStartedAgain() async throws {
        let (client, direct, proxy) = try await throughProxy()
        let files = try S3TestFiles()
        defer { files.remove() }
        let upload = try files.file(bytes: 2_000_000)
        try await direct.put(key: upload.sha256, file: upload.url, sha256: upload.sha256)
        // Half the object arrives, then nothing for long past the two-second stall limit (libcurl
        // judges speed over its last five seconds or so, so a stall after a burst shows a little late;
        // the margin to the stall's end is wide because a loaded CI machine adds seconds)
        proxy.script([.stallAnswer(seconds: 60)], method: "GET")
        let started = ContinuousClock.now

        try await client.get(key: upload.sha256, to: files.path("download"))

        #expect(try S3TestFiles.sha256(of: files.path("download")) == upload.sha256)
        #expect(proxy.requests.filter { $0.hasPrefix("GET") }.count == 2)
        let elapsed = ContinuousClock.now - started
        #expect(elapsed < .seconds(40), "the stalled answer was not waited out: \(elapsed)")
    }

    @Test func aDownloadCutHalfwayStartsAgainAndTheFileIsWhole() async throws {
        let (client, direct, proxy) = try await throughProxy()
        let files = try S3TestFiles()
        defer { files.remove() }
        let upload = try files.file(bytes: 2_000_000)
        try await direct.put(key: upload.sha256, file: upload.url, sha256: upload.sha256)
        proxy.script([.truncateAnswer], method: "GET")

        try await client.get(key: upload.sha256, to: files.path("download"))

        #expect(try S3TestFiles.sha256(of: files.path("download")) == upload.sha256)
        #expect(proxy.requests.filter { $0.hasPrefix("GET") }.count >= 2)
    }
}
