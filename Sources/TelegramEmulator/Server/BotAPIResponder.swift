import Foundation
import Hummingbird
import NIOCore

/// The HTTP face of the emulator: `/bot{token}/{method}` and `/file/bot{token}/{path}`, answered
/// with Telegram's envelope. Everything that touches state goes to `EmulatorState`.
struct BotAPIResponder: HTTPResponder {
    typealias Context = BasicRequestContext

    let state: EmulatorState
    let token: String

    /// Room for a 50 MB upload plus its multipart framing.
    static let maxBodyBytes = EmulatorState.maxUploadBytes + 1024 * 1024

    func respond(to request: Request, context: Context) async throws -> Response {
        let path = request.uri.path
        if path.hasPrefix("/file/bot") {
            return await download(path: String(path.dropFirst("/file/bot".count)))
        }
        guard path.hasPrefix("/bot") else { return Self.reply(APIFailure.notFound.status, APIFailure.notFound.body) }
        let rest = path.dropFirst("/bot".count)
        guard let slash = rest.firstIndex(of: "/") else { return Self.failure(.notFound) }
        guard rest[..<slash] == token else { return Self.failure(.unauthorized) }
        let methodName = String(rest[rest.index(after: slash)...])
        guard let spec = MethodTable.byLowercasedName[methodName.lowercased()] else { return Self.failure(.notFound) }

        var request = request
        let body: Data
        do {
            body = Data(try await request.collectBody(upTo: Self.maxBodyBytes).readableBytesView)
        } catch {
            return Self.failure(.tooLarge)
        }
        let parameters: RequestParameters
        switch RequestParameters.parse(
            query: request.uri.query, contentType: request.headers[.contentType], body: body) {
        case .success(let parsed): parameters = parsed
        case .failure(let failure): return Self.failure(failure)
        }
        let arguments = MethodArguments(spec: spec, parameters: parameters)

        switch await state.faultAction(for: spec.name, chatID: try? arguments.chatID()) {
        case .proceed:
            break
        case .fail(let failure):
            await state.record(arguments, failure: failure)
            return Self.failure(failure)
        case .failEchoingURL(let status):
            var failure = APIFailure.serverError(status: status)
            failure.description += ": upstream failed for https://api.telegram.org\(path)"
            await state.record(arguments, failure: failure)
            return Self.failure(failure)
        case .delayThenProceed(let delay):
            try? await Task.sleep(for: delay)
        case .dropConnection:
            await state.record(arguments, failure: APIFailure(status: 0, description: "connection dropped"))
            return Self.droppedConnection()
        case .silenceThenDrop(let silence):
            await state.record(arguments, failure: APIFailure(status: 0, description: "no answer"))
            try? await Task.sleep(for: silence)
            return Self.droppedConnection()
        }
        switch await state.perform(arguments) {
        case .success(let reply): return Self.reply(200, reply.body())
        case .failure(let failure): return Self.failure(failure)
        }
    }

    private func download(path: String) async -> Response {
        guard let slash = path.firstIndex(of: "/"), path[..<slash] == token else {
            return Self.failure(.unauthorized)
        }
        let filePath = String(path[path.index(after: slash)...])
        guard let data = await state.fileContents(path: filePath) else { return Self.failure(.notFound) }
        return Response(
            status: .ok, headers: [.contentType: "application/octet-stream"],
            body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    static func failure(_ failure: APIFailure) -> Response {
        reply(failure.status, failure.body)
    }

    static func reply(_ status: Int, _ body: Data) -> Response {
        Response(
            status: .init(code: status), headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }

    private struct DroppedConnection: Error {}

    /// Announces a body and then fails to write it: the server closes the connection mid-reply,
    /// which the client sees as a lost connection, as when a proxy or the network fails.
    private static func droppedConnection() -> Response {
        Response(
            status: .ok, headers: [.contentType: "application/json", .contentLength: "1024"],
            body: ResponseBody { _ in throw DroppedConnection() })
    }
}
