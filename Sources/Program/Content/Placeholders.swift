/// `{name}`-style placeholders in content and UI strings.
///
/// Both functions scan UTF-8 bytes: braces are ASCII, and the scheduler fills every reminder
/// through here, where walking `Character`s (grapheme breaking) cost more than the rest of the
/// rendering.
enum Placeholders {
    private static let open = UInt8(ascii: "{")
    private static let close = UInt8(ascii: "}")

    /// Every `{…}` in the text, without braces, in order.
    static func names(in text: String) -> [String] {
        var names: [String] = []
        let bytes = text.utf8
        var nameStart: String.UTF8View.Index?
        var index = bytes.startIndex
        while index != bytes.endIndex {
            let byte = bytes[index]
            if byte == open {
                nameStart = bytes.index(after: index)
            } else if byte == close, let start = nameStart {
                names.append(String(decoding: bytes[start..<index], as: UTF8.self))
                nameStart = nil
            }
            index = bytes.index(after: index)
        }
        return names
    }

    /// Replaces each known `{name}` with its value; unknown ones are left as they are (content
    /// validation guarantees there are none in loaded content).
    static func fill(_ text: String, _ values: [String: String]) -> String {
        let bytes = text.utf8
        // Not `text.contains("{")`: with Foundation in the module that is its substring search.
        guard bytes.contains(open) else { return text }
        var result = ""
        result.reserveCapacity(bytes.count)
        var copied = bytes.startIndex
        var brace: String.UTF8View.Index?
        var index = bytes.startIndex
        while index != bytes.endIndex {
            let byte = bytes[index]
            if byte == open {
                // An earlier `{` without its `}` stays as written.
                brace = index
            } else if byte == close, let start = brace {
                let name = String(decoding: bytes[bytes.index(after: start)..<index], as: UTF8.self)
                if let value = values[name] {
                    result += String(decoding: bytes[copied..<start], as: UTF8.self)
                    result += value
                    copied = bytes.index(after: index)
                }
                brace = nil
            }
            index = bytes.index(after: index)
        }
        result += String(decoding: bytes[copied...], as: UTF8.self)
        return result
    }
}
