public import Bot
import Foundation
public import Hummingbird
public import Logging
import NIOFoundationEssentialsCompat
public import Web

/// The admin API, page, /metrics and /healthz, installed on a router the caller owns (the same
/// server may carry the webhook). Everything but `/healthz` and the page itself needs the bearer
/// token; every mutating call writes an audit row.
public enum AdminRoutes {
    /// The audit log's actor for calls through the HTTP API.
    public static let actor = "http"
    static let maxBodyBytes = 64 * 1024

    /// The installer `HTTPServer` (Web) takes.
    public static func installer(actions: AdminActions, token: Secret, metrics: PrometheusExport,
                                 logger: Logger = Logger(label: "sogreto.admin")) -> HTTPServer.Installer {
        { router in install(on: router, actions: actions, token: token, metrics: metrics, logger: logger) }
    }

    public static func install(on router: Router<BasicRequestContext>, actions: AdminActions, token: Secret,
                               metrics: PrometheusExport, logger: Logger = Logger(label: "sogreto.admin")) {
        router.add(middleware: JSONErrorMiddleware(logger: logger))
        router.get("/healthz") { _, _ -> Response in
            _ = try await actions.database.operationalFigures() // the database answers
            return JSONResponse.make(Health(role: metrics.role))
        }
        router.get("/admin") { _, _ -> Response in AdminPage.response() }
        router.group("/metrics").add(middleware: BearerTokenMiddleware(token: token))
            .get { _, _ -> Response in
                var text = try await metrics.scrape(database: actions.database, budget: actions.budget)
                text += try await metrics.experimentsText(actions)
                return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                                body: .init(byteBuffer: ByteBuffer(string: text)))
            }
        let api = router.group("/admin").add(middleware: BearerTokenMiddleware(token: token))
        api.get("storage") { _, _ in JSONResponse.make(try await actions.storage()) }
        api.get("storage/orphans") { _, _ in JSONResponse.make(try await actions.orphans()) }
        api.post("storage/orphans/cleanup") { _, _ in
            JSONResponse.make(try await actions.cleanUpOrphans(actor: actor))
        }
        api.get("funnel") { _, _ in JSONResponse.make(try await actions.funnel()) }
        api.get("audit") { _, _ in JSONResponse.make(try await actions.audit()) }
        api.get("users/:id/media") { _, context in
            JSONResponse.make(try await actions.userMedia(try userID(context)))
        }
        api.put("users/:id/quota") { request, context in
            let id = try userID(context)
            var request = request
            let body = try await request.collectBody(upTo: maxBodyBytes)
            let change = try QuotaBody.parse(Data(buffer: body))
            return JSONResponse.make(try await actions.setQuota(userID: id, change: change, actor: actor))
        }
        api.delete("users/:id/media") { _, context in
            JSONResponse.make(try await actions.purgeMedia(userID: try userID(context), actor: actor))
        }
        // Requests by other channels: `?by=NAME&reason=TEXT` say who asked and why (audited).
        api.post("users/:id/export") { request, context in
            let (who, why) = requester(request)
            return JSONResponse.make(try await actions.requestExport(userID: try userID(context), actor: who, reason: why))
        }
        api.delete("users/:id") { request, context in
            let (who, why) = requester(request)
            return JSONResponse.make(try await actions.forgetUser(userID: try userID(context), actor: who, reason: why))
        }
        api.get("privacy") { _, _ in JSONResponse.make(try await actions.privacyReport()) }
        installExperiments(on: api, actions: actions)
    }

    /// The audit actor (`http` or `http:<by>`) and the reason of a request by another channel.
    static func requester(_ request: Request) -> (String, String?) {
        let query = request.uri.queryParameters
        let by = query.get("by").map { String($0.prefix(64)) }.flatMap { $0.isEmpty ? nil : $0 }
        let reason = query.get("reason").map { String($0.prefix(500)) }.flatMap { $0.isEmpty ? nil : $0 }
        return (by.map { "\(actor):\($0)" } ?? actor, reason)
    }

    private static func userID(_ context: BasicRequestContext) throws -> Int64 {
        guard let text = context.parameters.get("id"), let id = Int64(text) else {
            throw AdminError.badRequest("The user id must be a Telegram user id (a whole number).")
        }
        return id
    }
}

/// `/healthz`: the database answered; which instance this is and whether it leads (a load
/// balancer may send to any instance: every one takes webhooks).
struct Health: Encodable {
    let status = "ok"
    let instance: String?
    let leader: Bool
    let term: Int64?

    init(role: InstanceRole) {
        instance = role.name
        leader = role.isLeader
        term = role.currentTerm
    }
}

/// `PUT /admin/users/{id}/quota` bodies: `{"max_photos": 20, "max_bytes": 104857600}`; a field
/// left out stays as it is, `null` restores the default.
struct QuotaBody: Decodable {
    var change = MediaQuota.Change()

    enum Field: String, CodingKey, CaseIterable {
        case maxPhotos = "max_photos"
        case maxBytes = "max_bytes"
    }

    /// Accepts any key so an unknown one gets its own sentence.
    struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    init(from decoder: any Decoder) throws {
        let all = try decoder.container(keyedBy: AnyKey.self)
        if let unknown = all.allKeys.map(\.stringValue).filter({ Field(rawValue: $0) == nil }).sorted().first {
            throw AdminError.badRequest("Unknown field \"\(unknown)\": only max_photos and max_bytes can be set.")
        }
        let fields = try decoder.container(keyedBy: Field.self)
        if fields.contains(.maxPhotos) {
            change.maxPhotos = .some(try Self.wholeNumber(fields, .maxPhotos).map { Int(clamping: $0) })
        }
        if fields.contains(.maxBytes) {
            change.maxBytes = .some(try Self.wholeNumber(fields, .maxBytes))
        }
    }

    private static func wholeNumber(_ container: KeyedDecodingContainer<Field>, _ field: Field) throws -> Int64? {
        if try container.decodeNil(forKey: field) { return nil }
        guard let value = try? container.decode(Int64.self, forKey: field) else {
            throw AdminError.badRequest("\(field.rawValue) must be a whole number or null.")
        }
        return value
    }

    static func parse(_ data: Data) throws -> MediaQuota.Change {
        do {
            return try JSONDecoder().decode(QuotaBody.self, from: data).change
        } catch let error as AdminError {
            throw error
        } catch {
            throw AdminError.badRequest("The body must be a JSON object such as {\"max_photos\": 20, \"max_bytes\": 104857600}.")
        }
    }
}
