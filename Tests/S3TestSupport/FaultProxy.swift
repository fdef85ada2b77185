import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A loopback HTTP proxy in front of a server (moto) that misbehaves on cue: each request takes
/// the next scripted fault (none left: passed through). One request per connection, so every
/// retry of the client is a request of its own here.
///
/// `@unchecked Sendable`: the script and the log are guarded by `lock`; the listening socket is
/// used by the accept thread alone.
public final class FaultProxy: @unchecked Sendable {
    public enum Fault: Sendable, Equatable {
        /// Answer this status (500, 503) with an S3 error document, without passing the request on.
        case status(Int)
        /// Wait this long, then pass the request on.
        case delay(seconds: Double)
        /// Read the request and close the connection without a word.
        case drop
        /// Pass the request on (the server acts on it), then close without passing the answer back.
        case dropAnswer
        /// Pass the request on and send back only the first half of the answer.
        case truncateAnswer
        /// Pass the request on, send back the first half of the answer, go quiet this long, then send the rest.
        case stallAnswer(seconds: Double)
    }

    public let port: Int
    private let upstreamPort: Int
    private let listener: Int32
    private let lock = NSLock()
    private var script: [(method: String?, fault: Fault)] = []
    private var seen: [String] = []
    private var stopped = false

    public init(upstreamPort: Int) throws {
        self.upstreamPort = upstreamPort
        (listener, port) = try LoopbackSocket.listen()
        let thread = Thread { [self] in acceptLoop() }
        thread.name = "fault-proxy"
        thread.start()
    }

    deinit {
        stop()
    }

    public func stop() {
        lock.withLock {
            guard !stopped else { return }
            stopped = true
            shutdown(listener, Int32(SHUT_RDWR))
            close(listener)
        }
    }

    /// The faults the next requests meet, in order; with `method`, only requests of that method.
    public func script(_ faults: [Fault], method: String? = nil) {
        lock.withLock { script += faults.map { (method, $0) } }
    }

    /// "METHOD path body-bytes" of every request that reached the proxy, in order.
    public var requests: [String] {
        lock.withLock { seen }
    }

    private func acceptLoop() {
        while true {
            let connection = accept(listener, nil, nil)
            if connection < 0 {
                if errno == EINTR { continue }
                return
            }
            let thread = Thread { [self] in serve(connection) }
            thread.start()
        }
    }

    private func serve(_ client: Int32) {
        defer { close(client) }
        guard let request = readRequest(client) else { return }
        let fault: Fault? = lock.withLock {
            seen.append("\(request.line) \(request.bodyLength)")
            let method = request.line.prefix { $0 != " " }
            guard let index = script.firstIndex(where: { $0.method.map { $0 == method } ?? true }) else { return nil }
            return script.remove(at: index).fault
        }
        switch fault {
        case .status(let status)?:
            let code = status == 503 ? "SlowDown" : "InternalError"
            let body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>\(code)</Code><Message>fault</Message></Error>"
            LoopbackSocket.write(client, Data(("HTTP/1.1 \(status) Fault\r\nContent-Type: application/xml\r\n"
                                                + "Content-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n" + body).utf8))
        case .delay(let seconds)?:
            Thread.sleep(forTimeInterval: seconds)
            if let answer = forward(request.bytes) { LoopbackSocket.write(client, answer) }
        case .drop?:
            return
        case .dropAnswer?:
            _ = forward(request.bytes)
        case .truncateAnswer?:
            if let answer = forward(request.bytes) { LoopbackSocket.write(client, answer.prefix(answer.count / 2)) }
        case .stallAnswer(let seconds)?:
            guard let answer = forward(request.bytes) else { return }
            guard LoopbackSocket.write(client, answer.prefix(answer.count / 2)) else { return }
            Thread.sleep(forTimeInterval: seconds)
            LoopbackSocket.write(client, answer.dropFirst(answer.count / 2))
        case nil:
            if let answer = forward(request.bytes) { LoopbackSocket.write(client, answer) }
        }
    }

    /// The request's bytes as received (head and Content-Length body) and its first line.
    private func readRequest(_ client: Int32) -> (bytes: Data, line: String, bodyLength: Int)? {
        var bytes = Data()
        let separator = Data("\r\n\r\n".utf8)
        while bytes.range(of: separator) == nil {
            let chunk = LoopbackSocket.read(client)
            if chunk.isEmpty { return nil }
            bytes += chunk
        }
        let headEnd = bytes.range(of: separator)!.upperBound
        let head = String(decoding: bytes[..<headEnd], as: UTF8.self)
        // libcurl waits for "100 Continue" before a PUT's body; the proxy reads the body first.
        if head.lowercased().contains("\r\nexpect: 100-continue") {
            LoopbackSocket.write(client, Data("HTTP/1.1 100 Continue\r\n\r\n".utf8))
        }
        let length = head.split(separator: "\r\n").compactMap { line -> Int? in
            let parts = line.split(separator: ":", maxSplits: 1)
            guard parts.count == 2, parts[0].lowercased() == "content-length" else { return nil }
            return Int(parts[1].trimmingCharacters(in: .whitespaces))
        }.first ?? 0
        while bytes.count - headEnd < length {
            let chunk = LoopbackSocket.read(client)
            if chunk.isEmpty { return nil }
            bytes += chunk
        }
        let line = head.prefix { $0 != "\r" }.split(separator: " ").prefix(2).joined(separator: " ")
        return (bytes, line, length)
    }

    /// The upstream's whole answer (it closes each connection after answering).
    private func forward(_ request: Data) -> Data? {
        guard let upstream = LoopbackSocket.connect(port: upstreamPort) else { return nil }
        defer { close(upstream) }
        guard LoopbackSocket.write(upstream, request) else { return nil }
        var answer = Data()
        while true {
            let chunk = LoopbackSocket.read(upstream)
            if chunk.isEmpty { break }
            answer += chunk
        }
        // The client had its "100 Continue" from the proxy already.
        let interim = Data("HTTP/1.1 100 Continue\r\n\r\n".utf8)
        return answer.starts(with: interim) ? answer.dropFirst(interim.count) : answer
    }
}
