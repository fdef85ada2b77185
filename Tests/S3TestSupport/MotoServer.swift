import Foundation
import HTTPTransport
import S3

/// A `moto_server` (an S3-compatible server from PyPI, `moto[server]`) on a free loopback port,
/// with its authentication on: every request's AWS Signature V4 is checked against an IAM user
/// created at start, so a wrongly signed request fails. One server per test process; it stops
/// when the process ends (its launcher watches our end of a pipe).
///
/// `@unchecked Sendable`: every property is a constant; the process and the pipe are only kept alive.
public final class MotoServer: @unchecked Sendable {
    public let port: Int
    public let accessKeyID: String
    public let secretAccessKey: String
    public let region = "us-east-1"
    /// moto's own output, for a failing test's reader.
    public let logFile: URL
    private let process: Process
    private let lifeline: Pipe

    /// True when `moto_server` is on the PATH (`scripts/install-deps` installs it).
    public static let isInstalled: Bool = executable != nil

    /// The process's server, started on first use.
    public static func shared() async throws -> MotoServer {
        try await launcher.server()
    }

    private static let launcher = Launcher()

    private actor Launcher {
        private var starting: Task<MotoServer, any Error>?

        func server() async throws -> MotoServer {
            if let starting { return try await starting.value }
            let task = Task { try await MotoServer.start() }
            starting = task
            return try await task.value
        }
    }

    private static var executable: String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/moto_server" }
            .first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    private init(port: Int, accessKeyID: String, secretAccessKey: String, logFile: URL, process: Process, lifeline: Pipe) {
        self.port = port
        self.accessKeyID = accessKeyID
        self.secretAccessKey = secretAccessKey
        self.logFile = logFile
        self.process = process
        self.lifeline = lifeline
    }

    /// Settings for `bucket` on this server (the right credentials unless `secret` is given).
    public func settings(bucket: String, pathStyle: Bool = true, secret: String? = nil, accessKeyID: String? = nil,
                         prefix: String = "", port: Int? = nil) -> S3Settings {
        // Virtual-hosted addressing needs a name: libcurl resolves *.localhost to loopback itself.
        let host = pathStyle ? "127.0.0.1" : "localhost"
        return S3Settings(endpoint: URL(string: "http://\(host):\(port ?? self.port)")!, bucket: bucket, region: region,
                          accessKeyID: accessKeyID ?? self.accessKeyID, secretAccessKey: secret ?? secretAccessKey,
                          pathStyle: pathStyle, prefix: prefix)
    }

    /// A new empty bucket with a unique name; its settings.
    public func makeBucket(pathStyle: Bool = true, prefix: String = "") async throws -> S3Settings {
        let name = "sogreto-" + UUID().uuidString.lowercased().prefix(13).replacingOccurrences(of: "-", with: "")
        let settings = settings(bucket: name, pathStyle: pathStyle, prefix: prefix)
        try await S3Client(settings: settings).createBucket()
        return settings
    }

    // MARK: - Start

    private static func start() async throws -> MotoServer {
        guard let executable else { throw LoopbackError("moto_server is not on the PATH") }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sogreto-moto-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try patch.write(to: folder.appendingPathComponent("sitecustomize.py"), atomically: true, encoding: .utf8)
        let port = try LoopbackSocket.freePort()
        let logFile = folder.appendingPathComponent("moto.log")
        _ = FileManager.default.createFile(atPath: logFile.path, contents: nil)
        let log = try FileHandle(forWritingTo: logFile)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        // The launcher stops moto when its standard input closes: when this process ends, however it ends.
        // It ignores HUP, INT and TERM itself: sent to its process group (which moto shares) they ended
        // it before it could kill moto, and moto, a background job that ignores SIGINT until its own
        // handler is set, was left running under init. SIGKILL: moto does not always end on SIGTERM.
        process.arguments = ["-c", "\"$0\" -H 127.0.0.1 -p \(port) & moto=$!; trap '' HUP INT TERM; read -r _; kill -9 $moto",
                             executable]
        var environment = ProcessInfo.processInfo.environment
        environment["PYTHONPATH"] = [folder.path, environment["PYTHONPATH"]].compactMap { $0 }.joined(separator: ":")
        environment["PYTHONDONTWRITEBYTECODE"] = "1"
        process.environment = environment
        let lifeline = Pipe()
        process.standardInput = lifeline
        process.standardOutput = log
        process.standardError = log
        try process.run()
        let (key, secret) = try await createUser(port: port)
        return MotoServer(port: port, accessKeyID: key, secretAccessKey: secret, logFile: logFile, process: process,
                          lifeline: lifeline)
    }

    /// Creates an IAM user allowed everything and its access key while authentication is still
    /// off, then turns it on for every later request (`/moto-api/reset-auth` with 0: no request
    /// goes unchecked).
    private static func createUser(port: Int) async throws -> (String, String) {
        guard let transport = CurlTransport(maxConnections: 2, threadName: "moto-setup") else {
            throw LoopbackError("libcurl could not start")
        }
        defer { transport.shutdown() }
        let base = "http://127.0.0.1:\(port)"
        try await waitUntilListening(port: port)
        let policy = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#
        let policyParameter = policy.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? policy
        _ = try await iam(transport, base, "Action=CreateUser&UserName=sogreto&Version=2010-05-08")
        let key = try await iam(transport, base, "Action=CreateAccessKey&UserName=sogreto&Version=2010-05-08")
        _ = try await iam(transport, base, "Action=PutUserPolicy&UserName=sogreto&PolicyName=all&PolicyDocument="
                          + policyParameter + "&Version=2010-05-08")
        guard let id = element("AccessKeyId", in: key), let secret = element("SecretAccessKey", in: key) else {
            throw LoopbackError("moto created no access key")
        }
        let reset = try await transport.perform(HTTPRequest(
            method: "POST", url: base + "/moto-api/reset-auth", headers: ["Content-Type: application/octet-stream"],
            body: .data(Data("0".utf8)), limits: limits, label: "reset-auth"))
        guard reset.status == 200 else { throw LoopbackError("moto refused to turn authentication on (\(reset.status))") }
        return (id, secret)
    }

    private static func iam(_ transport: CurlTransport, _ base: String, _ form: String) async throws -> String {
        // Unsigned IAM calls are routed by the credential scope alone while authentication is off.
        let authorization = "Authorization: AWS4-HMAC-SHA256 Credential=setup/20240101/us-east-1/iam/aws4_request, "
            + "SignedHeaders=host, Signature=0"
        let response = try await transport.perform(HTTPRequest(
            method: "POST", url: base + "/", headers: [authorization, "Content-Type: application/x-www-form-urlencoded"],
            body: .data(Data(form.utf8)), limits: limits, label: "IAM"))
        let text = String(decoding: response.body, as: UTF8.self)
        guard response.status == 200 else { throw LoopbackError("moto's IAM answered \(response.status): \(text.prefix(300))") }
        return text
    }

    /// moto takes a few seconds to import; wait for its port (at most 60 s).
    private static func waitUntilListening(port: Int) async throws {
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline {
            if let descriptor = LoopbackSocket.connect(port: port) {
                close(descriptor)
                return
            }
            try await Task.sleep(for: .milliseconds(50)) // a condition poll (this target has no TestSupport)
        }
        throw LoopbackError("moto_server did not listen on port \(port) within 60 s")
    }

    private static let limits = TransferLimits(total: 30, connect: 5, stall: nil)

    private static func element(_ name: String, in xml: String) -> String? {
        guard let start = xml.range(of: "<\(name)>"), let end = xml.range(of: "</\(name)>", range: start.upperBound..<xml.endIndex)
        else { return nil }
        return String(xml[start.upperBound..<end.lowerBound])
    }

    /// moto checks a signature against werkzeug's `request.url`, an IRI in which `%2F` and `%7E`
    /// of the query are unescaped, while S3 (and libcurl) sign the query as sent: a listing with
    /// `prefix=a%2F`, correct for S3, would be refused. moto is given the query as sent.
    private static let patch = """
        try:
            from moto.core import responses as _responses
            _setup_class = _responses.BaseResponse.setup_class

            def _with_raw_query(self, request, full_url, headers, use_raw_body=False):
                raw = getattr(request, "environ", {}).get("QUERY_STRING")
                if raw:
                    full_url = full_url.split("?", 1)[0] + "?" + raw
                return _setup_class(self, request, full_url, headers, use_raw_body)

            _responses.BaseResponse.setup_class = _with_raw_query
        except Exception:
            pass

        """
}
