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

    static func fromDatabaseValue(_ dbValue: DatabaseValue) -> StoredDate? {
        Date.fromDatabaseValue(dbValue).map(StoredDate.init)
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
