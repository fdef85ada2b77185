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
    let timeoutMilliseconds: Int
    let maxBytes: Int
    let method: String

    var state = State.created
    var continuation: CheckedContinuation<CurlResponse, any Error>?
    var received = Data()
    /// Set when the reply grew past `maxBytes`: the bytes it would have had at that point.
    var exceeded: Int?
    var handle: UnsafeMutableRawPointer?
    /// Headers built for this request only (multipart); shared JSON headers are not owned here.
    var ownedHeaders: UnsafeMutablePointer<curl_slist>?

    init(url: String, body: Data?, contentType: String?, timeout: TimeInterval, maxBytes: Int, method: String) {
        self.url = url
        self.body = body
        self.contentType = contentType
        timeoutMilliseconds = max(1, Int((timeout * 1000).rounded()))
        self.maxBytes = maxBytes
        self.method = method
    }

    deinit {
        if let ownedHeaders { curl_slist_free_all(ownedHeaders) }
    }

    /// Appends a chunk of the reply; false (abort) once it grows past `maxBytes`.
    func receive(_ chunk: UnsafeRawBufferPointer) -> Bool {
        guard received.count + chunk.count <= maxBytes else {
            exceeded = received.count + chunk.count
            return false
        }
        received.append(contentsOf: chunk)
        return true
    }

    func resume(with result: Result<CurlResponse, any Error>) {
        let waiting = continuation
        continuation = nil
        waiting?.resume(with: result)
    }
}

/// A reply as the transport hands it back: the HTTP status and the body.
struct CurlResponse: Sendable {
    var status: Int
    var body: Data
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
