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

    package init(id: Int64, userID: Int64, chatID: Int64, kind: String, payload: String, attempt: Int) {
        self.id = id
        self.userID = userID
        self.chatID = chatID
        self.kind = kind
        self.payload = payload
        self.attempt = attempt
    }
}
