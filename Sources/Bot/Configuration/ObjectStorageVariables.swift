import Foundation
import S3

extension S3Settings {
    static let variableNames = ["SOGRETO_S3_ENDPOINT", "SOGRETO_S3_BUCKET", "SOGRETO_S3_REGION", "SOGRETO_S3_ACCESS_KEY_ID",
                                "SOGRETO_S3_SECRET_ACCESS_KEY", "SOGRETO_S3_PATH_STYLE", "SOGRETO_S3_PREFIX"]

    /// `SOGRETO_S3_*`: nil when none is set (media stay in the local folder); a sentence naming
    /// the variable when one is missing or malformed (never the secret's value).
    init?(_ reader: VariableReader) throws {
        guard Self.variableNames.contains(where: { reader.string($0) != nil }) else { return nil }
        guard let endpoint = try reader.url("SOGRETO_S3_ENDPOINT") else {
            throw Self.missing("SOGRETO_S3_ENDPOINT", "the bucket's endpoint, e.g. https://s3.eu-central-1.amazonaws.com")
        }
        guard let bucket = reader.string("SOGRETO_S3_BUCKET") else { throw Self.missing("SOGRETO_S3_BUCKET", "the bucket's name") }
        guard bucket.range(of: #"^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$"#, options: .regularExpression) != nil else {
            throw ConfigurationError(variable: "SOGRETO_S3_BUCKET",
                                     message: "must be a bucket name (3 to 63 lowercase letters, digits, dots and hyphens), got \"\(bucket)\"")
        }
        let region = reader.string("SOGRETO_S3_REGION") ?? "us-east-1"
        guard region.range(of: #"^[a-z0-9-]{1,40}$"#, options: .regularExpression) != nil else {
            throw ConfigurationError(variable: "SOGRETO_S3_REGION", message: "must be a region such as eu-central-1, got \"\(region)\"")
        }
        guard let keyID = reader.string("SOGRETO_S3_ACCESS_KEY_ID") else {
            throw Self.missing("SOGRETO_S3_ACCESS_KEY_ID", "the access key id")
        }
        guard let secret = try reader.secret("SOGRETO_S3_SECRET_ACCESS_KEY") else {
            throw Self.missing("SOGRETO_S3_SECRET_ACCESS_KEY", "the secret access key")
        }
        let pathStyle = try reader.boolean("SOGRETO_S3_PATH_STYLE", default: false)
        if !pathStyle, let host = endpoint.host, host.contains(":") || host.range(of: #"^[0-9.]+$"#, options: .regularExpression) != nil {
            throw ConfigurationError(variable: "SOGRETO_S3_PATH_STYLE",
                                     message: "must be true when SOGRETO_S3_ENDPOINT is an IP address (the bucket cannot be a part of its host name)")
        }
        self.init(endpoint: endpoint, bucket: bucket, region: region, accessKeyID: keyID, secretAccessKey: secret.value,
                  pathStyle: pathStyle, prefix: try Self.prefix(reader))
    }

    /// A folder-like prefix: "sogreto" and "sogreto/" both give "sogreto/".
    private static func prefix(_ reader: VariableReader) throws -> String {
        guard var prefix = reader.string("SOGRETO_S3_PREFIX") else { return "" }
        guard prefix.range(of: #"^[A-Za-z0-9][A-Za-z0-9._/-]{0,200}$"#, options: .regularExpression) != nil,
              !prefix.contains("//") else {
            throw ConfigurationError(variable: "SOGRETO_S3_PREFIX",
                                     message: "must be letters, digits, '.', '_', '-' and '/' (not first), such as sogreto/, got \"\(prefix)\"")
        }
        if !prefix.hasSuffix("/") { prefix += "/" }
        return prefix
    }

    private static func missing(_ variable: String, _ what: String) -> ConfigurationError {
        ConfigurationError(variable: variable, message: "must be set to \(what) when media go to S3 (any SOGRETO_S3_ variable is set)")
    }
}

extension VariableReader {
    /// true/false, yes/no, 1/0, on/off.
    func boolean(_ name: String, default fallback: Bool) throws -> Bool {
        guard let value = string(name)?.lowercased() else { return fallback }
        switch value {
        case "true", "yes", "1", "on": return true
        case "false", "no", "0", "off": return false
        default: throw ConfigurationError(variable: name, message: "must be true or false, got \"\(value)\"")
        }
    }
}
