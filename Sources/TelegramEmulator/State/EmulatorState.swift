import Foundation

/// Everything the emulated Telegram knows: users, chats, messages, pending updates, files,
/// commands, faults and flood buckets. Both the Bot API side (HTTP) and the simulated-user side
/// (tests, the sandbox) go through this one actor; no lock is held across an await, and every
/// lookup is by id.
actor EmulatorState {
    let configuration: EmulatorConfiguration
    let botUser: BotAPI.User
    let formatting: TextFormatting

    var users: [Int64: SimulatedUser] = [:]
    var chats: [Int64: ChatRecord] = [:]
    var updates = UpdateQueue()
    var allowedUpdates: Set<String>? = EmulatorState.defaultAllowedUpdates
    var files = FileStore()
    var flood: FloodControl
    var faults = FaultPlan()
    var callbackQueries: [String: CallbackRecord] = [:]
    var commands: [CommandKey: [BotAPI.BotCommand]] = [:]
    var webhook: WebhookSettings?
    var webhookGeneration = 0
    var webhookTask: Task<Void, Never>?
    var webhookWaiter: UInt64?
    var webhookLastError: (date: Int, message: String)?
    var changeObservers: [UInt64: AsyncStream<Int64>.Continuation] = [:]
    var log = RequestLog()

    var pollers: [UInt64: CheckedContinuation<PollWake, Never>] = [:]
    var messageWaiters: [Int64: [UInt64: CheckedContinuation<Void, Never>]] = [:]
    var nextWaiterID: UInt64 = 1
    var nextUserID: Int64 = 700_000_001
    var nextGroupID: Int64 = 4_000_000_001
    var nextCallbackQuery: Int64 = 1
    var nextMediaGroup: Int64 = 13_000_000_000_000_001
    let monotonicOrigin = ContinuousClock.now

    /// Telegram's default when the bot never set `allowed_updates`.
    static let defaultAllowedUpdates: Set<String>? = nil

    init(configuration: EmulatorConfiguration) {
        self.configuration = configuration
        self.botUser = BotAPI.User(
            id: configuration.botUserID, isBot: true, firstName: configuration.botFirstName,
            username: configuration.botUsername)
        self.formatting = TextFormatting(
            htmlParser: HTMLEntityParser(rejectsBareAmpersand: configuration.rejectsBareAmpersand))
        self.flood = FloodControl(limits: configuration.floodLimits)
        self.log.limit = configuration.requestLogLimit
    }

    // MARK: Clocks

    /// Unix time of the emulator's (injectable) clock, for `date` fields.
    var unixNow: Int { Int(configuration.now().timeIntervalSince1970) }

    /// Seconds since start on a monotonic clock (not affected by time travel).
    var monotonicSeconds: Double {
        let elapsed = ContinuousClock.now - monotonicOrigin
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }

    // MARK: Users and chats

    func newUser(firstName: String, languageCode: String?, username: String?) -> SimulatedUser {
        let user = SimulatedUser(id: nextUserID, firstName: firstName, username: username, languageCode: languageCode)
        nextUserID += 1
        users[user.id] = user
        let chat = SimulatedChat(id: user.id, kind: .privateChat, title: nil)
        chats[user.id] = ChatRecord(
            chat: chat,
            wire: BotAPI.Chat(id: user.id, type: "private", username: username, firstName: firstName))
        return user
    }

    func newGroup(title: String, members: [SimulatedUser], kind: SimulatedChat.Kind) -> SimulatedChat {
        let id = kind == .supergroup || kind == .channel ? -(1_000_000_000_000 + nextGroupID) : -nextGroupID
        nextGroupID += 1
        let chat = SimulatedChat(id: id, kind: kind, title: title)
        var record = ChatRecord(chat: chat, wire: BotAPI.Chat(id: id, type: kind.rawValue, title: title))
        record.members = members.map(\.id)
        chats[id] = record
        return chat
    }

    func wireUser(_ user: SimulatedUser) -> BotAPI.User {
        BotAPI.User(
            id: user.id, isBot: false, firstName: user.firstName, lastName: user.lastName,
            username: user.username, languageCode: user.languageCode)
    }

    /// The chat a Bot API call targets, refusing unknown chats and chats whose user blocked the bot.
    func targetChat(_ id: Int64) throws(APIFailure) -> ChatRecord {
        guard let record = chats[id] else { throw .chatNotFound }
        if record.isBlocked || faults.forbiddenChats.contains(id) { throw .blocked }
        return record
    }

    // MARK: Messages

    /// Stores a new message in its chat and wakes whoever waits for it.
    func store(_ stored: StoredMessage, in chatID: Int64) {
        chats[chatID]?.append(stored, historyLimit: configuration.messageHistoryLimit)
        if stored.isFromBot { wakeMessageWaiters(chatID) } else { announceChange(in: chatID) }
    }

    /// Tells observers (the sandbox's web chat) that what a chat shows has changed.
    func announceChange(in chatID: Int64) {
        for observer in changeObservers.values { observer.yield(chatID) }
    }

    func observeChanges() -> AsyncStream<Int64> {
        let id = takeWaiterID()
        let (stream, continuation) = AsyncStream<Int64>.makeStream(bufferingPolicy: .bufferingNewest(1_000))
        changeObservers[id] = continuation
        continuation.onTermination = { [weak self] _ in
            Task { await self?.removeObserver(id) }
        }
        return stream
    }

    private func removeObserver(_ id: UInt64) {
        changeObservers[id] = nil
    }

    func finishObservers() {
        for observer in changeObservers.values { observer.finish() }
        changeObservers.removeAll()
    }

    func newMessage(in chatID: Int64, from user: BotAPI.User?) -> BotAPI.Message {
        let id = chats[chatID]?.takeMessageID() ?? 0
        return BotAPI.Message(messageId: id, from: user, date: unixNow, chat: chats[chatID]?.wire ?? .init(id: chatID, type: "private"))
    }

    func admitFlood(chatID: Int64) throws(APIFailure) {
        let isGroup = chats[chatID]?.isGroup ?? false
        // On the emulator's clock: when the sandbox moves time days ahead, the buckets refill as the
        // days would have refilled them (real seconds would answer 429 to a reminder due days later).
        if let retryAfter = flood.admit(chatID: chatID, isGroup: isGroup, now: configuration.now().timeIntervalSince1970) {
            throw .tooManyRequests(retryAfter: retryAfter)
        }
    }

    // MARK: Updates

    @discardableResult
    func enqueue(kind: String, body: Data, chatID: Int64? = nil) -> Int64 {
        let id = updates.append(kind: kind, body: body, chatID: chatID)
        wakePollers(.updatesArrived)
        return id
    }

    func enqueue(_ update: BotAPI.Update) {
        guard let body = try? BotAPI.encoder.encode(update) else { return }
        let kind: String
        if update.message != nil { kind = "message" }
        else if update.editedMessage != nil { kind = "edited_message" }
        else if update.callbackQuery != nil { kind = "callback_query" }
        else { kind = "my_chat_member" }
        let chatID = update.message?.chat?.id ?? update.editedMessage?.chat?.id ?? update.myChatMember?.chat.id
            ?? update.callbackQuery.flatMap { callbackQueries[$0.id]?.chatID }
        let id = enqueue(kind: kind, body: body, chatID: chatID)
        if let observer = configuration.observer {
            observer(.updateQueued(updateID: id, chatID: chatID, at: .now))
        }
    }

    // MARK: Waiting

    enum PollWake: Sendable { case updatesArrived, timedOut, terminated }

    /// Long polls (and the webhook loop) currently waiting, for tests that must not race them.
    var waitingPollCount: Int { pollers.count }

    func wakePollers(_ reason: PollWake) {
        let waiting = pollers
        pollers.removeAll()
        for continuation in waiting.values { continuation.resume(returning: reason) }
    }

    func wakePoller(_ id: UInt64, _ reason: PollWake) {
        pollers.removeValue(forKey: id)?.resume(returning: reason)
    }

    func wakeMessageWaiters(_ chatID: Int64) {
        announceChange(in: chatID)
        guard let waiting = messageWaiters.removeValue(forKey: chatID) else { return }
        for continuation in waiting.values { continuation.resume() }
    }

    func wakeMessageWaiter(_ chatID: Int64, _ id: UInt64) {
        messageWaiters[chatID]?.removeValue(forKey: id)?.resume()
    }

    func takeWaiterID() -> UInt64 {
        defer { nextWaiterID += 1 }
        return nextWaiterID
    }

    /// Suspends until a bot message arrives in `chatID` or `deadline` passes.
    func waitForBotMessage(in chatID: Int64, until deadline: ContinuousClock.Instant) async {
        let id = takeWaiterID()
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            messageWaiters[chatID, default: [:]][id] = continuation
            Task { [weak self] in
                try? await Task.sleep(until: deadline, clock: .continuous)
                await self?.wakeMessageWaiter(chatID, id)
            }
        }
    }
}
