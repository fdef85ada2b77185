import Foundation

/// A ZIP archive written without compression ("stored" entries): photos and PDFs are already
/// compressed, and a stored archive opens everywhere. Entries are kept in memory until `data`;
/// an export holds one user's files, a few megabytes. No ZIP64: parts stay far below 4 GiB.
struct StoredZip {
    struct Entry {
        var name: String
        var bytes: Data
    }

    private(set) var entries: [Entry] = []
    /// The entries' modification time (DOS date and time, UTC).
    let modified: Date

    init(modified: Date) {
        self.modified = modified
    }

    mutating func add(_ name: String, _ bytes: Data) {
        entries.append(Entry(name: name, bytes: bytes))
    }

    /// The archive's size once written, before writing it.
    var size: Int { entries.reduce(22) { $0 + Self.entrySize($1) } }

    static func entrySize(_ entry: Entry) -> Int {
        let name = entry.name.utf8.count
        return 30 + name + entry.bytes.count + 46 + name
    }

    /// The whole archive: local headers and data, then the central directory.
    var data: Data {
        var out = Data()
        out.reserveCapacity(size)
        var central = Data()
        let (time, date) = Self.dosTimeAndDate(modified)
        for entry in entries {
            let offset = UInt32(out.count)
            let name = Data(entry.name.utf8)
            let crc = CRC32.checksum(entry.bytes)
            let size = UInt32(entry.bytes.count)
            // Local file header: version 2.0, flag bit 11 (UTF-8 names), method 0 (stored).
            out.append(le32: 0x0403_4b50); out.append(le16: 20); out.append(le16: 0x0800); out.append(le16: 0)
            out.append(le16: time); out.append(le16: date); out.append(le32: crc)
            out.append(le32: size); out.append(le32: size); out.append(le16: UInt16(name.count)); out.append(le16: 0)
            out.append(name)
            out.append(entry.bytes)
            central.append(le32: 0x0201_4b50); central.append(le16: 0x031E); central.append(le16: 20)
            central.append(le16: 0x0800); central.append(le16: 0); central.append(le16: time); central.append(le16: date)
            central.append(le32: crc); central.append(le32: size); central.append(le32: size)
            central.append(le16: UInt16(name.count)); central.append(le16: 0); central.append(le16: 0)
            central.append(le16: 0); central.append(le16: 0)
            central.append(le32: 0o100644 << 16)   // a regular file, rw-r--r--
            central.append(le32: offset)
            central.append(name)
        }
        let directoryOffset = UInt32(out.count)
        out.append(central)
        out.append(le32: 0x0605_4b50); out.append(le16: 0); out.append(le16: 0)
        out.append(le16: UInt16(entries.count)); out.append(le16: UInt16(entries.count))
        out.append(le32: UInt32(central.count)); out.append(le32: directoryOffset); out.append(le16: 0)
        return out
    }

    static func dosTimeAndDate(_ date: Date) -> (UInt16, UInt16) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        let year = max(0, min(127, (parts.year ?? 1980) - 1980))
        let time = ((parts.hour ?? 0) << 11) | ((parts.minute ?? 0) << 5) | ((parts.second ?? 0) / 2)
        let day = (year << 9) | ((parts.month ?? 1) << 5) | (parts.day ?? 1)
        return (UInt16(time), UInt16(day))
    }
}

/// CRC-32 (IEEE 802.3, as ZIP uses it), table-driven.
enum CRC32 {
    private static let table: [UInt32] = (0..<256).map { index in
        var value = UInt32(index)
        for _ in 0..<8 { value = value & 1 == 1 ? 0xEDB8_8320 ^ (value >> 1) : value >> 1 }
        return value
    }

    static func checksum(_ data: Data) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        data.withUnsafeBytes { buffer in
            for byte in buffer { crc = table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8) }
        }
        return crc ^ 0xFFFF_FFFF
    }
}

private extension Data {
    mutating func append(le16 value: UInt16) {
        Swift.withUnsafeBytes(of: value.littleEndian) { append(contentsOf: $0) }
    }

    mutating func append(le32 value: UInt32) {
        Swift.withUnsafeBytes(of: value.littleEndian) { append(contentsOf: $0) }
    }
}
