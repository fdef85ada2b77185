import Foundation

/// Updates waiting for the bot, in order, each already serialized (without its `update_id`,
/// which is spliced in when served, so raw updates from tests need no re-encoding).
struct UpdateQueue {
    struct Pending: Sendable {
        var id: Int64
        /// The update's type: "message", "callback_query", "my_chat_member", …
        var kind: String
        /// A JSON object without `update_id`.
        var body: Data

        /// The update as served: `{"update_id":N,…rest of body}`.
        var json: Data {
            var data = Data(#"{"update_id":\#(id)"#.utf8)
            if body.count > 2 {
                data.append(UInt8(ascii: ","))
                data.append(body.dropFirst())
            } else {
                data.append(UInt8(ascii: "}"))
            }
            return data
        }
    }

    private var items: [Pending] = []
    private var head = 0
    private(set) var nextID: Int64 = 100_000_001

    var count: Int { items.count - head }

    mutating func append(kind: String, body: Data) -> Int64 {
        let id = nextID
        nextID += 1
        items.append(Pending(id: id, kind: kind, body: body))
        return id
    }

    /// Forgets every update whose id is below `offset` (Telegram's confirmation).
    mutating func confirm(below offset: Int64) {
        while head < items.count, items[head].id < offset { head += 1 }
        compact()
    }

    /// Negative offsets keep only the last `-offset` updates.
    mutating func keepLast(_ count: Int) {
        head = max(head, items.count - count)
        compact()
    }

    mutating func removeAll() {
        items.removeAll()
        head = 0
    }

    /// Update types a bot receives only when it asks for them in `allowed_updates`.
    static let optInKinds: Set<String> = ["chat_member", "message_reaction", "message_reaction_count"]

    /// Up to `limit` pending updates whose type is in `allowed` (Telegram's default when nil:
    /// everything but the opt-in types).
    func batch(limit: Int, allowed: Set<String>?) -> [Pending] {
        var result: [Pending] = []
        var index = head
        while index < items.count, result.count < limit {
            let kind = items[index].kind
            if allowed?.contains(kind) ?? !Self.optInKinds.contains(kind) { result.append(items[index]) }
            index += 1
        }
        return result
    }

    private mutating func compact() {
        if head > 1024, head * 2 > items.count {
            items.removeFirst(head)
            head = 0
        }
    }
}
