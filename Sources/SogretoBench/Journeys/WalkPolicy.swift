import Foundation
import TelegramEmulator

/// How the walking user chooses what to do next: mostly forward through the journey (the newest
/// buttons, answers when asked, waiting for the next stage), often off the path (old buttons,
/// typed times and cities, commands, photos, long absences).
struct WalkPolicy {
    var language: String
    var commands: [String]
    /// 0…1: how much this user keeps to the path (careful users reach the manifesto, others wander).
    var diligence: Double = 0.5

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
            ("minutes", 7), ("reminder", 12), ("days", 3), ("other", 2), ("block", 1),
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
        let answers = ["p:c:", "p:ns:", "p:w:", "p:t:", "s:", "au:"]
        if data == "p:y" || data == "p:rr" { return 0.3 }
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

    /// Slash commands the walk types: the bot's menu and the ones it handles beyond it.
    static func commands(menu: [String], kitCodes: [String]) -> [String] {
        let known = ["/start", "/help", "/status", "/settings", "/pause", "/resume", "/skipweek", "/stop", "/reset",
                     "/contact", "/collage", "/timeline", "/diary", "/photos", "/continue", "/frobnicate"]
        var all = known
        for command in menu.map({ "/" + $0 }) where !all.contains(command) { all.append(command) }
        return all + kitCodes.map { "/start " + $0 }
    }
}
