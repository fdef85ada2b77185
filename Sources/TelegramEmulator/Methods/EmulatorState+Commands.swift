import Foundation

extension EmulatorState {
    static let maxCommands = 100

    func setMyCommands(_ arguments: MethodArguments) throws(APIFailure) -> Reply {
        guard let text = arguments.text("commands"), let list = JSONValue.parse(text)?.arrayValue else {
            throw .badRequest("can't parse commands JSON object")
        }
        guard list.count <= Self.maxCommands else { throw .badRequest("too many commands specified") }
        var parsed: [BotAPI.BotCommand] = []
        for entry in list {
            guard let command = entry["command"]?.stringValue, let description = entry["description"]?.stringValue else {
                throw .badRequest("can't parse BotCommand: Field \"command\" must be of type String")
            }
            let name = command.hasPrefix("/") ? String(command.dropFirst()) : command
            let valid = (1...32).contains(name.count)
                && name.allSatisfy { ($0.isASCII && ($0.isLowercase || $0.isNumber)) || $0 == "_" }
            guard valid else { throw .badRequest("BOT_COMMAND_INVALID") }
            guard (1...256).contains(description.count) else { throw .badRequest("BOT_COMMAND_DESCRIPTION_INVALID") }
            parsed.append(.init(command: name, description: description))
        }
        let key = try commandKey(arguments)
        commands[key] = parsed.isEmpty ? nil : parsed
        return .bool(true)
    }

    func getMyCommands(_ arguments: MethodArguments) throws(APIFailure) -> Reply {
        .commands(commands[try commandKey(arguments)] ?? [])
    }

    func deleteMyCommands(_ arguments: MethodArguments) throws(APIFailure) -> Reply {
        commands[try commandKey(arguments)] = nil
        return .bool(true)
    }

    private func commandKey(_ arguments: MethodArguments) throws(APIFailure) -> CommandKey {
        let language = arguments.text("language_code") ?? ""
        guard language.isEmpty || (language.count == 2 && language.allSatisfy { $0.isASCII && $0.isLetter }) else {
            throw .badRequest("invalid language code specified")
        }
        return CommandKey(scope: try scopeKey(arguments.text("scope")), languageCode: language.lowercased())
    }

    /// A canonical name for a BotCommandScope: "default", "all_private_chats", "chat:ID", …
    private func scopeKey(_ text: String?) throws(APIFailure) -> String {
        guard let text, !text.isEmpty else { return "default" }
        guard let scope = JSONValue.parse(text), let type = scope["type"]?.stringValue else {
            throw .badRequest("can't parse BotCommandScope JSON object")
        }
        switch type {
        case "default", "all_private_chats", "all_group_chats", "all_chat_administrators":
            return type
        case "chat", "chat_administrators":
            guard let chatID = scope["chat_id"]?.int64Value else { throw .badRequest("chat_id is empty") }
            guard chats[chatID] != nil else { throw .chatNotFound }
            return "\(type):\(chatID)"
        case "chat_member":
            guard let chatID = scope["chat_id"]?.int64Value, let userID = scope["user_id"]?.int64Value else {
                throw .badRequest("chat_id is empty")
            }
            guard chats[chatID] != nil else { throw .chatNotFound }
            return "chat_member:\(chatID):\(userID)"
        default:
            throw .badRequest("unsupported scope type \"\(type)\"")
        }
    }

    /// The command menu a user in a private chat sees, resolved like Telegram: the chat's own
    /// scope, then all private chats, then default; each first in the user's language, then
    /// without a language.
    func visibleCommands(languageCode: String?, chatID: Int64?) -> [BotAPI.BotCommand] {
        var scopes: [String] = []
        if let chatID { scopes.append("chat:\(chatID)") }
        scopes += ["all_private_chats", "default"]
        let languages = [languageCode?.lowercased() ?? "", ""]
        for scope in scopes {
            for language in languages {
                if let list = commands[CommandKey(scope: scope, languageCode: language)] { return list }
            }
        }
        return []
    }
}
