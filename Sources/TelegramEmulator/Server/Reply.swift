import Foundation

/// A successful Bot API result, encoded outside the state actor so the actor stays short.
enum Reply: Sendable {
    case message(BotAPI.Message)
    case messages([BotAPI.Message])
    case bool(Bool)
    case user(BotAPI.User)
    case file(BotAPI.File)
    case webhookInfo(BotAPI.WebhookInfo)
    case commands([BotAPI.BotCommand])
    case updates([UpdateQueue.Pending])

    /// `{"ok":true,"result":…}`
    func body() -> Data {
        var data = Data(#"{"ok":true,"result":"#.utf8)
        data.append(result())
        data.append(UInt8(ascii: "}"))
        return data
    }

    private func result() -> Data {
        let encoder = BotAPI.encoder
        let encoded: Data?
        switch self {
        case .message(let message): encoded = try? encoder.encode(message)
        case .messages(let messages): encoded = try? encoder.encode(messages)
        case .bool(let value): encoded = Data((value ? "true" : "false").utf8)
        case .user(let user): encoded = try? encoder.encode(user)
        case .file(let file): encoded = try? encoder.encode(file)
        case .webhookInfo(let info): encoded = try? encoder.encode(info)
        case .commands(let commands): encoded = try? encoder.encode(commands)
        case .updates(let updates):
            var data = Data("[".utf8)
            for (index, update) in updates.enumerated() {
                if index > 0 { data.append(UInt8(ascii: ",")) }
                data.append(update.json)
            }
            data.append(UInt8(ascii: "]"))
            encoded = data
        }
        return encoded ?? Data("null".utf8)
    }
}
