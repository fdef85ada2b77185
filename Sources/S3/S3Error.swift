/// What went wrong with the bucket, as one sentence naming the operation, the key and the bucket
/// (never the secret, never the signature).
public struct S3Error: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// The bucket does not exist (404 NoSuchBucket).
        case missingBucket
        /// The object does not exist (404).
        case missingObject
        /// The credentials or the signature were refused (401/403), with S3's error code.
        case refused(status: Int, code: String)
        /// No answer, or 5xx, through every attempt; `reason` is the last one.
        case unavailable(attempts: Int, reason: String)
        /// An answer that is neither success nor one of the above (400, a body not understood…).
        case unexpected(String)
        /// A local file could not be read or written.
        case localFile(String)
    }

    public var kind: Kind
    /// e.g. `PUT "ab/cd…"`, `HEAD bucket`.
    public var operation: String
    public var bucket: String
    public var endpoint: String

    public init(kind: Kind, operation: String, bucket: String, endpoint: String) {
        self.kind = kind
        self.operation = operation
        self.bucket = bucket
        self.endpoint = endpoint
    }

    public var description: String {
        switch kind {
        case .missingBucket:
            return "S3 bucket \"\(bucket)\" does not exist at \(endpoint)"
        case .missingObject:
            return "S3 bucket \"\(bucket)\" has no object for \(operation)"
        case .refused(let status, let code):
            return "S3 at \(endpoint) refused \(operation) in bucket \"\(bucket)\" (\(status) \(code)): "
                + "check the access key id and the secret access key"
        case .unavailable(let attempts, let reason):
            return "S3 at \(endpoint) did not complete \(operation) in bucket \"\(bucket)\" "
                + "after \(attempts) attempt\(attempts == 1 ? "" : "s") (last: \(reason))"
        case .unexpected(let text):
            return "S3 at \(endpoint) answered \(operation) in bucket \"\(bucket)\" with \(text)"
        case .localFile(let text):
            return "S3 \(operation) in bucket \"\(bucket)\" stopped: \(text)"
        }
    }
}
