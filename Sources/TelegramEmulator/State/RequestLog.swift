import Foundation

/// The last requests the bot made, oldest first, bounded.
struct RequestLog {
    var limit = 10_000
    private(set) var entries: [RecordedRequest] = []

    mutating func append(_ entry: RecordedRequest) {
        entries.append(entry)
        if entries.count > limit + limit / 4 { entries.removeFirst(entries.count - limit) }
    }

    var recent: [RecordedRequest] { Array(entries.suffix(limit)) }
}
