import Foundation

/// A claimed `media_tasks` row, as a handler gets it.
public struct MediaTask: Sendable, Equatable {
    public var id: Int64
    public var userID: Int64
    public var chatID: Int64
    /// Which handler runs it: "ingest", "collage", "timeline", "diary", "vision"…
    public var kind: String
    /// Kind-specific JSON, written when the task was recorded.
    public var payload: String
    /// 1 on the first run; a task redone after a crash or a failure counts up.
    public var attempt: Int

    /// The payload decoded as `T`; a payload that does not decode is a programming error of the
    /// code that recorded it, reported as a `MediaTaskError`.
    public func decodePayload<T: Decodable>(_ type: T.Type) throws -> T {
        do {
            return try JSONDecoder().decode(T.self, from: Data(payload.utf8))
        } catch {
            throw MediaTaskError("The payload of \(kind) task \(id) is not readable.")
        }
    }
}

/// A media task to record with the update that asked for it (`Decision.mediaTasks`).
public struct MediaTaskRequest: Sendable, Equatable {
    public var kind: String
    public var payload: String
    /// Makes recording idempotent: a second request with the same key is ignored.
    public var dedupeKey: String?

    public init(kind: String, payload: String, dedupeKey: String? = nil) {
        self.kind = kind
        self.payload = payload
        self.dedupeKey = dedupeKey
    }

    /// A request whose payload is `value` as JSON.
    public init<T: Encodable>(kind: String, encoding value: T, dedupeKey: String? = nil) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let json = (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
        self.init(kind: kind, payload: json, dedupeKey: dedupeKey)
    }
}

/// A media task that could not run; the description says why, without user data.
public struct MediaTaskError: Error, Sendable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
