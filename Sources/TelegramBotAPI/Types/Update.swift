/// An incoming update. Kinds the bot does not subscribe to decode with every field nil.
public struct Update: Codable, Sendable, Equatable {
    public var updateID: Int64
    public var message: Message?
    package var editedMessage: Message?
    var channelPost: Message?
    public var callbackQuery: CallbackQuery?
    public var myChatMember: ChatMemberUpdated?

    public init(updateID: Int64, message: Message? = nil, callbackQuery: CallbackQuery? = nil,
                myChatMember: ChatMemberUpdated? = nil) {
        self.updateID = updateID
        self.message = message
        self.callbackQuery = callbackQuery
        self.myChatMember = myChatMember
    }

    enum CodingKeys: String, CodingKey {
        case message
        case updateID = "update_id"
        case editedMessage = "edited_message"
        case channelPost = "channel_post"
        case callbackQuery = "callback_query"
        case myChatMember = "my_chat_member"
    }

    /// The chat this update belongs to; updates of one chat are handled in order.
    public var chatID: Int64? {
        if let message { return message.chat.id }
        if let editedMessage { return editedMessage.chat.id }
        if let channelPost { return channelPost.chat.id }
        if let callbackQuery { return callbackQuery.message?.chat.id ?? callbackQuery.from.id }
        if let myChatMember { return myChatMember.chat.id }
        return nil
    }
}

public struct CallbackQuery: Codable, Sendable, Equatable {
    public var id: String
    public var from: User
    public var message: Message?
    public var data: String?

    public init(id: String, from: User, message: Message?, data: String?) {
        self.id = id
        self.from = from
        self.message = message
        self.data = data
    }
}

/// The bot's membership in a chat changed: in a private chat, "kicked" means the user blocked it.
public struct ChatMemberUpdated: Codable, Sendable, Equatable {
    public struct Member: Codable, Sendable, Equatable {
        public var status: String

        public init(status: String) {
            self.status = status
        }
    }

    public var chat: Chat
    public var from: User
    public var date: Int
    public var oldChatMember: Member
    public var newChatMember: Member

    public init(chat: Chat, from: User, date: Int, oldChatMember: Member, newChatMember: Member) {
        self.chat = chat
        self.from = from
        self.date = date
        self.oldChatMember = oldChatMember
        self.newChatMember = newChatMember
    }

    enum CodingKeys: String, CodingKey {
        case chat, from, date
        case oldChatMember = "old_chat_member"
        case newChatMember = "new_chat_member"
    }
}
