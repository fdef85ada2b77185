import BlobStore
package import Foundation
import HTTPTransport

/// An S3-compatible bucket over the project's libcurl transport: requests signed by libcurl's
/// own AWS Signature V4, bodies streamed from and to files, retries with back-off on 5xx,
/// timeouts and dropped connections. Keys are used as given (the caller adds any prefix).
public final class S3Client: Sendable {
    public let settings: S3Settings
    private let transport: CurlTransport
    private let address: S3Address
    private let retry: S3RetryPolicy
    private let timeouts: S3Timeouts
    private let sleep: @Sendable (Duration) async throws -> Void

    /// SHA-256 of no bytes: what GET, HEAD, DELETE and LIST sign as their payload.
    static let emptyBodySHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

    /// `sleep` waits between attempts (tests pass a quick one).
    public init(settings: S3Settings, retry: S3RetryPolicy = S3RetryPolicy(), timeouts: S3Timeouts = S3Timeouts(),
                maxConnections: Int = 16,
                sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) }) throws {
        guard let transport = CurlTransport(maxConnections: maxConnections, threadName: "s3-http") else {
            throw S3Error(kind: .unexpected("no request: the HTTP client could not be initialised"), operation: "start",
                          bucket: settings.bucket, endpoint: settings.endpointHost)
        }
        self.settings = settings
        self.transport = transport
        self.address = S3Address(settings: settings)
        self.retry = retry
        self.timeouts = timeouts
        self.sleep = sleep
    }

    deinit {
        transport.shutdown()
    }

    // MARK: - Operations

    /// Stops with a sentence unless the bucket exists and takes the credentials (a one-key listing,
    /// which also proves the right to list that the orphan report needs).
    public func checkBucket() async throws {
        let operation = "LIST of the bucket"
        let response = try await send(operation, method: "GET", key: nil, query: [("list-type", "2"), ("max-keys", "1")])
        try expectSuccess(response, operation: operation)
    }

    /// Uploads `file` under `key` unless an object is there already; true when it uploaded.
    /// Keys are content hashes, so an object already there holds these bytes.
    @discardableResult
    func putIfAbsent(key: String, file: URL, sha256: String) async throws -> Bool {
        if try await head(key: key) != nil { return false }
        try await put(key: key, file: file, sha256: sha256)
        return true
    }

    /// Copies the object onto itself, which gives it a new modification time without sending its bytes.
    func renew(key: String, contentType: String = "application/octet-stream") async throws {
        let operation = "COPY \"\(key)\" onto itself"
        let source = "/\(S3Address.encodePath(settings.bucket))/\(S3Address.encodePath(key))"
        let response = try await send(operation, method: "PUT", key: key, body: .data(Data()),
                                      headers: ["x-amz-copy-source: \(source)", "x-amz-metadata-directive: REPLACE",
                                                "Content-Type: \(contentType)"])
        try expectSuccess(response, operation: operation)
        // A copy can fail after its 200 has gone out: S3 then sends an error document as the body.
        if response.body.range(of: Data("<Error>".utf8)) != nil {
            throw S3Error(kind: .unexpected("an error in a copy's answer (\(errorCode(response) ?? "no code"))"),
                          operation: operation, bucket: settings.bucket, endpoint: settings.endpointHost)
        }
    }

    /// Uploads `file` (streamed from disk, never whole in memory) under `key`; `sha256` is the
    /// file's, sent as `x-amz-content-sha256` so the store can check what arrived.
    package func put(key: String, file: URL, sha256: String, contentType: String = "application/octet-stream") async throws {
        let operation = "PUT \"\(key)\""
        let descriptor = open(file.path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw localError("cannot open the file to upload", operation: operation) }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw localError("cannot read the file to upload", operation: operation) }
        let response = try await send(operation, method: "PUT", key: key, body: .file(descriptor: descriptor,
                                                                                       length: Int64(status.st_size)),
                                      sha256: sha256, headers: ["Content-Type: \(contentType)"])
        try expectSuccess(response, operation: operation)
    }

    /// Uploads `data` under `key`.
    package func put(key: String, data: Data, contentType: String = "application/octet-stream") async throws {
        let operation = "PUT \"\(key)\""
        let response = try await send(operation, method: "PUT", key: key, body: .data(data), sha256: Self.sha256(data),
                                      headers: ["Content-Type: \(contentType)"])
        try expectSuccess(response, operation: operation)
    }

    /// Writes the object to `destination` (created, or replaced) as it arrives; throws
    /// `.missingObject` when there is none. A failed download leaves no file.
    package func get(key: String, to destination: URL) async throws {
        let operation = "GET \"\(key)\""
        let descriptor = open(destination.path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw localError("cannot create the download file", operation: operation) }
        var complete = false
        defer {
            close(descriptor)
            if !complete { unlink(destination.path) }
        }
        // Each attempt starts the file again: a dropped download must not leave its first half in front.
        let response = try await send(operation, method: "GET", key: key, sink: descriptor) {
            ftruncate(descriptor, 0) == 0 && lseek(descriptor, 0, SEEK_SET) == 0
        }
        try expectSuccess(response, operation: operation)
        complete = true
    }

    /// The object's bytes, at most `maxBytes` of them.
    package func get(key: String, maxBytes: Int = 64 << 20) async throws -> Data {
        let operation = "GET \"\(key)\""
        let response = try await send(operation, method: "GET", key: key, maxBytes: maxBytes)
        try expectSuccess(response, operation: operation)
        return response.body
    }

    /// The object's size and modification time, or nil when there is no such object.
    package func head(key: String) async throws -> S3ObjectHead? {
        let operation = "HEAD \"\(key)\""
        let response = try await send(operation, method: "HEAD", key: key)
        if response.status == 404 { return nil }
        try expectSuccess(response, operation: operation)
        let modified = response.lastModified >= 0 ? Date(timeIntervalSince1970: Double(response.lastModified)) : .distantPast
        return S3ObjectHead(size: max(0, response.contentLength), modifiedAt: modified)
    }

    /// Removes the object; removing a missing object is not an error.
    package func delete(key: String) async throws {
        let operation = "DELETE \"\(key)\""
        let response = try await send(operation, method: "DELETE", key: key)
        if response.status == 404, errorCode(response) != "NoSuchBucket" { return }
        try expectSuccess(response, operation: operation)
    }

    /// Every object whose key starts with `prefix`, page after page (`pageSize` at most 1,000).
    package func list(prefix: String, pageSize: Int = 1000) async throws -> [S3Object] {
        var objects: [S3Object] = []
        var token: String?
        repeat {
            let page = try await listPage(prefix: prefix, continuationToken: token, pageSize: pageSize)
            objects += page.objects
            token = page.continuationToken
        } while token != nil
        return objects
    }

    /// One page of the objects under `prefix`, from S3's `continuationToken` (nil: the first).
    func listPage(prefix: String, continuationToken: String?, pageSize: Int) async throws -> S3ListPage {
        let operation = "LIST \"\(prefix)\""
        var query: [(name: String, value: String)] = [("list-type", "2"), ("max-keys", "\(pageSize)")]
        if !prefix.isEmpty { query.append(("prefix", prefix)) }
        if let continuationToken { query.append(("continuation-token", continuationToken)) }
        let response = try await send(operation, method: "GET", key: nil, query: query)
        try expectSuccess(response, operation: operation)
        guard let page = S3ListPage(xml: String(decoding: response.body, as: UTF8.self)) else {
            throw S3Error(kind: .unexpected("a listing that is not ListObjectsV2's"), operation: operation,
                          bucket: settings.bucket, endpoint: settings.endpointHost)
        }
        return page
    }

    /// Whether the bucket keeps old versions of objects (what protects media from a mistaken
    /// delete in S3 mode, where backups hold the database only).
    public func isVersioningEnabled() async throws -> Bool {
        let operation = "GET of the bucket's versioning"
        let response = try await send(operation, method: "GET", key: nil, query: [("versioning", "")])
        try expectSuccess(response, operation: operation)
        return S3XML.first("Status", in: String(decoding: response.body, as: UTF8.self)[...]) == "Enabled"
    }

    /// Turns versioning on (test support and first set-up).
    package func enableVersioning() async throws {
        let operation = "PUT of the bucket's versioning"
        let body = Data("""
            <VersioningConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Status>Enabled</Status></VersioningConfiguration>
            """.utf8)
        let response = try await send(operation, method: "PUT", key: nil, query: [("versioning", "")], body: .data(body),
                                      sha256: Self.sha256(body), headers: ["Content-Type: application/xml"])
        try expectSuccess(response, operation: operation)
    }

    /// Creates the bucket (test support and first set-up; the bot itself never creates one).
    package func createBucket() async throws {
        let operation = "CREATE bucket"
        let body = settings.region == "us-east-1" ? Data() : Data("""
            <CreateBucketConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/">\
            <LocationConstraint>\(settings.region)</LocationConstraint></CreateBucketConfiguration>
            """.utf8)
        let response = try await send(operation, method: "PUT", key: nil, body: .data(body), sha256: Self.sha256(body),
                                      headers: ["Content-Type: application/xml"])
        try expectSuccess(response, operation: operation)
    }

    // MARK: - One request, with its retries

    /// Sends the request until it is answered with anything but 5xx (or 429), up to the policy's
    /// attempts. `beforeAttempt` readies a sink again; false stops with a local-file error.
    private func send(_ operation: String, method: String, key: String?, query: [(name: String, value: String)] = [],
                      body: HTTPRequest.Body = .none, sha256: String = emptyBodySHA256, headers: [String] = [],
                      sink: Int32? = nil, maxBytes: Int = 16 << 20,
                      beforeAttempt: () -> Bool = { true }) async throws -> CurlResponse {
        let moves = sink != nil || method == "PUT"
        let limits = moves
            ? TransferLimits(total: timeouts.transfer, connect: timeouts.connect, stall: timeouts.stall)
            : TransferLimits(total: timeouts.reply, connect: timeouts.connect, stall: nil)
        let request = HTTPRequest(
            method: method, url: address.url(key: key, query: query),
            headers: headers + ["x-amz-content-sha256: \(sha256)"], body: body,
            signing: HTTPRequest.Signing(scope: "aws:amz:\(settings.region):s3", accessKeyID: settings.accessKeyID,
                                         secretAccessKey: settings.secretAccessKey),
            limits: limits, label: operation, sink: sink, maxBytes: sink == nil ? maxBytes : Int.max)
        var lastReason = "no attempt"
        for attempt in 1...retry.attempts {
            if attempt > 1 { try await sleep(retry.delay(before: attempt)) }
            guard beforeAttempt() else { throw localError("cannot write the download file", operation: operation) }
            do {
                let response = try await transport.perform(request)
                guard response.status >= 500 || response.status == 429 else { return response }
                lastReason = "\(response.status) \(errorCode(response) ?? "")".trimmingCharacters(in: .whitespaces)
            } catch let error as TransportError {
                switch error.kind {
                case .transport(let text):
                    lastReason = text
                case .localFile(let text):
                    throw localError(text, operation: operation)
                case .fileTooBig(_, let limit):
                    throw S3Error(kind: .unexpected("an object of more than \(limit) bytes"), operation: operation,
                                  bucket: settings.bucket, endpoint: settings.endpointHost)
                }
            }
        }
        throw S3Error(kind: .unavailable(attempts: retry.attempts, reason: lastReason), operation: operation,
                      bucket: settings.bucket, endpoint: settings.endpointHost)
    }

    private func expectSuccess(_ response: CurlResponse, operation: String) throws {
        guard !(200..<300).contains(response.status) else { return }
        let code = errorCode(response)
        let kind: S3Error.Kind
        switch (response.status, code) {
        case (404, "NoSuchBucket"?): kind = .missingBucket
        case (404, _): kind = .missingObject
        case (401, _), (403, _): kind = .refused(status: response.status, code: code ?? "AccessDenied")
        default: kind = .unexpected("\(response.status) \(code ?? "")".trimmingCharacters(in: .whitespaces))
        }
        throw S3Error(kind: kind, operation: operation, bucket: settings.bucket, endpoint: settings.endpointHost)
    }

    /// S3's error code (`NoSuchBucket`, `SignatureDoesNotMatch`, …) from an error document;
    /// only the code: the message may echo the request.
    private func errorCode(_ response: CurlResponse) -> String? {
        guard !response.body.isEmpty else { return nil }
        let code = S3XML.first("Code", in: String(decoding: response.body.prefix(64 << 10), as: UTF8.self)[...])
        return code.map { String($0.prefix(64).filter { $0.isLetter || $0.isNumber || $0 == "." }) }
    }

    private func localError(_ text: String, operation: String) -> S3Error {
        S3Error(kind: .localFile(text), operation: operation, bucket: settings.bucket, endpoint: settings.endpointHost)
    }

    static func sha256(_ data: Data) -> String {
        BlobKey.of(data).hex
    }
}

/// What HEAD tells about an object.
package struct S3ObjectHead: Sendable, Equatable {
    package var size: Int64
    /// Whole seconds (Last-Modified).
    var modifiedAt: Date
}
