public import Foundation

/// The simulated-user side: what people do in Telegram, and what they see.
extension TelegramEmulator {
    // MARK: Users and chats

    /// A new user who has opened a private chat with the bot (chat id == user id).
    public func newUser(firstName: String, languageCode: String? = "ru", username: String? = nil) async -> SimulatedUser {
        await state.newUser(firstName: firstName, languageCode: languageCode, username: username)
    }

    /// A group (or supergroup) with the bot and these members.
    package func newGroup(title: String, members: [SimulatedUser], kind: SimulatedChat.Kind = .group) async -> SimulatedChat {
        await state.newGroup(title: title, members: members, kind: kind)
    }

    /// The private chat between `user` and the bot.
    func privateChat(of user: SimulatedUser) -> SimulatedChat {
        SimulatedChat(id: user.id, kind: .privateChat, title: nil)
    }

    // MARK: What users do

    /// The user sends text; a leading "/command" gets a `bot_command` entity. Returns the message id.
    @discardableResult
    public func sendText(_ text: String, from user: SimulatedUser, in chat: SimulatedChat? = nil) async -> Int {
        await state.sendText(text, from: user, in: chat?.id)
    }

    /// The user presses an inline button (any data, so forged and stale presses can be tested).
    /// Returns the callback query id.
    @discardableResult
    public func pressButton(
        _ callbackData: String, on messageID: Int, from user: SimulatedUser, in chat: SimulatedChat? = nil
    ) async -> String {
        await state.pressButton(callbackData, on: messageID, from: user, in: chat?.id)
    }

    /// The user sends a photo (JPEG or PNG); its sizes are derived like Telegram's, the largest
    /// being the original. Throws when the data is not an image.
    @discardableResult
    public func sendPhoto(
        _ data: Data, caption: String? = nil, from user: SimulatedUser, in chat: SimulatedChat? = nil
    ) async throws -> Int {
        try await state.sendPhoto(data, caption: caption, from: user, in: chat?.id)
    }

    /// The user sends photos together as an album (one update per photo, one `media_group_id`;
    /// pass `groupID` to send more items of an album already begun, as a later poll batch).
    @discardableResult
    package func sendMediaGroup(
        _ photos: [Data], groupID: String? = nil, from user: SimulatedUser, in chat: SimulatedChat? = nil
    ) async throws -> [Int] {
        try await state.sendMediaGroup(photos, groupID: groupID, from: user, in: chat?.id)
    }

    /// The user sends a file as a document.
    @discardableResult
    public func sendDocument(
        _ data: Data, fileName: String, mimeType: String, caption: String? = nil, from user: SimulatedUser,
        in chat: SimulatedChat? = nil
    ) async -> Int {
        await state.sendDocument(data, fileName: fileName, mimeType: mimeType, caption: caption, from: user, in: chat?.id)
    }

    /// The user sends a sticker, voice note, video, location, contact, poll, animation or dice.
    @discardableResult
    package func send(_ content: SimulatedContent, from user: SimulatedUser, in chat: SimulatedChat? = nil) async -> Int {
        await state.send(content, from: user, in: chat?.id)
    }

    /// The user edits one of their text messages; the bot gets an `edited_message` update.
    /// Throws (and sends nothing) when the message is not a text message of this user.
    package func editText(messageID: Int, newText: String, from user: SimulatedUser, in chat: SimulatedChat? = nil) async throws {
        try await state.editText(messageID: messageID, newText: newText, from: user, in: chat?.id)
    }

    /// The user blocks the bot: `my_chat_member` (kicked), and later sends get 403.
    package func blockBot(by user: SimulatedUser) async {
        await state.setBlocked(true, by: user)
    }

    /// The user unblocks (restarts) the bot: `my_chat_member` (member).
    package func unblockBot(by user: SimulatedUser) async {
        await state.setBlocked(false, by: user)
    }

    /// Any other update, as a JSON object (its `update_id` is assigned by the emulator).
    package func enqueue(rawUpdateJSON: Data) async throws {
        guard case .object(let fields)? = JSONValue.parse(rawUpdateJSON) else {
            throw EmulatorError("A raw update must be a JSON object.")
        }
        await state.enqueueRaw(fields)
    }

    /// Any other update, as a JSONSerialization-compatible dictionary.
    package func enqueue(rawUpdate: [String: Any]) async throws {
        guard JSONSerialization.isValidJSONObject(rawUpdate),
              let data = try? JSONSerialization.data(withJSONObject: rawUpdate) else {
            throw EmulatorError("A raw update must be a JSON-serializable dictionary.")
        }
        try await enqueue(rawUpdateJSON: data)
    }

    // MARK: What users see

    /// The bot's messages in the chat, oldest first, as they look now (edits applied, deleted ones gone).
    package func messages(in chatID: Int64) async -> [BotMessage] {
        await state.botMessages(in: chatID)
    }

    /// Every message in the chat, the users' own included (`isFromBot == false`).
    public func transcript(in chatID: Int64) async -> [BotMessage] {
        await state.transcript(in: chatID)
    }

    /// Waits until the chat holds at least `count` bot messages and returns them; throws with a
    /// description of what did arrive (and recent failed requests) when `timeout` passes first.
    package func waitForMessages(in chatID: Int64, count: Int, timeout: Duration = .seconds(5)) async throws -> [BotMessage] {
        try await state.waitForMessages(in: chatID, count: count, timeout: timeout)
    }

    public func callbackAnswers(for queryID: String) async -> [CallbackAnswer] {
        await state.callbackAnswers(for: queryID)
    }

    /// Chat actions ("typing", "upload_photo", …) the bot sent to the chat, in order.
    package func chatActions(in chatID: Int64) async -> [String] {
        await state.chatActions(in: chatID)
    }

    /// The command menu a user with this language sees in a private chat (Telegram's fallback:
    /// chat scope, all private chats, default; the language, then no language).
    public func commands(languageCode: String?, chatID: Int64? = nil) async -> [(command: String, description: String)] {
        await state.visibleCommands(languageCode: languageCode, chatID: chatID).map { ($0.command, $0.description) }
    }

    package func downloadFile(fileID: String) async -> Data? {
        await state.downloadFile(fileID: fileID)
    }

    /// A stored file with its MIME type and name, for showing or offering it as a download.
    public func file(id fileID: String) async -> EmulatorFile? {
        await state.file(id: fileID)
    }

    /// A counter that goes up whenever the chat's messages change (one added, edited or
    /// deleted), so a viewer can poll cheaply and fetch `transcript(in:)` only when it moved.
    public func revision(in chatID: Int64) async -> Int {
        await state.revision(in: chatID)
    }

    /// The chat action the user sees right now ("typing", "upload_photo", …), if any: like
    /// Telegram's clients, an action shows for five seconds or until the bot's next message.
    public func currentChatAction(in chatID: Int64) async -> String? {
        await state.currentChatAction(in: chatID)
    }

    /// The bot's requests, oldest first (bounded by `requestLogLimit`).
    package func requestLog() async -> [RecordedRequest] {
        await state.recordedRequests()
    }

    /// Updates not yet confirmed by the bot.
    package func pendingUpdateCount() async -> Int {
        await state.pendingUpdateCount()
    }

    /// Long polls waiting for updates now, so a test can act while one is surely in flight.
    package func waitingLongPollCount() async -> Int {
        await state.waitingPollCount
    }

    /// Ids of chats whose visible content changed (a message arrived, was edited or deleted, a
    /// chat action was sent), for live views such as the sandbox's web chat. Ends at shutdown.
    func chatChanges() async -> AsyncStream<Int64> {
        await state.observeChanges()
    }

    // MARK: Faults and limits

    package func inject(_ fault: Fault) async {
        await state.inject(fault)
    }

    package func clearFaults() async {
        await state.clearFaults()
    }

    package func setFloodLimits(_ limits: FloodLimits) async {
        await state.setFloodLimits(limits)
    }
}
