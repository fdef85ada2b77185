import Foundation
import S3
import S3TestSupport

/// The bucket a benchmark puts media in: the one of `SOGRETO_S3_*` when the benchmark's own
/// environment sets them, otherwise a new bucket on a moto server started on loopback.
struct BenchBucket {
    let settings: S3Settings
    /// What the bot is given (its `SOGRETO_S3_*`).
    let environment: [String: String]
    let description: String

    static func make() async throws -> BenchBucket {
        let given = ProcessInfo.processInfo.environment
        if let endpoint = given["SOGRETO_S3_ENDPOINT"], let url = URL(string: endpoint), let bucket = given["SOGRETO_S3_BUCKET"] {
            let settings = S3Settings(endpoint: url, bucket: bucket, region: given["SOGRETO_S3_REGION"] ?? "us-east-1",
                                      accessKeyID: given["SOGRETO_S3_ACCESS_KEY_ID"] ?? "",
                                      secretAccessKey: given["SOGRETO_S3_SECRET_ACCESS_KEY"] ?? "",
                                      pathStyle: given["SOGRETO_S3_PATH_STYLE"] == "true", prefix: "bench-\(UUID().uuidString.prefix(8))/")
            return BenchBucket(settings: settings, environment: variables(settings), description: "\(settings)")
        }
        guard MotoServer.isInstalled else {
            throw BenchError("--s3 needs moto_server on the PATH (scripts/install-deps) or SOGRETO_S3_ENDPOINT and SOGRETO_S3_BUCKET set.")
        }
        let moto = try await MotoServer.shared()
        let settings = try await moto.makeBucket(prefix: "bench/")
        return BenchBucket(settings: settings, environment: variables(settings),
                           description: "moto on 127.0.0.1:\(moto.port) (authentication on), bucket \(settings.bucket)")
    }

    private static func variables(_ settings: S3Settings) -> [String: String] {
        ["SOGRETO_S3_ENDPOINT": settings.endpoint.absoluteString, "SOGRETO_S3_BUCKET": settings.bucket,
         "SOGRETO_S3_REGION": settings.region, "SOGRETO_S3_ACCESS_KEY_ID": settings.accessKeyID,
         "SOGRETO_S3_SECRET_ACCESS_KEY": settings.secretAccessKey, "SOGRETO_S3_PATH_STYLE": settings.pathStyle ? "true" : "false",
         "SOGRETO_S3_PREFIX": settings.prefix]
    }

    /// Objects under the benchmark's prefix now.
    func objectCount() async throws -> Int {
        try await S3Client(settings: settings).list(prefix: settings.prefix).count
    }
}
