import CCurl
package import Foundation

/// HTTP over libcurl's multi interface on one dedicated thread: every request of the bot shares
/// the multi handle's keep-alive connections, and a request costs one easy handle (pooled) and a
/// wake-up of that thread, with no per-request dispatch sources, queues or delegate hops.
///
/// Profiles of the pipeline benchmark showed URLSession on Linux (swift-corelibs-foundation's
/// per-task machinery over libcurl) taking about half of the bot's CPU per update; this is the
/// same libcurl without that layer. Errors never carry the URL (it holds the token).
///
/// `@unchecked Sendable`: `multi` is used by the thread alone, except `curl_multi_wakeup`, which
/// libcurl documents as callable from any thread; the queues are guarded by `lock`; `active` and
/// `idleHandles` belong to the thread.
package final class CurlTransport: @unchecked Sendable {
    private let multi: UnsafeMutableRawPointer
    private let lock = NSLock()
    private var submitted: [CurlTransfer] = []
    private var cancelled: [CurlTransfer] = []
    private var stopping = false
    private var active: [ObjectIdentifier: CurlTransfer] = [:]
    /// Submitted transfers beyond `maxActive`, oldest first. libcurl would queue them itself, but
    /// its timeouts run from the moment a transfer joins the multi handle, so a request waiting
    /// for a connection would use up its time before it was ever sent.
    private var waiting: [CurlTransfer] = []
    private let maxActive: Int
    private var idleHandles: [UnsafeMutableRawPointer] = []
    private let maxIdleHandles: Int
    /// `Content-Type: application/json` and no `Expect: 100-continue`, shared by every JSON request
    /// (libcurl only reads header lists).
    private let jsonHeaders: UnsafeMutablePointer<curl_slist>?

    private static let globalInit: CURLcode = curl_global_init(Int(CURL_GLOBAL_ALL))

    /// nil when libcurl cannot be initialised (out of memory): the caller reports it.
    package init?(maxConnections: Int, threadName: String = "telegram-http") {
        guard Self.globalInit == CURLE_OK, let multi = curl_multi_init() else { return nil }
        self.multi = multi
        maxIdleHandles = max(4, maxConnections)
        maxActive = max(1, maxConnections)
        _ = sg_curl_multi_configure(multi, maxConnections)
        jsonHeaders = Self.headers(contentType: "application/json")
        let thread = Thread { [self] in run() }
        thread.name = threadName
        thread.start()
    }

    deinit {
        for handle in idleHandles { curl_easy_cleanup(handle) }
        curl_multi_cleanup(multi)
        if let jsonHeaders { curl_slist_free_all(jsonHeaders) }
    }

    /// Stops the thread; requests in flight fail with CancellationError.
    package func shutdown() {
        lock.lock()
        stopping = true
        lock.unlock()
        curl_multi_wakeup(multi)
    }

    /// POSTs `body` (or GETs when nil) and returns the status and the body, at most `maxBytes`
    /// of it. Throws TransportError (transport, fileTooBig) or CancellationError.
    /// One exchange; with `sink`, the reply's body is written to that open file and `body` is empty.
    package func perform(url: String, body: Data?, contentType: String?, limits: TransferLimits,
                 maxBytes: Int = Int.max, method: String, sink: Int32? = nil) async throws -> CurlResponse {
        try await exchange(CurlTransfer(url: url, body: body, contentType: contentType, limits: limits,
                                        maxBytes: maxBytes, method: method, sink: sink))
    }

    /// One exchange as `request` describes it; throws TransportError or CancellationError. A
    /// status of any kind comes back as a reply (the caller decides what a 404 means).
    package func perform(_ request: HTTPRequest) async throws -> CurlResponse {
        var body: Data?
        if case .data(let data) = request.body { body = data }
        let transfer = CurlTransfer(url: request.url, body: body, contentType: nil, limits: request.limits,
                                    maxBytes: request.maxBytes, method: request.label, sink: request.sink,
                                    request: request)
        return try await exchange(transfer)
    }

    /// Hands `transfer` to the transport's thread and waits for its outcome; the submit time
    /// lets a slow or timed-out request say how long it waited for a connection.
    private func exchange(_ transfer: CurlTransfer) async throws -> CurlResponse {
        transfer.submittedAt = ContinuousClock.now
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                transfer.continuation = continuation
                submit(transfer)
            }
        } onCancel: {
            cancel(transfer)
        }
    }

    private func submit(_ transfer: CurlTransfer) {
        lock.lock()
        if transfer.state == .cancelled || stopping {
            lock.unlock()
            transfer.resume(with: .failure(CancellationError()))
            return
        }
        transfer.state = .submitted
        submitted.append(transfer)
        lock.unlock()
        curl_multi_wakeup(multi)
    }

    private func cancel(_ transfer: CurlTransfer) {
        lock.lock()
        switch transfer.state {
        case .created:
            transfer.state = .cancelled
            lock.unlock()
        case .submitted:
            transfer.state = .cancelled
            cancelled.append(transfer)
            lock.unlock()
            curl_multi_wakeup(multi)
        case .cancelled:
            lock.unlock()
        }
    }

    // MARK: - The transport's thread

    private func run() {
        while true {
            lock.lock()
            let starting = submitted
            let cancelling = cancelled
            let stop = stopping
            submitted.removeAll(keepingCapacity: true)
            cancelled.removeAll(keepingCapacity: true)
            lock.unlock()

            waiting += starting
            for transfer in cancelling {
                if active[ObjectIdentifier(transfer)] != nil {
                    finish(transfer, with: .failure(CancellationError()))
                } else if let index = waiting.firstIndex(where: { $0 === transfer }) {
                    waiting.remove(at: index).resume(with: .failure(CancellationError()))
                }
            }
            if stop {
                for transfer in Array(active.values) { finish(transfer, with: .failure(CancellationError())) }
                for transfer in waiting { transfer.resume(with: .failure(CancellationError())) }
                return
            }
            startWaiting()
            var running: Int32 = 0
            _ = curl_multi_perform(multi, &running)
            var left: Int32 = 0
            while let message = curl_multi_info_read(multi, &left) {
                guard message.pointee.msg == CURLMSG_DONE, let handle = message.pointee.easy_handle,
                      let context = sg_curl_private(handle) else { continue }
                let transfer = Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue()
                let code = message.pointee.data.result
                finish(transfer, with: outcome(of: transfer, code: code, handle: handle))
            }
            // Connections freed just now go to waiting requests before the thread sleeps.
            if !waiting.isEmpty && active.count < maxActive { continue }
            _ = curl_multi_poll(multi, nil, 0, 1000, nil)
        }
    }

    private func startWaiting() {
        let count = min(waiting.count, maxActive - active.count)
        guard count > 0 else { return }
        let starting = waiting.prefix(count)
        waiting.removeFirst(count)
        for transfer in starting { start(transfer) }
    }

    private func start(_ transfer: CurlTransfer) {
        guard let handle = idleHandles.popLast() ?? curl_easy_init() else {
            transfer.resume(with: .failure(TransportError(label: transfer.method, kind: .transport("could not create a request"))))
            return
        }
        var headers: UnsafeMutablePointer<curl_slist>?
        if let request = transfer.request {
            transfer.ownedHeaders = Self.headers(request.headers)
            headers = transfer.ownedHeaders
        } else if let contentType = transfer.contentType {
            if contentType == "application/json" {
                headers = jsonHeaders
            } else {
                transfer.ownedHeaders = Self.headers(contentType: contentType)
                headers = transfer.ownedHeaders
            }
        }
        let context = Unmanaged.passUnretained(transfer).toOpaque()
        let limits = transfer.limits
        let prepared: CURLcode = transfer.url.withCString { url in
            if let body = transfer.body {
                return body.withUnsafeBytes { bytes in
                    sg_curl_prepare(handle, url, bytes.baseAddress?.assumingMemoryBound(to: CChar.self), body.count,
                                    headers, limits.totalMilliseconds, limits.connectMilliseconds, limits.stallSeconds,
                                    curlWriteCallback, context)
                }
            }
            return sg_curl_prepare(handle, url, nil, -1, headers, limits.totalMilliseconds, limits.connectMilliseconds,
                                   limits.stallSeconds, curlWriteCallback, context)
        }
        let preparedMore = prepared == CURLE_OK ? prepareMore(transfer, handle: handle, context: context) : prepared
        guard preparedMore == CURLE_OK, curl_multi_add_handle(multi, handle) == CURLM_OK else {
            recycle(handle)
            transfer.resume(with: .failure(TransportError(label: transfer.method,
                                                         kind: .transport("request rejected (\(preparedMore.rawValue))"))))
            return
        }
        transfer.handle = handle
        transfer.startedAt = ContinuousClock.now
        transfer.busyAtStart = (active.count, waiting.count)
        active[ObjectIdentifier(transfer)] = transfer
    }

    /// The options of an `HTTPRequest` beyond a GET or POST (libcurl copies the strings).
    private func prepareMore(_ transfer: CurlTransfer, handle: UnsafeMutableRawPointer,
                             context: UnsafeMutableRawPointer) -> CURLcode {
        guard let request = transfer.request else { return CURLE_OK }
        var uploadLength: Int64 = -1
        if case .file(_, let length) = request.body { uploadLength = length }
        let isHead = request.method == "HEAD"
        let method: String? = isHead || request.method == "GET" ? nil : request.method
        let scope = request.signing?.scope
        let credentials = request.signing.map { "\($0.accessKeyID):\($0.secretAccessKey)" }
        return withOptionalCString(method) { method in
            withOptionalCString(scope) { scope in
                withOptionalCString(credentials) { credentials in
                    sg_curl_prepare_more(handle, method, isHead ? 1 : 0, uploadLength, curlReadCallback,
                                         curlSeekCallback, context, scope, credentials)
                }
            }
        }
    }

    private func outcome(of transfer: CurlTransfer, code: CURLcode, handle: UnsafeMutableRawPointer) -> Result<CurlResponse, any Error> {
        if code == CURLE_OK {
            return .success(CurlResponse(status: sg_curl_response_code(handle), body: transfer.received,
                                         contentLength: sg_curl_content_length(handle),
                                         lastModified: sg_curl_file_time(handle),
                                         timing: timing(of: transfer, handle: handle)))
        }
        if transfer.uploadFailed {
            return .failure(TransportError(label: transfer.method, kind: .localFile("cannot read the file to upload")))
        }
        if transfer.sinkFailed {
            return .failure(TransportError(label: transfer.method, kind: .localFile("cannot write the downloaded file")))
        }
        if let bytes = transfer.exceeded {
            return .failure(TransportError(label: transfer.method, kind: .fileTooBig(bytes: bytes, limit: transfer.maxBytes)))
        }
        let text = code == CURLE_OPERATION_TIMEDOUT ? timeoutReason(transfer, handle: handle)
            : String(cString: curl_easy_strerror(code)).lowercased()
        // curl_easy_strerror is a fixed sentence per code, never the URL (which carries the token).
        return .failure(TransportError(label: transfer.method, kind: .transport("network error \(code.rawValue): \(text)")))
    }

    private func timing(of transfer: CurlTransfer, handle: UnsafeMutableRawPointer) -> RequestTiming {
        var connected = 0.0, total = 0.0, uploaded = 0.0
        sg_curl_timings(handle, &connected, &total, &uploaded)
        return RequestTiming(queued: queuedSeconds(transfer), connect: connected, exchange: total,
                             inFlight: transfer.busyAtStart.inFlight, waiting: transfer.busyAtStart.waiting)
    }

    /// Seconds the request waited in `waiting` for a connection slot.
    private func queuedSeconds(_ transfer: CurlTransfer) -> Double {
        guard let submitted = transfer.submittedAt, let started = transfer.startedAt else { return 0 }
        let wait = started - submitted
        return Double(wait.components.seconds) + Double(wait.components.attoseconds) / 1e18
    }

    /// Which limit ran out, so the log says why a request is retried: no connection, no answer
    /// to a request sent whole, or a transfer that stopped moving (and any wait for a slot before).
    private func timeoutReason(_ transfer: CurlTransfer, handle: UnsafeMutableRawPointer) -> String {
        var connected = 0.0, total = 0.0, uploaded = 0.0
        sg_curl_timings(handle, &connected, &total, &uploaded)
        let seconds = { (value: Double) in String(format: "%.1f s", value) }
        let waited = queuedSeconds(transfer)
        let queued = waited >= 0.05 ? ", after \(seconds(waited)) waiting for a free connection" : ""
        if connected == 0 {
            return "timed out: no connection within \(seconds(total)) (connect limit \(seconds(transfer.limits.connect))\(queued))"
        }
        let requestSent = Int(uploaded) >= transfer.bodyLength
        if let stall = transfer.limits.stall, total + 0.5 < transfer.limits.total {
            return "timed out: nothing moved for \(seconds(stall)) (connected in \(seconds(connected)), after \(seconds(total))\(queued))"
        }
        return "timed out: \(requestSent ? "request sent, no answer" : "request not sent") within \(seconds(total)) (connected in \(seconds(connected))\(queued))"
    }

    private func finish(_ transfer: CurlTransfer, with result: Result<CurlResponse, any Error>) {
        active[ObjectIdentifier(transfer)] = nil
        if let handle = transfer.handle {
            curl_multi_remove_handle(multi, handle)
            transfer.handle = nil
            recycle(handle)
        }
        transfer.resume(with: result)
    }

    private func recycle(_ handle: UnsafeMutableRawPointer) {
        if idleHandles.count < maxIdleHandles {
            curl_easy_reset(handle)
            idleHandles.append(handle)
        } else {
            curl_easy_cleanup(handle)
        }
    }

    /// A request's own header lines. Signed requests keep libcurl's "Expect: 100-continue" for
    /// big bodies: libcurl 7.88 would sign an emptied "Expect:" line that it never sends.
    private static func headers(_ lines: [String]) -> UnsafeMutablePointer<curl_slist>? {
        var list: UnsafeMutablePointer<curl_slist>?
        for line in lines { list = curl_slist_append(list, line) }
        return list
    }

    private static func headers(contentType: String) -> UnsafeMutablePointer<curl_slist>? {
        // An empty `Expect:` stops libcurl waiting for "100 Continue" before large bodies.
        let list = curl_slist_append(nil, "Content-Type: \(contentType)")
        return curl_slist_append(list, "Expect:")
    }
}

private func withOptionalCString<Result>(_ text: String?, _ body: (UnsafePointer<CChar>?) -> Result) -> Result {
    guard let text else { return body(nil) }
    return text.withCString { body($0) }
}
