import Foundation

/// What `users.conversation` keeps between updates (JSON): the question being asked
/// (AwaitedInput), and for messages whose keyboard the bot edited, the buttons they show now, so
/// a press on a keyboard that was removed or replaced (a slow client, a forged press) changes
/// nothing. Messages never edited keep every button they were sent with. `open` is the
/// button-only question being asked (OpenQuestion).
struct ConversationState: Codable, Equatable {
    var awaiting: String?
    var user: Int64?
    var locale: String?
    var keyboards: [ShownKeyboard]?
    var open: String?
    /// The newest message whose one-time question (yes/no, score, picker) was answered: such a
    /// button on it or on any older message is stale, even once its keyboard is forgotten.
    var answeredUpTo: Int?
    /// The user's message or press that asked the latest yes/no question: a yes/no on an older
    /// message belongs to an earlier question (left open or answered) and is stale.
    var yesNoAfter: Int?

    struct ShownKeyboard: Codable, Equatable {
        var message: Int
        var data: [String]
    }

    /// Edited messages remembered per user: enough for any chat screen, small in the row.
    static let remembered = 24

    init(_ column: String?) {
        guard let column, let state = try? JSONDecoder().decode(ConversationState.self, from: Data(column.utf8)) else {
            self.init()
            return
        }
        self = state
    }

    init() {}

    /// The column's text; nil when nothing is kept.
    var encoded: String? {
        guard awaiting != nil || open != nil || !(keyboards ?? []).isEmpty || answeredUpTo != nil || yesNoAfter != nil else { return nil }
        return (try? JSONEncoder().encode(self)).map { String(decoding: $0, as: UTF8.self) }
    }

    /// Whether a button with `data` still shows on message `messageID`.
    func allows(_ data: String, on messageID: Int) -> Bool {
        guard let shown = keyboards?.last(where: { $0.message == messageID }) else { return true }
        return shown.data.contains(data)
    }

    /// Message `messageID` now shows `keyboard` (none when nil).
    mutating func remember(_ messageID: Int, shows keyboard: [[Button]]?) {
        var list = (keyboards ?? []).filter { $0.message != messageID }
        list.append(ShownKeyboard(message: messageID, data: (keyboard ?? []).flatMap { $0.map(\.data) }))
        keyboards = Array(list.suffix(Self.remembered))
    }
}
