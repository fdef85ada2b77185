package import Foundation

/// The emulator's parsers of what a bot sends, reachable from the fuzzer (same package only).
package enum ParserEntryPoints {
    /// Telegram's HTML parse mode on `html`; true when it parsed, false when refused with a sentence.
    package static func parseHTML(_ html: String, rejectsBareAmpersand: Bool) -> Bool {
        switch HTMLEntityParser(rejectsBareAmpersand: rejectsBareAmpersand).parse(html) {
        case .success(let text):
            _ = text
            return true
        case .failure:
            return false
        }
    }

    /// A Bot API request body of the given content type, read as the server reads it, then its
    /// `reply_markup`, `media` and `text` parameters as the methods read them; true when accepted.
    package static func parseRequest(contentType: String, body: Data) -> Bool {
        guard case .success(let parameters) = RequestParameters.parse(query: nil, contentType: contentType, body: body) else {
            return false
        }
        _ = try? ReplyMarkupParser.parse(parameters.text("reply_markup"))
        if let media = parameters.text("media") { _ = JSONValue.parse(media) }
        if let text = parameters.text("text") { _ = HTMLEntityParser().parse(text) }
        return true
    }
}
