import Foundation

/// One parameter the emulator understands, typed with Telegram's own type names (as they appear
/// in the published API description) so a test can compare the two.
package struct ParameterSpec: Sendable, Hashable {
    package var name: String
    /// Telegram type names: "Integer", "String", "Boolean", "Float", "InputFile", or an object
    /// type such as "InlineKeyboardMarkup" / "Array of BotCommand" (sent JSON-serialized).
    var types: [String]
    var required: Bool

    /// How the emulator reads the parameter's text.
    enum Kind { case integer, string, boolean, float, fileOrString, integerOrString, json }

    var kind: Kind {
        if types.contains("InputFile") { return .fileOrString }
        if types == ["Integer", "String"] { return .integerOrString }
        switch types.first {
        case "Integer": return .integer
        case "String": return .string
        case "Boolean": return .boolean
        case "Float": return .float
        default: return .json
        }
    }
}

/// One Bot API method the emulator implements.
struct MethodSpec: Sendable, Hashable {
    var name: String
    var parameters: [ParameterSpec]

    func parameter(_ name: String) -> ParameterSpec? {
        parameters.first { $0.name == name }
    }
}

/// The methods and parameters the emulator accepts, as data: the dispatcher reads it to type-check
/// requests and the conformance test compares it with Telegram's published API description.
enum MethodTable {
    private static func p(_ name: String, _ types: [String], required: Bool = false) -> ParameterSpec {
        ParameterSpec(name: name, types: types, required: required)
    }

    private static let chatID = p("chat_id", ["Integer", "String"], required: true)
    private static let anyMarkup = p("reply_markup", [
        "InlineKeyboardMarkup", "ReplyKeyboardMarkup", "ReplyKeyboardRemove", "ForceReply",
    ])
    private static let inlineMarkup = p("reply_markup", ["InlineKeyboardMarkup"])
    private static let parseMode = p("parse_mode", ["String"])
    /// Accepted and ignored: they change nothing a test can observe in the emulator.
    private static let delivery = [
        p("disable_notification", ["Boolean"]), p("protect_content", ["Boolean"]),
        p("message_thread_id", ["Integer"]), p("reply_parameters", ["ReplyParameters"]),
        p("allow_paid_broadcast", ["Boolean"]), p("message_effect_id", ["String"]),
    ]
    private static let captioned = [
        p("caption", ["String"]), parseMode, p("caption_entities", ["Array of MessageEntity"]), anyMarkup,
    ]
    private static let scope = p("scope", ["BotCommandScope"])
    private static let languageCode = p("language_code", ["String"])

    static let methods: [MethodSpec] = [
        MethodSpec(name: "getMe", parameters: []),
        MethodSpec(name: "getUpdates", parameters: [
            p("offset", ["Integer"]), p("limit", ["Integer"]), p("timeout", ["Integer"]),
            p("allowed_updates", ["Array of String"]),
        ]),
        MethodSpec(name: "setWebhook", parameters: [
            p("url", ["String"], required: true), p("max_connections", ["Integer"]),
            p("allowed_updates", ["Array of String"]), p("drop_pending_updates", ["Boolean"]),
            p("secret_token", ["String"]), p("ip_address", ["String"]),
        ]),
        MethodSpec(name: "deleteWebhook", parameters: [p("drop_pending_updates", ["Boolean"])]),
        MethodSpec(name: "getWebhookInfo", parameters: []),
        MethodSpec(name: "sendMessage", parameters: [
            chatID, p("text", ["String"], required: true), parseMode, p("entities", ["Array of MessageEntity"]),
            p("link_preview_options", ["LinkPreviewOptions"]), anyMarkup,
        ] + delivery),
        MethodSpec(name: "editMessageText", parameters: [
            p("chat_id", ["Integer", "String"]), p("message_id", ["Integer"]), p("inline_message_id", ["String"]),
            // Optional since Bot API 10 (rich_message may replace it); the emulator still needs it
            // and answers "message text is empty" without it.
            p("text", ["String"]), parseMode, p("entities", ["Array of MessageEntity"]),
            p("link_preview_options", ["LinkPreviewOptions"]), inlineMarkup,
        ]),
        MethodSpec(name: "editMessageReplyMarkup", parameters: [
            p("chat_id", ["Integer", "String"]), p("message_id", ["Integer"]), p("inline_message_id", ["String"]),
            inlineMarkup,
        ]),
        MethodSpec(name: "deleteMessage", parameters: [chatID, p("message_id", ["Integer"], required: true)]),
        MethodSpec(name: "answerCallbackQuery", parameters: [
            p("callback_query_id", ["String"], required: true), p("text", ["String"]),
            p("show_alert", ["Boolean"]), p("url", ["String"]), p("cache_time", ["Integer"]),
        ]),
        MethodSpec(name: "sendPhoto", parameters: [
            chatID, p("photo", ["InputFile", "String"], required: true), p("has_spoiler", ["Boolean"]),
            p("show_caption_above_media", ["Boolean"]),
        ] + captioned + delivery),
        MethodSpec(name: "sendDocument", parameters: [
            chatID, p("document", ["InputFile", "String"], required: true),
            p("disable_content_type_detection", ["Boolean"]),
        ] + captioned + delivery),
        MethodSpec(name: "sendAudio", parameters: [
            chatID, p("audio", ["InputFile", "String"], required: true), p("duration", ["Integer"]),
            p("performer", ["String"]), p("title", ["String"]),
        ] + captioned + delivery),
        MethodSpec(name: "sendVoice", parameters: [
            chatID, p("voice", ["InputFile", "String"], required: true), p("duration", ["Integer"]),
        ] + captioned + delivery),
        MethodSpec(name: "sendMediaGroup", parameters: [
            chatID,
            p("media", ["Array of InputMediaAudio", "Array of InputMediaDocument", "Array of InputMediaPhoto"],
              required: true),
        ] + delivery),
        MethodSpec(name: "sendChatAction", parameters: [
            chatID, p("action", ["String"], required: true), p("message_thread_id", ["Integer"]),
        ]),
        MethodSpec(name: "setMyCommands", parameters: [
            p("commands", ["Array of BotCommand"], required: true), scope, languageCode,
        ]),
        MethodSpec(name: "getMyCommands", parameters: [scope, languageCode]),
        MethodSpec(name: "deleteMyCommands", parameters: [scope, languageCode]),
        MethodSpec(name: "getFile", parameters: [p("file_id", ["String"], required: true)]),
    ]

    /// Method names are case-insensitive in the Bot API.
    static let byLowercasedName: [String: MethodSpec] = Dictionary(
        uniqueKeysWithValues: methods.map { ($0.name.lowercased(), $0) })

    /// The object types (names in Telegram's API description) the emulator puts in its replies
    /// and updates, for the conformance test.
    static let returnedTypes: [String] = [
        "Update", "Message", "User", "Chat", "MessageEntity", "PhotoSize", "Document", "Audio", "Voice",
        "CallbackQuery", "File", "WebhookInfo", "BotCommand", "ChatMemberUpdated",
    ]
}
