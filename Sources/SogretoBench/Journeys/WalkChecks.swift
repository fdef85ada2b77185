import Bot
import Foundation
import Program
import TelegramEmulator

/// The invariants, checked after every step against what the step changed.
extension JourneyWalk {
    func check(_ step: StepContext) async throws {
        if !step.settled {
            find(.settles, step, "the bot had not finished within 20 s after: \(step.action)")
        }
        checkRequests(step)
        let locale = step.after.record?.locale ?? language
        for message in step.replies {
            checkWording(message, locale: locale, localeBefore: step.before.record?.locale, step)
        }
        checkStages(step)
        checkReminderPromise(step)
        try await checkDays(step)
        checkStaleButton(step)
        checkLiveButton(step)
        checkReplies(step)
        checkQuiet(step)
        checkConversation(step)
    }

    func find(_ invariant: WalkFinding.Invariant, _ step: StepContext, _ detail: String) {
        findings.append(WalkFinding(invariant: invariant, step: step.index, detail: detail))
    }

    // MARK: Bot API

    func checkRequests(_ step: StepContext) {
        for request in step.requests where request.httpStatus != 200 {
            find(.validRequest, step, "\(request.method) → \(request.httpStatus) \(request.errorDescription ?? "")")
        }
    }

    // MARK: Wording

    /// Visible text of a message with the user's own words (name, typed text) taken out.
    func botWords(_ message: BotMessage) -> String {
        var text = [message.text, message.caption].compactMap { $0 }.joined(separator: "\n")
        text += "\n" + message.buttons.flatMap { $0 }.map(\.text).joined(separator: "\n")
        return Self.withoutTyped(text, typed: typed)
    }

    /// `text` with the user's typed words (and language names, each in its own language) taken
    /// out. Typed times and offsets ("9", "21:00") stay: they cannot pass for the bot's words,
    /// and taking them out would cut "9 of 10" out of the bot's own sentences.
    static func withoutTyped(_ text: String, typed: Set<String>) -> String {
        var text = text
        for words in typed.sorted(by: { $0.count > $1.count }) + ["Русский", "English"]
            where words.contains(where: { $0.isLetter || "…{".contains($0) }) && StageTexts.occurs(words, in: text) {
            text = text.replacingOccurrences(of: words, with: " ")
        }
        return text
    }

    private func checkWording(_ message: BotMessage, locale: String, localeBefore: String?, _ step: StepContext) {
        let text = botWords(message)
        let head = Self.head(message)
        if !Self.isInLanguage(text, locale) && !(localeBefore.map { Self.isInLanguage(text, $0) } ?? false) {
            find(.language, step, "not \(locale): \(head)")
        }
        if let placeholder = text.range(of: #"\{\{?[A-Za-z_][A-Za-z0-9_.:]*\}?\}"#, options: .regularExpression) {
            find(.placeholder, step, "unfilled \(text[placeholder]): \(head)")
        }
        if Self.hasLoneEllipsis(text) {
            find(.ellipsis, step, "“…” standing alone: \(head)")
        }
    }

    static func isInLanguage(_ text: String, _ locale: String) -> Bool {
        if locale == "en" {
            return !text.unicodeScalars.contains { (0x0400...0x04FF).contains($0.value) }
        }
        let english: Set<String> = ["the", "you", "your", "and", "is", "are", "with", "this", "tap", "photo", "day",
                                    "here", "will", "what", "when", "for", "of", "to", "it", "now", "please"]
        let words = text.lowercased().split { !$0.isLetter }.map(String.init)
        return words.filter { english.contains($0) }.count < 2
    }

    /// "…" (or "...") with no word right before it: a placeholder for something missing.
    static func hasLoneEllipsis(_ text: String) -> Bool {
        text.range(of: #"(^|[\s«„“"(:—–-])(…|\.\.\.)(?=$|[\s»“”")\.,;:!?])"#, options: .regularExpression) != nil
    }

    static func head(_ message: BotMessage) -> String {
        let text = (message.text ?? message.caption ?? "<\(message.kind.rawValue)>").replacingOccurrences(of: "\n", with: " ")
        let buttons = message.buttons.flatMap { $0 }.map { "[\($0.text)|\($0.callbackData ?? "")]" }.joined()
        return "#\(message.messageID) \(text.prefix(110))\(buttons.isEmpty ? "" : " " + buttons.prefix(160))"
    }

    // MARK: Stages

    func texts(for progress: UserProgress?, locale: String) -> StageTexts? {
        guard let progress else { return nil }
        let key = "\(progress.programID).\(locale)"
        if let cached = stageTexts[key] { return cached }
        let loaded = try? StageTexts.load(assets: assets, programID: progress.programID, locale: locale)
        stageTexts[key] = loaded
        return loaded
    }

    /// The furthest stage whose text may be shown: the user's stage, or the next one once the
    /// current one is done (its unlock announces it).
    static func furthestAllowed(_ progress: UserProgress, _ texts: StageTexts) -> Int {
        switch progress.position {
        case .welcome: return 0
        case .step(let stage, _): return texts.index(of: stage) ?? texts.stages.count
        case .stageDone(let stage): return (texts.index(of: stage) ?? texts.stages.count) + 1
        case .themePicker, .theme:
            return (texts.stages.firstIndex { $0.id == "baby-leaf" } ?? texts.index(of: "themes") ?? texts.stages.count) + 1
        case .nps, .npsComment, .finished: return texts.stages.count
        }
    }

    private func checkStages(_ step: StepContext) {
        guard let progress = step.after.progress, let texts = texts(for: progress, locale: step.after.record?.locale ?? language)
        else { return }
        let allowed = Self.furthestAllowed(progress, texts)
        let plantingDone = progress.stagesCompleted["planting"] != nil
        for message in step.new {
            let words = botWords(message)
            let shown = texts.stagesShown(in: words)
            if let beyond = shown.filter({ $0 > allowed }).min() {
                find(.stageNotReached, step, "\(texts.stages[beyond].id) shown at \(progress.position): \(Self.head(message))")
            }
            // Before planting is done there are no sprouts to tell about (a nudge included).
            if case .wait = step.action, !plantingDone, Self.mentionsGrowth(words) {
                find(.stageNotReached, step, "growth told before planting was completed (\(progress.position)): \(Self.head(message))")
            }
        }
    }

    static func mentionsGrowth(_ text: String) -> Bool {
        text.range(of: #"(?i)sprout|seedling|росток|ростк|ростки|всход|проклюн"#, options: .regularExpression) != nil
    }

    // MARK: Reminders

    /// The reminder tried by this step (the step right after a wait) names what Continue opened.
    private func checkReminderPromise(_ step: StepContext) {
        guard let reminder, step.action.isContinue,
              let texts = texts(for: step.before.progress, locale: step.before.record?.locale ?? language) else { return }
        let reply = step.replies.map(botWords).joined(separator: "\n")
        let said = botWords(reminder)
        if let theme = texts.themeNamed(in: said) {
            if !texts.themeShown(theme, in: reply) {
                find(.reminderNamesContinue, step, "reminder named theme “\(theme)”, Continue opened: \(Self.heads(step.replies))")
            }
            return
        }
        guard let named = texts.stagesShown(in: said, unlockOnly: true).max() else { return }
        if !texts.stagesShown(in: reply).contains(named) {
            find(.reminderNamesContinue, step,
                 "reminder named stage \(texts.stages[named].id), Continue opened: \(Self.heads(step.replies))")
        }
    }

    static func heads(_ messages: [BotMessage]) -> String {
        messages.isEmpty ? "nothing" : messages.map(head).joined(separator: " / ")
    }

    // MARK: Stale buttons

    func checkStaleButton(_ step: StepContext) {
        guard case let .press(_, data, stale) = step.action, stale else { return }
        let navigation = Self.isNavigation(data)
        // Continue opens what is current: the manifesto's stage is complete as soon as it opens, and
        // a themes stage with no theme left on the user's pace (a gentler pace chosen late) as it is passed.
        let opensComplete = navigation ? Set(content?.catalog.programs.flatMap { program in
            program.stages.filter { $0.kind == .manifesto || $0.kind == .themes }.map(\.id)
        } ?? []) : []
        let before = Self.state(step.before, navigation: navigation, ignoring: opensComplete)
        let after = Self.state(step.after, navigation: navigation, ignoring: opensComplete)
        if before != after {
            find(.staleButton, step, "old button \(data) changed \(Self.difference(before, after))")
        }
    }

    /// A button the latest message shows acts: it never gets the "old button" notice, and never
    /// silence (no message, no edit, no word on the button).
    func checkLiveButton(_ step: StepContext) {
        guard case let .press(_, data, _) = step.action, step.pressedLatest, step.settled else { return }
        exercised["latest message's button pressed", default: 0] += 1
        if answeredStale(step) {
            find(.liveButton, step, "\(data) on the latest message got the old-button notice")
        } else if step.new.isEmpty, step.edited.isEmpty, (step.callbackAnswers ?? []).allSatisfy({ ($0.text ?? "").isEmpty }) {
            find(.liveButton, step, "\(data) on the latest message got no answer at all")
        }
    }

    /// What a stale press must leave alone (navigation buttons may move the position).
    static func state(_ snapshot: Snapshot, navigation: Bool, ignoring opensComplete: Set<String> = []) -> [String: String] {
        var state: [String: String] = ["photos": "\(snapshot.photoIDs)"]
        if let record = snapshot.record {
            state["timezone"] = record.timezone
            state["reminderMinute"] = "\(record.reminderMinute)"
            state["quietHoursOptOut"] = "\(record.quietHoursOptOut)"
            state["locale"] = record.locale
            state["narration"] = record.narration ?? "-"
            if !navigation { state["status"] = record.status.rawValue }
        }
        if let progress = snapshot.progress {
            state["program"] = progress.programID
            state["answers"] = "\(progress.answers.sorted { $0.key < $1.key })"
            state["choices"] = "\(progress.choices.sorted { $0.key < $1.key })"
            state["wish"] = progress.wish ?? "-"
            state["themes"] = "\(progress.themes ?? []) \(progress.themesConfirmed) \(progress.pace ?? "-")"
            state["holds"] = "\(progress.holds.count)"
            state["nps"] = "\(progress.npsScore.map(String.init) ?? "-") \(progress.npsComment ?? "-")"
            state["stagesCompleted"] = "\(progress.stagesCompleted.keys.filter { !opensComplete.contains($0) }.sorted())"
            if !navigation { state["position"] = "\(progress.position)" }
        }
        return state
    }

    static func difference(_ before: [String: String], _ after: [String: String]) -> String {
        Set(before.keys).union(after.keys).sorted().compactMap { key in
            before[key] == after[key] ? nil : "\(key): \(before[key] ?? "nil") → \(after[key] ?? "nil")"
        }.joined(separator: "; ")
    }

    // MARK: Replies

    func checkReplies(_ step: StepContext) {
        if let answers = step.callbackAnswers {
            if answers.isEmpty { find(.replyLost, step, "\(step.action) was never acknowledged") }
            if answers.count > 1 { find(.oneReply, step, "\(step.action) acknowledged \(answers.count) times") }
        }
        if step.action.expectsMessage, step.replies.isEmpty, step.settled {
            find(.replyLost, step, "no reply to: \(step.action)")
        }
        var signatures: Set<String> = []
        for message in step.new where message.kind == .text {
            let signature = "\(message.text ?? "")|\(message.buttons)"
            if !signatures.insert(signature).inserted {
                find(.oneReply, step, "the same message twice: \(Self.head(message))")
            }
        }
    }

    // MARK: Away users

    func checkQuiet(_ step: StepContext) {
        let chat = String(user.chatID)
        // Unblocking is asking for a word back; anything else while blocked was unasked.
        if case .unblock = step.action {} else if blocked || step.action.description == WalkAction.block.description {
            let sent = step.requests.filter { $0.parameters["chat_id"] == chat && $0.method != "answerCallbackQuery" }
            if !sent.isEmpty {
                find(.quietWhenAway, step, "\(sent.count) request(s) to a user who blocked the bot: \(sent.map(\.method))")
            }
        }
        guard case .wait = step.action, let status = step.before.record?.status, status == .paused || status == .stopped
        else { return }
        if !step.new.isEmpty {
            find(.quietWhenAway, step, "sent to a \(status.rawValue) user unasked: \(Self.heads(step.new))")
        }
    }
}
