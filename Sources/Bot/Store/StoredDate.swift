import Foundation
import GRDB

/// A date in GRDB's storage format ("yyyy-MM-dd HH:mm:ss.SSS", UTC), written without
/// `DateFormatter`: on Linux each formatter call costs tens of microseconds, and dates are written
/// several times per update (the pipeline profile showed it among the top costs). Reading back
/// uses GRDB's own parser, so the two formats must stay identical (a test compares them).
struct StoredDate: DatabaseValueConvertible, Sendable {
    let date: Date

    init(_ date: Date) {
        self.date = date
    }

    var databaseValue: DatabaseValue {
        Self.text(date).databaseValue
    }

    /// Read back at the stored precision: the text's milliseconds exactly, as
    /// `Date.roundedToStoredPrecision` computes them (GRDB's own parser lands an ulp or so away,
    /// and an exact comparison with a date in memory would then fail).
    static func fromDatabaseValue(_ dbValue: DatabaseValue) -> StoredDate? {
        if case .string(let text) = dbValue.storage, let date = parse(text) { return StoredDate(date) }
        return Date.fromDatabaseValue(dbValue).map { StoredDate($0.roundedToStoredPrecision) }
    }

    /// "yyyy-MM-dd HH:mm:ss.SSS" (UTC), the format `text` writes; nil for any other text.
    static func parse(_ text: String) -> Date? {
        let bytes = Array(text.utf8)
        guard bytes.count == 23, bytes[4] == 0x2D, bytes[7] == 0x2D, bytes[10] == 0x20, bytes[13] == 0x3A,
              bytes[16] == 0x3A, bytes[19] == 0x2E else { return nil }
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
              let minute = number(14..<16), let second = number(17..<19), let millis = number(20..<23) else { return nil }
        var parts = tm()
        parts.tm_year = Int32(year - 1900)
        parts.tm_mon = Int32(month - 1)
        parts.tm_mday = Int32(day)
        parts.tm_hour = Int32(hour)
        parts.tm_min = Int32(minute)
        parts.tm_sec = Int32(second)
        let seconds = Int64(timegm(&parts))
        return Date(timeIntervalSince1970: Double(seconds * 1000 + Int64(millis)) / 1000)
    }

    /// Milliseconds are rounded to the nearest, as DateFormatter does.
    static func text(_ date: Date) -> String {
        let milliseconds = Int64((date.timeIntervalSince1970 * 1000).rounded())
        var seconds = milliseconds / 1000
        var millis = milliseconds % 1000
        if millis < 0 { millis += 1000; seconds -= 1 }
        var time = time_t(seconds)
        var parts = tm()
        gmtime_r(&time, &parts)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(23)
        func put(_ value: Int, digits: Int) {
            var divisor = 1
            for _ in 1..<digits { divisor *= 10 }
            var rest = value
            while divisor > 0 {
                bytes.append(UInt8(48 + (rest / divisor) % 10))
                rest %= divisor
                divisor /= 10
            }
        }
        put(Int(parts.tm_year) + 1900, digits: 4)
        bytes.append(0x2D) // -
        put(Int(parts.tm_mon) + 1, digits: 2)
        bytes.append(0x2D)
        put(Int(parts.tm_mday), digits: 2)
        bytes.append(0x20) // space
        put(Int(parts.tm_hour), digits: 2)
        bytes.append(0x3A) // :
        put(Int(parts.tm_min), digits: 2)
        bytes.append(0x3A)
        put(Int(parts.tm_sec), digits: 2)
        bytes.append(0x2E) // .
        put(Int(millis), digits: 3)
        return String(decoding: bytes, as: UTF8.self)
    }
}

extension Date {
    /// This date as the store writes it (see `StoredDate`).
    var stored: StoredDate { StoredDate(self) }
}

extension Date {
    /// This date as every store reads it back: rounded to the nearest millisecond (the stores'
    /// precision), so a date written and read compares equal to this exactly.
    var roundedToStoredPrecision: Date {
        Date(timeIntervalSince1970: (timeIntervalSince1970 * 1000).rounded() / 1000)
    }
}
