import Foundation
import Program

extension Conversation {
    /// Kit codes in deep links: Telegram allows up to 64 characters of A-Z, a-z, 0-9, _ and -.
    static func isValidKitCode(_ code: String) -> Bool {
        (1...64).contains(code.count) && code.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") }
    }

    /// The command menu, in order; every entry has a `command_<name>` text in each locale.
    static let menu = ["start", "continue", "status", "stats", "collection", "gift", "photos", "diary", "settings", "pause", "resume", "help", "contact", "privacy"]

    func handle(_ command: Command, user: UserRecord, now: Date) -> Decision {
        switch command.name {
        case "start" where GiftCode.code(inPayload: command.argument) != nil:
            return giftStart(code: GiftCode.code(inPayload: command.argument) ?? "", user: user, now: now)
        case "start":
            var decision = addingReminderOnboarding(to: start(payload: command.argument, user: user, now: now),
                                                    wasStarted: user.progress != nil, now: now)
            decision.startsJourney = true
            return decision
        case "continue": return program(.continueProgram, user: user, now: now)
        case "status": return program(.status, user: user, now: now)
        case "settings": return addingNarrationSetting(to: settings(user: user, now: now))
        case "pause": return program(.pause, user: user, now: now)
        case "resume": return program(.resume, user: user, now: now)
        case "skipweek": return program(.skipWeek, user: user, now: now)
        case "stop": return program(.stop, user: user, now: now)
        case "reset": return program(.resetRequested, user: user, now: now)
        case "photos", "collage", "timeline": return photosCommand(command.name, user: user)
        case "diary": return practiceDiaryCommand(user: user)
        case "stats": return statsCommand(user: user)
        case "collection": return collectionCommand(user: user)
        case "leaderboard": return leaderboardCommand(user: user)
        case "gift": return giftCommand(user: user)
        case "help": return helpCommand(user: user)
        case "contact": return contactCommand(user: user)
        case "forget": return forgetCommand(user: user)
        case "privacy": return privacyCommand(user: user)
        case "export": return exportCommand(user: user)
        default: return reply("unknown_command", to: user)
        }
    }

    private func start(payload: String?, user: UserRecord, now: Date) -> Decision {
        guard let payload else { return program(.start(kitCode: nil), user: user, now: now) }
        guard Self.isValidKitCode(payload) else {
            // Not a code we could have printed: welcome as without one, and say so.
            var decision = program(.start(kitCode: nil), user: user, now: now)
            let note = OutboxAction.message(text: strings.text("kit_code_unreadable", user.locale), keyboard: nil)
            decision.actions.insert(note, at: 0)
            return decision
        }
        var decision = program(.start(kitCode: payload), user: user, now: now)
        if user.kitCode == nil { decision.user?.kitCode = payload }
        return decision
    }

    /// Runs the program engine and turns its result into the bot's decision.
    func program(_ input: ProgramInput, user: UserRecord, now: Date, source messageID: Int? = nil) -> Decision {
        var user = user
        let stored = user.progress.flatMap { ProgressCoding.decode($0) }
        let zone = TimeZone(identifier: user.timezone) ?? TimeZone(identifier: "Europe/Moscow")!
        let context = ProgramContext(now: now, timeZone: zone, locale: user.locale, userName: user.firstName,
                                     photoCount: photoDiary.photos.count)
        let result = engine.handle(input, progress: stored, context: context)
        if let progress = result.progress {
            user.progress = ProgressCoding.encode(progress)
            user.status = UserRecord.Status(progress.status)
        } else {
            user.progress = nil
            user.status = .new
        }
        let programID = stored?.programID ?? result.progress?.programID
        var actions = result.messages.map { message in
            programAction(for: message, programID: result.progress?.programID ?? programID, user: user, source: messageID)
        }
        if result.retiresSource, let messageID {
            // An older copy of the page was pressed: the page came anew, and that copy's buttons go.
            actions.insert(.editKeyboard(messageID: messageID, keyboard: nil), at: 0)
        }
        var decision = Decision(user: user, actions: actions, events: result.events.map { AnalyticsEvent($0, programID: programID) })
        decision.rejected = result.rejected
        let gifted = offeringGift(in: offeringPracticeDiary(in: decision, events: result.events, user: user), events: result.events, user: user,
                                  choseToGiveSeeds: Self.choseToGiveSeeds(before: stored, after: result.progress))
        let offered = addingTasteInvitation(to: addingNextKit(to: gifted, input: input, result: result, user: user), result: result, user: user)
        return sendingManifestoCard(result.manifestoCard, in: notingGiftMilestones(in: offered, events: result.events, user: user))
    }
}

extension UserRecord.Status {
    init(_ status: UserProgress.Status) {
        switch status {
        case .active: self = .active
        case .paused: self = .paused
        case .stopped: self = .stopped
        case .completed: self = .completed
        }
    }
}

/// UserProgress as stored in the users table: one JSON text column.
package enum ProgressCoding {
    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return encoder
    }()

    package static func encode(_ progress: UserProgress) -> String? {
        (try? encoder.encode(progress)).map { String(decoding: $0, as: UTF8.self) }
    }

    /// One decoder for every call: the scheduler decodes a progress per reminder it fires.
    private static let decoder = JSONDecoder()

    package static func decode(_ text: String) -> UserProgress? {
        try? decoder.decode(UserProgress.self, from: Data(text.utf8))
    }
}

extension AnalyticsEvent {
    /// Program facts for the admin funnel: kinds and ids only.
    init(_ event: ProgramEvent, programID: String?) {
        switch event {
        case .activated(let program, let kit): self.init(kind: "activated", programID: program, detail: kit)
        case .stageStarted(let stage): self.init(kind: "stage_started", programID: programID, detail: stage)
        case .stageCompleted(let stage): self.init(kind: "stage_completed", programID: programID, detail: stage)
        case .day7Reached: self.init(kind: "day7_reached", programID: programID)
        case .completed: self.init(kind: "completed", programID: programID)
        case .manifestoRead: self.init(kind: "manifesto_read", programID: programID)
        case .stopped: self.init(kind: "stopped", programID: programID)
        case .paused: self.init(kind: "paused", programID: programID)
        case .resumed: self.init(kind: "resumed", programID: programID)
        case .weekSkipped: self.init(kind: "week_skipped", programID: programID)
        case .reset: self.init(kind: "reset", programID: programID)
        case .nextKitStarted(let started): self.init(kind: AnalyticsEvent.nextKitKind, programID: started)
        case .tasteKitEntered(let program): self.init(kind: "taste_kit_entered", programID: program)
        case .tasteEnded: self.init(kind: "taste_ended", programID: programID)
        case .npsScored(let score): self.init(kind: "nps", programID: programID, detail: String(score))
        case .npsComment: self.init(kind: "nps_comment", programID: programID)
        }
    }
}
