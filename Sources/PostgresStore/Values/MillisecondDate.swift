import Foundation
import NIOCore
import PostgresNIO

/// An instant at millisecond precision, as the SQLite store writes it (`StoredDate` rounds to the
/// nearest millisecond). Bound exactly, not through `Date`'s encoding (which truncates a
/// microsecond fraction), so a stored value equals what the next query binds for the same date.
struct MillisecondDate: Sendable, Equatable, Hashable {
    /// Milliseconds since 1970-01-01 UTC.
    let milliseconds: Int64

    init(_ date: Date) {
        milliseconds = Int64((date.timeIntervalSince1970 * 1000).rounded())
    }

    init(milliseconds: Int64) {
        self.milliseconds = milliseconds
    }

    var date: Date { Date(timeIntervalSince1970: Double(milliseconds) / 1000) }

    /// PostgreSQL counts microseconds from 2000-01-01.
    static let postgresEpochMilliseconds: Int64 = 946_684_800_000
}

extension MillisecondDate: PostgresNonThrowingEncodable {
    static var psqlType: PostgresDataType { .timestamptz }
    static var psqlFormat: PostgresFormat { .binary }

    func encode<JSONEncoder: PostgresJSONEncoder>(into byteBuffer: inout ByteBuffer,
                                                  context: PostgresEncodingContext<JSONEncoder>) {
        byteBuffer.writeInteger((milliseconds - Self.postgresEpochMilliseconds) * 1000)
    }
}

extension MillisecondDate: PostgresArrayEncodable {
    static var psqlArrayType: PostgresDataType { .timestamptzArray }
}

extension MillisecondDate: PostgresDecodable {
    init<JSONDecoder: PostgresJSONDecoder>(from buffer: inout ByteBuffer, type: PostgresDataType,
                                           format: PostgresFormat,
                                           context: PostgresDecodingContext<JSONDecoder>) throws {
        guard type == .timestamptz || type == .timestamp, format == .binary,
              buffer.readableBytes == 8, let microseconds = buffer.readInteger(as: Int64.self) else {
            throw PostgresDecodingError.Code.typeMismatch
        }
        // Floor division: a stored value is whole milliseconds; one written elsewhere rounds down.
        let (quotient, remainder) = microseconds.quotientAndRemainder(dividingBy: 1000)
        milliseconds = (remainder < 0 ? quotient - 1 : quotient) + Self.postgresEpochMilliseconds
    }
}

extension Date {
    /// This date as the PostgreSQL store binds it.
    var milliseconds: MillisecondDate { MillisecondDate(self) }
}
