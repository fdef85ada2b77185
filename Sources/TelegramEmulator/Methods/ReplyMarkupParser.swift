import Foundation

/// Validates `reply_markup` like Telegram: an inline keyboard is an array of button rows, each
/// button has text and exactly one action (`callback_data` of 1–64 bytes, or `url`), at most
/// 100 buttons. Reply keyboards, keyboard removal and force-reply are accepted but not echoed
/// (a Message only carries inline keyboards).
enum ReplyMarkupParser {
    static let maxButtons = 100
    static let maxCallbackDataBytes = 64

    static func parse(_ text: String?, inlineOnly: Bool = false) throws(APIFailure) -> BotAPI.InlineKeyboardMarkup? {
        guard let text, !text.isEmpty else { return nil }
        guard let object = JSONValue.parse(text)?.objectValue else {
            throw .badRequest("can't parse reply keyboard markup JSON object")
        }
        if let keyboard = object["inline_keyboard"] {
            return try inlineKeyboard(keyboard)
        }
        if inlineOnly { throw .badRequest("inline keyboard expected") }
        if let keyboard = object["keyboard"] {
            try replyKeyboard(keyboard)
            return nil
        }
        if object["remove_keyboard"] != nil || object["force_reply"] != nil { return nil }
        throw .badRequest("can't parse reply keyboard markup JSON object")
    }

    private static func inlineKeyboard(_ value: JSONValue) throws(APIFailure) -> BotAPI.InlineKeyboardMarkup {
        guard let rows = value.arrayValue, rows.allSatisfy({ $0.arrayValue != nil }) else {
            throw .badRequest("field \"inline_keyboard\" of the InlineKeyboardMarkup should be an Array of Arrays")
        }
        let total = rows.reduce(0) { $0 + ($1.arrayValue?.count ?? 0) }
        if total > maxButtons { throw .badRequest("REPLY_MARKUP_TOO_LONG") }
        var keyboard: [[BotAPI.InlineKeyboardButton]] = []
        for row in rows {
            var buttons: [BotAPI.InlineKeyboardButton] = []
            for button in row.arrayValue ?? [] { buttons.append(try inlineButton(button)) }
            keyboard.append(buttons)
        }
        return BotAPI.InlineKeyboardMarkup(inlineKeyboard: keyboard)
    }

    private static func inlineButton(_ value: JSONValue) throws(APIFailure) -> BotAPI.InlineKeyboardButton {
        guard let fields = value.objectValue else {
            throw .badRequest("can't parse inline keyboard button: InlineKeyboardButton must be an Object")
        }
        guard let text = fields["text"]?.stringValue else {
            throw .badRequest("can't parse inline keyboard button: Field \"text\" must be of type String")
        }
        let actions = ["url", "callback_data", "web_app", "login_url", "switch_inline_query",
                       "switch_inline_query_current_chat", "switch_inline_query_chosen_chat", "copy_text",
                       "callback_game", "pay"].filter { fields[$0] != nil }
        if actions.isEmpty {
            throw .badRequest("can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard")
        }
        if actions.count > 1 {
            throw .badRequest("can't parse inline keyboard button: exactly one of the optional fields must be used")
        }
        if text.isEmpty { throw .badRequest("BUTTON_TEXT_INVALID") }
        var button = BotAPI.InlineKeyboardButton(text: text)
        if let data = fields["callback_data"] {
            guard let string = data.stringValue else {
                throw .badRequest("can't parse inline keyboard button: Field \"callback_data\" must be of type String")
            }
            guard !string.isEmpty, string.utf8.count <= maxCallbackDataBytes else {
                throw .badRequest("BUTTON_DATA_INVALID")
            }
            button.callbackData = string
        } else if let url = fields["url"] {
            guard let string = url.stringValue, isValidURL(string) else {
                throw .badRequest("BUTTON_URL_INVALID")
            }
            button.url = string
        }
        return button
    }

    private static func isValidURL(_ text: String) -> Bool {
        let lowered = text.lowercased()
        guard lowered.hasPrefix("http://") || lowered.hasPrefix("https://") || lowered.hasPrefix("tg://") else {
            return false
        }
        return URL(string: text)?.host != nil || lowered.hasPrefix("tg://")
    }

    private static func replyKeyboard(_ value: JSONValue) throws(APIFailure) {
        guard let rows = value.arrayValue, rows.allSatisfy({ $0.arrayValue != nil }) else {
            throw .badRequest("field \"keyboard\" of the ReplyKeyboardMarkup should be an Array of Arrays")
        }
        for button in rows.flatMap({ $0.arrayValue ?? [] }) {
            let text = button.stringValue ?? button["text"]?.stringValue
            guard let text, !text.isEmpty else {
                throw .badRequest("can't parse keyboard button: Field \"text\" must be of type String")
            }
        }
    }
}
