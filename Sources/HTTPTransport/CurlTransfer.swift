import CCurl
import Foundation

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

    init(url: String, body: Data?, contentType: String?, limits: TransferLimits, maxBytes: Int, method: String,
         sink: Int32? = nil) {
        self.url = url
        self.sink = sink
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
        guard let sink, let start = chunk.baseAddress else {
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
