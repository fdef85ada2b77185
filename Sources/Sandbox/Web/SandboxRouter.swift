import Foundation
import Hummingbird

/// The web chat's routes: the page itself and the JSON API it polls (see README.md, "Sandbox").
enum SandboxRouter {
    /// The largest file a bot may download from Telegram (getFile): anything bigger a user sends
    /// could never reach the bot. The emulator checks photos further.
    static let maxUploadBytes = 20 * 1024 * 1024

    static func build(page: SandboxPage, api: SandboxAPI, guard sameOrigin: SameOriginGuard,
                      uploads: UploadSpool) -> Router<BasicRequestContext> {
        let router = Router()
        router.add(middleware: SameOriginMiddleware(sameOrigin: sameOrigin))
        addPage(page, to: router)
        addChats(api, uploads: uploads, to: router)
        router.get("/api/state") { _, _ in await api.state() }
        router.post("/api/users") { request, context in
            try await api.newUser(try await request.decode(as: SandboxJSON.NewUser.self, context: context))
        }
        router.get("/api/callbacks/:query") { _, context in
            await api.callbackAnswer(queryID: try context.parameters.require("query"))
        }
        router.post("/api/clock/advance") { request, context in
            try await api.advanceClock(try await request.decode(as: SandboxJSON.Advance.self, context: context))
        }
        router.get("/api/files/:file") { request, context in
            let file = try await api.file(id: try context.parameters.require("file"))
            return FileResponse.make(file, download: request.uri.queryParameters["download"] != nil)
        }
        router.post("/api/scenario/report") { request, context -> HTTPResponse.Status in
            await api.reports.record(try await request.decode(as: SandboxJSON.ScenarioReport.self, context: context))
            return .noContent
        }
        router.get("/api/scenario/report") { _, _ in
            guard let report = await api.reports.last() else {
                throw HTTPError(.notFound, message: "No scenario has reported yet.")
            }
            return report
        }
        return router
    }

    private static func addPage(_ page: SandboxPage, to router: Router<BasicRequestContext>) {
        for (path, name) in [("/", "index.html"), ("/sandbox.css", "sandbox.css"), ("/sandbox.js", "sandbox.js")] {
            router.get(RouterPath(path)) { _, _ in
                guard let asset = page.asset(name) else { throw HTTPError(.notFound) }
                var headers = HTTPFields()
                headers[.contentType] = asset.contentType
                headers[.cacheControl] = "no-store"
                headers[.contentSecurityPolicy] = pagePolicy
                headers[.xContentTypeOptions] = "nosniff"
                return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: asset.body)))
            }
        }
    }

    private static func addChats(_ api: SandboxAPI, uploads: UploadSpool, to router: Router<BasicRequestContext>) {
        let chats = router.group("/api/chats/:chat")
        chats.get("messages") { request, context in
            try await api.messages(chatID: try context.parameters.require("chat", as: Int64.self),
                                   since: request.uri.queryParameters.get("since", as: Int.self))
        }
        chats.get("commands") { _, context in
            try await api.commands(chatID: try context.parameters.require("chat", as: Int64.self))
        }
        chats.post("text") { request, context in
            try await api.sendText(chatID: try context.parameters.require("chat", as: Int64.self),
                                   try await request.decode(as: SandboxJSON.Text.self, context: context))
        }
        chats.post("button") { request, context in
            try await api.press(chatID: try context.parameters.require("chat", as: Int64.self),
                                try await request.decode(as: SandboxJSON.Press.self, context: context))
        }
        chats.post("photo") { request, context in
            let chatID = try context.parameters.require("chat", as: Int64.self)
            let data = try await uploads.receive(request, limit: maxUploadBytes)
            return try await api.sendPhoto(chatID: chatID, data: data,
                                           caption: request.uri.queryParameters["caption"].map(String.init))
        }
        chats.post("document") { request, context in
            let chatID = try context.parameters.require("chat", as: Int64.self)
            let data = try await uploads.receive(request, limit: maxUploadBytes)
            let query = request.uri.queryParameters
            return try await api.sendDocument(
                chatID: chatID, data: data, fileName: query["name"].map(String.init) ?? "file",
                mimeType: request.headers[.contentType] ?? "application/octet-stream",
                caption: query["caption"].map(String.init))
        }
    }

    /// Only the page's own script, styles and files; no inline script, so even a rendering bug
    /// cannot run text a user typed.
    static let pagePolicy = "default-src 'self'; img-src 'self' blob: data:; media-src 'self' blob:; "
        + "style-src 'self'; script-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
        + "frame-ancestors 'none'; form-action 'none'"
}

// `HTTPFields.Element` is HTTPTypes' `HTTPField`, which Hummingbird does not re-export by name.
extension HTTPFields.Element.Name {
    // Force-unwrapped on purpose: a constant, valid header name (checked by the tests).
    static let xContentTypeOptions = HTTPFields.Element.Name("X-Content-Type-Options")!
}
