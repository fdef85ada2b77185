import Foundation
import PostgresTestSupport
#if canImport(Glibc)
import Glibc
#endif
import TestSupport

/// nginx in front of the instances, as DEPLOY.md configures it: one upstream, a dead instance
/// skipped (a refused connection goes to the next one; a POST that reached an instance is not
/// sent twice by nginx: Telegram, here the emulator, sends it again).
final class Nginx: @unchecked Sendable {
    // @unchecked Sendable: `process` is started in init and only stopped after.
    static let binary = ["/usr/sbin/nginx", "/usr/bin/nginx"].first { FileManager.default.isExecutableFile(atPath: $0) }

    /// Why instances behind nginx cannot run here (printed once), nil when they can.
    static let instancesUnavailableReason: String? = {
        let reason = PostgresTestCluster.unavailableReason ?? (binary == nil ? "nginx is not installed" : nil)
            ?? (FileManager.default.isExecutableFile(atPath: sogretoBinary.path) ? nil : "no sogreto executable at \(sogretoBinary.path)")
        if let reason { print("instances behind nginx skipped: \(reason)") }
        return reason
    }()

    let port: Int
    let folder: URL
    private let process = Process()

    init(port: Int, upstreams: [Int], path: String) throws {
        guard let binary = Self.binary else { throw NginxError(description: "nginx is not installed") }
        self.port = port
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("sogreto-nginx-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let servers = upstreams.map { "        server 127.0.0.1:\($0) max_fails=1 fail_timeout=2s;" }.joined(separator: "\n")
        let root = getuid() == 0 ? "user root root;\n" : ""
        let configuration = """
            \(root)daemon off;
            master_process off;
            worker_processes 1;
            pid \(folder.path)/nginx.pid;
            error_log \(folder.path)/error.log warn;
            events { worker_connections 256; }
            http {
                access_log off;
                client_body_temp_path \(folder.path)/body;
                proxy_temp_path \(folder.path)/proxy;
                fastcgi_temp_path \(folder.path)/fastcgi;
                uwsgi_temp_path \(folder.path)/uwsgi;
                scgi_temp_path \(folder.path)/scgi;
                upstream sogreto {
            \(servers)
                }
                server {
                    listen 127.0.0.1:\(port);
                    location = \(path) {
                        proxy_pass http://sogreto;
                        proxy_next_upstream error timeout http_502 http_503;
                        proxy_connect_timeout 1s;
                        proxy_read_timeout 30s;
                        client_max_body_size 1m;
                    }
                }
            }

            """
        let file = folder.appendingPathComponent("nginx.conf")
        try configuration.write(to: file, atomically: true, encoding: .utf8)
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["-p", folder.path, "-c", file.path]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
    }

    /// SIGKILL: a test's proxy has nothing to finish (and a child may inherit a blocked SIGTERM).
    func stop() {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        try? FileManager.default.removeItem(at: folder)
    }

    struct NginxError: Error, CustomStringConvertible {
        let description: String
    }
}
