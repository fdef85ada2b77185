import Bot
import Foundation
import PostgresStore
import TelegramEmulator
import ThrowawayPostgres

/// The bots a pipeline run measures: one polling bot on SQLite (the default), or `instances`
/// webhook instances behind nginx, on SQLite (one) or sharing a throwaway PostgreSQL cluster.
struct PipelineFleet {
    let bots: [BotUnderTest]
    let store: DrillStore
    let proxy: BenchProxy?

    /// Why `--postgres --webhook` cannot run here; nil when it can.
    static var postgresAndNginxMissing: String? {
        ThrowawayPostgresCluster.unavailableReason ?? (BenchProxy.binary == nil ? "nginx is not installed" : nil)
    }

    static let webhookPath = "/telegram/bench"
    static let webhookSecret = "bench-webhook-secret-0123456789"

    static func start(_ options: PipelineOptions, emulator: TelegramEmulator, dataDirectory: URL,
                      progress: (String) -> Void) async throws -> PipelineFleet {
        let store = try await DrillStore.make(postgres: options.postgres, countingStatements: options.countStatements)
        var bots: [BotUnderTest] = []
        var proxy: BenchProxy?
        do {
            var shared: [String: String] = [:]
            if let url = store.url { shared["SOGRETO_DATABASE_URL"] = url }
            let ports = try (0..<options.instances).map { _ in try BenchProxy.freePort() }
            if options.webhook {
                let proxyPort = try BenchProxy.freePort()
                proxy = try BenchProxy(port: proxyPort, upstreams: ports, path: webhookPath)
                shared["SOGRETO_WEBHOOK_URL"] = "http://127.0.0.1:\(proxyPort)\(webhookPath)"
                shared["SOGRETO_WEBHOOK_SECRET"] = webhookSecret
                progress("nginx on 127.0.0.1:\(proxyPort) in front of \(options.instances) instance(s)")
            }
            for (index, port) in ports.enumerated() {
                var extra = shared
                extra["SOGRETO_INSTANCE"] = "bench-\(index + 1)"
                extra["SOGRETO_HTTP_PORT"] = String(port)
                let folder = options.instances == 1 ? dataDirectory
                    : dataDirectory.appendingPathComponent("instance-\(index + 1)")
                bots.append(try await BotUnderTest.start(options.placement, emulator: emulator, dataDirectory: folder,
                                                         assets: options.assets, logLevel: options.botLogLevel,
                                                         extra: extra, webhook: options.webhook))
            }
            if options.webhook { try await waitUntilListening(ports, bots: bots) }
        } catch {
            for bot in bots { _ = await bot.stop() }
            proxy?.stop()
            store.stop()
            throw error
        }
        return PipelineFleet(bots: bots, store: store, proxy: proxy)
    }

    /// Waits until every instance accepts connections; each sets the webhook as it starts
    /// listening, which restarts the emulator's pushes, so the run begins after the last one.
    private static func waitUntilListening(_ ports: [Int], bots: [BotUnderTest]) async throws {
        let deadline = ContinuousClock.now + .seconds(60)
        for port in ports {
            while !BenchProxy.accepts(port: port) {
                guard bots.allSatisfy(\.isRunning) else { throw BenchError("An instance exited while starting.") }
                guard ContinuousClock.now < deadline else { throw BenchError("An instance did not listen within 60 s.") }
                try await Task.sleep(for: .milliseconds(50))
            }
        }
        try await Task.sleep(for: .seconds(1))
    }

    /// SIGTERM to every bot; their exit statuses.
    func stop() async -> [Int32?] {
        var statuses: [Int32?] = []
        for bot in bots { statuses.append(await bot.stop()) }
        proxy?.stop()
        return statuses
    }

    /// Outbox rows still pending after the bots stopped (anything here was never delivered).
    func pendingOutbox() async throws -> Int {
        if let postgres = try await store.open() {
            let count = try await postgres.pendingOutboxCount()
            await postgres.close()
            return count
        }
        return try await bots[0].pendingOutbox()
    }

    /// CPU seconds the PostgreSQL server has used so far (the postmaster and its backends).
    func serverCPUSeconds() -> Double? { store.serverCPUSeconds() }

    func removeStore() { store.stop() }
}
