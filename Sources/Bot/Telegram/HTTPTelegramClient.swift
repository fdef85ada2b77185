import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The Bot API over HTTP with URLSession (libcurl on Linux): `{base}/bot{token}/{method}`.
public final class HTTPTelegramClient: TelegramClient {
    private let baseURL: URL
    private let token: String
    private let session: URLSession

    public init(baseURL: URL, token: String, maxConnections: Int = 64) {
        self.baseURL = baseURL
        self.token = token
        let configuration = URLSessionConfiguration.ephemeral
        // Long polling, replies and file downloads share one host: the default of 6 would queue them.
        configuration.httpMaximumConnectionsPerHost = maxConnections
        configuration.timeoutIntervalForRequest = 90
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        configuration.urlCache = nil
        // The Bot API sets no cookies; skipping the cookie machinery saves work on every request.
        configuration.httpCookieStorage = nil
        configuration.httpShouldSetCookies = false
        configuration.httpCookieAcceptPolicy = .never
        self.session = URLSession(configuration: configuration)
    }

    deinit {
        session.invalidateAndCancel()
    }

    public func send<Method: TelegramMethod>(_ method: Method) async throws -> Method.Result {
        let url = baseURL.appendingPathComponent("bot\(token)").appendingPathComponent(Method.name)
        var request = URLRequest(url: url, timeoutInterval: method.timeout)
        request.httpMethod = "POST"
        let body = RequestBody(parameters: method.parameters)
        request.setValue(body.contentType, forHTTPHeaderField: "Content-Type")
        request.httpBody = body.data
        let (data, response) = try await perform(request, method: Method.name)
        return try TelegramEnvelope.decode(Method.Result.self, from: data, status: response.statusCode,
                                           method: Method.name)
    }

    public func downloadFile(path: String, maxBytes: Int) async throws -> Data {
        let url = baseURL.appendingPathComponent("file").appendingPathComponent("bot\(token)")
            .appendingPathComponent(path)
        let (data, response) = try await perform(URLRequest(url: url, timeoutInterval: 120), method: "file download")
        guard response.statusCode == 200 else {
            throw TelegramError(method: "file download",
                                kind: .api(code: response.statusCode, description: "file download failed", retryAfter: nil))
        }
        guard data.count <= maxBytes else {
            throw TelegramError(method: "file download", kind: .fileTooBig(bytes: data.count, limit: maxBytes))
        }
        return data
    }

    /// URLSession's download task writes each received chunk to a file, where the data task
    /// accumulated them in memory (measured in a 50-user burst of 3.9 MB photos: about three
    /// copies of every download in flight, and the bot at 350 MB resident).
    public func downloadFile(path: String, to destination: URL, maxBytes: Int) async throws {
        let url = baseURL.appendingPathComponent("file").appendingPathComponent("bot\(token)")
            .appendingPathComponent(path)
        let (location, response) = try await transfer(method: "file download") {
            try await self.session.download(for: URLRequest(url: url, timeoutInterval: 120))
        }
        defer { try? FileManager.default.removeItem(at: location) }
        guard response.statusCode == 200 else {
            throw TelegramError(method: "file download",
                                kind: .api(code: response.statusCode, description: "file download failed", retryAfter: nil))
        }
        let size = (try? FileManager.default.attributesOfItem(atPath: location.path)[.size] as? NSNumber)?.intValue ?? 0
        guard size <= maxBytes else {
            throw TelegramError(method: "file download", kind: .fileTooBig(bytes: size, limit: maxBytes))
        }
        do {
            try FileManager.default.moveItem(at: location, to: destination)
        } catch {
            throw TelegramError(method: "file download", kind: .transport("cannot move the downloaded file"))
        }
    }

    private func perform(_ request: URLRequest, method: String) async throws -> (Data, HTTPURLResponse) {
        try await transfer(method: method) { try await self.session.data(for: request) }
    }

    /// Runs one URLSession transfer and turns its failures into `TelegramError`s without the URL
    /// (which carries the token).
    private func transfer<Body: Sendable>(
        method: String, _ body: @Sendable () async throws -> (Body, URLResponse)
    ) async throws -> (Body, HTTPURLResponse) {
        do {
            let (body, response) = try await body()
            guard let http = response as? HTTPURLResponse else {
                throw TelegramError(method: method, kind: .malformedResponse("not an HTTP response"))
            }
            return (body, http)
        } catch let error as TelegramError {
            throw error
        } catch is CancellationError {
            throw CancellationError()
        } catch let error as URLError {
            if error.code == .cancelled, Task.isCancelled { throw CancellationError() }
            // URLError's description carries the URL, and with it the token: keep only the code.
            throw TelegramError(method: method, kind: .transport("network error \(error.code.rawValue)"))
        } catch {
            throw TelegramError(method: method, kind: .transport("network error"))
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

    private struct Failure: Decodable {
        var ok: Bool
        var errorCode: Int?
        var description: String?
        var parameters: ResponseParameters?
        enum CodingKeys: String, CodingKey {
            case ok, description, parameters
            case errorCode = "error_code"
        }
    }

    static func decode<Result: Decodable>(_ type: Result.Type, from data: Data, status: Int,
                                          method: String) throws -> Result {
        let decoder = JSONDecoder()
        if let failure = try? decoder.decode(Failure.self, from: data), !failure.ok {
            throw TelegramError(method: method, kind: .api(code: failure.errorCode ?? status,
                                                            description: failure.description ?? "no description",
                                                            retryAfter: failure.parameters?.retryAfter))
        }
        do {
            let envelope = try decoder.decode(Envelope<Result>.self, from: data)
            guard let result = envelope.result else {
                throw TelegramError(method: method, kind: .malformedResponse("no result"))
            }
            return result
        } catch let error as TelegramError {
            throw error
        } catch {
            if status >= 400 {
                throw TelegramError(method: method, kind: .api(code: status, description: "HTTP \(status)", retryAfter: nil))
            }
            throw TelegramError(method: method, kind: .malformedResponse("\(error)".prefix(200).description))
        }
    }
}

/// A request body: JSON when there is nothing to upload, multipart/form-data otherwise.
struct RequestBody {
    let contentType: String
    let data: Data

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
