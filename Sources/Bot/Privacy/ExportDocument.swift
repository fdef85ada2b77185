import Foundation

/// `data.json` of an /export: everything kept about the user, their own words included. Its
/// shape is documented by `assets/export.schema.json` (a test validates exports against it).
struct ExportDocument: Encodable {
    static let format = "sogreto-export/1"

    struct Profile: Encodable {
        var id: Int64
        var firstName: String
        var languageCode: String?
        var locale: String
        var kitCode: String?
        var status: String
        var timezone: String
        var reminderMinute: Int
        var narration: String?
        var createdAt: Date
        var lastActivityAt: Date
        /// The start week the user joined the optional board with; nil when they are not on it.
        var leaderboardCohort: String? = nil
    }

    struct Photo: Encodable {
        var file: String
        var day: Int
        var greenCoverage: Double
        var createdAt: Date
    }

    /// A photo sent while the diary was full, kept until the user chooses what it replaces.
    struct HeldPhoto: Encodable {
        var file: String
        var day: Int
        var sentAt: Date?
    }

    struct Picture: Encodable {
        var file: String
        var kind: String
    }

    struct Event: Encodable {
        var kind: String
        var programId: String?
        var detail: String?
    }

    struct Message: Encodable {
        var direction: String
        var kind: String
        var text: String?
    }

    var format = Self.format
    var exportedAt: Date
    var profile: Profile
    /// The program engine's state as stored: answers, wish, manifesto choices, stages, journeys.
    var progress: JSONText?
    var photos: [Photo]
    var heldPhotos: [HeldPhoto]
    var pictures: [Picture]
    var events: [Event]
    var supportMessages: [Message]
    var giftLinks: [GiftLink] = []

    /// A gift link the user made (not who used it: the friends' data are theirs).
    struct GiftLink: Encodable {
        var code: String
        var gift: String
        var maxUses: Int
        var uses: Int
        var createdAt: Date
        var expiresAt: Date
    }

    func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return try encoder.encode(self)
    }
}

/// A JSON text kept as it is stored, embedded as JSON (not as a string) when it parses.
struct JSONText: Encodable {
    let text: String

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        if let value = try? JSONDecoder().decode(JSONValue.self, from: Data(text.utf8)) {
            try container.encode(value)
        } else {
            try container.encode(text)
        }
    }
}

/// Any JSON value, to re-encode stored JSON without knowing its shape.
enum JSONValue: Codable {
    case null, bool(Bool), number(Double), string(String), array([JSONValue]), object([String: JSONValue])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null }
        else if let value = try? container.decode(Bool.self) { self = .bool(value) }
        else if let value = try? container.decode(Double.self) { self = .number(value) }
        else if let value = try? container.decode(String.self) { self = .string(value) }
        else if let value = try? container.decode([JSONValue].self) { self = .array(value) }
        else { self = .object(try container.decode([String: JSONValue].self)) }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .number(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }
}
