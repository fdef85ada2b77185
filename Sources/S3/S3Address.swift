import Foundation

/// Request URLs in the exact form libcurl signs: libcurl 7.88 signs the path and the query as
/// they are written (it neither sorts nor re-encodes them), so both are written canonically here.
struct S3Address {
    let settings: S3Settings

    /// The object `key` (already prefixed), or the bucket itself when nil, with `query`.
    func url(key: String?, query: [(name: String, value: String)] = []) -> String {
        let endpoint = settings.endpoint
        let scheme = endpoint.scheme?.lowercased() ?? "https"
        var host = endpoint.host ?? ""
        if host.contains(":") { host = "[\(host)]" }  // an IPv6 literal
        let port = endpoint.port.map { ":\($0)" } ?? ""
        var base = endpoint.path
        while base.hasSuffix("/") { base.removeLast() }
        let path: String
        if settings.pathStyle {
            host = "\(host)\(port)"
            path = "\(base)/\(Self.encodePath(settings.bucket))" + (key.map { "/" + Self.encodePath($0) } ?? "")
        } else {
            host = "\(settings.bucket).\(host)\(port)"
            path = "\(base)/" + (key.map { Self.encodePath($0) } ?? "")
        }
        let encodedQuery = Self.encodeQuery(query)
        return "\(scheme)://\(host)\(path)" + (encodedQuery.isEmpty ? "" : "?\(encodedQuery)")
    }

    /// SigV4's canonical query: each name and value URI-encoded (`/` too), sorted by name then value.
    static func encodeQuery(_ query: [(name: String, value: String)]) -> String {
        let encoded: [(name: String, value: String)] = query.map { parameter in
            (name: encode(parameter.name, keepSlash: false), value: encode(parameter.value, keepSlash: false))
        }
        let sorted = encoded.sorted { left, right in
            left.name == right.name ? left.value < right.value : left.name < right.name
        }
        return sorted.map { parameter in parameter.name + "=" + parameter.value }.joined(separator: "&")
    }

    /// An object key as S3 canonicalises it: every byte but the unreserved ones and `/` escaped.
    static func encodePath(_ text: String) -> String { encode(text, keepSlash: true) }

    private static func encode(_ text: String, keepSlash: Bool) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                 UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            case UInt8(ascii: "/") where keepSlash:
                out.append("/")
            default:
                out += String(format: "%%%02X", byte)
            }
        }
        return out
    }
}
