import Foundation

/// One delivered row, for `markSent(_:)`.
public struct SentRow: Sendable {
    public var id: Int64
    public var telegramMessageID: Int?
    public var at: Date

    package init(id: Int64, telegramMessageID: Int?, at: Date) {
        self.id = id
        self.telegramMessageID = telegramMessageID
        self.at = at
    }
}
