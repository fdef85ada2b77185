import Foundation

/// The parameters of one Bot API call, merged from the query string and the body, whatever
/// encoding the body used (form, JSON or multipart), as Telegram accepts them all.
struct RequestParameters: Sendable {
    private(set) var values: [String: ParameterValue] = [:]
    /// Whether the body was `multipart/form-data`.
    private(set) var isMultipart = false

    init(values: [String: ParameterValue] = [:]) {
        self.values = values
    }

    /// Reads parameters from a query string and a body of the given content type; fails with
    /// Telegram's wording when the body cannot be read.
    static func parse(query: String?, contentType: String?, body: Data) -> Result<RequestParameters, APIFailure> {
        var parameters = RequestParameters()
        if let query, !query.isEmpty {
            for (name, value) in FormDecoding.pairs(query) { parameters.values[name] = .text(value) }
        }
        guard !body.isEmpty else { return .success(parameters) }
        let mediaType = (contentType ?? "").split(separator: ";").first.map {
            $0.trimmingCharacters(in: .whitespaces).lowercased()
        } ?? ""
        switch mediaType {
        case "application/json":
            guard case .object(let fields)? = JSONValue.parse(body) else {
                return .failure(.badRequest("can't parse JSON object"))
            }
            for (name, value) in fields { parameters.values[name] = .text(value.parameterText) }
        case "multipart/form-data":
            guard let boundary = MultipartParser.boundary(fromContentType: contentType ?? ""),
                  let parts = MultipartParser.parse(body, boundary: boundary) else {
                return .failure(.badRequest("can't parse multipart/form-data request"))
            }
            for part in parts { parameters.values[part.name] = part.value }
            parameters.isMultipart = true
        default:
            // Telegram reads a body without a JSON or multipart type as a URL-encoded form.
            for (name, value) in FormDecoding.pairs(String(decoding: body, as: UTF8.self)) {
                parameters.values[name] = .text(value)
            }
        }
        return .success(parameters)
    }

    subscript(name: String) -> ParameterValue? { values[name] }

    func text(_ name: String) -> String? { values[name]?.text }

    mutating func set(_ name: String, _ value: ParameterValue) { values[name] = value }
}

/// `application/x-www-form-urlencoded` and query-string decoding.
enum FormDecoding {
    static func pairs(_ encoded: String) -> [(String, String)] {
        encoded.split(separator: "&", omittingEmptySubsequences: true).map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = decode(parts[0])
            let value = parts.count > 1 ? decode(parts[1]) : ""
            return (name, value)
        }
    }

    private static func decode(_ component: Substring) -> String {
        let spaced = component.replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
    }
}
