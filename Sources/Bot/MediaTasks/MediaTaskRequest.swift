import Foundation

/// A media task to record with the update that asked for it (`Decision.mediaTasks`).
public struct MediaTaskRequest: Sendable, Equatable {
    public var kind: String
    public var payload: String
    /// Makes recording idempotent: a second request with the same key is ignored.
    public var dedupeKey: String?
    /// Not run before this time (e.g. an album item waits for the album's other items).
    public var notBefore: Date?

    package init(kind: String, payload: String, dedupeKey: String? = nil, notBefore: Date? = nil) {
        self.kind = kind
        self.payload = payload
        self.dedupeKey = dedupeKey
        self.notBefore = notBefore
    }

    /// A request whose payload is `value` as JSON.
    package init<T: Encodable>(kind: String, encoding value: T, dedupeKey: String? = nil, notBefore: Date? = nil) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let json = (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
        self.init(kind: kind, payload: json, dedupeKey: dedupeKey, notBefore: notBefore)
    }
}
