import Foundation

/// One message as the emulator keeps it: the wire object plus what the user-facing view needs.
struct StoredMessage: Sendable {
    var message: BotAPI.Message
    var isFromBot: Bool
    var kind: BotMessage.Kind
    var mediaKind: BotMessage.Kind
    /// The text or caption as the bot sent it, when it used a parse mode.
    var source: String?
    var parseMode: String?
}

/// A chat and its messages, indexed by message id so edits and lookups never scan the chat.
struct ChatRecord: Sendable {
    var chat: SimulatedChat
    var wire: BotAPI.Chat
    var nextMessageID = 1
    var messages: [Int: StoredMessage] = [:]
    /// Message ids in the order they were sent.
    var order: [Int] = []
    var chatActions: [String] = []
    /// The last chat action and when it was sent (monotonic seconds), until a bot message clears it.
    var pendingChatAction: (action: String, sentAt: Double)?
    /// Goes up by one whenever what the chat shows changes (a message added, edited or deleted),
    /// so a viewer can ask "anything new since revision N?" without comparing messages.
    private(set) var revision = 0
    var members: [Int64] = []
    /// The private chat's user has blocked the bot.
    var isBlocked = false

    init(chat: SimulatedChat, wire: BotAPI.Chat) {
        self.chat = chat
        self.wire = wire
    }

    var isGroup: Bool { chat.kind == .group || chat.kind == .supergroup }

    mutating func takeMessageID() -> Int {
        defer { nextMessageID += 1 }
        return nextMessageID
    }

    mutating func append(_ stored: StoredMessage, historyLimit: Int) {
        revision += 1
        if stored.isFromBot { pendingChatAction = nil }
        messages[stored.message.messageId] = stored
        order.append(stored.message.messageId)
        if order.count > historyLimit {
            let overflow = order.count - historyLimit
            for id in order.prefix(overflow) { messages[id] = nil }
            order.removeFirst(overflow)
        }
    }

    /// Replaces a message after an edit.
    mutating func replace(_ stored: StoredMessage) {
        revision += 1
        messages[stored.message.messageId] = stored
    }

    mutating func remove(messageID: Int) {
        revision += 1
        messages[messageID] = nil
        if let index = order.lastIndex(of: messageID) { order.remove(at: index) }
    }
}
