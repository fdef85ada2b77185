import Foundation
import Program
import TelegramEmulator

/// How the walking user chooses what to do next: mostly forward through the journey (the newest
/// buttons, answers when asked, waiting for the next stage), often off the path (old buttons,
/// typed times and cities, commands, photos, long absences).
struct WalkPolicy {
    var language: String
    var commands: [String]
    /// 0…1: how much this user keeps to the path (careful users reach the manifesto, others wander).
    var diligence: Double = 0.5
    /// Button data no message showed in this form: other steps' and days' "Why?" and Answer,
    /// branch answers, unknown ids (a forged or very old client).
    var forged: [String] = []

    /// What the user can see and what the walk knows, for one choice.
    struct View {
        var messages: [BotMessage]
        var blocked: Bool
        var awaitingText: Bool
        /// The reminder of the last wait, whose Continue promise is to be tried.
        var reminder: BotMessage?
        /// Every button ever shown, by message: a slow client may still show a removed keyboard.
        var everShown: [(messageID: Int, data: String)] = []
    }

    func next(_ view: View, random: inout WalkRandom) -> WalkAction {
        if view.blocked {
            return random.chance(0.5) ? .unblock : .wait(Double(Int.random(in: 1...48, using: &random)) * 3_600)
        }
        if let reminder = view.reminder, random.chance(0.7) {
            let button = reminder.buttons.flatMap { $0 }.first { $0.callbackData == "p:k" }
            if let button, random.chance(0.7) {
                return .press(messageID: reminder.messageID, data: button.callbackData ?? "p:k", stale: false)
            }
            return .command("/continue")
        }
        if view.awaitingText, random.chance(0.6) { return .text(random.pick(answers) ?? "ok") }
        let kind = random.weighted([
            ("forward", 20 + 70 * diligence), ("anyButton", 9), ("answer", 5), ("typed", 7), ("command", 12), ("photo", 5),
            ("minutes", 7), ("reminder", 12), ("days", 3), ("other", 2), ("block", 1), ("forged", forged.isEmpty ? 0 : 3),
        ])
        switch kind {
        case "forward":
            if let action = forward(view.messages, random: &random) { return action }
            return .wait(Double(Int.random(in: 6...30, using: &random)) * 3_600)
        case "anyButton":
            if random.chance(0.3), let (id, data) = random.pick(view.everShown) {
                return .press(messageID: id, data: data, stale: false)
            }
            if let action = anyButton(view.messages, random: &random) { return action }
            return .command(random.pick(commands) ?? "/help")
        case "answer": return .text(random.pick(answers) ?? "ok")
        case "typed": return .text(random.pick(typed) ?? "9:30")
        case "command": return .command(random.pick(commands) ?? "/status")
        case "photo": return .photo(seed: random.next())
        case "minutes": return .wait(Double(Int.random(in: 2...240, using: &random)) * 60)
        case "reminder": return .wait(Double(Int.random(in: 12...30, using: &random)) * 3_600)
        case "days": return .wait(Double(Int.random(in: 1...4, using: &random)) * 86_400)
        case "other": return .other(random.pick(others) ?? .sticker(emoji: "🌱"))
        case "forged":
            // Telegram sends presses only from the bot's own messages: the newest keyboard, or any
            // text message of the bot (one whose keyboard the bot no longer remembers lets the program judge).
            let texts = view.messages.filter { $0.kind == .text }
            let target = random.chance(0.5) ? view.messages.last { !$0.buttons.isEmpty } : random.pick(texts)
            guard let target else { return .command("/continue") }
            return .press(messageID: target.messageID, data: random.pick(forged) ?? "p:wy:nowhere.0", stale: false)
        default: return .block
        }
    }

    /// A button of the newest message that has buttons, forward ones preferred.
    private func forward(_ messages: [BotMessage], random: inout WalkRandom) -> WalkAction? {
        guard let newest = messages.last(where: { !$0.buttons.isEmpty }) else { return nil }
        let buttons = newest.buttons.flatMap { $0 }.compactMap(\.callbackData)
        guard !buttons.isEmpty else { return nil }
        let data = random.weighted(buttons.map { ($0, Self.forwardWeight($0)) })
        return .press(messageID: newest.messageID, data: data, stale: false)
    }

    /// Any button on any message still showing it, old ones included.
    private func anyButton(_ messages: [BotMessage], random: inout WalkRandom) -> WalkAction? {
        let all = messages.flatMap { message in
            message.buttons.flatMap { $0 }.compactMap(\.callbackData).map { (message.messageID, $0) }
        }
        guard let (id, data) = random.pick(all) else { return nil }
        return .press(messageID: id, data: data, stale: false)
    }

    static func forwardWeight(_ data: String) -> Double {
        let onward = ["p:n:", "p:k", "p:h:", "p:tx", "p:td", "p:nx", "p:r"]
        let answers = ["p:c:", "p:ns:", "p:w:", "p:t:", "s:", "au:", "p:wy:", "p:wt:"]
        if data.hasPrefix("p:ra:") { return 6 }
        if data == "p:rr" { return 0.3 }
        // Starting over (and switching kits) keeps the journey left behind: often enough to check it.
        if data == "p:y" { return 0.6 }
        if data.hasPrefix("adm:") { return 0 }
        if onward.contains(where: { data.hasPrefix($0) }) { return 8 }
        return answers.contains { data.hasPrefix($0) } ? 2 : 1
    }

    private var answers: [String] {
        language == "ru"
            ? ["Тишину по утрам & <свет>", "Спокойно, немного устала", "Корни закручиваются спиралью", "Себя, за утренний полив", "Ждать без тревоги"]
            : ["Quiet mornings & <light>", "Calm, a little tired", "The roots curl into spirals", "Myself, for the watering", "Waiting without worry"]
    }

    private var typed: [String] {
        let common = ["9:30", "09.30", "9", "21:00", "07:05", "25:99", "GMT+5:30", "UTC-3", "+5", "Europe/Berlin",
                      "Asia/Almaty", "{name}", "…", "/", "🙂"]
        return common + (language == "ru"
            ? ["Лиссабон", "Москва", "Екатеринбург", "Новосибирск", "Лос-Анджелес", "Атлантида", "в 9 утра", "да", "что дальше?"]
            : ["Lisbon", "Los Angeles", "London", "Tokyo", "New York", "Atlantis", "9 am", "yes", "what now?"])
    }

    private var others: [SimulatedContent] {
        [.sticker(emoji: "🌱"), .voice(duration: 4), .location(latitude: 38.72, longitude: -9.14),
         .contact(phoneNumber: "+10000000000", firstName: "Friend"), .dice(emoji: "🎲")]
    }

    /// Every step's and theme slot's "Why?", every micro-practice's Answer and every branch
    /// answer of both programs, plus a few that name nothing.
    static func forgedPresses(_ content: WalkContent) -> [String] {
        var all = ["p:wy:nowhere.0", "p:wt:99", "p:ra:nowhere", "p:ra:", "p:wy:sprouts.-1", "p:wt:x"]
        for program in content.catalog.programs {
            for stage in program.stages {
                for (index, step) in stage.steps.enumerated() {
                    all.append("p:wy:\(stage.id).\(index)")
                    if step.kind == .choice {
                        all += (program.choices[step.id] ?? []).map { "p:c:\(stage.id).\(index).\($0)" }
                    }
                }
            }
            all += program.micro.map { "p:ra:\($0.id)" }
            all += (0..<(program.themes?.paces.values.map(\.count).max() ?? 7)).map { "p:wt:\($0)" }
        }
        return all
    }

    /// Slash commands the walk types: the bot's menu and the ones it handles beyond it.
    static func commands(menu: [String], kitCodes: [String]) -> [String] {
        let known = ["/start", "/help", "/status", "/settings", "/pause", "/resume", "/skipweek", "/stop", "/reset",
                     "/contact", "/collage", "/timeline", "/diary", "/photos", "/continue", "/frobnicate"]
        var all = known
        for command in menu.map({ "/" + $0 }) where !all.contains(command) { all.append(command) }
        return all + kitCodes.map { "/start " + $0 }
    }
}
