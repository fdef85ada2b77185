import Foundation

/// Message text after entity parsing: what the user sees plus its formatting, with offsets and
/// lengths in UTF-16 code units as Telegram counts them.
struct FormattedText: Sendable, Equatable {
    var text: String
    var entities: [BotAPI.MessageEntity]

    var utf16Length: Int { text.utf16.count }

    /// Removes leading and trailing white space the way Telegram does before it stores a message,
    /// moving and clipping entities to the text that is left.
    func trimmed() -> FormattedText {
        let units = Array(text.utf16)
        var start = 0
        var end = units.count
        while start < end, Self.isWhitespace(units[start]) { start += 1 }
        while end > start, Self.isWhitespace(units[end - 1]) { end -= 1 }
        if start == 0 && end == units.count { return self }
        let newText = String(decoding: units[start..<end], as: UTF16.self)
        let newEntities = entities.compactMap { entity -> BotAPI.MessageEntity? in
            let lower = max(entity.offset, start)
            let upper = min(entity.offset + entity.length, end)
            guard upper > lower else { return nil }
            var moved = entity
            moved.offset = lower - start
            moved.length = upper - lower
            return moved
        }
        return FormattedText(text: newText, entities: newEntities)
    }

    private static func isWhitespace(_ unit: UInt16) -> Bool {
        unit == 0x20 || unit == 0x0A || unit == 0x0D || unit == 0x09 || unit == 0xA0
    }

    /// A user's own text as Telegram delivers it to a bot: a leading `/command` (optionally
    /// `/command@bot`) becomes a `bot_command` entity.
    static func userText(_ text: String) -> FormattedText {
        guard text.hasPrefix("/") else { return FormattedText(text: text, entities: []) }
        let commandEnd = text.firstIndex(where: { $0 == " " || $0 == "\n" }) ?? text.endIndex
        let command = text[text.startIndex..<commandEnd]
        guard command.count > 1 else { return FormattedText(text: text, entities: []) }
        let length = command.utf16.count
        return FormattedText(text: text, entities: [.init(type: "bot_command", offset: 0, length: length)])
    }
}
