import Foundation
import StrictJSON

/// A parsed JSON document, used for the JSON-serialized parameters the bot sends
/// (`reply_markup`, `media`, `commands`, `scope`, …) and for JSON request bodies.
enum JSONValue: Sendable, Equatable, Codable {
    case null
    case bool(Bool)
    case number(Double, text: String)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int64.self) {
            self = .number(Double(value), text: String(value))
        } else if let value = try? container.decode(Double.self) {
            self = .number(value, text: String(value))
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .number(let value, let text):
            if let integer = Int64(text) { try container.encode(integer) } else { try container.encode(value) }
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }

    /// Parses JSON text; nil when it is not JSON.
    static func parse(_ text: String) -> JSONValue? {
        parse(Data(text.utf8))
    }

    /// Parses with the package's strict parser: what Telegram would refuse as JSON is refused here.
    static func parse(_ data: Data) -> JSONValue? {
        guard let tree = try? JSONParser.parse([UInt8](data), maximumDepth: maximumDepth) else { return nil }
        return JSONValue(tree)
    }

    /// Deeper than any Bot API object; what a bot sends never comes near it.
    static let maximumDepth = 512

    /// Objects become dictionaries, where a repeated key keeps its last value.
    private init(_ tree: JSONTree) {
        switch tree {
        case .null: self = .null
        case .bool(let value): self = .bool(value)
        case .number(let value, let literal): self = .number(value, text: literal)
        case .string(let value): self = .string(value)
        case .array(let elements): self = .array(elements.map(JSONValue.init))
        case .object(let members):
            var fields: [String: JSONValue] = [:]
            fields.reserveCapacity(members.count)
            for member in members { fields[member.key] = JSONValue(member.value) }
            self = .object(fields)
        }
    }

    /// The text Telegram would see for this value when it arrives as a parameter: strings as they
    /// are, everything else as its JSON serialization.
    var parameterText: String {
        switch self {
        case .string(let value): return value
        case .number(_, let text): return text
        case .bool(let value): return value ? "true" : "false"
        case .null: return ""
        case .array, .object: return serialized
        }
    }

    var serialized: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes, .sortedKeys]
        guard let data = try? encoder.encode(self) else { return "" }
        return String(decoding: data, as: UTF8.self)
    }

    subscript(key: String) -> JSONValue? {
        if case .object(let fields) = self { return fields[key] }
        return nil
    }

    var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    var arrayValue: [JSONValue]? {
        if case .array(let value) = self { return value }
        return nil
    }

    var objectValue: [String: JSONValue]? {
        if case .object(let value) = self { return value }
        return nil
    }

    var int64Value: Int64? {
        switch self {
        case .number(_, let text): return Int64(text)
        case .string(let text): return Int64(text)
        default: return nil
        }
    }

    var boolValue: Bool? {
        switch self {
        case .bool(let value): return value
        case .string(let text): return text == "true" ? true : (text == "false" ? false : nil)
        default: return nil
        }
    }
}
