public import Foundation

/// Where the bucket is and how to sign for it. The secret never prints: `description` and
/// `dump` show the bucket, the endpoint and the key id only.
public struct S3Settings: Sendable, Equatable, CustomStringConvertible, CustomReflectable {
    public var endpoint: URL
    public var bucket: String
    public var region: String
    public var accessKeyID: String
    public var secretAccessKey: String
    /// `https://endpoint/bucket/key` when true; `https://bucket.endpoint/key` (virtual-hosted) when false.
    public var pathStyle: Bool
    /// Put in front of every key, e.g. "sogreto/" to share a bucket.
    public var prefix: String

    public init(endpoint: URL, bucket: String, region: String, accessKeyID: String, secretAccessKey: String,
                pathStyle: Bool, prefix: String = "") {
        self.endpoint = endpoint
        self.bucket = bucket
        self.region = region
        self.accessKeyID = accessKeyID
        self.secretAccessKey = secretAccessKey
        self.pathStyle = pathStyle
        self.prefix = prefix
    }

    /// host[:port] of the endpoint, for sentences.
    var endpointHost: String {
        let host = endpoint.host ?? endpoint.absoluteString
        return endpoint.port.map { "\(host):\($0)" } ?? host
    }

    public var description: String {
        "bucket \"\(bucket)\" at \(endpointHost) (region \(region), \(pathStyle ? "path-style" : "virtual-hosted"), "
            + "key id \(accessKeyID)\(prefix.isEmpty ? "" : ", prefix \"\(prefix)\""))"
    }

    public var customMirror: Mirror { Mirror(reflecting: description) }
}
