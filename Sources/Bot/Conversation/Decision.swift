/// What handling one update decided: the user's new state, what to send, what to record.
/// Built by pure code and applied by the store in one transaction with the update's id.
public struct Decision: Sendable, Equatable {
    public var user: UserRecord?
    public var actions: [OutboxAction]
    public var events: [AnalyticsEvent]
    /// The user blocked the bot: drop what is still queued for them.
    public var cancelsPendingMessages = false
    /// Quota changes an admin made with /admin buttons (applied and audited in the same transaction).
    public var quotaChanges: [QuotaChangeRequest] = []
    /// Experiments an admin started, stopped or adopted from Telegram (saved and audited in the same transaction).
    public var experimentDecisions: [ExperimentDecisionRequest] = []
    /// Slow work to record with the update (photo ingest, renders), run by `MediaTaskRunner`.
    public var mediaTasks: [MediaTaskRequest] = []
    /// Changes to the user's photo diary (deletions, replacements).
    public var photoDiaryChanges: [PhotoDiaryChange] = []
    /// Messages for other chats: a /contact message for the admins, an admin's answer for its user.
    public var otherChats: [ChatActions] = []
    /// /contact messages and answers to keep (`support_messages`).
    public var supportMessages: [SupportMessage] = []
    /// Gift invites made, opened or redeemed, and gifted friends' milestones (GiftChanges).
    public var gifts = GiftChanges()
    /// /forget confirmed: the store erases everything about `user` instead of saving them, and
    /// sends `actions` as the last message.
    public var erasesUser = false
    /// Media tasks the store records for this decision, so the runner is woken for them: an
    /// erasure records its erase-blobs task instead of the decision's own.
    package var recordedMediaTasks: Int { erasesUser ? 1 : mediaTasks.count }
    /// /start: the one update that may begin again for someone who was erased (a tombstone).
    public var startsJourney = false
    /// The program engine turned the input away (an old or unknown button); read while deciding only.
    var rejected = false

    public init(user: UserRecord? = nil, actions: [OutboxAction] = [], events: [AnalyticsEvent] = []) {
        self.user = user
        self.actions = actions
        self.events = events
    }

    static let nothing = Decision()

    /// What is left for someone erased who has not started again: the replies, nothing kept.
    package var keepingNothing: Decision {
        Decision(actions: actions)
    }
}

/// What to send to a chat other than the one the update came from.
public struct ChatActions: Sendable, Equatable {
    public var chatID: Int64
    public var actions: [OutboxAction]

    init(chatID: Int64, actions: [OutboxAction]) {
        self.chatID = chatID
        self.actions = actions
    }
}

/// One /contact message or an admin's answer to it, as kept in `support_messages`.
public struct SupportMessage: Sendable, Equatable {
    public enum Direction: String, Sendable {
        case fromUser = "from_user", toUser = "to_user"
    }

    public var userID: Int64
    public var direction: Direction
    /// The admin who answered (answers only).
    public var adminID: Int64?
    /// text, photo, voice, audio or document.
    public var kind: String
    public var text: String?
    /// Telegram's file id of a photo, voice note or file.
    public var fileID: String?
}
