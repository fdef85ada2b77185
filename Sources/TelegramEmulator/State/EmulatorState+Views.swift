import Foundation

/// What the user sees and what tests inspect.
extension EmulatorState {
    func botMessages(in chatID: Int64) -> [BotMessage] {
        transcript(in: chatID).filter(\.isFromBot)
    }

    func transcript(in chatID: Int64) -> [BotMessage] {
        guard let record = chats[chatID] else { return [] }
        return record.order.compactMap { record.messages[$0].map(Self.view) }
    }

    static func view(_ stored: StoredMessage) -> BotMessage {
        let message = stored.message
        let largestPhoto = message.photo?.last
        let fileID = largestPhoto?.fileId ?? message.document?.fileId ?? message.audio?.fileId
            ?? message.voice?.fileId ?? message.video?.fileId ?? message.videoNote?.fileId
            ?? message.animation?.fileId ?? message.sticker?.fileId
        let entities = (message.entities ?? message.captionEntities ?? []).map {
            BotMessage.Entity(type: $0.type, offset: $0.offset, length: $0.length, url: $0.url, language: $0.language)
        }
        let buttons = (message.replyMarkup?.inlineKeyboard ?? []).map { row in
            row.map { InlineButton(text: $0.text, callbackData: $0.callbackData, url: $0.url) }
        }
        return BotMessage(
            messageID: message.messageId, chatID: message.chatID, isFromBot: stored.isFromBot, kind: stored.kind,
            mediaKind: stored.mediaKind, text: message.text, html: stored.source, parseMode: stored.parseMode,
            caption: message.caption, entities: entities, buttons: buttons, fileID: fileID,
            fileName: message.document?.fileName ?? message.audio?.fileName,
            mimeType: message.document?.mimeType ?? message.audio?.mimeType ?? message.voice?.mimeType,
            duration: message.audio?.duration ?? message.voice?.duration ?? message.video?.duration,
            performer: message.audio?.performer, title: message.audio?.title,
            width: largestPhoto?.width, height: largestPhoto?.height, mediaGroupID: message.mediaGroupId,
            isEdited: message.editDate != nil, date: Date(timeIntervalSince1970: TimeInterval(message.date)),
            editDate: message.editDate.map { Date(timeIntervalSince1970: TimeInterval($0)) })
    }

    /// Returns once `count` bot messages exist in the chat, or throws listing what did arrive.
    func waitForMessages(in chatID: Int64, count: Int, timeout: Duration) async throws(EmulatorError) -> [BotMessage] {
        let deadline = ContinuousClock.now.advanced(by: timeout)
        while true {
            let current = botMessages(in: chatID)
            if current.count >= count { return current }
            if ContinuousClock.now >= deadline {
                let summary = current.map { "#\($0.messageID) \($0.kind.rawValue): \(($0.text ?? $0.caption ?? "").prefix(80))" }
                let failures = log.entries.suffix(5).filter { $0.errorDescription != nil }
                    .map { "\($0.method) → \($0.errorDescription ?? "")" }
                throw EmulatorError(
                    "Expected \(count) bot message(s) in chat \(chatID) within \(timeout), got \(current.count)"
                    + (summary.isEmpty ? "." : ": " + summary.joined(separator: " | ") + ".")
                    + (failures.isEmpty ? "" : " Recent failed requests: " + failures.joined(separator: "; ") + "."))
            }
            await waitForBotMessage(in: chatID, until: deadline)
        }
    }

    func callbackAnswers(for queryID: String) -> [CallbackAnswer] {
        callbackQueries[queryID]?.answers ?? []
    }

    func chatActions(in chatID: Int64) -> [String] {
        chats[chatID]?.chatActions ?? []
    }

    func downloadFile(fileID: String) -> Data? {
        files.file(id: fileID)?.data
    }

    func file(id fileID: String) -> EmulatorFile? {
        files.file(id: fileID).map {
            EmulatorFile(fileID: $0.fileID, data: $0.data, mimeType: $0.mimeType, fileName: $0.fileName)
        }
    }

    func revision(in chatID: Int64) -> Int {
        chats[chatID]?.revision ?? 0
    }

    /// Telegram clients show a chat action for five seconds, or until the bot's next message.
    func currentChatAction(in chatID: Int64) -> String? {
        guard let pending = chats[chatID]?.pendingChatAction,
              monotonicSeconds - pending.sentAt < Self.chatActionDisplaySeconds else { return nil }
        return pending.action
    }

    static let chatActionDisplaySeconds = 5.0

    func recordedRequests() -> [RecordedRequest] {
        log.recent
    }

    func pendingUpdateCount() -> Int {
        updates.count
    }

    func inject(_ fault: Fault) {
        faults.add(fault)
    }

    func clearFaults() {
        faults.clear()
    }

    func setFloodLimits(_ limits: FloodLimits) {
        flood = FloodControl(limits: limits)
    }

    func user(id: Int64) -> SimulatedUser? {
        users[id]
    }
}
