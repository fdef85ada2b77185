import Foundation

/// Applies `parse_mode` (or explicit `entities`) to a text or caption and enforces Telegram's
/// length limits, which count UTF-16 units of the text left after parsing.
struct TextFormatting {
    static let maxTextLength = 4096
    static let maxCaptionLength = 1024

    var htmlParser: HTMLEntityParser

    func format(_ raw: String, parseMode: String?, entitiesJSON: String?) throws(APIFailure) -> FormattedText {
        let formatted: FormattedText
        switch parseMode?.lowercased() ?? "" {
        case "":
            formatted = FormattedText(text: raw, entities: try Self.explicitEntities(entitiesJSON, text: raw))
        case "html":
            switch htmlParser.parse(raw) {
            case .success(let parsed): formatted = parsed
            case .failure(let error): throw .entities(error)
            }
        case "markdown", "markdownv2":
            throw .badRequest("unsupported parse_mode \"\(parseMode ?? "")\": the emulator implements HTML only")
        default:
            throw .badRequest("unsupported parse_mode")
        }
        return formatted.trimmed()
    }

    func messageText(_ raw: String?, parseMode: String?, entitiesJSON: String?) throws(APIFailure) -> FormattedText {
        guard let raw, !raw.isEmpty else { throw .badRequest("message text is empty") }
        let formatted = try format(raw, parseMode: parseMode, entitiesJSON: entitiesJSON)
        if formatted.text.isEmpty { throw .badRequest("message text is empty") }
        if formatted.utf16Length > Self.maxTextLength { throw .badRequest("message is too long") }
        return formatted
    }

    func caption(_ raw: String?, parseMode: String?, entitiesJSON: String?) throws(APIFailure) -> FormattedText? {
        guard let raw, !raw.isEmpty else { return nil }
        let formatted = try format(raw, parseMode: parseMode, entitiesJSON: entitiesJSON)
        if formatted.utf16Length > Self.maxCaptionLength { throw .badRequest("message caption is too long") }
        return formatted.text.isEmpty ? nil : formatted
    }

    private static func explicitEntities(_ json: String?, text: String) throws(APIFailure) -> [BotAPI.MessageEntity] {
        guard let json, !json.isEmpty else { return [] }
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        guard let entities = try? decoder.decode([BotAPI.MessageEntity].self, from: Data(json.utf8)) else {
            throw .badRequest("can't parse entities JSON object")
        }
        let length = text.utf16.count
        for entity in entities where entity.offset < 0 || entity.length <= 0 || entity.offset + entity.length > length {
            throw .badRequest("can't parse entities: entity ends after the end of the text")
        }
        return entities
    }
}
