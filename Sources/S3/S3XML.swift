import Foundation

/// The few elements S3's XML replies carry that the client reads (list results, error codes).
/// S3 writes them flat and without attributes on these elements, so plain tag matching is
/// enough; entities are decoded.
enum S3XML {
    /// The text of every `<name>…</name>` in `xml`, in order (`<name/>` gives "").
    static func texts(_ name: String, in xml: Substring) -> [String] {
        var found: [String] = []
        var rest = xml[...]
        let open = "<\(name)>", close = "</\(name)>", empty = "<\(name)/>"
        while true {
            let opening = rest.range(of: open)
            let emptyTag = rest.range(of: empty)
            if let emptyTag, opening.map({ emptyTag.lowerBound < $0.lowerBound }) ?? true {
                found.append("")
                rest = rest[emptyTag.upperBound...]
                continue
            }
            guard let opening, let closing = rest.range(of: close, range: opening.upperBound..<rest.endIndex) else {
                return found
            }
            found.append(decodeEntities(rest[opening.upperBound..<closing.lowerBound]))
            rest = rest[closing.upperBound...]
        }
    }

    /// The blocks `<name>…</name>` themselves (their inner XML), e.g. each `<Contents>` of a list.
    static func blocks(_ name: String, in xml: Substring) -> [Substring] {
        var found: [Substring] = []
        var rest = xml[...]
        while let opening = rest.range(of: "<\(name)>"),
              let closing = rest.range(of: "</\(name)>", range: opening.upperBound..<rest.endIndex) {
            found.append(rest[opening.upperBound..<closing.lowerBound])
            rest = rest[closing.upperBound...]
        }
        return found
    }

    static func first(_ name: String, in xml: Substring) -> String? { texts(name, in: xml).first }

    static func decodeEntities(_ text: Substring) -> String {
        guard text.contains("&") else { return String(text) }
        var out = ""
        var rest = text[...]
        while let amp = rest.firstIndex(of: "&") {
            out += rest[..<amp]
            guard let semicolon = rest[amp...].firstIndex(of: ";"),
                  rest.distance(from: amp, to: semicolon) <= 10 else {
                out += rest[amp...]
                return out
            }
            let entity = rest[rest.index(after: amp)..<semicolon]
            if let decoded = decode(entity) {
                out.unicodeScalars.append(decoded)
            } else {
                out += rest[amp...semicolon]
            }
            rest = rest[rest.index(after: semicolon)...]
        }
        return out + rest
    }

    private static func decode(_ entity: Substring) -> Unicode.Scalar? {
        switch entity {
        case "amp": return "&"
        case "lt": return "<"
        case "gt": return ">"
        case "quot": return "\""
        case "apos": return "'"
        default:
            guard entity.hasPrefix("#") else { return nil }
            let digits = entity.dropFirst()
            let value = digits.hasPrefix("x") ? UInt32(digits.dropFirst(), radix: 16) : UInt32(digits, radix: 10)
            return value.flatMap(Unicode.Scalar.init)
        }
    }
}

/// One object of a listing.
package struct S3Object: Sendable, Equatable {
    /// The key as stored, with the settings' prefix.
    package var key: String
    package var size: Int64
    /// As S3 wrote it (ISO 8601), e.g. for leaving out objects younger than an upload window.
    var lastModified: String
}

/// One page of ListObjectsV2.
struct S3ListPage: Sendable, Equatable {
    var objects: [S3Object]
    /// Set when more pages follow.
    var continuationToken: String?

    /// nil when the body is not a ListBucketResult.
    init?(xml: String) {
        let text = xml[...]
        guard text.contains("<ListBucketResult") else { return nil }
        var objects: [S3Object] = []
        for block in S3XML.blocks("Contents", in: text) {
            guard let key = S3XML.first("Key", in: block), let size = S3XML.first("Size", in: block).flatMap({ Int64($0) })
            else { return nil }
            objects.append(S3Object(key: key, size: size, lastModified: S3XML.first("LastModified", in: block) ?? ""))
        }
        self.objects = objects
        let truncated = S3XML.first("IsTruncated", in: text)?.lowercased() == "true"
        continuationToken = truncated ? S3XML.first("NextContinuationToken", in: text) : nil
        if truncated, continuationToken?.isEmpty ?? true { return nil }
    }
}
