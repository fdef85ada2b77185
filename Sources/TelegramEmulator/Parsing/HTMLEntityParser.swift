import Foundation

/// Telegram's HTML parse mode: turns `<b>bold</b> &amp; more` into plain text plus entities, and
/// rejects what Telegram rejects with Telegram's own sentences ("Unsupported start tag …",
/// "Can't find end tag corresponding to start tag …"). Errors carry byte offsets into the UTF-8
/// source like Telegram's; entities carry UTF-16 offsets like Telegram's.
struct HTMLEntityParser {
    /// Real Telegram keeps an `&` that starts no entity as a literal character; the emulator
    /// refuses it by default because Telegram's documentation says it must be escaped, and a bot
    /// that forgets to escape user text should learn it here rather than from a user named "<3".
    var rejectsBareAmpersand: Bool = true

    private struct OpenTag {
        var name: String
        var entityType: String?
        var startOffset: Int
        var url: String?
        var language: String?
        var customEmojiID: String?
    }

    func parse(_ html: String) -> Result<FormattedText, EntityParseError> {
        let bytes = Array(html.utf8)
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var utf16Offset = 0
        var stack: [OpenTag] = []
        var entities: [BotAPI.MessageEntity] = []
        var index = 0

        func append(_ byte: UInt8) {
            output.append(byte)
            if byte < 0x80 || byte >= 0xC0 { utf16Offset += byte >= 0xF0 ? 2 : 1 }
        }

        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "&") {
                if let (scalar, length) = Self.decodeEntity(bytes, at: index) {
                    for unit in String(Character(scalar)).utf8 { append(unit) }
                    index += length
                    continue
                }
                if rejectsBareAmpersand {
                    return .failure(.init("Character \"&\" at byte offset \(index) must be escaped as &amp;"))
                }
                append(byte)
                index += 1
            } else if byte == UInt8(ascii: "<") {
                if index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: "/") {
                    switch closeTag(bytes, at: index, stack: &stack, entities: &entities, utf16Offset: utf16Offset) {
                    case .success(let next): index = next
                    case .failure(let error): return .failure(error)
                    }
                } else {
                    switch openTag(bytes, at: index, stack: stack, utf16Offset: utf16Offset) {
                    case .success(let (tag, next)):
                        stack.append(tag)
                        index = next
                    case .failure(let error): return .failure(error)
                    }
                }
            } else {
                append(byte)
                index += 1
            }
        }
        if let unclosed = stack.last {
            return .failure(.init("Can't find end tag corresponding to start tag \"\(unclosed.name)\""))
        }
        entities.sort { ($0.offset, -$0.length) < ($1.offset, -$1.length) }
        return .success(FormattedText(text: String(decoding: output, as: UTF8.self), entities: entities))
    }

    // MARK: Tags

    private func openTag(
        _ bytes: [UInt8], at start: Int, stack: [OpenTag], utf16Offset: Int
    ) -> Result<(OpenTag, Int), EntityParseError> {
        var index = start + 1
        let name = Self.readName(bytes, at: &index).lowercased()
        guard Self.supportedTags.contains(name) else {
            return .failure(.init("Unsupported start tag \"\(name)\" at byte offset \(start)"))
        }
        var attributes: [String: String] = [:]
        while true {
            Self.skipSpaces(bytes, at: &index)
            guard index < bytes.count else {
                return .failure(.init("Unclosed start tag at byte offset \(start)"))
            }
            if bytes[index] == UInt8(ascii: ">") { index += 1; break }
            if bytes[index] == UInt8(ascii: "/"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: ">") {
                return .failure(.init("Unsupported self-closing tag \"\(name)\" at byte offset \(start)"))
            }
            let attributeStart = index
            let attribute = Self.readName(bytes, at: &index).lowercased()
            guard !attribute.isEmpty else {
                return .failure(.init("Empty attribute name in the tag \"\(name)\" at byte offset \(attributeStart)"))
            }
            Self.skipSpaces(bytes, at: &index)
            guard index < bytes.count, bytes[index] == UInt8(ascii: "=") else {
                attributes[attribute] = ""
                continue
            }
            index += 1
            Self.skipSpaces(bytes, at: &index)
            switch Self.readAttributeValue(bytes, at: &index) {
            case .some(let value): attributes[attribute] = value
            case .none: return .failure(.init("Unclosed start tag at byte offset \(start)"))
            }
        }
        return makeTag(name: name, attributes: attributes, stack: stack, at: start, utf16Offset: utf16Offset)
            .map { ($0, index) }
    }

    private func makeTag(
        name: String, attributes: [String: String], stack: [OpenTag], at start: Int, utf16Offset: Int
    ) -> Result<OpenTag, EntityParseError> {
        var tag = OpenTag(name: name, entityType: nil, startOffset: utf16Offset)
        switch name {
        case "b", "strong": tag.entityType = "bold"
        case "i", "em": tag.entityType = "italic"
        case "u", "ins": tag.entityType = "underline"
        case "s", "strike", "del": tag.entityType = "strikethrough"
        case "tg-spoiler": tag.entityType = "spoiler"
        case "span":
            guard attributes["class"] == "tg-spoiler" else {
                return .failure(.init("Tag \"span\" must have class \"tg-spoiler\" at byte offset \(start)"))
            }
            tag.entityType = "spoiler"
        case "a":
            if let href = attributes["href"], !href.isEmpty {
                tag.entityType = "text_link"
                tag.url = href
            }
        case "code":
            // `<pre><code class="language-x">` gives the pre block a language instead of a code entity.
            if let parent = stack.last, parent.name == "pre" {
                if let language = attributes["class"], language.hasPrefix("language-") {
                    tag.language = String(language.dropFirst("language-".count))
                }
            } else {
                tag.entityType = "code"
            }
        case "pre": tag.entityType = "pre"
        case "blockquote": tag.entityType = attributes["expandable"] != nil ? "expandable_blockquote" : "blockquote"
        case "tg-emoji":
            guard let id = attributes["emoji-id"], !id.isEmpty else {
                return .failure(.init("Custom emoji tag must have \"emoji-id\" attribute at byte offset \(start)"))
            }
            tag.entityType = "custom_emoji"
            tag.customEmojiID = id
        default: break
        }
        return .success(tag)
    }

    private func closeTag(
        _ bytes: [UInt8], at start: Int, stack: inout [OpenTag], entities: inout [BotAPI.MessageEntity],
        utf16Offset: Int
    ) -> Result<Int, EntityParseError> {
        var index = start + 2
        let name = Self.readName(bytes, at: &index).lowercased()
        Self.skipSpaces(bytes, at: &index)
        guard index < bytes.count, bytes[index] == UInt8(ascii: ">") else {
            return .failure(.init("Unclosed end tag at byte offset \(start)"))
        }
        guard let open = stack.popLast() else {
            return .failure(.init("Unexpected end tag at byte offset \(start)"))
        }
        guard open.name == name else {
            return .failure(.init(
                "Unmatched end tag at byte offset \(start), expected \"</\(open.name)>\", found \"</\(name)>\""))
        }
        if let language = open.language, let preIndex = stack.indices.last, stack[preIndex].name == "pre" {
            stack[preIndex].language = language
        }
        let length = utf16Offset - open.startOffset
        if let type = open.entityType, length > 0 {
            entities.append(.init(
                type: type, offset: open.startOffset, length: length, url: open.url,
                language: open.language, customEmojiId: open.customEmojiID))
        }
        return .success(index + 1)
    }

    static let supportedTags: Set<String> = [
        "b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "span", "tg-spoiler",
        "a", "code", "pre", "blockquote", "tg-emoji",
    ]

    // MARK: Lexing

    private static func readName(_ bytes: [UInt8], at index: inout Int) -> String {
        let start = index
        while index < bytes.count {
            let byte = bytes[index]
            let isNameByte = (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A)
                || (byte >= 0x61 && byte <= 0x7A) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
            guard isNameByte else { break }
            index += 1
        }
        return String(decoding: bytes[start..<index], as: UTF8.self)
    }

    private static func skipSpaces(_ bytes: [UInt8], at index: inout Int) {
        while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
    }

    /// A quoted or bare attribute value with its entities decoded; nil when the quote never closes.
    private static func readAttributeValue(_ bytes: [UInt8], at index: inout Int) -> String? {
        guard index < bytes.count else { return nil }
        let quote = bytes[index]
        var raw: [UInt8] = []
        if quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") {
            index += 1
            while index < bytes.count, bytes[index] != quote { raw.append(bytes[index]); index += 1 }
            guard index < bytes.count else { return nil }
            index += 1
        } else {
            while index < bytes.count, ![0x20, 0x09, 0x0A, 0x0D, UInt8(ascii: ">")].contains(bytes[index]) {
                raw.append(bytes[index]); index += 1
            }
        }
        var decoded: [UInt8] = []
        var position = 0
        while position < raw.count {
            if raw[position] == UInt8(ascii: "&"), let (scalar, length) = decodeEntity(raw, at: position) {
                decoded.append(contentsOf: Array(String(Character(scalar)).utf8))
                position += length
            } else {
                decoded.append(raw[position]); position += 1
            }
        }
        return String(decoding: decoded, as: UTF8.self)
    }

    /// `&lt; &gt; &amp; &quot;` and numeric references (`&#128512;`, `&#x1F600;`), the entities
    /// Telegram documents; returns the character and how many bytes the reference spans.
    static func decodeEntity(_ bytes: [UInt8], at start: Int) -> (Unicode.Scalar, Int)? {
        var end = start + 1
        while end < bytes.count, end - start <= 12, bytes[end] != UInt8(ascii: ";") { end += 1 }
        guard end < bytes.count, bytes[end] == UInt8(ascii: ";"), end > start + 1 else { return nil }
        let body = String(decoding: bytes[(start + 1)..<end], as: UTF8.self)
        let length = end - start + 1
        switch body {
        case "lt": return ("<", length)
        case "gt": return (">", length)
        case "amp": return ("&", length)
        case "quot": return ("\"", length)
        default: break
        }
        guard body.hasPrefix("#") else { return nil }
        let digits = body.dropFirst()
        let value: UInt32?
        if digits.hasPrefix("x") || digits.hasPrefix("X") {
            value = UInt32(digits.dropFirst(), radix: 16)
        } else {
            value = UInt32(digits, radix: 10)
        }
        guard let value, value != 0, let scalar = Unicode.Scalar(value) else { return nil }
        return (scalar, length)
    }
}
