import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
@testable import TelegramEmulator

/// A minimal Bot API client over URLSession, speaking each encoding Telegram accepts, so tests
/// exercise the emulator exactly as a bot does: over HTTP on 127.0.0.1.
struct BotAPITestClient {
    let baseURL: URL
    let token: String
    let session: URLSession

    init(emulator: TelegramEmulator, token: String? = nil) {
        self.baseURL = emulator.baseURL
        self.token = token ?? emulator.token
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpMaximumConnectionsPerHost = 16
        configuration.timeoutIntervalForRequest = 60
        self.session = URLSession(configuration: configuration)
    }

    /// A decoded Bot API reply.
    struct Reply {
        var status: Int
        var json: JSONValue
        var ok: Bool { json["ok"]?.boolValue ?? false }
        var result: JSONValue? { json["result"] }
        var description: String? { json["description"]?.stringValue }
        var errorCode: Int64? { json["error_code"]?.int64Value }
        var retryAfter: Int64? { json["parameters"]?["retry_after"]?.int64Value }
    }

    func methodURL(_ method: String) -> URL {
        baseURL.appendingPathComponent("bot\(token)").appendingPathComponent(method)
    }

    /// POST with a JSON body; values may be strings, numbers, booleans, arrays or dictionaries.
    func json(_ method: String, _ parameters: [String: JSONValue] = [:]) async throws -> Reply {
        var request = URLRequest(url: methodURL(method))
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.httpBody = Data(JSONValue.object(parameters).serialized.utf8)
        return try await send(request)
    }

    /// POST with an `application/x-www-form-urlencoded` body.
    func form(_ method: String, _ parameters: [String: String]) async throws -> Reply {
        var request = URLRequest(url: methodURL(method))
        request.httpMethod = "POST"
        request.setValue("application/x-www-form-urlencoded", forHTTPHeaderField: "Content-Type")
        request.httpBody = Data(Self.formEncode(parameters).utf8)
        return try await send(request)
    }

    /// GET with a query string.
    func query(_ method: String, _ parameters: [String: String]) async throws -> Reply {
        var components = URLComponents(url: methodURL(method), resolvingAgainstBaseURL: false)
        components?.queryItems = parameters.map { URLQueryItem(name: $0.key, value: $0.value) }
        guard let url = components?.url else { throw EmulatorError("bad query URL") }
        return try await send(URLRequest(url: url))
    }

    struct FilePart {
        var field: String
        var fileName: String
        var contentType: String
        var data: Data
    }

    /// POST as `multipart/form-data` with text fields and file parts.
    func multipart(_ method: String, fields: [String: String], files: [FilePart]) async throws -> Reply {
        let boundary = "sogreto-boundary-\(UUID().uuidString)"
        var body = Data()
        for (name, value) in fields.sorted(by: { $0.key < $1.key }) {
            body.append(Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n".utf8))
        }
        for file in files {
            body.append(Data(("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(file.field)\"; "
                + "filename=\"\(file.fileName)\"\r\nContent-Type: \(file.contentType)\r\n\r\n").utf8))
            body.append(file.data)
            body.append(Data("\r\n".utf8))
        }
        body.append(Data("--\(boundary)--\r\n".utf8))
        var request = URLRequest(url: methodURL(method))
        request.httpMethod = "POST"
        request.setValue("multipart/form-data; boundary=\(boundary)", forHTTPHeaderField: "Content-Type")
        request.httpBody = body
        return try await send(request)
    }

    /// GET {base}/file/bot{token}/{path}
    func download(path: String) async throws -> (status: Int, data: Data) {
        let url = baseURL.appendingPathComponent("file").appendingPathComponent("bot\(token)").appendingPathComponent(path)
        let (data, response) = try await session.data(from: url)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, data)
    }

    private func send(_ request: URLRequest) async throws -> Reply {
        let (data, response) = try await session.data(for: request)
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        guard let json = JSONValue.parse(data) else {
            throw EmulatorError("Reply with status \(status) is not JSON: \(String(decoding: data.prefix(200), as: UTF8.self))")
        }
        return Reply(status: status, json: json)
    }

    static func formEncode(_ parameters: [String: String]) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return parameters.map { name, value in
            "\(name)=\(value.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")"
        }.joined(separator: "&")
    }
}

extension JSONValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int64) { self = .number(Double(value), text: String(value)) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { $1 }))
    }

    static func int(_ value: Int64) -> JSONValue { .number(Double(value), text: String(value)) }
}

/// Starts an emulator for one test and always shuts it down.
func withEmulator<T>(
    _ configuration: EmulatorConfiguration = .init(),
    _ body: (TelegramEmulator, BotAPITestClient) async throws -> T
) async throws -> T {
    let emulator = try await TelegramEmulator.start(configuration)
    let client = BotAPITestClient(emulator: emulator)
    do {
        let result = try await body(emulator, client)
        await emulator.shutdown()
        return result
    } catch {
        await emulator.shutdown()
        throw error
    }
}
