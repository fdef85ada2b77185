import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import TelegramEmulator
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// One `sogreto run --webhook` instance on PostgreSQL, as an operator starts it behind nginx.
final class InstanceProcess: Sendable {
    let name: String
    let port: Int
    private let process: ChildProcess

    init(_ name: String, port: Int, emulator: TelegramEmulator, databaseURL: String, webhookURL: String,
         secret: String, dataDirectory: URL) throws {
        self.name = name
        self.port = port
        let environment = [
            "TELEGRAM_BOT_TOKEN": emulator.token,
            "TELEGRAM_API_URL": emulator.baseURL.absoluteString,
            "SOGRETO_DATA_DIR": dataDirectory.path,
            "SOGRETO_ASSETS_DIR": repositoryRoot.appendingPathComponent("assets").path,
            "SOGRETO_AUDIO_DIR": dataDirectory.appendingPathComponent("no-audio").path,
            "SOGRETO_DATABASE_URL": databaseURL,
            "SOGRETO_INSTANCE": name,
            "SOGRETO_WEBHOOK_URL": webhookURL,
            "SOGRETO_WEBHOOK_SECRET": secret,
            // The admin routes (/healthz, /metrics) on the webhook's port.
            "SOGRETO_ADMIN_TOKEN": Self.adminToken,
            "SOGRETO_HTTP_HOST": "127.0.0.1",
            "SOGRETO_HTTP_PORT": String(port),
            "SOGRETO_LOG_LEVEL": ProcessInfo.processInfo.environment["SOGRETO_TEST_INSTANCE_LOG"] ?? "warning",
            "PATH": "/usr/bin:/bin",
        ]
        let log = dataDirectory.appendingPathComponent("instance-\(UUID().uuidString.prefix(8)).log")
        logFile = log
        try FileManager.default.createDirectory(at: dataDirectory, withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: log.path, contents: nil)
        let output = try FileHandle(forWritingTo: log)
        process = try ChildProcess(sogretoBinary, arguments: ["run", "--webhook"], environment: environment,
                                   output: output, errors: output)
    }

    var pid: Int32 { process.pid }

    static let adminToken = "instances-admin-token-0123456789"

    /// GET on the instance's own port (not through nginx); nil when it does not answer.
    func get(_ path: String) async -> (status: Int, body: Data)? {
        guard let url = URL(string: "http://127.0.0.1:\(port)\(path)") else { return nil }
        var request = URLRequest(url: url)
        request.setValue("Bearer \(Self.adminToken)", forHTTPHeaderField: "Authorization")
        request.timeoutInterval = 10
        guard let (body, response) = try? await URLSession.shared.data(for: request) else { return nil }
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, body)
    }

    private let logFile: URL

    /// The last lines the instance logged, for a failure's report.
    func logTail(lines: Int = 40) -> String {
        let text = (try? String(contentsOf: logFile, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").suffix(lines).joined(separator: "\n")
    }

    /// SIGKILL, and waits for the exit.
    func kill9() async { await process.kill9() }

    /// SIGTERM; the exit status, nil when it did not exit in time (then it is killed).
    func terminate(within seconds: Double = 30) async -> Int32? {
        await process.terminate(within: .seconds(seconds))
    }
}

/// A loopback port nothing listens on now (the kernel's pick, released at once).
func freeLoopbackPort() throws -> Int {
    let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard descriptor >= 0 else { throw PortError() }
    defer { close(descriptor) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = 0
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
            bind(descriptor, pointer, length) == 0 && getsockname(descriptor, pointer, &length) == 0
        }
    }
    guard bound else { throw PortError() }
    return Int(UInt16(bigEndian: address.sin_port))
}

struct PortError: Error {}
