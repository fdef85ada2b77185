import CCurl
package import Foundation

/// One HTTP exchange in flight on the transport's thread: what to send, what came back so far,
/// and who is waiting for it.
///
/// `@unchecked Sendable`: the request fields are immutable; `state` is read and written only under
/// the transport's lock; everything else (`received`, `handle`, `headers`, `continuation` once
/// submitted) only on the transport's own thread.
final class CurlTransfer: @unchecked Sendable {
    enum State {
        case created, submitted, cancelled
    }

    let url: String
    let body: Data?
    let contentType: String?
    let limits: TransferLimits
    let maxBytes: Int
    let method: String
    /// An open file the reply's body goes to instead of `received` (big downloads stay out of memory).
    let sink: Int32?
    /// Set for requests made with `HTTPRequest`: method, headers, streamed body, signing.
    let request: HTTPRequest?
    /// Where the next byte of a `.file` body is read from (libcurl may rewind it to send again).
    var uploadOffset: Int64 = 0
    /// Set when the body's file could not be read.
    var uploadFailed = false

    var state = State.created
    var continuation: CheckedContinuation<CurlResponse, any Error>?
    var received = Data()
    var receivedCount = 0
    /// Set when writing to `sink` failed (disk full, for example).
    var sinkFailed = false
    /// Set when the reply grew past `maxBytes`: the bytes it would have had at that point.
    var exceeded: Int?
    var handle: UnsafeMutableRawPointer?
    /// Headers built for this request only (multipart); shared JSON headers are not owned here.
    var ownedHeaders: UnsafeMutablePointer<curl_slist>?
    /// When the request reached the transport and when it got a connection slot, and how busy the
    /// transport was then: a slow request's log line says where its time went.
    var submittedAt: ContinuousClock.Instant?
    var startedAt: ContinuousClock.Instant?
    var busyAtStart = (inFlight: 0, waiting: 0)

    init(url: String, body: Data?, contentType: String?, limits: TransferLimits, maxBytes: Int, method: String,
         sink: Int32? = nil, request: HTTPRequest? = nil) {
        self.url = url
        self.sink = sink
        self.request = request
        self.body = body
        self.contentType = contentType
        self.limits = limits
        self.maxBytes = maxBytes
        self.method = method
    }

    deinit {
        if let ownedHeaders { curl_slist_free_all(ownedHeaders) }
    }

    /// Takes a chunk of the reply (into memory, or written to `sink`); false (abort) once it grows
    /// past `maxBytes` or the file cannot be written.
    func receive(_ chunk: UnsafeRawBufferPointer) -> Bool {
        guard receivedCount + chunk.count <= maxBytes else {
            exceeded = receivedCount + chunk.count
            return false
        }
        receivedCount += chunk.count
        guard let sink, let start = chunk.baseAddress, !keepsReplyInMemory else {
            received.append(contentsOf: chunk)
            return true
        }
        var offset = 0
        while offset < chunk.count {
            let written = write(sink, start + offset, chunk.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                sinkFailed = true
                return false
            }
            offset += written
        }
        return true
    }

    /// The bytes of the request's body, in memory or in a file.
    var bodyLength: Int {
        if case .file(_, let length)? = request?.body { return Int(length) }
        return body?.count ?? 0
    }

    /// A request's refusal (an error document) is not the file asked for: it stays in memory.
    private var keepsReplyInMemory: Bool {
        guard request != nil, let handle else { return false }
        return !(200..<300).contains(sg_curl_response_code(handle))
    }

    /// Fills `buffer` with the next bytes of a `.file` body; 0 at its end.
    func readBody(into buffer: UnsafeMutableRawPointer, capacity: Int) -> Int? {
        guard case .file(let descriptor, let length)? = request?.body else { return 0 }
        let wanted = Int(min(Int64(capacity), max(0, length - uploadOffset)))
        guard wanted > 0 else { return 0 }
        while true {
            let count = pread(descriptor, buffer, wanted, off_t(uploadOffset))
            if count < 0, errno == EINTR { continue }
            // A file shorter than announced would leave libcurl waiting for bytes that never come.
            guard count > 0 else {
                uploadFailed = true
                return nil
            }
            uploadOffset += Int64(count)
            return count
        }
    }

    func resume(with result: Result<CurlResponse, any Error>) {
        let waiting = continuation
        continuation = nil
        waiting?.resume(with: result)
    }
}

/// How long one exchange may take: in all, to connect, and without moving a byte (nil: no such
/// limit, as for a long poll, which is silent until it answers).
package struct TransferLimits: Sendable {
    package var total: TimeInterval
    package var connect: TimeInterval
    package var stall: TimeInterval?

    package init(total: TimeInterval, connect: TimeInterval, stall: TimeInterval?) {
        self.total = total
        self.connect = connect
        self.stall = stall
    }

    var totalMilliseconds: Int { Self.milliseconds(total) }
    var connectMilliseconds: Int { Self.milliseconds(connect) }
    /// libcurl counts a stall in whole seconds.
    var stallSeconds: Int { stall.map { max(1, Int($0.rounded(.up))) } ?? 0 }

    private static func milliseconds(_ seconds: TimeInterval) -> Int { max(1, Int((seconds * 1000).rounded())) }
}

/// A reply as the transport hands it back: the HTTP status and the body.
package struct CurlResponse: Sendable {
    package var status: Int
    package var body: Data
    /// The reply's Content-Length header (-1 when it had none): what a HEAD reports.
    package var contentLength: Int64 = -1
    /// A HEAD reply's Last-Modified in seconds since 1970 (-1 when it had none).
    package var lastModified: Int64 = -1
    package var timing = RequestTiming()
}

/// Where one request's time went: waiting in the transport for a connection slot, then
/// libcurl's exchange (of which `connect` until the connection was ready).
package struct RequestTiming: Sendable {
    package var queued: TimeInterval = 0
    package var connect: TimeInterval = 0
    package var exchange: TimeInterval = 0
    /// Requests in flight and waiting in the transport when this one got its slot.
    package var inFlight = 0
    package var waiting = 0

    package var total: TimeInterval { queued + exchange }
}

/// libcurl's write callback: the context is the transfer, kept alive by the transport while in flight.
let curlWriteCallback: @convention(c) (UnsafeMutablePointer<CChar>?, Int, Int, UnsafeMutableRawPointer?) -> Int = {
    data, size, count, context in
    guard let context else { return 0 }
    let bytes = size * count
    guard bytes > 0, let data else { return bytes }
    let transfer = Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue()
    return transfer.receive(UnsafeRawBufferPointer(start: data, count: bytes)) ? bytes : 0
}

/// libcurl's read callback for `.file` bodies; the context is the transfer.
let curlReadCallback: @convention(c) (UnsafeMutablePointer<CChar>?, Int, Int, UnsafeMutableRawPointer?) -> Int = {
    buffer, size, count, context in
    guard let context, let buffer else { return Int(CURL_READFUNC_ABORT) }
    let transfer = Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue()
    return transfer.readBody(into: buffer, capacity: size * count) ?? Int(CURL_READFUNC_ABORT)
}

/// libcurl's seek callback: rewinds a `.file` body when a request is sent again on a new connection.
let curlSeekCallback: @convention(c) (UnsafeMutableRawPointer?, curl_off_t, Int32) -> Int32 = {
    context, offset, origin in
    guard let context, origin == SEEK_SET, offset >= 0 else { return CURL_SEEKFUNC_CANTSEEK }
    let transfer = Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue()
    transfer.uploadOffset = Int64(offset)
    return CURL_SEEKFUNC_OK
}
