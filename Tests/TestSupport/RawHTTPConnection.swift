import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A bare TCP connection to a test server on loopback, to send exactly the bytes a hostile or
/// broken client would (half a request, a forged Host) and see what the server does.
public final class RawHTTPConnection: @unchecked Sendable {
    private let descriptor: Int32

    public init(port: Int) throws {
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard descriptor >= 0, connected == 0 else { throw CocoaError(.fileReadUnknown) }
    }

    deinit { close(descriptor) }

    public func send(_ text: String) {
        send(Data(text.utf8))
    }

    /// Writes what the socket takes; false once the server has closed it (no SIGPIPE).
    @discardableResult
    public func send(_ bytes: Data) -> Bool {
        bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let written = Glibc.send(descriptor, raw.baseAddress! + offset, raw.count - offset, Int32(MSG_NOSIGNAL))
                if written <= 0 { return false }
                offset += written
            }
            return true
        }
    }

    /// Everything the server sends until it closes the connection, or nil if it is still open
    /// after `timeout`.
    public func readUntilClosed(timeout: TimeInterval) async -> String? {
        await offThePool { self.readUntilClosedBlocking(timeout: timeout) }
    }

    /// The status code of the first response the server sends within `timeout`.
    public func status(timeout: TimeInterval) async -> Int? {
        await offThePool { self.statusBlocking(timeout: timeout) }
    }

    /// Waits on a dispatch thread: the cooperative pool has one thread per core, and the server
    /// being read from (and every other suite) needs them while this waits.
    private func offThePool<T: Sendable>(_ wait: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(returning: wait()) }
        }
    }

    private func readUntilClosedBlocking(timeout: TimeInterval) -> String? {
        var text: String?
        let closed = receive(timeout: timeout) { _ in false } closed: { text = $0 }
        return closed ? text : nil
    }

    private func statusBlocking(timeout: TimeInterval) -> Int? {
        var code: Int?
        _ = receive(timeout: timeout) { text in
            guard let line = text.split(separator: "\r\n").first, line.hasPrefix("HTTP/1.1 "), line.count >= 12 else { return false }
            code = Int(line.dropFirst(9).prefix(3))
            return true
        } closed: { _ in }
        return code
    }

    /// Reads until `enough` says so (false), the server closes (true, after `closed` sees the
    /// bytes) or `timeout` passes (false).
    private func receive(timeout: TimeInterval, enough: (String) -> Bool, closed: (String) -> Void) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        var received = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 4096)
        while Date() < deadline {
            var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, 50) > 0 else { continue }
            let count = read(descriptor, &buffer, buffer.count)
            if count <= 0 {
                closed(String(decoding: received, as: UTF8.self))
                return true
            }
            received += buffer[0..<count]
            if enough(String(decoding: received, as: UTF8.self)) { return false }
        }
        return false
    }
}
