import Foundation

/// Updates waiting for the bot, in order, each already serialized (without its `update_id`,
/// which is spliced in when served, so raw updates from tests need no re-encoding).
struct UpdateQueue {
    struct Pending: Sendable {
        var id: Int64
        /// The update's type: "message", "callback_query", "my_chat_member", …
        var kind: String
        /// The chat it belongs to, when it has one: concurrent webhook pushes keep each chat's order.
        var chatID: Int64? = nil
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
    /// Updates a concurrent webhook push confirmed while an earlier one was still pending.
    private var confirmedAhead: Set<Int64> = []

    var count: Int { items.count - head - confirmedAhead.count }

    mutating func append(kind: String, body: Data, chatID: Int64? = nil) -> Int64 {
        let id = nextID
        nextID += 1
        items.append(Pending(id: id, kind: kind, chatID: chatID, body: body))
        return id
    }

    /// Forgets every update whose id is below `offset` (Telegram's confirmation).
    mutating func confirm(below offset: Int64) {
        while head < items.count, items[head].id < offset { head += 1 }
        confirmedAhead = confirmedAhead.filter { $0 >= offset }
        compact()
    }

    /// Forgets one update (a webhook push answered 2xx), whatever is still pending before it.
    mutating func confirm(id: Int64) {
        guard head < items.count, id >= items[head].id else { return }
        confirmedAhead.insert(id)
        while head < items.count, confirmedAhead.remove(items[head].id) != nil { head += 1 }
        compact()
    }

    /// Negative offsets keep only the last `-offset` updates.
    mutating func keepLast(_ count: Int) {
        head = max(head, items.count - count)
        confirmedAhead.removeAll()
        compact()
    }

    mutating func removeAll() {
        items.removeAll()
        head = 0
        confirmedAhead.removeAll()
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
            if allowed?.contains(kind) ?? !Self.optInKinds.contains(kind), !confirmedAhead.contains(items[index].id) {
                result.append(items[index])
            }
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
