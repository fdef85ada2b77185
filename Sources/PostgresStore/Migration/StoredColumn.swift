import Foundation

/// A column as both engines hold it: its PostgreSQL type decides how a SQLite value is written
/// (cast from text) and read back for the checksum.
struct StoredColumn: Sendable {
    enum Kind: Sendable {
        case integer, text, instant, boolean, double

        init?(postgresType: String) {
            switch postgresType {
            case "bigint", "integer", "smallint": self = .integer
            case "text", "character varying": self = .text
            case "timestamp with time zone": self = .instant
            case "boolean": self = .boolean
            case "double precision", "real": self = .double
            default: return nil
            }
        }

        /// The cast that turns the text bound for a value into the column's type.
        var cast: String {
            switch self {
            case .integer: return "bigint"
            case .text: return "text"
            case .instant: return "timestamptz"
            case .boolean: return "boolean"
            case .double: return "double precision"
            }
        }
    }

    let name: String
    let kind: Kind
    let isIdentity: Bool

    /// The column quoted for SQL (names come from the catalogs, never from input).
    var quoted: String { "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }

    /// How PostgreSQL reads the column back for the checksum (an integer, a text or a double).
    var canonicalSelect: String {
        switch kind {
        case .instant: return "(EXTRACT(EPOCH FROM \(quoted)) * 1000)::bigint"
        case .boolean: return "\(quoted)::int::bigint"
        case .integer, .text, .double: return quoted
        }
    }
}

/// SQLite's instants as the bot writes them ("yyyy-MM-dd HH:mm:ss.SSS", UTC; seconds alone and a
/// "T" are accepted too), in milliseconds since 1970.
enum SQLiteInstant {
    static func milliseconds(_ text: String) -> Int64? {
        let bytes = Array(text.utf8)
        guard bytes.count == 19 || (bytes.count >= 21 && bytes.count <= 23 && bytes[19] == 0x2E),
              bytes[4] == 0x2D, bytes[7] == 0x2D, bytes[10] == 0x20 || bytes[10] == 0x54,
              bytes[13] == 0x3A, bytes[16] == 0x3A else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for index in range {
                let digit = Int(bytes[index]) - 48
                guard (0...9).contains(digit) else { return nil }
                value = value * 10 + digit
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10), let hour = number(11..<13),
              let minute = number(14..<16), let second = number(17..<19) else { return nil }
        var millis = 0
        if bytes.count > 20 {
            guard let fraction = number(20..<bytes.count) else { return nil }
            millis = fraction * [1, 100, 10, 1][bytes.count - 20]
        }
        var parts = tm()
        parts.tm_year = Int32(year - 1900)
        parts.tm_mon = Int32(month - 1)
        parts.tm_mday = Int32(day)
        parts.tm_hour = Int32(hour)
        parts.tm_min = Int32(minute)
        parts.tm_sec = Int32(second)
        return Int64(timegm(&parts)) * 1000 + Int64(millis)
    }
}
