import Bot
import Foundation
import Program
import Sandbox
import TelegramEmulator

/// What one walk did and found.
struct WalkResult: Sendable {
    var seed: UInt64
    var language: String
    var kit: String
    var steps: Int
    var findings: [WalkFinding]
    /// Every action taken, in order, for reading a failure next to its seed.
    var trace: [String]
    /// Where the user ended: status and position, to see how far walks get.
    var reached: String
    var timings = WalkTimings()
    /// How often each conversation feature was exercised (fresh and stale presses, words stored, …).
    var exercised: [String: Int] = [:]

    var isClean: Bool { findings.isEmpty }
}

/// One user's long random walk through the real bot, checking the invariants after every step.
/// Everything the walk chooses comes from its seed, so `SOGRETO_WALK_SEED` replays it.
final class JourneyWalk {
    let seed: UInt64
    let steps: Int
    let assets: URL
    var random: WalkRandom
    let language: String
    let kitCode: String?

    var bot: WalkBot!
    var user: SimulatedUser!
    var policy: WalkPolicy!
    var findings: [WalkFinding] = []
    var trace: [String] = []
    var timings = WalkTimings()
    var exercised: [String: Int] = [:]
    /// The user's stored state and chat after the last step.
    var last: Snapshot?
    var lastMessages: [BotMessage] = []

    // What the checks remember between steps.
    /// Messages as last seen, by id: text, caption and buttons, to tell new and edited ones.
    var seen: [Int: String] = [:]
    var requestsSeen = 0
    var typed: Set<String> = []
    var blocked = false
    var reminder: BotMessage?
    /// /status's day and the local date it was asked on, valid until something else happens.
    var statusDay: (day: Int, date: String)?
    /// Days the bot said the current journey's saved photos belong to.
    var photoDays: Set<Int> = []
    var stageTexts: [String: StageTexts] = [:]
    var walkTexts: [String: WalkTexts] = [:]
    /// The programs as the bot loads them, for the conversation features' checks.
    var content: WalkContent?
    var staleNotices: [String: String] = [:]
    var savedPrefixes: [String: [String]] = [:]
    /// Each message's text as last seen, to tell a rewritten message from a keyboard taken off.
    var seenTexts: [Int: String] = [:]

    init(seed: UInt64, steps: Int, assets: URL) {
        self.seed = seed
        self.steps = steps
        self.assets = assets
        var random = WalkRandom(seed: seed)
        language = random.chance(0.5) ? "ru" : "en"
        kitCode = random.weighted([("mg-2026-\(Int.random(in: 1...999, using: &random))", 4.0),
                                   ("bs-2026-\(Int.random(in: 1...999, using: &random))", 4.0), ("", 1.0)])
            .nilIfEmpty
        self.random = random
    }

    var kitName: String { kitCode.map { $0.hasPrefix("bs") ? "basil" : "microgreens" } ?? "microgreens (no code)" }

    func run() async throws -> WalkResult {
        // A start moment fixed by the seed: the same local hours, days and reminders on replay.
        let start = Date(timeIntervalSince1970: 1_788_000_000 + Double(seed % 400) * 3_337)
        content = try WalkContent.load(assets: assets)
        bot = try await timed("start") { try await WalkBot.start(assets: assets, at: start) }
        let final: Snapshot
        do {
            try await walk()
            final = try await Snapshot.take(bot: bot, userID: user.id)
            if let folder = ProcessInfo.processInfo.environment["SOGRETO_WALK_TRANSCRIPT_DIR"] {
                try await writeTranscript(to: URL(fileURLWithPath: folder).appendingPathComponent("walk-\(seed).txt"))
            }
        } catch {
            await bot.stop()
            throw error
        }
        await timed("stop") { await bot.stop() }
        let reached = "\(final.record?.status.rawValue ?? "none") \(final.progress.map { "\($0.position)" } ?? "")"
        return WalkResult(seed: seed, language: language, kit: kitName, steps: steps, findings: findings, trace: trace,
                          reached: reached, timings: timings, exercised: exercised)
    }

    private func walk() async throws {
        let names = language == "ru" ? ["Мира", "Анна", "Lena"] : ["Mira", "John", "Мира"]
        let name = random.pick(names) ?? "Mira"
        user = await bot.emulator.newUser(firstName: name, languageCode: language)
        typed.insert(name)
        let menu = await bot.emulator.commands(languageCode: language).map(\.command)
        policy = WalkPolicy(language: language, commands: WalkPolicy.commands(
            menu: menu, kitCodes: ["mg-2026-\(seed % 97)", "bs-2026-\(seed % 89)"]),
            diligence: Double.random(in: 0.2...1, using: &random), forged: content.map(WalkPolicy.forgedPresses) ?? [])
        try await step(0, .command(kitCode.map { "/start \($0)" } ?? "/start"))
        for index in 1..<steps {
            let progress = last?.progress
            let messages = lastMessages
            let view = WalkPolicy.View(messages: messages, blocked: blocked,
                                       awaitingText: progress?.awaitingText != nil, reminder: reminder,
                                       everShown: everShown)
            let action = policy.next(view, random: &random)
            if case .photo = action, random.chance(0.4) {
                // /status right before a photo: the two must name the same program day.
                try await step(index, .command("/status"))
            }
            try await step(index, action)
            // A bot that stopped answering would make every later step wait its whole limit.
            if findings.suffix(3).count == 3, findings.suffix(3).allSatisfy({ $0.invariant == .settles }) {
                trace.append("stopped: the bot did not settle three steps in a row")
                return
            }
        }
    }

    /// Does one action, waits for the bot, and checks every invariant against what changed.
    private func step(_ index: Int, _ action: WalkAction) async throws {
        var action = action
        // The last step's state: the bot had settled, and nothing is due before this step acts.
        var before: Snapshot
        if let last { before = last } else { before = try await timed("store") { try await Snapshot.take(bot: bot, userID: user.id) } }
        if case .press(let id, let data, _) = action {
            action = .press(messageID: id, data: data, stale: isStale(messageID: id, data: data, position: before.progress?.position))
        }
        stepIndex = index
        // A person takes a few seconds between actions (and the bot's flood guard expects so).
        if case .wait = action {} else { try bot.clock.advance(by: Double(Int.random(in: 2...9, using: &random))) }
        let actedAt = bot.clock.now()
        if case let .press(id, data, _) = action, let stale = dayBoundStale(data, before, at: actedAt) {
            action = .press(messageID: id, data: data, stale: stale)
        }
        trace.append("\(index): \(action)")
        var queryID: String?
        var settled = true
        // The bot refuses a button its message no longer shows (while it remembers that keyboard);
        // a message it never gave a keyboard (the user's own) leaves the decision to the program.
        var keyboardShows: Bool?
        var pressedLatest = false
        var pressedOlderCopy = false
        if case let .press(id, data, _) = action {
            keyboardShows = lastMessages.first { $0.messageID == id }.map { $0.buttons.joined().contains { $0.callbackData == data } }
            pressedLatest = !blocked && keyboardShows == true && lastMessages.last?.messageID == id
            pressedOlderCopy = Self.pageNamed(by: data).map { page in
                lastMessages.contains { $0.messageID > id && $0.buttons.joined().contains { Self.pageNamed(by: $0.callbackData ?? "") == page } }
            } ?? false
        }
        let acted = ContinuousClock.now
        switch action {
        case let .press(id, data, _):
            queryID = await bot.emulator.pressButton(data, on: id, from: user)
        case .text(let text):
            typed.insert(text)
            await bot.emulator.sendText(text, from: user)
        case .command(let command):
            await bot.emulator.sendText(command, from: user)
        case .photo(let seed):
            if let data = WalkPhotos.jpeg(seed: seed) { _ = try await bot.emulator.sendPhoto(data, from: user) }
        case .other(let content):
            await bot.emulator.send(content, from: user)
        case .wait(let seconds):
            settled = try await timed("travel") { try await bot.travel(by: seconds, userID: user.id) }
        case .block:
            await bot.emulator.blockBot(by: user)
        case .unblock:
            await bot.emulator.unblockBot(by: user)
        }
        if case .wait = action {} else { timings.add("act", ContinuousClock.now - acted) }
        if settled { settled = try await timed("settle") { try await bot.settle(userID: user.id) } }
        let after = try await timed("store") { try await Snapshot.take(bot: bot, userID: user.id) }
        let answers = queryID == nil ? nil : await bot.emulator.callbackAnswers(for: queryID ?? "")
        let observed = await timed("emulator") { await observe() }
        var context = StepContext(index: index, action: action, before: before, after: after, new: observed.new,
                                  edited: observed.edited, requests: observed.requests, callbackAnswers: answers,
                                  settled: settled)
        context.actedAt = actedAt
        context.keyboardShows = keyboardShows
        context.pressedLatest = pressedLatest
        context.pressedOlderCopy = pressedOlderCopy
        context.settledAt = bot.clock.now()
        context.rewrittenIDs = observed.rewritten
        try await timed("check") { try await check(context) }
        remember(context)
        last = after
    }

    /// Messages that appeared or changed since the last step, and the requests the bot made.
    private func observe() async -> (new: [BotMessage], edited: [BotMessage], requests: [RecordedRequest], rewritten: Set<Int>) {
        var new: [BotMessage] = []
        var edited: [BotMessage] = []
        var rewritten: Set<Int> = []
        let messages = await bot.emulator.messages(in: user.chatID)
        lastMessages = messages
        for message in messages {
            let signature = "\(message.text ?? "")|\(message.caption ?? "")|\(message.buttons)|\(message.fileID ?? "")"
            switch seen[message.messageID] {
            case nil:
                new.append(message)
                shownAt[message.messageID] = stepIndex
            case let old? where old != signature: edited.append(message)
            default: break
            }
            seen[message.messageID] = signature
            let text = "\(message.text ?? "")|\(message.caption ?? "")|\(message.fileID ?? "")"
            if let old = seenTexts[message.messageID], old != text { rewritten.insert(message.messageID) }
            seenTexts[message.messageID] = text
        }
        seenMessages = messages.map { message in
            (message.messageID, message.buttons.flatMap { $0 }.compactMap(\.callbackData))
        }
        for (id, buttons) in seenMessages {
            for data in buttons where everShownKeys.insert("\(id) \(data)").inserted { everShown.append((id, data)) }
        }
        let log = await bot.emulator.requestLog()
        let requests = Array(log.dropFirst(requestsSeen))
        requestsSeen = log.count
        return (new, edited, requests, rewritten)
    }

    private func remember(_ context: StepContext) {
        // Anything the user sends, other than a press on /settings, leaves an open /settings behind.
        // A press answered only "already done" changed nothing, the open question included.
        switch context.action {
        case .wait: break
        case .press(_, let data, _) where Self.isSettings(data): break
        case .press where answeredStale(context) && context.replies.isEmpty: break
        default: movedOnAt = context.index
        }
        switch context.action {
        case .block: blocked = true
        case .unblock: blocked = false
        default: break
        }
        // A reminder is tried once, by the action right after the wait that brought it.
        if case .wait = context.action {
            reminder = context.new.last { message in
                !message.buttons.isEmpty && message.buttons.flatMap { $0 }.contains { $0.callbackData == "p:k" }
            }
        } else {
            reminder = nil
        }
        switch context.action {
        case .photo: break
        case .command("/status"): break
        default: statusDay = nil
        }
    }

    /// A practice step's button is stale when its step is not the user's current one: an older
    /// copy of the current step may act once, a step already passed never. /settings' buttons are
    /// stale once the user did anything else after it was shown. Any other button is stale when a
    /// newer message carries buttons of the same kind (program, photos, …) and the newest of them
    /// does not offer the same button; Continue-only messages (reminders), yes/no asides and
    /// /settings do not make a practice's buttons stale.
    func isStale(messageID: Int, data: String, position: Position?) -> Bool {
        if let named = Self.stepNamed(by: data) {
            return position != .step(stage: named.stage, index: named.index)
        }
        if Self.isSettings(data) {
            return movedOnAt > (shownAt[messageID] ?? Int.max)
        }
        // A full diary's offer decides the held photo it names, as long as that photo waits: a
        // photo held later comes with an offer of its own, which does not answer this one.
        if let held = Self.heldPhotos(named: data) {
            return seenMessages.contains { id, buttons in
                id > messageID && buttons.contains { Self.heldPhotos(named: $0) == held } && !buttons.contains(data)
            }
        }
        let family = Self.family(of: data)
        let newest = seenMessages.last { id, buttons in
            id > messageID && buttons.contains {
                Self.family(of: $0) == family && !Self.isNavigation($0) && !Self.isAside($0) && !Self.isSettings($0)
            }
        }
        guard let (_, buttons) = newest else { return false }
        return !buttons.contains(data)
    }

    /// The step a practice button acts on (`p:n:stage.2`, `p:c:stage.0.option`, …), nil for other buttons.
    static func stepNamed(by data: String) -> (stage: String, index: Int)? {
        let parts = data.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 3, parts[0] == "p", ["n", "b", "s", "m", "g", "mi", "w", "c", "wy"].contains(parts[1]) else { return nil }
        let fields = parts[2].split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard fields.count >= 2, let index = Int(fields[1]) else { return nil }
        return (fields[0], index)
    }

    /// The page a step's or theme's button acts on ("step:planting.2", "theme:3"), nil for other buttons.
    static func pageNamed(by data: String) -> String? {
        if let (stage, index) = stepNamed(by: data) { return "step:\(stage).\(index)" }
        guard data.hasPrefix("p:h:") || data.hasPrefix("p:hb:") || data.hasPrefix("p:wt:"), let slot = themeSlot(in: data) else { return nil }
        return "theme:\(slot)"
    }

    /// The slot of `p:h:N`, `p:hb:N` or `p:wt:N`, with or without the copy number after a dot.
    static func themeSlot(in data: String) -> Int? {
        let argument = data.split(separator: ":", omittingEmptySubsequences: false).dropFirst(2).first ?? ""
        return Int(argument.prefix { $0 != "." })
    }

    /// A theme's "Why?" acts while its slot is the current, open one; a micro-practice's Answer while
    /// its question is open: both depend on the day, so they are judged at the moment of the press. Nil for other buttons.
    func dayBoundStale(_ data: String, _ before: Snapshot, at now: Date) -> Bool? {
        guard data.hasPrefix("p:wt:") || data.hasPrefix("p:ra:") else { return nil }
        guard let content, let progress = before.progress, let zone = before.record?.timeZone else { return true }
        if data.hasPrefix("p:wt:") {
            return Self.themeSlot(in: data).flatMap { content.openTheme(slot: $0, progress: progress, now: now, zone: zone) } == nil
        }
        return content.openMicro(String(data.dropFirst(5)), progress: progress, now: now, zone: zone,
                                 locale: before.record?.locale ?? language) == nil
    }

    /// /settings' own buttons (the bot's OpenQuestion.settings).
    static func isSettings(_ data: String) -> Bool {
        ["s:tz", "s:t", "s:q", "p:st", "p:rr"].contains(data) || data.hasPrefix("p:sp:") || data.hasPrefix("au:m:")
    }

    /// The step at which each message first showed, and the last step at which the user moved on.
    var shownAt: [Int: Int] = [:]
    var movedOnAt = -1
    var stepIndex = 0

    /// Button data of the messages as last seen, by message id.
    var seenMessages: [(Int, [String])] = []
    /// Every (message, button) pair ever shown, removed keyboards included.
    var everShown: [(messageID: Int, data: String)] = []
    private var everShownKeys: Set<String> = []

    /// The held photo (`ph:r:TASK:…`, `ph:k:TASK`) or album (`ph:ra:FIRST:LAST`, `ph:ka:…`) an
    /// offer's button decides, nil for other buttons.
    static func heldPhotos(named data: String) -> String? {
        let parts = data.split(separator: ":").map(String.init)
        guard parts.count >= 3, parts[0] == "ph" else { return nil }
        switch parts[1] {
        case "r", "k": return parts[2]
        case "ra", "ka": return parts.count >= 4 ? "\(parts[2])-\(parts[3])" : nil
        default: return nil
        }
    }

    static func family(of data: String) -> String {
        String(data.prefix { $0 != ":" })
    }

    /// Buttons that only open what is current, whichever message they sit on.
    static func isNavigation(_ data: String) -> Bool {
        data == "p:k" || data == "p:r"
    }

    /// The chat as the user saw it, their own messages included, for reading a finding.
    private func writeTranscript(to file: URL) async throws {
        let lines = await bot.emulator.transcript(in: user.chatID).map { message in
            let buttons = message.buttons.flatMap { $0 }.map { "[\($0.text)|\($0.callbackData ?? "")]" }.joined(separator: " ")
            return "#\(message.messageID) \(message.isFromBot ? "BOT" : "USER")\(message.isEdited ? " (edited)" : ""): "
                + (message.text ?? message.caption ?? "<\(message.kind.rawValue)>") + (buttons.isEmpty ? "" : "\n    " + buttons)
        }
        try lines.joined(separator: "\n").write(to: file, atomically: true, encoding: .utf8)
    }

    /// Yes/no questions put beside the practice (start over?, undo the skip?): the practice's own
    /// buttons stay current while one is open.
    static func isAside(_ data: String) -> Bool {
        data == "p:y" || data == "p:x" || data == "p:us"
    }

    static func decodeProgress(_ text: String) -> UserProgress? {
        try? JSONDecoder().decode(UserProgress.self, from: Data(text.utf8))
    }
}

/// The user's stored state around one step.
struct Snapshot: Sendable {
    var record: UserRecord?
    var progress: UserProgress?
    var photoIDs: [Int64]

    static func take(bot: WalkBot, userID: Int64) async throws -> Snapshot {
        let record = try await bot.runtime.database.user(userID)
        let photoDiary = try await bot.runtime.database.photoDiary(of: userID)
        return Snapshot(record: record, progress: record?.progress.flatMap(JourneyWalk.decodeProgress),
                        photoIDs: photoDiary.photos.map(\.id))
    }
}

/// Everything one step changed, for the checks.
struct StepContext {
    var index: Int
    var action: WalkAction
    var before: Snapshot
    var after: Snapshot
    var new: [BotMessage]
    var edited: [BotMessage]
    var requests: [RecordedRequest]
    var callbackAnswers: [CallbackAnswer]?
    var settled: Bool
    /// The bot's clock when the user acted, and once the bot had settled.
    var actedAt: Date?
    var settledAt: Date?
    /// For a press: whether the pressed message showed that button (nil: a message without the bot's keyboard).
    var keyboardShows: Bool?
    /// Edited messages whose text changed (not only their buttons).
    var rewrittenIDs: Set<Int> = []
    /// For a press: the button was shown on the bot's latest message (and the user had not blocked the bot).
    var pressedLatest = false
    /// For a press on a step's or theme's button: a newer message shows buttons of the same page.
    var pressedOlderCopy = false

    var replies: [BotMessage] { new + edited }
}

extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
