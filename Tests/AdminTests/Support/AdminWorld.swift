import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import GRDB
import Hummingbird
import HummingbirdTesting
import Logging
import Media
import NIOFoundationEssentialsCompat
import Program
import ServiceLifecycle
import Web
@testable import Admin
@testable import Bot
import TestSupport

let repositoryRoot = Repository.root

/// A real SQLite file, a real blob directory and the admin routes of the bot's HTTP server,
/// driven in process (HummingbirdTesting's router framework), or served on 127.0.0.1:0 with
/// `overLoopback` where the socket is the point (idle connections, raw requests).
final class AdminWorld: Sendable {
    static let token = "test-admin-token-0123456789"
    static let start = Date(timeIntervalSince1970: 1_790_000_000) // Monday 2026-09-21, 14:13 UTC

    let directory: URL
    let database: AppDatabase
    let blobs: FolderBlobStore
    let actions: AdminActions
    let export: PrometheusExport
    let clock: ManualClock
    /// Where the server listens; with `overLoopback` only.
    let baseURL: URL
    private let http: HTTPAccess

    /// What the alert monitor would count from the admin API's log (errors only; 4xx never).
    let signals: OperationalSignals

    static func start(budgetMB: Int? = nil, idleTimeout: Duration = HTTPServerTimeouts.idle,
                      role: InstanceRole = .alone(), experiments: [Experiment] = [],
                      overLoopback: Bool = false) async throws -> AdminWorld {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sogreto-admin-\(UUID().uuidString)")
        let database = try AppDatabase.open(at: directory.appendingPathComponent("sogreto.sqlite"))
        let blobs = try FolderBlobStore(dataDirectory: directory)
        let strings = try BotStrings.load(from: repositoryRoot.appendingPathComponent("assets/locales"))
        let clock = ManualClock(start)
        var actions = AdminActions(database: database, blobs: blobs,
                                   budget: budgetMB.map { MediaBudget(megabytes: $0) }, strings: strings, clock: clock)
        actions.orphanMinimumAge = 0
        actions.experiments = experiments
        let export = PrometheusExport(role: role)
        var logger = Logger(label: "admin-test")
        logger.logLevel = .critical
        let signals = OperationalSignals(clock: clock)
        let routesLogger = Logger(label: "admin-test") { _ in SignalLogHandler(inner: SwiftLogNoOpLogHandler(), signals: signals) }
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let application = HTTPServer.application(
            host: "127.0.0.1", port: 0, logger: logger,
            installers: [AdminRoutes.installer(actions: actions, token: Secret(token), metrics: export, logger: routesLogger)],
            idleTimeout: idleTimeout, onServerRunning: { continuation.yield($0) })
        let http = overLoopback ? try await HTTPAccess.loopback(application, ports: ports, continuation: continuation, logger: logger)
            : await HTTPAccess.inProcess(application)
        return AdminWorld(directory: directory, database: database, blobs: blobs, actions: actions, export: export,
                          clock: clock, baseURL: http.baseURL, http: http, signals: signals)
    }

    private init(directory: URL, database: AppDatabase, blobs: FolderBlobStore, actions: AdminActions,
                 export: PrometheusExport, clock: ManualClock, baseURL: URL, http: HTTPAccess,
                 signals: OperationalSignals) {
        self.signals = signals
        self.directory = directory
        self.database = database
        self.blobs = blobs
        self.actions = actions
        self.export = export
        self.clock = clock
        self.baseURL = baseURL
        self.http = http
    }

    func stop() async {
        await http.stop()
        try? FileManager.default.removeItem(at: directory)
    }

    // MARK: - Seeding

    func addUser(_ id: Int64, locale: String = "ru", kit: String? = "mg-1", status: String = "active",
                 createdAt: Date = AdminWorld.start) async throws {
        try await database.writer.write { db in
            try db.execute(sql: """
                INSERT INTO users(id, first_name, language_code, locale, kit_code, status, timezone, created_at, updated_at, last_activity_at)
                VALUES (?, 'Test', ?, ?, ?, ?, 'Europe/Moscow', ?, ?, ?)
                """, arguments: [id, locale, locale, kit, status, createdAt, createdAt, createdAt])
        }
    }

    func addEvent(_ userID: Int64, _ kind: String, detail: String? = nil, at: Date) async throws {
        try await database.writer.write { db in
            try db.execute(sql: "INSERT INTO events(user_id, kind, program_id, detail, at) VALUES (?, ?, 'microgreens', ?, ?)",
                           arguments: [userID, kind, detail, at])
        }
    }

    struct SeededPhoto {
        var id: Int64
        var main: BlobKey
        var thumb: BlobKey
        var bytes: Int64
    }

    /// A photo whose main and thumbnail blobs really are on disk.
    func addPhoto(user: Int64, day: Int, format: String = "jpeg", size: Int = 4_000) async throws -> SeededPhoto {
        let main = try await put(Self.bytes(size))
        let thumb = try await put(Self.bytes(size / 4))
        let total = Int64(size + size / 4)
        let now = clock.now()
        let id = try await database.writer.write { db -> Int64 in
            try db.execute(sql: """
                INSERT INTO photos(user_id, program_id, day, sha256, thumb_sha256, bytes, width, height, source_format, green_coverage, created_at)
                VALUES (?, 'microgreens', ?, ?, ?, ?, 1600, 1200, ?, 0.4, ?)
                """, arguments: [user, day, main.hex, thumb.hex, total, format, now])
            return db.lastInsertedRowID
        }
        return SeededPhoto(id: id, main: main, thumb: thumb, bytes: total)
    }

    /// A collage or timeline made from `sources`, its blob on disk.
    func addRender(user: Int64, kind: String = "collage", sources: [BlobKey], size: Int = 8_000) async throws -> (id: Int64, key: BlobKey) {
        let key = try await put(Self.bytes(size))
        let sourcesJSON = "[" + sources.map { "\"\($0.hex)\"" }.joined(separator: ",") + "]"
        let now = clock.now()
        let id = try await database.writer.write { db -> Int64 in
            try db.execute(sql: """
                INSERT INTO renders(user_id, kind, cache_key, sha256, bytes, sources, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)
                """, arguments: [user, kind, UUID().uuidString, key.hex, size, sourcesJSON, now])
            return db.lastInsertedRowID
        }
        return (id, key)
    }

    /// Stores a JPEG blob as the bot would.
    func put(_ data: Data) async throws -> BlobKey {
        try await blobs.put(data, format: .jpeg).key
    }

    func contains(_ key: BlobKey) async -> Bool {
        (try? await blobs.head(BlobName(key: key, format: .jpeg))) != nil
    }

    /// Distinct bytes each call, so every blob has its own key.
    static func bytes(_ count: Int) -> Data {
        var generator = SystemRandomNumberGenerator()
        return Data((0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) })
    }

    // MARK: - HTTP

    struct Reply {
        var status: Int
        var headers: [String: String]
        var body: Data
        var text: String { String(decoding: body, as: UTF8.self) }
        func json() throws -> [String: Any] {
            (try JSONSerialization.jsonObject(with: body) as? [String: Any]) ?? [:]
        }
    }

    enum Auth { case none, right, wrong(String) }

    func request(_ method: String, _ path: String, auth: Auth = .right, json: String? = nil) async throws -> Reply {
        guard case .inProcess(let client, _, _) = http else {
            return try await requestOverLoopback(method, path, auth: auth, json: json)
        }
        var headers = HTTPFields()
        switch auth {
        case .none: break
        case .right: headers[.authorization] = "Bearer \(Self.token)"
        case .wrong(let header): headers[.authorization] = header
        }
        if json != nil { headers[.contentType] = "application/json" }
        guard let httpMethod = HTTPRequest.Method(method) else { throw AdminError.badRequest("Not a method: \(method)") }
        let response = try await client.executeRequest(uri: path.hasPrefix("/") ? path : "/" + path, method: httpMethod,
                                                       headers: headers, body: json.map { ByteBuffer(string: $0) })
        var replyHeaders: [String: String] = [:]
        for field in response.headers {
            let name = field.name.canonicalName
            replyHeaders[name] = replyHeaders[name].map { $0 + ", " + field.value } ?? field.value
        }
        return Reply(status: response.status.code, headers: replyHeaders, body: Data(buffer: response.body))
    }

    private func requestOverLoopback(_ method: String, _ path: String, auth: Auth, json: String?) async throws -> Reply {
        // A query (`?by=…`) stays a query: appendingPathComponent would escape its `?`.
        let parts = path.split(separator: "?", maxSplits: 1).map(String.init)
        let base = baseURL.appendingPathComponent(parts.first ?? path)
        guard let url = parts.count == 2 ? URL(string: base.absoluteString + "?" + parts[1]) : base else {
            throw AdminError.badRequest("Not a URL: \(path)")
        }
        var request = URLRequest(url: url)
        request.httpMethod = method
        switch auth {
        case .none: break
        case .right: request.setValue("Bearer \(Self.token)", forHTTPHeaderField: "Authorization")
        case .wrong(let header): request.setValue(header, forHTTPHeaderField: "Authorization")
        }
        if let json {
            request.httpBody = Data(json.utf8)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        let (data, response) = try await URLSession.shared.data(for: request)
        guard let http = response as? HTTPURLResponse else { throw AdminError.storage("Not an HTTP response.") }
        var headers: [String: String] = [:]
        for (key, value) in http.allHeaderFields {
            if let key = key as? String, let value = value as? String { headers[key.lowercased()] = value }
        }
        return Reply(status: http.statusCode, headers: headers, body: data)
    }

    // MARK: - Reads behind the API's back

    func count(_ sql: String) async throws -> Int {
        try await database.writer.read { db in try Int.fetchOne(db, sql: sql) ?? 0 }
    }

    func auditActions() async throws -> [String] {
        try await database.auditLog().reversed().map(\.action)
    }
}

/// Runs `body` with a started world and stops it afterwards, also when the body throws.
func withAdminWorld(budgetMB: Int? = nil, idleTimeout: Duration = HTTPServerTimeouts.idle, role: InstanceRole = .alone(),
                    experiments: [Experiment] = [], overLoopback: Bool = false,
                    _ body: (AdminWorld) async throws -> Void) async throws {
    let world = try await AdminWorld.start(budgetMB: budgetMB, idleTimeout: idleTimeout, role: role, experiments: experiments,
                                           overLoopback: overLoopback)
    do {
        try await body(world)
    } catch {
        await world.stop()
        throw error
    }
    await world.stop()
}

/// How a test reaches the admin routes: the application in process, its test client kept while
/// the router framework's run waits for `stop`; or the server on a loopback port.
private enum HTTPAccess: Sendable {
    case inProcess(any TestClientProtocol, run: Task<Void, any Error>, done: AsyncStream<Void>.Continuation)
    case loopback(URL, ServiceGroup, Task<Void, any Error>)

    static func inProcess<App: ApplicationProtocol>(_ application: App) async -> HTTPAccess
        where App.Responder.Context: InitializableFromSource<ApplicationRequestContextSource> {
        let (clients, handOut) = AsyncStream<any TestClientProtocol>.makeStream()
        let (done, finish) = AsyncStream<Void>.makeStream()
        let run = Task {
            try await application.test(.router) { client in
                handOut.yield(client)
                for await _ in done {}
            }
        }
        var client: (any TestClientProtocol)?
        for await value in clients { client = value; break }
        return .inProcess(client ?? NoClient(), run: run, done: finish)
    }

    static func loopback<App: ApplicationProtocol>(_ application: App, ports: AsyncStream<Int>,
                                                   continuation: AsyncStream<Int>.Continuation,
                                                   logger: Logger) async throws -> HTTPAccess {
        let group = ServiceGroup(configuration: .init(services: [application], logger: logger))
        let task = Task { defer { continuation.finish() }; try await group.run() }
        var port: Int?
        for await value in ports { port = value; break }
        guard let port, let url = URL(string: "http://127.0.0.1:\(port)") else {
            throw AdminError.storage("The test server did not start.")
        }
        return .loopback(url, group, task)
    }

    var baseURL: URL {
        if case .loopback(let url, _, _) = self { return url }
        return URL(fileURLWithPath: "/") // in process: no address
    }

    func stop() async {
        switch self {
        case .inProcess(_, let run, let done):
            done.finish()
            _ = await run.result
        case .loopback(_, let group, let task):
            await group.triggerGracefulShutdown()
            _ = await task.result
        }
    }
}

/// Stands in when the router framework ended before handing out its client: every request fails.
private struct NoClient: TestClientProtocol {
    var port: Int? { nil }
    func executeRequest(uri: String, method: HTTPRequest.Method, headers: HTTPFields,
                        body: ByteBuffer?) async throws -> TestResponse {
        throw AdminError.storage("The in-process test server did not start.")
    }
}
