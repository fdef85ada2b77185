public import Foundation
import HTTPTransport
public import Logging

/// The Bot API over HTTP: `{base}/bot{token}/{method}`, on libcurl's multi interface
/// (`CurlTransport`, one thread, keep-alive connections shared by every call).
public final class HTTPTelegramClient: TelegramClient {
    private let transport: CurlTransport?
    /// `{base}/bot{token}/`, built once: every call appends only its method name.
    private let methodPrefix: String
    private let filePrefix: String
    private let timeouts: TelegramTimeouts
    /// Where a slow answer is reported (`TelegramTimeouts.slowNotice`); nil reports nothing.
    private let logger: Logger?

    public init(baseURL: URL, token: String, maxConnections: Int = 64, timeouts: TelegramTimeouts = TelegramTimeouts(),
                logger: Logger? = nil) {
        self.timeouts = timeouts
        self.logger = logger
        var base = baseURL.absoluteString
        while base.hasSuffix("/") { base.removeLast() }
        methodPrefix = "\(base)/bot\(token)/"
        filePrefix = "\(base)/file/bot\(token)/"
        // Long polling, replies and file downloads share one host: allow them all their connection.
        transport = CurlTransport(maxConnections: maxConnections)
    }

    deinit {
        transport?.shutdown()
    }

    public func send<Method: TelegramMethod>(_ method: Method) async throws -> Method.Result {
        let body = RequestBody(parameters: method.parameters)
        let response = try await perform(url: methodPrefix + Method.name, body: body.data,
                                         contentType: body.contentType, limits: limits(for: method, uploading: body.hasFiles),
                                         maxBytes: Int.max, method: Method.name)
        if method.serverWait == 0 && !body.hasFiles { reportIfSlow(response.timing, method: Method.name) }
        return try TelegramEnvelope.decode(Method.Result.self, from: response.body, status: response.status,
                                           method: Method.name)
    }

    public func downloadFile(path: String, maxBytes: Int) async throws -> Data {
        let escaped = path.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? path
        let response = try await perform(url: filePrefix + escaped, body: nil, contentType: nil, limits: downloadLimits,
                                         maxBytes: maxBytes, method: "file download")
        guard response.status == 200 else {
            throw TelegramError(method: "file download",
                                kind: .api(code: response.status, description: "file download failed", retryAfter: nil))
        }
        return response.body
    }

    /// Streams the file to disk as it arrives: a 3.9 MB photo waiting for a media worker costs no
    /// memory (a burst of 50 uploads held ≈ 350 MB when downloads were collected in memory).
    public func downloadFile(path: String, to destination: URL, maxBytes: Int) async throws {
        let escaped = path.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? path
        let descriptor = open(destination.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw TelegramError(method: "file download", kind: .transport("cannot create the download file"))
        }
        var complete = false
        defer {
            close(descriptor)
            if !complete { unlink(destination.path) }
        }
        let response = try await perform(url: filePrefix + escaped, body: nil, contentType: nil, limits: downloadLimits,
                                         maxBytes: maxBytes, method: "file download", sink: descriptor)
        guard response.status == 200 else {
            throw TelegramError(method: "file download",
                                kind: .api(code: response.status, description: "file download failed", retryAfter: nil))
        }
        complete = true
    }

    /// A long poll may be silent for its own timeout; a request without files gets its answer within
    /// `reply` or is given up; uploads may take long as long as bytes keep moving.
    private func limits<Method: TelegramMethod>(for method: Method, uploading: Bool) -> TransferLimits {
        if method.serverWait > 0 {
            return TransferLimits(total: method.serverWait + timeouts.longPollGrace, connect: timeouts.connect, stall: nil)
        }
        if uploading {
            return TransferLimits(total: timeouts.transfer, connect: timeouts.connect, stall: timeouts.stall)
        }
        return TransferLimits(total: timeouts.reply, connect: timeouts.connect, stall: nil)
    }

    /// A request without files that took over `slowNotice` is logged with where the time went:
    /// waiting in the transport for a connection slot (and how busy it was) or the exchange itself.
    private func reportIfSlow(_ timing: RequestTiming, method: String) {
        guard let logger, timing.total >= timeouts.slowNotice else { return }
        let seconds = { (value: Double) in Logger.MetadataValue.string(String(format: "%.2f", value)) }
        logger.notice("Telegram answered slowly", metadata: [
            "method": .string(method), "seconds": seconds(timing.total),
            "waiting_for_connection_s": seconds(timing.queued), "connect_s": seconds(timing.connect),
            "exchange_s": seconds(timing.exchange),
            "in_flight": "\(timing.inFlight)", "queued_behind": "\(timing.waiting)",
        ])
    }

    private var downloadLimits: TransferLimits {
        TransferLimits(total: timeouts.transfer, connect: timeouts.connect, stall: timeouts.stall)
    }

    private func perform(url: String, body: Data?, contentType: String?, limits: TransferLimits, maxBytes: Int,
                         method: String, sink: Int32? = nil) async throws -> CurlResponse {
        guard let transport else {
            throw TelegramError(method: method, kind: .transport("the HTTP client could not be initialised"))
        }
        try Task.checkCancellation()
        do {
            return try await transport.perform(url: url, body: body, contentType: contentType, limits: limits,
                                               maxBytes: maxBytes, method: method, sink: sink)
        } catch let error as TransportError {
            throw TelegramError(method: error.label, kind: error.kind.telegram)
        }
    }
}

extension TransportError.Kind {
    var telegram: TelegramError.Kind {
        switch self {
        case .transport(let text), .localFile(let text): return .transport(text)
        case .fileTooBig(let bytes, let limit): return .fileTooBig(bytes: bytes, limit: limit)
        }
    }
}

/// Telegram's reply envelope: `{"ok":true,"result":…}` or `{"ok":false,"error_code":…}`.
enum TelegramEnvelope {
    private struct Envelope<Result: Decodable>: Decodable {
        var ok: Bool
        var result: Result?
        var errorCode: Int?
        var description: String?
        var parameters: ResponseParameters?

        enum CodingKeys: String, CodingKey {
            case ok, result, description, parameters
            case errorCode = "error_code"
        }
    }

    private struct ResponseParameters: Decodable {
        var retryAfter: Int?
        enum CodingKeys: String, CodingKey {
            case retryAfter = "retry_after"
        }
    }

    private static let decoder = JSONDecoder()

    /// One parse: `result` is optional, so an error envelope decodes as well as a success.
    static func decode<Result: Decodable>(_ type: Result.Type, from data: Data, status: Int,
                                          method: String) throws -> Result {
        let envelope: Envelope<Result>
        do {
            envelope = try decoder.decode(Envelope<Result>.self, from: data)
        } catch {
            if status >= 400 {
                throw TelegramError(method: method, kind: .api(code: status, description: "HTTP \(status)", retryAfter: nil))
            }
            throw TelegramError(method: method, kind: .malformedResponse("\(error)".prefix(200).description))
        }
        guard envelope.ok else {
            throw TelegramError(method: method, kind: .api(code: envelope.errorCode ?? status,
                                                            description: envelope.description ?? "no description",
                                                            retryAfter: envelope.parameters?.retryAfter))
        }
        guard let result = envelope.result else {
            throw TelegramError(method: method, kind: .malformedResponse("no result"))
        }
        return result
    }
}

/// A request body: JSON when there is nothing to upload, multipart/form-data otherwise.
struct RequestBody {
    let contentType: String
    let data: Data
    var hasFiles: Bool { contentType.hasPrefix("multipart/") }

    init(parameters: [Parameter]) {
        let hasFiles = parameters.contains { if case .file = $0.value { return true } else { return false } }
        if hasFiles {
            let boundary = "sogreto-\(UUID().uuidString)"
            contentType = "multipart/form-data; boundary=\(boundary)"
            data = Self.multipart(parameters, boundary: boundary)
        } else {
            contentType = "application/json"
            data = Self.json(parameters)
        }
    }

    private static func json(_ parameters: [Parameter]) -> Data {
        var out = Data("{".utf8)
        for (index, parameter) in parameters.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            out.append(ParameterValue.string(parameter.name).jsonFragment)
            out.append(UInt8(ascii: ":"))
            out.append(parameter.value.jsonFragment)
        }
        out.append(UInt8(ascii: "}"))
        return out
    }

    private static func multipart(_ parameters: [Parameter], boundary: String) -> Data {
        var out = Data()
        for parameter in parameters {
            out.append(Data("--\(boundary)\r\n".utf8))
            if case .file(let file) = parameter.value {
                let safeName = file.fileName.replacingOccurrences(of: "\"", with: "")
                out.append(Data("Content-Disposition: form-data; name=\"\(parameter.name)\"; filename=\"\(safeName)\"\r\n".utf8))
                out.append(Data("Content-Type: \(file.mimeType)\r\n\r\n".utf8))
                out.append(file.data)
            } else {
                out.append(Data("Content-Disposition: form-data; name=\"\(parameter.name)\"\r\n\r\n".utf8))
                out.append(Data((parameter.value.formText ?? "").utf8))
            }
            out.append(Data("\r\n".utf8))
        }
        out.append(Data("--\(boundary)--\r\n".utf8))
        return out
    }
}
