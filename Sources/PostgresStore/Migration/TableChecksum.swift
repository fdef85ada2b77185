/// A table's content in a form both engines give alike: each row as its values' canonical text
/// (integers in decimal, instants in milliseconds since 1970, doubles by their bits, NULL marked),
/// the rows sorted, then hashed (64-bit FNV-1a). Equal checksums and counts: the same rows.
struct TableChecksum {
    private var rows: [String] = []

    mutating func add(_ values: [CanonicalValue]) {
        rows.append(values.map(\.text).joined(separator: "\u{1F}"))
    }

    var count: Int { rows.count }

    var hex: String {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for row in rows.sorted() {
            for byte in row.utf8 {
                hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
            }
            hash = (hash ^ 0x1E) &* 0x0000_0100_0000_01B3
        }
        let digits = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}

enum CanonicalValue {
    case null
    case integer(Int64)
    case text(String)
    case double(Double)

    var text: String {
        switch self {
        case .null: return "\u{0}"
        case .integer(let value): return "i\(value)"
        case .text(let value): return "t" + value
        case .double(let value): return "d\(value.bitPattern)"
        }
    }
}
